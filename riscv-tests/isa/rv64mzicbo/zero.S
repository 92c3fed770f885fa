# SPDX-License-Identifier: MIT
# cbo.zero (Zicboz, CMO 1.0.1 sections 2.5.2, 2.5.4): zeroes the 64-byte
# block holding rs1 (the block size the device tree advertises), nothing
# more; M-mode may always, S-mode when menvcfg.CBZE = 1, U-mode when
# menvcfg.CBZE and senvcfg.CBZE are both 1, else illegal instruction with
# the bits in mtval; an access fault reports rs1 in mtval (2.5.3).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

/* x14 = OR of the eight doublewords of the block at `reg`. */
#define BLOCK_OR(reg) \
  ld x14, 0(reg); ld t0, 8(reg); or x14, x14, t0; ld t0, 16(reg); or x14, x14, t0; \
  ld t0, 24(reg); or x14, x14, t0; ld t0, 32(reg); or x14, x14, t0; \
  ld t0, 40(reg); or x14, x14, t0; ld t0, 48(reg); or x14, x14, t0; \
  ld t0, 56(reg); or x14, x14, t0

#define PATTERN 0xa5a5a5a5a5a5a5a5

RVTEST_RV64M
RVTEST_CODE_BEGIN
  csrw CSR_MENVCFG, zero
  csrw CSR_SENVCFG, zero

  # 2-4: M-mode, rs1 in the middle of block 1: block 1 is zero, its
  # neighbours keep their bytes
  TEST_CASE(2, x14, 0, la a0, blk+64+13; cbo.zero (a0); la a1, blk+64; BLOCK_OR(a1))
  TEST_CASE(3, x14, PATTERN, la a1, blk; ld x14, 56(a1))
  TEST_CASE(4, x14, PATTERN, la a1, blk; ld x14, 128(a1))

  # 5: an access fault (no memory at 0x13) reports rs1 itself
  li a0, 0x13
  TEST_TRAP_TVAL(5, CAUSE_STORE_ACCESS, 0x13, 8: cbo.zero (a0))

  # 6: S-mode with menvcfg.CBZE = 0: illegal
  la a0, blk+128
  ENTER_S
  TEST_ILLEGAL(6, cbo.zero (a0))
  ENTER_M
  # 7: S-mode with menvcfg.CBZE = 1: block 2 is zeroed
  li a1, 0x80
  csrs CSR_MENVCFG, a1
  TEST_CASE(7, x14, 0x80, csrr x14, CSR_MENVCFG)
  la a0, blk+128+63
  ENTER_S
  TEST_NO_TRAP(8, cbo.zero (a0))
  ENTER_M
  TEST_CASE(9, x14, 0, la a1, blk+128; BLOCK_OR(a1))
  TEST_CASE(10, x14, PATTERN, la a1, blk; ld x14, 192(a1))

  # 11: U-mode with menvcfg.CBZE = 1 but senvcfg.CBZE = 0: illegal
  la a0, blk+192
  ENTER_U
  TEST_ILLEGAL(11, cbo.zero (a0))
  ENTER_M
  # 12: U-mode with both: block 3 is zeroed
  li a1, 0x80
  csrs CSR_SENVCFG, a1
  la a0, blk+192
  ENTER_U
  TEST_NO_TRAP(12, cbo.zero (a0))
  ENTER_M
  TEST_CASE(13, x14, 0, la a1, blk+192; BLOCK_OR(a1))
  TEST_CASE(14, x14, PATTERN, la a1, blk; ld x14, 256(a1))
  # 15: U-mode with senvcfg.CBZE = 1 but menvcfg.CBZE = 0: illegal
  li a1, 0x80
  csrc CSR_MENVCFG, a1
  la a0, blk+256
  ENTER_U
  TEST_ILLEGAL(15, cbo.zero (a0))
  ENTER_M
  TEST_CASE(16, x14, PATTERN, la a1, blk; ld x14, 256(a1))

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  .balign 64
blk:
  .rept 40
  .dword PATTERN
  .endr
RVTEST_DATA_END
