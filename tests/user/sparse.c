/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sparse: demand-zero paging of a large .bss.
 *
 * A 64 MiB array in .bss (16384 pages, page-aligned, sharing no page
 * with anything else) is touched on every 16th page only: one store,
 * then, after all stores, a load that must return what was stored, and
 * loads of two other bytes of the same page that must still be zero.
 * Exactly SPARSE_TOUCHED = 1024 pages of the array are touched; the
 * program prints that number and the end-to-end test compares it with
 * the kernel's count of demand-zero faults.
 *
 * Other pages this program faults in (none of them is in the array):
 *   - its text, rodata and (untouched) data pages, which are file-backed;
 *   - stack: the kernel's initial stack page(s) and at most one more
 *     page for printf's 256-byte staging buffer and a few frames;
 *   - nothing on the heap: it does not call malloc, brk or mmap, and the
 *     libc's .bss (errno, malloc's state) stays untouched unless a
 *     system call fails.
 * So the demand-zero count is SPARSE_TOUCHED plus at most a couple of
 * stack pages, depending on how the kernel populates the stack.
 *
 * Exits 0, or 1 if a page read back wrong.
 */
#include <stdint.h>

#include "stdio.h"

#define PAGE_SIZE      4096u
#define SPARSE_BYTES   (64u * 1024u * 1024u)
#define SPARSE_PAGES   (SPARSE_BYTES / PAGE_SIZE)
#define SPARSE_STRIDE  16u
#define SPARSE_TOUCHED (SPARSE_PAGES / SPARSE_STRIDE)

static volatile uint8_t sparse[SPARSE_BYTES] __attribute__((aligned(PAGE_SIZE)));

/* Where in page `page` the test byte goes: varies, so a kernel mapping
 * the same frame twice or at the wrong offset shows. */
static uint32_t sparse_offset(uint32_t page)
{
	return (page * 97u + 8u) % PAGE_SIZE;
}

static uint8_t sparse_value(uint32_t page)
{
	return (uint8_t)(page * 31u + 1u) | 1u; /* never zero */
}

int main(void)
{
	printf("sparse: %u-byte .bss array at %p, %u pages, touching every %uth\n",
	       SPARSE_BYTES, (void *)sparse, SPARSE_PAGES, SPARSE_STRIDE);

	uint32_t touched = 0;
	for (uint32_t page = 0; page < SPARSE_PAGES; page += SPARSE_STRIDE) {
		sparse[page * PAGE_SIZE + sparse_offset(page)] = sparse_value(page);
		touched++;
	}

	uint32_t bad = 0;
	for (uint32_t page = 0; page < SPARSE_PAGES; page += SPARSE_STRIDE) {
		uint32_t base = page * PAGE_SIZE, off = sparse_offset(page);
		uint8_t got = sparse[base + off];
		/* Two other bytes of the page: the first and last, unless
		 * that is where the value went. */
		uint8_t first = off == 0 ? 0 : sparse[base];
		uint8_t last = off == PAGE_SIZE - 1 ? 0 : sparse[base + PAGE_SIZE - 1];
		if (got != sparse_value(page) || first != 0 || last != 0) {
			if (bad < 8)
				printf("sparse: page %u: got %u (want %u), first %u, last %u\n",
				       page, got, sparse_value(page), first, last);
			bad++;
		}
	}

	printf("sparse: touched %u pages\n", touched);
	if (touched != SPARSE_TOUCHED || bad != 0) {
		printf("sparse: FAIL (%u bad pages)\n", bad);
		return 1;
	}
	printf("sparse: ok\n");
	return 0;
}
