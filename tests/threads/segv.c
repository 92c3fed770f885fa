// SPDX-License-Identifier: MIT OR Apache-2.0
// A program that catches its own segmentation faults (SA_SIGINFO), checks
// si_addr and si_code, and leaves the handler with siglongjmp; then an
// illegal instruction (SIGILL) and a breakpoint (SIGTRAP).
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code, fault_sig;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

static const char rodata[] = "read only";
static volatile unsigned long trap_pc;

// SIGTRAP: returns past the ebreak by editing the pc in the ucontext
// (rt_sigreturn must restore the edited mcontext).
static void trap_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	unsigned long pc = uc->uc_mcontext.__gregs[REG_PC];
	unsigned short insn = *(unsigned short *)pc;
	fault_sig = sig;
	trap_pc = pc;
	fault_addr = si->si_addr;
	uc->uc_mcontext.__gregs[REG_PC] = pc + ((insn & 3) == 3 ? 4 : 2);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);
	sigaction(SIGILL, &sa, 0);
	sa.sa_sigaction = trap_handler;
	sigaction(SIGTRAP, &sa, 0);

	volatile int *bad = (int *)0x1008;
	if (sigsetjmp(env, 1) == 0) {
		*bad = 1;
		printf("no fault?\n");
	} else {
		printf("SIGSEGV %d at %p, si_addr matches: %s, SEGV_MAPERR: %s\n", fault_sig,
		       (void *)fault_addr, fault_addr == bad ? "yes" : "no",
		       fault_code == SEGV_MAPERR ? "yes" : "no");
	}
	volatile char *ro = (char *)rodata;
	if (sigsetjmp(env, 1) == 0) {
		ro[3] = 'x';
		printf("no fault?\n");
	} else {
		printf("store to rodata: si_addr matches: %s, SEGV_ACCERR: %s\n",
		       fault_addr == ro + 3 ? "yes" : "no", fault_code == SEGV_ACCERR ? "yes" : "no");
	}
	// The mask was restored by siglongjmp: a second fault is caught too.
	if (sigsetjmp(env, 1) == 0) {
		*bad = 2;
	} else {
		printf("second SIGSEGV caught: %s\n", fault_sig == SIGSEGV ? "yes" : "no");
	}
	if (sigsetjmp(env, 1) == 0) {
		__asm__ volatile(".word 0");
	} else {
		printf("SIGILL %d, ILL_ILLOPC: %s\n", fault_sig, fault_code == ILL_ILLOPC ? "yes" : "no");
	}
	fault_sig = 0;
	__asm__ volatile("ebreak");
	printf("SIGTRAP %d, resumed after the ebreak, pc in the ucontext is si_addr: %s\n", fault_sig,
	       trap_pc == (unsigned long)fault_addr ? "yes" : "no");
	return 0;
}
