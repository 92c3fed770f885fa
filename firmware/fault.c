// SPDX-License-Identifier: MIT OR Apache-2.0
#include "fault.h"

#include "frame.h"
#include "lib.h"
#include "memlayout.h"
#include "proc.h"
#include "vm.h"
#include "vma.h"

uint64_t fault_pte_flags(unsigned prot)
{
	if ((prot & (VMA_R | VMA_W | VMA_X)) == 0)
		return PTE_R | PTE_A;
	uint64_t f = PTE_U | PTE_A;
	if (prot & (VMA_R | VMA_W))
		f |= PTE_R;
	if (prot & VMA_W)
		f |= PTE_W | PTE_D;
	if (prot & VMA_X)
		f |= PTE_X;
	return f;
}

const char *fault_access_name(enum fault_access acc)
{
	return acc == FAULT_STORE ? "store" : acc == FAULT_FETCH ? "fetch" : "load";
}

// True when an area with permissions prot allows the access.
static int fault_allowed(unsigned prot, enum fault_access acc)
{
	switch (acc) {
	case FAULT_LOAD: return (prot & VMA_R) != 0;
	case FAULT_STORE: return (prot & VMA_W) != 0;
	case FAULT_FETCH: return (prot & VMA_X) != 0;
	}
	return 0;
}

// Copies the image bytes of every PT_LOAD overlapping the page at va into
// the (zeroed) frame pa; returns how many bytes came from the image.
// Several segments may share a page: each brings its own bytes.
static uint64_t fault_fill_from_image(uint64_t pa, uint64_t va)
{
	uint64_t copied = 0;
	for (unsigned i = 0; i < proc.nseg; i++) {
		const struct proc_segment *s = &proc.seg[i];
		uint64_t lo = MAX(va, s->vaddr);
		uint64_t hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (hi <= lo)
			continue;
		memcpy((void *)(pa + (lo - va)), proc.image + s->offset + (lo - s->vaddr), hi - lo);
		copied += hi - lo;
	}
	return copied;
}

// The area for va, growing the stack down to it when va lies between
// STACK_LIMIT and the stack's current bottom. 0 if none.
static struct vma *fault_area(uint64_t va)
{
	struct vma *v = vma_find(va);
	if (v || va < STACK_LIMIT)
		return v;
	struct vma *stack = vma_next(va);
	if (stack == 0 || stack->kind != VMA_STACK)
		return 0;
	uint64_t bottom = stack->start;
	if (vma_add(PAGE_DOWN(va), bottom, stack->prot, VMA_STACK) != 0)
		return 0;
	return vma_find(va);
}

enum fault_result fault_resolve(uint64_t va, enum fault_access acc)
{
	if (va >= USER_TOP)
		return FAULT_UNMAPPED;
	uint64_t page = PAGE_DOWN(va);
	pte_t *pte = vm_walk(proc.root, page, 0);
	if (pte && (*pte & PTE_V)) {
		// Mapped already: the area decides; if it allows the access, the
		// fault came from A/D clear (Svade) or a stale TLB entry.
		struct vma *v = vma_find(va);
		if (v == 0)
			return FAULT_UNMAPPED;
		if (!fault_allowed(v->prot, acc))
			return FAULT_PROTECTION;
		*pte |= PTE_A | (acc == FAULT_STORE ? PTE_D : 0);
		sfence_vma_page(page, proc.asid);
		stats.pf_ad++;
		return FAULT_OK;
	}
	struct vma *v = fault_area(va);
	if (v == 0)
		return FAULT_UNMAPPED;
	if (!fault_allowed(v->prot, acc))
		return FAULT_PROTECTION;
	uint64_t pa = frame_alloc();
	if (pa == 0)
		return FAULT_NOMEM;
	uint64_t from_file = v->kind == VMA_FILE ? fault_fill_from_image(pa, page) : 0;
	uint64_t flags = fault_pte_flags(v->prot);
	if (opt.lazy_ad)
		flags &= ~(PTE_A | PTE_D); // A/D come from the next faults (Svade) or the hart
	if (vm_map(proc.root, proc.asid, page, pa, flags) != 0) {
		frame_free(pa);
		return FAULT_NOMEM;
	}
	if (from_file)
		stats.pf_file++;
	else
		stats.pf_zero++;
	return FAULT_OK;
}
