// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Entry of misaligned_test.c (M-mode, bare metal at 0x8000_0000), and the
// start.S symbols the firmware's modules use.
	.section .text.start
	.globl _start
_start:
	la sp, test_stack_top
	la t0, test_unexpected_trap
	csrw mtvec, t0
	call test_main
	.globl sbi_park
sbi_park:
1:	wfi
	j 1b

	.section .bss
	.balign 16
	.space 8192
test_stack_top:
