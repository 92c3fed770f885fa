# SPDX-License-Identifier: MIT
# jal: link value, forward and backward targets, x0 as destination.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  # 2: forward jump links the address of the next instruction
test_2:
  li TESTNUM, 2
  li ra, 0
  jal ra, 1f
2:
  j fail
1:
  la x7, 2b
  bne ra, x7, fail

  # 3: backward jump
test_3:
  li TESTNUM, 3
  j 2f
1:
  la x7, 3f
  bne x5, x7, fail
  j 4f
2:
  jal x5, 1b
3:
  j fail
4:

  # 4: jal x0 does not write x0 and still jumps
  TEST_CASE(4, x0, 0, jal x0, 1f; j fail; 1: nop)

  # 5: the instructions after a taken jal are skipped
  TEST_CASE(5, x14, 3, li x14, 1; jal x1, 1f; addi x14, x14, 1; addi x14, x14, 1; 1: addi x14, x14, 2)

  # 6: a far jump (about 256 KiB forward) through .text
test_6:
  li TESTNUM, 6
  jal x1, far_target
far_return:
  li x7, 0x600d
  bne x14, x7, fail

  TEST_PASSFAIL

  .text
  .skip 0x40000
far_target:
  la x7, far_return
  bne x1, x7, fail
  li x14, 0x600d
  jr x1

  .section .text.init
RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
RVTEST_DATA_END
