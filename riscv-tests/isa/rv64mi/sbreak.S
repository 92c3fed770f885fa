# SPDX-License-Identifier: MIT
# sbreak: ebreak from U and S enters M with cause 3; with medeleg[3] set it
# enters S instead (from U and S), but never from M (Privileged 3.1.8).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN

  ENTER_U
  TEST_TRAP(2, CAUSE_BREAKPOINT, 8: ebreak)
  TEST_CASE(3, a0, 3, TRAP_FIELD(a0, TR_LEVEL))
  ENTER_M
  csrwi medeleg, 1 << CAUSE_BREAKPOINT
  ENTER_U
  TEST_TRAP(4, CAUSE_BREAKPOINT, 8: ebreak)
  TEST_CASE(5, a0, 1, TRAP_FIELD(a0, TR_LEVEL))
  # SPP = U
  TEST_CASE(6, a0, 0, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_SPP)
  ENTER_S
  TEST_TRAP(7, CAUSE_BREAKPOINT, 8: ebreak)
  TEST_CASE(8, a0, 1, TRAP_FIELD(a0, TR_LEVEL))
  TEST_CASE(9, a0, MSTATUS_SPP, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_SPP)
  ENTER_M
  TEST_TRAP(10, CAUSE_BREAKPOINT, 8: ebreak)
  TEST_CASE(11, a0, 3, TRAP_FIELD(a0, TR_LEVEL))
  csrwi medeleg, 0

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
