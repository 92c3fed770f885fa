// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The few C library routines a freestanding kernel needs (GCC may emit
// calls to the mem* ones on its own).
#ifndef LIB_H
#define LIB_H

#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

// Parses a decimal or 0x-prefixed hexadecimal number; returns 0 on
// success and stores it in *out, -1 if s is not entirely a number.
int lib_parse_u64(const char *s, uint64_t *out);

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
