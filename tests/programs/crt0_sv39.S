/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * crt0_sv39: start of the U-mode, Sv39 variants of the guest programs.
 *
 * Entered in M-mode at 0x8000_0000 with translation off, like crt0.S.
 * Hart 0 sets gp and sp, installs the M-mode trap vector, zeroes .bss,
 * lets vm_init() (vm.c) build the page tables and set satp, then drops
 * to U-mode with mret (Privileged spec 20211203, 3.3.2: MPP = U) at
 * crt_user, which calls main() and passes its return value to rt_exit().
 * HTIF works from U-mode: tohost is mapped, the host sees its physical
 * address. Every trap goes to M-mode (nothing is delegated) and ends the
 * program through vm_trap() with exit code 99. Any other hart parks.
 *
 * The stack is the same in both modes: .bss is mapped U RW-, and M-mode
 * accesses are not translated (MPRV stays 0).
 */

#define CRT_STACK_SIZE 0x10000
/* mstatus.MPP, bits 12:11 (3.1.6.1); 0 = U-mode. */
#define CRT_MSTATUS_MPP (3 << 11)

	.section .text.init, "ax", @progbits
	.globl _start
_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop

	csrr	t0, mhartid
	bnez	t0, crt_park

	la	sp, crt_stack_top

	la	t0, crt_trap
	csrw	mtvec, t0

	/* Zero .bss; the linker script aligns both ends to 16 bytes. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	call	vm_init

	li	t0, CRT_MSTATUS_MPP
	csrc	mstatus, t0
	la	t0, crt_user
	csrw	mepc, t0
	mret

/* U-mode from here on. */
crt_user:
	li	a0, 0
	li	a1, 0
	call	main
	call	rt_exit
	/* rt_exit does not return; spin if it ever does. */
1:	j	1b

crt_park:
	wfi
	j	crt_park

/* Unexpected trap (mtvec direct mode: the vector must be 4-byte aligned). */
	.balign 4
crt_trap:
	la	sp, crt_stack_top
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	vm_trap
	j	crt_park

	.section .bss
	.balign 16
crt_stack:
	.skip	CRT_STACK_SIZE
crt_stack_top:
