# SPDX-License-Identifier: MIT
# breakpoint: ebreak and c.ebreak raise breakpoint (3) with mepc = the
# instruction; mtval is the pc or 0 (Privileged 3.1.16 allows both).  The
# debug trigger CSRs exist: tselect reads back 0 after writing 0.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define CHECK_TVAL_PC_OR_ZERO \
  TRAP_FIELD(t0, TR_TVAL); beqz t0, 7f; la t2, 8b; bne t0, t2, fail; 7:

RVTEST_RV64M
RVTEST_CODE_BEGIN

  TEST_CASE(2, a0, 0, csrw CSR_TSELECT, zero; csrr a0, CSR_TSELECT)
  TEST_NO_TRAP(3, csrr a0, CSR_TDATA1)

  TEST_TRAP(4, CAUSE_BREAKPOINT, .option push; .option norvc; 8: ebreak; .option pop)
  CHECK_TVAL_PC_OR_ZERO
  # MPP records M and the handler ran in M
  TEST_CASE(5, a0, MSTATUS_MPP_M, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  TEST_TRAP(6, CAUSE_BREAKPOINT, .option push; .option rvc; 8: c.ebreak; .option pop)
  CHECK_TVAL_PC_OR_ZERO
  # from S and U the breakpoint still goes to M when not delegated
  ENTER_S
  TEST_TRAP(7, CAUSE_BREAKPOINT, .option push; .option norvc; 8: ebreak; .option pop)
  CHECK_TVAL_PC_OR_ZERO
  TEST_CASE(8, a0, MSTATUS_MPP_S, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  ENTER_U
  TEST_TRAP(9, CAUSE_BREAKPOINT, .option push; .option rvc; 8: c.ebreak; .option pop)
  CHECK_TVAL_PC_OR_ZERO
  TEST_CASE(10, a0, 0, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)
  TEST_CASE(11, a0, 3, TRAP_FIELD(a0, TR_LEVEL))
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
