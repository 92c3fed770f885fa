// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The page cache (see pagecache.h): a fixed table of inodes, a fixed table
// of cache entries chained in a hash by (inode, index), and the I/O that
// fills and writes back a page (the in-memory node's frames, or the host
// through hostio with the frame's physical address as the buffer).
#include "pagecache.h"

#include "con.h"
#include "hostio.h"
#include "kerrno.h"
#include "kerrno_fs.h"
#include "ktime.h"
#include "lib.h"
#include "memlayout.h"
#include "proc.h"
#include "ramfs.h"
#include "vm.h"
#include "vma.h"

#define PC_HASH_BITS 11
#define PC_NONE 0xffffffffu

struct pc_inode {
	int used;
	enum file_kind kind; // FILE_RAM or FILE_HOST
	uint64_t dev, ino;   // the identity (fstat)
	struct file *io;     // an open file of it (one reference held)
	unsigned maps;       // mapping areas naming it (in every process)
	unsigned pages;      // cached pages
};

struct pc_entry {
	uint32_t frame; // frame index + 1; 0 = a free entry
	uint32_t next;  // the next entry of the hash bucket, or PC_NONE
	uint32_t index; // page index in the file (16 TiB)
	uint16_t inode;
};
_Static_assert(sizeof(struct pc_entry) == 16, "four entries a cache line");

// The entries and the buckets live in frames taken at the first file
// mapping, so a program that maps no file pays nothing for them.
#define PC_TABLE_BYTES (PAGECACHE_PAGES * sizeof(struct pc_entry) + (4u << PC_HASH_BITS))
#define PC_TABLE_FRAMES ((PC_TABLE_BYTES + PAGE_SIZE - 1) / PAGE_SIZE)

struct pagecache_stats pagecache_stats;
static struct pc_inode pc_inodes[PAGECACHE_INODES];
static struct pc_entry *pc_entries; // [PAGECACHE_PAGES]
static uint32_t *pc_bucket;         // [1 << PC_HASH_BITS]
static unsigned pc_used;   // entries in use
static uint32_t pc_hand;   // where the search for a victim resumes
static uint32_t pc_free;   // free entries, chained through next
static unsigned pc_live;   // inodes in use (0: read/write skip the cache at once)

// Takes the table frames once. 0, or -ENOMEM.
static int pc_init(void)
{
	if (pc_entries)
		return 0;
	uint64_t pa = frame_alloc_run(PC_TABLE_FRAMES);
	if (pa == 0)
		return -ENOMEM;
	pc_entries = (struct pc_entry *)pa;
	pc_bucket = (uint32_t *)(pa + PAGECACHE_PAGES * sizeof(struct pc_entry));
	for (unsigned i = 0; i < (1u << PC_HASH_BITS); i++)
		pc_bucket[i] = PC_NONE;
	for (uint32_t e = 0; e < PAGECACHE_PAGES; e++)
		pc_entries[e].next = e + 1 < PAGECACHE_PAGES ? e + 1 : PC_NONE;
	pc_free = 0;
	return 0;
}

static uint32_t pc_hash(unsigned inode, uint64_t index)
{
	uint64_t k = (index ^ ((uint64_t)inode << 40)) * 0x9e3779b97f4a7c15UL;
	return (uint32_t)(k >> (64 - PC_HASH_BITS));
}

// The entry of (inode, index), or PC_NONE (pc_init done: an inode exists).
static uint32_t pc_lookup(unsigned inode, uint64_t index)
{
	for (uint32_t e = pc_bucket[pc_hash(inode, index)]; e != PC_NONE; e = pc_entries[e].next)
		if (pc_entries[e].inode == inode && pc_entries[e].index == index)
			return e;
	return PC_NONE;
}

static struct frame_info *pc_frame(uint32_t e) { return frame_at(pc_entries[e].frame - 1); }

// Frees inode i when nothing names it any more.
static void pc_inode_release(unsigned i)
{
	struct pc_inode *in = &pc_inodes[i];
	if (!in->used || in->maps || in->pages)
		return;
	in->used = 0;
	pc_live--;
	file_put(in->io);
	in->io = 0;
}

// Reads (write 0) or writes page index of in to/from the frame pa: the
// file bytes below size; a read zeroes the rest of the page.
static int pc_io(struct pc_inode *in, uint64_t index, uint64_t pa, int write, int64_t size)
{
	uint64_t off = index * PAGE_SIZE;
	if (!write)
		memset((void *)pa, 0, PAGE_SIZE);
	if (size < 0 || off >= (uint64_t)size)
		return 0;
	uint64_t n = MIN(PAGE_SIZE, (uint64_t)size - off);
	if (in->kind == FILE_RAM) {
		struct rnode *node = in->io->node;
		if (!write) {
			const uint8_t *src = node->data ? node->data + off : ramfs_page(node, off, 0);
			if (src) // else a hole: zeros
				memcpy((void *)pa, src, n);
			return 0;
		}
		int r = ramfs_own(node);
		if (r != 0)
			return r;
		uint8_t *dst = ramfs_page(node, off, 1);
		if (dst == 0)
			return -ENOSPC;
		memcpy(dst, (const void *)pa, n);
		node->mtime = ktime_realtime_sec();
		return 0;
	}
	uint64_t done = 0;
	while (done < n) {
		int64_t r = hostio_call(write ? HOSTIO_PWRITE : HOSTIO_PREAD, (uint64_t)in->io->host,
					pa + done, n - done, off + done, 0);
		if (r < 0)
			return (int)r;
		if (r == 0)
			return write ? -EIO : 0; // read: the file shrank meanwhile
		done += (uint64_t)r;
	}
	return 0;
}

// Evicts cache pages of inode (all of them when inode < 0: any one) until
// one entry is free. 0, or -1 when every page is busy or pinned.
static int pc_reclaim(int inode)
{
	for (unsigned step = 0; step < PAGECACHE_PAGES; step++) {
		uint32_t e = pc_hand;
		pc_hand = (pc_hand + 1) % PAGECACHE_PAGES;
		if (pc_entries[e].frame == 0 || (inode >= 0 && pc_entries[e].inode != inode))
			continue;
		if (page_evict_frame(pc_frame(e)) == PAGE_OK && inode < 0)
			return 0;
	}
	return inode >= 0 && pc_inodes[inode].pages == 0 ? 0 : -1;
}

int pagecache_inode_get(struct file *f)
{
	if ((f->kind != FILE_RAM && f->kind != FILE_HOST) || f->is_dir)
		return -ENODEV;
	struct kstat st;
	int r = file_stat(f, &st);
	if (r < 0)
		return r;
	if (!S_ISREG(st.mode))
		return -ENODEV;
	if (pc_init() != 0)
		return -ENOMEM;
	int found = -1, free_slot = -1;
	for (unsigned i = 0; i < PAGECACHE_INODES; i++) {
		struct pc_inode *in = &pc_inodes[i];
		if (in->used && in->kind == f->kind && in->dev == st.dev && in->ino == st.ino)
			found = (int)i;
		else if (!in->used && free_slot < 0)
			free_slot = (int)i;
	}
	if (found < 0 && free_slot < 0) {
		// Full: an inode no mapping names gives up its (clean) pages.
		for (unsigned i = 0; i < PAGECACHE_INODES && free_slot < 0; i++)
			if (pc_inodes[i].used && pc_inodes[i].maps == 0 && pc_reclaim((int)i) == 0)
				free_slot = pc_inodes[i].used ? -1 : (int)i;
		if (free_slot < 0)
			return -ENFILE;
	}
	if (found < 0) {
		struct pc_inode *in = &pc_inodes[free_slot];
		memset(in, 0, sizeof(*in));
		in->used = 1;
		pc_live++;
		in->kind = f->kind;
		in->dev = st.dev;
		in->ino = st.ino;
		in->io = f;
		f->refs++;
		found = free_slot;
	}
	struct pc_inode *in = &pc_inodes[found];
	if ((f->flags & O_ACCMODE) == O_RDWR && (in->io->flags & O_ACCMODE) != O_RDWR) {
		f->refs++; // write-back needs a writable file
		file_put(in->io);
		in->io = f;
	}
	in->maps++;
	return found;
}

void pagecache_inode_hold(unsigned inode) { pc_inodes[inode].maps++; }

void pagecache_inode_put(unsigned inode)
{
	pc_inodes[inode].maps--;
	pc_inode_release(inode);
}

int64_t pagecache_size(unsigned inode)
{
	struct kstat st;
	int r = file_stat(pc_inodes[inode].io, &st);
	return r < 0 ? r : st.size;
}

uint64_t pagecache_get(unsigned inode, uint64_t index, int64_t size, int *hit,
		       enum page_err *err)
{
	uint32_t e = pc_lookup(inode, index);
	*hit = e != PC_NONE;
	if (*hit) {
		pagecache_stats.hits++;
		return frame_of(pc_frame(e));
	}
	uint64_t pa = page_alloc(0, err); // busy (not a victim) until mapped
	if (pa == 0)
		return 0;
	if (pc_used == PAGECACHE_PAGES && pc_reclaim(-1) != 0) {
		page_discard(pa);
		*err = PAGE_NOMEM;
		return 0;
	}
	int r = pc_io(&pc_inodes[inode], index, pa, 0, size);
	if (r != 0) {
		con_printf("firmware: read error %d on page %lu of a mapped file\n", r, index);
		page_discard(pa);
		*err = PAGE_OK;
		return 0;
	}
	e = pc_free;
	pc_free = pc_entries[e].next;
	struct frame_info *fi = frame_info(pa);
	uint32_t b = pc_hash(inode, index);
	pc_entries[e] = (struct pc_entry){ .frame = frame_index(fi) + 1, .next = pc_bucket[b],
					   .inode = (uint16_t)inode, .index = (uint32_t)index };
	pc_bucket[b] = e;
	pc_used++;
	pc_inodes[inode].pages++;
	fi->flags |= FI_CACHE;
	fi->va = e;
	pagecache_stats.reads++;
	return pa;
}

int pagecache_cached(unsigned inode, uint64_t index) { return pc_lookup(inode, index) != PC_NONE; }

// The next file area of inode (the reverse map: Linux's i_mmap), in a
// process with a page table: procs[*pi].vma[*ki - 1]; 0 when none is
// left. Start with *pi = *ki = 0.
static const struct vma *pc_next_area(unsigned inode, unsigned *pi, unsigned *ki)
{
	for (; *pi < PROC_MAX; (*pi)++, *ki = 0) {
		const struct proc *p = &procs[*pi];
		if (p->state == PROC_FREE || p->root == 0)
			continue;
		while (*ki < p->nvma) {
			const struct vma *v = &p->vma[(*ki)++];
			if (v->kind == VMA_FMAP && v->inode == inode)
				return v;
		}
	}
	return 0;
}

int pagecache_sharers(const struct frame_info *fi, struct page_sharer *out, int max)
{
	const struct pc_entry *ce = &pc_entries[fi->va];
	uint64_t pa = frame_of(fi);
	int n = 0;
	if (pc_inodes[ce->inode].maps == 0)
		return 0;
	unsigned pi = 0, ki = 0;
	for (const struct vma *v; (v = pc_next_area(ce->inode, &pi, &ki)) != 0;) {
		if (ce->index < v->pgoff || ce->index - v->pgoff >= (v->end - v->start) / PAGE_SIZE)
			continue;
		struct proc *p = &procs[pi];
		uint64_t va = v->start + (ce->index - v->pgoff) * PAGE_SIZE;
		pte_t *pte = vm_walk(p->root, va, 0);
		if (pte == 0 || !(*pte & PTE_V) || PTE_PA(*pte) != pa)
			continue;
		if (n == max)
			return -1;
		out[n++] = (struct page_sharer){ p, pte, va };
	}
	return n;
}

void pagecache_writeback(struct frame_info *fi)
{
	const struct pc_entry *ce = &pc_entries[fi->va];
	struct page_sharer s[PAGE_SHARERS_MAX];
	int n = pagecache_sharers(fi, s, PAGE_SHARERS_MAX);
	int64_t size = pagecache_size(ce->inode);
	int r = size < 0 ? (int)size : pc_io(&pc_inodes[ce->inode], ce->index, frame_of(fi), 1, size);
	if (r != 0)
		con_printf("firmware: write-back error %d on page %lu of a mapped file: its stores "
			   "are lost\n", r, (uint64_t)ce->index);
	// Clean now: the shared mappings lose W and D (section 4.3.1: each
	// PTE change fenced), so the next store faults and marks it dirty.
	for (int i = 0; i < n; i++) {
		if (*s[i].pte & (PTE_W | PTE_D)) {
			*s[i].pte &= ~(PTE_W | PTE_D);
			sfence_vma_page(s[i].va, s[i].p->asid);
		}
	}
	fi->flags &= ~FI_DIRTY;
	pagecache_stats.writebacks++;
}

// Writes entry e back when dirty.
static void pc_sync_entry(uint32_t e)
{
	struct frame_info *fi = pc_frame(e);
	int dirty = (fi->flags & FI_DIRTY) != 0;
	struct page_sharer s[PAGE_SHARERS_MAX];
	int n = pagecache_sharers(fi, s, PAGE_SHARERS_MAX);
	for (int i = 0; i < n && !dirty; i++)
		dirty = (*s[i].pte & PTE_D) != 0;
	if (dirty || n < 0)
		pagecache_writeback(fi);
}

// Calls fn on every cached entry of inode with index in [lo, hi): by
// lookups when the range is small, else by a scan of the table.
static void pc_each(unsigned inode, uint64_t lo, uint64_t hi, void (*fn)(uint32_t e))
{
	if (pc_inodes[inode].pages == 0 || hi <= lo)
		return;
	if (hi - lo <= PAGECACHE_PAGES / 8) {
		for (uint64_t i = lo; i < hi; i++) {
			uint32_t e = pc_lookup(inode, i);
			if (e != PC_NONE)
				fn(e);
		}
		return;
	}
	for (uint32_t e = 0; e < PAGECACHE_PAGES; e++)
		if (pc_entries[e].frame && pc_entries[e].inode == inode &&
		    pc_entries[e].index >= lo && pc_entries[e].index < hi)
			fn(e);
}

void pagecache_sync(unsigned inode, uint64_t lo, uint64_t hi) { pc_each(inode, lo, hi, pc_sync_entry); }

void pagecache_sync_all(void)
{
	if (pc_entries == 0)
		return;
	for (uint32_t e = 0; e < PAGECACHE_PAGES; e++)
		if (pc_entries[e].frame)
			pc_sync_entry(e);
}

// The inode of f if it has one, else -1 (no host call unless some host
// file has an inode and f is not its I/O file).
static int pc_inode_of(struct file *f)
{
	if (pc_live == 0)
		return -1;
	int host = 0;
	for (unsigned i = 0; i < PAGECACHE_INODES; i++) {
		struct pc_inode *in = &pc_inodes[i];
		if (!in->used || in->kind != f->kind)
			continue;
		if (in->io == f || (f->kind == FILE_RAM && in->io->node == f->node))
			return (int)i;
		host |= f->kind == FILE_HOST;
	}
	struct kstat st;
	if (!host || file_stat(f, &st) < 0)
		return -1;
	for (unsigned i = 0; i < PAGECACHE_INODES; i++)
		if (pc_inodes[i].used && pc_inodes[i].kind == FILE_HOST && pc_inodes[i].dev == st.dev &&
		    pc_inodes[i].ino == st.ino)
			return (int)i;
	return -1;
}

// The pages [lo, hi) holding bytes [off, off + len); 0 when len is 0.
static int pc_range(uint64_t off, uint64_t len, uint64_t *lo, uint64_t *hi)
{
	if (len == 0)
		return 0;
	uint64_t end = off + len < off ? UINT64_MAX : off + len;
	*lo = off / PAGE_SIZE;
	*hi = (end - 1) / PAGE_SIZE + 1;
	return 1;
}

void pagecache_before_io(struct file *f, uint64_t off, uint64_t len)
{
	uint64_t lo, hi;
	int inode = pc_inode_of(f);
	if (inode >= 0 && pc_range(off, len, &lo, &hi))
		pagecache_sync((unsigned)inode, lo, hi);
}

static int64_t pc_reload_size; // the file's size for pc_reload_entry

static void pc_reload_entry(uint32_t e)
{
	const struct pc_entry *ce = &pc_entries[e];
	pc_io(&pc_inodes[ce->inode], ce->index, frame_of(pc_frame(e)), 0, pc_reload_size);
}

void pagecache_after_write(struct file *f, uint64_t off, uint64_t len)
{
	uint64_t lo, hi;
	int inode = pc_inode_of(f);
	if (inode < 0 || !pc_range(off, len, &lo, &hi))
		return;
	pc_reload_size = pagecache_size((unsigned)inode);
	pc_each((unsigned)inode, lo, hi, pc_reload_entry);
}

// ftruncate: entry e lies past the new end (drop it: its mappings are
// gone) or holds it (read it again: zeros past the end).
static void pc_truncate_entry(uint32_t e)
{
	struct frame_info *fi = pc_frame(e);
	if (pc_entries[e].index >= PAGE_UP((uint64_t)pc_reload_size) / PAGE_SIZE && fi->ref == 0)
		page_discard(frame_of(fi));
	else
		pc_reload_entry(e);
}

void pagecache_truncated(struct file *f, uint64_t size)
{
	int inode = pc_inode_of(f);
	if (inode < 0)
		return;
	uint64_t keep = PAGE_UP(size) / PAGE_SIZE; // pages still (partly) in the file
	unsigned pi = 0, ki = 0;
	for (const struct vma *v; (v = pc_next_area((unsigned)inode, &pi, &ki)) != 0;) {
		if (v->pgoff + (v->end - v->start) / PAGE_SIZE <= keep)
			continue;
		uint64_t from = keep > v->pgoff ? keep - v->pgoff : 0;
		page_unmap_range(&procs[pi], v->start + from * PAGE_SIZE, v->end);
	}
	pc_reload_size = (int64_t)size;
	pc_each((unsigned)inode, size / PAGE_SIZE, UINT64_MAX, pc_truncate_entry);
}

void pagecache_forget(struct frame_info *fi)
{
	uint32_t e = (uint32_t)fi->va;
	struct pc_entry *ce = &pc_entries[e];
	uint32_t *link = &pc_bucket[pc_hash(ce->inode, ce->index)];
	while (*link != e)
		link = &pc_entries[*link].next;
	*link = ce->next;
	ce->frame = 0;
	ce->next = pc_free;
	pc_free = e;
	pc_used--;
	pc_inodes[ce->inode].pages--;
	pc_inode_release(ce->inode);
}

void pagecache_note_dirty(uint64_t pa, uint64_t old)
{
	struct frame_info *fi = frame_info(pa);
	if (fi && (fi->flags & FI_CACHE) && (old & PTE_D))
		fi->flags |= FI_DIRTY;
}

void pagecache_print_stats(void)
{
	con_printf("firmware.page_faults.filemap %lu\n", pagecache_stats.faults);
	con_printf("firmware.pagecache.hits %lu\n", pagecache_stats.hits);
	con_printf("firmware.pagecache.reads %lu\n", pagecache_stats.reads);
	con_printf("firmware.pagecache.writebacks %lu\n", pagecache_stats.writebacks);
	con_printf("firmware.pagecache.dropped %lu\n", pagecache_stats.dropped);
	con_printf("firmware.pagecache.pages %lu\n", (uint64_t)pc_used);
}
