/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * malloc, free, calloc, realloc (C11 7.22.3) on brk and mmap.
 *
 * Every block starts with a 16-byte header; the caller's pointer is the
 * address just after it, so it stays 16-byte aligned:
 *
 *   header.size   bytes in the block, header included; bit 0 set for a
 *                 block that is its own anonymous mmap
 *   header.next   free block: the next free block (by address) or NULL;
 *                 block in use: BLOCK_IN_USE, checked by free/realloc
 *
 * Small blocks are carved, first fit, from an address-ordered free list
 * of brk-heap memory; freeing inserts in address order and merges with
 * both neighbours, so the list never holds two adjacent blocks. The heap
 * grows by at least MALLOC_GROW bytes at a time and never shrinks.
 */
#include <stdint.h>

#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "sys.h"

struct block {
	size_t size;
	struct block *next;
};

#define BLOCK_HEADER   sizeof(struct block)
#define BLOCK_ALIGN    16u
#define BLOCK_MIN      (2 * BLOCK_HEADER) /* smallest block worth a split */
#define BLOCK_MMAPPED  ((size_t)1)
#define BLOCK_IN_USE   ((struct block *)(uintptr_t)0x6d616c6c6f632121ull)
#define PAGE_SIZE      4096u
#define MALLOC_GROW    (64u * 1024u)

_Static_assert(BLOCK_HEADER == BLOCK_ALIGN, "header keeps payloads aligned");

static struct block *free_list;
static uintptr_t heap_end; /* current break, 0 before the first use */

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) & ~(to - 1);
}

static void *payload(struct block *b)
{
	return (char *)b + BLOCK_HEADER;
}

static struct block *header_of(void *p)
{
	return (struct block *)((char *)p - BLOCK_HEADER);
}

static uintptr_t block_end(const struct block *b)
{
	return (uintptr_t)b + b->size;
}

_Noreturn void abort(void)
{
	static const char msg[] = "abort\n";
	write_all(STDERR_FILENO, msg, sizeof msg - 1);
	exit(134); /* what a shell reports for SIGABRT */
}

/* A pointer that free/realloc did not get from malloc, or a double free. */
static _Noreturn void malloc_corrupt(const char *what, void *p)
{
	dprintf(STDERR_FILENO, "malloc: %s of %p\n", what, p);
	abort();
}

/* Returns block b, not on the free list, to it (address order), merging
 * it with the free blocks directly before and after it. */
static void free_list_insert(struct block *b)
{
	struct block *prev = NULL, *next = free_list;
	while (next != NULL && (uintptr_t)next < (uintptr_t)b) {
		prev = next;
		next = next->next;
	}
	if (next != NULL && block_end(b) > (uintptr_t)next)
		malloc_corrupt("overlapping free", payload(b));
	if (prev != NULL && block_end(prev) > (uintptr_t)b)
		malloc_corrupt("double free", payload(b));

	b->next = next;
	if (next != NULL && block_end(b) == (uintptr_t)next) {
		b->size += next->size;
		b->next = next->next;
	}
	if (prev == NULL) {
		free_list = b;
	} else if (block_end(prev) == (uintptr_t)b) {
		prev->size += b->size;
		prev->next = b->next;
	} else {
		prev->next = b;
	}
}

/* Extends the heap by at least `need` bytes and frees the new memory
 * into the list. Returns 0, or -1 if the kernel refused. */
static int heap_grow(size_t need)
{
	if (heap_end == 0) {
		uintptr_t start = sys_brk(0);
		heap_end = round_up(start, BLOCK_ALIGN);
		if (heap_end != start && sys_brk(heap_end) != heap_end)
			return -1;
	}
	size_t grow = round_up(need < MALLOC_GROW ? MALLOC_GROW : need, PAGE_SIZE);
	uintptr_t want = heap_end + grow;
	if (want < heap_end || sys_brk(want) != want) {
		errno = ENOMEM;
		return -1;
	}
	struct block *b = (struct block *)heap_end;
	b->size = grow;
	heap_end = want;
	free_list_insert(b);
	return 0;
}

/* First fit from the free list; splits off the front of a larger block. */
static void *heap_alloc(size_t need)
{
	struct block **link = &free_list;
	for (struct block *b = free_list; b != NULL; link = &b->next, b = b->next) {
		if (b->size < need)
			continue;
		if (b->size - need >= BLOCK_MIN) {
			struct block *rest = (struct block *)((char *)b + need);
			rest->size = b->size - need;
			rest->next = b->next;
			*link = rest;
			b->size = need;
		} else {
			*link = b->next;
		}
		b->next = BLOCK_IN_USE;
		return payload(b);
	}
	return NULL;
}

static void *mmap_alloc(size_t size)
{
	size_t len = round_up(size + BLOCK_HEADER, PAGE_SIZE);
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	struct block *b = m;
	b->size = len | BLOCK_MMAPPED;
	b->next = BLOCK_IN_USE;
	return payload(b);
}

void *malloc(size_t size)
{
	if (size > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	if (size >= MALLOC_MMAP_THRESHOLD)
		return mmap_alloc(size);

	size_t need = round_up(size + BLOCK_HEADER, BLOCK_ALIGN);
	if (need < BLOCK_MIN)
		need = BLOCK_MIN;
	void *p = heap_alloc(need);
	if (p == NULL && heap_grow(need) == 0)
		p = heap_alloc(need);
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

/* The header of an allocated block, checked. */
static struct block *block_in_use(void *p, const char *what)
{
	if ((uintptr_t)p % BLOCK_ALIGN != 0)
		malloc_corrupt(what, p);
	struct block *b = header_of(p);
	if (b->next != BLOCK_IN_USE)
		malloc_corrupt(what, p);
	return b;
}

void free(void *p)
{
	if (p == NULL)
		return;
	struct block *b = block_in_use(p, "free");
	if (b->size & BLOCK_MMAPPED) {
		size_t len = b->size & ~BLOCK_MMAPPED;
		b->next = NULL;
		if (munmap(b, len) != 0)
			malloc_corrupt("munmap", p);
		return;
	}
	free_list_insert(b);
}

void *calloc(size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *p, size_t size)
{
	if (p == NULL)
		return malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	struct block *b = block_in_use(p, "realloc");
	size_t usable = (b->size & ~BLOCK_MMAPPED) - BLOCK_HEADER;

	if (!(b->size & BLOCK_MMAPPED) && size < MALLOC_MMAP_THRESHOLD) {
		size_t need = round_up(size + BLOCK_HEADER, BLOCK_ALIGN);
		if (need < BLOCK_MIN)
			need = BLOCK_MIN;
		if (need <= b->size) {
			/* Shrink in place; give back a tail worth keeping. */
			if (b->size - need >= BLOCK_MIN) {
				struct block *tail = (struct block *)((char *)b + need);
				tail->size = b->size - need;
				b->size = need;
				free_list_insert(tail);
			}
			return p;
		}
	} else if ((b->size & BLOCK_MMAPPED) && size >= MALLOC_MMAP_THRESHOLD &&
		   size <= usable) {
		return p;
	}

	void *q = malloc(size);
	if (q == NULL)
		return NULL;
	memcpy(q, p, usable < size ? usable : size);
	free(p);
	return q;
}
