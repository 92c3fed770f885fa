# SPDX-License-Identifier: MIT
# scall: ecall from U, S and M raises 8, 9, 11 in M-mode (nothing delegated)
# with mepc = the ecall, mtval = 0, MPP = the old mode, MPIE = the old MIE,
# MIE = 0; mret restores them (Privileged 3.1.6.1, 3.3.1, 3.3.2).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define TEST_ECALL(testnum, cause) \
  TEST_TRAP_TVAL(testnum, cause, 0, li a7, 0; 8: ecall)

RVTEST_RV64M
RVTEST_CODE_BEGIN

  TEST_ECALL(2, CAUSE_MACHINE_ECALL)
  TEST_CASE(3, a0, MSTATUS_MPP_M, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  # MIE = 1 before the trap: MPIE = 1, MIE = 0 inside the handler
  TEST_TRAP(4, CAUSE_MACHINE_ECALL, csrsi mstatus, MSTATUS_MIE; li a7, 0; 8: ecall)
  TEST_CASE(5, a0, MSTATUS_MPIE, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_MPIE | MSTATUS_MIE)
  # after mret MIE = MPIE (1) again
  TEST_CASE(6, a0, MSTATUS_MIE, csrr a0, mstatus; andi a0, a0, MSTATUS_MIE; csrci mstatus, MSTATUS_MIE)
  # MIE = 0 before: MPIE = 0
  TEST_TRAP(7, CAUSE_MACHINE_ECALL, li a7, 0; 8: ecall)
  TEST_CASE(8, a0, 0, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_MPIE | MSTATUS_MIE)

  ENTER_S
  TEST_ECALL(9, CAUSE_SUPERVISOR_ECALL)
  TEST_CASE(10, a0, MSTATUS_MPP_S, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  ENTER_U
  TEST_ECALL(11, CAUSE_USER_ECALL)
  TEST_CASE(12, a0, 0, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  # registers survive the round trip
  TEST_CASE(13, a0, 0x1234, li a0, 0x1234; ARM_RESUME(1f); ecall; j fail; 1: nop)
  ENTER_M
  # mret to U clears MPP to U (least-privileged mode) and MPRV
  TEST_CASE(14, a0, 0, ENTER_U; ENTER_M; csrr a0, mstatus; li a1, MSTATUS_MPRV; and a0, a0, a1)

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
