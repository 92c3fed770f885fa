# SPDX-License-Identifier: MIT
# rvc: every RV64C instruction (Unprivileged chapter 16) except c.ebreak
# (rv64mi/breakpoint), plus 32-bit instructions at 2-byte aligned addresses,
# one of them straddling a page boundary.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN
  .option push
  .option rvc
  .balign 4

  # ---- CIW / CL / CS formats
  TEST_CASE(2, s0, 1020, mv s1, sp; li sp, 0; c.addi4spn s0, sp, 1020; mv sp, s1)
  TEST_CASE(3, s0, 0x80, la sp, cdat; c.addi4spn s0, sp, 0x80; la x7, cdat; sub s0, s0, x7)
  TEST_CASE(4, a0, 0xfffffffffedcba98, la s0, cdat; c.lw a0, 8(s0))
  TEST_CASE(5, a0, 0x0123456789abcdef, la s0, cdat; c.ld a0, 0(s0))
  TEST_CASE(6, a1, 0x0000000012345678, la s0, cdat; li a0, 0x12345678; c.sw a0, 64(s0); c.lw a1, 64(s0))
  TEST_CASE(7, a1, 0xfedcba9876543210, la s0, cdat; li a0, 0xfedcba9876543210; c.sd a0, 120(s0); c.ld a1, 120(s0))
  TEST_CASE(8, a2, 0xfffffffffedcba98, la a5, cdat; c.lw a2, 8(a5))

  # ---- CI format
  TEST_CASE(9, a0, 5, li a0, 5; c.nop)
  TEST_CASE(10, a0, 0x10, li a0, 1; c.addi a0, 15)
  TEST_CASE(11, a0, -31, li a0, 1; c.addi a0, -32)
  TEST_CASE(12, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
  TEST_CASE(13, a0, 0x0000000000000000, li a0, 0x0000000100000000; c.addiw a0, 0)
  TEST_CASE(14, a0, -32, c.li a0, -32)
  TEST_CASE(15, a0, 31, c.li a0, 31)
  TEST_CASE(16, a0, 496, mv s1, sp; li sp, 0; c.addi16sp sp, 496; mv a0, sp; mv sp, s1)
  TEST_CASE(17, a0, -512, mv s1, sp; li sp, 0; c.addi16sp sp, -512; mv a0, sp; mv sp, s1)
  TEST_CASE(18, a0, 0x1f000, c.lui a0, 0x1f)
  TEST_CASE(19, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)
  TEST_CASE(20, a0, 0xfffffffffffff000, c.lui a0, 0xfffff)
  TEST_CASE(21, a0, 0x8000000000000000, li a0, 1; c.slli a0, 63)
  TEST_CASE(22, a0, 0x0000000012340000, li a0, 0x1234; c.slli a0, 16)
  TEST_CASE(23, a0, 0xfffffffffedcba98, la sp, cdat; c.lwsp a0, 8(sp))
  TEST_CASE(24, a0, 0x0123456789abcdef, la sp, cdat; c.ldsp a0, 0(sp))
  TEST_CASE(25, a0, 0x0000000000000abc, la sp, cdat; li a1, 0xabc; c.sdsp a1, 504(sp); c.ldsp a0, 504(sp))
  TEST_CASE(26, a0, 0xffffffff87654321, la sp, cdat; li a1, 0x87654321; c.swsp a1, 252(sp); c.lwsp a0, 252(sp))

  # ---- CB format ALU
  TEST_CASE(27, a0, 0x0000000000000001, li a0, 0x8000000000000000; c.srli a0, 63)
  TEST_CASE(28, a0, 0x00000000ffffffff, li a0, -1; c.srli a0, 32)
  TEST_CASE(29, a0, 0xffffffffffffffff, li a0, 0x8000000000000000; c.srai a0, 63)
  TEST_CASE(30, a0, 0xfffffffffffff000, li a0, 0xffffffffffff0000; c.srai a0, 4)
  TEST_CASE(31, a0, 0x0000000000000010, li a0, 0x1234567890abcdf0; c.andi a0, 31)
  TEST_CASE(32, a0, 0x1234567890abcde0, li a0, 0x1234567890abcdf0; c.andi a0, -32)

  # ---- CA format
  TEST_CASE(33, a0, 0xfffffffffffffffe, li a0, 1; li a1, 3; c.sub a0, a1)
  TEST_CASE(34, a0, 0x00000000000000f0, li a0, 0xff; li a1, 0x0f; c.xor a0, a1)
  TEST_CASE(35, a0, 0x00000000000000ff, li a0, 0xf0; li a1, 0x0f; c.or a0, a1)
  TEST_CASE(36, a0, 0x0000000000000030, li a0, 0xf0; li a1, 0x3f; c.and a0, a1)
  TEST_CASE(37, a0, 0x000000007fffffff, li a0, 0x80000000; li a1, 1; c.subw a0, a1)
  TEST_CASE(38, a0, 0xffffffff80000000, li a0, 0x7fffffff; li a1, 1; c.addw a0, a1)
  TEST_CASE(39, a0, 0x0000000000000000, li a0, 0xffffffff; li a1, 0x100000001; c.addw a0, a1)

  # ---- CR format
  TEST_CASE(40, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; c.mv a0, a1)
  TEST_CASE(41, a0, 0x0000000100000000, li a0, 0xffffffff; li a1, 1; c.add a0, a1)
  TEST_CASE(42, t0, 0x1a, li t0, 0; la a1, 1f; c.jr a1; c.li t0, 1; 1: c.addi t0, 0x1a)
  # 43: c.jalr links the address after the 2-byte instruction
test_43:
  li TESTNUM, 43
  la a1, 1f
  c.jalr a1
2:
  j fail
1:
  la x7, 2b
  bne ra, x7, fail

  # ---- CJ / CB branches
  TEST_CASE(44, t0, 3, li t0, 1; c.j 1f; c.li t0, 0; 1: c.addi t0, 2)
  TEST_CASE(45, t0, 3, li t0, 1; li s0, 0; c.beqz s0, 1f; c.li t0, 0; 1: c.addi t0, 2)
  TEST_CASE(46, t0, 2, li t0, 1; li s0, 1; c.beqz s0, 1f; c.addi t0, 1; c.j 2f; 1: c.li t0, 0; 2: nop)
  TEST_CASE(47, t0, 3, li t0, 1; li s0, -1; c.bnez s0, 1f; c.li t0, 0; 1: c.addi t0, 2)
  TEST_CASE(48, t0, 2, li t0, 1; li s0, 0; c.bnez s0, 1f; c.addi t0, 1; c.j 2f; 1: c.li t0, 0; 2: nop)
  # 49: backward compressed branch loop
  TEST_CASE(49, a0, 10, li a0, 0; li s0, 5; 1: c.addi a0, 2; c.addi s0, -1; c.bnez s0, 1b)

  # ---- 32-bit instructions at addresses that are 2 mod 4
test_50:
  li TESTNUM, 50
  .balign 4
  c.nop
  .option push
  .option norvc
  addi a0, zero, 0x123
  addi a0, a0, 0x111
  .option pop
  li x7, 0x234
  bne a0, x7, fail
  # 51: jalr to a 32-bit instruction at a 2-mod-4 address
  TEST_CASE(51, a0, 0x55, la a1, 1f; li a0, 0; jr a1; .balign 4; c.nop; 1: .option push; .option norvc; addi a0, zero, 0x55; .option pop)

  # 52: a 32-bit instruction straddling a page boundary, reached by
  # sequential fetch (in the v env the second page is not mapped yet: the
  # fetch fault has epc = the instruction, tval = the second page)
test_52:
  li TESTNUM, 52
  li a0, 0
  j 1f
  .balign 4096
  .skip 4096 - 4
1:c.addi a0, 1
  .option push
  .option norvc
  addi a0, a0, 0x40
  .option pop
  li x7, 0x41
  bne a0, x7, fail

  .option pop
  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  .balign 16
cdat:
  .dword 0x0123456789abcdef
  .dword 0x76543210fedcba98
  .skip 1024
RVTEST_DATA_END
