// waitid: the siginfo answer for exited and killed children, WNOWAIT
// (the child stays waitable for wait4), WNOHANG with a child still
// running, P_ALL, and the errors (ECHILD, EINVAL). Go's os/exec waits so.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, int r, const siginfo_t *si)
{
	// (With nothing to report Linux zeroes the fields, qemu-riscv64
	// leaves them: only signo and pid are compared then.)
	printf("%s: %d signo %d pid ok %d", what, r, si->si_signo, si->si_pid != 0);
	if (si->si_signo)
		printf(" code %d status %d", si->si_code, si->si_status);
	printf("\n");
}

int main(void)
{
	siginfo_t si;
	pid_t c = fork();
	if (c == 0)
		_exit(7);
	memset(&si, 0xff, sizeof(si));
	int r = waitid(P_PID, (id_t)c, &si, WEXITED | WNOWAIT);
	show("exit 7, nowait", r, &si);
	int ws = 0;
	printf("wait4 after nowait: %d, exit %d\n", waitpid(c, &ws, 0) == c, WEXITSTATUS(ws));

	c = fork();
	if (c == 0) {
		for (;;)
			pause();
	}
	memset(&si, 0, sizeof(si));
	r = waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
	show("running, nohang", r, &si);
	kill(c, SIGKILL);
	memset(&si, 0, sizeof(si));
	r = waitid(P_ALL, 0, &si, WEXITED);
	show("killed", r, &si);

	r = waitid(P_ALL, 0, &si, WEXITED);
	printf("no child: %d %s\n", r, strerror(errno));
	r = waitid(P_ALL, 0, &si, 0);
	printf("no options: %d %s\n", r, strerror(errno));
	return 0;
}
