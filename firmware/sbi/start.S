// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Entry at 0x8000_0000 in M-mode, as the RISC-V Linux boot protocol
// starts a firmware: a0 = hart id, a1 = device tree. Harts other than 0
// park (HSM: only hart 0 is started). Hart 0 clears bss, sets the M-mode
// stack and calls sbi_init(a0, a1), which never returns.
//
// sbi_vector: traps from S/U-mode. mscratch holds the top of the M stack
// while S/U runs; every register is saved into a struct sbi_frame on it,
// sbi_trap(frame) runs, and the (possibly changed) registers go back.
//
// sbi_probe_vector: during init only, a trap skips the instruction (4
// bytes: only CSR instructions are probed) and sets sbi_probe_trapped.
#define SBI_FRAME_SIZE 256
#define SBI_STACK_SIZE 8192

	.section .text.start
	.globl _start
_start:
	bnez a0, sbi_park
	la sp, sbi_stack_top
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	call sbi_init
	.globl sbi_park
sbi_park:
	csrw mie, zero
3:	wfi
	j 3b

	.section .text
	// sbi_enter_next(addr, a0, a1): mret to addr (mstatus.MPP already S).
	.globl sbi_enter_next
sbi_enter_next:
	csrw mepc, a0
	mv a0, a1
	mv a1, a2
	la t0, sbi_stack_top
	csrw mscratch, t0
	li a2, 0
	li t0, 0
	li t1, 0
	li t2, 0
	mret

	.balign 4
	.globl sbi_probe_vector
sbi_probe_vector:
	csrw mscratch, t0
	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	li t0, 1
	sw t0, sbi_probe_trapped, t1
	csrr t0, mscratch
	mret

	.balign 4
	.globl sbi_vector
sbi_vector:
	csrrw sp, mscratch, sp
	addi sp, sp, -SBI_FRAME_SIZE
	// Every register but x0 and sp (saved below from mscratch).
	.irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd x\r, \r*8(sp)
	.endr
	csrr t0, mscratch          // the trapped mode's sp
	sd t0, 2*8(sp)
	addi t0, sp, SBI_FRAME_SIZE
	csrw mscratch, t0          // the stack top again, for the next trap
	mv a0, sp
	call sbi_trap
	.irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld x\r, \r*8(sp)
	.endr
	ld sp, 2*8(sp)
	mret

	.section .bss
	.balign 16
	.globl sbi_probe_trapped
sbi_probe_trapped:
	.space 8
	.balign 16
sbi_stack:
	.space SBI_STACK_SIZE
	.globl sbi_stack_top
sbi_stack_top:
