// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The demand pager: resolves a page fault of the process from its areas.
#ifndef FAULT_H
#define FAULT_H

#include <stdint.h>

enum fault_access { FAULT_LOAD, FAULT_STORE, FAULT_FETCH };

enum fault_result {
	FAULT_OK,         // mapped (or A/D set): retry the access
	FAULT_UNMAPPED,   // no area holds the address (segmentation fault)
	FAULT_PROTECTION, // the area does not allow this access
	FAULT_NOMEM,      // no frame left and no page that can be evicted
	FAULT_NOSWAP,     // a page must go to swap and swap is full
	FAULT_BUS,        // a file mapping's page past the file's end (SIGBUS)
};

// PTE flags for an area's permissions: U, A, R/W/X, D when writable; W
// alone becomes R W (W without R is reserved). No permission at all gives
// R without U: a leaf the program cannot touch.
uint64_t fault_pte_flags(unsigned prot);

// PTE flags of a page mapped now for access acc (the A/D mode of opt.ad).
uint64_t fault_new_flags(unsigned prot, enum fault_access acc);

// Makes the page holding va accessible for acc in the current process if
// its areas allow it: grows the stack, takes a frame (evicting another
// page if need be) and fills it from the image, with zeros or from swap,
// copies a copy-on-write page on a store, or sets A/D on an existing PTE
// (Svade); each change fenced with sfence.vma of that page and ASID.
// Counts file-backed, demand-zero, swap-in, copy-on-write and A/D faults.
enum fault_result fault_resolve(uint64_t va, enum fault_access acc);
// Ends the current process for FAULT_NOMEM or FAULT_NOSWAP with a line
// saying why ("firmware: out of swap, killing pid N") and status 137.
void fault_kill(enum fault_result r, uint64_t va, uint64_t pc, enum fault_access acc)
	__attribute__((noreturn));

// Watches for a process that cannot make progress: called after a page
// fault at pc was resolved, with the user instructions retired (instret)
// since the last return to U-mode (entry.S measures it, the fixed trap
// path subtracted). FAULT_STUCK_LIMIT faults in a row at the same pc of
// the same process with none retired in between mean one instruction
// needs more pages at once than frames=N lets stay resident (e.g.
// frames=2: the code page, a stack page and a data page evict each other
// forever): the process is ended with a line saying so and status 137.
// Where instret counts time rather than instructions (QEMU without
// -icount) it practically never fires.
void fault_watch_progress(uint64_t pc, uint64_t user_insns);

// Name of an access kind: "load", "store" or "fetch".
const char *fault_access_name(enum fault_access acc);

#endif
