/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Formatted output of the test programs' libc.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, length modifiers l, ll, z,
 * flags '-' and '0', a field width (digits or '*'). printf and dprintf
 * write their whole result before returning (nothing stays buffered, so
 * a later crash cannot lose output). They return the number of bytes
 * formatted, or -1 if the write failed.
 */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define USER_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) USER_PRINTF(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) USER_PRINTF(3, 4);
int vdprintf(int fd, const char *fmt, va_list ap) USER_PRINTF(2, 0);
int dprintf(int fd, const char *fmt, ...) USER_PRINTF(2, 3);
int printf(const char *fmt, ...) USER_PRINTF(1, 2);
/* Writes s and a newline to stdout with one writev; 0 or -1 like C's. */
int puts(const char *s);
int putchar(int c);

#endif
