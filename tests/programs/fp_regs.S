/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * fp_regs: the guest of the gdb FP-register test (emulator/tests/gdb.rs).
 * Built for the lp64d ABI (double-float): gdb refuses such an ELF unless
 * the target description has 64-bit f registers.
 *
 * M-mode sets mstatus.FS = Initial, loads known values into f registers
 * (fp_values below), sets frm = rdn (2) and raises NX with an inexact
 * division, then passes `fp_ready`, where the test stops. Afterwards it
 * exits with code (ft2 converted to an integer, rtz) + fcsr, so a debugger
 * write of ft2 or fcsr shows in the exit code: untouched, ft2 = +0 and
 * fcsr = 0x41 (frm rdn, NX) give 65.
 *
 *   ft0  = 1.5                 fa0 = -2.25
 *   ft1  = ft0 / fa0 (rdn)     ft11 = 3.0f (binary32, NaN-boxed)
 *   fs11 = 0x0123456789abcdef  (raw bits)
 */
	.option norvc
	.section .text.init, "ax", @progbits
	.globl _start
_start:
	li	t0, 1 << 13		/* mstatus.FS = Initial */
	csrs	mstatus, t0
	la	t0, fp_values
	fld	ft0, 0(t0)
	fld	fa0, 8(t0)
	flw	ft11, 16(t0)
	fld	fs11, 24(t0)
	fmv.d.x	ft2, zero
	csrwi	frm, 2
	fdiv.d	ft1, ft0, fa0		/* -2/3: inexact, NX */
	.globl	fp_ready
fp_ready:
	fcvt.l.d a0, ft2, rtz
	frcsr	a1
	add	a0, a0, a1
	andi	a0, a0, 0xff
	slli	a0, a0, 1
	ori	a0, a0, 1
	la	t0, tohost
	sd	a0, 0(t0)
1:	j	1b

	.section .rodata
	.balign 8
fp_values:
	.double	1.5
	.double	-2.25
	.float	3.0
	.float	0
	.dword	0x0123456789abcdef

	.section .tohost, "aw", @progbits
	.balign 8
	.globl	tohost
	.type	tohost, @object
	.size	tohost, 8
tohost:	.dword 0
	.globl	fromhost
	.type	fromhost, @object
	.size	fromhost, 8
fromhost: .dword 0
