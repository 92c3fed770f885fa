# SPDX-License-Identifier: MIT
# sv48: four-level translation (Privileged 4.5): the Sv39 tables hang off
# entry 0 of an Sv48 root, so 4 KiB, 2 MiB and 1 GiB leaves work one level
# deeper; 512 GiB leaves at level 3 (lower and upper half); bits 63:48
# must equal bit 47 (4.5.1); a 512 GiB leaf with PPN[2:0] != 0 is a
# misaligned superpage (4.3.2 step 6); the same VA under Sv39 is
# non-canonical.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define TERA_HI 0xffffff8000000000

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  DEEP_INIT
  LEAVES_4K_TO_512G
  SET_PTE_PA(root48, 511, 0, LEAF_AD)              # upper half
  SET_PTE_PA(root48, 2, 0x80000000, LEAF_AD)       # misaligned 512 GiB
  USE_ROOT_MODE(root48, SATP_SV48)

  ENTER_S
  TEST_LOADS_4K_TO_512G(2, 3, 4, 5)
  TEST_CASE(6, a0, 0xaaaaaaaaaaaaaaaa, VA_AT(a1, TERA_HI, page_a); ld a0, 0(a1))
  # a store through the 512 GiB leaf lands at the physical address
  TEST_CASE(7, a0, 0x4848, VA_AT(a1, TERA, page_c); li a2, 0x4848; sd a2, 16(a1); la a1, page_c; ld a0, 16(a1))
  TEST_CASE(8, a0, CODE_MAGIC, VA_AT(a1, TERA, code_page); li a0, 0; jalr ra, a1)
  # bits 63:48 must equal bit 47
  TEST_LOAD_FAULT(9, CAUSE_LOAD_PAGE_FAULT, 0x0000800000000000)
  TEST_STORE_FAULT(10, CAUSE_STORE_PAGE_FAULT, 0x0001000000001000)
  TEST_FETCH_FAULT(11, CAUSE_FETCH_PAGE_FAULT, 0xffff7fff80000000)
  # PPN[2:0] != 0 in a level-3 leaf
  TEST_LOAD_FAULT(12, CAUSE_LOAD_PAGE_FAULT, 2 * TERA + 0x1000)
  ENTER_M

  # Sv39 again: the 512 GiB addresses are not canonical there
  USE_ROOT(root_s)
  ENTER_S
  TEST_LOAD_OK(13, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_LOAD_FAULT(14, CAUSE_LOAD_PAGE_FAULT, TERA + 0x80002000)
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
  VM_DATA_DEEP
RVTEST_DATA_END
