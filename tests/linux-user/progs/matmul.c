// SPDX-License-Identifier: MIT OR Apache-2.0
// matmul: double-precision N x N matrix product (argv[1], default 160),
// printed as a checksum. Compute-bound, floating point.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 160;
	double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n),
	       *c = calloc((size_t)n * n, sizeof(double));
	for (int i = 0; i < n * n; i++) {
		a[i] = (i % 17) * 0.25 - 1.0;
		b[i] = (i % 13) * 0.5 + 0.125;
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++) {
			double x = a[i * n + k];
			for (int j = 0; j < n; j++)
				c[i * n + j] += x * b[k * n + j];
		}
	double sum = 0;
	for (int i = 0; i < n * n; i++)
		sum += c[i] * ((i % 7) - 3);
	printf("n %d checksum %.6f\n", n, sum);
	return 0;
}
