# SPDX-License-Identifier: MIT
# mcounteren: cycle/time/instret from S and U are illegal unless the
# mcounteren bit is set, and from U also the scounteren bit (Privileged
# 3.1.12, 4.1.5); M-mode is never gated.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define CY 1
#define TM 2
#define IR 4

RVTEST_RV64M
RVTEST_CODE_BEGIN

  TEST_NO_TRAP(2, csrr a0, cycle; csrr a0, instret; csrr a0, mcycle; csrr a0, minstret)
  TEST_CASE(3, a0, 7, li a1, 7; csrw mcounteren, a1; csrr a0, mcounteren; andi a0, a0, 7)
  TEST_CASE(4, a0, 7, li a1, 7; csrw scounteren, a1; csrr a0, scounteren; andi a0, a0, 7)

  # S-mode: gated by mcounteren only
  csrwi mcounteren, 0
  csrwi scounteren, 0
  ENTER_S
  TEST_ILLEGAL(5, csrr a0, cycle)
  TEST_ILLEGAL(6, csrr a0, instret)
  TEST_ILLEGAL(7, csrr a0, time)
  ENTER_M
  csrwi mcounteren, CY | IR
  ENTER_S
  TEST_NO_TRAP(8, csrr a0, cycle; csrr a0, instret)
  TEST_ILLEGAL(9, csrr a0, time)
  # S cannot reach the machine counters
  TEST_ILLEGAL(10, csrr a0, mcycle)

  # U-mode: needs both
  ENTER_U
  TEST_ILLEGAL(11, csrr a0, cycle)
  TEST_ILLEGAL(12, csrr a0, instret)
  ENTER_M
  csrwi scounteren, CY
  ENTER_U
  TEST_NO_TRAP(13, csrr a0, cycle)
  TEST_ILLEGAL(14, csrr a0, instret)
  ENTER_M
  csrwi mcounteren, IR
  csrwi scounteren, CY | IR
  ENTER_U
  TEST_ILLEGAL(15, csrr a0, cycle)
  TEST_NO_TRAP(16, csrr a0, instret)
  # hpmcounter3 is gated by bit 3
  TEST_ILLEGAL(17, csrr a0, hpmcounter3)
  ENTER_M
  csrwi mcounteren, 0
  csrwi scounteren, 0

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
