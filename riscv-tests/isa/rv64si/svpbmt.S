# SPDX-License-Identifier: MIT
# svpbmt: page-based memory types (Privileged chapter 7, menvcfg 3.1.18).
# With menvcfg.PBMTE = 1, leaves may say NC or IO (the accesses work: this
# machine's memory behaves alike for all three types); PBMT = 3 is
# reserved, and PBMT != 0 in a pointer is reserved: page faults. With
# PBMTE = 0 "the implementation behaves as though Svpbmt were not
# implemented": any PBMT != 0 is a reserved bit, a page fault.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define RW_AD (PTE_V | PTE_R | PTE_W | PTE_AD)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  MAP_PAGE(0, page_a, RW_AD | PTE_PBMT_NC)
  MAP_PAGE(1, page_b, RW_AD | PTE_PBMT_IO)
  MAP_PAGE(2, page_c, RW_AD | PTE_PBMT_3)
  MAP_PAGE(3, page_d, RW_AD)
  SET_PTE(pt_l1, 1, pt_l0, PTE_V | PTE_PBMT_NC)   # a pointer with PBMT
  # PBMTE is writable (Svpbmt implemented)
  li t0, MENVCFG_PBMTE; csrs CSR_MENVCFG, t0; sfence.vma
  TEST_CASE(2, a0, MENVCFG_PBMTE, csrr a0, CSR_MENVCFG; li t0, MENVCFG_PBMTE; and a0, a0, t0)

  ENTER_S
  TEST_LOAD_OK(3, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_LOAD_OK(4, VA_PAGE(1), 0xbbbbbbbbbbbbbbbb)
  TEST_STORE_OK(5, VA_PAGE(1), 0x1010)
  QEMU_DEVIATION(TEST_LOAD_FAULT(6, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(2)))
  TEST_LOAD_FAULT(7, CAUSE_LOAD_PAGE_FAULT, VA_MEGA(1))
  TEST_LOAD_OK(8, VA_PAGE(3), 0xdddddddddddddddd)
  ENTER_M

  # PBMTE = 0: bits 62:61 are reserved again
  li t0, MENVCFG_PBMTE; csrc CSR_MENVCFG, t0; sfence.vma
  ENTER_S
  QEMU_DEVIATION(TEST_LOAD_FAULT(9, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0)))
  QEMU_DEVIATION(TEST_STORE_FAULT(10, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1)))
  TEST_LOAD_OK(11, VA_PAGE(3), 0xdddddddddddddddd)
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
