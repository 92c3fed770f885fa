/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * crt0: start of every example guest program.
 *
 * Entered in M-mode at 0x8000_0000 with translation off. Hart 0 sets gp
 * and sp, installs a trap vector, zeroes .bss, calls main() and passes its
 * return value to rt_exit(). Any other hart parks in a wfi loop.
 *
 * rt_exit is supplied by the runtime the program links with: rt.c (HTIF)
 * or the program itself (uart.c: SiFive test finisher).
 */

#define CRT_STACK_SIZE 0x10000
/* Exit code of an unexpected trap; main() returns small codes only. */
#define CRT_TRAP_EXIT_CODE 99

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
	li	a0, 0
	li	a1, 0
	call	main
	call	rt_exit
	/* rt_exit does not return; spin if it ever does. */
crt_park:
	wfi
	j	crt_park

/* Unexpected trap (mtvec direct mode: the vector must be 4-byte aligned). */
	.balign 4
crt_trap:
	la	sp, crt_stack_top
	li	a0, CRT_TRAP_EXIT_CODE
	call	rt_exit
	j	crt_park

	.section .bss
	.balign 16
crt_stack:
	.skip	CRT_STACK_SIZE
crt_stack_top:
