# SPDX-License-Identifier: MIT
# CSRs OpenSBI and Linux probe at boot: mconfigptr (3.1.17) reads 0 and is
# read-only; menvcfg (3.1.18) and senvcfg (4.1.10) keep only the fields of
# implemented extensions (FIOM, the CMO fields, PBMTE, ADUE only with
# Svadu, STCE), the rest read-only zero; Smstateen is not implemented, so
# mstateen0..3 and sstateen0..3 do not exist: illegal instruction with the
# instruction bits in mtval, as OpenSBI's trap-and-skip probe expects.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

/* menvcfg: FIOM, CBIE, CBCFE, CBZE, ADUE, PBMTE, STCE */
#define MENVCFG_KNOWN (0xf1 | (7 << 61))
#define SENVCFG_KNOWN 0xf1

RVTEST_RV64M
RVTEST_CODE_BEGIN
  TEST_CASE(2, a0, 0, csrr a0, CSR_MCONFIGPTR)
  TEST_ILLEGAL(3, csrw CSR_MCONFIGPTR, zero)

  # 4, 5: all ones written, only known fields read back set; FIOM and
  # STCE are writable here (rvmmu and QEMU 7.2 both have Sstc)
  TEST_CASE(4, a0, 0, li a1, -1; csrw CSR_MENVCFG, a1; csrr a0, CSR_MENVCFG; li a2, ~MENVCFG_KNOWN; and a0, a0, a2)
  TEST_CASE(5, a0, 1, csrr a0, CSR_MENVCFG; andi a0, a0, 1)
  TEST_CASE(6, a0, 1, csrr a0, CSR_MENVCFG; srli a0, a0, 63)
  li a1, ~MENVCFG_ADUE
  csrc CSR_MENVCFG, a1
  TEST_CASE(7, a0, 0, li a1, -1; csrw CSR_SENVCFG, a1; csrr a0, CSR_SENVCFG; li a2, ~SENVCFG_KNOWN; and a0, a0, a2)
  TEST_CASE(8, a0, 1, csrr a0, CSR_SENVCFG; andi a0, a0, 1; csrw CSR_SENVCFG, zero)

  # Smstateen absent: from M and from S
  TEST_ILLEGAL(9, csrr a0, CSR_MSTATEEN0)
  TEST_ILLEGAL(10, csrw CSR_MSTATEEN0, zero)
  TEST_ILLEGAL(11, csrr a0, CSR_MSTATEEN3)
  TEST_ILLEGAL(12, csrr a0, CSR_SSTATEEN0)
  TEST_ILLEGAL(13, csrr a0, CSR_SSTATEEN3)
  ENTER_S
  TEST_ILLEGAL(14, csrr a0, CSR_SSTATEEN0)
  # senvcfg itself is an S CSR: S reads it without Smstateen's gate
  TEST_NO_TRAP(15, csrr a0, CSR_SENVCFG)
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
