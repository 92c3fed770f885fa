// SPDX-License-Identifier: MIT OR Apache-2.0
//
// File mappings (see filemap.h).
#include "filemap.h"

#include "file.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "page.h"
#include "pagecache.h"
#include "user.h"
#include "vm.h"
#include "vmev.h"

#define EOVERFLOW 75

#define MAP_TYPE 0x0f
#define MAP_SHARED 0x01
#define MAP_SHARED_VALIDATE 0x03
#define PROT_WRITE 0x2

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

// True for MAP_SHARED and MAP_SHARED_VALIDATE.
static int filemap_shared(uint64_t flags)
{
	uint64_t t = flags & MAP_TYPE;
	return t == MAP_SHARED || t == MAP_SHARED_VALIDATE;
}

int filemap_check(const uint64_t *a)
{
	uint64_t len = a[1], prot = a[2], flags = a[3], off = a[5];
	struct file *f = file_get((int64_t)a[4]);
	if (f == 0)
		return -EBADF;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if ((f->kind != FILE_RAM && f->kind != FILE_HOST) || f->is_dir)
		return -ENODEV;
	unsigned mode = f->flags & O_ACCMODE;
	if (mode == O_WRONLY)
		return -EACCES;
	if (filemap_shared(flags) && (prot & PROT_WRITE) && mode != O_RDWR)
		return -EACCES;
	if (off + PAGE_UP(len) < off || (off + PAGE_UP(len)) / PAGE_SIZE > (uint64_t)UINT32_MAX + 1)
		return -EOVERFLOW; // the areas and the cache count file pages in 32 bits (16 TiB)
	return 0;
}

int64_t filemap_add(uint64_t addr, uint64_t len, const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[4]);
	int inode = pagecache_inode_get(f);
	if (inode < 0)
		return inode;
	if (vma_add(addr, addr + len, (unsigned)a[2], VMA_FMAP) != 0) {
		pagecache_inode_put((unsigned)inode);
		return -ENOMEM;
	}
	struct vma *v = vma_find(addr);
	v->pgoff = (uint32_t)(a[5] / PAGE_SIZE);
	v->inode = (uint16_t)inode;
	v->shared = (uint8_t)filemap_shared(a[3]);
	v->maywrite = (f->flags & O_ACCMODE) == O_RDWR;
	return (int64_t)addr;
}

enum fault_result filemap_fault(const struct vma *v, uint64_t page, enum fault_access acc)
{
	uint64_t index = v->pgoff + (page - v->start) / PAGE_SIZE;
	int64_t size = pagecache_size(v->inode);
	if (size < 0 || index >= PAGE_UP((uint64_t)size) / PAGE_SIZE)
		return FAULT_BUS; // Linux: SIGBUS past the page holding the end
	int hit = 0;
	enum page_err err = PAGE_OK;
	uint64_t pa = pagecache_get(v->inode, index, size, &hit, &err);
	if (pa == 0)
		return err == PAGE_NOSWAP ? FAULT_NOSWAP : err == PAGE_NOMEM ? FAULT_NOMEM : FAULT_BUS;
	uint64_t flags = fault_new_flags(v->prot, acc);
	int writable = v->shared && acc == FAULT_STORE;
	if (!writable)
		flags &= ~(PTE_W | PTE_D); // the next store faults: dirty, or a private copy
	if (page_map(cur, page, pa, flags) != 0) {
		frame_info(pa)->flags &= ~FI_BUSY; // stays cached
		return FAULT_NOMEM;
	}
	pagecache_stats.faults++;
	if (hit)
		cur->minflt++;
	else
		cur->majflt++;
	vmev_fault(VMEV_F_FILE, page, acc);
	if (!v->shared && acc == FAULT_STORE)
		return fault_resolve(page, acc); // copy-on-write at once
	return FAULT_OK;
}

void filemap_vma_split(struct vma *upper, uint64_t delta)
{
	upper->pgoff += (uint32_t)(delta / PAGE_SIZE);
	pagecache_inode_hold(upper->inode);
}

// Writes back the dirty cached pages of the part of file area v in
// [lo, hi) (MAP_SHARED only).
static void filemap_sync_area(const struct vma *v, uint64_t lo, uint64_t hi)
{
	lo = MAX(lo, v->start);
	hi = MIN(hi, v->end);
	if (v->kind != VMA_FMAP || !v->shared || hi <= lo)
		return;
	pagecache_sync(v->inode, v->pgoff + (lo - v->start) / PAGE_SIZE,
		       v->pgoff + (hi - v->start) / PAGE_SIZE);
}

void filemap_vma_gone(struct vma *v)
{
	filemap_sync_area(v, v->start, v->end);
	pagecache_inode_put(v->inode);
	v->kind = VMA_ANON; // named no more
}

void filemap_fork(struct proc *child)
{
	for (unsigned i = 0; i < child->nvma; i++)
		if (child->vma[i].kind == VMA_FMAP)
			pagecache_inode_hold(child->vma[i].inode);
}

void filemap_release(struct proc *p)
{
	for (unsigned i = 0; i < p->nvma; i++)
		if (p->vma[i].kind == VMA_FMAP)
			filemap_vma_gone(&p->vma[i]);
}

int filemap_may_protect(uint64_t lo, uint64_t hi, unsigned prot)
{
	if (!(prot & VMA_W))
		return 0;
	for (unsigned i = 0; i < cur->nvma; i++) {
		const struct vma *v = &cur->vma[i];
		if (v->start < hi && v->end > lo && v->kind == VMA_FMAP && v->shared && !v->maywrite)
			return -EACCES;
	}
	return 0;
}

uint64_t filemap_protect_pte(uint64_t va, pte_t old, uint64_t f)
{
	const struct vma *v = vma_find(va);
	if (v && v->kind == VMA_FMAP && v->shared && (old & PTE_D))
		return f;
	return f & ~(PTE_W | PTE_D);
}

// The end of the page range of addr, len for msync/mincore: 0 when it
// wraps or leaves the user range.
static uint64_t filemap_range_end(uint64_t addr, uint64_t len)
{
	uint64_t hi = PAGE_UP(addr + len);
	return (addr + len < addr || hi < addr || hi > USER_TOP) ? 0 : hi;
}

// True when every page of [lo, hi) belongs to an area of cur.
static int filemap_all_mapped(uint64_t lo, uint64_t hi)
{
	for (uint64_t a = lo; a < hi;) {
		const struct vma *v = vma_find(a);
		if (v == 0)
			return 0;
		a = v->end;
	}
	return 1;
}

int64_t sys_msync(const uint64_t *a)
{
	uint64_t lo = a[0], flags = a[2];
	if ((lo & (PAGE_SIZE - 1)) || (flags & ~(uint64_t)(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	uint64_t hi = filemap_range_end(lo, a[1]);
	if (hi == 0)
		return -ENOMEM;
	for (unsigned i = 0; i < cur->nvma; i++)
		filemap_sync_area(&cur->vma[i], lo, hi);
	return filemap_all_mapped(lo, hi) ? 0 : -ENOMEM;
}

int64_t sys_mincore(const uint64_t *a)
{
	uint64_t lo = a[0], vec = a[2];
	if (lo & (PAGE_SIZE - 1))
		return -EINVAL;
	uint64_t hi = filemap_range_end(lo, a[1]);
	if (hi == 0 || !filemap_all_mapped(lo, hi))
		return -ENOMEM;
	uint8_t buf[256];
	uint64_t n = 0;
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE) {
		pte_t *pte = vm_walk(cur->root, va, 0);
		int in = pte && (*pte & PTE_V);
		const struct vma *v = in ? 0 : vma_find(va);
		if (v && v->kind == VMA_FMAP)
			in = pagecache_cached(v->inode, v->pgoff + (va - v->start) / PAGE_SIZE);
		buf[n++] = (uint8_t)in;
		if (n == sizeof(buf) || va + PAGE_SIZE >= hi) {
			uint64_t at = vec + ((va - lo) / PAGE_SIZE + 1 - n);
			if (user_copy_out(at, buf, n) != 0)
				return -EFAULT;
			n = 0;
		}
	}
	return 0;
}
