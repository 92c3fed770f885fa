/* SPDX-License-Identifier: MIT */
/*
 * rvmmu "v" test environment: the test body runs in U-mode under Sv39,
 * its pages mapped on demand by a small supervisor (vm.h draws the address
 * map; vm_entry.S boots, vm_pager.c pages).  Same source contract as the p
 * environment (env/p/riscv_test.h) for U-mode bodies:
 *   RVTEST_RV64U, RVTEST_CODE_BEGIN/END, RVTEST_PASS/FAIL,
 *   RVTEST_DATA_BEGIN/END, TESTNUM (gp).
 * The body starts with every x register zero.  Pass and fail are ecalls
 * with a0 = the tohost value (1, or (TESTNUM << 1) | 1); the supervisor
 * checks the A/D bits of every page the body touched and writes tohost.
 */
#ifndef RVMMU_RISCV_TEST_H
#define RVMMU_RISCV_TEST_H

#include "../encoding.h"

#define TESTNUM gp

#define RVTEST_RV64U
#define RVTEST_RV32U
#define RVTEST_RV64S .error "the v environment runs U-mode bodies only"
#define RVTEST_RV64M .error "the v environment runs U-mode bodies only"

#define RVTEST_CODE_BEGIN                                               \
        .section .text.init, "ax", @progbits;                           \
        .align 6;                                                       \
        .globl userstart;                                               \
userstart:

#define RVTEST_CODE_END                                                 \
        unimp

#define RVTEST_PASS                                                     \
        fence;                                                          \
        li a0, 1;                                                       \
        ecall

/* A failure before the first numbered case reports case 0x7ff. */
#define RVTEST_FAIL                                                     \
        fence;                                                          \
        bnez TESTNUM, 1f;                                               \
        li TESTNUM, 0x7ff;                                              \
1:      slli a0, TESTNUM, 1;                                            \
        ori a0, a0, 1;                                                  \
        ecall

#define RVTEST_DATA_BEGIN                                               \
        .align 4;                                                       \
        .globl begin_signature;                                         \
begin_signature:

#define RVTEST_DATA_END                                                 \
        .align 4;                                                       \
        .globl end_signature;                                           \
end_signature:

#endif
