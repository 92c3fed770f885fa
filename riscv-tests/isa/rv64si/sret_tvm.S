# SPDX-License-Identifier: MIT
# sret_tvm: sret semantics and the TSR/TVM traps (Privileged 3.1.6.5, 3.3.2):
# sret in S with TSR=1 and in U is illegal; mret in S is illegal; sret
# works in M; sfence.vma and satp in S trap when TVM=1 and not in U only.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64S
RVTEST_CODE_BEGIN

  # 2: sret from S returns to SPP=U with SIE = SPIE, SPIE = 1, SPP = U
test_2:
  li TESTNUM, 2
  li a1, MSTATUS_SPP
  csrc sstatus, a1
  li a1, MSTATUS_SPIE
  csrs sstatus, a1
  la a1, 1f
  csrw sepc, a1
  sret
1:
  # now in U: sstatus is not readable; check via an M round trip
  ARM_RESUME_M(2f)
  ebreak
2:
  TEST_CASE(3, a0, 0, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  TEST_CASE(4, a0, MSTATUS_SPIE | MSTATUS_SIE, csrr a0, mstatus; andi a0, a0, MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP)
  csrci mstatus, MSTATUS_SIE

  # 5: sret executed in M-mode returns to S (SPP = S)
test_5:
  li TESTNUM, 5
  li a1, MSTATUS_SPP
  csrs mstatus, a1
  la a1, 1f
  csrw sepc, a1
  sret
1:
  TEST_NO_TRAP(20, csrr a0, sstatus)
  TEST_ILLEGAL(6, csrr a0, mstatus)

  # 7: TSR = 1: sret in S is illegal
  ENTER_M
  li a1, MSTATUS_TSR
  csrs mstatus, a1
  ENTER_S
  TEST_ILLEGAL(7, sret)
  ENTER_M
  li a1, MSTATUS_TSR
  csrc mstatus, a1
  # 8: sret and mret in U, mret in S
  ENTER_U
  TEST_ILLEGAL(8, sret)
  TEST_ILLEGAL(9, mret)
  ENTER_S
  TEST_ILLEGAL(10, mret)

  # 11: TVM = 0: sfence.vma and satp are fine in S
  TEST_NO_TRAP(11, sfence.vma; sfence.vma zero, zero; csrr a0, satp; csrw satp, zero)
  ENTER_M
  li a1, MSTATUS_TVM
  csrs mstatus, a1
  ENTER_S
  TEST_ILLEGAL(12, sfence.vma)
  TEST_ILLEGAL(13, sfence.vma a0, a1)
  TEST_ILLEGAL(14, csrr a0, satp)
  TEST_ILLEGAL(15, csrw satp, zero)
  # other S CSRs are unaffected by TVM
  TEST_NO_TRAP(16, csrr a0, sstatus; csrw sscratch, a0)
  ENTER_M
  # M is not affected by TVM
  TEST_NO_TRAP(17, sfence.vma; csrr a0, satp)
  li a1, MSTATUS_TVM
  csrc mstatus, a1
  ENTER_U
  TEST_ILLEGAL(18, sfence.vma)
  TEST_ILLEGAL(19, csrr a0, satp)
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
