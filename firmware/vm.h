// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Sv39 page tables (Privileged Architecture 20211203, section 4.4): the
// kernel's global leaves and the per-process 4 KiB user leaves.
#ifndef VM_H
#define VM_H

#include <stdint.h>

#include "riscv.h"

// Builds the kernel table (RAM identity map and the IO window, all 1 GiB
// global leaves), turns paging on with it (ASID 0) and moves device
// accesses into the IO window. Returns 0, or -1 when out of frames.
int vm_init(uint64_t ram_base, uint64_t ram_size);
// True when [lo, hi) overlaps the kernel's part of the lower half.
int vm_is_kernel_range(uint64_t lo, uint64_t hi);
// The lowest address of the kernel's part of the lower half.
uint64_t vm_kernel_base(void);
// A new process root table holding the kernel's global leaves, or 0.
pte_t *vm_new_table(void);
// The ASID to use for a process asking for want (1..PROC_MAX): want, or 0
// when the hart keeps fewer ASID bits (then every switch fences ASID 0).
uint64_t vm_asid_for(uint64_t want);
// Switches satp to root with asid (from vm_asid_for); no fence is needed
// when the hart has ASIDs.
void vm_activate(pte_t *root, uint64_t asid);
// Switches satp to the kernel's own table (ASID 0), e.g. before the
// current process's table is freed.
void vm_activate_kernel(void);
// Calls fn for every non-zero level-0 PTE of the user half of root (valid
// leaves and swap entries), lowest address first.
void vm_for_each_user(pte_t *root, void (*fn)(void *ctx, uint64_t va, pte_t *pte), void *ctx);
// Calls fn for every non-zero level-0 PTE of root in [lo, hi) (clipped
// to the user half), lowest address first. Absent level-2 and level-1
// entries are skipped whole (1 GiB, 2 MiB), so the cost follows what is
// mapped, not the size of the range: what munmap, mprotect, MAP_FIXED and
// madvise use. fn may change or clear the PTE it is given.
void vm_for_each_in(pte_t *root, uint64_t lo, uint64_t hi,
		    void (*fn)(void *ctx, uint64_t va, pte_t *pte), void *ctx);
// Frees the user half's table pages and root itself (the leaves must be
// gone already).
void vm_free_tables(pte_t *root);
// Fences the whole ASID if vm_walk created table pages since the last
// fence (after filling a new table directly, e.g. fork).
void vm_fence_new_tables(uint64_t asid);
// The level-0 PTE of va in root, creating the table pages on the way when
// create is set; 0 if absent (or out of frames) or if a superpage covers va.
pte_t *vm_walk(pte_t *root, uint64_t va, int create);
// Maps the page at va to frame pa with flags (V is added), fencing it.
// Returns 0, or -1 when a table page could not be allocated.
int vm_map(pte_t *root, uint64_t asid, uint64_t va, uint64_t pa, uint64_t flags);
// Unmaps the page at va if mapped, fencing it; returns its frame or 0.
uint64_t vm_unmap(pte_t *root, uint64_t asid, uint64_t va);
// Replaces the R/W/X/U/A/D bits of the page at va with those of flags if
// the page is mapped, fencing it. flags must keep the PTE a leaf.
void vm_protect(pte_t *root, uint64_t asid, uint64_t va, uint64_t flags);

#endif
