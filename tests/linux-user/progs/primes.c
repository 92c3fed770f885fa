// SPDX-License-Identifier: MIT OR Apache-2.0
// primes: sieve of Eratosthenes up to N (argv[1], default 4,000,000),
// repeated 5 times; prints the count and the last prime. Compute-bound.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 4000000;
	char *composite = malloc(n + 1);
	long count = 0, last = 0;
	for (int round = 0; round < 5; round++) {
		memset(composite, 0, n + 1);
		count = 0;
		for (long i = 2; i <= n; i++) {
			if (composite[i])
				continue;
			count++;
			last = i;
			for (long j = i * i; j <= n; j += i)
				composite[j] = 1;
		}
	}
	printf("%ld primes up to %ld, the last %ld\n", count, n, last);
	return 0;
}
