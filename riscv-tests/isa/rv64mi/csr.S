# SPDX-License-Identifier: MIT
# csr: Zicsr semantics in M-mode (Unprivileged ch. 9, Privileged 2.1-2.4):
# read-modify-write results, the "no write" forms, read-only and unknown
# CSRs raising illegal instruction with mtval = the instruction bits.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN

  #-------- csrrw/csrrs/csrrc and immediates on mscratch --------
  TEST_CASE(2, a0, 0, csrw mscratch, zero; csrr a0, mscratch)
  TEST_CASE(3, a0, 0, li a1, 0x0123456789abcdef; csrrw a0, mscratch, a1)
  TEST_CASE(4, a0, 0x0123456789abcdef, csrr a0, mscratch)
  TEST_CASE(5, a0, 0x0123456789abcdef, li a1, 0xf0; csrrs a0, mscratch, a1)
  TEST_CASE(6, a0, 0x0123456789abcdff, csrr a0, mscratch)
  TEST_CASE(7, a0, 0x0123456789abcdff, li a1, 0x0f00000000000f0f; csrrc a0, mscratch, a1)
  TEST_CASE(8, a0, 0x0023456789abc0f0, csrr a0, mscratch)
  TEST_CASE(9, a0, 0x0023456789abc0f0, csrrwi a0, mscratch, 0x1f)
  TEST_CASE(10, a0, 0x1f, csrrsi a0, mscratch, 0x00; csrr a0, mscratch)
  TEST_CASE(11, a0, 0x1f, csrrci a0, mscratch, 0x05)
  TEST_CASE(12, a0, 0x1b, csrrsi a0, mscratch, 0x01; csrr a0, mscratch)
  TEST_CASE(13, a0, 0x1b, csrr a0, mscratch)
  # rd = x0 still writes; rd == rs1
  TEST_CASE(14, a0, 0x55, li a1, 0x55; csrrw x0, mscratch, a1; csrr a0, mscratch)
  TEST_CASE(15, a0, 0x55, li a0, 0xaa; csrrw a0, mscratch, a0)
  TEST_CASE(16, a0, 0xaa, csrr a0, mscratch)
  # csrrs/csrrc with a zero-valued rs1 (not x0) leave the value alone
  TEST_CASE(17, a0, 0xaa, li a1, 0; csrrs x0, mscratch, a1; csrrc x0, mscratch, a1; csrr a0, mscratch)

  #-------- read-only CSRs: reads are legal --------
  TEST_NO_TRAP(18, csrr a0, cycle; csrr a0, instret; csrr a0, mhartid; csrrs a0, mhartid, x0; csrrc a0, mvendorid, x0; csrrsi a0, marchid, 0; csrrci a0, mimpid, 0)

  #-------- writes to read-only CSRs are illegal (Priv 2.1) --------
  TEST_ILLEGAL(19, csrw cycle, a0)
  TEST_ILLEGAL(20, csrw instret, zero)
  TEST_ILLEGAL(21, csrrw a0, mhartid, zero)
  TEST_ILLEGAL(22, csrrwi a0, mvendorid, 0)
  TEST_ILLEGAL(23, li a1, 1; 8: csrrs a0, marchid, a1)
  TEST_ILLEGAL(24, li a1, 1; 8: csrrc a0, mimpid, a1)
  TEST_ILLEGAL(25, csrrsi a0, cycle, 1)
  TEST_ILLEGAL(26, csrrci a0, 0xc80, 1)
  TEST_ILLEGAL(27, csrw 0xcff, a0)
  TEST_ILLEGAL(28, csrw 0xf15, a0)
  # csrrs with rs1 != x0 is a write attempt even when rs1 holds 0
  # (Unprivileged 9.1), so it is illegal on a read-only CSR.  QEMU 7.2
  # treats it as a plain read.
  QEMU_DEVIATION(TEST_ILLEGAL(29, li a1, 0; 8: csrrs a0, cycle, a1))

  #-------- unknown CSRs are illegal, for reads as well --------
  TEST_ILLEGAL(30, csrr a0, 0x744)
  TEST_ILLEGAL(31, csrw 0x744, a0)
  TEST_ILLEGAL(32, csrr a0, 0x107)
  TEST_ILLEGAL(33, csrrs a0, 0x3ff, x0)
  # the trap left the destination register unchanged
  TEST_CASE(34, a0, 0x1234, li a0, 0x1234; ARM_RESUME(1f); csrr a0, 0x744; j fail; 1: nop)

  #-------- M-mode reaches every S-mode CSR --------
  TEST_CASE(35, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; csrw sscratch, a1; csrr a0, sscratch)
  TEST_NO_TRAP(36, csrr a0, sstatus; csrr a0, sie; csrr a0, sip; csrr a0, stvec; csrr a0, sepc; csrr a0, scause; csrr a0, stval; csrr a0, satp; csrr a0, scounteren; csrr a0, CSR_SENVCFG; csrr a0, CSR_MENVCFG)

  #-------- mepc/sepc bit 0 is always zero (C present: IALIGN=16) --------
  # (Priv 3.1.14, 4.1.7).  QEMU 7.2 keeps bit 0 and clears it only on xRET.
  TEST_CASE(37, a0, 0x0000000080000002, li a1, 0x0000000080000002; csrw mepc, a1; csrr a0, mepc)
  QEMU_DEVIATION(TEST_CASE(38, a0, 0x0000000080000002, li a1, 0x0000000080000003; csrw mepc, a1; csrr a0, mepc))
  QEMU_DEVIATION(TEST_CASE(39, a0, 0x0000000080000002, li a1, 0x0000000080000003; csrw sepc, a1; csrr a0, sepc))

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
