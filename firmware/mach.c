// SPDX-License-Identifier: MIT OR Apache-2.0
//
// M-mode: delegation to S-mode, counters, the CLINT timer forwarded to
// S-mode as mip.STIP, and the SBI-like set_timer ecall (see mach.h).
#include "mach.h"

#include "con.h"
#include "memlayout.h"
#include "power.h"
#include "riscv.h"

struct dt_info mach_dt;
int mach_dt_ok;
uint64_t mach_misa;

static uint64_t mach_clint;

// Exceptions handed to S-mode: everything a U-mode program can cause
// (misaligned, access faults, illegal instruction, breakpoint, U ecall,
// page faults), so that S-mode kills the process for them. Ecall from
// S-mode (9) stays in M-mode: it is the timer service.
#define MEDELEG_TO_S                                                                 \
	((1UL << 0) | (1UL << 1) | (1UL << 2) | (1UL << 3) | (1UL << 4) | (1UL << 5) | \
	 (1UL << 6) | (1UL << 7) | (1UL << 8) | (1UL << 12) | (1UL << 13) | (1UL << 15))

#define MCAUSE_INTERRUPT (1UL << 63)
#define IRQ_M_TIMER 7
#define EXC_ECALL_S 9
#define SBI_EXT_TIME 0x54494d45UL
#define SBI_ERR_NOT_SUPPORTED ((uint64_t)-2)

extern char kstack_top[];
void kmain(void);

void mach_start(uint64_t hartid, uint64_t dtb)
{
	(void)hartid;
	mach_misa = r_misa();
	mach_dt_ok = dt_parse(dtb, &mach_dt) == 0;
	mach_clint = mach_dt.clint_pa ? mach_dt.clint_pa : CLINT_PA_DEFAULT;

	w_mtvec((uint64_t)mach_vector);
	extern char mach_stack_top[];
	w_mscratch((uint64_t)mach_stack_top);
	w_medeleg(MEDELEG_TO_S);
	w_mideleg(MIP_SSIP | MIP_STIP | MIP_SEIP);
	w_mie(0); // MTIE is enabled by the first set_timer
	w_mcounteren(COUNTEREN_CY_TM_IR);
	w_scounteren(COUNTEREN_CY_TM_IR);

	uint64_t ms = r_mstatus() & ~(MSTATUS_MPP_MASK | MSTATUS_MPIE);
	ms |= MSTATUS_MPP_S;
	// With F or D, let the program use the FPU (the kernel never does, so
	// there is nothing to save); FS is WARL: ignored without an FPU.
	if (mach_misa & ((1UL << ('F' - 'A')) | (1UL << ('D' - 'A'))))
		ms |= MSTATUS_FS_INITIAL;
	w_mstatus(ms);
	w_satp(0);
	mach_enter_supervisor((uint64_t)kmain, (uint64_t)kstack_top);
}

// Arms hart 0's mtimecmp for `when` and clears the pending S timer.
static void mach_set_timer(uint64_t when)
{
	*(volatile uint64_t *)(mach_clint + CLINT_MTIMECMP) = when;
	c_mip(MIP_STIP);
	s_mie(MIE_MTIE);
}

// A trap M-mode does not serve: a firmware bug. Reports it and ends the
// run with status 125.
static void mach_fatal(struct mach_frame *f, uint64_t cause)
{
	io_offset = 0; // M-mode accesses devices at their physical addresses
	con_printf("firmware: internal error: M-mode trap cause 0x%lx mepc 0x%lx mtval 0x%lx a7 0x%lx\n",
		   cause, r_mepc(), r_mtval(), f->x[17]);
	power_off(125);
}

void mach_trap(struct mach_frame *f)
{
	uint64_t cause = r_mcause();
	if (cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) {
		// Forward to S-mode; the next set_timer re-arms MTIE.
		c_mie(MIE_MTIE);
		s_mip(MIP_STIP);
		return;
	}
	if (cause == EXC_ECALL_S) {
		uint64_t eid = f->x[17], fid = f->x[16];
		if (eid == 0 || (eid == SBI_EXT_TIME && fid == 0)) {
			mach_set_timer(f->x[10]);
			f->x[10] = 0;
			f->x[11] = 0;
		} else {
			f->x[10] = SBI_ERR_NOT_SUPPORTED;
		}
		w_mepc(r_mepc() + 4);
		return;
	}
	mach_fatal(f, cause);
}
