# SPDX-License-Identifier: MIT
# tvm: with Sv39 on, mstatus.TVM = 1 makes S-mode satp accesses and
# sfence.vma illegal (Privileged 3.1.6.5) while translation itself goes on;
# with TVM = 0, S-mode satp writes take effect (after sfence.vma).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  MAP_PAGE(0, page_a, PTE_V | PTE_R | PTE_W | PTE_AD)
  csrr s10, satp
  li t0, MSTATUS_TVM
  csrs mstatus, t0

  ENTER_S
  TEST_LOAD_OK(2, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_ILLEGAL(3, csrr a0, satp)
  TEST_ILLEGAL(4, csrw satp, zero)
  TEST_ILLEGAL(5, csrrs a0, satp, zero)
  TEST_ILLEGAL(6, sfence.vma)
  TEST_ILLEGAL(7, sfence.vma a1, zero)
  TEST_ILLEGAL(8, sfence.vma zero, a1)
  # the trapped satp write did not turn translation off
  TEST_LOAD_OK(9, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  ENTER_M
  # M is not affected
  TEST_CASE(10, a0, 0, csrr a0, satp; sub a0, a0, s10)
  li t0, MSTATUS_TVM
  csrc mstatus, t0

  ENTER_S
  # TVM = 0: S turns translation off (Bare), then back on
  TEST_CASE(11, a0, 0, csrw satp, zero; sfence.vma; csrr a0, satp)
  # Bare: VA_PAGE(0) is now a physical hole
  TEST_LOAD_FAULT(12, CAUSE_LOAD_ACCESS, VA_PAGE(0))
  TEST_CASE(13, a0, 0, csrw satp, s10; sfence.vma; csrr a0, satp; sub a0, a0, s10)
  TEST_LOAD_OK(14, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
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
