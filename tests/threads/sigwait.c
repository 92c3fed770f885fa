// SPDX-License-Identifier: MIT OR Apache-2.0
// sigwait/sigtimedwait: a thread waits for a blocked signal that another
// thread sends with kill; a timed wait with nothing pending times out.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static sigset_t set;

static void *waiter(void *arg)
{
	(void)arg;
	siginfo_t si;
	int sig = sigwaitinfo(&set, &si);
	printf("sigwaitinfo: %d, from our pid: %s, SI_USER: %s\n", sig,
	       si.si_pid == getpid() ? "yes" : "no", si.si_code == SI_USER ? "yes" : "no");
	return 0;
}

int main(void)
{
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, 0);
	pthread_t t;
	pthread_create(&t, 0, waiter, 0);
	struct timespec d = { 0, 20 * 1000000 };
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, SIGUSR2);
	int r = sigtimedwait(&one, 0, &d);
	printf("sigtimedwait with nothing pending: %d, EAGAIN: %s\n", r, errno == EAGAIN ? "yes" : "no");
	kill(getpid(), SIGUSR1);
	pthread_join(t, 0);
	kill(getpid(), SIGUSR2);
	printf("pending SIGUSR2 taken at once: %d\n", sigtimedwait(&one, 0, &d));
	return 0;
}
