# SPDX-License-Identifier: MIT
# svnapot: 64 KiB NAPOT leaves (Privileged chapter 6): a level-0 PTE with
# N = 1 and ppn[0][3:0] = 1000 translates each 4 KiB page j of its 64 KiB
# range to ppn[0][3:0] = j, whichever of the 16 PTEs the walk reads; the
# reserved encodings (another ppn[0][3:0], N in a superpage leaf, N in a
# pointer) raise page faults.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define RW_AD (PTE_V | PTE_R | PTE_W | PTE_AD)

/* pt_l0[index] = NAPOT PTE over napot_region with ppn[0][3:0] = low. */
#define SET_NAPOT(index, low) \
  la t0, napot_region; PTE_OF(t0, RW_AD); li t6, ((low) << 10) | PTE_N; \
  or t0, t0, t6; la t1, pt_l0; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  # page j of napot_region starts with 0x100 + j
  la a0, napot_region; li a1, 0x100; li a2, 0x110
1:sd a1, 0(a0); li t0, 4096; add a0, a0, t0; addi a1, a1, 1; bne a1, a2, 1b

  VM_INIT
  # VA_PAGE(16..31): one 64 KiB range, all 16 PTEs the same NAPOT PTE
  li s2, 16
2:mv t3, s2; la t0, napot_region; PTE_OF(t0, RW_AD); li t6, (8 << 10) | PTE_N
  or t0, t0, t6; la t1, pt_l0; slli t3, t3, 3; add t1, t1, t3; sd t0, 0(t1)
  addi s2, s2, 1; li t0, 32; bne s2, t0, 2b
  # VA_PAGE(32..47): only the PTE of page 35 is valid
  SET_NAPOT(35, 8)
  # reserved encodings
  SET_NAPOT(48, 4)
  SET_NAPOT(49, 0)
  SET_PTE_PA(pt_l1, 2, 0x80000000, RW_AD | PTE_N | (8 << 10))
  SET_PTE(pt_l1, 3, pt_l0, PTE_V | PTE_N)
  sfence.vma

  ENTER_S
  TEST_LOAD_OK(2, VA_PAGE(16), 0x100)
  TEST_LOAD_OK(3, VA_PAGE(21), 0x105)
  TEST_LOAD_OK(4, VA_PAGE(31), 0x10f)
  # a store reaches page 2 of the region
  TEST_CASE(5, a0, 0x5a5a, li a1, VA_PAGE(18); li a2, 0x5a5a; sd a2, 16(a1); la a1, napot_region; li t0, 2 * 4096 + 16; add a1, a1, t0; ld a0, 0(a1))
  TEST_LOAD_OK(6, VA_PAGE(35), 0x103)
  TEST_LOAD_FAULT(7, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(48))
  TEST_STORE_FAULT(8, CAUSE_STORE_PAGE_FAULT, VA_PAGE(49))
  TEST_LOAD_FAULT(9, CAUSE_LOAD_PAGE_FAULT, VA_MEGA(2) + 0x1000)
  TEST_LOAD_FAULT(10, CAUSE_LOAD_PAGE_FAULT, VA_MEGA(3) + 0x10000)
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .text
  VM_CODE

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  VM_DATA
  .balign 65536
napot_region: .skip 65536
RVTEST_DATA_END
