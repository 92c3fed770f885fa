# SPDX-License-Identifier: MIT
# pmp: the PMP checks page-table accesses as S-mode accesses (Privileged
# 3.7.1: "PMP checks are also applied to page-table accesses for
# virtual-address translation, for which the effective privilege mode is
# S"); a denied PTE read, or a denied A/D update, raises the access fault
# of the original access type (4.3.2 steps 2 and 7), tval = the VA.  Also
# from U-mode and from M-mode under MPRV.  The A/D case detects the policy
# first, as `ad` does: under Svade the A = 0 page faults before any update.
#
# Entries: e0 covers a page table (set per case), e15 = RWX over RAM.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define ALL_64M ((0x80000000 >> 2) | ((0x4000000 >> 3) - 1))
#define RW (PTE_V | PTE_R | PTE_W)

/* e0 := NAPOT over the 4 KiB page at `label` with `bits` (M-mode), then
 * sfence.vma (3.7.2: translations cached under the old PMP). */
#define PMP_PAGE(label, bits) \
  csrw pmpcfg0, zero; \
  la t0, label; srli t0, t0, 2; ori t0, t0, 0x1ff; csrw pmpaddr0, t0; \
  li t0, PMP_NAPOT | (bits); csrw pmpcfg0, t0; sfence.vma

/* `insn` at a1 = va must raise `cause` at 8:, tval = va. */
#define TEST_VA_FAULT(n, cause, va, insn...) \
  TEST_TRAP_TVAL(n, cause, va, li a1, va; 8: insn)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  li t0, ALL_64M; csrw pmpaddr15, t0
  li t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56; csrw pmpcfg2, t0
  VM_INIT
  MAP_PAGE(0, page_a, RW | PTE_AD)
  MAP_PAGE(1, code_page, PTE_V | PTE_R | PTE_X | PTE_A)
  MAP_PAGE(2, page_b, RW | PTE_AD | PTE_U)

  #-------- the level 1 table is not readable: every access faults --------
  PMP_PAGE(pt_l1, 0)
  ENTER_S
  TEST_VA_FAULT(2, CAUSE_LOAD_ACCESS, VA_PAGE(0), ld a0, 0(a1))
  TEST_VA_FAULT(3, CAUSE_STORE_ACCESS, VA_PAGE(0), sd a0, 0(a1))
  # (QEMU 7.2 reports a faulting AMO as a load fault)
  QEMU_DEVIATION(TEST_VA_FAULT(4, CAUSE_STORE_ACCESS, VA_PAGE(0), amoor.d a0, a0, (a1)))
  TEST_FETCH_FAULT(5, CAUSE_FETCH_ACCESS, VA_PAGE(1))
  ENTER_M
  USE_ROOT(root_u)
  ENTER_U
  TEST_VA_FAULT(6, CAUSE_LOAD_ACCESS, VA_PAGE(2), ld a0, 0(a1))
  ENTER_M
  USE_ROOT(root_s)
  # M-mode with MPRV, MPP = S: the walk is still checked as S-mode
  li a1, VA_PAGE(0)
  ARM_RESUME_M(1f)
  li t0, MSTATUS_MPP; csrc mstatus, t0
  li t0, MSTATUS_MPP_S | MSTATUS_MPRV; csrs mstatus, t0
8:ld a0, 0(a1)
  li t0, MSTATUS_MPRV; csrc mstatus, t0
  li TESTNUM, 7
  j fail
1:li t0, MSTATUS_MPRV; csrc mstatus, t0
  TEST_CASE(7, a0, 0, TRAP_FIELD(t0, TR_CAUSE); addi a0, t0, -CAUSE_LOAD_ACCESS)
  # M-mode itself does not translate: the table page is readable to it
  TEST_CASE(8, a0, 0, la a1, pt_l1; ld a0, 8(a1))

  #-------- readable again: the same accesses work --------
  PMP_PAGE(pt_l1, PMP_R)
  ENTER_S
  TEST_LOAD_OK(10, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_STORE_OK(11, VA_PAGE(0), 0x42)
  TEST_FETCH_OK(12, VA_PAGE(1))
  ENTER_M

  #-------- the leaf table read-only: A/D updates are denied --------
  # Which policy?  (the leaf table writable) A load from a page with A = 0.
  csrw pmpcfg0, zero; sfence.vma
  MAP_PAGE(3, page_c, RW)
  ENTER_S
  li a1, VA_PAGE(3)
  li s11, 1
  ARM_RESUME(1f)
  ld a0, 0(a1)
  DISARM
  j 2f
1:li s11, 0
2:ENTER_M
  MAP_PAGE(3, page_c, RW)
  MAP_PAGE(4, page_c, RW | PTE_A)
  PMP_PAGE(pt_l0, PMP_R)
  ENTER_S
  # (QEMU 7.2 updates A/D without the PMP check: cases 20, 21, 23, 24)
#ifndef RVTEST_QEMU_COMPAT
  # A = 0: Svadu must store A (denied: load access fault), Svade faults
test_20:
  li TESTNUM, 20
  li a1, VA_PAGE(3)
  ARM_RESUME(1f)
  ld a0, 0(a1)
  j fail
1:li t2, CAUSE_LOAD_PAGE_FAULT
  beqz s11, 2f
  li t2, CAUSE_LOAD_ACCESS
2:TRAP_FIELD(t0, TR_CAUSE); bne t0, t2, fail
  li a1, VA_PAGE(3); TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail
  # D = 0: a store must store D (Svadu: store access fault; Svade: page fault)
test_21:
  li TESTNUM, 21
  li a1, VA_PAGE(4)
  ARM_RESUME(1f)
  sd a1, 0(a1)
  j fail
1:li t2, CAUSE_STORE_PAGE_FAULT
  beqz s11, 2f
  li t2, CAUSE_STORE_ACCESS
2:TRAP_FIELD(t0, TR_CAUSE); bne t0, t2, fail
#endif
  # a load needs no update: it works
  TEST_LOAD_OK(22, VA_PAGE(4), 0xcccccccccccccccc)
  ENTER_M
  # neither PTE changed, and the page was not written
  QEMU_DEVIATION(TEST_CASE(23, a0, 0, GET_PTE(a1, pt_l0, 3); la a0, page_c; PTE_OF(a0, RW); sub a0, a0, a1))
  QEMU_DEVIATION(TEST_CASE(24, a0, 0, GET_PTE(a1, pt_l0, 4); la a0, page_c; PTE_OF(a0, RW | PTE_A); sub a0, a0, a1))
  TEST_CASE(25, a0, 0xcccccccccccccccc, la a1, page_c; ld a0, 0(a1))

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
