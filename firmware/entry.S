// SPDX-License-Identifier: MIT OR Apache-2.0
//
// S-mode trap entry and exit. While a process runs, sscratch holds the
// address of its trap frame (in its struct proc); while the kernel runs,
// sscratch is 0. A trap swaps sp and sscratch: a non-zero sp then means
// "from U-mode". The kernel then runs on the one kernel stack (one hart,
// one trap at a time) and trap_user returns the frame to resume, which
// may be another process's.
#include "trap.h"

	// No compressed instructions: trap_path_insns counts 4-byte ones.
	.option norvc

	.section .text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw sp, sscratch, sp
	beqz sp, from_kernel
	// From U-mode: sp = frame, sscratch = user sp.
	sd x1, TF_X(1)(sp)
	sd x3, TF_X(3)(sp)
	sd x4, TF_X(4)(sp)
	sd x5, TF_X(5)(sp)
	sd x6, TF_X(6)(sp)
	sd x7, TF_X(7)(sp)
	sd x8, TF_X(8)(sp)
	sd x9, TF_X(9)(sp)
	sd x10, TF_X(10)(sp)
	sd x11, TF_X(11)(sp)
	sd x12, TF_X(12)(sp)
	sd x13, TF_X(13)(sp)
	sd x14, TF_X(14)(sp)
	sd x15, TF_X(15)(sp)
	sd x16, TF_X(16)(sp)
	sd x17, TF_X(17)(sp)
	sd x18, TF_X(18)(sp)
	sd x19, TF_X(19)(sp)
	sd x20, TF_X(20)(sp)
	sd x21, TF_X(21)(sp)
	sd x22, TF_X(22)(sp)
	sd x23, TF_X(23)(sp)
	sd x24, TF_X(24)(sp)
	sd x25, TF_X(25)(sp)
	sd x26, TF_X(26)(sp)
	sd x27, TF_X(27)(sp)
	sd x28, TF_X(28)(sp)
	sd x29, TF_X(29)(sp)
	sd x30, TF_X(30)(sp)
	sd x31, TF_X(31)(sp)
	csrr t0, sscratch
	sd t0, TF_X(2)(sp)
	csrr t0, sepc
	sd t0, TF_SEPC(sp)
	// instret at the trap (progress watch, fault.h); the path from
	// trap_vector to here is fixed, see trap_path_insns.
entry_read:
	csrr t0, instret
	la t1, trap_entered
	sd t0, 0(t1)
	csrw sscratch, zero
	mv a0, sp
	la sp, kstack_top
	call trap_user
	// a0 = the frame to resume: fall through

	// trap_return(frame): back to U-mode with the frame's registers.
	.globl trap_return
trap_return:
	mv sp, a0
return_read:
	csrr t0, instret
	la t1, trap_left_kernel
	sd t0, 0(t1)
	ld t0, TF_SEPC(sp)
	csrw sepc, t0
	csrw sscratch, sp
	ld x1, TF_X(1)(sp)
	ld x3, TF_X(3)(sp)
	ld x4, TF_X(4)(sp)
	ld x5, TF_X(5)(sp)
	ld x6, TF_X(6)(sp)
	ld x7, TF_X(7)(sp)
	ld x8, TF_X(8)(sp)
	ld x9, TF_X(9)(sp)
	ld x10, TF_X(10)(sp)
	ld x11, TF_X(11)(sp)
	ld x12, TF_X(12)(sp)
	ld x13, TF_X(13)(sp)
	ld x14, TF_X(14)(sp)
	ld x15, TF_X(15)(sp)
	ld x16, TF_X(16)(sp)
	ld x17, TF_X(17)(sp)
	ld x18, TF_X(18)(sp)
	ld x19, TF_X(19)(sp)
	ld x20, TF_X(20)(sp)
	ld x21, TF_X(21)(sp)
	ld x22, TF_X(22)(sp)
	ld x23, TF_X(23)(sp)
	ld x24, TF_X(24)(sp)
	ld x25, TF_X(25)(sp)
	ld x26, TF_X(26)(sp)
	ld x27, TF_X(27)(sp)
	ld x28, TF_X(28)(sp)
	ld x29, TF_X(29)(sp)
	ld x30, TF_X(30)(sp)
	ld x31, TF_X(31)(sp)
	ld sp, TF_X(2)(sp)
	sret
return_end:

from_kernel:
	// Undo the swap: sp = kernel sp again, sscratch = 0.
	csrrw sp, sscratch, sp
	addi sp, sp, -TF_SIZE
	sd x1, TF_X(1)(sp)
	sd x10, TF_X(10)(sp)
	addi t0, sp, TF_SIZE
	sd t0, TF_X(2)(sp)
	csrr t0, sepc
	sd t0, TF_SEPC(sp)
	mv a0, sp
	call trap_kernel
1:	wfi
	j 1b

	// Instructions retired between the instret read in trap_return and
	// the one at the next trap's entry when the program retires none: the
	// read itself up to sret, and trap_vector up to entry_read.
	.section .rodata
	.balign 8
	.globl trap_path_insns
trap_path_insns:
	.quad ((return_end - return_read) + (entry_read - trap_vector)) / 4

	.section .bss
	.balign 8
	.globl trap_entered, trap_left_kernel
trap_entered:
	.zero 8
trap_left_kernel:
	.zero 8
