// SPDX-License-Identifier: MIT OR Apache-2.0
//
// S-mode trap dispatch: a table of handlers indexed by scause, one for
// exceptions and one for interrupts (Privileged Architecture 20211203,
// section 4.1.9, table 4.2). A cause without a handler kills the process;
// the kernel itself never takes a trap on purpose.
#include "trap.h"

#include "con.h"
#include "fault.h"
#include "fpu.h"
#include "mach.h"
#include "page.h"
#include "memlayout.h"
#include "proc.h"
#include "riscv.h"
#include "sys.h"
#include "signal.h"
#include "thread.h"
#include "vmev.h"

typedef void trap_handler(struct trap_frame *tf, uint64_t cause, uint64_t tval);

static uint64_t trap_tick; // timer period in time units, 0 = off

// The signal for a trap the process caused: its handler runs if it has
// one (si_code code, si_addr addr); otherwise the process ends with the
// signal's status.
static void trap_signal(struct trap_frame *tf, uint64_t cause, uint64_t tval, const char *what,
			int sig, int code, uint64_t addr)
{
	if (signal_fault(sig, code, addr) == 0)
		return;
	con_printf("%s at pc 0x%lx (cause %lu, tval 0x%lx)\n", what, tf->sepc, cause, tval);
	proc_die(sig);
}

static void trap_misaligned(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	trap_signal(tf, cause, tval, "misaligned access", SIGBUS, BUS_ADRALN, tval);
}

static void trap_access_fault(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	trap_signal(tf, cause, tval, "access fault", SIGSEGV, SEGV_ACCERR, tval);
}

static void trap_illegal(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	trap_signal(tf, cause, tval, "illegal instruction", SIGILL, ILL_ILLOPC, tf->sepc);
}

static void trap_breakpoint(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	trap_signal(tf, cause, tval, "breakpoint", SIGTRAP, TRAP_BRKPT, tf->sepc);
}

// instret in trap_return and at the current trap's entry (entry.S), and
// the instructions of the path between them: what is left are the user
// instructions retired in between (the progress watch of fault.h).
extern uint64_t trap_left_kernel, trap_entered;
extern const uint64_t trap_path_insns;
static uint64_t trap_user_insns;

static void trap_unexpected(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	con_printf("unexpected trap at pc 0x%lx (cause %lu, tval 0x%lx)\n", tf->sepc, cause, tval);
	proc_die(SIGKILL);
}

// Instruction (12), load (13) and store/AMO (15) page faults: resolve,
// retry the instruction, or end the process with SIGSEGV.
static void trap_page_fault(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	enum fault_access acc = cause == 12 ? FAULT_FETCH : cause == 13 ? FAULT_LOAD : FAULT_STORE;
	enum fault_result r = fault_resolve(tval, acc);
	if (r == FAULT_OK) {
		fault_watch_progress(tf->sepc, trap_user_insns);
		return;
	}
	if (r == FAULT_NOMEM || r == FAULT_NOSWAP)
		fault_kill(r, tval, tf->sepc, acc);
	if (r == FAULT_BUS) { // past the end of a mapped file (filemap.h)
		if (signal_fault(SIGBUS, BUS_ADRERR, tval) == 0)
			return;
		con_printf("bus error at 0x%lx (pc 0x%lx, %s)\n", tval, tf->sepc, fault_access_name(acc));
		proc_die(SIGBUS);
	}
	if (signal_fault(SIGSEGV, r == FAULT_PROTECTION ? SEGV_ACCERR : SEGV_MAPERR, tval) == 0)
		return;
	stats.pf_segv++;
	con_printf("%s at 0x%lx (pc 0x%lx, %s)\n",
		   r == FAULT_PROTECTION ? "protection fault" : "segmentation fault", tval, tf->sepc,
		   fault_access_name(acc));
	proc_die(SIGSEGV);
}

// Environment call from U-mode: a system call; resumes after the ecall.
static void trap_syscall(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	(void)cause;
	(void)tval;
	tf->sepc += 4;
	sys_dispatch(tf);
}

// Supervisor timer interrupt: counts it, ages the pages (lru), arms the
// next one (or none) and lets the next runnable process run (round robin).
static void trap_timer(struct trap_frame *tf, uint64_t cause, uint64_t tval)
{
	(void)tf;
	(void)cause;
	(void)tval;
	stats.timer_interrupts++;
	if (opt.policy == POLICY_LRU || opt.policy == POLICY_LFU)
		page_age();
	sched_set_tick(trap_tick ? r_time() + trap_tick : UINT64_MAX);
	proc_schedule();
}

static trap_handler *const trap_exceptions[16] = {
	[0] = trap_misaligned,   [1] = trap_access_fault, [2] = trap_illegal,
	[3] = trap_breakpoint,   [4] = trap_misaligned,   [5] = trap_access_fault,
	[6] = trap_misaligned,   [7] = trap_access_fault, [8] = trap_syscall,
	[12] = trap_page_fault,  [13] = trap_page_fault,  [15] = trap_page_fault,
};

static trap_handler *const trap_interrupts[16] = {
	[5] = trap_timer,
};

void trap_init(void)
{
	w_sscratch(0);
	w_stvec((uint64_t)trap_vector);
	c_sstatus(SSTATUS_SIE);
}

void trap_set_tick(uint64_t ticks)
{
	trap_tick = ticks;
	if (ticks) {
		sched_set_tick(r_time() + ticks);
		s_sie(SIE_STIE);
	}
}

struct trap_frame *trap_user(struct trap_frame *tf)
{
	trap_user_insns = trap_entered - trap_left_kernel - trap_path_insns;
	vmev_user_insns(trap_user_insns);
	uint64_t scause = r_scause(), stval = r_stval();
	uint64_t code = scause & ~SCAUSE_INTERRUPT;
	trap_handler *const *table = (scause & SCAUSE_INTERRUPT) ? trap_interrupts : trap_exceptions;
	trap_handler *h = code < 16 ? table[code] : 0;
	fpu_trap_entry(tf);
	(h ? h : trap_unexpected)(tf, scause, stval);
	// The thread may have blocked or ended: run another one; signals.
	return sched_after_trap();
}

void trap_kernel(struct trap_frame *tf)
{
	con_printf("firmware: internal error: S-mode trap scause 0x%lx sepc 0x%lx stval 0x%lx ra 0x%lx\n",
		   r_scause(), tf->sepc, r_stval(), tf->x[REG_RA]);
	proc_halt(EXIT_INTERNAL);
}
