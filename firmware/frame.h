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
	uint64_t in_use;  // allocated, not yet freed (user pages and page tables)
	uint64_t peak;    // highest in_use seen
};

// What the kernel knows about one frame holding a user page (page.c).
// Indexed by frame number from the start of RAM; kept outside the frames
// (carved from RAM like a reserved range, not counted in in_use).
struct frame_info {
	uint64_t va;         // the user page mapping it (the same in every sharer)
	uint32_t prev, next; // resident list (frame indices) while FI_RESIDENT
	uint32_t slot;       // swap slot + 1 holding a copy equal to the frame; 0 = none
	uint16_t ref;        // PTEs mapping it (processes sharing it)
	uint8_t flags;       // FI_*
	uint8_t age;         // LRU aging counter, LFU reference count
};

#define FI_USER 0x01     // a user page (ref, va, slot valid)
#define FI_RESIDENT 0x02 // on the resident list: counted against the limit, evictable
#define FI_FILE 0x04     // filled from the program image and never written since
#define FI_DIRTY 0x08    // written since filled or read from swap (sticky D)
#define FI_LOCKED 0x10   // mlock: not evictable, not counted against the limit
#define FI_BUSY 0x20     // the kernel is copying from it: not a victim now
#define FI_CACHE 0x40    // a page-cache page (pagecache.h): va is its cache entry

extern struct frame_stats frame_stats;

// Starts the allocator over RAM [base, base + size).
void frame_init(uint64_t base, uint64_t size);
// Keeps [lo, hi) out of the allocator; call before the first frame_alloc.
void frame_reserve(uint64_t lo, uint64_t hi);
// Carves the frame_info table (one entry per RAM frame) out of RAM; call
// after the reserved ranges and before the first frame_alloc. 0 or -1.
int frame_info_init(void);
// The info of the frame at pa, or 0 if pa is not a RAM frame.
struct frame_info *frame_info(uint64_t pa);
// The frame of an info entry, and an entry by index (index < frame_count).
uint64_t frame_of(const struct frame_info *fi);
struct frame_info *frame_at(uint32_t index);
uint32_t frame_index(const struct frame_info *fi);
// Returns the physical address of a zeroed frame, or 0 when none is left.
uint64_t frame_alloc(void);
// n physically contiguous frames (not zeroed), or 0 when no such run is
// left; each can be given back with frame_free.
uint64_t frame_alloc_run(uint64_t n);
// Gives a frame from frame_alloc back.
void frame_free(uint64_t pa);

#endif
