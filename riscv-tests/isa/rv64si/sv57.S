# SPDX-License-Identifier: MIT
# sv57: five-level translation (Privileged 4.6): the Sv48 tree hangs off
# entry 0 of an Sv57 root, so leaves of every size work: 4 KiB, 2 MiB,
# 1 GiB, 512 GiB (level 3) and 256 TiB (level 4, lower and upper half);
# bits 63:57 must equal bit 56 (4.6.1); a 256 TiB leaf with PPN[3:0] != 0
# is a misaligned superpage (4.3.2 step 6); the 256 TiB addresses are not
# canonical under Sv48.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

#define PETA_HI 0xffff000000000000

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  DEEP_INIT
  LEAVES_4K_TO_512G
  SET_PTE_PA(root57, 1, 0, LEAF_AD)                # 256 TiB: VA PETA -> PA 0
  SET_PTE_PA(root57, 511, 0, LEAF_AD)              # upper half
  SET_PTE_PA(root57, 2, TERA, LEAF_AD)             # misaligned 256 TiB
  USE_ROOT_MODE(root57, SATP_SV57)

  ENTER_S
  TEST_LOADS_4K_TO_512G(2, 3, 4, 5)
  TEST_CASE(6, a0, 0xaaaaaaaaaaaaaaaa, VA_AT(a1, PETA, page_a); ld a0, 0(a1))
  TEST_CASE(7, a0, 0xbbbbbbbbbbbbbbbb, VA_AT(a1, PETA_HI, page_b); ld a0, 0(a1))
  TEST_CASE(8, a0, 0x5757, VA_AT(a1, PETA, page_c); li a2, 0x5757; sd a2, 24(a1); la a1, page_c; ld a0, 24(a1))
  TEST_CASE(9, a0, CODE_MAGIC, VA_AT(a1, PETA, code_page); li a0, 0; jalr ra, a1)
  # bits 63:57 must equal bit 56
  TEST_LOAD_FAULT(10, CAUSE_LOAD_PAGE_FAULT, 0x0100000000000000)
  TEST_STORE_FAULT(11, CAUSE_STORE_PAGE_FAULT, 0xfe00000080000000)
  TEST_FETCH_FAULT(12, CAUSE_FETCH_PAGE_FAULT, 0x0200000080000000)
  # PPN[3:0] != 0 in a level-4 leaf
  TEST_LOAD_FAULT(13, CAUSE_LOAD_PAGE_FAULT, 2 * PETA + 0x1000)
  ENTER_M

  # Sv48 on the same tree: 512 GiB still works, 256 TiB is not canonical
  USE_ROOT_MODE(root48, SATP_SV48)
  ENTER_S
  TEST_CASE(14, a0, 0xdddddddddddddddd, VA_AT(a1, TERA, page_d); ld a0, 0(a1))
  TEST_LOAD_FAULT(15, CAUSE_LOAD_PAGE_FAULT, PETA + 0x80002000)
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
