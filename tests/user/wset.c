/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * wset N [PASSES]: a working set of N pages (anonymous mapping), touched
 * in PASSES passes (default 4). Each pass walks the N pages in order and,
 * after each, touches one page of a hot set (the first N/4 + 1 pages)
 * chosen by a fixed pseudo-random sequence -- so a policy that keeps
 * recently used pages does better than FIFO. Every touch checks the
 * page's header (its number and how often it was touched) and writes a
 * new word. At the end every page is checked and a checksum of all of
 * them is printed: it does not depend on the frame limit or the policy
 * (a run without a limit gives the same). The page faults of the passes
 * are counted with getrusage, isolated as in refstring.c: the program's
 * other pages are locked first (mlockall) and do not compete.
 */
#include "stdio.h"
#include "sys.h"

#define MAX_PAGES 16384
#define PAGE 4096
#define WORDS (PAGE / 4)

static unsigned touches[MAX_PAGES];

static int parse(const char *s, unsigned *out)
{
	unsigned v = 0;
	if (*s == 0)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000000)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*out = v;
	return 0;
}

static void __attribute__((noinline)) grow_stack(void)
{
	volatile char buf[16384];
	for (unsigned i = 0; i < sizeof(buf); i += 512)
		buf[i] = 0;
}

static unsigned value(unsigned page, unsigned k) { return page * 2654435761u ^ (k * 40503u + 7); }

static volatile unsigned *region;
static int bad;

static void touch(unsigned page)
{
	volatile unsigned *w = region + (size_t)page * WORDS;
	unsigned k = touches[page];
	if (w[0] != (k ? page + 1 : 0) || w[1] != k)
		bad++;
	w[0] = page + 1;
	w[1] = k + 1;
	w[2 + k % (WORDS - 2)] = value(page, k);
	touches[page] = k + 1;
}

int main(int argc, char **argv)
{
	unsigned n, passes = 4;
	if (argc < 2 || parse(argv[1], &n) != 0 || n == 0 || n > MAX_PAGES ||
	    (argc > 2 && parse(argv[2], &passes) != 0)) {
		printf("usage: wset N [PASSES] (N = 1..%d pages)\n", MAX_PAGES);
		return 2;
	}
	grow_stack();
	if (mlockall(MCL_CURRENT) != 0)
		printf("wset: mlockall failed (errno %d): other pages may compete\n", errno);
	region = mmap(0, (size_t)n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		printf("wset: mmap failed\n");
		return 1;
	}
	unsigned hot = n / 4 + 1, x = 12345;
	long before = page_faults();
	for (unsigned p = 0; p < passes; p++) {
		for (unsigned i = 0; i < n; i++) {
			touch(i);
			x = x * 1103515245u + 12345u;
			touch((x >> 16) % hot);
		}
	}
	long after = page_faults();
	/* Check every page against the model, and sum them. */
	unsigned long sum = 1469598103934665603ul;
	for (unsigned page = 0; page < n; page++) {
		volatile unsigned *w = region + (size_t)page * WORDS;
		unsigned k = touches[page];
		if (w[0] != page + 1 || w[1] != k)
			bad++;
		for (unsigned j = 0; j < k && j < WORDS - 2; j++)
			if (w[2 + (k - 1 - j) % (WORDS - 2)] != value(page, k - 1 - j))
				bad++;
		for (unsigned j = 0; j < WORDS; j++)
			sum = (sum ^ w[j]) * 1099511628211ul;
	}
	printf("wset: %u pages, %u passes: %ld page faults\n", n, passes, after - before);
	printf("wset: checksum 0x%lx\n", sum);
	if (bad) {
		printf("wset: FAIL: %d words differ from what was written\n", bad);
		return 1;
	}
	printf("wset: ok\n");
	return 0;
}
