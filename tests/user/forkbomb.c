/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * forkbomb: forks until fork fails with EAGAIN (the kernel's process
 * limit; at most 64 children, so that it stays harmless on a real
 * system), each child exiting at once with its number; then reaps every
 * child, checks the statuses, checks that no child is left (ECHILD), and
 * exits 0. Under the rvmmu firmware (16 processes) it makes 15 children.
 */
#include "stdio.h"
#include "sys.h"

#define MAX_CHILDREN 64

int main(void)
{
	int n = 0, eagain = 0;
	static char seen[MAX_CHILDREN];
	while (n < MAX_CHILDREN) {
		pid_t pid = fork();
		if (pid == 0)
			exit(n + 1);
		if (pid < 0) {
			if (errno != EAGAIN) {
				printf("forkbomb: FAIL: fork failed with errno %d, not EAGAIN\n", errno);
				return 1;
			}
			eagain = 1;
			break;
		}
		n++;
	}
	printf("forkbomb: %d children, then %s\n", n, eagain ? "EAGAIN" : "stopped at the cap");
	int bad = 0;
	for (int i = 0; i < n; i++) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
		if (pid <= 0 || code < 1 || code > n || seen[code - 1]) {
			printf("forkbomb: FAIL: waitpid %d status 0x%x\n", pid, status);
			bad++;
			continue;
		}
		seen[code - 1] = 1;
	}
	int status;
	if (waitpid(-1, &status, 0) != -1 || errno != ECHILD) {
		printf("forkbomb: FAIL: children left\n");
		bad++;
	}
	printf(bad ? "forkbomb: FAIL\n" : "forkbomb: reaped %d children\n", n);
	return bad ? 1 : 0;
}
