# SPDX-License-Identifier: MIT
# wfi (Privileged 3.1.6.5, 3.3.3): completes when an enabled interrupt is
# pending even with MIE = 0; in S-mode it is illegal when TW = 1; in U-mode
# it is illegal (S-mode is implemented; rvmmu and QEMU never let it
# complete).  mtval = the instruction bits.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN
  csrw CSR_MENVCFG, zero

  # 2: M-mode, MIE = 0, MSIP pending and enabled: wfi returns, no trap
  TEST_NO_TRAP(2, li a0, CLINT_MSIP; li a1, 1; sw a1, 0(a0); li a1, MIP_MSIP; csrs mie, a1; wfi; sw zero, 0(a0); csrc mie, a1)

  # 3: M-mode, timer becomes pending while waiting
  TEST_NO_TRAP(3, li a0, CLINT_MTIME; ld a1, 0(a0); addi a1, a1, 50; li a0, CLINT_MTIMECMP; sd a1, 0(a0); \
    li a1, MIP_MTIP; csrs mie, a1; wfi; csrc mie, a1; li a2, -1; sd a2, 0(a0))

  # 4: U-mode wfi is illegal (TW = 0)
  ENTER_U
  TEST_ILLEGAL(4, wfi)
  ENTER_M
  # 5: U-mode wfi is illegal (TW = 1)
  li a1, MSTATUS_TW
  csrs mstatus, a1
  ENTER_U
  TEST_ILLEGAL(5, wfi)
  ENTER_M
  # 6: S-mode wfi with TW = 1 is illegal
  ENTER_S
  TEST_ILLEGAL(6, wfi)
  ENTER_M
  li a1, MSTATUS_TW
  csrc mstatus, a1
  # 7: S-mode wfi with TW = 0 completes: SSIP pending, delegated, enabled in
  # sie, SIE = 0 (so it is not taken)
  li a1, MIP_SSIP
  csrs mideleg, a1
  csrs mie, a1
  csrs mip, a1
  ENTER_S
  TEST_NO_TRAP(7, wfi)
  ENTER_M
  li a1, MIP_SSIP
  csrc mip, a1
  csrc mie, a1
  csrc mideleg, a1

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
