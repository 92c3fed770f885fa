// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The system calls, through a table indexed by number. Console I/O on fds
// 0..2 (reads see end of file), memory (brk, anonymous private mmap,
// munmap, mprotect), and a few identity and time calls.
#include "sys.h"

#include "con.h"
#include "fault.h"
#include "frame.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "page.h"
#include "proc.h"
#include "sysproc.h"
#include "user.h"
#include "vm.h"
#include "vma.h"

typedef int64_t sys_call(const uint64_t *a);

#define SYS_ioctl 29
#define SYS_read 63
#define SYS_write 64
#define SYS_writev 66
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_clock_gettime 113
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
#define IOV_MAX 1024

// Writes len bytes at user va to the console; returns the count written or
// -EFAULT when nothing could be read.
static int64_t sys_console_write(uint64_t va, uint64_t len)
{
	char buf[256];
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = MIN(len - done, sizeof(buf));
		if (user_copy_in(buf, va + done, n) != 0)
			return done ? (int64_t)done : -EFAULT;
		con_write(buf, n);
		done += n;
	}
	return done;
}

// read(fd, buf, count): stdin is at end of file.
static int64_t sys_read(const uint64_t *a)
{
	if (a[0] > 2)
		return -EBADF;
	return 0;
}

// write(fd, buf, count): fds 0..2 go to the console.
static int64_t sys_write(const uint64_t *a)
{
	if (a[0] > 2)
		return -EBADF;
	return sys_console_write(a[1], a[2]);
}

// writev(fd, iov, iovcnt)
static int64_t sys_writev(const uint64_t *a)
{
	if (a[0] > 2)
		return -EBADF;
	if ((int64_t)a[2] < 0 || a[2] > IOV_MAX)
		return -EINVAL;
	int64_t total = 0;
	for (uint64_t i = 0; i < a[2]; i++) {
		uint64_t iov[2];
		if (user_copy_in(iov, a[1] + 16 * i, sizeof(iov)) != 0)
			return total ? total : -EFAULT;
		int64_t r = sys_console_write(iov[0], iov[1]);
		if (r < 0)
			return total ? total : r;
		total += r;
	}
	return total;
}

// exit(status), exit_group(status)
static int64_t sys_exit(const uint64_t *a) { proc_exit(a[0] & 0xff); }


// ioctl(fd, request, arg): the console is no terminal (TCGETS included).
static int64_t sys_ioctl(const uint64_t *a)
{
	if (a[0] > 2)
		return -EBADF;
	return -ENOTTY;
}

// clock_gettime(clockid, tp): every clock counts the `time` CSR since boot
// at the DT's timebase-frequency.
static int64_t sys_clock_gettime(const uint64_t *a)
{
	if (a[0] > 11)
		return -EINVAL;
	uint64_t t = r_time(), hz = stats.timebase_hz;
	uint64_t ts[2] = { t / hz, (t % hz) * 1000000000UL / hz };
	return user_copy_out(a[1], ts, sizeof(ts));
}

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

// Unmaps every page of [lo, hi) (frames and swap slots), visiting areas
// only.
static void sys_unmap_pages(uint64_t lo, uint64_t hi)
{
	for (struct vma *v = vma_next(0); v && v->start < hi; v = vma_next(v->end)) {
		uint64_t s = MAX(v->start, lo), e = MIN(v->end, hi);
		for (uint64_t p = s; p < e; p += PAGE_SIZE)
			page_unmap(cur, p);
		if (v->end >= hi)
			break;
	}
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

// mmap(addr, len, prot, flags, fd, offset): anonymous memory only,
// demand-zero; MAP_SHARED behaves like MAP_PRIVATE (fork copies it on
// write like any other page).
static int64_t sys_mmap(const uint64_t *a)
{
	uint64_t addr = a[0], len = a[1], prot = a[2], flags = a[3];
	if (!(flags & MAP_ANONYMOUS))
		return (int64_t)a[4] >= 0 && a[4] <= 2 ? -ENODEV : -EBADF;
	if (len == 0 || (prot & ~(uint64_t)PROT_ALL) || !(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL;
	if (PAGE_UP(len) < len)
		return -ENOMEM;
	len = PAGE_UP(len);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		uint64_t end;
		int r = sys_user_range(addr, len, &end);
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
	if (vma_add(addr, addr + len, (unsigned)prot, VMA_ANON) != 0)
		return -ENOMEM;
	return addr;
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
	if (vma_protect(a[0], end, (unsigned)prot) != 0)
		return -ENOMEM;
	uint64_t flags = fault_pte_flags((unsigned)prot);
	for (uint64_t p = a[0]; p < end; p += PAGE_SIZE) {
		pte_t *pte = vm_walk(cur->root, p, 0);
		if (pte == 0 || !(*pte & PTE_V))
			continue;
		uint64_t f = flags;
		struct frame_info *fi = frame_info(PTE_PA(*pte));
		if (fi && fi->ref > 1)
			f &= ~PTE_W;
		if (opt.ad != AD_EAGER)
			f = (f & ~(PTE_A | PTE_D)) | (*pte & (PTE_A | PTE_D));
		vm_protect(cur->root, cur->asid, p, f);
	}
	return 0;
}

static sys_call *const sys_table[SYS_MAX] = {
	[SYS_getppid] = sys_getppid,
	[SYS_getrusage] = sys_getrusage,
	[SYS_sched_yield] = sys_sched_yield,
	[SYS_clone] = sys_clone,
	[SYS_execve] = sys_execve,
	[SYS_wait4] = sys_wait4,
	[SYS_mlock] = sys_mlock,
	[SYS_munlock] = sys_munlock,
	[SYS_mlockall] = sys_mlockall,
	[SYS_munlockall] = sys_munlockall,
	[SYS_ioctl] = sys_ioctl,
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_writev] = sys_writev,
	[SYS_exit] = sys_exit,
	[SYS_exit_group] = sys_exit,
	[SYS_set_tid_address] = sys_set_tid_address,
	[SYS_clock_gettime] = sys_clock_gettime,
	[SYS_uname] = sys_uname,
	[SYS_getpid] = sys_getpid,
	[SYS_brk] = sys_brk,
	[SYS_munmap] = sys_munmap,
	[SYS_mmap] = sys_mmap,
	[SYS_mprotect] = sys_mprotect,
};

void sys_dispatch(struct trap_frame *tf)
{
	uint64_t nr = tf->x[REG_A7];
	const uint64_t *args = &tf->x[REG_A0];
	stats.syscalls++;
	sys_call *call = nr < SYS_MAX ? sys_table[nr] : 0;
	if (call == 0) {
		if (opt.debug)
			con_printf("firmware: unknown system call %lu (a0 0x%lx) at pc 0x%lx\n", nr,
				   args[0], tf->sepc - 4);
		tf->x[REG_A0] = (uint64_t)-ENOSYS;
		return;
	}
	int64_t r = call(args);
	if (r == -ERESTART)
		tf->sepc -= 4; // run the ecall again when the process resumes
	else
		tf->x[REG_A0] = (uint64_t)r;
}
