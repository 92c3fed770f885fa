# SPDX-License-Identifier: MIT
# Zcb 1.0.0: c.lbu, c.lhu, c.lh, c.sb, c.sh, c.zext.b, c.sext.b, c.zext.h,
# c.sext.h, c.zext.w, c.not, c.mul. binutils 2.40 does not know Zcb: each
# parcel is written with .2byte, encoded from the Zcb tables (comment).
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  #-------- loads --------
  TEST_CASE(2, x10, 0x80, la x11, zdat; .2byte 0x81e8)                    # c.lbu a0, 3(a1)
  TEST_CASE(3, x12, 0x80fe, la x9, zdat; .2byte 0x84b0)                   # c.lhu a2, 2(s1)
  TEST_CASE(4, x15, 0xffffffffffff8001, la x14, zdat+4; .2byte 0x875c)    # c.lh a5, 0(a4)
  TEST_CASE(5, x15, 0x7fff, la x14, zdat+6; .2byte 0x875c)                # c.lh a5, 0(a4)

  #-------- stores: only the addressed bytes change --------
  TEST_CASE(6, x14, 0x3400, la x10, sdat; li x8, 0x1234; .2byte 0x8940; ld x14, 0(x10)) # c.sb s0, 1(a0)
  TEST_CASE(7, x14, 0x12340000, la x13, sdat+8; li x11, 0xabcd1234; .2byte 0x8eac; ld x14, 0(x13)) # c.sh a1, 2(a3)

  #-------- unary operations on s1 --------
  TEST_CASE(8, x9, 0xf0, li x9, 0x123456789abcdef0; .2byte 0x9ce1)               # c.zext.b s1
  TEST_CASE(9, x9, 0xffffffffffffff80, li x9, 0x80; .2byte 0x9ce5)                # c.sext.b s1
  TEST_CASE(10, x9, 0x7f, li x9, 0x17f; .2byte 0x9ce5)                            # c.sext.b s1
  TEST_CASE(11, x9, 0xdef0, li x9, 0x123456789abcdef0; .2byte 0x9ce9)             # c.zext.h s1
  TEST_CASE(12, x9, 0xffffffffffff8000, li x9, 0x8000; .2byte 0x9ced)             # c.sext.h s1
  TEST_CASE(13, x9, 0x80000000, li x9, 0xffffffff80000000; .2byte 0x9cf1)         # c.zext.w s1
  TEST_CASE(14, x9, 0xfffffffffffff0f0, li x9, 0x0f0f; .2byte 0x9cf5)             # c.not s1

  #-------- c.mul a0, a1 --------
  TEST_CASE(15, x10, 0xffffffffffffffeb, li x10, 7; li x11, -3; .2byte 0x9d4d)
  TEST_CASE(16, x10, 0x0000000000000001, li x10, 0x100000001; li x11, 0xffffffff00000001; .2byte 0x9d4d)

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  .balign 16
zdat:
  .byte 0x81, 0x7f, 0xfe, 0x80, 0x01, 0x80, 0xff, 0x7f
sdat:
  .dword 0
  .dword 0
RVTEST_DATA_END
