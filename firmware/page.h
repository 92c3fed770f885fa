// SPDX-License-Identifier: MIT OR Apache-2.0
//
// User pages: frames mapped into processes, reference-counted (fork
// shares them copy-on-write), on a resident list in the order they came
// in, evicted by the replacement policy when the frame limit (frames=N)
// or RAM runs out. A dirty victim goes to swap; a clean page filled from
// the program image is dropped and read again from it on the next fault.
//
// What counts against frames=N: every user page on the resident list.
// Page-table pages and the kernel's own frames do not count, nor do pages
// locked with mlock/mlockall (they are taken off the list).
#ifndef PAGE_H
#define PAGE_H

#include <stdint.h>

#include "frame.h"
#include "proc.h"

enum page_err {
	PAGE_OK = 0,
	PAGE_NOMEM = -1,  // no frame and no victim that can go
	PAGE_NOSWAP = -2, // a victim needs a swap slot and swap is full
};

// One mapping of a frame: the process, its PTE and the address there.
// A page-cache page may be mapped at several addresses (pagecache.h finds
// them through the file mappings); any other frame only at fi->va.
struct page_sharer {
	struct proc *p;
	pte_t *pte;
	uint64_t va;
};
#define PAGE_SHARERS_MAX (2 * PROC_MAX)

// Resident (evictable) and locked user pages now.
extern uint64_t page_resident, page_locked;

// A zeroed frame for a new user page at va, owned by the caller until
// page_map; evicts another page when the limit or RAM says so. Returns
// its address, or 0 with *err set.
uint64_t page_alloc(uint64_t va, enum page_err *err);
// Gives back a frame from page_alloc that was never mapped.
void page_discard(uint64_t pa);
// Maps pa (from page_alloc, or already mapped at va by another process)
// at va in p with flags, taking a reference. Returns 0, or -1 when a
// table page could not be allocated.
int page_map(struct proc *p, uint64_t va, uint64_t pa, uint64_t flags);
// Removes whatever p has at va (a frame reference or a swap slot
// reference), leaving a PTE of 0, fenced.
void page_unmap(struct proc *p, uint64_t va);
// page_unmap of every page of [lo, hi) in p, visiting only the page
// tables that exist: the cost follows what is mapped (vm_for_each_in).
void page_unmap_range(struct proc *p, uint64_t lo, uint64_t hi);
// Drops one reference to the frame of a user page; the last one frees
// the frame and its swap slot.
void page_put(uint64_t pa);
// Locks (mlock) or unlocks the page mapped at va in p; no-op if none.
void page_set_locked(struct proc *p, uint64_t va, int locked);
// Evicts one page chosen by the policy. Returns PAGE_OK or an error.
enum page_err page_evict_one(void);
// Evicts the page of fi if it may go now (pagecache.c: a full cache).
enum page_err page_evict_frame(struct frame_info *fi);
// LRU and LFU: fold every resident page's A bits into its age (LRU) or
// reference count (LFU) and clear them (from the timer tick and before
// each choice).
void page_age(void);

#endif
