/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * recurse: the stack grows on demand by several megabytes.
 *
 * A recursion RECURSE_DEPTH (4096) deep, each frame holding a 1 KiB
 * volatile array that it fills before recursing and re-reads after the
 * call returns, so every frame's array is live across the deeper calls
 * (about 4.1 MiB of stack in all). The result is compared with the
 * closed form. An optional argument sets another depth (1 .. 65536).
 *
 * Prints the depth, the stack span used and the result; exits 0, or 1
 * if the result or a frame's array was wrong.
 */
#include <stdint.h>

#include "stdio.h"

#define RECURSE_DEPTH     4096u
#define RECURSE_MAX_DEPTH 65536u
#define FRAME_WORDS       256u /* 1 KiB of uint32_t */

static uintptr_t deepest_sp;
static uint32_t corrupt_frames;

/* Sum over d = 1..depth of (d + sum over i < FRAME_WORDS of (d ^ i)),
 * reduced modulo 2^64, and checks each frame's array on the way up. */
static __attribute__((noinline)) uint64_t descend(uint32_t depth)
{
	volatile uint32_t frame[FRAME_WORDS];
	for (uint32_t i = 0; i < FRAME_WORDS; i++)
		frame[i] = depth ^ i;

	uint64_t below = 0;
	if (depth > 1) {
		below = descend(depth - 1);
	} else {
		deepest_sp = (uintptr_t)frame;
	}

	uint64_t sum = depth;
	for (uint32_t i = 0; i < FRAME_WORDS; i++) {
		uint32_t v = frame[i];
		if (v != (depth ^ i))
			corrupt_frames++;
		sum += v;
	}
	/* The addition after the call keeps it from being a tail call. */
	return below + sum;
}

static uint64_t expected(uint32_t depth)
{
	uint64_t sum = 0;
	for (uint32_t d = 1; d <= depth; d++) {
		sum += d;
		for (uint32_t i = 0; i < FRAME_WORDS; i++)
			sum += d ^ i;
	}
	return sum;
}

static uint32_t parse_depth(const char *s)
{
	uint32_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint32_t)(*s - '0');
		if (v > RECURSE_MAX_DEPTH)
			return 0;
	}
	return *s == '\0' ? v : 0;
}

int main(int argc, char **argv)
{
	uint32_t depth = RECURSE_DEPTH;
	if (argc > 1) {
		depth = parse_depth(argv[1]);
		if (depth == 0) {
			printf("recurse: usage: recurse [depth 1..%u]\n", RECURSE_MAX_DEPTH);
			return 2;
		}
	}

	volatile uint32_t top_marker = 0;
	uintptr_t top = (uintptr_t)&top_marker;
	uint64_t got = descend(depth);
	uint64_t want = expected(depth);
	unsigned long span = (unsigned long)(top - deepest_sp);

	printf("recurse: depth %u, stack %p .. %p (%lu KiB), result %lu (want %lu)\n",
	       depth, (void *)deepest_sp, (void *)top, span / 1024, (unsigned long)got,
	       (unsigned long)want);
	if (got != want || corrupt_frames != 0) {
		printf("recurse: FAIL (%u corrupt frames)\n", corrupt_frames);
		return 1;
	}
	printf("recurse: ok\n");
	return 0;
}
