// SPDX-License-Identifier: MIT OR Apache-2.0
//
// User pages and their replacement (see page.h). The resident list is a
// circular list of frame indices in the order pages came in; FIFO evicts
// from its head, Clock sweeps it with a hand (second chance on the PTE A
// bit), LRU keeps an aging counter per frame (A sampled into the top bit
// of a right-shifting byte) and evicts the smallest, the oldest first.
//
// Sharers of a frame (fork shares it copy-on-write) all map it at the
// same virtual address: a frame is never mapped at two addresses (there
// is no mremap), so the reverse map is "walk every process at fi->va".
#include "page.h"

#include "con.h"
#include "lib.h"
#include "memlayout.h"
#include "swap.h"
#include "vm.h"

#define NIL 0xffffffffu

uint64_t page_resident, page_locked;
static uint32_t page_head = NIL; // the oldest resident page
static uint32_t page_hand = NIL; // Clock's hand

// Adds fi to the resident list: at the tail, or right behind Clock's hand
// (the place it reaches last).
static void page_list_add(struct frame_info *fi)
{
	uint32_t i = frame_index(fi);
	uint32_t at = (opt.policy == POLICY_CLOCK && page_hand != NIL) ? page_hand : page_head;
	if (at == NIL) {
		fi->prev = fi->next = i;
		page_head = i;
	} else {
		struct frame_info *n = frame_at(at), *p = frame_at(n->prev);
		fi->next = at;
		fi->prev = n->prev;
		p->next = i;
		n->prev = i;
	}
	fi->flags |= FI_RESIDENT;
	page_resident++;
}

static void page_list_del(struct frame_info *fi)
{
	uint32_t i = frame_index(fi);
	if (fi->next == i) {
		page_head = page_hand = NIL;
	} else {
		frame_at(fi->prev)->next = fi->next;
		frame_at(fi->next)->prev = fi->prev;
		if (page_head == i)
			page_head = fi->next;
		if (page_hand == i)
			page_hand = fi->next;
	}
	fi->flags &= ~FI_RESIDENT;
	page_resident--;
}

struct page_sharer {
	struct proc *p;
	pte_t *pte;
};

// The processes mapping fi (at fi->va) and their PTEs; returns how many.
static unsigned page_sharers(const struct frame_info *fi, struct page_sharer *out)
{
	uint64_t pa = frame_of(fi);
	unsigned n = 0;
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = &procs[i];
		if (p->state == PROC_FREE || p->root == 0)
			continue;
		pte_t *pte = vm_walk(p->root, fi->va, 0);
		if (pte && (*pte & PTE_V) && PTE_PA(*pte) == pa) {
			out[n].p = p;
			out[n].pte = pte;
			n++;
		}
	}
	return n;
}

// True when some sharer's PTE has A set; with clear, clears A in every
// sharer's PTE and fences that page of that ASID (section 4.2.1), so the
// next access sets A again (Svadu) or takes an A/D page fault (Svade).
static int page_referenced(const struct frame_info *fi, int clear)
{
	struct page_sharer s[PROC_MAX];
	unsigned n = page_sharers(fi, s);
	int a = 0;
	for (unsigned i = 0; i < n; i++) {
		if (*s[i].pte & PTE_A) {
			a = 1;
			if (clear) {
				*s[i].pte &= ~PTE_A;
				sfence_vma_page(fi->va, s[i].p->asid);
			}
		}
	}
	return a;
}

// True when the frame differs from its backing: written (sticky flag or
// a sharer's D).
static int page_dirty(const struct frame_info *fi, const struct page_sharer *s, unsigned n)
{
	if (fi->flags & FI_DIRTY)
		return 1;
	for (unsigned i = 0; i < n; i++)
		if (*s[i].pte & PTE_D)
			return 1;
	return 0;
}

// True when fi may go now: not in use by the kernel, and either swap
// exists or it is a clean copy of the program image.
static int page_evictable(const struct frame_info *fi)
{
	if (fi->flags & FI_BUSY)
		return 0;
	if (swap_present())
		return 1;
	if (!(fi->flags & FI_FILE))
		return 0;
	struct page_sharer s[PROC_MAX];
	unsigned n = page_sharers(fi, s);
	return !page_dirty(fi, s, n);
}

void page_age(void)
{
	if (page_head == NIL)
		return;
	uint32_t i = page_head;
	do {
		struct frame_info *fi = frame_at(i);
		fi->age = (uint8_t)((fi->age >> 1) | (page_referenced(fi, 1) ? 0x80 : 0));
		i = fi->next;
	} while (i != page_head);
}

// The policy's victim, or 0 when no resident page may go.
static struct frame_info *page_pick(void)
{
	if (page_head == NIL)
		return 0;
	if (opt.policy == POLICY_CLOCK) {
		if (page_hand == NIL)
			page_hand = page_head;
		// Two sweeps: the first may clear every A bit.
		for (uint64_t step = 0; step <= 2 * page_resident; step++) {
			struct frame_info *fi = frame_at(page_hand);
			if (page_evictable(fi) && !page_referenced(fi, 1))
				return fi;
			page_hand = fi->next;
		}
		return 0;
	}
	if (opt.policy == POLICY_LRU)
		page_age();
	struct frame_info *best = 0;
	uint32_t i = page_head;
	do {
		struct frame_info *fi = frame_at(i);
		if (page_evictable(fi)) {
			if (opt.policy == POLICY_FIFO)
				return fi;
			if (best == 0 || fi->age < best->age)
				best = fi;
		}
		i = fi->next;
	} while (i != page_head);
	return best;
}

// Frees the frame of fi (no references left).
static void page_free(struct frame_info *fi)
{
	if (fi->flags & FI_RESIDENT)
		page_list_del(fi);
	if (fi->flags & FI_LOCKED)
		page_locked--;
	if (fi->slot)
		swap_put(fi->slot - 1);
	fi->slot = 0;
	fi->flags = 0;
	fi->ref = 0;
	frame_free(frame_of(fi));
}

// Takes fi from every sharer: a clean image page is dropped (PTE 0), any
// other goes to swap (written unless its slot already holds the same
// bytes) and the PTEs get the slot.
static enum page_err page_evict(struct frame_info *fi)
{
	struct page_sharer s[PROC_MAX];
	unsigned n = page_sharers(fi, s);
	int dirty = page_dirty(fi, s, n);
	uint64_t pa = frame_of(fi);
	if ((fi->flags & FI_FILE) && !dirty) {
		for (unsigned i = 0; i < n; i++) {
			*s[i].pte = 0;
			sfence_vma_page(fi->va, s[i].p->asid);
		}
		stats.dropped++;
	} else {
		uint64_t slot;
		if (fi->slot) {
			slot = fi->slot - 1;
		} else {
			int64_t got = swap_alloc();
			if (got < 0)
				return PAGE_NOSWAP;
			slot = (uint64_t)got;
			swap_get(slot); // the frame's own reference, dropped in page_free
			fi->slot = (uint32_t)(slot + 1);
			dirty = 1;
		}
		if (dirty) {
			if (swap_write(slot, pa) != 0) {
				con_printf("firmware: swap write error (slot %lu)\n", slot);
				return PAGE_NOMEM;
			}
		}
		for (unsigned i = 0; i < n; i++) {
			*s[i].pte = SWAP_PTE(slot);
			swap_get(slot);
			sfence_vma_page(fi->va, s[i].p->asid);
		}
	}
	stats.evictions++;
	page_free(fi);
	return PAGE_OK;
}

enum page_err page_evict_one(void)
{
	struct frame_info *v = page_pick();
	return v ? page_evict(v) : PAGE_NOMEM;
}

uint64_t page_alloc(uint64_t va, enum page_err *err)
{
	for (;;) {
		if (opt.frames == 0 || page_resident < opt.frames) {
			uint64_t pa = frame_alloc();
			struct frame_info *fi = frame_info(pa);
			if (fi) {
				fi->va = va;
				fi->ref = 0;
				fi->slot = 0;
				fi->age = 0;
				fi->flags = FI_USER | FI_BUSY; // until page_map
				page_list_add(fi);
				return pa;
			}
			if (pa)
				frame_free(pa);
		}
		enum page_err e = page_evict_one();
		if (e != PAGE_OK) {
			*err = e;
			return 0;
		}
	}
}

void page_discard(uint64_t pa)
{
	struct frame_info *fi = frame_info(pa);
	if (fi)
		page_free(fi);
}

int page_map(struct proc *p, uint64_t va, uint64_t pa, uint64_t flags)
{
	if (vm_map(p->root, p->asid, va, pa, flags) != 0)
		return -1;
	struct frame_info *fi = frame_info(pa);
	if (fi) {
		fi->ref++;
		fi->flags &= ~FI_BUSY;
	}
	return 0;
}

void page_put(uint64_t pa)
{
	struct frame_info *fi = frame_info(pa);
	if (fi == 0 || !(fi->flags & FI_USER)) {
		frame_free(pa);
		return;
	}
	if (fi->ref > 1) {
		fi->ref--;
		return;
	}
	page_free(fi);
}

void page_unmap(struct proc *p, uint64_t va)
{
	pte_t *pte = vm_walk(p->root, va, 0);
	if (pte == 0 || *pte == 0)
		return;
	pte_t old = *pte;
	*pte = 0;
	if (old & PTE_V) {
		sfence_vma_page(va, p->asid);
		page_put(PTE_PA(old));
	} else if (PTE_IS_SWAP(old)) {
		swap_put(PTE_SWAP_SLOT(old));
	}
}

void page_set_locked(struct proc *p, uint64_t va, int locked)
{
	pte_t *pte = vm_walk(p->root, va, 0);
	if (pte == 0 || !(*pte & PTE_V))
		return;
	struct frame_info *fi = frame_info(PTE_PA(*pte));
	if (fi == 0 || !(fi->flags & FI_USER))
		return;
	if (locked && !(fi->flags & FI_LOCKED)) {
		if (fi->flags & FI_RESIDENT)
			page_list_del(fi);
		fi->flags |= FI_LOCKED;
		page_locked++;
	} else if (!locked && (fi->flags & FI_LOCKED)) {
		fi->flags &= ~FI_LOCKED;
		page_locked--;
		page_list_add(fi);
	}
}
