/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * reserve: range operations over a large, mostly empty reservation, like
 * Go's heap arenas. Reserves argv[1] MiB (default 576) with PROT_NONE,
 * commits and touches its first 4 MiB (1024 pages), replaces the rest
 * with MAP_FIXED, makes the whole range read-only with mprotect, reads a
 * committed byte back, and unmaps it all. The work done for the touched
 * pages is the same whatever the size; the end-to-end test compares the
 * instruction counts of a small and a huge reservation (the range
 * operations must cost in proportion to what is mapped).
 *
 * Exits 0, or 1 (with a line saying which step failed).
 */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "sys.h"

#define MIB (1ul << 20)
#define COMMIT (4 * MIB)

static unsigned long parse_mib(const char *s)
{
	unsigned long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

static int fail(const char *step)
{
	printf("reserve: %s failed\n", step);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long size = (argc > 1 ? parse_mib(argv[1]) : 576) * MIB;
	if (size < 2 * COMMIT)
		return fail("size");
	char *p = mmap(0, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail("mmap");
	if (mprotect(p, COMMIT, PROT_READ | PROT_WRITE) != 0)
		return fail("mprotect commit");
	for (unsigned long off = 0; off < COMMIT; off += 4096)
		p[off] = (char)(off >> 12 | 1);
	if (mmap(p + COMMIT, size - COMMIT, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
	    p + COMMIT)
		return fail("mmap MAP_FIXED");
	if (mprotect(p, size, PROT_READ) != 0)
		return fail("mprotect all");
	if (p[COMMIT - 4096] != (char)((COMMIT - 4096) >> 12 | 1))
		return fail("read back");
	if (munmap(p, size) != 0)
		return fail("munmap");
	printf("reserve: %lu MiB reserved, 4 MiB touched, all released\n", size / MIB);
	return 0;
}
