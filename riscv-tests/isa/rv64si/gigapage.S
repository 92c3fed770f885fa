# SPDX-License-Identifier: MIT
# gigapage: 1 GiB leaves at level 2 (Privileged 4.4.1, 4.3.2 step 6): VA
# bits 29:0 pass through; a leaf with PPN[1] or PPN[0] not zero is a
# misaligned superpage and raises a page fault.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

/* reg = VA_GIGA + (label - 0x8000_0000) (t0 clobbered) */
#define VA_IN_GIGA(reg, label) \
  la reg, label; li t0, 0x80000000; sub reg, reg, t0; li t0, VA_GIGA; add reg, reg, t0

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  SET_PTE_PA(root_s, 3, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  sfence.vma

  ENTER_S
  TEST_CASE(2, a0, 0xaaaaaaaaaaaaaaaa, VA_IN_GIGA(a1, page_a); ld a0, 0(a1))
  TEST_CASE(3, a0, 0xdddddddddddddddd, VA_IN_GIGA(a1, page_d); ld a0, 0(a1))
  TEST_CASE(4, a0, 0x4343, VA_IN_GIGA(a1, page_c); li a2, 0x4343; sd a2, 24(a1); la a1, page_c; ld a0, 24(a1))
  TEST_CASE(5, a0, CODE_MAGIC, VA_IN_GIGA(a1, code_page); li a0, 0; jalr ra, a1)
  # VPN[1] and VPN[0] pass through: an address 2 MiB + 4 KiB in
  TEST_CASE(6, a0, 0x2468, li a1, VA_GIGA + 0x201008; li a2, 0x2468; sd a2, 0(a1); li a1, 0x80201008; ld a0, 0(a1))
  ENTER_M

  # PPN[1] != 0 (2 MiB aligned only): misaligned
  SET_PTE_PA(root_s, 3, 0x80200000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  sfence.vma
  ENTER_S
  TEST_LOAD_FAULT(7, CAUSE_LOAD_PAGE_FAULT, VA_GIGA + 0x100)
  TEST_STORE_FAULT(8, CAUSE_STORE_PAGE_FAULT, VA_GIGA + 0x100)
  TEST_FETCH_FAULT(9, CAUSE_FETCH_PAGE_FAULT, VA_GIGA + 0x2000)
  ENTER_M
  # PPN[0] != 0 (4 KiB aligned only): misaligned
  SET_PTE_PA(root_s, 3, 0x80001000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  sfence.vma
  ENTER_S
  TEST_LOAD_FAULT(10, CAUSE_LOAD_PAGE_FAULT, VA_GIGA + 0x3ffffff8)
  ENTER_M
  # a gigapage in the user root, U = 1, used from U
  SET_PTE_PA(root_u, 3, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_AD)
  USE_ROOT(root_u)
  ENTER_U
  TEST_CASE(11, a0, 0xbbbbbbbbbbbbbbbb, VA_IN_GIGA(a1, page_b); ld a0, 0(a1))
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
