// SPDX-License-Identifier: MIT OR Apache-2.0
// SIGCHLD to the parent when its child exits (si_pid, si_status,
// si_code), waited for with sigsuspend.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t got_pid;
static volatile int got_status, got_code;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_pid = si->si_pid;
	got_status = si->si_status;
	got_code = si->si_code;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, 0);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid_t c = fork();
	if (c == 0)
		_exit(7);
	while (got_pid == 0)
		sigsuspend(&old);
	printf("SIGCHLD: from the child %s, status %d, CLD_EXITED %s\n", got_pid == c ? "yes" : "no",
	       got_status, got_code == CLD_EXITED ? "yes" : "no");
	int st;
	waitpid(c, &st, 0);
	printf("reaped, status %d\n", WEXITSTATUS(st));
	return 0;
}
