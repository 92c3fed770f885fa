// SPDX-License-Identifier: MIT OR Apache-2.0
//
// An S-mode test payload for SBI firmware, entered at 0x8020_0000 with
// a0 = hart id, a1 = device tree (see payload.c). It starts with the
// RISC-V Linux Image header (the kernel's boot-image-header.rst), so that
// its raw binary boots as a kernel: `rvmmu boot --kernel payload.bin`,
// `qemu-system-riscv64 -kernel payload.bin`.
	.section .text.start
	.globl _start
_start:
	.option push
	.option norvc
	j payload_start              // code0 (4 bytes: no RVC)
	.option pop
	.word 0                      // code1
	.dword 0x200000              // text_offset
	.dword _end - _start         // image_size
	.dword 0                     // flags: little-endian
	.word 0x2                    // version 0.2
	.word 0                      // res1
	.dword 0                     // res2
	.ascii "RISCV\0\0\0"         // magic (deprecated)
	.ascii "RSC\x05"             // magic2
	.word 0                      // res3
payload_start:
	la sp, payload_stack_top
	la t0, payload_vector
	csrw stvec, t0
	call payload_main
1:	j 1b

	// S-mode trap vector: caller-saved registers around payload_trap().
	.section .text
	.balign 4
payload_vector:
	addi sp, sp, -128
	sd ra, 0(sp)
	sd t0, 8(sp)
	sd t1, 16(sp)
	sd t2, 24(sp)
	sd a0, 32(sp)
	sd a1, 40(sp)
	sd a2, 48(sp)
	sd a3, 56(sp)
	sd a4, 64(sp)
	sd a5, 72(sp)
	sd a6, 80(sp)
	sd a7, 88(sp)
	sd t3, 96(sp)
	sd t4, 104(sp)
	sd t5, 112(sp)
	sd t6, 120(sp)
	call payload_trap
	ld ra, 0(sp)
	ld t0, 8(sp)
	ld t1, 16(sp)
	ld t2, 24(sp)
	ld a0, 32(sp)
	ld a1, 40(sp)
	ld a2, 48(sp)
	ld a3, 56(sp)
	ld a4, 64(sp)
	ld a5, 72(sp)
	ld a6, 80(sp)
	ld a7, 88(sp)
	ld t3, 96(sp)
	ld t4, 104(sp)
	ld t5, 112(sp)
	ld t6, 120(sp)
	addi sp, sp, 128
	sret

	.section .bss
	.balign 16
	.space 8192
payload_stack_top:
