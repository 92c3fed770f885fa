// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The areas of the current process (cur->vma).
#include "vma.h"

#include "filemap.h"
#include "lib.h"
#include "memlayout.h"
#include "proc.h"
#include "vm.h"

struct vma *vma_find(uint64_t va)
{
	for (unsigned i = 0; i < cur->nvma; i++)
		if (va >= cur->vma[i].start && va < cur->vma[i].end)
			return &cur->vma[i];
	return 0;
}

struct vma *vma_next(uint64_t va)
{
	for (unsigned i = 0; i < cur->nvma; i++)
		if (cur->vma[i].start >= va)
			return &cur->vma[i];
	return 0;
}

int vma_range_free(uint64_t lo, uint64_t hi)
{
	if (lo < USER_MIN || hi > USER_TOP || hi <= lo || vm_is_kernel_range(lo, hi))
		return 0;
	for (unsigned i = 0; i < cur->nvma; i++)
		if (lo < cur->vma[i].end && hi > cur->vma[i].start)
			return 0;
	return 1;
}

// Inserts a copy of v at index i; returns 0 or -1 when full.
static int vma_insert_at(unsigned i, const struct vma *v)
{
	if (cur->nvma == VMA_MAX)
		return -1;
	memmove(&cur->vma[i + 1], &cur->vma[i], (cur->nvma - i) * sizeof(struct vma));
	cur->vma[i] = *v;
	cur->nvma++;
	return 0;
}

// Deletes the area at index i.
static void vma_delete_at(unsigned i)
{
	if (cur->vma[i].kind == VMA_FMAP)
		filemap_vma_gone(&cur->vma[i]);
	memmove(&cur->vma[i], &cur->vma[i + 1], (cur->nvma - i - 1) * sizeof(struct vma));
	cur->nvma--;
}

// True when a and b may become one area (b directly above a).
static int vma_mergeable(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->kind == b->kind &&
	       a->kind != VMA_FILE && a->kind != VMA_FMAP;
}

int vma_add(uint64_t start, uint64_t end, unsigned prot, enum vma_kind kind)
{
	struct vma v = { .start = start, .end = end, .prot = prot, .kind = kind };
	unsigned i = 0;
	while (i < cur->nvma && cur->vma[i].start < start)
		i++;
	if (i > 0 && vma_mergeable(&cur->vma[i - 1], &v)) {
		cur->vma[i - 1].end = end;
		if (i < cur->nvma && vma_mergeable(&cur->vma[i - 1], &cur->vma[i])) {
			cur->vma[i - 1].end = cur->vma[i].end;
			vma_delete_at(i);
		}
		return 0;
	}
	if (i < cur->nvma && vma_mergeable(&v, &cur->vma[i])) {
		cur->vma[i].start = start;
		return 0;
	}
	return vma_insert_at(i, &v);
}

// Splits the area holding va (if any, and va inside it) at va.
static int vma_split(uint64_t va)
{
	for (unsigned i = 0; i < cur->nvma; i++) {
		struct vma *v = &cur->vma[i];
		if (va > v->start && va < v->end) {
			struct vma upper = *v;
			upper.start = va;
			if (vma_insert_at(i + 1, &upper) != 0)
				return -1;
			if (upper.kind == VMA_FMAP)
				filemap_vma_split(&cur->vma[i + 1], va - v->start);
			cur->vma[i].end = va;
			return 0;
		}
	}
	return 0;
}

int vma_remove(uint64_t lo, uint64_t hi)
{
	if (vma_split(lo) != 0 || vma_split(hi) != 0)
		return -1;
	unsigned i = 0;
	while (i < cur->nvma) {
		if (cur->vma[i].start >= lo && cur->vma[i].end <= hi)
			vma_delete_at(i);
		else
			i++;
	}
	return 0;
}

int vma_protect(uint64_t lo, uint64_t hi, unsigned prot)
{
	// Every page of the range must belong to an area.
	for (uint64_t a = lo; a < hi;) {
		struct vma *v = vma_find(a);
		if (v == 0)
			return -1;
		a = v->end;
	}
	if (vma_split(lo) != 0 || vma_split(hi) != 0)
		return -2;
	for (unsigned i = 0; i < cur->nvma; i++)
		if (cur->vma[i].start >= lo && cur->vma[i].end <= hi)
			cur->vma[i].prot = prot;
	return 0;
}

uint64_t vma_find_gap(uint64_t len, uint64_t top)
{
	len = PAGE_UP(len);
	if (len == 0 || len > top)
		return 0;
	uint64_t hi = top;
	// Walk down from top: try right below hi, else move hi below the
	// area or kernel range that is in the way.
	while (hi >= USER_MIN + len) {
		uint64_t lo = hi - len;
		if (vma_range_free(lo, hi))
			return lo;
		uint64_t next_hi = lo; // fallback: step one length down
		for (unsigned i = 0; i < cur->nvma; i++)
			if (lo < cur->vma[i].end && hi > cur->vma[i].start)
				next_hi = MIN(next_hi, cur->vma[i].start);
		if (vm_is_kernel_range(lo, hi))
			next_hi = MIN(next_hi, vm_kernel_base());
		if (next_hi >= hi)
			return 0;
		hi = next_hi;
	}
	return 0;
}
