/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * malloc: the libc allocator on the kernel's brk and mmap.
 *
 * Allocates blocks of many sizes (1 byte to 5 MiB; at and above 128 KiB
 * they are separate mmaps), checks 16-byte alignment, fills each with a
 * pattern of its own and verifies all of them after all are filled (an
 * overlap or a page mapped twice shows as a mismatch). Then frees every
 * other block, refills the holes with new blocks, verifies everything
 * still live, frees the rest in reverse order, and checks that the heap
 * is reused (the break does not move when the same sizes come back).
 * realloc grows and shrinks across the mmap threshold keeping contents;
 * calloc returns zeros in reused memory and NULL on overflow; mmap,
 * mprotect and munmap are exercised directly.
 *
 * Prints a checksum (FNV-1a) of all bytes it read back: the same on
 * every correct kernel. Exits 0, or 1 on the first failed check.
 */
#include <stdint.h>

#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "sys.h"

#define KiB 1024u
#define MiB (1024u * 1024u)

static const size_t fixed_sizes[] = {
	1, 2, 3, 7, 8, 15, 16, 17, 24, 31, 32, 33, 63, 64, 65, 100, 127, 128,
	255, 256, 1000, 4095, 4096, 4097, 10000, 65535, 65536, 100000,
	128 * KiB - 1, 128 * KiB, 128 * KiB + 1, 200000, 1 * MiB, 2 * MiB + 3, 5 * MiB,
};
#define N_FIXED (sizeof fixed_sizes / sizeof fixed_sizes[0])
#define N_RANDOM 200u
#define N_BLOCKS (N_FIXED + N_RANDOM)

static uint8_t *blocks[N_BLOCKS];
static size_t sizes[N_BLOCKS];
static uint32_t checksum = 2166136261u; /* FNV-1a offset basis */
static uint32_t rng_state = 12345u;

static uint32_t rng(void)
{
	/* Numerical Recipes LCG: deterministic sizes on every run. */
	rng_state = rng_state * 1664525u + 1013904223u;
	return rng_state >> 8;
}

static uint8_t pattern(uint32_t tag, size_t off)
{
	return (uint8_t)((off * 131u + tag * 7u + (off >> 8)) ^ (tag >> 3));
}

static void fill(uint8_t *p, size_t n, uint32_t tag)
{
	for (size_t i = 0; i < n; i++)
		p[i] = pattern(tag, i);
}

/* Checks the first n bytes of p against tag's pattern and adds them to
 * the checksum. Returns 0 or -1 (after saying where). */
static int verify(const char *what, const uint8_t *p, size_t n, uint32_t tag)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != pattern(tag, i)) {
			printf("malloc: FAIL: %s: block %u (%p, %lu bytes): byte %lu is %u, want %u\n",
			       what, tag, (const void *)p, (unsigned long)n, (unsigned long)i,
			       p[i], pattern(tag, i));
			return -1;
		}
		checksum = (checksum ^ p[i]) * 16777619u;
	}
	return 0;
}

static int alloc_block(uint32_t i, size_t size)
{
	blocks[i] = malloc(size);
	sizes[i] = size;
	if (blocks[i] == NULL || (uintptr_t)blocks[i] % 16 != 0) {
		printf("malloc: FAIL: malloc(%lu) = %p\n", (unsigned long)size, (void *)blocks[i]);
		return -1;
	}
	fill(blocks[i], size, i);
	return 0;
}

static int verify_live(const char *what)
{
	for (uint32_t i = 0; i < N_BLOCKS; i++) {
		if (blocks[i] != NULL && verify(what, blocks[i], sizes[i], i) != 0)
			return -1;
	}
	return 0;
}

static int check_blocks(void)
{
	for (uint32_t i = 0; i < N_FIXED; i++) {
		if (alloc_block(i, fixed_sizes[i]) != 0)
			return -1;
	}
	for (uint32_t i = N_FIXED; i < N_BLOCKS; i++) {
		if (alloc_block(i, 1 + rng() % 3000) != 0)
			return -1;
	}
	if (verify_live("all filled") != 0)
		return -1;

	for (uint32_t i = 1; i < N_BLOCKS; i += 2) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	if (verify_live("after freeing odd blocks") != 0)
		return -1;

	for (uint32_t i = 1; i < N_BLOCKS; i += 2) {
		size_t size = i < N_FIXED ? fixed_sizes[i] / 2 + 1 : 1 + rng() % 5000;
		if (alloc_block(i, size) != 0)
			return -1;
	}
	if (verify_live("after refilling the holes") != 0)
		return -1;

	for (uint32_t i = N_BLOCKS; i-- > 0;) {
		free(blocks[i]);
		blocks[i] = NULL;
	}

	/* Everything small is free again and coalesced: the same small
	 * sizes must fit without moving the break. */
	uintptr_t brk_before = sys_brk(0);
	for (uint32_t i = N_FIXED; i < N_BLOCKS; i++) {
		if (alloc_block(i, 1 + (i * 37u) % 3000) != 0)
			return -1;
	}
	if (verify_live("heap reuse") != 0)
		return -1;
	uintptr_t brk_after = sys_brk(0);
	for (uint32_t i = N_FIXED; i < N_BLOCKS; i++) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	if (brk_after != brk_before) {
		printf("malloc: FAIL: break moved from %p to %p reusing freed memory\n",
		       (void *)brk_before, (void *)brk_after);
		return -1;
	}
	printf("malloc: %u blocks of 1 byte .. 5 MiB: filled, verified, freed, reused; break %p\n",
	       (unsigned)N_BLOCKS, (void *)brk_after);
	return 0;
}

static int check_realloc(void)
{
	static const size_t steps[] = {
		10, 100, 1000, 100 * KiB, 300 * KiB, 3 * MiB, 150 * KiB, 50 * KiB, 20, 1,
	};
	const uint32_t tag = 999;
	uint8_t *p = malloc(steps[0]);
	if (p == NULL)
		return -1;
	fill(p, steps[0], tag);
	size_t have = steps[0];
	for (size_t s = 1; s < sizeof steps / sizeof steps[0]; s++) {
		uint8_t *q = realloc(p, steps[s]);
		if (q == NULL || (uintptr_t)q % 16 != 0) {
			printf("malloc: FAIL: realloc(%p, %lu) = %p\n", (void *)p,
			       (unsigned long)steps[s], (void *)q);
			return -1;
		}
		size_t kept = have < steps[s] ? have : steps[s];
		if (verify("realloc keeps contents", q, kept, tag) != 0)
			return -1;
		/* Fill the whole new size for the next step. */
		fill(q, steps[s], tag);
		p = q;
		have = steps[s];
	}
	free(p);
	printf("malloc: realloc 10 B .. 3 MiB .. 1 B keeps contents\n");
	return 0;
}

static int check_calloc(void)
{
	/* Dirty some memory, free it, and calloc the same sizes. */
	for (size_t size = 16; size <= 256 * KiB; size *= 4) {
		uint8_t *dirty = malloc(size);
		if (dirty == NULL)
			return -1;
		memset(dirty, 0xa5, size);
		free(dirty);
		uint8_t *z = calloc(size / 8, 8);
		if (z == NULL)
			return -1;
		for (size_t i = 0; i < size; i++) {
			if (z[i] != 0) {
				printf("malloc: FAIL: calloc(%lu): byte %lu is %u\n",
				       (unsigned long)size, (unsigned long)i, z[i]);
				return -1;
			}
		}
		free(z);
	}
	if (calloc(SIZE_MAX / 2, 4) != NULL || malloc(SIZE_MAX) != NULL) {
		printf("malloc: FAIL: an impossible size succeeded\n");
		return -1;
	}
	void *a = malloc(0), *b = malloc(0);
	if (a == NULL || b == NULL || a == b) {
		printf("malloc: FAIL: malloc(0) gave %p and %p\n", a, b);
		return -1;
	}
	free(a);
	free(b);
	printf("malloc: calloc zeroes reused memory; overflow and malloc(0) ok\n");
	return 0;
}

static int check_mmap(void)
{
	const size_t len = 3 * 4096;
	uint8_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || (uintptr_t)m % 4096 != 0) {
		printf("malloc: FAIL: mmap: %p errno %d\n", (void *)m, errno);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (m[i] != 0) {
			printf("malloc: FAIL: fresh mmap byte %lu is %u\n", (unsigned long)i, m[i]);
			return -1;
		}
	}
	fill(m, len, 4242);
	if (mprotect(m, len, PROT_READ) != 0) {
		printf("malloc: FAIL: mprotect(%p, R): errno %d\n", (void *)m, errno);
		return -1;
	}
	if (verify("read-only mmap", m, len, 4242) != 0)
		return -1;
	if (munmap(m, len) != 0) {
		printf("malloc: FAIL: munmap(%p): errno %d\n", (void *)m, errno);
		return -1;
	}
	if (mprotect(m, 4096, PROT_READ) == 0) {
		printf("malloc: FAIL: mprotect of unmapped %p succeeded\n", (void *)m);
		return -1;
	}
	printf("malloc: mmap zero-filled, mprotect R keeps data, munmap unmaps\n");
	return 0;
}

int main(void)
{
	if (check_blocks() != 0 || check_realloc() != 0 || check_calloc() != 0 ||
	    check_mmap() != 0)
		return 1;
	printf("malloc: checksum 0x%08x\n", checksum);
	printf("malloc: ok\n");
	return 0;
}
