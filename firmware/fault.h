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
	FAULT_NOMEM,      // no frame left
};

// PTE flags for an area's permissions: U, A, R/W/X, D when writable; W
// alone becomes R W (W without R is reserved). No permission at all gives
// R without U: a leaf the program cannot touch.
uint64_t fault_pte_flags(unsigned prot);

// Makes the page holding va accessible for acc if the process's areas
// allow it: grows the stack, takes and fills a frame, maps it, or sets
// A/D on an existing PTE (Svade), with an sfence.vma of that page.
// Counts file-backed, demand-zero and A/D faults.
enum fault_result fault_resolve(uint64_t va, enum fault_access acc);

// Name of an access kind: "load", "store" or "fetch".
const char *fault_access_name(enum fault_access acc);

#endif
