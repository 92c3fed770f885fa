// SPDX-License-Identifier: MIT OR Apache-2.0
#include "sysproc.h"

#include "con.h"
#include "elf.h"
#include "execimg.h"
#include "execscript.h"
#include "file.h"
#include "filemap.h"
#include "kerrno.h"
#include "kerrno_fs.h"
#include "lib.h"
#include "memlayout.h"
#include "page.h"
#include "prctl.h"
#include "proc.h"
#include "procfs.h"
#include "swap.h"
#include "thread.h"
#include "user.h"
#include "vm.h"
#include "vma.h"

#define CSIGNAL 0xffUL // clone: the exit signal; every other flag is refused
#define WNOHANG 1
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
#define RUSAGE_WORDS 18 // struct rusage: 2 timevals (4 words) + 14 longs
#define RUSAGE_MINFLT 8 // word index of ru_minflt; ru_majflt follows
#define MCL_CURRENT 1
#define EXEC_PATH_MAX 256
#define EXEC_ARG_BYTES 8192

int64_t sys_getpid(const uint64_t *a)
{
	(void)a;
	return cur->pid;
}

int64_t sys_getppid(const uint64_t *a)
{
	(void)a;
	return cur->ppid;
}

// sched_yield(): the next runnable thread runs (round robin).
int64_t sys_sched_yield(const uint64_t *a)
{
	(void)a;
	sched_request();
	return 0;
}

// getrusage(who, usage): only the fault counts are filled: ru_minflt =
// demand-zero, file and copy-on-write faults, ru_majflt = swap-ins (A/D
// faults are not counted: they depend on the hart's A/D policy).
int64_t sys_getrusage(const uint64_t *a)
{
	int64_t who = (int64_t)a[0];
	uint64_t ru[RUSAGE_WORDS];
	memset(ru, 0, sizeof(ru));
	if (who == RUSAGE_SELF || who == RUSAGE_THREAD) {
		ru[RUSAGE_MINFLT] = cur->minflt;
		ru[RUSAGE_MINFLT + 1] = cur->majflt;
	} else if (who == RUSAGE_CHILDREN) {
		ru[RUSAGE_MINFLT] = cur->cminflt;
		ru[RUSAGE_MINFLT + 1] = cur->cmajflt;
	} else {
		return -EINVAL;
	}
	return user_copy_out(a[1], ru, sizeof(ru));
}

// Shares one PTE of the parent with the child (vm_for_each_user callback):
// a frame read-only in both (copy-on-write; one more reference), a swap
// entry as it is (one more slot reference).
struct sysproc_fork {
	struct proc *parent, *child;
	int failed;
};

static void sysproc_share_pte(void *ctx, uint64_t va, pte_t *pte)
{
	struct sysproc_fork *f = ctx;
	if (f->failed)
		return;
	pte_t *cp = vm_walk(f->child->root, va, 1);
	if (cp == 0) {
		f->failed = 1;
		return;
	}
	if (*pte & PTE_V) {
		struct frame_info *fi = frame_info(PTE_PA(*pte));
		if (fi && (*pte & PTE_D))
			fi->flags |= FI_DIRTY; // a sharer's later D says nothing about this
		if (*pte & PTE_W) {
			*pte &= ~PTE_W;
			sfence_vma_page(va, f->parent->asid);
		}
		if (fi)
			fi->ref++;
		*cp = *pte;
	} else if (PTE_IS_SWAP(*pte)) {
		swap_get(PTE_SWAP_SLOT(*pte));
		*cp = *pte;
	}
}

// clone(flags, newsp, ptid, tls, ctid) with fork semantics only: flags
// holding nothing but the exit signal, no new stack. The child gets a copy
// of the areas and shares every page copy-on-write; it returns 0, the
// parent the child's pid. -EAGAIN when PROC_MAX processes exist.
int64_t sys_clone(const uint64_t *a)
{
	if ((a[0] & ~CSIGNAL) != 0)
		return -EINVAL;
	struct proc *parent = cur;
	struct proc *c = proc_alloc(parent->pid);
	if (c == 0)
		return -EAGAIN;
	c->image = parent->image;
	c->image_size = parent->image_size;
	procfs_fork(c, parent);
	memcpy(c->seg, parent->seg, sizeof(c->seg));
	c->nseg = parent->nseg;
	c->entry = parent->entry;
	c->phdr_va = parent->phdr_va;
	c->phnum = parent->phnum;
	c->phent = parent->phent;
	c->exec_stack = parent->exec_stack;
	c->brk_start = parent->brk_start;
	c->brk = parent->brk;
	memcpy(c->vma, parent->vma, sizeof(c->vma));
	c->nvma = parent->nvma;
	filemap_fork(c);
	c->tf = parent->tf;
	c->tf.x[REG_A0] = 0;
	if (a[1])
		c->tf.x[REG_SP] = a[1]; // vfork's and posix_spawn's child stack
	struct sysproc_fork f = { parent, c, 0 };
	vm_for_each_user(parent->root, sysproc_share_pte, &f);
	vm_fence_new_tables(c->asid);
	if (f.failed) {
		proc_release_memory(c);
		c->state = PROC_FREE;
		return -ENOMEM;
	}
	file_fork(parent, c);
	return c->pid;
}

struct proc *sysproc_zombie_child(int want, int *have)
{
	*have = 0;
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *q = &procs[i];
		if (q->state == PROC_FREE || q == cur || q->ppid != cur->pid || (want > 0 && q->pid != want))
			continue;
		*have = 1;
		if (q->state == PROC_ZOMBIE)
			return q;
	}
	return 0;
}

int sysproc_child_rusage(uint64_t va, const struct proc *q)
{
	if (va == 0)
		return 0;
	uint64_t ru[RUSAGE_WORDS];
	memset(ru, 0, sizeof(ru));
	ru[RUSAGE_MINFLT] = q->minflt + q->cminflt;
	ru[RUSAGE_MINFLT + 1] = q->majflt + q->cmajflt;
	return user_copy_out(va, ru, sizeof(ru));
}

void sysproc_reap(struct proc *q)
{
	cur->cminflt += q->minflt + q->cminflt;
	cur->cmajflt += q->majflt + q->cmajflt;
	q->state = PROC_FREE;
}

// wait4(pid, wstatus, options, rusage): pid > 0 that child, otherwise any
// child (no process groups). Blocks (the call runs again when a child
// ends) unless WNOHANG. rusage gets the child's fault counts.
int64_t sys_wait4(const uint64_t *a)
{
	int have;
	struct proc *q = sysproc_zombie_child((int)a[0], &have);
	if (q) {
		int32_t ws = q->wstatus;
		if (a[1] && user_copy_out(a[1], &ws, sizeof(ws)) != 0)
			return -EFAULT;
		if (sysproc_child_rusage(a[3], q) != 0)
			return -EFAULT;
		sysproc_reap(q);
		return q->pid;
	}
	if (!have)
		return -ECHILD;
	if (a[2] & WNOHANG)
		return 0;
	thread_block(THREAD_WAIT_CHILD, 0);
	return -ERESTART;
}

// Copies the NULL-terminated user vector at va (strings into
// strings[*used..]) to out (at most max, then NULL). The count or -errno.
static int64_t sysproc_copy_vector(uint64_t va, char **out, int max, char *strings, uint64_t *used)
{
	int n = 0;
	for (; va; n++) {
		uint64_t p;
		if (user_copy_in(&p, va + 8 * (uint64_t)n, sizeof(p)) != 0)
			return -EFAULT;
		if (p == 0)
			break;
		if (n == max)
			return -E2BIG;
		int64_t r = user_copy_str(strings + *used, p, EXEC_ARG_BYTES - *used);
		if (r < 0)
			return r == -ENAMETOOLONG ? -E2BIG : r;
		out[n] = strings + *used;
		*used += (uint64_t)r + 1;
	}
	out[n] = 0;
	return n;
}

// execve(path, argv, envp): runs the program at path in the guest file
// system (vfs.h, execimg.h) in this process (same pid and ASID, a new address
// space), with argv and envp. Close-on-exec descriptors are closed.
// Errors before the old address space is gone return -errno; after that
// the process is killed (SIGKILL).
int64_t sys_execve(const uint64_t *a)
{
	static char path[EXEC_PATH_MAX];
	static char strings[EXEC_ARG_BYTES];
	static char *argv[PROC_MAX_ARGS + 1];
	static char *envp[PROC_MAX_ENV + 1];
	int64_t r = user_copy_str(path, a[0], sizeof(path));
	if (r < 0)
		return r;
	uint64_t used = 0;
	int64_t argc = sysproc_copy_vector(a[1], argv, PROC_MAX_ARGS, strings, &used);
	if (argc < 0)
		return argc;
	r = sysproc_copy_vector(a[2], envp, PROC_MAX_ENV, strings, &used);
	if (r < 0)
		return r;
	if (argc == 0) {
		argv[argc++] = path;
		argv[argc] = 0;
	}
	const uint8_t *image;
	uint64_t size;
	static char exe[VFS_PATH_MAX];
	const char *file = path;
	for (unsigned level = 0;; level++) {
		char abs[VFS_PATH_MAX];
		const struct proc *self = vfs_normalize(file_table()->cwd, file, abs) == 0
						  ? procfs_exe_link_of(abs)
						  : 0;
		if (self) { // the running image itself (procfs.h)
			image = self->image;
			size = self->image_size;
			memcpy(exe, procfs_exe_path(self), strlen(procfs_exe_path(self)) + 1);
			r = 0;
		} else {
			r = execimg_get(file, &image, &size, exe);
		}
		if (r < 0)
			return r;
		if (!execscript_is_script(image, size))
			break;
		int n = (int)argc;
		r = level < EXECSCRIPT_DEPTH ? execscript_rewrite(image, size, level, &file, argv, &n,
								  PROC_MAX_ARGS)
					     : -ELOOP;
		if (r < 0)
			return r;
		argc = n;
	}
	if (size < 4 || memcmp(image, "\x7f" "ELF", 4) != 0)
		return -ENOEXEC; // neither ELF nor a script: as Linux, silently
	if (elf_check(image, size) != 0)
		return -ENOEXEC;
	// The point of no return.
	thread_exec();
	file_exec(cur);
	proc_release_memory(cur);
	procfs_set_exe(cur, exe);
	prctl_exec(cur);
	cur->root = vm_new_table();
	if (cur->root == 0)
		proc_die(SIGKILL);
	proc_switch_to(cur);
	cur->nseg = 0;
	cur->phdr_va = 0;
	cur->exec_stack = 0;
	if (elf_load(image, size) != 0 || proc_setup_stack((int)argc, argv, envp) != 0)
		proc_die(SIGKILL);
	return 0;
}

// Locks (or unlocks) every page of [lo, hi) that an area holds, faulting
// locked pages in first. Returns 0 or -ENOMEM if a page has no area.
static int64_t sysproc_lock_range(uint64_t lo, uint64_t hi, int lock, int need_area)
{
	for (uint64_t p = lo; p < hi; p += PAGE_SIZE) {
		if (vma_find(p) == 0) {
			if (need_area)
				return -ENOMEM;
			continue;
		}
		if (lock && user_prepare(p, 1, FAULT_LOAD) != 0)
			continue; // PROT_NONE: nothing to lock
		page_set_locked(cur, p, lock);
	}
	return 0;
}

static int64_t sysproc_mlock_call(const uint64_t *a, int lock)
{
	uint64_t lo = PAGE_DOWN(a[0]), hi = PAGE_UP(a[0] + a[1]);
	if (hi < lo || hi > USER_TOP)
		return -ENOMEM;
	return sysproc_lock_range(lo, hi, lock, 1);
}

// mlock(addr, len), munlock(addr, len): locked pages stay resident and do
// not count against frames=N (not inherited: a child shares the locked
// frame itself until it copies it).
int64_t sys_mlock(const uint64_t *a) { return sysproc_mlock_call(a, 1); }

int64_t sys_munlock(const uint64_t *a) { return sysproc_mlock_call(a, 0); }

// Applies lock to every page of every area.
static void sysproc_lock_all(int lock)
{
	for (unsigned i = 0; i < cur->nvma; i++) {
		// The area table may change under user_prepare (stack growth is
		// not possible here: only pages inside areas are touched).
		uint64_t s = cur->vma[i].start, e = cur->vma[i].end;
		sysproc_lock_range(s, e, lock, 0);
	}
}

// mlockall(flags): MCL_CURRENT only (MCL_FUTURE, MCL_ONFAULT: -EINVAL).
int64_t sys_mlockall(const uint64_t *a)
{
	if (a[0] != MCL_CURRENT)
		return -EINVAL;
	sysproc_lock_all(1);
	return 0;
}

int64_t sys_munlockall(const uint64_t *a)
{
	(void)a;
	sysproc_lock_all(0);
	return 0;
}
