# SPDX-License-Identifier: MIT
# auipc: pc of the auipc itself + (imm << 12), sign-extended.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

#define TEST_AUIPC(n, imm, delta)                \
  TEST_CASE(n, x14, delta,                       \
    .option push; .option norvc;                 \
    1: auipc x14, imm;                           \
    .option pop;                                 \
    la x7, 1b;                                   \
    sub x14, x14, x7)

  TEST_AUIPC(2, 0x00000, 0)
  TEST_AUIPC(3, 0x00001, 0x1000)
  TEST_AUIPC(4, 0x7ffff, 0x7ffff000)
  TEST_AUIPC(5, 0x80000, -0x80000000)
  TEST_AUIPC(6, 0xfffff, -0x1000)
  TEST_AUIPC(7, 0x12345, 0x12345000)

  # 8: the result is a full 64-bit address near 0x8000_0000
test_8:
  li TESTNUM, 8
  auipc x14, 0
  li x7, 0x80000000
  bltu x14, x7, fail
  srli x14, x14, 32
  bnez x14, fail

  # 9: x0 destination
  TEST_CASE(9, x0, 0, auipc x0, 0x1)

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
RVTEST_DATA_END
