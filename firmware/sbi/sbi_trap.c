// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Traps into M-mode from S/U (start.S's sbi_vector calls sbi_trap):
// interrupts by cause (the M timer for set_timer; the M software
// interrupt as an IPI), then exceptions: ecall from S is an SBI call,
// illegal instructions and misaligned accesses are emulated where the
// firmware can, and everything else goes to S-mode as if delegated.
// A trap taken in M-mode itself is a firmware bug: reported, then the
// machine powers off with the failure status.
#include "sbi.h"

#include "csr.h"

#define CLINT_MSIP 0x0

void sbi_redirect(uint64_t cause, uint64_t tval)
{
	// Privileged 3.1.6.1 / 4.1.1: what a trap into S would have done.
	uint64_t ms = r_mstatus();
	uint64_t from = (ms & MSTATUS_MPP_MASK) >> MSTATUS_MPP_SHIFT;
	w_sepc(r_mepc());
	w_scause(cause);
	w_stval(tval);
	uint64_t next = ms & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP_MASK);
	if (from == 1)
		next |= MSTATUS_SPP;
	if (ms & MSTATUS_SIE)
		next |= MSTATUS_SPIE;
	next |= MSTATUS_MPP_S;
	w_mstatus(next);
	w_mepc(r_stvec() & ~3UL);   // exceptions go to BASE in both modes
}

static void trap_fatal(const char *why, uint64_t cause, uint64_t tval)
{
	sbi_console_puts("sbi: ");
	sbi_console_puts(why);
	sbi_console_puts(": mcause ");
	sbi_console_hex(cause);
	sbi_console_puts(" mepc ");
	sbi_console_hex(r_mepc());
	sbi_console_puts(" mtval ");
	sbi_console_hex(tval);
	sbi_console_putc('\n');
	sbi_system_reset(0, 1);
}

void sbi_trap(struct sbi_frame *f)
{
	uint64_t cause = r_mcause(), tval = r_mtval();
	f->x[0] = 0;   // never saved: reads of x0 as an operand see 0
	if (cause & CAUSE_INTERRUPT) {
		switch (cause & ~CAUSE_INTERRUPT) {
		case IRQ_M_TIMER:
			sbi_timer_interrupt();
			return;
		case IRQ_M_SOFT:
			if (sbi_plat.clint)
				*(volatile uint32_t *)(sbi_plat.clint + CLINT_MSIP) = 0;
			sbi_ipi_self();
			return;
		default:
			trap_fatal("unexpected interrupt", cause, tval);
		}
	}
	if ((r_mstatus() & MSTATUS_MPP_MASK) == MSTATUS_MPP_MASK)
		trap_fatal("trap in M-mode", cause, tval);
	switch (cause) {
	case EXC_ECALL_S:
		sbi_ecall(f);
		return;
	case EXC_ILLEGAL_INSN:
		sbi_illegal(f, tval);
		return;
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		sbi_misaligned(f, cause, tval);
		return;
	default:
		sbi_redirect(cause, tval);
	}
}
