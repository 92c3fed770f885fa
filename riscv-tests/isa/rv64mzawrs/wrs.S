# SPDX-License-Identifier: MIT
# wrs.nto, wrs.sto (Zawrs 1.01): they wait while the reservation set is
# valid and no interrupt is pending. rvmmu has one hart, so nothing else can
# end the wait: its implementation-defined time limit is zero. Hence:
# without a reservation both complete at once everywhere; with one, wrs.nto
# below M-mode with mstatus.TW = 1 "does not complete within the time limit"
# and raises illegal instruction; wrs.sto and M-mode never trap.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  csrw CSR_MENVCFG, zero
  la a0, rsv

  # 2-3: M-mode, with a reservation and TW = 1: no trap
  li a1, MSTATUS_TW
  csrs mstatus, a1
  TEST_NO_TRAP(2, lr.d a2, (a0); wrs.nto)
  TEST_NO_TRAP(3, lr.d a2, (a0); wrs.sto)

  # 4-7: S-mode, TW = 1
  ENTER_S
  TEST_NO_TRAP(4, wrs.nto)
  lr.d a2, (a0)
  TEST_ILLEGAL(5, wrs.nto)
  TEST_NO_TRAP(6, lr.d a2, (a0); wrs.sto)
  # 7: U-mode, TW = 1, with a reservation
  ENTER_U
  lr.d a2, (a0)
  TEST_ILLEGAL(7, wrs.nto)
  ENTER_M
  # 8-9: TW = 0: no trap in S or U
  li a1, MSTATUS_TW
  csrc mstatus, a1
  ENTER_S
  TEST_NO_TRAP(8, lr.d a2, (a0); wrs.nto)
  ENTER_U
  TEST_NO_TRAP(9, lr.d a2, (a0); wrs.nto)
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  .balign 8
rsv:
  .dword 0
RVTEST_DATA_END
