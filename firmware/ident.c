// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Identity and system information (see ident.h). Linux semantics from
// the man pages of each call; structure layouts are the 64-bit asm-generic
// ones.
#include "ident.h"

#include "frame.h"
#include "kerrno.h"
#include "lib.h"
#include "mach.h"
#include "memlayout.h"
#include "riscv.h"
#include "thread.h"
#include "user.h"

static int ident_pgids[PROC_MAX], ident_sids[PROC_MAX];

#define RLIM_INFINITY UINT64_MAX
#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
#define IDENT_NOFILE 1024
#define GRND_FLAGS 7 // GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE
#define GETRANDOM_MAX 65536 // bytes per call (Linux gives up to 32 MiB)

static unsigned ident_slot(const struct proc *p) { return (unsigned)(p - procs); }

void ident_proc_init(struct proc *p, const struct proc *parent)
{
	unsigned s = ident_slot(p);
	ident_pgids[s] = parent ? ident_pgids[ident_slot(parent)] : p->pid;
	ident_sids[s] = parent ? ident_sids[ident_slot(parent)] : p->pid;
}

int ident_pgid(const struct proc *p) { return ident_pgids[ident_slot(p)]; }

// getuid, geteuid, getgid, getegid: 0.
int64_t sys_getuid(const uint64_t *a)
{
	(void)a;
	return 0;
}

// getresuid(ruid, euid, suid), getresgid(...): 0, 0, 0.
int64_t sys_getresuid(const uint64_t *a)
{
	uint32_t zero = 0;
	for (int i = 0; i < 3; i++)
		if (user_copy_out(a[i], &zero, sizeof(zero)) != 0)
			return -EFAULT;
	return 0;
}

// setuid(id), setgid(id), ...: the one user may become itself only.
int64_t sys_setuid(const uint64_t *a) { return (uint32_t)a[0] == 0 ? 0 : -EPERM; }

// getgroups(size, list): no supplementary groups.
int64_t sys_getgroups(const uint64_t *a)
{
	(void)a;
	return 0;
}

// The process pid names (0: the caller), or 0.
static struct proc *ident_proc(int pid)
{
	struct proc *p = pid == 0 ? cur : proc_by_pid(pid);
	return p && p->state != PROC_ZOMBIE ? p : 0;
}

int64_t sys_getpgid(const uint64_t *a)
{
	struct proc *p = ident_proc((int)a[0]);
	return p ? ident_pgids[ident_slot(p)] : -ESRCH;
}

int64_t sys_getsid(const uint64_t *a)
{
	struct proc *p = ident_proc((int)a[0]);
	return p ? ident_sids[ident_slot(p)] : -ESRCH;
}

// setpgid(pid, pgid): the caller or a child of it, into a group of its
// session (pgid 0: its own pid).
int64_t sys_setpgid(const uint64_t *a)
{
	int pid = (int)a[0], pgid = (int)a[1];
	if (pgid < 0)
		return -EINVAL;
	struct proc *p = ident_proc(pid);
	if (p == 0 || (p != cur && p->ppid != cur->pid))
		return -ESRCH;
	unsigned s = ident_slot(p);
	if (ident_sids[s] == p->pid)
		return -EPERM; // a session leader
	if (pgid == 0)
		pgid = p->pid;
	if (pgid != p->pid) {
		int exists = 0;
		for (unsigned i = 0; i < PROC_MAX; i++)
			exists |= procs[i].state != PROC_FREE && ident_pgids[i] == pgid &&
				  ident_sids[i] == ident_sids[s];
		if (!exists)
			return -EPERM;
	}
	ident_pgids[s] = pgid;
	return 0;
}

// setsid(): a new session and group led by the caller, unless it leads a
// group already.
int64_t sys_setsid(const uint64_t *a)
{
	(void)a;
	unsigned s = ident_slot(cur);
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE && ident_pgids[i] == cur->pid)
			return -EPERM;
	ident_pgids[s] = ident_sids[s] = cur->pid;
	return cur->pid;
}

// sysinfo(info): uptime from `time`, RAM as frames, no swap figures, the
// process count; loads 0.
int64_t sys_sysinfo(const uint64_t *a)
{
	struct {
		int64_t uptime;
		uint64_t loads[3];
		uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint32_t pad2;
		uint64_t totalhigh, freehigh;
		uint32_t mem_unit;
		uint8_t f[4];
	} si;
	_Static_assert(sizeof(si) == 112, "struct sysinfo");
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(r_time() / stats.timebase_hz);
	si.totalram = frame_stats.total * PAGE_SIZE;
	si.freeram = (frame_stats.total - frame_stats.in_use) * PAGE_SIZE;
	for (unsigned i = 0; i < PROC_MAX; i++)
		si.procs += procs[i].state != PROC_FREE;
	si.mem_unit = 1;
	return user_copy_out(a[0], &si, sizeof(si));
}

// The limits: the stack's 8 MiB, 1024 files, everything else unlimited.
static void ident_rlimit(unsigned res, uint64_t lim[2])
{
	lim[0] = lim[1] = RLIM_INFINITY;
	if (res == RLIMIT_STACK)
		lim[0] = STACK_MAX;
	if (res == RLIMIT_NOFILE)
		lim[0] = lim[1] = IDENT_NOFILE;
}

// prlimit64(pid, resource, new, old): new limits are accepted and not
// enforced (the firmware's own limits stay).
int64_t sys_prlimit64(const uint64_t *a)
{
	if (a[0] != 0 && ident_proc((int)a[0]) == 0)
		return -ESRCH;
	if (a[1] >= RLIM_NLIMITS)
		return -EINVAL;
	uint64_t lim[2];
	if (a[2]) {
		if (user_copy_in(lim, a[2], sizeof(lim)) != 0)
			return -EFAULT;
		if (lim[0] > lim[1])
			return -EINVAL;
	}
	ident_rlimit((unsigned)a[1], lim);
	if (a[3] && user_copy_out(a[3], lim, sizeof(lim)) != 0)
		return -EFAULT;
	return 0;
}

int64_t sys_getrlimit(const uint64_t *a)
{
	uint64_t b[4] = { 0, a[0], 0, a[1] };
	return sys_prlimit64(b);
}

int64_t sys_setrlimit(const uint64_t *a)
{
	uint64_t b[4] = { 0, a[0], a[1], 0 };
	return sys_prlimit64(b);
}

// getrandom(buf, len, flags): splitmix64 over the time and cycle
// counters (not cryptographic).
int64_t sys_getrandom(const uint64_t *a)
{
	static uint64_t state;
	if (a[2] & ~(uint64_t)GRND_FLAGS)
		return -EINVAL;
	uint64_t len = MIN(a[1], (uint64_t)GETRANDOM_MAX);
	state ^= r_time() ^ (r_cycle() << 17);
	uint8_t buf[256];
	for (uint64_t done = 0; done < len;) {
		for (unsigned i = 0; i < sizeof(buf); i += 8) {
			uint64_t z = (state += 0x9e3779b97f4a7c15UL);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
			z ^= z >> 31;
			memcpy(buf + i, &z, 8);
		}
		uint64_t n = MIN(len - done, sizeof(buf));
		if (user_copy_out(a[0] + done, buf, n) != 0)
			return done ? (int64_t)done : -EFAULT;
		done += n;
	}
	return (int64_t)len;
}

// riscv_hwprobe keys (Linux Documentation/arch/riscv/hwprobe.rst).
#define HWPROBE_MVENDORID 0
#define HWPROBE_MARCHID 1
#define HWPROBE_MIMPID 2
#define HWPROBE_BASE_BEHAVIOR 3
#define HWPROBE_BASE_BEHAVIOR_IMA 1
#define HWPROBE_IMA_EXT_0 4
#define HWPROBE_IMA_FD 1
#define HWPROBE_IMA_C 2
#define HWPROBE_IMA_V 4
#define HWPROBE_CPUPERF_0 5 // 0: misaligned access speed unknown
#define MISA(letter) (1UL << ((letter) - 'A'))

// riscv_hwprobe(pairs, count, cpusetsize, cpus, flags): the values of the
// known keys; an unknown key becomes -1 with value 0. IMA_EXT_0 reports
// what misa shows (F and D, C, V); extensions misa cannot show (Zba,
// Zbb, ...) are not claimed.
int64_t sys_riscv_hwprobe(const uint64_t *a)
{
	if (a[4] != 0)
		return -EINVAL;
	for (uint64_t i = 0; i < a[1]; i++) {
		int64_t pair[2];
		uint64_t va = a[0] + 16 * i;
		if (user_copy_in(pair, va, sizeof(pair)) != 0)
			return -EFAULT;
		uint64_t v = 0;
		switch (pair[0]) {
		case HWPROBE_MVENDORID:
		case HWPROBE_MARCHID:
		case HWPROBE_MIMPID:
		case HWPROBE_CPUPERF_0: break;
		case HWPROBE_BASE_BEHAVIOR: v = HWPROBE_BASE_BEHAVIOR_IMA; break;
		case HWPROBE_IMA_EXT_0:
			if ((mach_misa & (MISA('F') | MISA('D'))) == (MISA('F') | MISA('D')))
				v |= HWPROBE_IMA_FD;
			if (mach_misa & MISA('C'))
				v |= HWPROBE_IMA_C;
			if (mach_misa & MISA('V'))
				v |= HWPROBE_IMA_V;
			break;
		default: pair[0] = -1; break;
		}
		pair[1] = (int64_t)v;
		if (user_copy_out(va, pair, sizeof(pair)) != 0)
			return -EFAULT;
	}
	return 0;
}

// riscv_flush_icache(start, end, flags): fence.i (one hart).
int64_t sys_riscv_flush_icache(const uint64_t *a)
{
	if (a[2] > 1) // SYS_RISCV_FLUSH_ICACHE_LOCAL
		return -EINVAL;
	__asm__ volatile("fence.i" ::: "memory");
	return 0;
}

// sched_setaffinity(pid, len, mask): cpu 0 must be in the mask.
int64_t sys_sched_setaffinity(const uint64_t *a)
{
	uint8_t m;
	if (a[1] == 0)
		return -EINVAL;
	if (user_copy_in(&m, a[2], 1) != 0)
		return -EFAULT;
	return (m & 1) ? 0 : -EINVAL;
}
