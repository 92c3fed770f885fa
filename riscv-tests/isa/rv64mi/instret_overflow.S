# SPDX-License-Identifier: MIT
# instret_overflow: minstret and mcycle count exactly from a written value
# (Privileged 3.1.11): the instruction after `csrw minstret, v` reads v, and
# the counter wraps from 2^64-1 to 0.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN

  # QEMU 7.2 derives minstret from host ticks (or coarse icount), so the
  # exact cases are QEMU_DEVIATION; the compat build checks only the wrap.
  TEST_CASE(11, a0, 1, li a1, -1; csrw minstret, a1; nop; csrr a0, minstret; li a1, 0x100000; sltu a0, a0, a1)
  QEMU_DEVIATION(TEST_CASE(2, a0, 100, li a1, 100; csrw minstret, a1; csrr a0, minstret))
  QEMU_DEVIATION(TEST_CASE(3, a0, 103, li a1, 100; csrw minstret, a1; nop; nop; nop; csrr a0, minstret))
  QEMU_DEVIATION(TEST_CASE(4, a0, 0xffffffffffffffff, li a1, -1; csrw minstret, a1; csrr a0, minstret))
  QEMU_DEVIATION(TEST_CASE(5, a0, 0, li a1, -1; csrw minstret, a1; nop; csrr a0, minstret))
  QEMU_DEVIATION(TEST_CASE(6, a0, 0, li a1, -2; csrw minstret, a1; nop; nop; csrr a0, minstret))
  # instret (the user view) is the same counter
  QEMU_DEVIATION(TEST_CASE(7, a0, 0x1001, li a1, 0x1000; csrw minstret, a1; nop; csrr a0, instret))
  # back-to-back reads differ by one instruction
  QEMU_DEVIATION(TEST_CASE(8, a0, 1, csrr a1, minstret; csrr a2, minstret; sub a0, a2, a1))
  # a trap-free loop of 3 instructions x 10 iterations is counted exactly (30)
  QEMU_DEVIATION(TEST_CASE(9, a0, 30, li a2, 10; csrw minstret, zero; 1: addi a2, a2, -1; nop; bnez a2, 1b; csrr a0, minstret))
  # mcycle: writable and advancing
  TEST_CASE(10, a0, 1, li a1, 1000; csrw mcycle, a1; nop; csrr a0, mcycle; sltu a0, a1, a0)

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
