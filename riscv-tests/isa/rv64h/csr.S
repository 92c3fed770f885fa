# SPDX-License-Identifier: MIT
# csr: the H extension's CSRs (Privileged 20211203, sections 8.2-8.4):
# misa.H, hstatus.VSXL, the WARL masks of hedeleg/hideleg/hvip/hgatp,
# mideleg's read-only VS bits, GEILEN = 0 (hgeip/hgeie zero), the VS CSRs
# standing in for the S CSRs when V = 1, and which accesses from VS/VU
# raise virtual-instruction (22) rather than illegal-instruction (2)
# exceptions, counters through hcounteren.
#include "riscv_test.h"
#include "test_macros.h"
#include "h_test_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  H_INIT

  TEST_CASE(2, a0, 1, csrr a0, misa; srli a0, a0, 7; andi a0, a0, 1)
  TEST_CASE(3, a0, 2, csrr a0, hstatus; srli a0, a0, 32; andi a0, a0, 3)
  TEST_CASE(4, a0, 0xb1ff, li t0, -1; csrw hedeleg, t0; csrr a0, hedeleg; csrw hedeleg, zero)
  TEST_CASE(5, a0, 0x444, li t0, -1; csrw hideleg, t0; csrr a0, hideleg; csrw hideleg, zero)
  # bits 10, 6, 2 of mideleg are read-only one (QEMU 7.2 lets them be
  # cleared)
  QEMU_DEVIATION(TEST_CASE(6, a0, 0x444, csrw mideleg, zero; csrr a0, mideleg))
  # GEILEN = 0
  TEST_CASE(7, a0, 0, li t0, -1; csrw hgeie, t0; csrr a0, hgeie; csrr t1, hgeip; or a0, a0, t1)
  # hvip's VS bits show in hip and mip
  TEST_CASE(8, a0, 0x444, li t0, -1; csrw hvip, t0; csrr a0, hvip)
  TEST_CASE(9, a0, 0x444, csrr a0, hip)
  TEST_CASE(10, a0, 0x444, csrr a0, mip; andi a0, a0, 0x444; csrw hvip, zero)
  # hgatp: Sv39x4 is implemented, PPN bits 1:0 read as zero
  TEST_CASE(11, a0, 8, li t0, HGATP_SV39X4 | 0xfffff; csrw hgatp, t0; csrr a0, hgatp; srli a0, a0, 60)
  # (QEMU 7.2 keeps PPN bits 1:0: section 8.2.10 says they read as zero)
  QEMU_DEVIATION(TEST_CASE(12, a0, 0, csrr a0, hgatp; andi a0, a0, 3))
  csrw hgatp, zero

  # From VS: H CSRs are virtual-instruction, M CSRs illegal
  TEST_H_INSN_TRAP(13, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: csrr a0, hstatus)
  TEST_H_INSN_TRAP(14, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: csrw vsscratch, zero)
  TEST_H_INSN_TRAP(15, 3, CAUSE_ILLEGAL_INSN, ENTER_VS; 8: csrr a0, mstatus)
  # a write of a read-only H CSR is illegal even from VS
  TEST_H_INSN_TRAP(16, 3, CAUSE_ILLEGAL_INSN, ENTER_VS; 8: csrw hgeip, zero)
  # From VU: S CSRs are virtual-instruction (section 8.6.1; QEMU 7.2
  # raises illegal instruction)
  QEMU_DEVIATION(TEST_H_INSN_TRAP(17, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: csrr a0, sstatus))
  # From U (V = 0): H CSRs illegal
  TEST_H_INSN_TRAP(18, 3, CAUSE_ILLEGAL_INSN, ENTER_HU; 8: csrr a0, hstatus)

  # sscratch in VS is vsscratch
  li t0, 0x1234
  csrw vsscratch, t0
  li t0, 0x5678
  csrw sscratch, t0
  TEST_CASE(19, a0, 0x1234, ENTER_VS; csrr a0, sscratch; li t0, 0x9999; csrw sscratch, t0; ENTER_M)
  TEST_CASE(20, a0, 0x9999, csrr a0, vsscratch)
  TEST_CASE(21, a0, 0x5678, csrr a0, sscratch)
  # sstatus in VS is vsstatus (UXL = 2)
  li t0, MSTATUS_SUM
  csrw vsstatus, t0
  TEST_CASE(22, a0, MSTATUS_SUM, ENTER_VS; csrr a0, sstatus; ENTER_M; li t0, MSTATUS_SUM; and a0, a0, t0)
  TEST_CASE(23, a0, 2, ENTER_VS; csrr a0, sstatus; ENTER_M; srli a0, a0, 32; andi a0, a0, 3)
  TEST_CASE(24, a0, 0, csrr a0, sstatus; li t0, MSTATUS_SUM; and a0, a0, t0)
  # VS writes of sstatus reach vsstatus only
  TEST_CASE(25, a0, MSTATUS_MXR, ENTER_VS; li t0, MSTATUS_MXR; csrw sstatus, t0; ENTER_M; csrr a0, vsstatus; li t0, MSTATUS_MXR; and a0, a0, t0)
  TEST_CASE(26, a0, 0, csrr a0, mstatus; li t0, MSTATUS_MXR; and a0, a0, t0)

  # Counters: mcounteren off -> illegal; on but hcounteren off -> virtual
  csrwi mcounteren, 0
  csrwi hcounteren, 7
  TEST_H_INSN_TRAP(27, 3, CAUSE_ILLEGAL_INSN, ENTER_VS; 8: csrr a0, instret)
  csrwi mcounteren, 7
  csrwi hcounteren, 0
  TEST_H_INSN_TRAP(28, 3, CAUSE_VIRTUAL_INSN, ENTER_VS; 8: csrr a0, instret)
  csrwi hcounteren, 7
  csrwi scounteren, 0
  TEST_CASE(29, a0, 0, ENTER_VS; csrr t0, instret; li a0, 0; ENTER_M)
  TEST_H_INSN_TRAP(30, 3, CAUSE_VIRTUAL_INSN, ENTER_VU; 8: csrr a0, instret)

  TEST_PASSFAIL

  H_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  H_DATA
RVTEST_DATA_END
