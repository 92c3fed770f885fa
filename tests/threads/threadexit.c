// SPDX-License-Identifier: MIT OR Apache-2.0
// Threads that busy-wait on each other (only preemption lets both run),
// a signal sent to one thread with tgkill, a thread that exits while
// main keeps going (CLONE_CHILD_CLEARTID wakes the joiner), and exit()
// from a thread while others are blocked: every thread ends, status 7.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int started, go, handled_tid;
static volatile pid_t spinner_tid;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void usr1(int sig)
{
	(void)sig;
	handled_tid = gettid();
}

static void *spinner(void *arg)
{
	(void)arg;
	spinner_tid = gettid();
	started = 1;
	while (!go)
		;
	while (!handled_tid)
		;
	return 0;
}

static void *blocker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cond_wait(&never, &m);
	return 0;
}

static void *exiter(void *arg)
{
	(void)arg;
	usleep(1000);
	printf("exiting from a thread\n");
	fflush(stdout);
	exit(7);
}

int main(void)
{
	signal(SIGUSR1, usr1);
	pthread_t t;
	pthread_create(&t, 0, spinner, 0);
	while (!started)
		;
	go = 1;
	syscall(SYS_tgkill, getpid(), spinner_tid, SIGUSR1);
	pthread_join(t, 0);
	printf("spinners met; the signal ran in the target thread: %s\n",
	       handled_tid == spinner_tid ? "yes" : "no");
	pthread_t b1, b2, e;
	pthread_create(&b1, 0, blocker, 0);
	pthread_create(&b2, 0, blocker, 0);
	pthread_create(&e, 0, exiter, 0);
	pthread_join(b1, 0);
	printf("not reached\n");
	return 0;
}
