# SPDX-License-Identifier: MIT
# HINTs with a standard meaning execute as the base instruction they are
# encoded in, with no architectural effect and no trap (Unprivileged
# 20191213 section 2.9): Zicbop prefetch.i/r/w (ORI with rd = x0),
# Zihintpause pause (FENCE pred = W, succ = 0), Zihintntl ntl.* (ADD
# x0, x0, x2..x5) and c.ntl.* (C.ADD x0, x2..x5).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  TEST_CASE(2, x10, 0x1000, li x10, 0x1000; prefetch.i 0(x10); prefetch.r 32(x10); prefetch.w -64(x10))
  TEST_CASE(3, x10, 0x1000, li x10, 0x1000; pause)
  TEST_CASE(4, x2, 0x2222, li x2, 0x2222; .4byte 0x00200033; .4byte 0x00300033; \
    .4byte 0x00400033; .4byte 0x00500033)                                  # ntl.p1, .pall, .s1, .all
  TEST_CASE(5, x2, 0x2222, li x2, 0x2222; .2byte 0x900a; .2byte 0x900e; \
    .2byte 0x9012; .2byte 0x9016)                                          # c.ntl.p1, .pall, .s1, .all

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
RVTEST_DATA_END
