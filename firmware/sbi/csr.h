// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The M-mode CSRs the SBI firmware needs beyond ../riscv.h (Privileged
// Architecture 20211203: 3.1 machine CSRs, 3.7 PMP; Sstc 1.0 for STCE;
// CMO 1.0.1 for CBIE/CBCFE/CBZE; Svpbmt for PBMTE; Svadu 1.0 for ADUE).
#ifndef SBI_CSR_H
#define SBI_CSR_H

#include <stdint.h>

#include "../riscv.h"

#define MSTATUS_SIE (1UL << 1)
#define MSTATUS_MIE (1UL << 3)
#define MSTATUS_SPIE (1UL << 5)
#define MSTATUS_SPP (1UL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_FS_MASK (3UL << 13)
#define MSTATUS_MPRV (1UL << 17)
#define MSTATUS_MXR (1UL << 19)

#define MIP_MSIP (1UL << 3)

#define CAUSE_INTERRUPT (1UL << 63)
#define IRQ_M_SOFT 3
#define IRQ_M_TIMER 7
#define EXC_INSN_MISALIGNED 0
#define EXC_INSN_ACCESS 1
#define EXC_ILLEGAL_INSN 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INSN_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15
// H (Privileged 20211203, Table 8.6): ecall from VS-mode, the guest-page
// faults and virtual instruction.
#define EXC_ECALL_VS 10
#define EXC_INSN_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INSN 22
#define EXC_STORE_GUEST_PAGE_FAULT 23
#define MISA_H (1UL << 7)

#define MENVCFG_CBIE_INVAL (3UL << 4)
#define MENVCFG_CBCFE (1UL << 6)
#define MENVCFG_CBZE (1UL << 7)
#define MENVCFG_ADUE (1UL << 61)
#define MENVCFG_PBMTE (1UL << 62)
#define MENVCFG_STCE (1UL << 63)

#define PMP_R 0x01UL
#define PMP_W 0x02UL
#define PMP_X 0x04UL
#define PMP_NAPOT 0x18UL

static inline uint64_t r_mip(void) { uint64_t x; __asm__ volatile("csrr %0, mip" : "=r"(x)); return x; }
static inline uint64_t r_mie(void) { uint64_t x; __asm__ volatile("csrr %0, mie" : "=r"(x)); return x; }
static inline uint64_t r_stvec(void) { uint64_t x; __asm__ volatile("csrr %0, stvec" : "=r"(x)); return x; }
static inline void w_scause(uint64_t x) { __asm__ volatile("csrw scause, %0" : : "r"(x)); }
static inline void w_stval(uint64_t x) { __asm__ volatile("csrw stval, %0" : : "r"(x)); }
static inline void w_sepc(uint64_t x) { __asm__ volatile("csrw sepc, %0" : : "r"(x)); }
static inline uint64_t r_mvendorid(void) { uint64_t x; __asm__ volatile("csrr %0, mvendorid" : "=r"(x)); return x; }
static inline uint64_t r_marchid(void) { uint64_t x; __asm__ volatile("csrr %0, marchid" : "=r"(x)); return x; }
static inline uint64_t r_mimpid(void) { uint64_t x; __asm__ volatile("csrr %0, mimpid" : "=r"(x)); return x; }

#endif
