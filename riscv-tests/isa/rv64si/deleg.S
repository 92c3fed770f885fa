# SPDX-License-Identifier: MIT
# deleg: exceptions and interrupts delegated to S with medeleg/mideleg
# (Privileged 3.1.8, 4.1.3, 4.1.9): where traps go, what scause/stval/sepc
# and SPP/SPIE record, sip/sie as views of mip/mie, SSIP writable from S,
# STIP not, and S interrupt priority SEI > SSI > STI.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define INT(n) (CAUSE_INTERRUPT | (n))
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)

RVTEST_RV64S
RVTEST_CODE_BEGIN
  ENTER_M
  csrw CSR_MENVCFG, zero
  li a1, (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_USER_ECALL) | (1 << CAUSE_LOAD_ACCESS)
  csrw medeleg, a1
  li a1, S_INTS
  csrw mideleg, a1

  #-------- exceptions --------
  # 2: illegal instruction in M is never delegated
  TEST_ILLEGAL(2, csrr a0, 0x744)
  TEST_CASE(3, a0, 3, TRAP_FIELD(a0, TR_LEVEL))
  ENTER_S
  # 4: from S it goes to S, stval = bits, SPP = S
  TEST_ILLEGAL(4, csrr a0, 0x744)
  TEST_CASE(5, a0, 1, TRAP_FIELD(a0, TR_LEVEL))
  TEST_CASE(6, a0, MSTATUS_SPP, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_SPP)
  # 7: U ecall goes to S, stval = 0, SPP = U
  ENTER_U
  TEST_TRAP_TVAL(7, CAUSE_USER_ECALL, 0, li a7, 0; 8: ecall)
  TEST_CASE(8, a0, 1, TRAP_FIELD(a0, TR_LEVEL))
  TEST_CASE(9, a0, 0, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_SPP)
  # 10: a load access fault from U goes to S with stval = address
  TEST_TRAP_TVAL(10, CAUSE_LOAD_ACCESS, 0x10, li a1, 0x10; 8: ld a0, 0(a1))
  TEST_CASE(11, a0, 1, TRAP_FIELD(a0, TR_LEVEL))
  # 12: a non-delegated exception from U goes to M
  TEST_TRAP(12, CAUSE_BREAKPOINT, 8: ebreak)
  TEST_CASE(13, a0, 3, TRAP_FIELD(a0, TR_LEVEL))
  # leave U through a non-delegated trap that resumes in M
  ARM_RESUME_M(1f)
  ebreak
1:
  #-------- interrupts --------
  # 14: M sets STIP/SSIP in mip, S sees them in sip
  li a1, MIP_SSIP | MIP_STIP
  csrs mip, a1
  ENTER_S
  TEST_CASE(14, a0, MIP_SSIP | MIP_STIP, csrr a0, sip; andi a0, a0, MIP_SSIP | MIP_STIP)
  # 15: S clears SSIP through sip; a write to sip.STIP is ignored
  TEST_CASE(15, a0, MIP_STIP, li a1, MIP_SSIP | MIP_STIP; csrc sip, a1; csrr a0, sip; andi a0, a0, MIP_SSIP | MIP_STIP)
  # 16: sie is the view of mie for delegated interrupts
  TEST_CASE(16, a0, S_INTS, li a1, S_INTS; csrs sie, a1; csrr a0, sie; and a0, a0, a1; csrc sie, a1)
  # 17: pending STIP + enabled in sie but SIE = 0 in S: not taken
  TEST_NO_TRAP(17, li a1, MIP_STIP; csrs sie, a1; nop; nop; csrc sie, a1)
  # 18: SIE = 1: taken in S, sepc = the next instruction, SPIE = 1, SPP = S
test_18:
  li TESTNUM, 18
  RESET_TRAP_COUNT
  li a1, MIP_STIP
  csrs sie, a1
  csrsi sstatus, MSTATUS_SIE
9:csrci sstatus, MSTATUS_SIE
  TRAP_FIELD(t0, TR_COUNT); li t2, 1; bne t0, t2, fail
  CHECK_FIELD(TR_CAUSE, INT(IRQ_S_TIMER))
  CHECK_FIELD(TR_LEVEL, 1)
  TRAP_FIELD(t0, TR_EPC); la t2, 9b; bne t0, t2, fail
  TEST_CASE(19, a0, MSTATUS_SPIE | MSTATUS_SPP, TRAP_FIELD(a0, TR_STATUS); andi a0, a0, MSTATUS_SPIE | MSTATUS_SPP)
  # 20: in U an S interrupt is taken whatever SIE says; scause/SPP = U
  ENTER_M
  li a1, MIP_SSIP
  csrs mip, a1
  ENTER_S
  RESET_TRAP_COUNT
  li a1, MIP_SSIP
  csrs sie, a1
  ENTER_U
  nop
  ARM_RESUME_M(1f)
  ebreak
1:
  TEST_CASE(20, a0, INT(IRQ_S_SOFT), TRAP_FIELD(a0, TR_LOG + 0))
  TEST_CASE(21, a0, 2, TRAP_FIELD(a0, TR_COUNT))
  # 22: priority among delegated interrupts: SEI > SSI > STI
test_22:
  li TESTNUM, 22
  li a1, S_INTS
  csrs mip, a1
  ENTER_S
  RESET_TRAP_COUNT
  li a1, S_INTS
  csrs sie, a1
  csrsi sstatus, MSTATUS_SIE
  nop
  csrci sstatus, MSTATUS_SIE
  ENTER_M
  li a1, S_INTS
  csrc mip, a1
  TEST_CASE(23, a0, 3, TRAP_FIELD(a0, TR_COUNT))
  QEMU_DEVIATION(TEST_CASE(24, a0, INT(IRQ_S_EXT), TRAP_FIELD(a0, TR_LOG + 0)))
  QEMU_DEVIATION(TEST_CASE(25, a0, INT(IRQ_S_SOFT), TRAP_FIELD(a0, TR_LOG + 8)))
  QEMU_DEVIATION(TEST_CASE(26, a0, INT(IRQ_S_TIMER), TRAP_FIELD(a0, TR_LOG + 16)))
  # 27: a non-delegated S interrupt goes to M even from S with SIE = 0
  csrw mideleg, zero
  li a1, MIP_SSIP
  csrs mie, a1
  csrs mip, a1
  ENTER_S
  RESET_TRAP_COUNT
  nop
  ENTER_M
  TEST_CASE(27, a0, 3, TRAP_FIELD(a0, TR_LEVEL))
  TEST_CASE(28, a0, INT(IRQ_S_SOFT), TRAP_FIELD(a0, TR_CAUSE))
  li a1, MIP_SSIP
  csrc mip, a1
  csrw medeleg, zero

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
