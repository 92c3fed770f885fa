# SPDX-License-Identifier: MIT
# fence.i: code written by stores is executed after fence.i (Unprivileged 3.1);
# rewriting already-executed code is seen too.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

/* addi x14, x0, imm */
#define ADDI_X14(imm) ((((imm) & 0xfff) << 20) | (14 << 7) | 0x13)
#define RET_INSN 0x00008067

  # 2: run freshly written code in a data buffer
test_2:
  li TESTNUM, 2
  la x5, codebuf
  li x6, ADDI_X14(111)
  sw x6, 0(x5)
  li x6, RET_INSN
  sw x6, 4(x5)
  fence.i
  li x14, 0
  jalr ra, 0(x5)
  li x7, 111
  bne x14, x7, fail

  # 3: rewrite the same, already executed, code
test_3:
  li TESTNUM, 3
  la x5, codebuf
  li x6, ADDI_X14(222)
  sw x6, 0(x5)
  fence.i
  li x14, 0
  jalr ra, 0(x5)
  li x7, 222
  bne x14, x7, fail

  # 4: patch an instruction in the test's own text, then run it
test_4:
  li TESTNUM, 4
  la x5, patch_site
  li x6, ADDI_X14(333)
  sw x6, 0(x5)
  fence.i
  li x14, 0
  j patch_site

  .balign 4
patch_site:
  .option push
  .option norvc
  addi x14, x0, 1
  .option pop
  li x7, 333
  bne x14, x7, fail

  # 5: a halfword store changes half of an instruction (the immediate's top)
test_5:
  li TESTNUM, 5
  la x5, codebuf
  li x6, ADDI_X14(5)
  sw x6, 0(x5)
  li x6, (ADDI_X14(0x7f5) >> 16)
  sh x6, 2(x5)
  fence.i
  li x14, 0
  jalr ra, 0(x5)
  li x7, 0x7f5
  bne x14, x7, fail

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  .balign 8
codebuf:
  .word 0, 0, 0, 0
RVTEST_DATA_END
