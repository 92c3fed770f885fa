// SPDX-License-Identifier: MIT OR Apache-2.0
//
// fpu_save_regs(tf) / fpu_load_regs(tf): f0..f31 at TF_F(n), fcsr at
// TF_FCSR. Only called when sstatus.FS != Off.
#include "trap.h"

	.option arch, +d
	.section .text
	.balign 4
	.globl fpu_save_regs
fpu_save_regs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, TF_F(\n)(a0)
	.endr
	frcsr t0
	sd t0, TF_FCSR(a0)
	ret

	.globl fpu_load_regs
fpu_load_regs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\n, TF_F(\n)(a0)
	.endr
	ld t0, TF_FCSR(a0)
	fscsr t0
	ret
