# SPDX-License-Identifier: MIT
# ma_addr: misaligned accesses (Privileged 3.6.3.2 / Unprivileged 2.6, 8.4).
# rvmmu performs misaligned loads and stores in hardware (checked here and in
# rv64ui/ma_data).  Misaligned LR/SC/AMOs are never performed: rvmmu raises
# an access fault (load: 5, store/AMO: 7); the spec equally allows the
# address-misaligned exception (4/6), which QEMU raises, so both are
# accepted.  mtval must be the misaligned address and memory must not change.
# A misaligned SC must trap even without a reservation (Unprivileged 8.2);
# QEMU 7.2 checks the reservation first and just fails the SC.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

# `code` (with label 8: on the faulting instruction) must raise cause
# c1 or c2 with mtval = a1.
#define TEST_MA_FAULT(testnum, c1, c2, code...)                \
test_ ## testnum:                                               \
  li TESTNUM, testnum;                                          \
  ARM_RESUME(9f);                                               \
  code;                                                         \
  j fail;                                                       \
9:TRAP_FIELD(t0, TR_CAUSE);                                     \
  li t2, c1; beq t0, t2, 7f;                                    \
  li t2, QEMU_AMO_CAUSE; beq t0, t2, 7f;                        \
  li t2, c2; bne t0, t2, fail;                                  \
7:TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail;                    \
  TRAP_FIELD(t0, TR_EPC); la t2, 8b; bne t0, t2, fail;


/* QEMU 7.2 reports a misaligned AMO as a misaligned *load* (4); the
 * compat build tolerates that, the real build does not. */
#ifdef RVTEST_QEMU_COMPAT
#define QEMU_AMO_CAUSE CAUSE_MISALIGNED_LOAD
#else
#define QEMU_AMO_CAUSE CAUSE_LOAD_ACCESS + 100
#endif

RVTEST_RV64M
RVTEST_CODE_BEGIN

  #-------- misaligned loads and stores work --------
  TEST_CASE(2, a0, 0x0807060504030201 >> 8 | (0x09 << 56), la a1, madat; ld a0, 1(a1))
  TEST_CASE(3, a0, 0x0000000005040302, la a1, madat; lwu a0, 1(a1))
  TEST_CASE(4, a0, 0x0000000000000403, la a1, madat; lhu a0, 2(a1))
  TEST_CASE(21, a0, 0x0000000000000504, la a1, madat; lh a0, 3(a1))
  TEST_CASE(5, a0, 0x1122334455667788, la a1, stdat; li a2, 0x1122334455667788; sd a2, 3(a1); ld a0, 3(a1))
  TEST_CASE(6, a0, 0x0000000000007788, la a1, stdat; lhu a0, 3(a1))
  TEST_CASE(7, a0, 0xffffffffcafe5566, la a1, stdat; li a2, 0xcafe; sh a2, 7(a1); lw a0, 5(a1))

  #-------- misaligned LR/SC/AMO fault --------
  TEST_MA_FAULT(8, CAUSE_LOAD_ACCESS, CAUSE_MISALIGNED_LOAD, la a1, madat+1; 8: lr.w a0, (a1))
  TEST_MA_FAULT(9, CAUSE_LOAD_ACCESS, CAUSE_MISALIGNED_LOAD, la a1, madat+4; 8: lr.d a0, (a1))
  QEMU_DEVIATION(TEST_MA_FAULT(10, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+2; 8: sc.w a0, a2, (a1)))
  QEMU_DEVIATION(TEST_MA_FAULT(11, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+6; 8: sc.d a0, a2, (a1)))
  TEST_MA_FAULT(12, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+1; li a2, 1; 8: amoadd.w a0, a2, (a1))
  TEST_MA_FAULT(13, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+4; li a2, 1; 8: amoadd.d a0, a2, (a1))
  TEST_MA_FAULT(14, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+2; li a2, 1; 8: amoswap.w a0, a2, (a1))
  TEST_MA_FAULT(15, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+3; li a2, 1; 8: amoor.d a0, a2, (a1))
  TEST_MA_FAULT(16, CAUSE_STORE_ACCESS, CAUSE_MISALIGNED_STORE, la a1, madat+7; li a2, 1; 8: amomaxu.w a0, a2, (a1))
  # a faulting AMO leaves memory and rd untouched
  TEST_CASE(17, a0, 0x0807060504030201, la a1, madat; ld a0, 0(a1))
  TEST_CASE(18, a0, 0x100f0e0d0c0b0a09, la a1, madat; ld a0, 8(a1))
  TEST_CASE(19, a0, 0x77, li a0, 0x77; la a1, madat+1; li a2, 5; ARM_RESUME(1f); amoadd.w a0, a2, (a1); j fail; 1: nop)
  # an aligned AMO next to it still works
  TEST_CASE(20, a0, 0x04030201, la a1, madat; li a2, 0; amoadd.w a0, a2, (a1))

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  .balign 16
madat:
  .byte 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
stdat:
  .skip 32
  TRAP_DATA
RVTEST_DATA_END
