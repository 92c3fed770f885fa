# SPDX-License-Identifier: MIT
# jalr: target = (rs1 + imm) & ~1, link = pc + 4, rd == rs1 uses the old rs1.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  TEST_JALR_OFFSET(2, 0)
  TEST_JALR_OFFSET(3, 4)
  TEST_JALR_OFFSET(4, -4)
  TEST_JALR_OFFSET(5, 2047)
  TEST_JALR_OFFSET(6, -2048)
  TEST_JALR_OFFSET(7, 1)

  # 8: an odd target has bit 0 cleared
test_8:
  li TESTNUM, 8
  la x1, 1f
  addi x1, x1, 1
  jalr x0, 0(x1)
  j fail
1:

  # 9: rd == rs1: the target comes from the old rs1 value
test_9:
  li TESTNUM, 9
  la x1, 1f
  jalr x1, 0(x1)
2:
  j fail
1:
  la x7, 2b
  bne x1, x7, fail

  # 10: jalr x0 (ret-like) writes nothing
  TEST_CASE(10, x0, 0, la x1, 1f; jalr x0, 0(x1); j fail; 1: nop)

  # 11: call/return through a subroutine
test_11:
  li TESTNUM, 11
  li x14, 0
  la x5, subroutine
  jalr ra, 0(x5)
  li x7, 42
  bne x14, x7, fail

  TEST_PASSFAIL

subroutine:
  li x14, 42
  ret

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
RVTEST_DATA_END
