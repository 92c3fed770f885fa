# SPDX-License-Identifier: MIT
# mxr: MXR makes execute-only pages readable (Privileged 4.1.1.2, 4.3.1
# step 6), for loads only, in S and U; with SUM for U pages seen from S.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  # VA_PAGE(0): S execute-only; VA_PAGE(1): U execute-only;
  # VA_PAGE(2): S read-only, not executable
  MAP_PAGE(0, code_page, PTE_V | PTE_X | PTE_AD)
  MAP_PAGE(1, code_page, PTE_V | PTE_X | PTE_U | PTE_AD)
  MAP_PAGE(2, page_a, PTE_V | PTE_R | PTE_AD)

  ENTER_S
  # MXR = 0: execute-only is not readable
  TEST_LOAD_FAULT(2, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))
  TEST_FETCH_OK(3, VA_PAGE(0))
  # MXR = 1: readable, still executable, never writable
  li t0, MSTATUS_MXR
  csrs sstatus, t0
  TEST_LOAD_OK(4, VA_PAGE(0), CODE_WORD)
  TEST_FETCH_OK(5, VA_PAGE(0))
  TEST_STORE_FAULT(6, CAUSE_STORE_PAGE_FAULT, VA_PAGE(0))
  # MXR does not make readable pages executable
  TEST_FETCH_FAULT(7, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(2))
  # U execute-only from S: needs SUM as well
  TEST_LOAD_FAULT(8, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1))
  li t0, MSTATUS_SUM
  csrs sstatus, t0
  TEST_LOAD_OK(9, VA_PAGE(1), CODE_WORD)
  li t0, MSTATUS_SUM | MSTATUS_MXR
  csrc sstatus, t0
  # MXR cleared again: the cached translation must not keep it readable
  TEST_LOAD_FAULT(10, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(0))

  # U-mode: MXR (set by M) applies too
  ENTER_M
  USE_ROOT(root_u)
  ENTER_U
  TEST_LOAD_FAULT(11, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1))
  TEST_FETCH_OK(12, VA_PAGE(1))
  ENTER_M
  li t0, MSTATUS_MXR
  csrs mstatus, t0
  ENTER_U
  TEST_LOAD_OK(13, VA_PAGE(1), CODE_WORD)
  TEST_STORE_FAULT(14, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1))
  ENTER_M
  li t0, MSTATUS_MXR
  csrc mstatus, t0

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
