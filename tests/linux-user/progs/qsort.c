// SPDX-License-Identifier: MIT OR Apache-2.0
// qsort: sorts N pseudo-random 64-bit keys (argv[1], default 300,000)
// with the C library's qsort, checks the order, prints a checksum.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 300000;
	uint64_t *v = malloc(sizeof(*v) * n), s = 88172645463325252ULL, sum = 0;
	for (long i = 0; i < n; i++) {
		s ^= s << 13; s ^= s >> 7; s ^= s << 17;
		v[i] = s;
	}
	qsort(v, n, sizeof(*v), cmp);
	for (long i = 1; i < n; i++)
		if (v[i - 1] > v[i]) { printf("not sorted at %ld\n", i); return 1; }
	for (long i = 0; i < n; i += 1000)
		sum = sum * 31 + v[i];
	printf("sorted %ld, checksum %016llx\n", n, (unsigned long long)sum);
	return 0;
}
