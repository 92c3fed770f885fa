# SPDX-License-Identifier: MIT
# Sstc 1.0 (Privileged, "Supervisor Timer Register (stimecmp)" and
# menvcfg.STCE, 3.1.18): stimecmp exists and is always accessible from M;
# from S it needs menvcfg.STCE = 1 and mcounteren.TM = 1, from U it never is
# (illegal instruction, tval = the bits). With STCE = 1, mip/sip.STIP is
# time >= stimecmp and read-only; with STCE = 0 it is the bit M-mode writes.
# A stimecmp interrupt delegated to S is taken in S; wfi in S wakes on it.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define INT(n) (CAUSE_INTERRUPT | (n))
#define TM 2

RVTEST_RV64M
RVTEST_CODE_BEGIN
  # menvcfg.STCE is writable (Sstc implemented); the environment cleared it.
  TEST_CASE(2, a0, 0, csrr a0, CSR_MENVCFG; srli a0, a0, 63)
  TEST_CASE(3, a0, 1, li a1, MENVCFG_STCE; csrs CSR_MENVCFG, a1; csrr a0, CSR_MENVCFG; srli a0, a0, 63)
  # stimecmp is read/write from M
  TEST_CASE(4, a0, 0x123456789, li a1, 0x123456789; csrw CSR_STIMECMP, a1; csrr a0, CSR_STIMECMP)

  # STCE = 1: STIP = (time >= stimecmp), and writes to mip.STIP are ignored
  TEST_CASE(5, a0, 0, li a1, -1; csrw CSR_STIMECMP, a1; csrr a0, mip; andi a0, a0, MIP_STIP)
  TEST_CASE(6, a0, 0, li a1, MIP_STIP; csrs mip, a1; csrr a0, mip; andi a0, a0, MIP_STIP)
  TEST_CASE(7, a0, MIP_STIP, csrw CSR_STIMECMP, zero; csrr a0, mip; andi a0, a0, MIP_STIP)
  TEST_CASE(8, a0, MIP_STIP, li a1, MIP_STIP; csrc mip, a1; csrr a0, mip; andi a0, a0, MIP_STIP)
  # stimecmp in the future again: STIP clears
  TEST_CASE(9, a0, 0, csrr a1, time; li a2, 1000000000; add a1, a1, a2; csrw CSR_STIMECMP, a1; \
    csrr a0, mip; andi a0, a0, MIP_STIP)

  # STCE = 0: STIP is the software bit again, M-mode sets and clears it
  # (OpenSBI forwards its timer this way), whatever stimecmp says
  li a1, MENVCFG_STCE
  csrc CSR_MENVCFG, a1
  csrw CSR_STIMECMP, zero
  # QEMU 7.2 lets a stimecmp write set mip.STIP even with STCE = 0.
  QEMU_DEVIATION(TEST_CASE(10, a0, 0, csrr a0, mip; andi a0, a0, MIP_STIP))
  TEST_CASE(11, a0, MIP_STIP, li a1, MIP_STIP; csrs mip, a1; csrr a0, mip; andi a0, a0, MIP_STIP)
  TEST_CASE(12, a0, 0, li a1, MIP_STIP; csrc mip, a1; csrr a0, mip; andi a0, a0, MIP_STIP)
  li a1, -1
  csrw CSR_STIMECMP, a1

  # S-mode access: STCE = 0 -> illegal, even with TM = 1
  csrwi mcounteren, TM
  ENTER_S
  TEST_ILLEGAL(13, csrr a0, CSR_STIMECMP)
  TEST_ILLEGAL(14, csrw CSR_STIMECMP, zero)
  ENTER_M
  # STCE = 1, TM = 0 -> illegal
  li a1, MENVCFG_STCE
  csrs CSR_MENVCFG, a1
  csrwi mcounteren, 0
  ENTER_S
  TEST_ILLEGAL(15, csrr a0, CSR_STIMECMP)
  ENTER_M
  # STCE = 1, TM = 1 -> S reads and writes it
  csrwi mcounteren, TM
  ENTER_S
  TEST_CASE(16, a0, 0x777, li a1, 0x777; csrw CSR_STIMECMP, a1; csrr a0, CSR_STIMECMP)
  # STIP is pending (time >= 0x777) but not delegated: sip.STIP reads 0
  TEST_CASE(17, a0, 0, csrr a0, sip; andi a0, a0, MIP_STIP)
  ENTER_U
  # U-mode: stimecmp is an S-level CSR
  TEST_ILLEGAL(18, csrr a0, CSR_STIMECMP)
  ENTER_M

  #-------- 19: a stimecmp interrupt delegated to S is taken in S --------
  li a1, MIP_STIP
  csrs mideleg, a1
  csrs mie, a1
  ENTER_S
test_19:
  li TESTNUM, 19
  RESET_TRAP_COUNT
  csrr a1, time
  addi a1, a1, 100
  csrw CSR_STIMECMP, a1
  csrsi sstatus, MSTATUS_SIE
  li a2, 100000000
1:TRAP_FIELD(t0, TR_COUNT)
  bnez t0, 2f
  addi a2, a2, -1
  bnez a2, 1b
  j fail
2:csrci sstatus, MSTATUS_SIE
  CHECK_FIELD(TR_CAUSE, INT(IRQ_S_TIMER))
  CHECK_FIELD(TR_LEVEL, 1)
  # still pending until stimecmp moves (the handler only cleared STIE)
  TEST_CASE(20, a0, MIP_STIP, csrr a0, sip; andi a0, a0, MIP_STIP)
  TEST_CASE(21, a0, 0, li a1, -1; csrw CSR_STIMECMP, a1; csrr a0, sip; andi a0, a0, MIP_STIP)

  #-------- 22: wfi in S wakes when stimecmp passes (SIE = 0: not taken) --------
  TEST_NO_TRAP(22, csrr a1, time; addi a1, a1, 1000; csrw CSR_STIMECMP, a1; \
    li a1, MIP_STIP; csrs sie, a1; wfi; csrc sie, a1)
  TEST_CASE(23, a0, MIP_STIP, csrr a0, sip; andi a0, a0, MIP_STIP)
  li a1, -1
  csrw CSR_STIMECMP, a1
  ENTER_M
  li a1, MIP_STIP
  csrc mie, a1
  csrc mideleg, a1
  li a1, MENVCFG_STCE
  csrc CSR_MENVCFG, a1
  csrwi mcounteren, 0

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
