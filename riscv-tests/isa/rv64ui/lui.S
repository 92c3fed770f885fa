# SPDX-License-Identifier: MIT
# lui: imm << 12, sign-extended from bit 31 to 64 bits, low 12 bits zero.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  TEST_CASE(2, x14, 0x0000000000000000, lui x14, 0x00000)
  TEST_CASE(3, x14, 0x0000000000001000, lui x14, 0x00001)
  TEST_CASE(4, x14, 0x000000007ffff000, lui x14, 0x7ffff)
  TEST_CASE(5, x14, 0xffffffff80000000, lui x14, 0x80000)
  TEST_CASE(6, x14, 0xfffffffffffff000, lui x14, 0xfffff)
  TEST_CASE(7, x14, 0x0000000012345000, lui x14, 0x12345)
  TEST_CASE(8, x14, 0xffffffffabcde000, lui x14, 0xabcde)
  # 9: arithmetic on the result behaves as a 64-bit value
  TEST_CASE(9, x14, 0xfffffffffffff800, lui x14, 0xfffff; srai x14, x14, 1)
  TEST_CASE(10, x14, 0x0000000000000800, lui x14, 0x00001; srli x14, x14, 1)
  # 11: x0 destination
  TEST_CASE(11, x0, 0, lui x0, 0x80000)
  # 12: overwrites every bit of the destination
  TEST_CASE(12, x14, 0x0000000000005000, li x14, -1; lui x14, 0x5)

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
RVTEST_DATA_END
