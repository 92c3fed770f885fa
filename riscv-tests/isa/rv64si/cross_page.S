# SPDX-License-Identifier: MIT
# cross_page: accesses that span two pages.  A misaligned load/store from
# a mapped page into an unmapped one page-faults with tval = the address of
# the part that faulted (the second page's first byte; rvmmu's choice,
# Privileged 3.1.16 allows it) and a faulting store writes nothing.  A
# 32-bit instruction straddling into an unmapped page raises an
# instruction page fault with epc = the instruction, tval = the second
# page (Privileged 3.1.16).  With both pages mapped everything works.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define RW (PTE_V | PTE_R | PTE_W | PTE_AD)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  MAP_PAGE(0, page_a, RW)               # VA_PAGE(1) unmapped
  MAP_PAGE(2, xpage, PTE_V | PTE_R | PTE_X | PTE_AD)  # VA_PAGE(3) unmapped
  MAP_PAGE(5, page_c, RW)               # VA_PAGE(4) unmapped

  ENTER_S
  TEST_TRAP_TVAL(2, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1), li a1, VA_PAGE(1) - 4; 8: ld a0, 0(a1))
  TEST_TRAP_TVAL(3, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1), li a1, VA_PAGE(1) - 1; 8: lw a0, 0(a1))
  TEST_TRAP_TVAL(4, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1), li a1, VA_PAGE(1) - 4; li a2, -1; 8: sd a2, 0(a1))
  # the first page is unchanged
  TEST_LOAD_OK(5, VA_PAGE(1) - 8, 0)
  TEST_TRAP_TVAL(6, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1), li a1, VA_PAGE(1) - 2; li a2, -1; 8: sw a2, 0(a1))
  TEST_LOAD_OK(7, VA_PAGE(1) - 8, 0)
  # the first page unmapped, the second mapped: tval = the access address
  TEST_TRAP_TVAL(8, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(5) - 4, li a1, VA_PAGE(5) - 4; 8: ld a0, 0(a1))
  TEST_TRAP_TVAL(9, CAUSE_STORE_PAGE_FAULT, VA_PAGE(5) - 2, li a1, VA_PAGE(5) - 2; 8: sw a0, 0(a1))
  TEST_LOAD_OK(10, VA_PAGE(5), 0xcccccccccccccccc)

  # straddling instruction: c.nop at +4092 runs, the 32-bit addi at +4094
  # faults on its second half
test_11:
  li TESTNUM, 11
  ARM_RESUME(1f)
  li a0, 0
  li a1, VA_PAGE(2) + 4092
  jalr ra, a1
  j fail
1:CHECK_FIELD(TR_CAUSE, CAUSE_FETCH_PAGE_FAULT)
  CHECK_FIELD(TR_EPC, VA_PAGE(2) + 4094)
  CHECK_FIELD(TR_TVAL, VA_PAGE(3))
  ENTER_M

  # both pages mapped: the straddling instruction and accesses work
  MAP_PAGE(1, page_b, RW)
  MAP_PAGE(3, xpage_next, PTE_V | PTE_R | PTE_X | PTE_AD)
  ENTER_S
  TEST_CASE(12, a0, 1, li a0, 0; li a1, VA_PAGE(2) + 4092; jalr ra, a1)
  TEST_LOAD_OK(13, VA_PAGE(1) - 4, 0xbbbbbbbb00000000)
  TEST_CASE(14, a0, 0x12345678, li a1, VA_PAGE(1) - 2; li a2, 0x12345678; sw a2, 0(a1); lw a0, 0(a1))
  TEST_CASE(15, a0, 0x1234, li a1, VA_PAGE(1); lhu a0, 0(a1))
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
