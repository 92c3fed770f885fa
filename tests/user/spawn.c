/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * spawn [PROGRAM]: fork, and the child runs PROGRAM (default "hello")
 * with execve and the arguments "from" "spawn"; the parent waits and
 * exits with the child's exit code. execve of a missing file must fail
 * with ENOENT first (in the parent). Under the rvmmu firmware the initrd
 * is a cpio archive holding spawn and the program:
 *
 *     printf 'spawn\nhello\n' | (cd out && cpio -o -H newc) > spawn.cpio
 */
#include "stdio.h"
#include "sys.h"

int main(int argc, char **argv)
{
	char *prog = argc > 1 ? argv[1] : "hello";
	char *args[] = { prog, "from", "spawn", 0 };
	char *missing[] = { "no-such-program", 0 };
	if (execve("/no-such-program", missing, 0) != -1 || errno != ENOENT) {
		printf("spawn: FAIL: execve of a missing file did not fail with ENOENT\n");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		execve(prog, args, 0);
		printf("spawn: FAIL: execve %s failed (errno %d)\n", prog, errno);
		exit(127);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("spawn: FAIL: fork or waitpid\n");
		return 1;
	}
	printf("spawn: %s exited %d\n", prog, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
