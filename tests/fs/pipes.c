/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * pipes: a child (fork through the raw clone system call, flags SIGCHLD)
 * writes 100000 bytes into a pipe in odd-sized pieces while the parent
 * reads them (both block in turn on the one-page buffer); then end of
 * file, EPIPE-free closing, and a non-blocking read of an empty pipe;
 * a write without readers: SIGPIPE's default action ends a child, a
 * handler runs and write fails with EPIPE, an ignored SIGPIPE gives EPIPE;
 * a reader waits for a writer that sleeps first (the only other thread
 * has a timeout: no deadlock); a handled signal ends a nanosleep (EINTR).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TOTAL 100000

static volatile int sigpipes;
static void on_sigpipe(int sig) { sigpipes += sig == SIGPIPE; }
static void on_alarm(int sig) { (void)sig; }

int main(void)
{
	int p[2];
	if (pipe(p) != 0)
		return 1;
	long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		close(p[0]);
		char buf[777];
		long sent = 0;
		while (sent < TOTAL) {
			long n = TOTAL - sent < (long)sizeof buf ? TOTAL - sent : (long)sizeof buf;
			for (long i = 0; i < n; i++)
				buf[i] = (char)((sent + i) % 251);
			long w = write(p[1], buf, n);
			if (w <= 0)
				syscall(SYS_exit, 9);
			sent += w;
		}
		syscall(SYS_exit, 0);
	}
	close(p[1]);
	/* Blocks until the child has written. */
	struct pollfd pfd = { p[0], POLLIN, 0 };
	int ready = poll(&pfd, 1, -1);
	printf("poll: %d, POLLIN %d\n", ready, (pfd.revents & POLLIN) != 0);
	long got = 0, bad = 0, n;
	char buf[1000];
	while ((n = read(p[0], buf, sizeof buf)) > 0) {
		for (long i = 0; i < n; i++)
			bad += buf[i] != (char)((got + i) % 251);
		got += n;
	}
	int status = -1;
	waitpid((pid_t)pid, &status, 0);
	printf("got %ld bytes, %ld wrong, eof %ld, child status %d\n", got, bad, n, WEXITSTATUS(status));
	close(p[0]);
	int q[2];
	pipe2(q, O_NONBLOCK | O_CLOEXEC);
	printf("empty non-blocking read: %ld %s\n", (long)read(q[0], buf, 1), strerrorname_np(errno));
	struct pollfd e = { q[0], POLLIN, 0 };
	printf("poll empty, timeout 0: %d\n", poll(&e, 1, 0));
	printf("cloexec %d\n", fcntl(q[0], F_GETFD));
	close(q[0]);
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		write(q[1], "x", 1);
		syscall(SYS_exit, 0);
	}
	waitpid((pid_t)pid, &status, 0);
	printf("child writing without reader: signaled %d, signal %d\n", WIFSIGNALED(status),
	       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	signal(SIGPIPE, on_sigpipe);
	errno = 0;
	long w = write(q[1], "x", 1);
	printf("handled SIGPIPE: %ld %s, handler ran %d\n", w, strerrorname_np(errno), sigpipes);
	int r[2];
	pipe(r);
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		struct timespec t = { 0, 50000000 };
		nanosleep(&t, 0);
		write(r[1], "late", 4);
		syscall(SYS_exit, 0);
	}
	close(r[1]);
	memset(buf, 0, sizeof buf);
	n = read(r[0], buf, sizeof buf);
	waitpid((pid_t)pid, &status, 0);
	printf("read from a sleeping writer: %ld %s\n", n, buf);
	close(r[0]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, 0);
	alarm(1);
	struct timespec longer = { 30, 0 };
	errno = 0;
	printf("nanosleep with an alarm: %d %s\n", nanosleep(&longer, 0), strerrorname_np(errno));
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	printf("write without reader: %ld %s\n", (long)write(q[1], "x", 1), strerrorname_np(errno));
	return 0;
}
