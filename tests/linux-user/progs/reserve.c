// SPDX-License-Identifier: MIT OR Apache-2.0
//
// reserve: address-space reservations like Go's heap arenas. Reserves
// 576 MiB with PROT_NONE in a few calls, commits small pieces of it
// (mprotect and MAP_FIXED), touches them, then gives the rest back with
// munmap and mprotect over the whole range. Range operations must cost
// in proportion to what is mapped, not to the size of the range.
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define MIB (1UL << 20)

static int check(const char *what, int ok)
{
	if (!ok)
		printf("FAIL %s\n", what);
	return ok ? 0 : 1;
}

int main(void)
{
	int bad = 0;
	// Go on 64-bit Linux: a 512 MiB arena hint, then 64 MiB more.
	char *a = mmap(0, 512 * MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *b = mmap(0, 64 * MIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bad += check("mmap", a != MAP_FAILED && b != MAP_FAILED);
	// Commit the first 4 MiB of the arena, and one page far up.
	bad += check("mprotect", mprotect(a, 4 * MIB, PROT_READ | PROT_WRITE) == 0);
	bad += check("map fixed", mmap(a + 300 * MIB, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == a + 300 * MIB);
	memset(a, 1, 4 * MIB);
	a[300 * MIB] = 7;
	bad += check("fixed page", a[300 * MIB] == 7);
	// Replace the whole reservation but the committed part with MAP_FIXED.
	bad += check("remap fixed", mmap(a + 4 * MIB, 508 * MIB, PROT_NONE,
					 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == a + 4 * MIB);
	bad += check("still there", a[4 * MIB - 1] == 1);
	// Protect and release the whole ranges.
	bad += check("mprotect all", mprotect(a, 512 * MIB, PROT_READ) == 0);
	bad += check("read back", a[12345] == 1);
	bad += check("madvise", madvise(b, 64 * MIB, MADV_DONTNEED) == 0);
	bad += check("munmap a", munmap(a, 512 * MIB) == 0);
	bad += check("munmap b", munmap(b, 64 * MIB) == 0);
	printf("reserve: 576 MiB reserved and released, %s\n", bad ? "FAILED" : "ok");
	return bad != 0;
}
