// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The page cache: one set of frames holding pages of files, shared by every
// process and every mapping of a file (Linux mm/filemap.c in miniature).
//
// A cached page is keyed by (inode, page index). An inode names one file
// by its identity (the in-memory node, or the host's device and inode
// number from fstat), so two opens of one path, two processes or two runs
// of execve meet the same pages. Each inode holds one open file (a
// reference) used for its I/O: a writable one once a writable shared
// mapping exists, which is the only way a cached page becomes dirty.
//
// Cache pages are user pages on page.c's resident list (counted against
// frames=N, aged and chosen by the replacement policy like any other;
// frame_info flag FI_CACHE, fi->va holding the cache entry). fi->ref counts
// the PTEs mapping the page; at 0 the page stays cached until the policy
// evicts it. Eviction never swaps a cache page: a clean one is dropped, a
// dirty one is written back to its file and dropped. A page is dirty when
// FI_DIRTY is set or a mapping's PTE has D; writing it back clears both
// and takes W from the shared mappings, so the next store faults and marks
// it dirty again (like Linux's write-protect on writeback).
//
// What reaches the file, and when (Linux semantics where it has them):
// msync, munmap, MADV_DONTNEED of a shared mapping, the end of a process
// (and the machine's halt), eviction, and before read()/write() of the
// same bytes (which keeps read/write coherent with mappings: a read sees
// the stores of a shared mapping; a write() updates the cached pages).
// Only the bytes below the file's size at write-back time are written:
// stores past EOF (in the last page, or after ftruncate shrank the file)
// never reach it. ftruncate unmaps and drops the pages past the new end
// (pagecache_truncated); unlink does not touch the cache: the pages of an
// unlinked file stay until evicted (the inode's open file keeps the node
// alive, as an open descriptor would). A fault at or past the page holding
// EOF of the current size raises SIGBUS (filemap.c).
#ifndef PAGECACHE_H
#define PAGECACHE_H

#include <stdint.h>

#include "file.h"
#include "frame.h"
#include "page.h"

#define PAGECACHE_INODES 32   // files with cached pages or mappings at once
#define PAGECACHE_PAGES 8192  // cached pages at once (32 MiB); more evicts one

// Counters for --stats (printed by pagecache_print_stats).
struct pagecache_stats {
	uint64_t faults;     // page faults of file mappings that mapped a cache page
	uint64_t hits;       // ... that found the page cached
	uint64_t reads;      // pages read from their file into the cache
	uint64_t writebacks; // dirty pages written back to their file
	uint64_t dropped;    // clean cache pages dropped by the replacement policy
};
extern struct pagecache_stats pagecache_stats;

// The inode of f (a regular file, FILE_RAM or FILE_HOST), found or
// created, with one mapping reference more; f becomes its I/O file when
// writable and the current one is not. The inode number, or -ENODEV (not
// a regular file), -ENFILE (no free inode), -errno (fstat failed).
int pagecache_inode_get(struct file *f);
// One mapping reference more (fork, a split area) or less (an area gone).
void pagecache_inode_hold(unsigned inode);
void pagecache_inode_put(unsigned inode);
// The file's size now, or -errno.
int64_t pagecache_size(unsigned inode);
// The frame of page index of inode, read from the file when not cached
// (file bytes below size; the rest of the page zero). *hit says which.
// Returns 0 with *err set when no frame can be had (PAGE_OK: read error).
uint64_t pagecache_get(unsigned inode, uint64_t index, int64_t size, int *hit,
		       enum page_err *err);
// True when page index of inode is cached (mincore).
int pagecache_cached(unsigned inode, uint64_t index);
// Writes every dirty cached page of inode with index in [lo, hi) back.
void pagecache_sync(unsigned inode, uint64_t lo, uint64_t hi);
// Writes every dirty cached page back (the machine halts).
void pagecache_sync_all(void);
// read()/write() of [off, off + len) of f: before, writes the dirty
// cached pages there back; after a write of len bytes, reloads the cached
// pages there from the file.
void pagecache_before_io(struct file *f, uint64_t off, uint64_t len);
void pagecache_after_write(struct file *f, uint64_t off, uint64_t len);

// ftruncate of f to size, done (after pagecache_before_io from size on):
// every mapping of a page wholly past the new end goes (private copies
// too, as Linux's truncate does: the next touch raises SIGBUS), those
// cached pages are dropped, and the page holding the end is read again
// (zeros past it).
void pagecache_truncated(struct file *f, uint64_t size);

// page.c's side. The mappings of cache page fi (at most max); -1 if more.
int pagecache_sharers(const struct frame_info *fi, struct page_sharer *out, int max);
// Writes cache page fi back to its file (counted), clean afterwards.
void pagecache_writeback(struct frame_info *fi);
// fi is being freed: forget its entry (and the inode if nothing is left).
void pagecache_forget(struct frame_info *fi);
// A PTE old of frame pa is going away: a cache page keeps its D as FI_DIRTY.
void pagecache_note_dirty(uint64_t pa, uint64_t old);

// The "firmware.pagecache.*" lines of --stats.
void pagecache_print_stats(void);

#endif
