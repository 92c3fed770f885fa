# SPDX-License-Identifier: MIT
# sfence: after a PTE change, sfence.vma makes the new translation visible
# (Privileged 4.2.1): by address, by ASID, by address and ASID, and all.
# Staleness without a fence is allowed and not tested.  Global mappings
# stay correct across ASID-scoped flushes and ASID switches, while a
# non-global mapping of the flushed ASID picks up its change.  The PTEs are
# rewritten from S-mode (the tables are in the S-visible identity leaf).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define RW (PTE_V | PTE_R | PTE_W | PTE_AD)

/* pt_l0[i] = PTE(label, flags), a plain store (no fence). */
#define REMAP(i, label, flags) SET_PTE(pt_l0, i, label, flags)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  # ASID: the largest value satp keeps (0 if ASIDLEN = 0)
  USE_ROOT_ASID(root_s, 0xffff)
  csrr s10, satp
  srli s10, s10, 44
  li t0, 0xffff
  and s10, s10, t0
  MAP_PAGE(0, page_a, RW)
  MAP_PAGE(1, page_a, RW | PTE_G)

  ENTER_S
  TEST_LOAD_OK(2, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  # sfence.vma va, x0
  REMAP(0, page_b, RW)
  li a1, VA_PAGE(0)
  sfence.vma a1, zero
  TEST_LOAD_OK(3, VA_PAGE(0), 0xbbbbbbbbbbbbbbbb)
  # sfence.vma va + offset (any address in the page)
  REMAP(0, page_c, RW)
  li a1, VA_PAGE(0) + 0xff8
  sfence.vma a1, zero
  TEST_LOAD_OK(4, VA_PAGE(0), 0xcccccccccccccccc)
  # sfence.vma x0, asid: the global page stays correct, the other changes
  TEST_LOAD_OK(5, VA_PAGE(1), 0xaaaaaaaaaaaaaaaa)
  REMAP(0, page_d, RW)
  sfence.vma zero, s10
  TEST_LOAD_OK(6, VA_PAGE(0), 0xdddddddddddddddd)
  TEST_LOAD_OK(7, VA_PAGE(1), 0xaaaaaaaaaaaaaaaa)
  # sfence.vma va, asid
  REMAP(0, page_a, RW)
  li a1, VA_PAGE(0)
  sfence.vma a1, s10
  TEST_LOAD_OK(8, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  # sfence.vma (everything), including a global page's change
  REMAP(0, page_b, RW)
  REMAP(1, page_c, RW | PTE_G)
  sfence.vma
  TEST_LOAD_OK(9, VA_PAGE(0), 0xbbbbbbbbbbbbbbbb)
  TEST_LOAD_OK(10, VA_PAGE(1), 0xcccccccccccccccc)
  # sfence.vma va, x0 flushes a global page too
  REMAP(1, page_d, RW | PTE_G)
  li a1, VA_PAGE(1)
  sfence.vma a1, zero
  TEST_LOAD_OK(11, VA_PAGE(1), 0xdddddddddddddddd)
  # a permission change is seen after the fence: read-only now
  TEST_STORE_OK(12, VA_PAGE(0), 0x31)
  REMAP(0, page_b, PTE_V | PTE_R | PTE_AD)
  li a1, VA_PAGE(0)
  sfence.vma a1, zero
  TEST_STORE_FAULT(13, CAUSE_STORE_PAGE_FAULT, VA_PAGE(0))
  # invalidated: V = 0 is seen after the fence
  SET_PTE_RAW(pt_l0, 0, 0)
  sfence.vma
  TEST_LOAD_FAULT(14, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))
  # a change in a non-leaf PTE is seen after sfence.vma x0, x0
  REMAP(0, page_c, RW)
  sfence.vma
  TEST_LOAD_OK(15, VA_PAGE(0), 0xcccccccccccccccc)
  SET_PTE_RAW(pt_l1, 0, 0)
  sfence.vma
  TEST_LOAD_FAULT(16, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))
  SET_PTE(pt_l1, 0, pt_l0, PTE_V)
  sfence.vma
  TEST_LOAD_OK(17, VA_PAGE(0), 0xcccccccccccccccc)
  ENTER_M

  # switching satp to another root (same ASID) and fencing: the new tables
  # are used.  root_u has no 0x4000_0000 table until now.
  SET_PTE_PA(root_u, 1, 0x80000000, RW | PTE_X)   # 1 GiB leaf
  la t0, root_u; srli t0, t0, 12; slli t1, s10, 44; or t0, t0, t1
  li t1, SATP_SV39; or t0, t0, t1
  csrw satp, t0
  sfence.vma
  ENTER_U
  # (U code runs: root_u's code leaf has U = 1; the new leaf is not U)
  TEST_LOAD_FAULT(18, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))
  ENTER_M
  SET_PTE_PA(root_u, 1, 0x80000000, RW | PTE_X | PTE_U)
  sfence.vma
  ENTER_U
  # VA 0x4000_0000 + x -> PA 0x8000_0000 + x
  TEST_CASE(19, a0, 0xaaaaaaaaaaaaaaaa, la a1, page_a; li t0, 0x80000000 - 0x40000000; sub a1, a1, t0; ld a0, 0(a1))
  ENTER_M

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
