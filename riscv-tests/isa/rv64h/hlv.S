# SPDX-License-Identifier: MIT
# hlv: HLV/HLVX/HSV from HS-mode (Privileged 20211203, section 8.3.2)
# through a VS-stage Sv39 table with hgatp Bare: sign and zero extension,
# hstatus.SPVP (VU or VS permissions), vsstatus.SUM, HLVX on execute-only
# pages (and not on non-executable ones), MXR from vsstatus and from
# sstatus, the faults' tval and GVA (mstatus.GVA, hstatus.GVA); then
# VS-mode's own loads through vsatp (mstatus.MPV and GVA on a fault taken
# to M). (The official hypervisor tests run HLV/HSV from M-mode.)
# QEMU 7.2 deviations: an HLV permission failure is an access fault there
# instead of a page fault (10-12, 26-27), so is an HLVX on an execute-only
# U page (17; cases 17-25 are left out of the compat build with it),
# vsstatus.SUM is ignored for SPVP = 1 (14, 16), and a VS-mode page fault
# leaves mstatus.GVA clear (30).
#include "riscv_test.h"
#include "test_macros.h"
#include "h_test_macros.h"
#include "vm_test_macros.h"

# Guest virtual pages (all in vs_l0): 0 U data, 1 S data, 2 U execute-only,
# 3 S execute-only, 4 U read-only not executable; GVA 0x80000000 up: an
# S gigapage over RAM (the code), for VS-mode itself.
#define GVA(n) ((n) << 12)
#define H_LEAF(label, flags) la t0, label; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, flags
#define H_PTE(table, index, label, flags) H_LEAF(label, flags); la t1, table; sd t0, (index) * 8(t1)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  H_INIT
  H_PTE(vs_root, 0, vs_l1, PTE_V)
  H_PTE(vs_l1, 0, vs_l0, PTE_V)
  H_PTE(vs_l0, 0, data_u, PTE_V | PTE_R | PTE_W | PTE_U | PTE_AD)
  H_PTE(vs_l0, 1, data_s, PTE_V | PTE_R | PTE_W | PTE_AD)
  H_PTE(vs_l0, 2, code_x, PTE_V | PTE_X | PTE_U | PTE_AD)
  H_PTE(vs_l0, 3, code_x, PTE_V | PTE_X | PTE_AD)
  H_PTE(vs_l0, 4, data_u, PTE_V | PTE_R | PTE_U | PTE_AD)
  li t0, (0x80000000 >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD
  la t1, vs_root
  sd t0, 2 * 8(t1)
  la t0, vs_root
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw vsatp, t0
  csrw hgatp, zero
  hfence.vvma
  hfence.gvma

  # SPVP = 0: VU permissions
  li s1, 0x8081828384858687
  TEST_CASE(2, a0, 0x8081828384858687, ENTER_HS; hlv.d a0, (zero); ENTER_M)
  TEST_CASE(3, a0, 0xffffffffffffff87, ENTER_HS; hlv.b a0, (zero); ENTER_M)
  TEST_CASE(4, a0, 0x87, ENTER_HS; hlv.bu a0, (zero); ENTER_M)
  TEST_CASE(5, a0, 0xffffffffffff8687, ENTER_HS; hlv.h a0, (zero); ENTER_M)
  TEST_CASE(6, a0, 0x8687, ENTER_HS; hlv.hu a0, (zero); ENTER_M)
  TEST_CASE(7, a0, 0xffffffff84858687, ENTER_HS; hlv.w a0, (zero); ENTER_M)
  TEST_CASE(8, a0, 0x84858687, ENTER_HS; hlv.wu a0, (zero); ENTER_M)
  li t2, 0x55aa
  TEST_CASE(9, a0, 0x55aa, ENTER_HS; hsv.h t2, (zero); ENTER_M; la t0, data_u; lhu a0, 0(t0); sd s1, 0(t0))
  # an S page from VU: load page fault to M, tval = the GVA, GVA = 1,
  # MPV = 0 (taken from M)
  li s2, GVA(1)
  QEMU_DEVIATION(
  TEST_H_TRAP(10, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlv.d a0, (s2));
  H_CHECK(H_TVAL, GVA(1));
  TEST_CASE(11, a0, 1, H_FIELD(a0, H_STATUS); srli a0, a0, 38; andi a0, a0, 3);
  TEST_H_TRAP(12, 3, CAUSE_STORE_PAGE_FAULT, ENTER_HS; 8: hsv.d zero, (s2)))

  # SPVP = 1: VS permissions; a U page needs vsstatus.SUM
  li t0, HSTATUS_SPVP
  csrs hstatus, t0
  TEST_CASE(13, a0, 0x1111, ENTER_HS; hlv.d a0, (s2); ENTER_M)
  QEMU_DEVIATION(TEST_H_TRAP(14, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlv.d a0, (zero)))
  li t0, MSTATUS_SUM
  csrs vsstatus, t0
  TEST_CASE(15, a0, 0x8081828384858687, ENTER_HS; hlv.d a0, (zero); ENTER_M)
  # sstatus.SUM is not vsstatus.SUM
  li t0, MSTATUS_SUM
  csrc vsstatus, t0
  csrs mstatus, t0
  QEMU_DEVIATION(TEST_H_TRAP(16, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlv.d a0, (zero)))
  li t0, MSTATUS_SUM
  csrc mstatus, t0
  li t0, HSTATUS_SPVP
  csrc hstatus, t0

  # HLVX: execute permission instead of read
  li s3, GVA(2)
  QEMU_DEVIATION(TEST_CASE(17, a0, 0x00100513, ENTER_HS; hlvx.wu a0, (s3); ENTER_M))
  QEMU_DEVIATION(TEST_CASE(18, a0, 0x0513, ENTER_HS; hlvx.hu a0, (s3); ENTER_M))
  QEMU_DEVIATION(TEST_H_TRAP(19, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlv.w a0, (s3)))
  # not executable: HLVX faults with a load page fault, HLV works
  li s4, GVA(4)
  QEMU_DEVIATION(TEST_H_TRAP(20, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlvx.wu a0, (s4)))
  QEMU_DEVIATION(TEST_CASE(21, a0, 0x84858687, ENTER_HS; hlv.wu a0, (s4); ENTER_M))
  # VS-level MXR, then HS-level MXR, make the execute-only page readable
  li t0, MSTATUS_MXR
  csrs vsstatus, t0
  QEMU_DEVIATION(TEST_CASE(22, a0, 0x00100513, ENTER_HS; hlv.wu a0, (s3); ENTER_M))
  li t0, MSTATUS_MXR
  csrc vsstatus, t0
  csrs mstatus, t0
  QEMU_DEVIATION(TEST_CASE(23, a0, 0x00100513, ENTER_HS; hlv.wu a0, (s3); ENTER_M))
  li t0, MSTATUS_MXR
  csrc mstatus, t0
  # SPVP = 1 on a U execute-only page: S may never execute U pages
  li t0, HSTATUS_SPVP
  csrs hstatus, t0
  QEMU_DEVIATION(TEST_H_TRAP(24, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlvx.wu a0, (s3)))
  li s3, GVA(3)
  QEMU_DEVIATION(TEST_CASE(25, a0, 0x00100513, ENTER_HS; hlvx.wu a0, (s3); ENTER_M))
  li t0, HSTATUS_SPVP
  csrc hstatus, t0

  # Delegated to HS: stval = GVA, hstatus.GVA = 1, SPV = 0
  li t0, 1 << CAUSE_LOAD_PAGE_FAULT
  csrw medeleg, t0
  QEMU_DEVIATION(TEST_H_TRAP(26, 1, CAUSE_LOAD_PAGE_FAULT, ENTER_HS; 8: hlv.d a0, (s2)))
  QEMU_DEVIATION(H_CHECK(H_TVAL, GVA(1)))
  QEMU_DEVIATION(TEST_CASE(27, a0, HSTATUS_GVA, H_FIELD(a0, H_STATUS); andi a0, a0, HSTATUS_GVA | HSTATUS_SPV))
  csrw medeleg, zero

  # VS-mode itself translates through vsatp
  TEST_CASE(28, a0, 0x1111, ENTER_VS; ld a0, 0(s2); ENTER_M)
  TEST_H_TRAP(29, 3, CAUSE_LOAD_PAGE_FAULT, ENTER_VS; 8: ld a0, 0(zero))
  H_CHECK(H_TVAL, 0)
  QEMU_DEVIATION(TEST_CASE(30, a0, 3, H_FIELD(a0, H_STATUS); srli a0, a0, 38; andi a0, a0, 3))
  # the same address from HS is physical: no translation (satp Bare)
  TEST_H_TRAP(31, 3, CAUSE_LOAD_ACCESS, ENTER_HS; 8: ld a0, 0(zero))

  TEST_PASSFAIL

  H_HANDLERS

  .balign 4096
code_x:
  .4byte 0x00100513  # li a0, 1
  .4byte 0x00008067  # ret
RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  H_DATA
  .balign 4096
vs_root: .fill 512, 8, 0
vs_l1:   .fill 512, 8, 0
vs_l0:   .fill 512, 8, 0
data_u:  .dword 0x8081828384858687
  .balign 4096
data_s:  .dword 0x1111
  .balign 4096
RVTEST_DATA_END
