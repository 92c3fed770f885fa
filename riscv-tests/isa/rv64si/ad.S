# SPDX-License-Identifier: MIT
# ad: the accessed and dirty bits (Privileged 4.3.1, 4.3.2 step 7; Svadu).
# The first access to a page with A = 0 tells the policy: a page fault
# means Svade (software manages A/D: an access with A = 0, or a store with
# D = 0, faults and the PTE is unchanged); success means Svadu (the
# hardware sets A, and D for a store, in the PTE in memory).  Every later
# case is then checked exactly for that policy.  Under both, an access that
# fails its permission check sets neither bit (a faulting store leaves D
# clear).  s11 = 1 for Svadu, 0 for Svade.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

/* `insn` (a1 = va, a2 = 0x77) must trap with `cause` under Svade and
 * complete under Svadu; `epc` loads the expected epc into t2. */
#define TEST_AD_ACCESS(n, cause, va, insn...) \
  TEST_AD_ACCESS_EPC(n, cause, va, EPC_AT_INSN, insn)
#define TEST_AD_FETCH(n, va) \
  TEST_AD_ACCESS_EPC(n, CAUSE_FETCH_PAGE_FAULT, va, EPC_AT(va), jalr ra, a1)
#define EPC_AT_INSN la t2, 8b
#define EPC_AT(va) li t2, va
#define TEST_AD_ACCESS_EPC(n, cause, va, epc, insn...) \
test_ ## n: \
  li TESTNUM, n; \
  li a1, va; li a2, 0x77; li a0, 0; \
  ARM_RESUME(1f); \
8:insn; \
  DISARM; \
  beqz s11, fail; \
  j 2f; \
1:bnez s11, fail; \
  CHECK_FIELD(TR_CAUSE, cause); \
  TRAP_FIELD(t0, TR_EPC); epc; bne t0, t2, fail; \
  li a1, va; TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail; \
2:

/* (M-mode) pt_l0[i] must equal PTE(label, flags) plus `svadu` bits under
 * Svadu or `svade` bits under Svade. */
#define EXPECT_PTE(n, i, label, flags, svadu, svade) \
test_ ## n: \
  li TESTNUM, n; \
  la a0, label; PTE_OF(a0, flags); \
  li t0, svade; beqz s11, 1f; li t0, svadu; \
1:or a0, a0, t0; \
  GET_PTE(a1, pt_l0, i); \
  bne a0, a1, fail;

#define RW (PTE_V | PTE_R | PTE_W)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  MAP_PAGE(0, page_a, RW)                     # A = 0
  MAP_PAGE(1, page_b, RW | PTE_A)             # D = 0
  MAP_PAGE(2, page_c, RW)                     # A = D = 0
  MAP_PAGE(3, code_page, PTE_V | PTE_R | PTE_X)  # A = 0
  MAP_PAGE(4, page_d, PTE_V | PTE_R | PTE_A)  # read-only
  MAP_PAGE(5, page_d, RW | PTE_U)             # U page, A = D = 0
  MAP_PAGE(6, page_d, RW | PTE_A)             # D = 0, for an AMO

  ENTER_S
  # 2: which policy?  A load from a page with A = 0.
test_2:
  li TESTNUM, 2
  li a1, VA_PAGE(0)
  ARM_RESUME(1f)
8:ld a0, 0(a1)
  DISARM
  li s11, 1
  li t0, 0xaaaaaaaaaaaaaaaa
  bne a0, t0, fail
  j 2f
1:li s11, 0
  CHECK_FIELD(TR_CAUSE, CAUSE_LOAD_PAGE_FAULT)
  TRAP_FIELD(t0, TR_EPC); la t2, 8b; bne t0, t2, fail
  CHECK_FIELD(TR_TVAL, VA_PAGE(0))
2:
  # 4: store to A = 1, D = 0;  6: store to A = D = 0;  8: fetch with A = 0
  TEST_AD_ACCESS(4, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1), sd a2, 0(a1))
  TEST_AD_ACCESS(6, CAUSE_STORE_PAGE_FAULT, VA_PAGE(2), sd a2, 0(a1))
  TEST_AD_FETCH(8, VA_PAGE(3))
  # 10: a store to a read-only page faults under both policies
  TEST_STORE_FAULT(10, CAUSE_STORE_PAGE_FAULT, VA_PAGE(4))
  # 11: a U page from S without SUM faults under both policies
  TEST_LOAD_FAULT(11, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(5))
  TEST_STORE_FAULT(12, CAUSE_STORE_PAGE_FAULT, VA_PAGE(5))
  # 13: an AMO needs D like a store
  TEST_AD_ACCESS(13, CAUSE_STORE_PAGE_FAULT, VA_PAGE(6), amoadd.d a0, a2, (a1))
  ENTER_M

  EXPECT_PTE(3, 0, page_a, RW, PTE_A, 0)
  EXPECT_PTE(5, 1, page_b, RW | PTE_A, PTE_D, 0)
  EXPECT_PTE(7, 2, page_c, RW, PTE_A | PTE_D, 0)
  EXPECT_PTE(9, 3, code_page, PTE_V | PTE_R | PTE_X, PTE_A, 0)
  EXPECT_PTE(14, 4, page_d, PTE_V | PTE_R | PTE_A, 0, 0)
  EXPECT_PTE(15, 5, page_d, RW | PTE_U, 0, 0)
  EXPECT_PTE(16, 6, page_d, RW | PTE_A, PTE_D, 0)
  # 17: memory: the stores happened under Svadu only
#define EXPECT_MEM(n, label, svadu, svade) \
  TEST_CASE(n, a0, 0, la a1, label; ld a1, 0(a1); li a0, svade; \
    beqz s11, 1f; li a0, svadu; 1: sub a0, a0, a1)
  EXPECT_MEM(17, page_b, 0x77, 0xbbbbbbbbbbbbbbbb)
  EXPECT_MEM(18, page_c, 0x77, 0xcccccccccccccccc)
  EXPECT_MEM(19, page_d, 0xdddddddddddddddd + 0x77, 0xdddddddddddddddd)

  # 20: software sets A/D (what an Svade kernel does), sfence: all accesses work
  MAP_PAGE(0, page_a, RW | PTE_A | PTE_D)
  MAP_PAGE(2, page_c, RW | PTE_A | PTE_D)
  ENTER_S
  TEST_LOAD_OK(20, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_STORE_OK(21, VA_PAGE(2), 0x99)
  ENTER_M
  EXPECT_PTE(22, 2, page_c, RW | PTE_A | PTE_D, 0, 0)

  # 23: U-mode under Svadu sets A on a U page too (Svade: faults)
  MAP_PAGE(7, page_a, RW | PTE_U)
  USE_ROOT(root_u)
  ENTER_U
  TEST_AD_ACCESS(23, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(7), ld a0, 0(a1))
  ENTER_M
  EXPECT_PTE(24, 7, page_a, RW | PTE_U, PTE_A, 0)

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .text
  VM_CODE

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  VM_DATA
RVTEST_DATA_END
