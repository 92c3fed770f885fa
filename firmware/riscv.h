// SPDX-License-Identifier: MIT OR Apache-2.0
//
// CSR accessors (one static inline per CSR and direction), the bits the
// firmware uses, and the Sv39 PTE layout (Privileged Architecture 20211203,
// sections 3.1, 4.1 and 4.4).
#ifndef RISCV_H
#define RISCV_H

#include <stdint.h>

// --- M-mode CSRs (section 3.1) -------------------------------------------

#define MSTATUS_MPP_MASK (3UL << 11)
#define MSTATUS_MPP_S (1UL << 11)
#define MSTATUS_MPIE (1UL << 7)
#define MSTATUS_FS_INITIAL (1UL << 13)

#define MIP_SSIP (1UL << 1)
#define MIP_STIP (1UL << 5)
#define MIP_MTIP (1UL << 7)
#define MIP_SEIP (1UL << 9)
#define MIE_MTIE MIP_MTIP

#define COUNTEREN_CY_TM_IR 7UL

static inline uint64_t r_mhartid(void) { uint64_t x; __asm__ volatile("csrr %0, mhartid" : "=r"(x)); return x; }
static inline uint64_t r_misa(void) { uint64_t x; __asm__ volatile("csrr %0, misa" : "=r"(x)); return x; }
static inline uint64_t r_mstatus(void) { uint64_t x; __asm__ volatile("csrr %0, mstatus" : "=r"(x)); return x; }
static inline void w_mstatus(uint64_t x) { __asm__ volatile("csrw mstatus, %0" : : "r"(x)); }
static inline void w_mepc(uint64_t x) { __asm__ volatile("csrw mepc, %0" : : "r"(x)); }
static inline uint64_t r_mepc(void) { uint64_t x; __asm__ volatile("csrr %0, mepc" : "=r"(x)); return x; }
static inline uint64_t r_mcause(void) { uint64_t x; __asm__ volatile("csrr %0, mcause" : "=r"(x)); return x; }
static inline uint64_t r_mtval(void) { uint64_t x; __asm__ volatile("csrr %0, mtval" : "=r"(x)); return x; }
static inline void w_mtvec(uint64_t x) { __asm__ volatile("csrw mtvec, %0" : : "r"(x)); }
static inline void w_mscratch(uint64_t x) { __asm__ volatile("csrw mscratch, %0" : : "r"(x)); }
static inline void w_medeleg(uint64_t x) { __asm__ volatile("csrw medeleg, %0" : : "r"(x)); }
static inline void w_mideleg(uint64_t x) { __asm__ volatile("csrw mideleg, %0" : : "r"(x)); }
static inline void w_mie(uint64_t x) { __asm__ volatile("csrw mie, %0" : : "r"(x)); }
static inline void s_mie(uint64_t x) { __asm__ volatile("csrs mie, %0" : : "r"(x)); }
static inline void c_mie(uint64_t x) { __asm__ volatile("csrc mie, %0" : : "r"(x)); }
static inline void s_mip(uint64_t x) { __asm__ volatile("csrs mip, %0" : : "r"(x)); }
static inline void c_mip(uint64_t x) { __asm__ volatile("csrc mip, %0" : : "r"(x)); }
static inline void w_mcounteren(uint64_t x) { __asm__ volatile("csrw mcounteren, %0" : : "r"(x)); }

// --- S-mode CSRs (section 4.1) -------------------------------------------

#define SSTATUS_SIE (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_SUM (1UL << 18)

#define SIE_STIE (1UL << 5)

#define SCAUSE_INTERRUPT (1UL << 63)

#define SATP_MODE_SV39 (8UL << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK 0xffffUL
#define MAKE_SATP(root, asid) \
	(SATP_MODE_SV39 | ((uint64_t)(asid) << SATP_ASID_SHIFT) | ((uint64_t)(root) >> 12))

static inline uint64_t r_sstatus(void) { uint64_t x; __asm__ volatile("csrr %0, sstatus" : "=r"(x)); return x; }
static inline void w_sstatus(uint64_t x) { __asm__ volatile("csrw sstatus, %0" : : "r"(x)); }
static inline void s_sstatus(uint64_t x) { __asm__ volatile("csrs sstatus, %0" : : "r"(x) : "memory"); }
static inline void c_sstatus(uint64_t x) { __asm__ volatile("csrc sstatus, %0" : : "r"(x) : "memory"); }
static inline void w_stvec(uint64_t x) { __asm__ volatile("csrw stvec, %0" : : "r"(x)); }
static inline void w_sscratch(uint64_t x) { __asm__ volatile("csrw sscratch, %0" : : "r"(x)); }
static inline uint64_t r_scause(void) { uint64_t x; __asm__ volatile("csrr %0, scause" : "=r"(x)); return x; }
static inline uint64_t r_stval(void) { uint64_t x; __asm__ volatile("csrr %0, stval" : "=r"(x)); return x; }
static inline void s_sie(uint64_t x) { __asm__ volatile("csrs sie, %0" : : "r"(x)); }
static inline void w_scounteren(uint64_t x) { __asm__ volatile("csrw scounteren, %0" : : "r"(x)); }
static inline uint64_t r_satp(void) { uint64_t x; __asm__ volatile("csrr %0, satp" : "=r"(x)); return x; }
static inline void w_satp(uint64_t x) { __asm__ volatile("csrw satp, %0" : : "r"(x) : "memory"); }

// --- Unprivileged counters (Unprivileged ISA 20191213, chapter 10) --------

static inline uint64_t r_time(void) { uint64_t x; __asm__ volatile("csrr %0, time" : "=r"(x)); return x; }
static inline uint64_t r_cycle(void) { uint64_t x; __asm__ volatile("csrr %0, cycle" : "=r"(x)); return x; }

// --- Address-translation fences (section 4.2.1) ---------------------------

// Orders PTE stores before later implicit walks for one page of one ASID;
// global (G) leaves are not flushed, and the kernel never changes them.
static inline void sfence_vma_page(uint64_t va, uint64_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory");
}

// Orders PTE stores before later walks for every address of one ASID,
// non-leaf entries included (needed after a new non-leaf PTE, section
// 4.2.1); global leaves are kept.
static inline void sfence_vma_asid(uint64_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}

// Flushes every translation of every address space (used once per satp
// switch; deliberately broad).
static inline void sfence_vma_all(void) { __asm__ volatile("sfence.vma zero, zero" : : : "memory"); }

// --- Sv39 page-table entries (section 4.4.1) ------------------------------
//
//  63  54 53    28 27    19 18    10 9  8 7 6 5 4 3 2 1 0
// | res  | PPN[2] | PPN[1] | PPN[0] |RSW |D|A|G|U|X|W|R|V|

typedef uint64_t pte_t;

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)

#define PTE_PA(pte) ((((pte) >> 10) & ((1UL << 44) - 1)) << 12)
#define PA_PTE(pa) (((uint64_t)(pa) >> 12) << 10)
#define PTE_IS_LEAF(pte) (((pte) & PTE_RWX) != 0)

// A page in swap (software encoding; with V = 0 the hardware ignores
// every other bit, section 4.4.1): bit 1 (R's place) set marks "in swap",
// bits 63..10 hold the swap slot. Any other PTE with V = 0 must be 0
// ("not present": filled on the next fault from the area).
//
//  63                              10 9       2 1 0
// |            swap slot             |    0    |1|0|
#define PTE_SWAPPED (1UL << 1)
#define PTE_IS_SWAP(pte) (((pte) & (PTE_V | PTE_SWAPPED)) == PTE_SWAPPED)
#define SWAP_PTE(slot) (((uint64_t)(slot) << 10) | PTE_SWAPPED)
#define PTE_SWAP_SLOT(pte) ((pte) >> 10)

#define SV39_LEVELS 3
#define VPN(va, level) (((uint64_t)(va) >> (12 + 9 * (level))) & 0x1ff)

#endif
