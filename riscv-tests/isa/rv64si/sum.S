# SPDX-License-Identifier: MIT
# sum: U-bit and SUM rules of Sv39 (Privileged 4.3.1, 4.1.1.2): S-mode
# loads/stores to U pages fault unless SUM = 1; S-mode never executes from
# a U page, SUM or not; U-mode needs U = 1 for every access.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  # VA_PAGE(0): U data page; VA_PAGE(1): U code page;
  # VA_PAGE(2): S data page;  VA_PAGE(3): S code page
  MAP_PAGE(0, page_a, PTE_V | PTE_R | PTE_W | PTE_U | PTE_AD)
  MAP_PAGE(1, code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_AD)
  MAP_PAGE(2, page_b, PTE_V | PTE_R | PTE_W | PTE_AD)
  MAP_PAGE(3, code_page, PTE_V | PTE_R | PTE_X | PTE_AD)

  ENTER_S
  # SUM = 0: S loads and stores to a U page fault
  TEST_LOAD_FAULT(2, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))
  TEST_STORE_FAULT(3, CAUSE_STORE_PAGE_FAULT, VA_PAGE(0))
  TEST_LOAD_FAULT(4, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1))
  # S pages are fine
  TEST_LOAD_OK(5, VA_PAGE(2), 0xbbbbbbbbbbbbbbbb)
  TEST_STORE_OK(6, VA_PAGE(2), 0x1234)
  TEST_FETCH_OK(7, VA_PAGE(3))
  # S never fetches from a U page
  TEST_FETCH_FAULT(8, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(1))
  # SUM = 1: loads and stores succeed, fetches still fault
  li t0, MSTATUS_SUM
  csrs sstatus, t0
  sfence.vma
  TEST_FETCH_FAULT(23, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(1))
  TEST_LOAD_OK(9, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_STORE_OK(10, VA_PAGE(0), 0x5678)
  TEST_LOAD_OK(11, VA_PAGE(1), CODE_WORD)
  # a fetch right after a load through the same page: still a fault (QEMU
  # 7.2 caches the load's translation with execute permission and runs it)
  QEMU_DEVIATION(TEST_FETCH_FAULT(12, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(1)))
  # SUM does not affect S pages
  TEST_LOAD_OK(13, VA_PAGE(2), 0xbbbbbbbbbbbbbbbb)
  li t0, MSTATUS_SUM
  csrc sstatus, t0
  TEST_LOAD_FAULT(14, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))

  # U-mode (code leaf with U = 1): U pages yes, S pages no, SUM irrelevant
  ENTER_M
  USE_ROOT(root_u)
  li t0, MSTATUS_SUM
  csrs mstatus, t0
  ENTER_U
  TEST_LOAD_OK(15, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_STORE_OK(16, VA_PAGE(0), 0x9abc)
  TEST_FETCH_OK(17, VA_PAGE(1))
  TEST_LOAD_FAULT(18, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(2))
  TEST_STORE_FAULT(19, CAUSE_STORE_PAGE_FAULT, VA_PAGE(2))
  TEST_FETCH_FAULT(20, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(3))
  ENTER_M
  li t0, MSTATUS_SUM
  csrc mstatus, t0
  # the page contents seen physically: stores went through
  TEST_CASE(21, a0, 0x9abc, la a1, page_a; ld a0, 8(a1))
  TEST_CASE(22, a0, 0x1234, la a1, page_b; ld a0, 8(a1))

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
