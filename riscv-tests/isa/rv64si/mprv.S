# SPDX-License-Identifier: MIT
# mprv: with MPRV = 1, M-mode loads and stores are translated and checked
# as if in mode MPP, with SUM and MXR applied; instruction fetches are not
# (Privileged 3.1.6.3).  MPRV is cleared before any check that may branch
# to `fail` (tohost is written with the current mode's translation).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define MPRV_ON(mpp) \
  li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, (mpp) | MSTATUS_MPRV; csrs mstatus, t0
#define MPRV_OFF li t0, MSTATUS_MPRV | MSTATUS_MPP; csrc mstatus, t0
#define MPP_U 0

/* `insn` (a1 = va) with MPRV = 1, MPP = mpp must trap with `cause`. */
#define TEST_MPRV_TRAP(n, mpp, cause, va, insn...) \
test_ ## n: \
  li TESTNUM, n; \
  li a1, va; \
  ARM_RESUME(9f); \
  MPRV_ON(mpp); \
8:insn; \
  MPRV_OFF; \
  j fail; \
9:MPRV_OFF; \
  CHECK_FIELD(TR_CAUSE, cause); \
  TRAP_FIELD(t0, TR_EPC); la t2, 8b; bne t0, t2, fail; \
  CHECK_FIELD(TR_TVAL, va);

#define TEST_MPRV_LOAD(n, mpp, va, value) \
  TEST_CASE(n, a0, value, li a1, va; MPRV_ON(mpp); ld a0, 0(a1); MPRV_OFF)

#define RW (PTE_V | PTE_R | PTE_W | PTE_AD)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  MAP_PAGE(0, page_a, RW)                       # S page
  MAP_PAGE(1, page_b, RW | PTE_U)               # U page
  MAP_PAGE(2, code_page, PTE_V | PTE_X | PTE_AD) # S execute-only

  # MPP = S
  TEST_MPRV_LOAD(2, MSTATUS_MPP_S, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_CASE(3, a0, 0x55, li a1, VA_PAGE(0); li a2, 0x55; MPRV_ON(MSTATUS_MPP_S); sd a2, 8(a1); MPRV_OFF; la a1, page_a; ld a0, 8(a1))
  TEST_MPRV_TRAP(4, MSTATUS_MPP_S, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1), ld a0, 0(a1))
  TEST_MPRV_TRAP(5, MSTATUS_MPP_S, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1), sd a0, 0(a1))
  li t0, MSTATUS_SUM
  csrs mstatus, t0
  TEST_MPRV_LOAD(6, MSTATUS_MPP_S, VA_PAGE(1), 0xbbbbbbbbbbbbbbbb)
  li t0, MSTATUS_SUM
  csrc mstatus, t0
  TEST_MPRV_TRAP(7, MSTATUS_MPP_S, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(2), ld a0, 0(a1))
  li t0, MSTATUS_MXR
  csrs mstatus, t0
  TEST_MPRV_LOAD(8, MSTATUS_MPP_S, VA_PAGE(2), CODE_WORD)
  li t0, MSTATUS_MXR
  csrc mstatus, t0
  # an unmapped VA
  TEST_MPRV_TRAP(9, MSTATUS_MPP_S, CAUSE_STORE_PAGE_FAULT, VA_PAGE(3), sd a0, 0(a1))

  # MPP = U
  TEST_MPRV_LOAD(10, MPP_U, VA_PAGE(1), 0xbbbbbbbbbbbbbbbb)
  TEST_CASE(11, a0, 0x66, li a1, VA_PAGE(1); li a2, 0x66; MPRV_ON(MPP_U); sd a2, 16(a1); MPRV_OFF; la a1, page_b; ld a0, 16(a1))
  TEST_MPRV_TRAP(12, MPP_U, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0), ld a0, 0(a1))

  # fetches are not translated: as U, the code leaf (U = 0) could not be
  # executed, yet M-mode runs on, jumps included
  TEST_NO_TRAP(13, MPRV_ON(MPP_U); nop; j 1f; nop; 1: addi a0, zero, 1; MPRV_OFF)
  # MPP = M: no translation at all (VA_PAGE(0) is a physical hole)
  TEST_MPRV_TRAP(14, MSTATUS_MPP_M, CAUSE_LOAD_ACCESS, VA_PAGE(0), ld a0, 0(a1))
  TEST_CASE(15, a0, 0xcccccccccccccccc, la a1, page_c; MPRV_ON(MSTATUS_MPP_M); ld a0, 0(a1); MPRV_OFF)
  # the trap taken while MPRV = 1 (case 12) recorded MPRV = 1, MPP = M
  # (the trap wrote MPP = the mode it was taken from)
  TEST_CASE(16, a0, MSTATUS_MPRV | MSTATUS_MPP_M, li a1, VA_PAGE(0); ARM_RESUME(1f); MPRV_ON(MPP_U); ld a0, 0(a1); 1: MPRV_OFF; TRAP_FIELD(a0, TR_STATUS); li t0, MSTATUS_MPRV | MSTATUS_MPP; and a0, a0, t0)

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
