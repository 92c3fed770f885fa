// SPDX-License-Identifier: MIT OR Apache-2.0
//
// madvise and mremap (Linux mm/madvise.c, mm/mremap.c semantics for what
// the firmware keeps). Like munmap and mprotect they visit only the page
// tables that exist (vm_for_each_in): the cost follows what is mapped.
#include "sysmem.h"

#include "fault.h"
#include "frame.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "page.h"
#include "proc.h"
#include "user.h"
#include "vm.h"
#include "vma.h"

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_HUGEPAGE 14
#define MADV_NOHUGEPAGE 15
#define MADV_DONTDUMP 16
#define MADV_DODUMP 17
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#define MADV_COLD 20
#define MADV_PAGEOUT 21

// True when every page of [lo, hi) belongs to an area.
static int sysmem_all_mapped(uint64_t lo, uint64_t hi)
{
	for (uint64_t a = lo; a < hi;) {
		struct vma *v = vma_find(a);
		if (v == 0)
			return 0;
		a = v->end;
	}
	return 1;
}

int64_t sys_madvise(const uint64_t *a)
{
	uint64_t lo = a[0], len = a[1], advice = a[2];
	if (lo & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t hi = PAGE_UP(lo + len);
	if (hi < lo)
		return -EINVAL;
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT:
		break;
	default:
		return -EINVAL;
	}
	if (hi == lo)
		return 0;
	// Linux applies the advice to the areas there are and then reports
	// the hole (ENOMEM); every page here is private, so MADV_DONTNEED and
	// MADV_FREE may drop the pages at once (zeros or the image on the
	// next touch). The rest are hints the firmware has no use for.
	if (advice == MADV_DONTNEED || advice == MADV_FREE)
		page_unmap_range(cur, lo, hi);
	return sysmem_all_mapped(lo, hi) ? 0 : -ENOMEM;
}

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

struct sysmem_unshare {
	unsigned prot; // of the area
	int failed;
};

// vm_for_each_in callback: gives a page that another process shares
// (fork's copy-on-write) a frame of its own, as a store would: a frame
// moved to another address must be mapped by this process alone (page.c's
// reverse map finds the sharers at fi->va). Fails without write
// permission (nothing to copy-on-write with) or without a frame.
static void sysmem_unshare_one(void *ctx, uint64_t va, pte_t *pte)
{
	struct sysmem_unshare *u = ctx;
	if (u->failed || !(*pte & PTE_V))
		return;
	struct frame_info *fi = frame_info(PTE_PA(*pte));
	if (fi == 0 || fi->ref <= 1)
		return;
	if (!(u->prot & VMA_W) || fault_resolve(va, FAULT_STORE) != FAULT_OK)
		u->failed = 1;
}

struct sysmem_move {
	uint64_t from, to; // the page at va moves to va - from + to
	int failed;        // a table page for the destination was missing
};

// vm_for_each_in callback: moves one PTE (a frame or a swap slot) to its
// new address; the caller fences the ASID once at the end.
static void sysmem_move_one(void *ctx, uint64_t va, pte_t *pte)
{
	struct sysmem_move *m = ctx;
	if (m->failed)
		return;
	uint64_t nva = va - m->from + m->to;
	pte_t *np = vm_walk(cur->root, nva, 1);
	if (np == 0) {
		m->failed = 1;
		return;
	}
	pte_t e = *pte;
	*np = e;
	*pte = 0;
	if (e & PTE_V) {
		struct frame_info *fi = frame_info(PTE_PA(e));
		if (fi)
			fi->va = nva;
	}
}

// Moves the pages of [from, from + len) to [to, to + len) (a free range
// with an area already). Returns 0, or -ENOMEM with nothing moved.
static int sysmem_move_pages(uint64_t from, uint64_t to, uint64_t len)
{
	struct sysmem_move m = { .from = from, .to = to };
	vm_for_each_in(cur->root, from, from + len, sysmem_move_one, &m);
	if (m.failed) {
		// Back where they were: their tables exist, so this cannot fail.
		struct sysmem_move back = { .from = to, .to = from };
		vm_for_each_in(cur->root, to, to + len, sysmem_move_one, &back);
	}
	// Old and new addresses, and any new table pages (section 4.2.1).
	sfence_vma_asid(cur->asid);
	return m.failed ? -ENOMEM : 0;
}

// Readies a program-image area for a move: every page faulted in (an
// absent one would be read from the image at its old address) and each
// frame marked as written, so that eviction saves it to swap instead of
// dropping it (it no longer matches the image at its new address).
static int sysmem_detach_image(uint64_t lo, uint64_t hi)
{
	if (user_prepare(lo, hi - lo, FAULT_LOAD) != 0)
		return -ENOMEM;
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE) {
		pte_t *pte = vm_walk(cur->root, va, 0);
		struct frame_info *fi = pte && (*pte & PTE_V) ? frame_info(PTE_PA(*pte)) : 0;
		if (fi)
			fi->flags = (uint8_t)((fi->flags & ~FI_FILE) | FI_DIRTY);
	}
	return 0;
}

// Checks and clears the destination of MREMAP_FIXED: page aligned, in the
// user range, not overlapping the old range; what is there is unmapped.
static int sysmem_fixed_target(uint64_t to, uint64_t len, uint64_t old, uint64_t old_end)
{
	if ((to & (PAGE_SIZE - 1)) || to < USER_MIN || to + len < to || to + len > MMAP_TOP ||
	    vm_is_kernel_range(to, to + len) || (to < old_end && old < to + len))
		return -EINVAL;
	page_unmap_range(cur, to, to + len);
	return vma_remove(to, to + len) == 0 ? 0 : -ENOMEM;
}

int64_t sys_mremap(const uint64_t *a)
{
	uint64_t old = a[0], old_len = PAGE_UP(a[1]), new_len = PAGE_UP(a[2]), flags = a[3];
	if ((old & (PAGE_SIZE - 1)) || (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) || ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL; // MREMAP_DONTUNMAP: not implemented (documented)
	if (old_len == 0 || new_len == 0 || new_len < a[2] || old_len < a[1])
		return -EINVAL;
	if (new_len > USER_TOP)
		return -ENOMEM;
	struct vma *v = vma_find(old);
	if (v == 0 || old_len > v->end - old)
		return -EFAULT; // Linux: the old range must lie in one area
	if (v->kind != VMA_ANON && v->kind != VMA_FILE)
		return -EINVAL; // the heap and the stack stay (documented)
	unsigned prot = v->prot;
	int image = v->kind == VMA_FILE;
	uint64_t old_end = old + old_len;
	if (!(flags & MREMAP_FIXED)) {
		if (new_len <= old_len) {
			page_unmap_range(cur, old + new_len, old_end);
			return vma_remove(old + new_len, old_end) == 0 ? (int64_t)old : -ENOMEM;
		}
		// Grow in place when the pages above are free (vma_add merges
		// an anonymous area; the image's areas never merge).
		if (!image && old + new_len > old && vma_range_free(old_end, old + new_len))
			return vma_add(old_end, old + new_len, prot, VMA_ANON) == 0 ? (int64_t)old
										  : -ENOMEM;
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
	}
	// Move: only what fits the new size goes; the rest is unmapped.
	uint64_t keep = MIN(old_len, new_len);
	struct sysmem_unshare u = { .prot = prot };
	vm_for_each_in(cur->root, old, old + keep, sysmem_unshare_one, &u);
	if (u.failed || (image && sysmem_detach_image(old, old + keep) != 0))
		return -ENOMEM;
	uint64_t to = a[4];
	if (flags & MREMAP_FIXED) {
		int r = sysmem_fixed_target(to, new_len, old, old_end);
		if (r != 0)
			return r;
	} else {
		to = vma_find_gap(new_len, MMAP_TOP);
		if (to == 0)
			return -ENOMEM;
	}
	if (vma_add(to, to + new_len, prot, VMA_ANON) != 0)
		return -ENOMEM;
	if (sysmem_move_pages(old, to, keep) != 0) {
		vma_remove(to, to + new_len);
		return -ENOMEM;
	}
	page_unmap_range(cur, old + keep, old_end);
	vma_remove(old, old_end);
	return (int64_t)to;
}
