// SPDX-License-Identifier: MIT OR Apache-2.0
//
// User pages and their replacement (see page.h). The resident list is a
// circular list of frame indices in the order pages came in; FIFO evicts
// from its head, Clock sweeps it with a hand (second chance on the PTE A
// bit), LRU keeps an aging counter per frame (A sampled into the top bit
// of a right-shifting byte) and evicts the smallest, the oldest first;
// LFU keeps a reference count per frame in the same byte (A sampled and
// added on each scan, all counts halved every PAGE_LFU_HALVE_EVERY scans)
// and evicts the smallest count, the oldest first.
//
// Sharers of a frame (fork shares it copy-on-write) all map it at the
// same virtual address: a frame is never mapped at two addresses (mremap
// moves a frame only once no other process shares it, and updates
// fi->va: sysmem.c), so the reverse map is "walk every process at
// fi->va".
#include "page.h"

#include "con.h"
#include "lib.h"
#include "memlayout.h"
#include "pagecache.h"
#include "swap.h"
#include "vm.h"
#include "vmev.h"

#define NIL 0xffffffffu

// LFU: every resident page's count is halved on every this-many-th scan
// (before that scan's A bits are added), so old popularity fades.
#define PAGE_LFU_HALVE_EVERY 32
// LFU: counts saturate here (they live in frame_info.age).
#define PAGE_LFU_MAX 255

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

// The processes mapping fi (at fi->va; a page-cache page wherever its
// file is mapped) and their PTEs; returns how many, or -1 when a page-cache
// page has more than PAGE_SHARERS_MAX mappings (it then stays resident).
static int page_sharers(const struct frame_info *fi, struct page_sharer *out)
{
	if (fi->flags & FI_CACHE)
		return pagecache_sharers(fi, out, PAGE_SHARERS_MAX);
	uint64_t pa = frame_of(fi);
	int n = 0;
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = &procs[i];
		if (p->state == PROC_FREE || p->root == 0)
			continue;
		pte_t *pte = vm_walk(p->root, fi->va, 0);
		if (pte && (*pte & PTE_V) && PTE_PA(*pte) == pa) {
			out[n].p = p;
			out[n].pte = pte;
			out[n].va = fi->va;
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
	struct page_sharer s[PAGE_SHARERS_MAX];
	int n = page_sharers(fi, s);
	if (n < 0)
		return 1;
	int a = 0;
	for (int i = 0; i < n; i++) {
		if (*s[i].pte & PTE_A) {
			a = 1;
			if (clear) {
				*s[i].pte &= ~PTE_A;
				sfence_vma_page(s[i].va, s[i].p->asid);
				vmev_ref(s[i].p, s[i].va);
			}
		}
	}
	return a;
}

// True when the frame differs from its backing: written (sticky flag or
// a sharer's D).
static int page_dirty(const struct frame_info *fi, const struct page_sharer *s, int n)
{
	if (fi->flags & FI_DIRTY)
		return 1;
	for (int i = 0; i < n; i++)
		if (*s[i].pte & PTE_D)
			return 1;
	return 0;
}

// True when fi may go now: not in use by the kernel, and either swap
// exists or it is a clean copy of the program image, or a page-cache page
// (its file takes it back) whose mappings are all known.
static int page_evictable(const struct frame_info *fi)
{
	if (fi->flags & FI_BUSY)
		return 0;
	struct page_sharer s[PAGE_SHARERS_MAX];
	if (fi->flags & FI_CACHE)
		return page_sharers(fi, s) >= 0;
	if (swap_present())
		return 1;
	if (!(fi->flags & FI_FILE))
		return 0;
	int n = page_sharers(fi, s);
	return !page_dirty(fi, s, n);
}

void page_age(void)
{
	static uint64_t scans;
	if (page_head == NIL)
		return;
	int halve = opt.policy == POLICY_LFU && ++scans % PAGE_LFU_HALVE_EVERY == 0;
	uint32_t i = page_head;
	do {
		struct frame_info *fi = frame_at(i);
		int a = page_referenced(fi, 1);
		if (opt.policy == POLICY_LFU) {
			unsigned n = halve ? fi->age >> 1 : fi->age;
			fi->age = (uint8_t)(n + (a && n < PAGE_LFU_MAX));
		} else {
			fi->age = (uint8_t)((fi->age >> 1) | (a ? 0x80 : 0));
		}
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
	if (opt.policy == POLICY_LRU || opt.policy == POLICY_LFU)
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
	if (fi->flags & FI_CACHE)
		pagecache_forget(fi);
	fi->slot = 0;
	fi->flags = 0;
	fi->ref = 0;
	frame_free(frame_of(fi));
}

// Takes fi from every sharer: a clean image page is dropped (PTE 0), a
// page-cache page too, written back to its file first when dirty; any
// other goes to swap (written unless its slot already holds the same
// bytes) and the PTEs get the slot.
static enum page_err page_evict(struct frame_info *fi)
{
	struct page_sharer s[PAGE_SHARERS_MAX];
	int n = page_sharers(fi, s);
	if (n < 0)
		return PAGE_NOMEM;
	int dirty = page_dirty(fi, s, n);
	int written = 0;
	uint64_t pa = frame_of(fi);
	int cached = (fi->flags & FI_CACHE) != 0;
	if (cached && dirty) {
		pagecache_writeback(fi); // its bytes go to the file, not to swap
		written = 1;
	}
	if (cached || ((fi->flags & FI_FILE) && !dirty)) {
		for (int i = 0; i < n; i++) {
			*s[i].pte = 0;
			sfence_vma_page(s[i].va, s[i].p->asid);
		}
		if (!dirty)
			stats.dropped++;
		if (!dirty && cached)
			pagecache_stats.dropped++;
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
			written = 1;
		}
		for (int i = 0; i < n; i++) {
			*s[i].pte = SWAP_PTE(slot);
			swap_get(slot);
			sfence_vma_page(fi->va, s[i].p->asid);
		}
	}
	stats.evictions++;
	vmev_evict(n ? s[0].p->pid : 0, n ? s[0].va : fi->va, (unsigned)n, dirty, written);
	page_free(fi);
	return PAGE_OK;
}

enum page_err page_evict_one(void)
{
	struct frame_info *v = page_pick();
	return v ? page_evict(v) : PAGE_NOMEM;
}

enum page_err page_evict_frame(struct frame_info *fi)
{
	return page_evictable(fi) ? page_evict(fi) : PAGE_NOMEM;
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
	if (fi->flags & FI_CACHE) { // stays cached until evicted
		if (fi->ref)
			fi->ref--;
		if (fi->ref == 0 && (fi->flags & FI_LOCKED)) { // mlock ends with the last mapping
			fi->flags &= ~FI_LOCKED;
			page_locked--;
			page_list_add(fi);
		}
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
		pagecache_note_dirty(PTE_PA(old), old);
		vmev_unmap(p, va);
		page_put(PTE_PA(old));
	} else if (PTE_IS_SWAP(old)) {
		swap_put(PTE_SWAP_SLOT(old));
	}
}

// vm_for_each_in callback: page_unmap of the page at va in ctx's process.
static void page_unmap_one(void *ctx, uint64_t va, pte_t *pte)
{
	(void)pte;
	page_unmap((struct proc *)ctx, va);
}

void page_unmap_range(struct proc *p, uint64_t lo, uint64_t hi)
{
	vm_for_each_in(p->root, lo, hi, page_unmap_one, p);
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
