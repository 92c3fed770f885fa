// SPDX-License-Identifier: MIT OR Apache-2.0
#include "swap.h"

#include "con.h"
#include "lib.h"
#include "proc.h"
#include "virtio_blk.h"
#include "vmev.h"

#define SWAP_SECTORS_PER_SLOT 8

uint64_t swap_slots, swap_used;
static uint16_t swap_ref[SWAP_MAX_SLOTS];
static uint64_t swap_next; // next-fit search start

int swap_init(const uint64_t *virtio_pa, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (vblk_init(virtio_pa[i]) != 0)
			continue;
		swap_slots = MIN(vblk_sectors / SWAP_SECTORS_PER_SLOT, (uint64_t)SWAP_MAX_SLOTS);
		if (swap_slots == 0)
			continue;
		return 0;
	}
	swap_slots = 0;
	return -1;
}

int swap_present(void) { return swap_slots != 0; }

int64_t swap_alloc(void)
{
	for (uint64_t k = 0; k < swap_slots; k++) {
		uint64_t s = (swap_next + k) % swap_slots;
		if (swap_ref[s] == 0) {
			swap_next = (s + 1) % swap_slots;
			return (int64_t)s;
		}
	}
	return -1;
}

void swap_get(uint64_t slot)
{
	if (slot >= swap_slots)
		return;
	if (swap_ref[slot]++ == 0)
		swap_used++;
}

void swap_put(uint64_t slot)
{
	if (slot >= swap_slots || swap_ref[slot] == 0)
		return;
	if (--swap_ref[slot] == 0)
		swap_used--;
}

unsigned swap_refs(uint64_t slot) { return slot < swap_slots ? swap_ref[slot] : 0; }

int swap_write(uint64_t slot, uint64_t pa)
{
	stats.swap_writes++;
	vmev_swap(1, slot);
	return vblk_rw(1, slot * SWAP_SECTORS_PER_SLOT, pa);
}

int swap_read(uint64_t slot, uint64_t pa)
{
	stats.swap_reads++;
	vmev_swap(0, slot);
	return vblk_rw(0, slot * SWAP_SECTORS_PER_SLOT, pa);
}
