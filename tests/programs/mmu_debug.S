/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * mmu_debug: the guest of the MMU debugging tests (--trace-mmu,
 * --explain-faults, --dump-pt, --check-tlb; emulator/tests/debug_*.rs).
 *
 * M-mode builds Sv39 tables (Privileged 20211203, 4.3 and 4.4) and drops
 * to S-mode with satp = Sv39, ASID 1:
 *
 *   VA 0x0000_0000 - 0x3fff_ffff   1 GiB leaf -> PA 0        RW-  A D
 *   VA 0x8000_0000 - 0x8000_3fff   4 KiB leaves, identity    R-X  A
 *   VA 0x8010_0000                 4 KiB leaf -> ro_page     R--  A
 *   VA 0x8010_1000                 invalid PTE (V = 0)
 *   VA 0x8010_2000                 4 KiB leaf -> frame_a     RW-  A D
 *   VA 0x8020_0000 - 0x803f_ffff   2 MiB leaf, identity      RW-  A D
 *
 * S-mode then takes, in order: a load page fault (V = 0 at level 0), a
 * store page fault (W = 0), a load through the megapage (no fault), a load
 * access fault (VA 0x3000 maps PA 0x3000: neither RAM nor a device). Next
 * it loads from 0x8010_2000 (the TLB caches frame_a), asks M-mode (ecall,
 * a0 = 1) to point that PTE at frame_b without sfence.vma, loads twice
 * more (the stale entry serves both: one --check-tlb warning), fences the
 * page and loads frame_b's marker. ecall with a0 = 0 exits: 0 when three
 * faults were taken and the fenced load saw frame_b, 3 or 4 otherwise.
 *
 * Every trap goes to M-mode (nothing is delegated); a fault skips the
 * faulting instruction (all are 4 bytes: no RVC here). s11 counts faults.
 */
	.option norvc

#include "bare_pte.h"
#define RWAD (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define RXA (PTE_V | PTE_R | PTE_X | PTE_A)
#define RA (PTE_V | PTE_R | PTE_A)
#define MARK_A 0xa
#define MARK_B 0xb

#include "bare_start.h"

	/* root[0]: 1 GiB leaf at PA 0; root[2] -> l1. */
	la	t1, pt_root
	li	t0, RWAD
	sd	t0, 0(t1)
	la	t2, pt_l1
	PTE_OF(t0, t2, PTE_V)
	sd	t0, 16(t1)
	/* l1[0] -> l0; l1[1]: 2 MiB leaf at PA 0x8020_0000. */
	la	t2, pt_l0
	PTE_OF(t0, t2, PTE_V)
	la	t1, pt_l1
	sd	t0, 0(t1)
	li	t0, (0x80200 << 10) | RWAD
	sd	t0, 8(t1)
	/* l0[0..3]: the program's first 16 KiB, R-X. */
	la	t1, pt_l0
	li	t2, 0x80000000
	li	t3, 4
1:	PTE_OF(t0, t2, RXA)
	sd	t0, 0(t1)
	addi	t1, t1, 8
	li	t4, 0x1000
	add	t2, t2, t4
	addi	t3, t3, -1
	bnez	t3, 1b
	/* l0[0x100]: ro_page, R--; l0[0x101] stays 0; l0[0x102]: frame_a. */
	la	t1, pt_l0 + 0x800
	la	t2, ro_page
	PTE_OF(t0, t2, RA)
	sd	t0, 0(t1)
	la	t2, frame_a
	PTE_OF(t0, t2, RWAD)
	sd	t0, 0x10(t1)
	/* The markers of the two frames. */
	li	t0, MARK_A
	sd	t0, 0(t2)
	la	t2, frame_b
	li	t0, MARK_B
	sd	t0, 0(t2)

	/* satp = Sv39, ASID 1, root; MPP = S; mret to s_main. */
	la	t0, pt_root
	srli	t0, t0, 12
	li	t1, (8 << 60) | (1 << 44)
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma
	li	t0, 3 << 11
	csrc	mstatus, t0
	li	t0, 1 << 11
	csrs	mstatus, t0
	la	t0, s_main
	csrw	mepc, t0
	li	s11, 0
	mret

/* S-mode, translated (identity for this code). */
s_main:
	li	s0, 0x80101000
	ld	s1, 0(s0)		/* load page fault: V = 0 at level 0 */
	li	s0, 0x80100000
	sd	s1, 0(s0)		/* store page fault: W = 0 */
	li	s0, 0x80200010
	ld	s1, 0(s0)		/* through the megapage */
	li	s0, 0x3000
	ld	s1, 0(s0)		/* load access fault: PA 0x3000 */
	li	s0, 0x80102000
	ld	s2, 0(s0)		/* the TLB now holds frame_a */
	li	a0, 1
	ecall				/* M-mode remaps 0x8010_2000, no fence */
	ld	s3, 0(s0)		/* stale: still frame_a */
	ld	s3, 8(s0)		/* stale again (warned once per page) */
	sfence.vma s0, zero
	ld	s4, 0(s0)		/* frame_b */
	li	a0, 0
	ecall

	.balign 4
trap:
	csrr	t0, mcause
	li	t1, 9			/* ecall from S-mode */
	beq	t0, t1, service
	addi	s11, s11, 1
skip:
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret
service:
	beqz	a0, finish
	la	t1, pt_l0 + 0x800
	la	t2, frame_b
	PTE_OF(t0, t2, RWAD)
	sd	t0, 0x10(t1)		/* no sfence.vma: S-mode is to blame */
	j	skip
finish:
	li	a0, 3
	li	t0, 3
	bne	s11, t0, exit
	li	a0, 4
	li	t0, MARK_B
	bne	s4, t0, exit
	li	a0, 0
#include "bare_exit.h"

	.section .data
	.balign 4096
	.globl pt_root, pt_l1, pt_l0, ro_page, frame_a, frame_b
pt_root: .skip 4096
pt_l1:	.skip 4096
pt_l0:	.skip 4096
ro_page: .skip 4096
frame_a: .skip 4096
frame_b: .skip 4096
