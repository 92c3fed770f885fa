/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * crt0: process entry of the test programs (Linux RISC-V ELF ABI).
 *
 * The kernel enters _start in U-mode with sp pointing at the initial
 * process stack (System V gABI "Process Initialization", as Linux lays
 * it out):
 *
 *   sp + 0                      argc
 *   sp + 8                      argv[0] .. argv[argc-1], NULL
 *   sp + 8 * (argc + 2)         envp[0] .. envp[n-1], NULL
 *   after that                  auxv pairs, ending with AT_NULL
 *
 * _start calls main(argc, argv, envp) and passes its return value to
 * exit_group. It does not clear .bss: the kernel hands out zero pages,
 * and touching .bss here would fault in pages the program never uses
 * (sparse.c counts them).
 */

	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	/* gp must be set before any relaxed gp-relative access. */
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop

	ld	a0, 0(sp)		/* argc */
	addi	a1, sp, 8		/* argv */
	addi	a2, a0, 1
	slli	a2, a2, 3
	add	a2, a1, a2		/* envp = argv + argc + 1 */

	andi	sp, sp, -16		/* psABI: sp 16-byte aligned at calls */
	li	ra, 0			/* end of backtraces */
	call	main

	li	a7, 94			/* exit_group(main's return value) */
	ecall
1:	j	1b			/* exit_group does not return */
	.size _start, . - _start
