// SPDX-License-Identifier: MIT OR Apache-2.0
// rvmmu only. Threads until pthread_create fails (the firmware's table is
// finite: EAGAIN, like Linux at its limits), then, with "deadlock", a
// self-deadlock on a mutex: every thread blocked for good, which Linux
// would let hang; the firmware says so and ends the run.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int release;

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	while (!release)
		pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	return 0;
}

int main(int argc, char **argv)
{
	static pthread_t t[1000];
	int n = 0, r = 0;
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 65536);
	while (n < 1000 && (r = pthread_create(&t[n], &a, sleeper, 0)) == 0)
		n++;
	printf("created %d threads, then %s\n", n, r == EAGAIN ? "EAGAIN" : strerror(r));
	pthread_mutex_lock(&m);
	release = 1;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], 0);
	printf("joined them all\n");
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "deadlock") == 0) {
		pthread_mutex_lock(&m);
		pthread_mutex_lock(&m);
	}
	return 0;
}
