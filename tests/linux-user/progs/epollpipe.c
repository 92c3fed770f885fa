// epollpipe: epoll on pipes as Go's runtime and event loops use it:
// level- and edge-triggered readiness, EPOLLHUP, timeouts, a wait woken
// by another thread's write, and the errors (EEXIST, ENOENT, EPERM for a
// regular file). Also poll's timeout on a pipe, prctl's thread name and
// /proc/self/exe's name.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static int p[2];

static void show(const char *what, int ep, int timeout)
{
	struct epoll_event ev[4];
	int n = epoll_wait(ep, ev, 4, timeout);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [data %lu events 0x%x]", (unsigned long)ev[i].data.u64, ev[i].events);
	printf("\n");
}

static void *writer(void *arg)
{
	(void)arg;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	nanosleep(&ts, 0);
	if (write(p[1], "w", 1) != 1)
		perror("write");
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	char buf[64], self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = 0;
	printf("exe name: %s\n", basename(self));
	// (PR_GET_NAME before a PR_SET_NAME: qemu-riscv64 asks the host,
	// which names qemu itself.)
	prctl(PR_SET_NAME, "a-rather-long-thread-name");
	prctl(PR_GET_NAME, buf);
	printf("thread name: %s\n", buf);

	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0 || pipe2(p, O_NONBLOCK) != 0)
		return perror("setup"), 1;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
	printf("add read end: %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	printf("add again: %d %s\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), strerror(errno));
	show("empty pipe", ep, 0);
	double t0 = now();
	show("empty pipe, 50 ms", ep, 50);
	double waited = now() - t0;
	printf("waited at least 50 ms: %d, under 5 s: %d\n", waited >= 0.05, waited < 5);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	t0 = now();
	int pr = poll(&pfd, 1, 50);
	waited = now() - t0;
	printf("poll, 50 ms: %d, waited at least 50 ms: %d, under 5 s: %d\n", pr, waited >= 0.05,
	       waited < 5);
	printf("poll, 0 ms: %d\n", poll(&pfd, 1, 0));
	if (write(p[1], "ab", 2) != 2)
		return 1;
	printf("poll with data: %d 0x%x\n", poll(&pfd, 1, 50), pfd.revents);
	show("data (level)", ep, 0);
	show("data again (level)", ep, 0);

	struct epoll_event wev = { .events = EPOLLOUT | EPOLLET, .data.u64 = 2 };
	printf("add write end (edge): %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &wev));
	ev.events = EPOLLIN | EPOLLET;
	printf("mod read end (edge): %d\n", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	show("both, first", ep, 0);
	show("both, no change", ep, 0);
	if (read(p[0], buf, 1) != 1)
		return 1;
	show("after a read", ep, 0);
	if (write(p[1], "c", 1) != 1)
		return 1;
	show("after a write", ep, 0);
	// (A read from a full pipe would wake the write end: Linux's pipes
	// hold 64 KiB, rvmmu's 4 KiB, so that is not compared here.)
	if (read(p[0], buf, sizeof(buf)) != 2)
		return 1;

	printf("del write end: %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], 0));
	printf("del again: %d %s\n", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], 0), strerror(errno));
	ev.events = EPOLLIN;
	epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
	pthread_t th;
	pthread_create(&th, 0, writer, 0);
	show("woken by a thread", ep, -1);
	pthread_join(th, 0);
	if (read(p[0], buf, sizeof(buf)) != 1)
		return 1;
	close(p[1]);
	show("writer closed", ep, 0);

	char tmpl[] = "/tmp/rvmmu-epollXXXXXX";
	int fd = mkstemp(tmpl);
	unlink(tmpl);
	printf("add a regular file: %d %s\n", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), strerror(errno));
	printf("add itself: %d %s\n", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), strerror(errno));
	printf("bad epfd: %d %s\n", epoll_wait(fd, &ev, 1, 0), strerror(errno));
	return 0;
}
