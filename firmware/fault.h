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
};

// PTE flags for an area's permissions: U, A, R/W/X, D when writable; W
// alone becomes R W (W without R is reserved). No permission at all gives
// R without U: a leaf the program cannot touch.
uint64_t fault_pte_flags(unsigned prot);

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

// Name of an access kind: "load", "store" or "fetch".
const char *fault_access_name(enum fault_access acc);

#endif
