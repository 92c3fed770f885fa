// SPDX-License-Identifier: MIT OR Apache-2.0
// Stack overflow caught on an alternate signal stack (sigaltstack,
// SA_ONSTACK), then a plain handler that returns (rt_sigreturn) and
// resumes the interrupted code with its registers intact.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sigjmp_buf env;
static char altstack[65536];
static volatile int on_alt;

static void overflow_handler(int sig)
{
	char here;
	(void)sig;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
	stack_t ss;
	sigaltstack(0, &ss);
	on_alt = on_alt && (ss.ss_flags & SS_ONSTACK);
	siglongjmp(env, 1);
}

static volatile int depth_limit = 1 << 30;

static int recurse(int n)
{
	volatile char buf[1024];
	buf[0] = (char)n;
	if (n > depth_limit)
		return 0;
	return recurse(n + 1) + buf[0];
}

static volatile int usr1;
static void usr1_handler(int sig) { usr1 = sig; }

int main(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
	if (sigaltstack(&ss, 0) != 0)
		return 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = overflow_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGSEGV, &sa, 0);
	if (sigsetjmp(env, 1) == 0)
		recurse(0);
	printf("overflow caught on the alternate stack: %s\n", on_alt ? "yes" : "no");

	sa.sa_handler = usr1_handler;
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, 0);
	long a = 7, b = 9;
	raise(SIGUSR1);
	printf("handler ran: %d, locals kept: %ld\n", usr1, a * b);
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	usr1 = 0;
	raise(SIGUSR1);
	sigset_t pend;
	sigpending(&pend);
	printf("blocked: pending %d, ran %d\n", sigismember(&pend, SIGUSR1), usr1);
	sigprocmask(SIG_SETMASK, &old, 0);
	printf("unblocked: ran %d\n", usr1);
	return 0;
}
