# SPDX-License-Identifier: MIT
# Zimop 1.0: mop.r.n and mop.rr.n write 0 to rd (they are not redefined by
# any extension rvmmu implements); Zcmop 1.0: c.mop.n writes no register.
# binutils 2.40 knows neither: the words are encoded from the specs'
# encoding figures (comments).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  TEST_CASE(2, x10, 0, li x10, 5; li x11, 6; .4byte 0x81c5c573)            # mop.r.0 a0, a1
  TEST_CASE(3, x31, 0, li x31, -1; .4byte 0xcdffcff3)                       # mop.r.31 t6, t6
  TEST_CASE(4, x10, 0, li x10, 5; li x11, 6; .4byte 0x81d5c573)            # mop.r.1 a0, a1
  TEST_CASE(5, x11, 6, li x10, 5; li x11, 6; .4byte 0x81d5c573)            # rs1 unchanged
  TEST_CASE(6, x10, 0, li x10, 5; li x12, 7; .4byte 0x82c5c573)            # mop.rr.0 a0, a1, a2
  TEST_CASE(7, x10, 0, li x10, 5; li x12, 7; .4byte 0xcec5c573)            # mop.rr.7 a0, a1, a2
  TEST_CASE(8, x1, 0x1234, li x1, 0x1234; .2byte 0x6081)                   # c.mop.1
  TEST_CASE(9, x15, 0x5678, li x15, 0x5678; .2byte 0x6781)                 # c.mop.15

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
RVTEST_DATA_END
