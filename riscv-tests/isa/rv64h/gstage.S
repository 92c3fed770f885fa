# SPDX-License-Identifier: MIT
# gstage: two-stage translation with an Sv39x4 G-stage (Privileged
# 20211203, sections 8.5.1 and 8.6): gigapage, megapage and 4 KiB G-stage
# leaves, the 41-bit guest physical space (bit 40 usable, bit 41 a
# guest-page fault), the U = 1 rule for G-stage leaves, guest-page faults
# 20/21/23 with mtval2/htval = gpa >> 2 and mtinst = 0 for explicit
# accesses, the 0x3000 pseudoinstruction for a VS-stage PTE read that
# fails at the G-stage, delegation of guest-page faults to HS, and
# hfence.gvma making a G-stage change visible.
#include "riscv_test.h"
#include "test_macros.h"
#include "h_test_macros.h"
#include "vm_test_macros.h"

#define PA_PTE(pa, flags) (((pa) >> 12) << 10 | (flags))
#define G_LEAF PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_AD
#define RAM 0x80000000
#define GPA_HIGH (1 << 40)
#define GPA_MEGA 0x200000
#define GPA_PAGE 0x400000
#define GPA_SPAGE 0x401000
#define GPA_HOLE 0x600000
#define H_PTE_AT(table, index, label, flags) \
  la t0, label; srli t0, t0, 12; slli t0, t0, 10; ori t0, t0, flags; \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)
#define H_RAW_PTE(table, index, value) \
  li t0, value; la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  H_INIT
  # G-stage: GPA 0x8000_0000 and GPA 1 << 40 -> RAM (gigapages);
  # GPA 0x20_0000 -> RAM (megapage); GPA 0x40_0000 -> data_a (4 KiB),
  # GPA 0x40_1000 -> data_a with U = 0; nothing at GPA 0x60_0000.
  H_RAW_PTE(g_root, 2, PA_PTE(RAM, G_LEAF))
  H_RAW_PTE(g_root, 1024 + 2, PA_PTE(RAM, G_LEAF))
  H_PTE_AT(g_root, 0, g_l1, PTE_V)
  H_RAW_PTE(g_l1, 1, PA_PTE(RAM, G_LEAF))
  H_PTE_AT(g_l1, 2, g_l0, PTE_V)
  H_PTE_AT(g_l0, 0, data_a, G_LEAF)
  H_PTE_AT(g_l0, 1, data_a, PTE_V | PTE_R | PTE_W | PTE_AD)
  la t0, g_root
  srli t0, t0, 12
  li t1, HGATP_SV39X4
  or t0, t0, t1
  csrw hgatp, t0
  hfence.gvma
  csrw vsatp, zero

  # HLV with vsatp Bare: GVA = GPA
  la s1, data_a
  li t0, RAM
  sub s2, s1, t0              # data_a's offset in RAM
  TEST_CASE(2, a0, 0x1234, li t0, GPA_PAGE; hlv.d a0, (t0))
  TEST_CASE(3, a0, 0x1234, li t0, GPA_MEGA; add t0, t0, s2; hlv.d a0, (t0))
  TEST_CASE(4, a0, 0x1234, li t0, RAM; add t0, t0, s2; hlv.d a0, (t0))
  # bit 40 is part of Sv39x4's guest physical space
  # (QEMU 7.2 raises a guest-page fault here)
  QEMU_DEVIATION(TEST_CASE(5, a0, 0x1234, li t0, GPA_HIGH + RAM; add t0, t0, s2; hlv.d a0, (t0)))
  # bit 41 is not: load guest-page fault, mtval = GVA, mtval2 = gpa >> 2
  li s3, (1 << 41) + GPA_PAGE
  TEST_H_TRAP(6, 3, CAUSE_LOAD_GUEST_PAGE_FAULT, 8: hlv.d a0, (s3))
  H_CHECK(H_TVAL, (1 << 41) + GPA_PAGE)
  H_CHECK(H_TVAL2, ((1 << 41) + GPA_PAGE) >> 2)
  H_CHECK(H_TINST, 0)
  # nothing mapped: load and store guest-page faults
  li s4, GPA_HOLE + 8
  TEST_H_TRAP(7, 3, CAUSE_LOAD_GUEST_PAGE_FAULT, 8: hlv.w a0, (s4))
  H_CHECK(H_TVAL2, (GPA_HOLE + 8) >> 2)
  TEST_H_TRAP(8, 3, CAUSE_STORE_GUEST_PAGE_FAULT, 8: hsv.w zero, (s4))
  H_CHECK(H_TVAL, GPA_HOLE + 8)
  # a G-stage leaf must have U = 1, whatever SPVP says
  li s5, GPA_SPAGE
  TEST_H_TRAP(9, 3, CAUSE_LOAD_GUEST_PAGE_FAULT, 8: hlv.d a0, (s5))
  li t0, HSTATUS_SPVP
  csrs hstatus, t0
  TEST_H_TRAP(10, 3, CAUSE_LOAD_GUEST_PAGE_FAULT, 8: hlv.d a0, (s5))
  li t0, HSTATUS_SPVP
  csrc hstatus, t0
  # stores through the G-stage reach the page
  TEST_CASE(11, a0, 0x77, li t0, GPA_PAGE; li t1, 0x77; hsv.b t1, (t0); lbu a0, 0(s1); li t1, 0x34; sb t1, 0(s1))

  # A VS-stage table whose root is not mapped by the G-stage: the implicit
  # PTE read faults, mtval2 = the PTE's gpa >> 2, mtinst = 0x3000
  li t0, (8 << 60) | (GPA_HOLE >> 12)
  csrw vsatp, t0
  TEST_H_TRAP(12, 3, CAUSE_LOAD_GUEST_PAGE_FAULT, 8: hlv.d a0, (zero))
  H_CHECK(H_TVAL, 0)
  H_CHECK(H_TVAL2, GPA_HOLE >> 2)
  H_CHECK(H_TINST, 0x3000)
  csrw vsatp, zero

  # VS-mode runs through the G-stage (code at GPA = PA in the gigapage)
  TEST_CASE(13, a0, 0x1234, ENTER_VS; li t0, GPA_PAGE; ld a0, 0(t0); ENTER_M)
  TEST_H_TRAP(14, 3, CAUSE_LOAD_GUEST_PAGE_FAULT, ENTER_VS; 8: ld a0, 0(s4))
  TEST_CASE(15, a0, 3, H_FIELD(a0, H_STATUS); srli a0, a0, 38; andi a0, a0, 3)
  H_CHECK(H_TVAL2, (GPA_HOLE + 8) >> 2)
  # a fetch from an unmapped gpa: instruction guest-page fault
  li s6, GPA_HOLE
test_16:
  li TESTNUM, 16
  H_ARM(9f)
  ENTER_VS
  jr s6
  j fail
9:
  H_CHECK(H_LEVEL, 3)
  H_CHECK(H_CAUSE, CAUSE_FETCH_GUEST_PAGE_FAULT)
  H_CHECK(H_EPC, GPA_HOLE)
  H_CHECK(H_TVAL, GPA_HOLE)
  H_CHECK(H_TVAL2, GPA_HOLE >> 2)
  # delegated to HS: htval, hstatus.SPV = GVA = 1
  li t0, 1 << CAUSE_LOAD_GUEST_PAGE_FAULT
  csrw medeleg, t0
  TEST_H_TRAP(17, 1, CAUSE_LOAD_GUEST_PAGE_FAULT, ENTER_VS; 8: ld a0, 0(s4))
  H_CHECK(H_TVAL, GPA_HOLE + 8)
  H_CHECK(H_TVAL2, (GPA_HOLE + 8) >> 2)
  TEST_CASE(18, a0, HSTATUS_SPV | HSTATUS_GVA, H_FIELD(a0, H_STATUS); andi a0, a0, HSTATUS_SPV | HSTATUS_GVA)
  csrw medeleg, zero

  # hfence.gvma: the G-stage leaf now points at data_b
  TEST_CASE(19, a0, 0x1234, li t0, GPA_PAGE; hlv.d a0, (t0))
  H_PTE_AT(g_l0, 0, data_b, G_LEAF)
  hfence.gvma
  TEST_CASE(20, a0, 0x5678, li t0, GPA_PAGE; hlv.d a0, (t0))

  TEST_PASSFAIL

  H_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  H_DATA
  .balign 16384
g_root: .fill 2048, 8, 0
g_l1:   .fill 512, 8, 0
g_l0:   .fill 512, 8, 0
data_a: .dword 0x1234
  .balign 4096
data_b: .dword 0x5678
  .balign 4096
RVTEST_DATA_END
