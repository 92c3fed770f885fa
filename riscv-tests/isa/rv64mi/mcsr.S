# SPDX-License-Identifier: MIT
# mcsr: machine-level CSR values and WARL behaviour (Privileged 3.1, 3.7).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define MISA_BIT(c) (1 << ((c) - 'A'))
#define MISA_REQUIRED (MISA_BIT('I') | MISA_BIT('M') | MISA_BIT('A') | MISA_BIT('C') | MISA_BIT('S') | MISA_BIT('U'))

RVTEST_RV64M
RVTEST_CODE_BEGIN

  #-------- misa: MXL = 2 (RV64), I M A C S U present --------
  TEST_CASE(2, a0, 2, csrr a0, misa; srli a0, a0, 62)
  TEST_CASE(3, a0, MISA_REQUIRED, csrr a0, misa; li a1, MISA_REQUIRED; and a0, a0, a1)
  # E is never set alongside I
  TEST_CASE(4, a0, 0, csrr a0, misa; li a1, MISA_BIT('E'); and a0, a0, a1)
  # writes are ignored (misa is WARL; rvmmu does not let software change it)
  TEST_CASE(5, a0, 0, csrr a1, misa; csrw misa, zero; csrr a0, misa; xor a0, a0, a1)
  TEST_CASE(6, a0, 0, csrr a1, misa; li a2, MISA_BIT('C'); csrc misa, a2; csrr a0, misa; xor a0, a0, a1)

  #-------- identification registers --------
  TEST_CASE(7, a0, 0, csrr a0, mhartid)
  # mvendorid/marchid/mimpid read (0 on rvmmu; QEMU reports its own marchid)
  TEST_NO_TRAP(8, csrr a0, mvendorid; csrr a0, marchid; csrr a0, mimpid; csrr a0, 0xf15)

  #-------- mstatus --------
  # UXL and SXL read 2: U and S are 64-bit
  TEST_CASE(9, a0, 0xa, csrr a0, mstatus; srli a0, a0, MSTATUS_UXL_SHIFT; andi a0, a0, 0xf)
  # writing FS/XS/VS never traps
  TEST_NO_TRAP(10, li a1, MSTATUS_FS | MSTATUS_XS | MSTATUS_VS; csrs mstatus, a1; csrc mstatus, a1)
  # MIE/SIE/MPIE/SPIE/SPP/MPRV/SUM/MXR/TVM/TW/TSR are writable
#define MSTATUS_RW_BITS (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
  TEST_CASE(11, a0, MSTATUS_RW_BITS & ~(MSTATUS_MIE | MSTATUS_SIE), li a1, MSTATUS_RW_BITS & ~(MSTATUS_MIE | MSTATUS_SIE); csrs mstatus, a1; csrr a0, mstatus; and a0, a0, a1; csrc mstatus, a1)
  TEST_CASE(12, a0, 0, li a1, MSTATUS_RW_BITS & ~(MSTATUS_MIE | MSTATUS_SIE); csrr a0, mstatus; and a0, a0, a1)
  # MPP holds M, S and U
  TEST_CASE(13, a0, MSTATUS_MPP_S, li a1, MSTATUS_MPP; csrc mstatus, a1; li a2, MSTATUS_MPP_S; csrs mstatus, a2; csrr a0, mstatus; and a0, a0, a1)
  TEST_CASE(14, a0, MSTATUS_MPP_M, li a1, MSTATUS_MPP; csrs mstatus, a1; csrr a0, mstatus; and a0, a0, a1)
  TEST_CASE(15, a0, 0, li a1, MSTATUS_MPP; csrc mstatus, a1; csrr a0, mstatus; and a0, a0, a1)

  #-------- mtvec: direct and vectored modes --------
  TEST_CASE(16, a0, 0x80000100, csrr s0, mtvec; li a1, 0x80000100; csrw mtvec, a1; csrr a0, mtvec; csrw mtvec, s0)
  TEST_CASE(17, a0, 0x80000101, csrr s0, mtvec; li a1, 0x80000101; csrw mtvec, a1; csrr a0, mtvec; csrw mtvec, s0)
  TEST_CASE(18, a0, 0x80000101, li a1, 0x80000101; csrw stvec, a1; csrr a0, stvec)

  #-------- scratch, cause, tval hold values --------
  TEST_CASE(19, a0, 0xfedcba9876543210, li a1, 0xfedcba9876543210; csrw mscratch, a1; csrr a0, mscratch)
  TEST_CASE(20, a0, 0x8000000000000007, li a1, 0x8000000000000007; csrw mcause, a1; csrr a0, mcause)
  TEST_CASE(21, a0, 2, li a1, 2; csrw mcause, a1; csrr a0, mcause)
  TEST_CASE(22, a0, 0x123456789abc, li a1, 0x123456789abc; csrw mtval, a1; csrr a0, mtval)

  #-------- medeleg: M-mode ecall (11) cannot be delegated --------
#define DELEG_EXC ((1 << 0) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 12) | (1 << 13) | (1 << 15))
  TEST_CASE(23, a0, DELEG_EXC, li a1, -1; csrw medeleg, a1; csrr a0, medeleg; li a1, DELEG_EXC; and a0, a0, a1; csrw medeleg, zero)
  # Priv 3.1.8: "medeleg[11] ... hardwired to zero"; QEMU 7.2 lets it be set
  QEMU_DEVIATION(TEST_CASE(39, a0, 0, li a1, -1; csrw medeleg, a1; csrr a0, medeleg; li a1, 1 << 11; and a0, a0, a1; csrw medeleg, zero))
  #-------- mideleg: the S interrupts are delegable, the M ones are not --------
  TEST_CASE(24, a0, MIP_SSIP | MIP_STIP | MIP_SEIP, li a1, -1; csrw mideleg, a1; csrr a0, mideleg; li a1, 0xaaa; and a0, a0, a1; csrw mideleg, zero)
  #-------- mie: all six standard enables are writable --------
  TEST_CASE(25, a0, 0xaaa, li a1, 0xaaa; csrw mie, a1; csrr a0, mie; and a0, a0, a1; csrw mie, zero)

  #-------- satp is WARL (Priv 4.1.11) --------
#define SATP_SV39 (8 << 60)
  TEST_CASE(26, a0, SATP_SV39 | (5 << 44) | 0x80123, li a1, SATP_SV39 | (5 << 44) | 0x80123; csrw satp, a1; csrr a0, satp)
  # a reserved MODE (1) leaves satp unchanged
  TEST_CASE(27, a0, SATP_SV39 | (5 << 44) | 0x80123, li a1, (1 << 60) | 0x1; csrw satp, a1; csrr a0, satp)
  # Sv48 is optional: either taken (QEMU) or ignored (rvmmu, Sv39 only)
test_28:
  li TESTNUM, 28
  li a1, (9 << 60) | 0x80456
  csrw satp, a1
  csrr a0, satp
  beq a0, a1, 1f
  li a2, SATP_SV39 | (5 << 44) | 0x80123
  bne a0, a2, fail
1:
  csrw satp, zero
  TEST_CASE(29, a0, 0, csrr a0, satp)

  #-------- PMP registers are WARL storage (Priv 3.7) --------
  TEST_CASE(30, a0, 0x0000000012345678, li a1, 0x12345678; csrw pmpaddr1, a1; csrr a0, pmpaddr1; csrw pmpaddr1, zero)
  TEST_CASE(31, a0, 0x00000000003fffff, li a1, 0x3fffff; csrw pmpaddr15, a1; csrr a0, pmpaddr15; csrw pmpaddr15, zero)
  # pmpcfg0 entry 1 = TOR R (entry 0 keeps the open NAPOT region)
  TEST_CASE(32, a0, 0x091f, csrr s0, pmpcfg0; li a1, 0x091f; csrw pmpcfg0, a1; csrr a0, pmpcfg0; li a1, 0xffff; and a0, a0, a1; csrw pmpcfg0, s0)
  TEST_NO_TRAP(33, csrr a0, pmpcfg2; csrr a0, pmpaddr2; csrr a0, pmpaddr14)
  # odd pmpcfg registers do not exist on RV64
  TEST_ILLEGAL(34, csrr a0, pmpcfg1)
  # pmpaddr16..63 and pmpcfg2..14 exist (Privileged 1.12: 64 entries, WARL,
  # may be read-only zero); QEMU 7.2 only knows 16 entries
  TEST_NO_TRAP(35, csrr a0, pmpcfg2)
  QEMU_DEVIATION(TEST_NO_TRAP(40, csrr a0, 0x3c0; csrr a0, 0x3ef; csrr a0, pmpcfg14))

  #-------- envcfg and triggers exist --------
  TEST_NO_TRAP(36, csrr a0, CSR_MENVCFG; csrw CSR_MENVCFG, zero; csrr a0, CSR_SENVCFG; csrw CSR_SENVCFG, zero)
  TEST_CASE(37, a0, 0, csrw CSR_TSELECT, zero; csrr a0, CSR_TSELECT)
  TEST_NO_TRAP(38, csrr a0, CSR_TDATA1)

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
