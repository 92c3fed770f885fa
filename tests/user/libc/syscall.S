/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Raw Linux RISC-V system calls: sys_callN(n, a0, ...) moves the
 * number to a7 and the arguments to a0..a5, executes ecall and returns
 * a0 unchanged (a value in [-4095, -1] is -errno).
 */

	.text
	.globl sys_call0, sys_call1, sys_call2, sys_call3, sys_call6

	.type sys_call6, @function
sys_call6:
	mv	a7, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	ecall
	ret
	.size sys_call6, . - sys_call6

	/* The shorter forms pass don't-care values in the unused registers. */
	.type sys_call3, @function
sys_call3:
	.type sys_call2, @function
sys_call2:
	.type sys_call1, @function
sys_call1:
	.type sys_call0, @function
sys_call0:
	mv	a7, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	ecall
	ret
	.size sys_call0, . - sys_call0
	.size sys_call1, . - sys_call1
	.size sys_call2, . - sys_call2
	.size sys_call3, . - sys_call3
