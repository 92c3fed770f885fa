# SPDX-License-Identifier: MIT
# trap: trap delegation M -> HS -> VS (Privileged 20211203, sections 8.4.2,
# 8.6.2), what trap entry writes (hstatus.SPV/SPVP, mstatus.MPV, the VS
# interrupt codes seen by VS-mode), sret/mret into V = 1, and the
# virtual-instruction exceptions of section 8.6.1 (wfi, sret, sfence.vma,
# satp, HLV/HFENCE from V = 1; HU for HLV in U-mode).
#include "riscv_test.h"
#include "test_macros.h"
#include "h_test_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  H_INIT

  # U ecall from VU, delegated by medeleg and hedeleg: to VS, SPP = 0
  li t0, 1 << CAUSE_USER_ECALL
  csrw medeleg, t0
  csrw hedeleg, t0
  TEST_H_TRAP(2, 5, CAUSE_USER_ECALL, ENTER_VU; 8: ecall)
  H_CHECK(H_TVAL, 0)
  TEST_CASE(3, a0, 0, H_FIELD(a0, H_STATUS); andi a0, a0, MSTATUS_SPP)
  # delegated by medeleg only: to HS, SPV = 1, SPVP = 0, GVA = 0
  csrw hedeleg, zero
  TEST_H_TRAP(4, 1, CAUSE_USER_ECALL, ENTER_VU; 8: ecall)
  TEST_CASE(5, a0, HSTATUS_SPV, H_FIELD(a0, H_STATUS); andi a0, a0, HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA)
  # from HU (V = 0): SPV = 0
  TEST_H_TRAP(6, 1, CAUSE_USER_ECALL, ENTER_HU; 8: ecall)
  TEST_CASE(7, a0, 0, H_FIELD(a0, H_STATUS); andi a0, a0, HSTATUS_SPV)
  csrw medeleg, zero
  # ecall from VS is cause 10; to M with MPV = 1, MPP = S
  TEST_H_TRAP(8, 3, CAUSE_VS_ECALL, ENTER_VS; 8: ecall)
  TEST_CASE(9, a0, 1, H_FIELD(a0, H_STATUS); srli a0, a0, 39; andi a0, a0, 1)
  TEST_CASE(10, a0, MSTATUS_MPP_S, H_FIELD(a0, H_STATUS); li t0, MSTATUS_MPP; and a0, a0, t0)
  # delegated to HS: SPV = 1, SPVP = 1
  li t0, 1 << CAUSE_VS_ECALL
  csrw medeleg, t0
  TEST_H_TRAP(11, 1, CAUSE_VS_ECALL, ENTER_VS; 8: ecall)
  TEST_CASE(12, a0, HSTATUS_SPV | HSTATUS_SPVP, H_FIELD(a0, H_STATUS); andi a0, a0, HSTATUS_SPV | HSTATUS_SPVP)
  csrw medeleg, zero

  # sret from HS with hstatus.SPV = 1 enters VS (an H CSR access there is
  # a virtual instruction) and clears SPV
  TEST_H_INSN_TRAP(13, 3, CAUSE_VIRTUAL_INSN, ENTER_HS; li t0, HSTATUS_SPV; csrs hstatus, t0; li t0, MSTATUS_SPP; csrs sstatus, t0; la t0, 8f; csrw sepc, t0; sret; 8: csrr a0, hstatus)
  TEST_CASE(14, a0, 0, csrr a0, hstatus; andi a0, a0, HSTATUS_SPV)
  # sret in VS returns to VU per vsstatus.SPP = 0, at vsepc (an ecall
  # there is from U, cause 8, not from VS)
  TEST_H_TRAP(15, 3, CAUSE_USER_ECALL, ENTER_VS; csrw sstatus, zero; la t0, 8f; csrw sepc, t0; sret; 8: ecall)

  # virtual-instruction exceptions
  TEST_H_INSN_TRAP(16, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: wfi)
  li t0, HSTATUS_VTW
  csrs hstatus, t0
  TEST_H_INSN_TRAP(17, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: wfi)
  li t0, HSTATUS_VTW
  csrc hstatus, t0
  li t0, MSTATUS_TW
  csrs mstatus, t0
  TEST_H_INSN_TRAP(18, 3, CAUSE_ILLEGAL_INSN, ENTER_VS; 8: wfi)
  li t0, MSTATUS_TW
  csrc mstatus, t0
  li t0, HSTATUS_VTSR
  csrs hstatus, t0
  TEST_H_INSN_TRAP(19, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: sret)
  li t0, HSTATUS_VTSR
  csrc hstatus, t0
  # (QEMU 7.2: illegal instruction)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(20, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: sret))
  li t0, HSTATUS_VTVM
  csrs hstatus, t0
  TEST_H_INSN_TRAP(21, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: sfence.vma)
  # (QEMU 7.2 lets VS-mode read satp under VTVM)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(22, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: csrr a0, satp))
  li t0, HSTATUS_VTVM
  csrc hstatus, t0
  # mstatus.TVM does not apply to VS-mode (section 8.6.1's note; QEMU 7.2
  # applies it)
  li t0, MSTATUS_TVM
  csrs mstatus, t0
  QEMU_DEVIATION(TEST_CASE(23, a0, 0, ENTER_VS; csrr a0, satp; sfence.vma; ENTER_M))
  li t0, MSTATUS_TVM
  csrc mstatus, t0
  # (QEMU 7.2: illegal instruction)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(24, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: sfence.vma))
  # (QEMU 7.2 executes HLV in VS-mode)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(25, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: hlv.w a0, (zero)))
  TEST_H_INSN_TRAP(26, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: hfence.gvma)
  # (QEMU 7.2: illegal instruction)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(27, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: hfence.vvma))
  TEST_H_INSN_TRAP(28, 3, CAUSE_ILLEGAL_INSN, ENTER_VS; 8: mret)
  # U-mode (V = 0): HFENCE illegal, HLV/HSV illegal unless hstatus.HU
  TEST_H_INSN_TRAP(29, 3, CAUSE_ILLEGAL_INSN, ENTER_HU; 8: hfence.vvma)
  la s1, h_word
  # (QEMU 7.2 executes it)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(30, 3, CAUSE_ILLEGAL_INSN, ENTER_HU; 8: hlv.w a0, (s1)))
  li t0, HSTATUS_HU
  csrs hstatus, t0
  TEST_CASE(31, a0, 0x5a5a, ENTER_HU; hlv.w a0, (s1); ENTER_M)
  li t0, HSTATUS_HU
  csrc hstatus, t0

  # cbo.zero with V = 1 (henvcfg.CBZE): illegal when menvcfg does not
  # enable it, virtual when only henvcfg does not (QEMU 7.2 has no Zicboz)
  la s1, h_block
  # (senvcfg.CBZE = 0: VU-mode is virtual too)
  QEMU_DEVIATION(
  TEST_H_INSN_TRAP(35, 3, CAUSE_ILLEGAL_INSN, ENTER_VS; 8: cbo.zero (s1));
  li t0, 1 << 7; csrs menvcfg, t0;
  TEST_H_INSN_TRAP(36, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: cbo.zero (s1));
  li t0, 1 << 7; csrs henvcfg, t0;
  TEST_CASE(37, a0, 0, ENTER_VS; cbo.zero (s1); ENTER_M; ld a0, 0(s1));
  TEST_H_INSN_TRAP(38, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: cbo.zero (s1)))

  # VS interrupts: VSSIP delegated by hideleg reaches VS as interrupt 1
  li t0, MIP_VSSIP
  csrw hideleg, t0
  csrw hie, t0
  li t0, MSTATUS_SIE
  csrw vsstatus, t0
  li t0, MIP_VSSIP
  csrw hvip, t0
  TEST_H_TRAP(32, 5, (1 << 63) | 1, ENTER_VS; 8: nop)
  # not delegated by hideleg: HS takes it as interrupt 2, even with SIE = 0
  csrw hideleg, zero
  TEST_H_TRAP(33, 1, (1 << 63) | 2, ENTER_VS; 8: nop)
  csrw hvip, zero
  # VSTIP through hvip, delegated: VS sees interrupt 5
  li t0, MIP_VSTIP
  csrw hideleg, t0
  csrw hie, t0
  csrw hvip, t0
  TEST_H_TRAP(34, 5, (1 << 63) | 5, ENTER_VU; 8: nop)
  csrw hvip, zero
  csrw hie, zero

  TEST_PASSFAIL

  H_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  H_DATA
h_word: .word 0x5a5a
  .balign 64
h_block: .fill 8, 8, -1
RVTEST_DATA_END
