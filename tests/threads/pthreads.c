// SPDX-License-Identifier: MIT OR Apache-2.0
// Threads with a mutex, a condition variable (producer/consumer), join,
// thread ids and a timed wait that times out.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 4
#define ADDS 20000
#define ITEMS 100

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER, nonfull = PTHREAD_COND_INITIALIZER;
static long counter;
static int queue[4], qlen, qhead;
static pid_t tids[NTHREADS];

static void *adder(void *arg)
{
	long id = (long)arg;
	tids[id] = (pid_t)syscall(SYS_gettid);
	for (int i = 0; i < ADDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	return (void *)(id * 10);
}

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (qlen == 4)
			pthread_cond_wait(&nonfull, &lock);
		queue[(qhead + qlen++) % 4] = i;
		pthread_cond_signal(&nonempty);
		pthread_mutex_unlock(&lock);
	}
	return 0;
}

int main(void)
{
	pthread_t t[NTHREADS];
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], 0, adder, (void *)i);
	long sum = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("counter %ld (expected %d), join results %ld\n", counter, NTHREADS * ADDS, sum);
	int distinct = 1;
	for (int i = 0; i < NTHREADS; i++)
		distinct &= tids[i] != getpid() && tids[i] > 0 && (i == 0 || tids[i] != tids[i - 1]);
	printf("thread ids distinct from the pid: %s\n", distinct ? "yes" : "no");

	pthread_t p;
	pthread_create(&p, 0, producer, 0);
	long total = 0;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (qlen == 0)
			pthread_cond_wait(&nonempty, &lock);
		total += queue[qhead];
		qhead = (qhead + 1) % 4;
		qlen--;
		pthread_cond_signal(&nonfull);
		pthread_mutex_unlock(&lock);
	}
	pthread_join(p, 0);
	printf("consumed sum %ld (expected %d)\n", total, ITEMS * (ITEMS + 1) / 2);

	struct timespec start, end, ts;
	clock_gettime(CLOCK_MONOTONIC, &start);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 50 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lock);
	int r = pthread_cond_timedwait(&nonempty, &lock, &ts);
	pthread_mutex_unlock(&lock);
	clock_gettime(CLOCK_MONOTONIC, &end);
	long ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
	printf("timedwait: %s after >= 50 ms: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : "other",
	       ms >= 45 ? "yes" : "no");
	return 0;
}
