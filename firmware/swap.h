// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Swap: the first virtio block device, in 4 KiB slots (8 sectors of 512
// bytes; slot s = sectors 8s..8s+7). Each slot has a reference count:
// the swap PTEs naming it, plus one while a resident frame keeps it as an
// identical copy (frame_info.slot). A slot with no reference is free.
#ifndef SWAP_H
#define SWAP_H

#include <stdint.h>

#define SWAP_MAX_SLOTS 65536 // at most 256 MiB of swap is used

// Looks for a block device among the device tree's virtio-mmio nodes and
// starts it. Returns 0 (swap on) or -1 (none: no swap).
int swap_init(const uint64_t *virtio_pa, unsigned n);
int swap_present(void);
// A free slot (reference count 0), or -1 when swap is full.
int64_t swap_alloc(void);
void swap_get(uint64_t slot);
void swap_put(uint64_t slot);
// References to slot now.
unsigned swap_refs(uint64_t slot);
// Moves one page between frame pa and a slot (counted). 0 or -1.
int swap_write(uint64_t slot, uint64_t pa);
int swap_read(uint64_t slot, uint64_t pa);
// Slots that exist, and slots in use.
extern uint64_t swap_slots, swap_used;

#endif
