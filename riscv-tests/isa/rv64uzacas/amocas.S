# SPDX-License-Identifier: MIT
# amocas.w, amocas.d, amocas.q (Zacas 1.0.0): rd receives the old value
# (.w sign-extended); memory receives rs2 only if the old value equals rd
# (.w: its low 32 bits); .q works on the register pairs (rd, rd+1) and
# (rs2, rs2+1), x0 as a pair reads as zero and discards the result.
# binutils 2.40 does not know Zacas: the instructions are .insn macros.
#include "riscv_test.h"
#include "test_macros.h"

  .macro amocas.w rd, rs2, rs1
  .insn r 0x2f, 2, 0x14, \rd, \rs1, \rs2
  .endm
  .macro amocas.d rd, rs2, rs1
  .insn r 0x2f, 3, 0x14, \rd, \rs1, \rs2
  .endm
  .macro amocas.d.aqrl rd, rs2, rs1
  .insn r 0x2f, 3, 0x17, \rd, \rs1, \rs2
  .endm
  .macro amocas.q rd, rs2, rs1
  .insn r 0x2f, 4, 0x14, \rd, \rs1, \rs2
  .endm

#define INIT(a, b) la x5, casdat; li x1, a; sd x1, 0(x5); li x1, b; sd x1, 8(x5)

RVTEST_RV64U
RVTEST_CODE_BEGIN

  #-------- amocas.d --------
  # 2-3: equal: rd = old, memory = rs2
  TEST_CASE(2, x14, 0x1122334455667788, INIT(0x1122334455667788, 0); \
    li x14, 0x1122334455667788; li x2, 0x0102030405060708; amocas.d x14, x2, x5)
  TEST_CASE(3, x14, 0x0102030405060708, la x5, casdat; ld x14, 0(x5))
  # 4-5: different: rd = old, memory unchanged
  TEST_CASE(4, x14, 0x1122334455667788, INIT(0x1122334455667788, 0); \
    li x14, 0x1122334455667789; li x2, 0x0102030405060708; amocas.d x14, x2, x5)
  TEST_CASE(5, x14, 0x1122334455667788, la x5, casdat; ld x14, 0(x5))
  # 6-7: aq/rl variant, rd = x0 compares with zero
  TEST_CASE(6, x14, 0x0000000000000777, INIT(0, 0); li x2, 0x777; amocas.d.aqrl x0, x2, x5; ld x14, 0(x5))
  TEST_CASE(7, x14, 0, INIT(5, 0); li x2, 0x777; amocas.d x0, x2, x5; ld x14, 0(x5); addi x14, x14, -5)

  #-------- amocas.w --------
  # 8-10: compares the low word only, sign-extends, stores the low word of
  # rs2 and leaves the neighbouring word alone
  TEST_CASE(8, x14, 0xffffffff89abcdef, INIT(0x5a5a5a5a89abcdef, 0); \
    li x14, 0x0000000089abcdef; li x2, 0xfedcba9876543210; amocas.w x14, x2, x5)
  TEST_CASE(9, x14, 0x5a5a5a5a76543210, la x5, casdat; ld x14, 0(x5))
  TEST_CASE(10, x14, 0x0000000076543210, INIT(0x5a5a5a5a76543210, 0); \
    li x14, 0x1234; li x2, 0x1; amocas.w x14, x2, x5)
  TEST_CASE(11, x14, 0x5a5a5a5a76543210, la x5, casdat; ld x14, 0(x5))
  # 12-13: the upper word at casdat+4
  TEST_CASE(12, x14, 0x0000000000000001, INIT(0x0000000100000002, 0); \
    li x14, 0xffffffff00000001; li x2, 0x7; addi x6, x5, 4; amocas.w x14, x2, x6)
  TEST_CASE(13, x14, 0x0000000700000002, la x5, casdat; ld x14, 0(x5))

  #-------- amocas.q --------
  # 14-17: equal pair: (x12, x13) = old pair, memory = (x10, x11)
  TEST_CASE(14, x12, 0x1111111111111111, INIT(0x1111111111111111, 0x2222222222222222); \
    li x12, 0x1111111111111111; li x13, 0x2222222222222222; \
    li x10, 0x3333333333333333; li x11, 0x4444444444444444; amocas.q x12, x10, x5)
  TEST_CASE(15, x13, 0x2222222222222222, )
  TEST_CASE(16, x14, 0x3333333333333333, la x5, casdat; ld x14, 0(x5))
  TEST_CASE(17, x14, 0x4444444444444444, la x5, casdat; ld x14, 8(x5))
  # 18-20: only the high halves differ: no store
  TEST_CASE(18, x13, 0x2222222222222222, INIT(0x1111111111111111, 0x2222222222222222); \
    li x12, 0x1111111111111111; li x13, 0x2222222222222223; \
    li x10, 0x3333333333333333; li x11, 0x4444444444444444; amocas.q x12, x10, x5)
  TEST_CASE(19, x14, 0x1111111111111111, la x5, casdat; ld x14, 0(x5))
  TEST_CASE(20, x14, 0x2222222222222222, la x5, casdat; ld x14, 8(x5))
  # 21-22: rs2 = x0 stores a zero pair; rd = x0 compares with zero
  TEST_CASE(21, x14, 0, INIT(0x5, 0x6); li x12, 5; li x13, 6; amocas.q x12, x0, x5; \
    ld x14, 0(x5); ld x15, 8(x5); or x14, x14, x15)
  TEST_CASE(22, x14, 0x9, INIT(0, 0); li x10, 9; li x11, 10; amocas.q x0, x10, x5; ld x14, 0(x5))
  TEST_CASE(23, x14, 0xa, la x5, casdat; ld x14, 8(x5))

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  .balign 16
casdat:
  .dword 0
  .dword 0
RVTEST_DATA_END
