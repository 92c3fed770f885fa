// SPDX-License-Identifier: MIT OR Apache-2.0
// threads: four pthreads sum parts of an array under a mutex, joined.
#include <pthread.h>
#include <stdio.h>

#define N 400000
static int data[N];
static long total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg)
{
	long part = (long)arg, s = 0;
	for (long i = part * (N / 4); i < (part + 1) * (N / 4); i++)
		s += data[i];
	pthread_mutex_lock(&lock);
	total += s;
	pthread_mutex_unlock(&lock);
	return (void *)s;
}

int main(void)
{
	pthread_t t[4];
	for (int i = 0; i < N; i++)
		data[i] = i % 1000;
	for (long i = 0; i < 4; i++)
		if (pthread_create(&t[i], 0, work, (void *)i) != 0) {
			printf("pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		printf("part %d: %ld\n", i, (long)r);
	}
	printf("total %ld\n", total);
	return 0;
}
