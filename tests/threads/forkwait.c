// SPDX-License-Identifier: MIT OR Apache-2.0
// glibc's fork (clone with CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD),
// waitpid with the child's exit status, a child killed by abort(), and
// getpid/getppid in the child.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int pipe_ok = 1;
	pid_t me = getpid();
	pid_t c = fork();
	if (c == 0) {
		if (getppid() != me)
			_exit(99);
		_exit(42);
	}
	int st;
	pid_t w = waitpid(c, &st, 0);
	printf("child exited: %s, status %d, waited for it: %s\n", WIFEXITED(st) ? "yes" : "no",
	       WEXITSTATUS(st), w == c ? "yes" : "no");
	c = fork();
	if (c == 0)
		abort();
	waitpid(c, &st, 0);
	printf("second child signalled: %s, signal %d\n", WIFSIGNALED(st) ? "yes" : "no",
	       WTERMSIG(st));
	c = vfork();
	if (c == 0)
		_exit(5);
	waitpid(c, &st, 0);
	printf("vfork child status %d\n", WEXITSTATUS(st));
	printf("pids differ: %s\n", c != me && pipe_ok ? "yes" : "no");
	return 0;
}
