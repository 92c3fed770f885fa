/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * phases [SCALE]: walks a large array (ARRAY_PAGES pages of bss) in four
 * phases whose working sets differ, so that a frame limit between them
 * makes one phase thrash and the others not -- the example of the
 * README's "Watching virtual memory":
 *
 *   1. 24 pages (0..23), 12 passes          a small loop
 *   2. 96 pages (32..127), 6 passes, and     a working set 4x larger,
 *      after each of them one of 8 hot        with a small hot set that a
 *      pages (0..7)                           good policy keeps resident
 *   3. 24 pages (0..23) again, 12 passes     back to the first loop
 *   4. all ARRAY_PAGES pages, one pass       a stream: each page once
 *
 * Each visit sums the page's 1024 words and writes one (so pages become
 * dirty and a policy must write them back); SCALE (default 1) multiplies
 * the passes. The result, a checksum printed at the end, does not depend
 * on the frame limit or the policy.
 */
#include "stdio.h"

#define PAGE 4096
#define WORDS (PAGE / 4)
#define ARRAY_PAGES 192

static unsigned array[ARRAY_PAGES][WORDS];

static unsigned visit(unsigned page, unsigned k)
{
	unsigned s = 0;
	for (unsigned i = 0; i < WORDS; i++)
		s += array[page][i];
	array[page][k % WORDS] += page * 2654435761u + k;
	return s;
}

// Visits pages first..first+n-1 in order, passes times; with hot > 0,
// page i % hot after each of them as well.
static unsigned phase(unsigned first, unsigned n, unsigned passes, unsigned hot)
{
	unsigned s = 0;
	for (unsigned p = 0; p < passes; p++)
		for (unsigned i = 0; i < n; i++) {
			s = s * 31 + visit(first + i, p);
			if (hot)
				s = s * 31 + visit(i % hot, p);
		}
	return s;
}

int main(int argc, char **argv)
{
	unsigned scale = 1;
	if (argc > 1 && argv[1][0] >= '1' && argv[1][0] <= '9')
		scale = (unsigned)(argv[1][0] - '0');
	unsigned sum = phase(0, 24, 12 * scale, 0);
	sum ^= phase(32, 96, 6 * scale, 8);
	sum ^= phase(0, 24, 12 * scale, 0);
	sum ^= phase(0, ARRAY_PAGES, scale, 0);
	printf("phases: checksum %u\n", sum);
	return 0;
}
