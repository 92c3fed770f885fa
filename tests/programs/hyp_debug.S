/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * hyp_debug: the guest of the two-stage (H extension) debugging tests
 * (--check-tlb, --explain-faults[=json], --trace-mmu, --stats;
 * emulator/tests/debug_hyp.rs).
 *
 * M-mode builds a G-stage (Sv39x4, VMID 5, Privileged 20211203 8.5) and a
 * VS-stage (Sv39 under vsatp, ASID 1), both identity over the program's
 * first 2 MiB in 4 KiB pages:
 *
 *   G-stage   g_root[2] -> g_l1, g_l1[0] -> g_l0, g_l0[i]: RWXU A D
 *             except g_l0[fault_g] = 0 (V = 0)
 *   VS-stage  vs_root[2] -> vs_l1, vs_l1[0] -> vs_l0, vs_l0[i]: RWX A D
 *             except vs_l0[fault_vs] = 0 (V = 0)
 *
 * and enters VS-mode (mret with MPV = 1) at `guest`, which in order:
 *   page_a  loads (V=1 TLB fill), clears W in its VS PTE without a fence,
 *           loads again: --check-tlb must name HFENCE.VVMA;
 *   page_b  the same with sfence.vma (HFENCE.VVMA's scope in VS): no warning;
 *   page_c  loads, has M-mode clear W in its G-stage PTE (ecall, a7 = 1)
 *           without HFENCE.GVMA, loads: --check-tlb must name HFENCE.GVMA;
 *   page_d  the same, M-mode fencing (a7 = 2): no warning;
 *   fault_vs  a load page fault (cause 13): VS-stage, level 0, V = 0;
 *   fault_g   a load guest-page fault (cause 21): G-stage, level 0, V = 0,
 *             htval (mtval2 here) = gpa >> 2;
 * then ecall with a7 = 0 exits: 0 when both faults came with the right
 * causes and mtval2, 3 otherwise.
 *
 * Every trap goes to M-mode (nothing delegated); a fault skips the
 * faulting instruction (no RVC here). s11 counts the expected faults.
 */
	.option norvc

#include "bare_pte.h"
#define VS_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define G_LEAF (VS_LEAF | PTE_U)
#define CSR_VSATP 0x280
#define CSR_HGATP 0x680
#define CSR_MTVAL2 0x34b
#define MSTATUS_MPV (1 << 39)	/* RV64: mstatus bit 39 */
#define HFENCE_GVMA_ALL .word 0x62000073	/* hfence.gvma zero, zero */


/* dst = the address of the level 0 PTE of page src in table l0 (tmp used). */
#define L0_PTE(dst, l0, src, tmp) \
	srli dst, src, 12; andi dst, dst, 0x1ff; slli dst, dst, 3; \
	la tmp, l0; add dst, dst, tmp

#include "bare_start.h"

	/* The G-stage, with fault_g's PTE cleared. */
	la	a0, g_root
	la	a1, g_l1
	la	a2, g_l0
	li	a3, G_LEAF
	call	build_stage
	la	t2, fault_g
	L0_PTE(t1, g_l0, t2, t3)
	sd	zero, 0(t1)
	/* The VS-stage, the same shape without U, fault_vs's PTE cleared. */
	la	a0, vs_root
	la	a1, vs_l1
	la	a2, vs_l0
	li	a3, VS_LEAF
	call	build_stage
	la	t2, fault_vs
	L0_PTE(t1, vs_l0, t2, t3)
	sd	zero, 0(t1)

	/* hgatp = Sv39x4, VMID 5; vsatp = Sv39, ASID 1. */
	la	t0, g_root
	srli	t0, t0, 12
	li	t1, (8 << 60) | (5 << 44)
	or	t0, t0, t1
	csrw	CSR_HGATP, t0
	la	t0, vs_root
	srli	t0, t0, 12
	li	t1, (8 << 60) | (1 << 44)
	or	t0, t0, t1
	csrw	CSR_VSATP, t0
	HFENCE_GVMA_ALL
	/* MPP = S, MPV = 1: mret enters VS-mode at guest. */
	li	t0, 3 << 11
	csrc	mstatus, t0
	li	t0, (1 << 11)
	csrs	mstatus, t0
	li	t0, MSTATUS_MPV
	csrs	mstatus, t0
	la	t0, guest
	csrw	mepc, t0
	li	s11, 0
	mret

/*
 * Builds a three-level table (Sv39 or Sv39x4: root index 2 either way for
 * 0x8000_0000): root a0, root[2] -> a1, a1[0] -> a2, and a2's 512 PTEs
 * 4 KiB leaves with flags a3, identity from 0x8000_0000. Clobbers t0-t5.
 */
build_stage:
	PTE_OF(t0, a1, PTE_V)
	sd	t0, 16(a0)
	PTE_OF(t0, a2, PTE_V)
	sd	t0, 0(a1)
	li	t3, 512
	li	t4, 0x80000000
1:	srli	t0, t4, 12
	slli	t0, t0, 10
	or	t0, t0, a3
	sd	t0, 0(a2)
	addi	a2, a2, 8
	li	t5, 0x1000
	add	t4, t4, t5
	addi	t3, t3, -1
	bnez	t3, 1b
	ret

/* VS-mode, both stages identity for this code and its tables. */
guest:
	/* page_a: VS PTE loses W, no fence: a stale V = 1 entry. */
	la	s0, page_a
	ld	s1, 0(s0)
	L0_PTE(t1, vs_l0, s0, t2)
	ld	t0, 0(t1)
	andi	t0, t0, ~PTE_W
	sd	t0, 0(t1)
	ld	s1, 8(s0)		/* stale hit: missing HFENCE.VVMA */
	/* page_b: the same, fenced. */
	la	s0, page_b
	ld	s1, 0(s0)
	L0_PTE(t1, vs_l0, s0, t2)
	ld	t0, 0(t1)
	andi	t0, t0, ~PTE_W
	sd	t0, 0(t1)
	sfence.vma s0, zero
	ld	s1, 8(s0)		/* walks */
	ld	s1, 16(s0)		/* hits an entry that agrees */
	/* page_c: M-mode clears W in its G-stage PTE, no fence. */
	la	s0, page_c
	ld	s1, 0(s0)
	mv	a0, s0
	li	a7, 1
	ecall
	ld	s1, 8(s0)		/* stale hit: missing HFENCE.GVMA */
	/* page_d: the same, M-mode fences. */
	la	s0, page_d
	ld	s1, 0(s0)
	mv	a0, s0
	li	a7, 2
	ecall
	ld	s1, 8(s0)		/* walks */
	ld	s1, 16(s0)		/* hits an entry that agrees */
	/* The two faults. */
	la	s0, fault_vs
	ld	s1, 0(s0)		/* load page fault, VS-stage level 0 */
	la	s0, fault_g
	ld	s1, 0(s0)		/* load guest-page fault, G-stage level 0 */
	li	a7, 0
	ecall

	.balign 4
trap:
	csrr	t0, mcause
	li	t1, 10			/* ecall from VS-mode */
	beq	t0, t1, service
	li	t1, 13			/* load page fault: fault_vs */
	bne	t0, t1, 1f
	csrr	t0, mtval
	la	t1, fault_vs
	bne	t0, t1, bad
	addi	s11, s11, 1
	j	skip
1:	li	t1, 21			/* load guest-page fault: fault_g */
	bne	t0, t1, bad
	csrr	t0, CSR_MTVAL2
	la	t1, fault_g
	srli	t1, t1, 2
	bne	t0, t1, bad
	addi	s11, s11, 1
skip:
	csrr	t0, mepc
	addi	t0, t0, 4
	csrw	mepc, t0
	mret
service:
	beqz	a7, finish
	L0_PTE(t1, g_l0, a0, t2)
	ld	t0, 0(t1)
	andi	t0, t0, ~PTE_W
	sd	t0, 0(t1)
	li	t2, 2
	bne	a7, t2, skip		/* a7 = 1: no fence, the hypervisor's bug */
	HFENCE_GVMA_ALL
	j	skip
bad:
	li	a0, 3
	j	exit
finish:
	li	a0, 3
	li	t0, 2
	bne	s11, t0, exit
	li	a0, 0
#include "bare_exit.h"

	.section .data
	.balign 16384
	.globl g_root, g_l1, g_l0, vs_root, vs_l1, vs_l0
	.globl page_a, page_b, page_c, page_d, fault_vs, fault_g
g_root:	.skip 16384		/* Sv39x4: 2048 entries, 16 KiB aligned */
g_l1:	.skip 4096
g_l0:	.skip 4096
vs_root: .skip 4096
vs_l1:	.skip 4096
vs_l0:	.skip 4096
page_a:	.skip 4096
page_b:	.skip 4096
page_c:	.skip 4096
page_d:	.skip 4096
fault_vs: .skip 4096
fault_g: .skip 4096
