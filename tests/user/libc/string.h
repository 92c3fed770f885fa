/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* String and memory functions of the test programs' libc (C11 7.24). */
#ifndef USER_STRING_H
#define USER_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *restrict dst, const char *restrict src);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif
