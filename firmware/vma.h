// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Virtual memory areas of the process: page-aligned, non-overlapping
// ranges of the user half with their permissions and what fills a page
// on its first touch. A small sorted array; no allocation.
#ifndef VMA_H
#define VMA_H

#include <stdint.h>

// Permissions, numbered like Linux PROT_READ/PROT_WRITE/PROT_EXEC.
#define VMA_R 1u
#define VMA_W 2u
#define VMA_X 4u

enum vma_kind {
	VMA_FILE,  // PT_LOAD: bytes from the program image, the rest zero
	VMA_ANON,  // mmap: demand-zero
	VMA_HEAP,  // brk: demand-zero
	VMA_STACK, // demand-zero, grows down to STACK_LIMIT
	VMA_FMAP,  // mmap of a file: pages of the page cache (filemap.h)
};

struct vma {
	uint64_t start, end; // [start, end), page aligned
	unsigned prot;       // VMA_R | VMA_W | VMA_X
	enum vma_kind kind;
	// VMA_FMAP only: the file's page index of start, its page-cache
	// inode, MAP_SHARED, and whether the file was opened for writing.
	uint32_t pgoff; // (filemap_check keeps it below 2^32)
	uint16_t inode;
	uint8_t shared, maywrite;
};

#define VMA_MAX 128

// The area holding va, or 0.
struct vma *vma_find(uint64_t va);
// The lowest area starting at or above va, or 0.
struct vma *vma_next(uint64_t va);
// True when [lo, hi) is inside [USER_MIN, USER_TOP), overlaps no area and
// no kernel range.
int vma_range_free(uint64_t lo, uint64_t hi);
// Adds [start, end) (must be free), merging with a touching area of the
// same kind and permissions (never for VMA_FILE). Returns 0, or -1 when
// the table is full.
int vma_add(uint64_t start, uint64_t end, unsigned prot, enum vma_kind kind);
// Removes [lo, hi) from the areas, splitting those that straddle an end.
// Returns 0, or -1 when a split would need a slot the table lacks.
int vma_remove(uint64_t lo, uint64_t hi);
// Sets prot on [lo, hi), splitting areas at the ends. Returns 0, -1 if
// some page of the range has no area (nothing changed), -2 if full.
int vma_protect(uint64_t lo, uint64_t hi, unsigned prot);
// The highest free, page-aligned range of len bytes below top, or 0.
uint64_t vma_find_gap(uint64_t len, uint64_t top);

#endif
