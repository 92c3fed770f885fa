// SPDX-License-Identifier: MIT OR Apache-2.0
//
// File mappings: mmap of a file, MAP_PRIVATE and MAP_SHARED (Linux
// mm/filemap.c and mm/memory.c semantics, on the page cache of
// pagecache.h), msync and mincore.
//
// An area of kind VMA_FMAP maps file page pgoff at its start. A page's
// first touch maps the cache page of its file (read from the file on a
// miss):
// - MAP_SHARED: read-only after a load or fetch, writable after a store;
//   a store to a read-only one makes it writable (and dirty, the PTE's D).
//   Every mapping of the file, in any process, and read()/write() see the
//   same page; dirty pages reach the file on msync (MS_SYNC and MS_ASYNC
//   alike: synchronously), munmap, the end of the process, eviction and
//   the machine's halt.
// - MAP_PRIVATE: the cache page read-only, in every case; the first store
//   copies it into an anonymous page of the process (swappable like any
//   other), and the file and the other mappings never see that store.
//   Until then the mapping sees stores of shared mappings and write().
// A fault on a page at or past the one holding the file's end (its size
// now) raises SIGBUS; the part of the last page past the end reads zero.
// mprotect may not give PROT_WRITE to a MAP_SHARED mapping of a file
// opened without write access (EACCES). mremap of a file mapping: EINVAL
// (not implemented). fork shares the areas (MAP_SHARED stays shared).
#ifndef FILEMAP_H
#define FILEMAP_H

#include <stdint.h>

#include "fault.h"
#include "proc.h"
#include "riscv.h"
#include "vma.h"

#define SYS_msync 227
#define SYS_mincore 232

// mmap(addr, len, prot, flags, fd, offset) of a file, the checks before
// an address is chosen (len and prot already checked): 0, -EBADF,
// -EINVAL (offset not page aligned), -EACCES (no read access; MAP_SHARED
// with PROT_WRITE of a file not opened O_RDWR), -ENODEV (not a regular
// file), -EOVERFLOW (offset + len past 2^64, or past 2^32 pages).
int filemap_check(const uint64_t *a);
// Adds the file area [addr, addr + len) of mmap's arguments a (checked by
// filemap_check; the range free). addr, or -ENOMEM / -ENFILE.
int64_t filemap_add(uint64_t addr, uint64_t len, const uint64_t *a);

// The first touch of page in file area v of cur (fault.c).
enum fault_result filemap_fault(const struct vma *v, uint64_t page, enum fault_access acc);

// vma.c: upper is the upper part of a split file area, delta bytes above
// the old start; it names the inode too.
void filemap_vma_split(struct vma *upper, uint64_t delta);
// vma.c: file area v of cur goes (munmap, MAP_FIXED over it): its dirty
// pages are written back (MAP_SHARED) and its inode reference dropped.
void filemap_vma_gone(struct vma *v);
// fork: the child's copied areas name their inodes once more.
void filemap_fork(struct proc *child);
// The process's memory goes (exit, execve): as filemap_vma_gone for
// each of its file areas, while its PTEs still tell which pages are dirty.
void filemap_release(struct proc *p);

// sys_mprotect: -EACCES when prot has W and [lo, hi) holds a MAP_SHARED
// mapping of a file opened without write access; else 0.
int filemap_may_protect(uint64_t lo, uint64_t hi, unsigned prot);
// sys_mprotect: the new flags f of the PTE old at va mapping a page-cache
// page: W and D only for a shared mapping whose page is dirty already
// (else the next store faults and marks it).
uint64_t filemap_protect_pte(uint64_t va, pte_t old, uint64_t f);

// msync(addr, len, flags): writes the dirty pages of the shared file
// mappings of the range back. 0, -EINVAL (addr not aligned, bad flags,
// MS_SYNC with MS_ASYNC), -ENOMEM (a page of the range is not mapped).
int64_t sys_msync(const uint64_t *a);
// mincore(addr, len, vec): one byte per page, 1 when resident (mapped
// here, or a file page in the page cache). 0, -EINVAL, -ENOMEM, -EFAULT.
int64_t sys_mincore(const uint64_t *a);

#endif
