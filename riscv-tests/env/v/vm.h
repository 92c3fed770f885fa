/* SPDX-License-Identifier: MIT */
/*
 * rvmmu "v" test environment: a tiny supervisor that runs the test body in
 * U-mode under Sv39 with demand paging (Privileged Architecture 20211203,
 * 4.3 Sv32 / 4.4 Sv39, 4.1.11 satp, 4.2.1 sfence.vma, 3.1.8 medeleg).
 *
 * Address map (physical = linked address; RAM starts at 0x8000_0000):
 *
 *   PA / user VA                          kernel VA (PA + VM_KERNEL_OFFSET)
 *   0x8000_0000 +-------------------+     0xffff_ffff_c000_0000
 *               | _start (M boot),  |
 *               | supervisor text,  |     one global 1 GiB leaf, RWX, A, D,
 *               | tohost, tables,   |     U = 0: the supervisor sees all of
 *               | stack             |     RAM through it
 *   user_start  +-------------------+
 *               | test body, data   |     user VA == PA: each page is mapped
 *               | (the "image")     |     on first touch (U, RWX) at a frame
 *   user_end    +-------------------+     drawn pseudo-randomly from the pool
 *               | frame pool        |
 *               +-------------------+
 *
 * The user image must lie in [0x8000_0000, 0x8040_0000): two level-0 tables
 * cover it.  The original image is never written; user stores go to frames,
 * so at exit each frame can be compared with its original page.
 */
#ifndef RVMMU_VM_H
#define RVMMU_VM_H

#include "../encoding.h"

#define VM_PAGE_SIZE      4096
#define VM_PAGE_SHIFT     12
#define VM_RAM_BASE       0x80000000
/* Kernel VA minus PA: VPN[2] = 511 maps the gigapage at VM_RAM_BASE. */
#define VM_KERNEL_OFFSET  0xffffffff40000000
/* Frames the pager can hand out (the pool is VM_FRAMES pages). */
#define VM_FRAMES         256
/* The user image lives in the first VM_USER_PAGES pages of RAM. */
#define VM_USER_PAGES     1024
#define VM_STACK_SIZE     8192

/* tohost codes ((code << 1) | 1) of the supervisor's own failures. */
#define VM_FAIL_M_TRAP        1337  /* any trap that reaches M-mode */
#define VM_FAIL_S_TRAP        1338  /* a U trap the supervisor does not serve */
#define VM_FAIL_KERNEL_TRAP   1339  /* a trap taken while in the supervisor */
#define VM_FAIL_NOT_ACCESSED  1340  /* a mapped page has A = 0 at exit */
#define VM_FAIL_NOT_DIRTY     1341  /* a changed page has D = 0 at exit */
#define VM_FAIL_NO_FRAME      1342  /* the frame pool is exhausted */
#define VM_FAIL_SPURIOUS      1343  /* a page fault with nothing to fix */
#define VM_FAIL_OUTSIDE       1344  /* a page fault outside the user image */

/* Trap frame (entry.S builds it): x0..x31 (x0 slot unused), then CSRs. */
#define VM_FRAME_EPC    (32 * 8)
#define VM_FRAME_CAUSE  (33 * 8)
#define VM_FRAME_TVAL   (34 * 8)
#define VM_FRAME_SIZE   (36 * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct vm_frame {
  uint64_t x[32];
  uint64_t epc;
  uint64_t cause;
  uint64_t tval;
  uint64_t pad;
};
_Static_assert(__builtin_offsetof(struct vm_frame, epc) == VM_FRAME_EPC, "epc");
_Static_assert(__builtin_offsetof(struct vm_frame, cause) == VM_FRAME_CAUSE, "cause");
_Static_assert(__builtin_offsetof(struct vm_frame, tval) == VM_FRAME_TVAL, "tval");
_Static_assert(sizeof(struct vm_frame) == VM_FRAME_SIZE, "size");

/* Sv39 PTE bits (4.4.1, figure 4.21). */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10
#define SATP_MODE_SV39 (8UL << 60)

/* A PTE pointing at physical address pa (a page or a next-level table). */
static inline uint64_t vm_pte(uint64_t pa, uint64_t flags)
{
  return ((pa >> VM_PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static inline uint64_t vm_pte_pa(uint64_t pte)
{
  return (pte >> PTE_PPN_SHIFT) << VM_PAGE_SHIFT;
}

/* Only meaningful in S-mode, where symbols resolve (pc-relative) to kernel
 * VAs; in M-mode they resolve to PAs. */
static inline void *vm_pa_to_kva(uint64_t pa)
{
  return (void *)(pa + VM_KERNEL_OFFSET);
}

static inline uint64_t vm_kva_to_pa(const void *kva)
{
  return (uint64_t)kva - VM_KERNEL_OFFSET;
}

/* CSR accessors (S-mode). */
static inline void vm_sstatus_set(uint64_t bits)
{
  __asm__ volatile("csrs sstatus, %0" : : "r"(bits) : "memory");
}

static inline void vm_sstatus_clear(uint64_t bits)
{
  __asm__ volatile("csrc sstatus, %0" : : "r"(bits) : "memory");
}

/* sfence.vma for one page, all ASIDs (4.2.1); orders the PTE store first. */
static inline void vm_flush_page(uint64_t va)
{
  __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}

/* Page tables, built in M-mode by vm_boot_tables (vm_boot.c). */
extern uint64_t vm_root[512];
extern uint64_t vm_user_l1[512];
extern uint64_t vm_user_l0[VM_USER_PAGES];

/* Linker symbols (link.ld). */
extern char vm_user_start[], vm_user_end[], vm_frames_start[];
extern volatile uint64_t tohost;

uint64_t vm_boot_tables(void);
void vm_trap(struct vm_frame *frame);
int vm_pager_fault(uint64_t va, uint64_t cause);
int vm_pager_check(void);
void vm_exit(uint64_t tohost_value) __attribute__((noreturn));
void vm_die(uint64_t code) __attribute__((noreturn));
#endif

#endif
