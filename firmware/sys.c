// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The system calls, through a table indexed by number: memory (brk,
// mmap, munmap, mprotect; msync and mincore in filemap.c) and a few identity calls;
// files and time are sysfile.c's (looked up after this table).
#include "sys.h"

#include "con.h"
#include "fault.h"
#include "filemap.h"
#include "frame.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "page.h"
#include "proc.h"
#include "sysfile.h"
#include "sysmem.h"
#include "sysproc.h"
#include "strace.h"
#include "sysextra.h"
#include "thread.h"
#include "user.h"
#include "vm.h"
#include "vma.h"

typedef int64_t sys_call(const uint64_t *a);

#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_uname 160
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mmap 222
#define SYS_mprotect 226
#define SYS_MAX 264

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000

#define PROT_ALL (VMA_R | VMA_W | VMA_X)

// exit(status), exit_group(status)
static int64_t sys_exit(const uint64_t *a) { proc_exit(a[0] & 0xff); }


// uname(buf): struct utsname, six fields of 65 bytes.
static int64_t sys_uname(const uint64_t *a)
{
	static const char *const fields[6] = { "Linux", "rvmmu", "6.0.0-rvmmu", "#1 rvmmu firmware",
					       "riscv64", "(none)" };
	char u[6 * 65];
	memset(u, 0, sizeof(u));
	for (int i = 0; i < 6; i++)
		memcpy(u + 65 * i, fields[i], strlen(fields[i]));
	return user_copy_out(a[0], u, sizeof(u));
}

// Unmaps every page of [lo, hi) (frames and swap slots), visiting the
// page tables that exist only.
void sys_unmap_pages(uint64_t lo, uint64_t hi)
{
	page_unmap_range(cur, lo, hi);
}

// brk(addr): moves the end of the heap (never below its start, never into
// another area); returns the break in effect. Pages come on first touch.
static int64_t sys_brk(const uint64_t *a)
{
	uint64_t want = a[0];
	if (want < cur->brk_start || want > MMAP_TOP)
		return cur->brk;
	uint64_t old_end = PAGE_UP(cur->brk), new_end = PAGE_UP(want);
	if (new_end > old_end) {
		if (!vma_range_free(old_end, new_end) ||
		    vma_add(old_end, new_end, VMA_R | VMA_W, VMA_HEAP) != 0)
			return cur->brk;
	} else if (new_end < old_end) {
		sys_unmap_pages(new_end, old_end);
		if (vma_remove(new_end, old_end) != 0)
			return cur->brk;
	}
	cur->brk = want;
	return cur->brk;
}

// Checks a page-aligned user range for munmap/mprotect/mmap MAP_FIXED.
static int sys_user_range(uint64_t addr, uint64_t len, uint64_t *end)
{
	if ((addr & (PAGE_SIZE - 1)) || len == 0)
		return -EINVAL;
	uint64_t e = PAGE_UP(addr + len);
	if (e < addr || e > USER_TOP || addr < USER_MIN || vm_is_kernel_range(addr, e))
		return -EINVAL;
	*end = e;
	return 0;
}

// munmap(addr, len)
static int64_t sys_munmap(const uint64_t *a)
{
	uint64_t end;
	int r = sys_user_range(a[0], a[1], &end);
	if (r != 0)
		return r;
	sys_unmap_pages(a[0], end);
	return vma_remove(a[0], end) == 0 ? 0 : -ENOMEM;
}

// mmap(addr, len, prot, flags, fd, offset): anonymous memory, demand-zero
// (MAP_SHARED behaves like MAP_PRIVATE: fork copies it on write like any
// other page), or a file (filemap.h: its checks and its area).
static int64_t sys_mmap(const uint64_t *a)
{
	uint64_t addr = a[0], len = a[1], prot = a[2], flags = a[3];
	int file = !(flags & MAP_ANONYMOUS);
	if (len == 0 || (prot & ~(uint64_t)PROT_ALL) || !(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL;
	int r = file ? filemap_check(a) : 0; // a file: filemap.c
	if (r != 0)
		return r;
	if (PAGE_UP(len) < len)
		return -ENOMEM;
	len = PAGE_UP(len);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		uint64_t end;
		r = sys_user_range(addr, len, &end);
		if (r != 0)
			return r;
		if (!vma_range_free(addr, end)) {
			if (flags & MAP_FIXED_NOREPLACE)
				return -EEXIST;
			sys_unmap_pages(addr, end);
			if (vma_remove(addr, end) != 0)
				return -ENOMEM;
		}
	} else {
		addr = PAGE_DOWN(addr);
		if (addr == 0 || addr + len < addr || !vma_range_free(addr, addr + len))
			addr = vma_find_gap(len, MMAP_TOP);
		if (addr == 0)
			return -ENOMEM;
	}
	if (file)
		return filemap_add(addr, len, a);
	if (vma_add(addr, addr + len, (unsigned)prot, VMA_ANON) != 0)
		return -ENOMEM;
	return addr;
}

// vm_for_each_in callback: gives the mapped page at va the PTE flags
// *ctx (see sys_mprotect).
static void sys_protect_one(void *ctx, uint64_t va, pte_t *pte)
{
	if (!(*pte & PTE_V))
		return; // in swap: the fault that brings it back uses the area
	uint64_t f = *(const uint64_t *)ctx;
	struct frame_info *fi = frame_info(PTE_PA(*pte));
	if (fi && fi->ref > 1)
		f &= ~PTE_W;
	if (opt.ad != AD_EAGER)
		f = (f & ~(PTE_A | PTE_D)) | (*pte & (PTE_A | PTE_D));
	if (fi && (fi->flags & FI_CACHE))
		f = filemap_protect_pte(va, *pte, f);
	vm_protect(cur->root, cur->asid, va, f);
}

// mprotect(addr, len, prot): new permissions for the areas and for every
// page already mapped, each fenced. A page shared copy-on-write stays
// without W (its next store copies it); with a frame limit (or lazy-ad)
// the PTE keeps its A/D bits, which tell the replacement about use.
static int64_t sys_mprotect(const uint64_t *a)
{
	uint64_t prot = a[2], end;
	if (prot & ~(uint64_t)PROT_ALL)
		return -EINVAL;
	if (a[1] == 0)
		return (a[0] & (PAGE_SIZE - 1)) ? -EINVAL : 0;
	int r = sys_user_range(a[0], a[1], &end);
	if (r != 0)
		return r == -EINVAL && !(a[0] & (PAGE_SIZE - 1)) ? -ENOMEM : r;
	r = filemap_may_protect(a[0], end, (unsigned)prot);
	if (r != 0)
		return r;
	if (vma_protect(a[0], end, (unsigned)prot) != 0)
		return -ENOMEM;
	uint64_t flags = fault_pte_flags((unsigned)prot);
	vm_for_each_in(cur->root, a[0], end, sys_protect_one, &flags);
	return 0;
}

static sys_call *const sys_table[SYS_MAX] = {
	[SYS_getppid] = sys_getppid,
	[SYS_getrusage] = sys_getrusage,
	[SYS_sched_yield] = sys_sched_yield,
	[SYS_clone] = sys_clone_any, // thread.c: threads, or fork (sys_clone)
	[SYS_execve] = sys_execve,
	[SYS_wait4] = sys_wait4,
	[SYS_mlock] = sys_mlock,
	[SYS_munlock] = sys_munlock,
	[SYS_mlockall] = sys_mlockall,
	[SYS_munlockall] = sys_munlockall,
	[SYS_exit] = sys_thread_exit, // thread.c: this thread
	[SYS_exit_group] = sys_exit,
	[SYS_set_tid_address] = sys_thread_set_tid_address,
	[SYS_uname] = sys_uname,
	[SYS_getpid] = sys_getpid,
	[SYS_brk] = sys_brk,
	[SYS_munmap] = sys_munmap,
	[SYS_mmap] = sys_mmap,
	[SYS_mprotect] = sys_mprotect,
	[SYS_madvise] = sys_madvise,
	[SYS_mremap] = sys_mremap,
	[SYS_msync] = sys_msync,
	[SYS_mincore] = sys_mincore,
};

void sys_dispatch(struct trap_frame *tf)
{
	uint64_t nr = tf->x[REG_A7];
	const uint64_t *args = &tf->x[REG_A0];
	stats.syscalls++;
	sys_call *call = nr < SYS_MAX ? sys_table[nr] : 0;
	if (call == 0) // files, pipes, time (sysfile.c)
		call = sysfile_lookup(nr);
	if (call == 0) // threads, futex, signals, identity (sysextra.c)
		call = sys_extra_lookup(nr);
	if (call == 0) {
		if (opt.debug || opt.strace) {
			const char *name = strace_name(nr);
			con_printf("firmware: unimplemented syscall %lu (%s) at pc 0x%lx\n", nr,
				   name ? name : "no such call", tf->sepc - 4);
		}
		if (opt.strace)
			strace_leave(nr, args, -ENOSYS);
		tf->x[REG_A0] = (uint64_t)-ENOSYS;
		return;
	}
	if (opt.strace)
		strace_enter(nr, args);
	int64_t r = call(args);
	if (r == -ERESTART) {
		tf->sepc -= 4; // run the ecall again when the process resumes
		return;
	}
	if (opt.strace)
		strace_leave(nr, args, r);
	tf->x[REG_A0] = (uint64_t)r;
}
