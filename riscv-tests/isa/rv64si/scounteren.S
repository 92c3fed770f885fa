# SPDX-License-Identifier: MIT
# scounteren: from U, cycle/instret need both mcounteren and scounteren;
# S sets scounteren itself (Privileged 4.1.5).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64S
RVTEST_CODE_BEGIN
  ENTER_M
  csrwi mcounteren, 5
  ENTER_S
  csrwi scounteren, 0
  TEST_NO_TRAP(2, csrr a0, cycle; csrr a0, instret)
  ENTER_U
  TEST_ILLEGAL(3, csrr a0, cycle)
  TEST_ILLEGAL(4, csrr a0, instret)
  ENTER_S
  csrwi scounteren, 5
  ENTER_U
  TEST_NO_TRAP(5, csrr a0, cycle; csrr a0, instret)
  ENTER_S
  csrwi scounteren, 4
  ENTER_U
  TEST_ILLEGAL(6, csrr a0, cycle)
  TEST_NO_TRAP(7, csrr a0, instret)
  ENTER_M
  csrwi mcounteren, 0
  ENTER_U
  TEST_ILLEGAL(8, csrr a0, instret)
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
