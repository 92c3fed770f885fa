/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rt: HTIF console and exit, plus the few libc routines GCC may call on
 * its own (memset, memcpy, memmove, memcmp) even with -ffreestanding.
 *
 * HTIF command word: device << 56 | command << 48 | payload. The host
 * clears tohost once it has taken a command; the guest waits for that
 * before writing the next one.
 */
#include "rt.h"

#include <stddef.h>

/* Found by the host through the ELF symbol table; the linker script puts
 * the .tohost section on its own 4 KiB-aligned page. */
volatile uint64_t tohost __attribute__((section(".tohost"), aligned(8)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8)));

#define RT_HTIF_DEV_SYSCALL 0ull
#define RT_HTIF_DEV_CONSOLE 1ull
#define RT_HTIF_CMD_PUTCHAR 1ull

static uint64_t rt_htif_command(uint64_t dev, uint64_t cmd, uint64_t payload)
{
	return dev << 56 | cmd << 48 | (payload & 0xffffffffffffull);
}

/* Sends one command and waits until the host has taken it. */
static void rt_htif_send(uint64_t command)
{
	while (tohost != 0)
		;
	tohost = command;
	while (tohost != 0)
		;
	/* The host may post a response; it carries nothing we need. */
	fromhost = 0;
}

void rt_putchar(char c)
{
	rt_htif_send(rt_htif_command(RT_HTIF_DEV_CONSOLE, RT_HTIF_CMD_PUTCHAR,
				     (uint8_t)c));
}

void rt_puts(const char *s)
{
	while (*s != '\0')
		rt_putchar(*s++);
}

void rt_put_dec(uint64_t v)
{
	char buf[20]; /* 2^64 - 1 has 20 decimal digits */
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		rt_putchar(buf[--n]);
}

void rt_put_hex(uint64_t v)
{
	static const char digits[] = "0123456789abcdef";

	rt_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		rt_putchar(digits[(v >> shift) & 0xf]);
}

void rt_exit(int code)
{
	/* Payload bit 0 set: exit with code payload >> 1. */
	uint64_t payload = (uint64_t)(uint32_t)code << 1 | 1;

	tohost = rt_htif_command(RT_HTIF_DEV_SYSCALL, 0, payload);
	for (;;)
		;
}

/* GCC turns loops into calls of these even in freestanding mode; keep it
 * from turning their own loops back into calls to themselves. */
#define RT_NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))

RT_NO_LIBCALLS void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

RT_NO_LIBCALLS void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

RT_NO_LIBCALLS void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		while (n-- > 0)
			*d++ = *s++;
	} else {
		while (n-- > 0)
			d[n] = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}
