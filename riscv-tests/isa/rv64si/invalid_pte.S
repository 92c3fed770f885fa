# SPDX-License-Identifier: MIT
# invalid_pte: encodings the Sv39 walk rejects (Privileged 4.3.2 steps 2-4,
# 4.4.1): V = 0, W = 1 with R = 0, reserved bits 63:54, A/D/U in a non-leaf
# PTE, and a non-canonical VA raise a page fault of the access type; a PTE
# read from outside RAM raises an access fault (cause 1/5/7), as does a
# leaf that points outside RAM.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

/* No device or memory there on rvmmu or the QEMU spike machine. */
#define NO_MEMORY 0x40000000

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  # VA_PAGE(0): V = 0 with every other bit set
  SET_PTE(pt_l0, 0, page_a, PTE_R | PTE_W | PTE_X | PTE_AD)
  # VA_PAGE(1): W without R (also with X)
  SET_PTE(pt_l0, 1, page_a, PTE_V | PTE_W | PTE_AD)
  SET_PTE(pt_l0, 2, code_page, PTE_V | PTE_W | PTE_X | PTE_AD)
  # VA_PAGE(3): a good page, then reserved bits set one at a time
  SET_PTE(pt_l0, 3, page_b, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  # VA_PAGE(4): a leaf pointing outside RAM
  SET_PTE_PA(pt_l0, 4, NO_MEMORY, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  sfence.vma

  ENTER_S
  TEST_LOAD_FAULT(2, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))
  TEST_STORE_FAULT(3, CAUSE_STORE_PAGE_FAULT, VA_PAGE(0))
  TEST_LOAD_FAULT(4, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1))
  TEST_STORE_FAULT(5, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1))
  TEST_FETCH_FAULT(6, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(2))
  TEST_LOAD_OK(7, VA_PAGE(3), 0xbbbbbbbbbbbbbbbb)
  # non-canonical VAs (bits 63:39 not all equal to bit 38)
  TEST_LOAD_FAULT(8, CAUSE_LOAD_PAGE_FAULT, 0x0000008000000000)
  TEST_STORE_FAULT(9, CAUSE_STORE_PAGE_FAULT, 0xffffff4000000000)
  TEST_FETCH_FAULT(10, CAUSE_FETCH_PAGE_FAULT, 0x4000000080002000)
  # a leaf outside RAM: access fault on the access itself
  TEST_LOAD_FAULT(11, CAUSE_LOAD_ACCESS, VA_PAGE(4))
  TEST_STORE_FAULT(12, CAUSE_STORE_ACCESS, VA_PAGE(4))
  ENTER_M

  # reserved PTE bits 54, 60, 61 and 63 on a leaf
#define RESERVED_LEAF(n, bit) \
  la t0, page_b; PTE_OF(t0, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD); \
  li t1, 1 << (bit); or t0, t0, t1; la t1, pt_l0; sd t0, 3 * 8(t1); \
  sfence.vma; \
  ENTER_S; \
  TEST_LOAD_FAULT(n, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3)); \
  ENTER_M
  RESERVED_LEAF(13, 54)
  RESERVED_LEAF(14, 60)
  RESERVED_LEAF(15, 61)
  RESERVED_LEAF(16, 63)
  SET_PTE(pt_l0, 3, page_b, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)

  # non-leaf PTE (pt_l1[0] -> pt_l0) with A, D, U or bit 54 set
#define BAD_NONLEAF(n, bits) \
  la t0, pt_l0; PTE_OF(t0, PTE_V); li t1, bits; or t0, t0, t1; \
  la t1, pt_l1; sd t0, 0(t1); sfence.vma; \
  ENTER_S; \
  TEST_LOAD_FAULT(n, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3)); \
  ENTER_M
  BAD_NONLEAF(17, PTE_A)
  BAD_NONLEAF(18, PTE_D)
  BAD_NONLEAF(19, PTE_U)
  BAD_NONLEAF(20, 1 << 54)
  # restored: the page is reachable again
  SET_PTE(pt_l1, 0, pt_l0, PTE_V)
  sfence.vma
  ENTER_S
  TEST_LOAD_OK(21, VA_PAGE(3), 0xbbbbbbbbbbbbbbbb)
  ENTER_M

  # the level-1 table pointer leads outside RAM: the PTE read is an
  # access fault of the original access type (cause 1/5/7, not 12/13/15)
  SET_PTE_PA(root_s, 4, NO_MEMORY, PTE_V)
  sfence.vma
  ENTER_S
  QEMU_DEVIATION(TEST_LOAD_FAULT(22, CAUSE_LOAD_ACCESS, 0x100000000))
  QEMU_DEVIATION(TEST_STORE_FAULT(23, CAUSE_STORE_ACCESS, 0x100000008))
  QEMU_DEVIATION(TEST_FETCH_FAULT(24, CAUSE_FETCH_ACCESS, 0x100001000))
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
