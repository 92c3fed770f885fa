# SPDX-License-Identifier: MIT
# The counters OpenSBI and Linux probe (Privileged 3.1.10-3.1.13, 4.1.4):
# mhpmcounter3..31 and mhpmevent3..31 all exist (they may be read-only
# zero, 3.1.10: rvmmu's are) and read/write from M without trapping; the
# hpmcounterN views need mcounteren (S) and scounteren (U) bit N;
# mcountinhibit.TM (bit 1) is read-only zero; CY and IR stop mcycle and
# minstret while set and they run on after.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define TM 2

RVTEST_RV64M
RVTEST_CODE_BEGIN
  # 2, 3: every mhpmcounter and mhpmevent is accessible from M
  TEST_NO_TRAP(2,
    .irp n,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31;
      csrr a0, mhpmcounter\n; csrw mhpmcounter\n, a0; csrr a0, hpmcounter\n;
    .endr)
  TEST_NO_TRAP(3,
    .irp n,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31;
      csrw mhpmevent\n, zero; csrr a0, mhpmevent\n;
    .endr)

  # 4: mcountinhibit.TM is read-only zero; CY and IR are writable
  # (QEMU 7.2 stores every bit of mcountinhibit, TM included.)
  QEMU_DEVIATION(TEST_CASE(4, a0, 0, li a1, -1; csrw CSR_MCOUNTINHIBIT, a1; csrr a0, CSR_MCOUNTINHIBIT; \
    andi a0, a0, TM; csrw CSR_MCOUNTINHIBIT, zero))
  TEST_CASE(5, a0, MCOUNTINHIBIT_CY | MCOUNTINHIBIT_IR, li a1, MCOUNTINHIBIT_CY | MCOUNTINHIBIT_IR; \
    csrw CSR_MCOUNTINHIBIT, a1; csrr a0, CSR_MCOUNTINHIBIT; andi a0, a0, 7)
  # 6, 7: inhibited: minstret and mcycle stand still over 10 instructions
  TEST_CASE(6, a0, 0, csrr a1, minstret; .rept 10; nop; .endr; csrr a2, minstret; sub a0, a2, a1)
  TEST_CASE(7, a0, 0, csrr a1, mcycle; .rept 10; nop; .endr; csrr a2, mcycle; sub a0, a2, a1)
  # 8: a write while inhibited sticks
  TEST_CASE(8, a0, 1000, li a1, 1000; csrw minstret, a1; nop; csrr a0, minstret)
  # 9: enabled again, minstret counts on from there (the write of
  # mcountinhibit itself may or may not count: 1002..1004). (QEMU 7.2's
  # minstret is not exact.)
  csrw CSR_MCOUNTINHIBIT, zero
  QEMU_DEVIATION(TEST_CASE(9, a0, 1, nop; nop; csrr a1, minstret; addi a1, a1, -1002; sltiu a0, a1, 3))
  # 10: mcycle runs again
  TEST_CASE(10, a0, 1, csrr a1, mcycle; .rept 10; nop; .endr; csrr a2, mcycle; sltu a0, a1, a2)
  # 11: instret (the unprivileged view, a shadow of minstret) stands
  # still too (QEMU 7.2 lets instret run while minstret is inhibited)
  li a1, MCOUNTINHIBIT_IR
  csrw CSR_MCOUNTINHIBIT, a1
  QEMU_DEVIATION(TEST_CASE(11, a0, 0, csrr a1, instret; nop; nop; csrr a2, instret; sub a0, a2, a1))
  csrw CSR_MCOUNTINHIBIT, zero

  # hpmcounterN below M: S needs mcounteren[N], U also scounteren[N]
  csrwi mcounteren, 0
  csrwi scounteren, 0
  ENTER_S
  TEST_ILLEGAL(12, csrr a0, hpmcounter3)
  TEST_ILLEGAL(13, csrr a0, hpmcounter31)
  ENTER_M
  li a1, (1 << 3) | (1 << 31)
  csrw mcounteren, a1
  ENTER_S
  TEST_NO_TRAP(14, csrr a0, hpmcounter3; csrr a0, hpmcounter31)
  TEST_ILLEGAL(15, csrr a0, hpmcounter4)
  ENTER_U
  TEST_ILLEGAL(16, csrr a0, hpmcounter3)
  ENTER_S
  li a1, 1 << 3
  csrw scounteren, a1
  ENTER_U
  TEST_NO_TRAP(17, csrr a0, hpmcounter3)
  TEST_ILLEGAL(18, csrr a0, hpmcounter31)
  # the machine counters are M-only
  TEST_ILLEGAL(19, csrr a0, mhpmcounter3)
  ENTER_M
  csrwi mcounteren, 0
  csrwi scounteren, 0

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
