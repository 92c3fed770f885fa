# SPDX-License-Identifier: MIT
# fs: mstatus.FS (Privileged 3.1.6.6) and the rounding-mode rules of F/D
# (Unprivileged 11.2). FS = Off makes FP instructions and fflags/frm/fcsr
# illegal; writing FP state makes FS Dirty and sets SD (also in sstatus);
# a dynamic rm with frm = 5, 6 or 7 is illegal when executed, a static rm
# of 5 or 6 always.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define FS_INITIAL (1 << 13)
#define FS_CLEAN   (2 << 13)
#define FS_DIRTY   (3 << 13)

RVTEST_RV64M
RVTEST_CODE_BEGIN

  #-------- FS = Off --------
  li t0, MSTATUS_FS
  csrc mstatus, t0
  TEST_ILLEGAL(2, fadd.s f1, f2, f3)
  TEST_ILLEGAL(3, fmv.x.d a0, f1)
  TEST_ILLEGAL(4, fld f1, 0(sp))
  TEST_ILLEGAL(5, csrr a0, fflags)
  TEST_ILLEGAL(6, csrw frm, zero)
  TEST_ILLEGAL(7, csrr a0, fcsr)
  TEST_TRAP(8, CAUSE_ILLEGAL_INSN, 8: c.fldsp f1, 0(sp))
  # SD is clear.
  TEST_CASE(9, a0, 0, csrr a0, mstatus; srli a0, a0, 63)

  #-------- FS = Initial/Clean: reads and x results leave it; writes dirty it --------
  li t0, FS_INITIAL
  csrs mstatus, t0
  TEST_CASE(10, a0, FS_INITIAL, fmv.x.d a1, f1; csrr a1, fflags; csrr a0, mstatus; li t0, MSTATUS_FS; and a0, a0, t0)
  TEST_CASE(11, a0, FS_DIRTY, fmv.d.x f1, zero; csrr a0, mstatus; li t0, MSTATUS_FS; and a0, a0, t0)
  TEST_CASE(12, a0, 1, csrr a0, mstatus; srli a0, a0, 63)
  TEST_CASE(13, a0, 1, csrr a0, sstatus; srli a0, a0, 63)
  # Clean stays Clean without a flag, turns Dirty through a raised flag
  # only (feq.d writes an x register; a sNaN operand raises NV).
  li t0, MSTATUS_FS
  csrc mstatus, t0
  li t0, FS_CLEAN
  csrs mstatus, t0
  li a1, 0x7ff0000000000000
  fmv.d.x f2, a1
  li t0, MSTATUS_FS
  csrc mstatus, t0
  li t0, FS_CLEAN
  csrs mstatus, t0
  TEST_CASE(15, a0, FS_CLEAN, feq.d a1, f2, f2; csrr a0, mstatus; li t0, MSTATUS_FS; and a0, a0, t0)
  li a1, 0x7ff0000000000001
  fmv.d.x f3, a1
  li t0, MSTATUS_FS
  csrc mstatus, t0
  li t0, FS_CLEAN
  csrs mstatus, t0
  QEMU_DEVIATION(TEST_CASE(16, a0, FS_DIRTY, feq.d a1, f3, f3; csrr a0, mstatus; li t0, MSTATUS_FS; and a0, a0, t0))
  feq.d a1, f3, f3
  TEST_CASE(17, a0, 0x10, csrr a0, fflags)
  # fcsr: frm in 7:5, fflags in 4:0, the rest reads zero.
  TEST_CASE(18, a0, 0xff, li a1, -1; csrw fcsr, a1; csrr a0, fcsr)
  TEST_CASE(19, a0, 7, csrr a0, frm)

  #-------- reserved rounding modes --------
  TEST_ILLEGAL(20, fadd.d f1, f2, f3)         # dyn with frm = 7
  csrwi frm, 5
  TEST_ILLEGAL(21, fcvt.w.d a0, f2)           # dyn with frm = 5
  csrwi frm, 6
  TEST_ILLEGAL(22, fmadd.s f1, f2, f3, f4)    # dyn with frm = 6
  TEST_ILLEGAL_WORD(23, 0xd20570d3)           # fcvt.d.w f1, a0 with rm = 7 (dyn)
  TEST_ILLEGAL_WORD(24, 0x003150d3)           # fadd.s f1, f2, f3, rm = 5
  TEST_ILLEGAL_WORD(25, 0x003160d3)           # fadd.s f1, f2, f3, rm = 6
  # A static mode ignores a reserved frm.
  TEST_NO_TRAP(26, fadd.d f1, f2, f3, rtz)
  csrwi frm, 4
  TEST_NO_TRAP(27, fadd.d f1, f2, f3)

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
