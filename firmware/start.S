// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Entry at 0x8000_0000 in M-mode, the Linux boot protocol: a0 = hart id,
// a1 = device tree. Harts other than 0 park. Hart 0 clears bss, opens
// PMP entry 0 over all memory (a trap there means no PMP: skipped), and
// calls mach_start.
#include "mach.h"
#include "memlayout.h"
#include "trap.h"

	.section .text.start
	.globl _start
_start:
	bnez a0, park
	la sp, mach_stack_top
	// Clear bss.
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:
	// PMP: TOR-less NAPOT entry covering everything, R W X. A hart without
	// PMP traps on these CSRs: the temporary mtvec skips them.
	la t0, 3f
	csrw mtvec, t0
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f            // A = NAPOT, X W R
	csrw pmpcfg0, t0
	.balign 4
3:	call mach_start
park:
	csrw mie, zero
4:	wfi
	j 4b

	// mach_enter_supervisor(entry, sp): mret to entry in S-mode.
	.section .text
	.globl mach_enter_supervisor
mach_enter_supervisor:
	csrw mepc, a0
	mv sp, a1
	li a0, 0
	li a1, 0
	mret

	// The M-mode trap vector: all registers into a frame on the M stack.
	.balign 4
	.globl mach_vector
mach_vector:
	csrrw sp, mscratch, sp
	addi sp, sp, -MF_SIZE
	sd x1, 1*8(sp)
	sd x3, 3*8(sp)
	sd x4, 4*8(sp)
	sd x5, 5*8(sp)
	sd x6, 6*8(sp)
	sd x7, 7*8(sp)
	sd x8, 8*8(sp)
	sd x9, 9*8(sp)
	sd x10, 10*8(sp)
	sd x11, 11*8(sp)
	sd x12, 12*8(sp)
	sd x13, 13*8(sp)
	sd x14, 14*8(sp)
	sd x15, 15*8(sp)
	sd x16, 16*8(sp)
	sd x17, 17*8(sp)
	sd x18, 18*8(sp)
	sd x19, 19*8(sp)
	sd x20, 20*8(sp)
	sd x21, 21*8(sp)
	sd x22, 22*8(sp)
	sd x23, 23*8(sp)
	sd x24, 24*8(sp)
	sd x25, 25*8(sp)
	sd x26, 26*8(sp)
	sd x27, 27*8(sp)
	sd x28, 28*8(sp)
	sd x29, 29*8(sp)
	sd x30, 30*8(sp)
	sd x31, 31*8(sp)
	csrr t0, mscratch
	sd t0, 2*8(sp)
	mv a0, sp
	call mach_trap
	ld x1, 1*8(sp)
	ld x3, 3*8(sp)
	ld x4, 4*8(sp)
	ld x5, 5*8(sp)
	ld x6, 6*8(sp)
	ld x7, 7*8(sp)
	ld x8, 8*8(sp)
	ld x9, 9*8(sp)
	ld x10, 10*8(sp)
	ld x11, 11*8(sp)
	ld x12, 12*8(sp)
	ld x13, 13*8(sp)
	ld x14, 14*8(sp)
	ld x15, 15*8(sp)
	ld x16, 16*8(sp)
	ld x17, 17*8(sp)
	ld x18, 18*8(sp)
	ld x19, 19*8(sp)
	ld x20, 20*8(sp)
	ld x21, 21*8(sp)
	ld x22, 22*8(sp)
	ld x23, 23*8(sp)
	ld x24, 24*8(sp)
	ld x25, 25*8(sp)
	ld x26, 26*8(sp)
	ld x27, 27*8(sp)
	ld x28, 28*8(sp)
	ld x29, 29*8(sp)
	ld x30, 30*8(sp)
	ld x31, 31*8(sp)
	addi sp, sp, MF_SIZE
	csrrw sp, mscratch, sp
	mret

	.section .bss
	.balign 16
mach_stack:
	.space MSTACK_SIZE
	.globl mach_stack_top
mach_stack_top:

	// The S-mode stack; the process's trap frame lies right above its top.
	.balign 16
kstack:
	.space KSTACK_SIZE
	.globl kstack_top
kstack_top:
	.space TF_SIZE
