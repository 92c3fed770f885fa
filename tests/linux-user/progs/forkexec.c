// SPDX-License-Identifier: MIT OR Apache-2.0
// forkexec: fork, a child that exits 7, waitpid; a second child whose
// execve fails (no such file: the errno it prints) and exits 127; a
// third child killed by SIGKILL (WIFSIGNALED). A successful execve of a
// RISC-V program cannot be compared here: qemu-riscv64 hands execve to
// the host kernel, which cannot run it without binfmt_misc.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	fflush(stdout);
	pid_t p = fork();
	if (p < 0) { perror("fork"); return 1; }
	if (p == 0)
		_exit(7);
	int st;
	printf("waited for the child: %d\n", waitpid(p, &st, 0) == p);
	printf("child exited %d\n", WEXITSTATUS(st));
	fflush(stdout);
	p = fork();
	if (p == 0) {
		char *args[] = { "prog", "child", 0 };
		execv("/nonexistent/prog", args);
		printf("execv: %s\n", strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	waitpid(p, &st, 0);
	printf("second child exited %d\n", WEXITSTATUS(st));
	fflush(stdout);
	p = fork();
	if (p == 0) {
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	waitpid(p, &st, 0);
	printf("third child: signalled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
	return 0;
}
