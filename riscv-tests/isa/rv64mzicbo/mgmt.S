# SPDX-License-Identifier: MIT
# cbo.clean, cbo.flush, cbo.inval (Zicbom, CMO 1.0.1 sections 2.5.1,
# 2.5.4): no data effect; M-mode may always; S-mode needs menvcfg.CBCFE
# (clean, flush) or menvcfg.CBIE != 00 (inval), U-mode needs the same in
# senvcfg too, else illegal instruction; CBIE = 10 is reserved (WARL, rvmmu
# stores 00); an access fault reports rs1 in mtval.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  csrw CSR_MENVCFG, zero
  csrw CSR_SENVCFG, zero

  # 2: M-mode: all three run and leave memory alone
  TEST_CASE(2, x14, 0x1122334455667788, la a0, dat+8; cbo.clean (a0); cbo.flush (a0); \
    cbo.inval (a0); ld x14, 0(a0))
  # 3: an access fault reports rs1
  li a0, 0x21
  TEST_TRAP_TVAL(3, CAUSE_STORE_ACCESS, 0x21, 8: cbo.flush (a0))

  # 4-6: S-mode with menvcfg = 0: all illegal
  la a0, dat
  ENTER_S
  TEST_ILLEGAL(4, cbo.clean (a0))
  TEST_ILLEGAL(5, cbo.flush (a0))
  TEST_ILLEGAL(6, cbo.inval (a0))
  ENTER_M
  # 7-8: CBIE = 10 reads back 00, 11 reads back 11
  TEST_CASE(7, x14, 0, li a1, 0x20; csrw CSR_MENVCFG, a1; csrr x14, CSR_MENVCFG)
  TEST_CASE(8, x14, 0x30, li a1, 0x30; csrw CSR_MENVCFG, a1; csrr x14, CSR_MENVCFG)
  # 9-11: menvcfg.CBCFE = 1, CBIE = 00: clean and flush run, inval is illegal
  li a1, 0x40
  csrw CSR_MENVCFG, a1
  la a0, dat
  ENTER_S
  TEST_NO_TRAP(9, cbo.clean (a0))
  TEST_NO_TRAP(10, cbo.flush (a0))
  TEST_ILLEGAL(11, cbo.inval (a0))
  ENTER_M
  # 12: menvcfg.CBIE = 01: inval runs (as a flush)
  li a1, 0x10
  csrw CSR_MENVCFG, a1
  la a0, dat
  ENTER_S
  TEST_NO_TRAP(12, cbo.inval (a0))
  ENTER_M
  # 13-14: U-mode with menvcfg enabling all, senvcfg = 0: illegal
  li a1, 0x70
  csrw CSR_MENVCFG, a1
  la a0, dat
  ENTER_U
  TEST_ILLEGAL(13, cbo.flush (a0))
  TEST_ILLEGAL(14, cbo.inval (a0))
  ENTER_M
  # 15-16: senvcfg enabling them too: they run
  li a1, 0x50
  csrw CSR_SENVCFG, a1
  la a0, dat
  ENTER_U
  TEST_NO_TRAP(15, cbo.clean (a0))
  TEST_NO_TRAP(16, cbo.inval (a0))
  ENTER_M
  TEST_CASE(17, x14, 0x1122334455667788, la a0, dat+8; ld x14, 0(a0))

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  .balign 64
dat:
  .dword 0x8877665544332211
  .dword 0x1122334455667788
RVTEST_DATA_END
