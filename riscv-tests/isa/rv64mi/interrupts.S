# SPDX-License-Identifier: MIT
# interrupts: machine software (CLINT msip) and timer (mtimecmp) interrupts,
# taken between instructions; priority MSI > MTI > SEI > SSI > STI when all
# go to M; M interrupts are enabled in lower modes regardless of MIE;
# vectored mtvec sends interrupt n to base + 4n (Privileged 3.1.7, 3.1.9).
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define INT(n) (CAUSE_INTERRUPT | (n))

RVTEST_RV64M
RVTEST_CODE_BEGIN
  csrw CSR_MENVCFG, zero          # STCE = 0: mip.STIP is software-written

  #-------- 2: machine software interrupt, mepc = the next instruction --------
test_2:
  li TESTNUM, 2
  RESET_TRAP_COUNT
  li a0, CLINT_MSIP
  li a1, 1
  sw a1, 0(a0)
  li a1, MIP_MSIP
  csrs mie, a1
  # pending but MIE = 0: not taken
  nop
  TRAP_FIELD(t0, TR_COUNT); bnez t0, fail
  csrr t0, mip; andi t0, t0, MIP_MSIP; beqz t0, fail
8:csrsi mstatus, MSTATUS_MIE
9:csrci mstatus, MSTATUS_MIE
  sw zero, 0(a0)
  TRAP_FIELD(t0, TR_COUNT); li t2, 1; bne t0, t2, fail
  CHECK_FIELD(TR_CAUSE, INT(IRQ_M_SOFT))
  TRAP_FIELD(t0, TR_EPC); la t2, 9b; bne t0, t2, fail
  # MPIE = 1 (MIE was 1), MPP = M
  TRAP_FIELD(t0, TR_STATUS); andi t0, t0, MSTATUS_MPIE; beqz t0, fail
  TEST_CASE(3, a0, 0, li a1, CLINT_MSIP; lw a0, 0(a1))
  TEST_CASE(4, a0, 0, csrr a0, mip; andi a0, a0, MIP_MSIP)

  #-------- 5: machine timer interrupt --------
test_5:
  li TESTNUM, 5
  RESET_TRAP_COUNT
  li a0, CLINT_MTIME
  ld a1, 0(a0)
  addi a1, a1, 100
  li a0, CLINT_MTIMECMP
  sd a1, 0(a0)
  li a1, MIP_MTIP
  csrs mie, a1
  csrsi mstatus, MSTATUS_MIE
  li a2, 100000000
1:TRAP_FIELD(t0, TR_COUNT)
  bnez t0, 2f
  addi a2, a2, -1
  bnez a2, 1b
  j fail
2:csrci mstatus, MSTATUS_MIE
  CHECK_FIELD(TR_CAUSE, INT(IRQ_M_TIMER))
  # MTIP stays pending until mtimecmp moves
  TEST_CASE(6, a0, MIP_MTIP, csrr a0, mip; andi a0, a0, MIP_MTIP)
  TEST_CASE(7, a0, 0, li a1, CLINT_MTIMECMP; li a2, -1; sd a2, 0(a1); csrr a0, mip; andi a0, a0, MIP_MTIP)

  #-------- 8: priority when several are pending (nothing delegated) --------
test_8:
  li TESTNUM, 8
  RESET_TRAP_COUNT
  li a0, CLINT_MTIMECMP
  sd zero, 0(a0)                 # MTIP
  li a0, CLINT_MSIP
  li a1, 1
  sw a1, 0(a0)                   # MSIP
  li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrs mip, a1
  li a1, MIP_MSIP | MIP_MTIP | MIP_SSIP | MIP_STIP | MIP_SEIP
  csrs mie, a1
  csrsi mstatus, MSTATUS_MIE
  nop
  csrci mstatus, MSTATUS_MIE
  sw zero, 0(a0)
  li a0, CLINT_MTIMECMP
  li a1, -1
  sd a1, 0(a0)
  li a1, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrc mip, a1
  # QEMU 7.2 takes simultaneous interrupts in ascending number order
  # (SSI, MSI, STI, MTI, SEI), against Priv 3.1.9; only the count is checked
  # in the compat build.
  TEST_CASE(9, a0, 5, TRAP_FIELD(a0, TR_COUNT))
  QEMU_DEVIATION(TEST_CASE(10, a0, INT(IRQ_M_SOFT), TRAP_FIELD(a0, TR_LOG + 0)))
  QEMU_DEVIATION(TEST_CASE(11, a0, INT(IRQ_M_TIMER), TRAP_FIELD(a0, TR_LOG + 8)))
  QEMU_DEVIATION(TEST_CASE(12, a0, INT(IRQ_S_EXT), TRAP_FIELD(a0, TR_LOG + 16)))
  QEMU_DEVIATION(TEST_CASE(13, a0, INT(IRQ_S_SOFT), TRAP_FIELD(a0, TR_LOG + 24)))
  QEMU_DEVIATION(TEST_CASE(14, a0, INT(IRQ_S_TIMER), TRAP_FIELD(a0, TR_LOG + 32)))

  #-------- 15: in U-mode an M interrupt is taken although MIE = 0 --------
test_15:
  li TESTNUM, 15
  RESET_TRAP_COUNT
  csrci mstatus, MSTATUS_MIE
  li a1, MIP_SSIP
  csrs mip, a1
  csrs mie, a1
  # pending and enabled in mie, MIE = 0: nothing happens in M
  nop
  TRAP_FIELD(t0, TR_COUNT); bnez t0, fail
  ENTER_U
  nop
  ENTER_M
  li a1, MIP_SSIP
  csrc mip, a1
  TEST_CASE(22, a0, 1, TRAP_FIELD(a0, TR_COUNT))
  TEST_CASE(16, a0, INT(IRQ_S_SOFT), TRAP_FIELD(a0, TR_CAUSE))
  TEST_CASE(17, a0, 0, TRAP_FIELD(a0, TR_STATUS); li a1, MSTATUS_MPP; and a0, a0, a1)

  #-------- 18: vectored mode: interrupt 3 goes to base + 12 --------
test_18:
  li TESTNUM, 18
  RESET_TRAP_COUNT
  la a0, vector_table
  ori a0, a0, 1
  csrw mtvec, a0
  la a0, vector_hit
  sd zero, 0(a0)
  li a0, CLINT_MSIP
  li a1, 1
  sw a1, 0(a0)
  li a1, MIP_MSIP
  csrs mie, a1
  csrsi mstatus, MSTATUS_MIE
  nop
  csrci mstatus, MSTATUS_MIE
  sw zero, 0(a0)
  TEST_CASE(19, a0, IRQ_M_SOFT, la a1, vector_hit; ld a0, 0(a1))
  # exceptions still go to base
  TEST_TRAP(20, CAUSE_MACHINE_ECALL, li a7, 0; 8: ecall)
  TEST_CASE(21, a0, 0x100, la a1, vector_hit; ld a0, 0(a1))
  la a0, rvtest_mtrap
  csrw mtvec, a0

  TEST_PASSFAIL

  TRAP_HANDLERS

  .balign 256
vector_table:
  .option push
  .option norvc
  j vec_exc
  .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
  j vec_slot_\n
  .endr
  .option pop
  # slot n records n, so a wrong slot is visible
  .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
vec_slot_\n:
  li t5, \n
  j vec_common
  .endr
vec_exc:
  li t5, 0x100
vec_common:
  la t6, vector_hit
  sd t5, 0(t6)
  j mtvec_handler

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
vector_hit:
  .dword 0
RVTEST_DATA_END
