// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Memory accesses made for the trapped S/U-mode (legacy SBI calls pass
// pointers; misaligned emulation reads the instruction and the data):
// mstatus.MPRV makes loads and stores use the privilege and translation of
// mstatus.MPP (Privileged 3.1.6.3). A fault traps into M-mode again: a
// temporary mtvec catches it, restores mstatus, mepc and mtvec (the trap
// overwrote MPP and mepc), and reports mcause and mtval.
//
// uint64_t sbi_unpriv_lbu(addr, fault, mstatus_extra)
// void sbi_unpriv_sb(addr, value, fault)

	.section .text
	.globl sbi_unpriv_lbu
sbi_unpriv_lbu:
	csrr t3, mepc
	csrr t1, mtvec
	la t0, unpriv_fault
	csrw mtvec, t0
	mv t4, a1                  // the fault record
	li t0, (1 << 17)           // MPRV
	or t0, t0, a2
	csrrs t2, mstatus, t0
	lbu a0, 0(a0)
	csrw mstatus, t2
	csrw mtvec, t1
	ret

	.globl sbi_unpriv_sb
sbi_unpriv_sb:
	csrr t3, mepc
	csrr t1, mtvec
	la t0, unpriv_fault
	csrw mtvec, t0
	mv t4, a2
	li t0, (1 << 17)
	csrrs t2, mstatus, t0
	sb a1, 0(a0)
	csrw mstatus, t2
	csrw mtvec, t1
	ret

	.balign 4
unpriv_fault:
	csrr t0, mcause
	sd t0, 0(t4)
	csrr t0, mtval
	sd t0, 8(t4)
	csrw mstatus, t2
	csrw mepc, t3
	csrw mtvec, t1
	li a0, 0
	ret
