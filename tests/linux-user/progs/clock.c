// SPDX-License-Identifier: MIT OR Apache-2.0
// clock: the wall clock is after 2020, nanosleep sleeps, monotonic time
// moves forward.
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec a, b, d = { 0, 20000000 };
	clock_gettime(CLOCK_REALTIME, &a);
	printf("after 2020: %d\n", a.tv_sec > 1577836800);
	clock_gettime(CLOCK_MONOTONIC, &a);
	int r = nanosleep(&d, 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
	printf("nanosleep %d, slept >= 20 ms: %d\n", r, ns >= 20000000);
	return 0;
}
