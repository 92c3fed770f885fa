# SPDX-License-Identifier: MIT
# ad_levels: the accessed and dirty bits (Privileged 4.3.1, 4.3.2 step 7)
# in leaves at every level of Sv57: 4 KiB, 2 MiB, 1 GiB, 512 GiB and
# 256 TiB, all A = D = 0. The first access tells the policy (a page fault:
# Svade; success: Svadu, hardware update). Svade: a load, then a store,
# trap with the VA in tval and leave the PTE as it was. Svadu: the load
# sets A, the store D, in the leaf the walk used. Then menvcfg.ADUE
# (Svadu, 3.1.18): when it reads 1 it must be writable, and clearing it
# must bring Svade behaviour at every level (and setting it back, Svadu);
# under Svade it must read 0.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define RW (PTE_V | PTE_R | PTE_W)

/* (M-mode) every test leaf with A = D = 0, then sfence.vma. */
#define SET_LEAVES \
  SET_PTE(pt_l0, 0, page_a, RW); \
  SET_PTE_PA(pt_l1, 1, 0x80000000, RW); \
  SET_PTE_PA(root_s, 3, 0x80000000, RW); \
  SET_PTE_PA(root48, 1, 0, RW); \
  SET_PTE_PA(root57, 1, 0, RW); \
  sfence.vma

/* `insn` (a1 = va) through the leaf table[index]: Svadu (s11 = 1) must
 * complete, leaving the PTE with `svadu` bits added; Svade must trap with
 * `cause`, tval = va, PTE unchanged. */
#define AD_CASE(n, cause, table, index, va, svadu, insn...) \
test_ ## n: \
  li TESTNUM, n; \
  GET_PTE(s3, table, index); \
  li a1, va; ARM_RESUME(1f); \
8:insn; \
  DISARM; beqz s11, fail; li t0, svadu; or s3, s3, t0; j 2f; \
1:bnez s11, fail; \
  CHECK_FIELD(TR_CAUSE, cause); \
  li a1, va; TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail; \
2:GET_PTE(t3, table, index); bne t3, s3, fail;

/* A load then a store through one leaf. */
#define AD_LEVEL(n, table, index, va) \
  AD_CASE(n, CAUSE_LOAD_PAGE_FAULT, table, index, va, PTE_A, ld a0, 0(a1)) \
  AD_CASE(n ## 1, CAUSE_STORE_PAGE_FAULT, table, index, va, PTE_A | PTE_D, sd a1, 0(a1))

/* Every level, from S-mode; `b` prefixes the case numbers. */
#define AD_ALL_LEVELS(b) \
  ENTER_S; \
  AD_LEVEL(b ## 0, pt_l0, 0, VA_PAGE(0)) \
  AD_LEVEL(b ## 2, pt_l1, 1, VA_MEGA(1) + 0x3000) \
  AD_LEVEL(b ## 4, root_s, 3, VA_GIGA + 0x4000) \
  AD_LEVEL(b ## 6, root48, 1, TERA + 0x80005000) \
  AD_LEVEL(b ## 8, root57, 1, PETA + 0x80006000) \
  ENTER_M

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  DEEP_INIT
  USE_ROOT_MODE(root57, SATP_SV57)
  SET_LEAVES

  # The policy: does a load through the 4 KiB leaf with A = 0 trap?
  li s11, 1
  ENTER_S
  li TESTNUM, 2
  ARM_RESUME(1f)
  li a1, VA_PAGE(0); ld a0, 0(a1)
  DISARM; j 2f
1:li s11, 0
2:ENTER_M
  SET_LEAVES

  AD_ALL_LEVELS(1)

  # menvcfg.ADUE agrees with the policy (QEMU 7.2 has no ADUE yet).
  li TESTNUM, 3
  csrr t0, CSR_MENVCFG; srli t0, t0, 61; andi t0, t0, 1
  QEMU_DEVIATION(bne t0, s11, fail)
  beqz t0, 3f
  # ADUE = 0: Svade at every level
  li t0, MENVCFG_ADUE; csrc CSR_MENVCFG, t0
  li s11, 0
  SET_LEAVES
  AD_ALL_LEVELS(2)
  # ADUE = 1 again: Svadu
  li t0, MENVCFG_ADUE; csrs CSR_MENVCFG, t0
  li s11, 1
  SET_LEAVES
  AD_ALL_LEVELS(3)
  j 4f
3:# no Svadu: ADUE is read-only zero
  li TESTNUM, 4
  li t0, MENVCFG_ADUE; csrs CSR_MENVCFG, t0
  csrr t0, CSR_MENVCFG; srli t0, t0, 61; andi t0, t0, 1
  QEMU_DEVIATION(bnez t0, fail)
4:
  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .text
  VM_CODE

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  VM_DATA
  VM_DATA_DEEP
RVTEST_DATA_END
