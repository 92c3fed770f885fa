/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rodata: a store to read-only data must kill the process with SIGSEGV
 * (store/AMO page fault on a page mapped R--; exit status 139).
 *
 * First it reads the string literal and the const table (must work and
 * hold what the source says), then stores into the string literal. If
 * that store survives, it tries the const table, then prints FAIL and
 * exits 1.
 */
#include <stdint.h>

#include "stdio.h"
#include "string.h"

static const uint32_t rodata_table[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };

/* Hides where p points, so the compiler must emit the store as written. */
static void *launder(const void *p)
{
	void *q = (void *)(uintptr_t)p;
	__asm__ volatile("" : "+r"(q));
	return q;
}

int main(void)
{
	const char *literal = "a string literal in .rodata";

	if (strcmp(literal, "a string literal in .rodata") != 0 ||
	    rodata_table[2] != 0x33333333) {
		printf("rodata: FAIL: read-only data reads wrong\n");
		return 1;
	}

	volatile char *s = launder(literal);
	printf("rodata: storing to string literal at %p; expect SIGSEGV\n", (void *)s);
	s[0] = 'A';

	volatile uint32_t *t = launder(&rodata_table[1]);
	printf("rodata: FAIL: store to %p survived; storing to const table at %p\n",
	       (void *)s, (void *)t);
	*t = 0;

	printf("rodata: FAIL: store to %p survived too\n", (void *)t);
	return 1;
}
