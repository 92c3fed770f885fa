/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * refstring P1 P2 ...: touches the pages of a fresh anonymous mapping in
 * the order of the reference string given on the command line (page
 * numbers from 0) and prints how many page faults that took, for
 * comparison with a model of the replacement policy, e.g.
 *
 *     refstring 1 2 3 4 1 2 5 1 2 3 4 5
 *
 * takes 9 faults under FIFO with 3 frames and 10 with 4 (Belady's
 * anomaly), counting the first touch of each page.
 *
 * Isolation: only the reference pages may compete for frames, and only
 * their faults may be counted. So the program first grows its stack,
 * then mlockall(MCL_CURRENT) faults in and locks every page it has (text,
 * rodata, data, bss, stack) -- under the rvmmu firmware locked pages do
 * not count against frames=N -- and only then maps the reference pages.
 * The faults are counted with getrusage (ru_minflt + ru_majflt) right
 * before and after the loop, which touches nothing but the reference
 * pages (the counters live in locked pages). Each touch reads the page's
 * first byte (0, or the value last written) and writes a new one, so a
 * page that came back from swap must hold what it held.
 */
#include "stdio.h"
#include "sys.h"

#define MAX_REFS 256
#define MAX_PAGES 64
#define PAGE 4096

static int refs[MAX_REFS];

static int parse(const char *s, int *out)
{
	int v = 0;
	if (*s == 0)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

/* Faults the next 16 KiB of stack in before the pages are locked. */
static void __attribute__((noinline)) grow_stack(void)
{
	volatile char buf[16384];
	for (unsigned i = 0; i < sizeof(buf); i += 512)
		buf[i] = 0;
}

int main(int argc, char **argv)
{
	int n = argc - 1, pages = 0;
	if (n < 1 || n > MAX_REFS) {
		printf("usage: refstring P1 P2 ... (1..%d page numbers below %d)\n", MAX_REFS, MAX_PAGES);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		if (parse(argv[i + 1], &refs[i]) != 0 || refs[i] >= MAX_PAGES) {
			printf("refstring: bad page number '%s'\n", argv[i + 1]);
			return 2;
		}
		if (refs[i] + 1 > pages)
			pages = refs[i] + 1;
	}
	grow_stack();
	if (mlockall(MCL_CURRENT) != 0)
		printf("refstring: mlockall failed (errno %d): other pages may compete\n", errno);
	volatile unsigned char *region =
		mmap(0, (size_t)pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		printf("refstring: mmap failed\n");
		return 1;
	}
	static unsigned char last[MAX_PAGES];
	int bad = 0;
	long before = page_faults();
	for (int i = 0; i < n; i++) {
		volatile unsigned char *p = region + (size_t)refs[i] * PAGE;
		if (*p != last[refs[i]])
			bad++;
		last[refs[i]] = (unsigned char)(i + 1);
		*p = (unsigned char)(i + 1);
	}
	long after = page_faults();
	printf("refstring: %d references to %d pages: %ld page faults\n", n, pages, after - before);
	if (bad) {
		printf("refstring: FAIL: %d pages did not hold what was written\n", bad);
		return 1;
	}
	printf("refstring: ok\n");
	return 0;
}
