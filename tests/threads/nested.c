// SPDX-License-Identifier: MIT OR Apache-2.0
// Two blocked signals unblocked at once: both handlers run before
// sigprocmask returns (Linux nests the frames: the higher-numbered
// signal's handler runs first, inside nothing, then the lower one's), and
// a handler's sa_mask blocks a signal raised inside it until it returns.
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile char order[16];
static volatile int n;

static void h1(int sig)
{
	order[n++] = sig == SIGUSR1 ? '1' : '?';
	raise(SIGUSR2); // blocked by sa_mask: runs after h1 returns
	order[n++] = 'a';
}

static void h2(int sig) { order[n++] = sig == SIGUSR2 ? '2' : '?'; }

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h1;
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, 0);
	sa.sa_handler = h2;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, 0);
	sigset_t both, old;
	sigemptyset(&both);
	sigaddset(&both, SIGUSR1);
	sigaddset(&both, SIGUSR2);
	sigprocmask(SIG_BLOCK, &both, &old);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigprocmask(SIG_SETMASK, &old, 0);
	order[n++] = 'm';
	printf("order: %s\n", (const char *)order);
	n = 0;
	for (int i = 0; i < 16; i++)
		order[i] = 0;
	raise(SIGUSR1);
	order[n++] = 'm';
	printf("order: %s\n", (const char *)order);
	return 0;
}
