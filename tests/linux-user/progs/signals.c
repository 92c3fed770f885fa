// SPDX-License-Identifier: MIT OR Apache-2.0
// signals: a SIGUSR1 handler (raise), a blocked signal delivered on
// unblock, and a SIGSEGV handler that sees the faulting address and
// leaves with siglongjmp.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile int got;
static sigjmp_buf env;
static void *fault_addr;

static void on_usr1(int sig) { got = sig; }
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	fault_addr = si->si_addr;
	siglongjmp(env, 1);
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("usr1 %d\n", got == SIGUSR1);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	got = 0;
	sigprocmask(SIG_BLOCK, &s, 0);
	raise(SIGUSR1);
	printf("blocked %d\n", got);
	sigprocmask(SIG_UNBLOCK, &s, 0);
	printf("unblocked %d\n", got == SIGUSR1);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, 0);
	volatile int *bad = (int *)0x1234;
	if (sigsetjmp(env, 1) == 0)
		*bad = 1;
	printf("segv at %p\n", fault_addr);
	return 0;
}
