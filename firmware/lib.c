// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Byte-at-a-time string and memory routines: small, obviously correct and
// fast enough for page fills (4 KiB copies happen once per fault).
// Built with -fno-tree-loop-distribute-patterns so these loops are never
// turned back into calls to themselves.
#include "lib.h"

// Copies n bytes; the areas must not overlap.
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
		uint64_t *d8 = dst;
		const uint64_t *s8 = src;
		for (size_t i = 0; i < n / 8; i++)
			d8[i] = s8[i];
		return dst;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
	return dst;
}

// Copies n bytes; the areas may overlap.
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if (d < s) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		for (size_t i = n; i > 0; i--)
			d[i - 1] = s[i - 1];
	}
	return dst;
}

// Fills n bytes with the byte c.
void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	if ((((uintptr_t)d | n) & 7) == 0) {
		uint64_t v = (unsigned char)c * 0x0101010101010101UL;
		uint64_t *d8 = dst;
		for (size_t i = 0; i < n / 8; i++)
			d8[i] = v;
		return dst;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = (unsigned char)c;
	return dst;
}

// Compares n bytes as unsigned chars.
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

// Length of a NUL-terminated string.
size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

// Compares two NUL-terminated strings.
int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

// Compares at most n bytes of two NUL-terminated strings.
int strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || a[i] == 0)
			return (unsigned char)a[i] - (unsigned char)b[i];
	}
	return 0;
}

int lib_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == 0)
		return -1;
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}
