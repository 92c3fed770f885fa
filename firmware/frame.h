// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Physical 4 KiB frames: a bump allocator over the free parts of RAM (RAM
// minus reserved ranges: the firmware image, the initrd, the device tree)
// plus a free list of returned frames. Frames are addressed through the
// identity map, so the allocator works before and after paging is on.
#ifndef FRAME_H
#define FRAME_H

#include <stdint.h>

#define FRAME_MAX_RESERVED 8

struct frame_stats {
	uint64_t total;   // frames that exist (RAM minus reserved ranges)
	uint64_t in_use;  // allocated, not yet freed
	uint64_t peak;    // highest in_use seen
	uint64_t limit;   // frames=N option (0 = no limit)
};

extern struct frame_stats frame_stats;

// Starts the allocator over RAM [base, base + size).
void frame_init(uint64_t base, uint64_t size);
// Keeps [lo, hi) out of the allocator; call before the first frame_alloc.
void frame_reserve(uint64_t lo, uint64_t hi);
// Caps the frames in use at n (0 = no cap).
void frame_set_limit(uint64_t n);
// Returns the physical address of a zeroed frame, or 0 when none is left.
uint64_t frame_alloc(void);
// Gives a frame from frame_alloc back.
void frame_free(uint64_t pa);

#endif
