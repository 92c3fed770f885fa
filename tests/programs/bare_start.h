/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The start of the standalone assembly guests (mmu_debug.S, hyp_debug.S),
 * in M-mode: harts other than 0 park (bare_exit.h), traps go to the
 * program's `trap`, and PMP entry 0 grants everything so that S/U and
 * VS/VU accesses pass the PMP.
 */
	.section .text.init, "ax", @progbits
	.globl _start
_start:
	csrr	t0, mhartid
	bnez	t0, park
	la	t0, trap
	csrw	mtvec, t0
	/* PMP entry 0: NAPOT over everything, RWX (Privileged 3.7). */
	li	t0, -1
	csrw	pmpaddr0, t0
	li	t0, 0x1f
	csrw	pmpcfg0, t0
