# SPDX-License-Identifier: MIT
# svinval: fine-grained invalidation (Privileged chapter 8). The sequence
# sfence.w.inval; sinval.vma rs1, rs2; sfence.inval.ir makes a PTE change
# visible as sfence.vma rs1, rs2 would; all three are illegal in U-mode;
# with mstatus.TVM = 1, sinval.vma is illegal in S-mode while the two
# fences are not (they are "unaffected by the mstatus.TVM").
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"
#include "vm_test_macros.h"

/* Encoded by hand: binutils needs _svinval in -march for the names. */
#define SINVAL_VMA_A1_X0 .word 0x16058073
#define SINVAL_VMA_X0_X0 .word 0x16000073
#define SFENCE_W_INVAL   .word 0x18000073
#define SFENCE_INVAL_IR  .word 0x18100073

#define RW_AD (PTE_V | PTE_R | PTE_W | PTE_AD)

/* QEMU 7.2 raises these illegal-instruction traps from a helper and
 * leaves a stale mtval: the compat build checks the cause only. */
#ifdef RVTEST_QEMU_COMPAT
#define TEST_PRIV_ILLEGAL(n, insn) TEST_TRAP(n, CAUSE_ILLEGAL_INSN, 8: insn)
#else
#define TEST_PRIV_ILLEGAL(n, insn) TEST_ILLEGAL(n, insn)
#endif

/* (S-mode) pt_l0[0] = PTE(label, RW_AD) through the identity map. */
#define S_SET_PAGE0(label) \
  la t0, label; PTE_OF(t0, RW_AD); la t1, pt_l0; sd t0, 0(t1)

RVTEST_RV64M
RVTEST_CODE_BEGIN
  VM_INIT
  MAP_PAGE(0, page_a, RW_AD)

  ENTER_S
  TEST_LOAD_OK(2, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa)
  TEST_CASE(3, a0, 0xbbbbbbbbbbbbbbbb, S_SET_PAGE0(page_b); SFENCE_W_INVAL; li a1, VA_PAGE(0); SINVAL_VMA_A1_X0; SFENCE_INVAL_IR; ld a0, 0(a1))
  TEST_CASE(4, a0, 0xcccccccccccccccc, S_SET_PAGE0(page_c); SFENCE_W_INVAL; SINVAL_VMA_X0_X0; SFENCE_INVAL_IR; li a1, VA_PAGE(0); ld a0, 0(a1))
  ENTER_M

  # U-mode: all three are illegal
  USE_ROOT(root_u)
  ENTER_U
  TEST_PRIV_ILLEGAL(5, SINVAL_VMA_X0_X0)
  QEMU_DEVIATION(TEST_PRIV_ILLEGAL(6, SFENCE_W_INVAL))
  QEMU_DEVIATION(TEST_PRIV_ILLEGAL(7, SFENCE_INVAL_IR))
  ENTER_M

  # S-mode with TVM = 1: sinval.vma traps, the fences do not
  USE_ROOT(root_s)
  li t0, MSTATUS_TVM; csrs mstatus, t0
  ENTER_S
  TEST_PRIV_ILLEGAL(8, SINVAL_VMA_A1_X0)
  TEST_NO_TRAP(9, SFENCE_W_INVAL; SFENCE_INVAL_IR)
  ENTER_M
  li t0, MSTATUS_TVM; csrc mstatus, t0

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
