/* SPDX-License-Identifier: MIT */
/*
 * rvmmu "p" test environment: physical addresses, no virtual memory.
 *
 * Contract with a test file (official riscv-tests source format):
 *   RVTEST_RV64U / RVTEST_RV64S / RVTEST_RV64M   choose the mode of the body
 *   RVTEST_CODE_BEGIN ... RVTEST_CODE_END          the test body
 *   RVTEST_PASS / RVTEST_FAIL                      report through tohost
 *   RVTEST_DATA_BEGIN ... RVTEST_DATA_END          test data (tohost lives apart)
 *   TESTNUM (gp) holds the number of the case being run.
 *
 * Boot (entry _start at 0x8000_0000, M-mode): zero x1..x31, park harts other
 * than 0, open PMP entry 0 over all memory (a trap there is tolerated: PMP is
 * optional, Priv 3.7), clear satp/medeleg/mideleg/mie/menvcfg, point mtvec at
 * the trap vector below and stvec at the test's stvec_handler (or at a
 * handler that fails the test), then mret into the body with mstatus = MPP of
 * the chosen mode and everything else 0 (Priv 3.3.2).
 *
 * Traps: every trap enters M-mode (nothing is delegated unless the test does
 * it).  If the test defines `mtvec_handler` the vector jumps there (t5 is
 * clobbered, everything else is intact); otherwise the trap is unexpected and
 * the test fails with code 1337.  A test may also define `stvec_handler`.
 * Both handlers may jump to `rvtest_unexpected_trap` to fail with 1337.
 *
 * tohost protocol (HTIF): pass writes 1, fail writes (TESTNUM << 1) | 1, as
 * two 32-bit stores, low word first, then repeats forever.  The store is done
 * from the current mode: PMP entry 0 makes tohost writable from U and S too.
 */
#ifndef RVMMU_RISCV_TEST_H
#define RVMMU_RISCV_TEST_H

#include "../encoding.h"

#define TESTNUM gp

/* Exit code of an unexpected trap: tohost = (1337 << 1) | 1. */
#define RVTEST_UNEXPECTED_TRAP_CODE 1337

/* The mode the body runs in is the MPP value the boot mrets with. */
#define RVTEST_RV64U .macro rvtest_body_mstatus; li t0, 0; .endm
#define RVTEST_RV64S .macro rvtest_body_mstatus; li t0, MSTATUS_MPP_S; .endm
#define RVTEST_RV64M .macro rvtest_body_mstatus; li t0, MSTATUS_MPP_M; .endm
/* 32-bit names accepted so that sources read like the official ones. */
#define RVTEST_RV32U RVTEST_RV64U
#define RVTEST_RV32S RVTEST_RV64S
#define RVTEST_RV32M RVTEST_RV64M

#define RVTEST_ZERO_XREGS \
  li x1, 0;  li x2, 0;  li x3, 0;  li x4, 0;  li x5, 0;  li x6, 0;  \
  li x7, 0;  li x8, 0;  li x9, 0;  li x10, 0; li x11, 0; li x12, 0; \
  li x13, 0; li x14, 0; li x15, 0; li x16, 0; li x17, 0; li x18, 0; \
  li x19, 0; li x20, 0; li x21, 0; li x22, 0; li x23, 0; li x24, 0; \
  li x25, 0; li x26, 0; li x27, 0; li x28, 0; li x29, 0; li x30, 0; \
  li x31, 0

#define RVTEST_CODE_BEGIN                                               \
        .section .text.init, "ax", @progbits;                           \
        .align 6;                                                       \
        .weak mtvec_handler;                                            \
        .weak stvec_handler;                                            \
        .globl _start;                                                  \
_start:                                                                 \
        j rvtest_reset;                                                 \
                                                                        \
        /* M-mode trap vector (direct mode; 4-byte aligned). */         \
        .align 2;                                                       \
rvtest_mtrap:                                                           \
        la t5, mtvec_handler;                                           \
        beqz t5, rvtest_unexpected_trap;                                \
        jr t5;                                                          \
                                                                        \
        .globl rvtest_unexpected_trap;                                  \
rvtest_unexpected_trap:                                                 \
        li TESTNUM, (RVTEST_UNEXPECTED_TRAP_CODE << 1) | 1;             \
        j rvtest_write_tohost;                                          \
                                                                        \
        /* Default S-mode vector: any trap delegated to S fails. */     \
        .align 2;                                                       \
rvtest_strap_default:                                                   \
        j rvtest_unexpected_trap;                                       \
                                                                        \
        /* Skip the trapping instruction (used while probing at boot). */\
        .align 2;                                                       \
rvtest_mtrap_skip:                                                      \
        csrr t0, mepc;                                                  \
        addi t0, t0, 4;                                                 \
        csrw mepc, t0;                                                  \
        mret;                                                           \
                                                                        \
        /* TESTNUM holds the final tohost value. */                     \
        .globl rvtest_write_tohost;                                     \
rvtest_write_tohost:                                                    \
        la t5, tohost;                                                  \
1:      sw TESTNUM, 0(t5);                                              \
        sw zero, 4(t5);                                                 \
        j 1b;                                                           \
                                                                        \
rvtest_reset:                                                           \
        RVTEST_ZERO_XREGS;                                              \
        csrr t0, mhartid;                                               \
1:      beqz t0, 2f;                                                    \
        wfi;                                                            \
        j 1b;                                                           \
2:      la t0, rvtest_mtrap_skip;                                       \
        csrw mtvec, t0;                                                 \
        /* Optional state: each write may trap and is then skipped. */  \
        li t0, -1;                                                      \
        csrw pmpaddr0, t0;                                              \
        li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X;                       \
        csrw pmpcfg0, t0;                                               \
        csrwi satp, 0;                                                  \
        /* menvcfg cleared but ADUE: Svadu keeps its reset value. */   \
        li t0, ~MENVCFG_ADUE;                                           \
        csrc CSR_MENVCFG, t0;                                           \
        csrwi mcounteren, 0;                                            \
        csrwi scounteren, 0;                                            \
        /* Nothing delegated, no interrupt enabled. */                  \
        csrwi medeleg, 0;                                               \
        csrwi mideleg, 0;                                               \
        csrwi mie, 0;                                                   \
        la t0, rvtest_mtrap;                                            \
        csrw mtvec, t0;                                                 \
        la t0, stvec_handler;                                           \
        bnez t0, 3f;                                                    \
        la t0, rvtest_strap_default;                                    \
3:      csrw stvec, t0;                                                 \
        li TESTNUM, 0;                                                  \
        rvtest_body_mstatus;                                            \
        csrw mstatus, t0;                                               \
        /* FS = Initial: F/D instructions usable; fcsr cleared. */      \
        li t0, MSTATUS_FS & (MSTATUS_FS >> 1);                          \
        csrs mstatus, t0;                                               \
        csrwi fcsr, 0;                                                  \
        la t0, rvtest_body;                                             \
        csrw mepc, t0;                                                  \
        li t0, 0;                                                       \
        mret;                                                           \
rvtest_body:

#define RVTEST_CODE_END                                                 \
        unimp

#define RVTEST_PASS                                                     \
        fence;                                                          \
        li TESTNUM, 1;                                                  \
        j rvtest_write_tohost

/* A failure before the first numbered case reports case 0x7ff. */
#define RVTEST_FAIL                                                     \
        fence;                                                          \
        bnez TESTNUM, 1f;                                               \
        li TESTNUM, 0x7ff;                                              \
1:      slli TESTNUM, TESTNUM, 1;                                       \
        ori TESTNUM, TESTNUM, 1;                                        \
        j rvtest_write_tohost

#define RVTEST_DATA_BEGIN                                               \
        .pushsection .tohost, "aw", @progbits;                          \
        .align 6;                                                       \
        .globl tohost;                                                  \
tohost: .dword 0;                                                       \
        .size tohost, 8;                                                \
        .align 6;                                                       \
        .globl fromhost;                                                \
fromhost: .dword 0;                                                     \
        .size fromhost, 8;                                              \
        .popsection;                                                    \
        .align 4;                                                       \
        .globl begin_signature;                                         \
begin_signature:

#define RVTEST_DATA_END                                                 \
        .align 4;                                                       \
        .globl end_signature;                                           \
end_signature:

#endif
