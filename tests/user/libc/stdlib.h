/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Memory allocation of the test programs' libc (C11 7.22.3).
 *
 * Requests below MALLOC_MMAP_THRESHOLD come from a first-fit,
 * address-ordered free list on the brk heap (blocks coalesce when
 * freed); larger ones get their own anonymous mmap, returned to the
 * kernel by free. Every pointer is aligned to 16 bytes.
 */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>

#define MALLOC_MMAP_THRESHOLD (128u * 1024u)

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t size);

_Noreturn void exit(int status);
_Noreturn void abort(void);

#endif
