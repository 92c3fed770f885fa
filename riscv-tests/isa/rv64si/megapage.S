# SPDX-License-Identifier: MIT
# megapage: 2 MiB leaves at level 1 (Privileged 4.4.1, 4.3.2 steps 4-6, 8):
# the page offset and VPN[0] pass through; a leaf whose PPN[0] is not zero
# is a misaligned superpage and raises a page fault of the access type.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

/* a0 = VA_MEGA(n) + (label - 0x8000_0000) (t0 clobbered) */
#define VA_IN_MEGA(reg, n, label) \
  la reg, label; li t0, 0x80000000; sub reg, reg, t0; li t0, VA_MEGA(n); add reg, reg, t0

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  # VA_MEGA(1) -> RAM base (aligned), VA_MEGA(2) -> RAM base + 4 KiB
  # (misaligned), VA_MEGA(3) -> RAM base, execute-only
  SET_PTE_PA(pt_l1, 1, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  SET_PTE_PA(pt_l1, 2, 0x80001000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  SET_PTE_PA(pt_l1, 3, 0x80000000, PTE_V | PTE_X | PTE_AD)
  sfence.vma

  ENTER_S
  TEST_CASE(2, a0, 0xaaaaaaaaaaaaaaaa, VA_IN_MEGA(a1, 1, page_a); ld a0, 0(a1))
  TEST_CASE(3, a0, 0xbbbbbbbbbbbbbbbb, VA_IN_MEGA(a1, 1, page_b); ld a0, 0(a1))
  # a store through the megapage lands in the physical page
  TEST_CASE(4, a0, 0x4242, VA_IN_MEGA(a1, 1, page_c); li a2, 0x4242; sd a2, 16(a1); la a1, page_c; ld a0, 16(a1))
  # fetch through the megapage
  TEST_CASE(5, a0, CODE_MAGIC, VA_IN_MEGA(a1, 1, code_page); li a0, 0; jalr ra, a1)
  TEST_CASE(6, a0, CODE_MAGIC, VA_IN_MEGA(a1, 3, code_page); li a0, 0; jalr ra, a1)
  # misaligned megapage: every access type faults, tval = the VA
  TEST_TRAP(7, CAUSE_LOAD_PAGE_FAULT, VA_IN_MEGA(a1, 2, page_a); 8: ld a0, 0(a1))
  TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail
  TEST_TRAP(8, CAUSE_STORE_PAGE_FAULT, VA_IN_MEGA(a1, 2, page_a); 8: sd a0, 0(a1))
  TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail
test_9:
  li TESTNUM, 9
  ARM_RESUME(1f)
  VA_IN_MEGA(a1, 2, code_page)
  jalr ra, a1
  j fail
1:CHECK_FIELD(TR_CAUSE, CAUSE_FETCH_PAGE_FAULT)
  TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail
  TRAP_FIELD(t0, TR_EPC); bne t0, a1, fail
  # the top of the megapage (VPN[0] = 511) is still inside it
  TEST_CASE(10, a0, 0x1234567, li a1, VA_MEGA(1) + 0x1ffff8; li a2, 0x1234567; sd a2, 0(a1); ld a0, 0(a1); li a1, 0x801ffff8; ld a3, 0(a1); bne a3, a0, fail)
  # execute-only megapage: not readable
  TEST_TRAP(11, CAUSE_LOAD_PAGE_FAULT, VA_IN_MEGA(a1, 3, page_a); 8: ld a0, 0(a1))
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
RVTEST_DATA_END
