// SPDX-License-Identifier: MIT OR Apache-2.0
#include "frame.h"

#include "lib.h"
#include "memlayout.h"

struct frame_stats frame_stats;

struct frame_range {
	uint64_t lo, hi;
};

static uint64_t frame_ram_lo, frame_ram_hi;
static struct frame_range frame_reserved[FRAME_MAX_RESERVED];
static unsigned frame_nreserved;
static uint64_t frame_cursor;     // next never-used frame candidate
static uint64_t frame_free_list;  // freed frames, linked through their first word

void frame_init(uint64_t base, uint64_t size)
{
	frame_ram_lo = PAGE_UP(base);
	frame_ram_hi = PAGE_DOWN(base + size);
	frame_cursor = frame_ram_lo;
	frame_nreserved = 0;
	frame_free_list = 0;
	memset(&frame_stats, 0, sizeof(frame_stats));
	frame_stats.total = (frame_ram_hi - frame_ram_lo) / PAGE_SIZE;
}

// Frames of [lo, hi) (page-rounded outwards) that lie in RAM.
static uint64_t frame_count_in_ram(uint64_t lo, uint64_t hi)
{
	lo = MAX(PAGE_DOWN(lo), frame_ram_lo);
	hi = MIN(PAGE_UP(hi), frame_ram_hi);
	return hi > lo ? (hi - lo) / PAGE_SIZE : 0;
}

void frame_reserve(uint64_t lo, uint64_t hi)
{
	if (hi <= lo || frame_nreserved == FRAME_MAX_RESERVED)
		return;
	// Reserved ranges may overlap each other: count each frame once.
	uint64_t n = frame_count_in_ram(lo, hi);
	for (unsigned i = 0; i < frame_nreserved; i++) {
		uint64_t a = MAX(PAGE_DOWN(lo), frame_reserved[i].lo);
		uint64_t b = MIN(PAGE_UP(hi), frame_reserved[i].hi);
		if (b > a)
			n -= frame_count_in_ram(a, b);
	}
	frame_reserved[frame_nreserved].lo = PAGE_DOWN(lo);
	frame_reserved[frame_nreserved].hi = PAGE_UP(hi);
	frame_nreserved++;
	frame_stats.total -= MIN(n, frame_stats.total);
}

// The end of the reserved range holding pa, or 0 if pa is free.
static uint64_t frame_reserved_end(uint64_t pa)
{
	for (unsigned i = 0; i < frame_nreserved; i++)
		if (pa >= frame_reserved[i].lo && pa < frame_reserved[i].hi)
			return frame_reserved[i].hi;
	return 0;
}

// The first run of n frames from the cursor that touches no reserved
// range (RAM holds no frame at address 0): its address, or 0 if RAM ends
// first.
static uint64_t frame_find_run(uint64_t n)
{
	uint64_t lo = frame_cursor;
	for (;;) {
		uint64_t end = lo + n * PAGE_SIZE;
		if (end > frame_ram_hi || end < lo)
			return 0;
		uint64_t a = lo;
		for (; a < end; a += PAGE_SIZE) {
			uint64_t skip = frame_reserved_end(a);
			if (skip) {
				lo = skip;
				break;
			}
		}
		if (a >= end)
			return lo;
	}
}

static struct frame_info *frame_infos;
static uint64_t frame_count; // RAM frames, reserved ones included

int frame_info_init(void)
{
	frame_count = (frame_ram_hi - frame_ram_lo) / PAGE_SIZE;
	uint64_t pages = PAGE_UP(frame_count * sizeof(struct frame_info)) / PAGE_SIZE;
	// The first run of `pages` free frames from the cursor.
	uint64_t lo = frame_find_run(pages);
	if (lo == 0)
		return -1;
	frame_reserve(lo, lo + pages * PAGE_SIZE);
	frame_infos = (struct frame_info *)lo;
	memset(frame_infos, 0, pages * PAGE_SIZE);
	return 0;
}

struct frame_info *frame_info(uint64_t pa)
{
	if (frame_infos == 0 || pa < frame_ram_lo || pa >= frame_ram_hi)
		return 0;
	return &frame_infos[(pa - frame_ram_lo) / PAGE_SIZE];
}

uint64_t frame_of(const struct frame_info *fi)
{
	return frame_ram_lo + (uint64_t)(fi - frame_infos) * PAGE_SIZE;
}

struct frame_info *frame_at(uint32_t index) { return &frame_infos[index]; }

uint32_t frame_index(const struct frame_info *fi) { return (uint32_t)(fi - frame_infos); }


uint64_t frame_alloc(void)
{
	uint64_t pa = 0;
	if (frame_free_list) {
		pa = frame_free_list;
		frame_free_list = *(uint64_t *)pa;
	} else {
		for (;;) {
			if (frame_cursor >= frame_ram_hi)
				return 0;
			uint64_t skip = frame_reserved_end(frame_cursor);
			if (skip == 0)
				break;
			frame_cursor = skip;
		}
		pa = frame_cursor;
		frame_cursor += PAGE_SIZE;
	}
	memset((void *)pa, 0, PAGE_SIZE);
	frame_stats.in_use++;
	if (frame_stats.in_use > frame_stats.peak)
		frame_stats.peak = frame_stats.in_use;
	return pa;
}

void frame_free(uint64_t pa)
{
	if (pa == 0)
		return;
	*(uint64_t *)pa = frame_free_list;
	frame_free_list = pa;
	frame_stats.in_use--;
}

uint64_t frame_alloc_run(uint64_t n)
{
	if (n == 0)
		return 0;
	// The first run of n never-used frames from the cursor, past any
	// reserved range (freed frames are scattered: not used here).
	uint64_t lo = frame_find_run(n);
	if (lo == 0)
		return 0;
	// Frames skipped below the run stay usable through the free list.
	for (uint64_t pa = frame_cursor; pa < lo; pa += PAGE_SIZE) {
		if (frame_reserved_end(pa) == 0) {
			*(uint64_t *)pa = frame_free_list;
			frame_free_list = pa;
		}
	}
	frame_cursor = lo + n * PAGE_SIZE;
	frame_stats.in_use += n;
	if (frame_stats.in_use > frame_stats.peak)
		frame_stats.peak = frame_stats.in_use;
	return lo;
}
