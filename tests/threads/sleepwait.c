// SPDX-License-Identifier: MIT OR Apache-2.0
// Every thread blocked for two seconds: main in pthread_join, the other
// in a timed condition-variable wait (FUTEX_WAIT_BITSET with an absolute
// timeout). The supervisor must let the hart sleep (wfi) meanwhile, not
// spin: the test bounds the instructions retired.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void *waiter(void *arg)
{
	(void)arg;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 2;
	pthread_mutex_lock(&m);
	int r = pthread_cond_timedwait(&c, &m, &ts);
	pthread_mutex_unlock(&m);
	return (void *)(long)r;
}

int main(void)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pthread_t t;
	pthread_create(&t, 0, waiter, 0);
	void *r;
	pthread_join(t, &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	printf("timed wait: %s, took 2 s: %s\n", (long)r == ETIMEDOUT ? "ETIMEDOUT" : "other",
	       s >= 1.9 && s < 10 ? "yes" : "no");
	return 0;
}
