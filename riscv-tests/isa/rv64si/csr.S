# SPDX-License-Identifier: MIT
# csr (S-mode): sstatus is a restricted view of mstatus, S CSRs hold values,
# M CSRs and writes to read-only CSRs are illegal from S (Privileged 4.1).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define SSTATUS_VIEW (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)

RVTEST_RV64S
RVTEST_CODE_BEGIN

  TEST_CASE(2, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; csrw sscratch, a1; csrr a0, sscratch)
  TEST_CASE(3, a0, 0x0123456789abcdef, li a1, 0; csrrw a0, sscratch, a1)
  # sstatus: S fields writable, M fields invisible, UXL = 2
  TEST_CASE(4, a0, SSTATUS_VIEW & ~MSTATUS_SIE, li a1, SSTATUS_VIEW & ~MSTATUS_SIE; csrs sstatus, a1; csrr a0, sstatus; and a0, a0, a1; csrc sstatus, a1)
  TEST_CASE(5, a0, 0, li a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV; csrs sstatus, a1; csrr a0, sstatus; and a0, a0, a1)
  TEST_CASE(6, a0, 2, csrr a0, sstatus; srli a0, a0, MSTATUS_UXL_SHIFT; andi a0, a0, 3)
  # the mstatus M fields were not changed by the sstatus write
  ENTER_M
  TEST_CASE(7, a0, 0, csrr a0, mstatus; li a1, MSTATUS_MIE | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV; and a0, a0, a1)
  # a write of mstatus.SUM shows in sstatus
  li a1, MSTATUS_SUM
  csrs mstatus, a1
  ENTER_S
  TEST_CASE(8, a0, MSTATUS_SUM, csrr a0, sstatus; li a1, MSTATUS_SUM; and a0, a0, a1; csrc sstatus, a1)
  # stvec, sepc, scause, stval
  TEST_CASE(9, a0, 0x80000101, csrr s0, stvec; li a1, 0x80000101; csrw stvec, a1; csrr a0, stvec; csrw stvec, s0)
  TEST_CASE(10, a0, 0x80000004, li a1, 0x80000004; csrw sepc, a1; csrr a0, sepc)
  TEST_CASE(11, a0, 0x8000000000000005, li a1, 0x8000000000000005; csrw scause, a1; csrr a0, scause)
  TEST_CASE(12, a0, 0xfff, li a1, 0xfff; csrw stval, a1; csrr a0, stval)
  TEST_NO_TRAP(13, csrr a0, satp; csrr a0, CSR_SENVCFG; csrr a0, sie; csrr a0, sip; csrr a0, scounteren)
  # M-level CSRs are illegal from S, reads included
  TEST_ILLEGAL(14, csrr a0, mstatus)
  TEST_ILLEGAL(15, csrw mtvec, a0)
  TEST_ILLEGAL(16, csrr a0, medeleg)
  TEST_ILLEGAL(17, csrr a0, mip)
  TEST_ILLEGAL(18, csrr a0, pmpaddr0)
  TEST_ILLEGAL(19, csrr a0, CSR_MENVCFG)
  TEST_ILLEGAL(20, csrr a0, CSR_TSELECT)
  # read-only and unknown
  TEST_ILLEGAL(21, csrw cycle, zero)
  TEST_ILLEGAL(22, csrr a0, 0x744)
  # the trap went to M: nothing is delegated
  TEST_CASE(23, a0, 3, TRAP_FIELD(a0, TR_LEVEL))

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
