// SPDX-License-Identifier: MIT OR Apache-2.0
#include "fault.h"

#include "con.h"
#include "filemap.h"
#include "frame.h"
#include "lib.h"
#include "memlayout.h"
#include "page.h"
#include "proc.h"
#include "swap.h"
#include "vm.h"
#include "vma.h"
#include "vmev.h"

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
	for (unsigned i = 0; i < cur->nseg; i++) {
		const struct proc_segment *s = &cur->seg[i];
		uint64_t lo = MAX(va, s->vaddr);
		uint64_t hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (hi <= lo)
			continue;
		memcpy((void *)(pa + (lo - va)), cur->image + s->offset + (lo - s->vaddr), hi - lo);
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

// PTE flags of a page mapped now for access acc (see enum ad_mode).
uint64_t fault_new_flags(unsigned prot, enum fault_access acc)
{
	uint64_t f = fault_pte_flags(prot);
	if (opt.ad == AD_LAZY)
		f &= ~(PTE_A | PTE_D); // A/D come from the next faults (Svade) or the hart
	else if (opt.ad == AD_TRACK && acc != FAULT_STORE)
		f &= ~PTE_D; // dirty only once written
	return f;
}

static enum fault_result fault_page_err(enum page_err e)
{
	return e == PAGE_NOSWAP ? FAULT_NOSWAP : FAULT_NOMEM;
}

// A store to a valid page without W in a writable area: copy-on-write.
// The last sharer just gets W; others get a copy of the frame. A page-cache
// page (filemap.h) gets W in a MAP_SHARED area, and is always copied in a
// private one.
static enum fault_result fault_cow(pte_t *pte, uint64_t page, const struct vma *v)
{
	uint64_t pa = PTE_PA(*pte);
	struct frame_info *fi = frame_info(pa);
	stats.pf_cow++;
	cur->minflt++;
	vmev_fault(VMEV_F_COW, page, FAULT_STORE);
	int cached = fi && (fi->flags & FI_CACHE);
	if (fi == 0 || (cached ? v->shared : fi->ref <= 1)) {
		*pte |= PTE_W | PTE_A | PTE_D;
		sfence_vma_page(page, cur->asid);
		return FAULT_OK;
	}
	enum page_err err = PAGE_OK;
	fi->flags |= FI_BUSY; // the source must stay while the copy is taken
	uint64_t np = page_alloc(page, &err);
	fi->flags &= ~FI_BUSY;
	if (np == 0)
		return fault_page_err(err);
	memcpy((void *)np, (const void *)pa, PAGE_SIZE);
	*pte = 0;
	sfence_vma_page(page, cur->asid);
	fi->ref--;
	if (page_map(cur, page, np, fault_pte_flags(v->prot)) != 0) {
		page_discard(np);
		return FAULT_NOMEM;
	}
	return FAULT_OK;
}

// A page in swap: read it into a new frame. If this PTE was the slot's
// only reference, the frame keeps the slot (a clean page then goes back
// without a write); otherwise the slot stays with the other sharers.
static enum fault_result fault_swap_in(pte_t *pte, uint64_t page, const struct vma *v,
				       enum fault_access acc)
{
	uint64_t slot = PTE_SWAP_SLOT(*pte);
	enum page_err err = PAGE_OK;
	uint64_t np = page_alloc(page, &err);
	if (np == 0)
		return fault_page_err(err);
	if (swap_read(slot, np) != 0) {
		con_printf("firmware: swap read error (slot %lu)\n", slot);
		page_discard(np);
		return FAULT_NOMEM;
	}
	*pte = 0;
	if (page_map(cur, page, np, fault_new_flags(v->prot, acc)) != 0) {
		*pte = SWAP_PTE(slot);
		page_discard(np);
		return FAULT_NOMEM;
	}
	if (swap_refs(slot) == 1)
		frame_info(np)->slot = (uint32_t)(slot + 1); // the reference moves to the frame
	else
		swap_put(slot);
	stats.pf_swap++;
	cur->majflt++;
	vmev_fault(VMEV_F_SWAP, page, acc);
	return FAULT_OK;
}

enum fault_result fault_resolve(uint64_t va, enum fault_access acc)
{
	if (va >= USER_TOP)
		return FAULT_UNMAPPED;
	uint64_t page = PAGE_DOWN(va);
	pte_t *pte = vm_walk(cur->root, page, 0);
	if (pte && (*pte & PTE_V)) {
		// Mapped already: the area decides; if it allows the access, the
		// fault is copy-on-write, or came from A/D clear (Svade) or a
		// stale TLB entry.
		struct vma *v = vma_find(va);
		if (v == 0)
			return FAULT_UNMAPPED;
		if (!fault_allowed(v->prot, acc))
			return FAULT_PROTECTION;
		if (acc == FAULT_STORE && !(*pte & PTE_W))
			return fault_cow(pte, page, v);
		*pte |= PTE_A | (acc == FAULT_STORE ? PTE_D : 0);
		sfence_vma_page(page, cur->asid);
		stats.pf_ad++;
		vmev_fault(VMEV_F_AD, page, acc);
		return FAULT_OK;
	}
	struct vma *v = fault_area(va);
	if (v == 0)
		return FAULT_UNMAPPED;
	if (!fault_allowed(v->prot, acc))
		return FAULT_PROTECTION;
	if (pte && PTE_IS_SWAP(*pte))
		return fault_swap_in(pte, page, v, acc);
	if (v->kind == VMA_FMAP)
		return filemap_fault(v, page, acc);
	enum page_err err = PAGE_OK;
	uint64_t pa = page_alloc(page, &err);
	if (pa == 0)
		return fault_page_err(err);
	uint64_t from_file = v->kind == VMA_FILE ? fault_fill_from_image(pa, page) : 0;
	if (page_map(cur, page, pa, fault_new_flags(v->prot, acc)) != 0) {
		page_discard(pa);
		return FAULT_NOMEM;
	}
	if (from_file) {
		frame_info(pa)->flags |= FI_FILE;
		stats.pf_file++;
	} else {
		stats.pf_zero++;
	}
	cur->minflt++;
	vmev_fault(from_file ? VMEV_F_FILE : VMEV_F_ZERO, page, acc);
	return FAULT_OK;
}

void fault_kill(enum fault_result r, uint64_t va, uint64_t pc, enum fault_access acc)
{
	if (r == FAULT_NOSWAP)
		con_printf("firmware: out of swap, killing pid %d\n", cur->pid);
	else
		con_printf("firmware: out of memory at 0x%lx (pc 0x%lx, %s), killing pid %d\n", va, pc,
			   fault_access_name(acc), cur->pid);
	proc_die(SIGKILL);
}

// Consecutive no-progress faults at one pc that end the process.
#define FAULT_STUCK_LIMIT 64

static struct {
	int pid;
	uint64_t pc;
	unsigned streak;
} stuck;

void fault_watch_progress(uint64_t pc, uint64_t user_insns)
{
	if (user_insns == 0 && pc == stuck.pc && cur->pid == stuck.pid) {
		stuck.streak++;
	} else {
		stuck.streak = 0;
		stuck.pc = pc;
		stuck.pid = cur->pid;
	}
	if (stuck.streak < FAULT_STUCK_LIMIT)
		return;
	if (opt.frames)
		con_printf("firmware: pid %d cannot make progress at pc 0x%lx: the instruction needs "
			   "more user pages at once than frames=%lu keeps resident; killing it\n",
			   cur->pid, pc, opt.frames);
	else
		con_printf("firmware: pid %d cannot make progress at pc 0x%lx: %u page faults in a row "
			   "without an instruction retired; killing it\n",
			   cur->pid, pc, stuck.streak);
	stuck.streak = 0;
	proc_die(SIGKILL);
}
