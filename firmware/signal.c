// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Signals (see signal.h). The frame layout is Linux's RISC-V uapi
// (asm/sigcontext.h, asm/ucontext.h, asm-generic/siginfo.h), which glibc's
// ucontext_t and mcontext_t match; _Static_asserts pin every offset.
#include "signal.h"

#include "con.h"
#include "fault.h"
#include "fpu.h"
#include "ident.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "riscv.h"
#include "thread.h"
#include "user.h"
#include "vm.h"
#include "vma.h"

#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SA_SIGINFO 0x4UL
#define SA_ONSTACK 0x08000000UL
#define SA_RESTART 0x10000000UL
#define SA_NODEFER 0x40000000UL
#define SA_RESETHAND 0x80000000UL
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048
#define SIGSET_SIZE 8
#define SIGURG 23
#define SIGWINCH 28
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22

#define SIG_BIT(sig) (1UL << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))
// Default action "ignore" (stop and continue too: no job control here).
#define SIG_DEFAULT_IGNORED                                                         \
	(SIG_BIT(SIGCHLD) | SIG_BIT(SIGURG) | SIG_BIT(SIGWINCH) | SIG_BIT(SIGCONT) | \
	 SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))

// struct sigaction of asm-generic (RISC-V has no sa_restorer).
struct sig_action {
	uint64_t handler, flags, mask;
};

// siginfo_t (128 bytes): the union starts at 16; si_addr there for the
// fault signals, si_pid/si_uid for kill, plus si_status for SIGCHLD.
struct rv_siginfo {
	int32_t si_signo, si_errno, si_code, pad;
	union {
		uint64_t si_addr;
		struct {
			int32_t pid, uid, status, pad2;
		} kill;
		uint64_t words[14];
	} u;
};

struct rv_stack {
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
};

// union __riscv_fp_state as the D variant, with the extension header
// (struct __riscv_extra_ext_header) at its end: reserved 0 and an END
// header (magic 0, size 0): no vector state follows.
struct rv_fp_state {
	uint64_t f[32];
	uint32_t fcsr;
	uint32_t pad[64];
	uint32_t ext_reserved, ext_magic, ext_size;
};

struct rv_ucontext {
	uint64_t uc_flags, uc_link;
	struct rv_stack uc_stack;
	uint64_t uc_sigmask;
	uint8_t unused[1024 / 8 - SIGSET_SIZE];
	uint64_t align; // uc_mcontext is 16-byte aligned
	uint64_t gregs[32]; // pc, then x1..x31
	struct rv_fp_state fp;
};

struct rv_sigframe {
	struct rv_siginfo info;
	struct rv_ucontext uc;
};

_Static_assert(sizeof(struct rv_siginfo) == 128, "siginfo_t");
_Static_assert(offsetof(struct rv_siginfo, u.si_addr) == 16, "si_addr");
_Static_assert(sizeof(struct rv_stack) == 24, "stack_t");
_Static_assert(sizeof(struct rv_fp_state) == 528, "__riscv_fp_state");
_Static_assert(offsetof(struct rv_fp_state, fcsr) == 256, "fcsr");
_Static_assert(offsetof(struct rv_fp_state, ext_reserved) == 516, "ext header");
_Static_assert(offsetof(struct rv_ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(offsetof(struct rv_ucontext, gregs) == 176, "uc_mcontext");
_Static_assert(sizeof(struct rv_ucontext) == 960, "ucontext");
_Static_assert(sizeof(struct rv_sigframe) % 16 == 0, "frame alignment");

static struct sig_action sig_act[PROC_MAX][SIG_MAX + 1];
static uint64_t sig_shared[PROC_MAX];
static struct sig_info sig_shared_info[PROC_MAX][SIG_MAX + 1];
static int sig_exit_signal[PROC_MAX];
static uint64_t sig_tramp_va[PROC_MAX];

// li a7, 139 (rt_sigreturn); ecall
static const uint32_t sig_tramp_code[2] = { 0x08b00893, 0x00000073 };

static unsigned sig_slot(const struct proc *p) { return (unsigned)(p - procs); }

static int sig_valid(uint64_t sig) { return sig >= 1 && sig <= SIG_MAX; }

void signal_proc_init(struct proc *p, const struct proc *parent)
{
	unsigned s = sig_slot(p);
	if (parent)
		memcpy(sig_act[s], sig_act[sig_slot(parent)], sizeof(sig_act[s]));
	else
		memset(sig_act[s], 0, sizeof(sig_act[s]));
	sig_shared[s] = 0;
	sig_exit_signal[s] = SIGCHLD;
	sig_tramp_va[s] = parent ? sig_tramp_va[sig_slot(parent)] : 0;
}

void signal_exec(struct proc *p)
{
	unsigned s = sig_slot(p);
	for (int i = 1; i <= SIG_MAX; i++)
		if (sig_act[s][i].handler != SIG_IGN)
			sig_act[s][i] = (struct sig_action){ SIG_DFL, 0, 0 };
	sig_tramp_va[s] = 0;
}

void signal_set_exit_signal(struct proc *p, int sig) { sig_exit_signal[sig_slot(p)] = sig; }

// True when sig would be discarded at delivery (ignored by action).
static int sig_ignored(const struct proc *p, int sig)
{
	uint64_t h = sig_act[sig_slot(p)][sig].handler;
	return h == SIG_IGN || (h == SIG_DFL && (SIG_DEFAULT_IGNORED & SIG_BIT(sig)));
}

// A blocked t that sig (unblocked for it) interrupts: a futex wait or a
// sleep returns -EINTR, rt_sigsuspend its -EINTR (already in a0), wait4
// and a pipe wait run again after the handler (SA_RESTART behaviour).
static void sig_interrupt(struct thread *t)
{
	if (t->state != THREAD_BLOCKED)
		return;
	int eintr = t->wait == THREAD_WAIT_FUTEX || t->wait == THREAD_WAIT_SLEEP;
	thread_wake(t, eintr ? -EINTR : THREAD_KEEP_A0);
}

// True when t takes sig now: unblocked, or awaited by rt_sigtimedwait.
static int sig_wanted(const struct thread *t, int sig)
{
	return !(t->sigmask & SIG_BIT(sig)) ||
	       (t->state == THREAD_BLOCKED && t->wait == THREAD_WAIT_SIGWAIT &&
		(t->sigwait_set & SIG_BIT(sig)));
}

// Queues sig for p (t = 0: any of its threads) with info.
static void sig_queue(struct proc *p, struct thread *t, int sig, const struct sig_info *info)
{
	unsigned s = sig_slot(p);
	if (sig_ignored(p, sig) && sig != SIGKILL)
		return;
	if (t) {
		t->sigpending |= SIG_BIT(sig);
		t->siginfo[sig] = *info;
		if (sig_wanted(t, sig))
			sig_interrupt(t);
		return;
	}
	sig_shared[s] |= SIG_BIT(sig);
	sig_shared_info[s][sig] = *info;
	// Wake one thread that can take it (SIGKILL: every thread).
	for (unsigned i = 0; i < THREAD_MAX; i++) {
		struct thread *u = &threads[i];
		if (u->state == THREAD_FREE || u->proc != p || !sig_wanted(u, sig))
			continue;
		if (u->state == THREAD_RUNNABLE && sig != SIGKILL)
			return;
		sig_interrupt(u);
		if (sig != SIGKILL)
			return;
	}
}

int signal_send(struct proc *p, int sig)
{
	if (!sig_valid((uint64_t)sig))
		return -EINVAL;
	struct sig_info info = { SI_KERNEL, 0, 0, 0, 0 };
	sig_queue(p, 0, sig, &info);
	return 0;
}

int signal_fault(int sig, int code, uint64_t addr)
{
	struct thread *t = thread_current();
	uint64_t h = sig_act[sig_slot(cur)][sig].handler;
	if (h == SIG_DFL || h == SIG_IGN || (t->sigmask & SIG_BIT(sig)))
		return -1;
	struct sig_info info = { code, 0, 0, 0, addr };
	t->sigpending |= SIG_BIT(sig);
	t->siginfo[sig] = info;
	return 0;
}

void signal_child_ended(struct proc *parent, struct proc *child)
{
	int sig = sig_exit_signal[sig_slot(child)];
	if (!sig_valid((uint64_t)sig))
		return;
	int ws = child->wstatus;
	int killed = (ws & 0x7f) != 0;
	struct sig_info info = { killed ? CLD_KILLED : CLD_EXITED, child->pid,
				 killed ? (ws & 0x7f) : ((ws >> 8) & 0xff), 0, 0 };
	sig_queue(parent, 0, sig, &info);
}

// The trampoline's address in cur, mapping it (read-execute, one page at
// the top of the mmap area) when it is missing. 0 if there is no room.
static uint64_t sig_trampoline(void)
{
	unsigned s = sig_slot(cur);
	uint64_t va = sig_tramp_va[s];
	if (va) {
		struct vma *v = vma_find(va);
		if (v && v->prot == (VMA_R | VMA_X))
			return va;
	}
	va = vma_find_gap(PAGE_SIZE, MMAP_TOP);
	if (va == 0 || vma_add(va, va + PAGE_SIZE, VMA_R | VMA_W, VMA_ANON) != 0)
		return 0;
	if (user_copy_out(va, sig_tramp_code, sizeof(sig_tramp_code)) != 0 ||
	    vma_protect(va, va + PAGE_SIZE, VMA_R | VMA_X) != 0)
		return 0;
	uint64_t f = fault_pte_flags(VMA_R | VMA_X);
	pte_t *pte = vm_walk(cur->root, va, 0);
	if (pte && opt.ad != AD_EAGER)
		f = (f & ~(PTE_A | PTE_D)) | (*pte & (PTE_A | PTE_D));
	vm_protect(cur->root, cur->asid, va, f);
	__asm__ volatile("fence.i");
	sig_tramp_va[s] = va;
	return va;
}

// The siginfo_t of sig (zeroed first).
static void sig_fill_info(struct rv_siginfo *si, int sig, const struct sig_info *info)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_errno = info->errno_;
	si->si_code = info->code;
	if (info->addr) {
		si->u.si_addr = info->addr;
	} else {
		si->u.kill.pid = info->pid;
		si->u.kill.status = info->status;
	}
}

// Takes the lowest signal of set pending for t (its own first, then its
// process's) and its information; 0 if none.
static int sig_dequeue(struct thread *t, uint64_t set, struct sig_info *info)
{
	unsigned s = sig_slot(t->proc);
	uint64_t pend = (t->sigpending | sig_shared[s]) & set;
	if (pend == 0)
		return 0;
	int sig = 1;
	while (!(pend & SIG_BIT(sig))) // the lowest first, as Linux
		sig++;
	if (t->sigpending & SIG_BIT(sig)) {
		*info = t->siginfo[sig];
		t->sigpending &= ~SIG_BIT(sig);
	} else {
		*info = sig_shared_info[s][sig];
		sig_shared[s] &= ~SIG_BIT(sig);
	}
	return sig;
}

// True when sp is on t's alternate stack (Linux's on_sig_stack).
static int sig_on_altstack(const struct thread *t, uint64_t sp)
{
	return t->ss_size && sp > t->ss_sp && sp - t->ss_sp <= t->ss_size;
}

static int32_t sig_altstack_flags(const struct thread *t, uint64_t sp)
{
	return t->ss_size == 0 ? SS_DISABLE : sig_on_altstack(t, sp) ? SS_ONSTACK : 0;
}

// Builds the frame for sig's handler and points the registers at it
// (Linux setup_rt_frame): a0 = sig, a1 = &info, a2 = &uc, ra = the
// trampoline, sp = the frame (16-byte aligned; on the alternate stack
// with SA_ONSTACK when not already on it). Returns 0 or -1 (bad stack).
static int sig_setup_frame(struct thread *t, int sig, const struct sig_info *info,
			   struct sig_action *act)
{
	static struct rv_sigframe f;
	struct trap_frame *tf = &cur->tf;
	uint64_t sp = tf->x[REG_SP];
	uint64_t old_mask = t->in_sigsuspend ? t->saved_mask : t->sigmask;
	memset(&f, 0, sizeof(f));
	sig_fill_info(&f.info, sig, info);
	f.uc.uc_stack.ss_sp = t->ss_sp;
	f.uc.uc_stack.ss_size = t->ss_size;
	f.uc.uc_stack.ss_flags = sig_altstack_flags(t, sp);
	f.uc.uc_sigmask = old_mask;
	f.uc.gregs[0] = tf->sepc;
	for (int i = 1; i < 32; i++)
		f.uc.gregs[i] = tf->x[i];
	memcpy(f.uc.fp.f, tf->f, sizeof(f.uc.fp.f));
	f.uc.fp.fcsr = (uint32_t)tf->fcsr;
	if ((act->flags & SA_ONSTACK) && t->ss_size && !sig_on_altstack(t, sp))
		sp = t->ss_sp + t->ss_size;
	uint64_t fva = (sp - sizeof(f)) & ~15UL;
	uint64_t tramp = sig_trampoline();
	if (tramp == 0 || user_copy_out(fva, &f, sizeof(f)) != 0)
		return -1;
	t->in_sigsuspend = 0;
	t->sigmask = old_mask | act->mask | ((act->flags & SA_NODEFER) ? 0 : SIG_BIT(sig));
	t->sigmask &= ~SIG_UNBLOCKABLE;
	if (act->flags & SA_RESETHAND)
		*act = (struct sig_action){ SIG_DFL, 0, 0 };
	tf->x[REG_RA] = tramp;
	tf->x[REG_SP] = fva;
	tf->x[REG_A0] = (uint64_t)sig;
	tf->x[REG_A1] = fva + offsetof(struct rv_sigframe, info);
	tf->x[REG_A2] = fva + offsetof(struct rv_sigframe, uc);
	tf->sepc = act->handler;
	return 0;
}

void signal_deliver(void)
{
	struct thread *t = thread_current();
	if (t == 0)
		return;
	unsigned s = sig_slot(cur);
	for (;;) {
		struct sig_info info;
		int sig = sig_dequeue(t, ~t->sigmask, &info);
		if (sig == 0)
			break;
		struct sig_action *act = &sig_act[s][sig];
		if (sig == SIGKILL || act->handler == SIG_DFL) {
			if (sig != SIGKILL && (SIG_DEFAULT_IGNORED & SIG_BIT(sig)))
				continue;
			proc_die(sig);
		}
		if (act->handler == SIG_IGN)
			continue;
		if (sig_setup_frame(t, sig, &info, act) != 0) {
			con_printf("firmware: cannot write the frame of signal %d at sp 0x%lx, killing pid %d\n",
				   sig, cur->tf.x[REG_SP], cur->pid);
			proc_die(SIGSEGV);
		}
		// The next deliverable signal (if any) nests its frame on this
		// one: its handler runs first, as on Linux.
	}
	if (t->in_sigsuspend) { // woken by a signal that ended up ignored
		t->sigmask = t->saved_mask;
		t->in_sigsuspend = 0;
	}
}

// rt_sigaction(sig, act, oact, sigsetsize)
int64_t sys_rt_sigaction(const uint64_t *a)
{
	if (a[3] != SIGSET_SIZE || !sig_valid(a[0]))
		return -EINVAL;
	int sig = (int)a[0];
	struct sig_action *act = &sig_act[sig_slot(cur)][sig];
	struct sig_action n;
	if (a[1]) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (user_copy_in(&n, a[1], sizeof(n)) != 0)
			return -EFAULT;
	}
	if (a[2] && user_copy_out(a[2], act, sizeof(*act)) != 0)
		return -EFAULT;
	if (a[1]) {
		n.mask &= ~SIG_UNBLOCKABLE;
		*act = n;
		if (sig_ignored(cur, sig)) { // POSIX: pending instances are discarded
			sig_shared[sig_slot(cur)] &= ~SIG_BIT(sig);
			for (unsigned i = 0; i < THREAD_MAX; i++)
				if (threads[i].proc == cur)
					threads[i].sigpending &= ~SIG_BIT(sig);
		}
	}
	return 0;
}

// rt_sigprocmask(how, set, oset, sigsetsize)
int64_t sys_rt_sigprocmask(const uint64_t *a)
{
	struct thread *t = thread_current();
	if (a[3] != SIGSET_SIZE)
		return -EINVAL;
	uint64_t set = 0, old = t->sigmask;
	if (a[1] && user_copy_in(&set, a[1], sizeof(set)) != 0)
		return -EFAULT;
	if (a[1]) {
		switch (a[0]) {
		case SIG_BLOCK: t->sigmask |= set; break;
		case SIG_UNBLOCK: t->sigmask &= ~set; break;
		case SIG_SETMASK: t->sigmask = set; break;
		default: return -EINVAL;
		}
		t->sigmask &= ~SIG_UNBLOCKABLE;
	}
	if (a[2] && user_copy_out(a[2], &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

// rt_sigreturn(): restores the registers, F/D state, mask and alternate
// stack from the frame at sp (the handler returned to the trampoline
// with sp where the kernel put the frame). A bad frame: SIGSEGV.
int64_t sys_rt_sigreturn(const uint64_t *a)
{
	(void)a;
	static struct rv_ucontext uc;
	struct thread *t = thread_current();
	struct trap_frame *tf = &cur->tf;
	uint64_t ucva = tf->x[REG_SP] + offsetof(struct rv_sigframe, uc);
	if (user_copy_in(&uc, ucva, sizeof(uc)) != 0 || uc.fp.ext_reserved != 0) {
		con_printf("firmware: bad signal frame at 0x%lx, killing pid %d\n", ucva, cur->pid);
		proc_die(SIGSEGV);
	}
	tf->sepc = uc.gregs[0];
	for (int i = 1; i < 32; i++)
		tf->x[i] = uc.gregs[i];
	memcpy(tf->f, uc.fp.f, sizeof(tf->f));
	tf->fcsr = uc.fp.fcsr;
	fpu_forget(); // reload the FP registers from the frame
	t->sigmask = uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	if (!sig_on_altstack(t, tf->x[REG_SP])) {
		if (uc.uc_stack.ss_flags & SS_DISABLE) {
			t->ss_sp = t->ss_size = 0;
		} else if (uc.uc_stack.ss_size >= MINSIGSTKSZ) {
			t->ss_sp = uc.uc_stack.ss_sp;
			t->ss_size = uc.uc_stack.ss_size;
		}
	}
	return (int64_t)tf->x[REG_A0];
}

// rt_sigpending(set, sigsetsize): the pending signals that are blocked.
int64_t sys_rt_sigpending(const uint64_t *a)
{
	struct thread *t = thread_current();
	if (a[1] != SIGSET_SIZE)
		return -EINVAL;
	uint64_t set = (t->sigpending | sig_shared[sig_slot(cur)]) & t->sigmask;
	return user_copy_out(a[0], &set, sizeof(set)) != 0 ? -EFAULT : 0;
}

// Reads the sigset_t argument at va (size: the call's sigsetsize).
static int64_t sig_read_set(uint64_t va, uint64_t size, uint64_t *set)
{
	if (size != SIGSET_SIZE)
		return -EINVAL;
	return user_copy_in(set, va, sizeof(*set)) != 0 ? -EFAULT : 0;
}

// rt_sigsuspend(mask, sigsetsize): waits with mask for a signal whose
// handler runs; returns -EINTR (the old mask is back after the handler).
int64_t sys_rt_sigsuspend(const uint64_t *a)
{
	struct thread *t = thread_current();
	uint64_t set;
	int64_t r = sig_read_set(a[0], a[1], &set);
	if (r != 0)
		return r;
	t->saved_mask = t->sigmask;
	t->in_sigsuspend = 1;
	t->sigmask = set & ~SIG_UNBLOCKABLE;
	if (((t->sigpending | sig_shared[sig_slot(cur)]) & ~t->sigmask) == 0)
		thread_block(THREAD_WAIT_SIGNAL, 0);
	return -EINTR;
}

// ppoll(fds, nfds, timeout, sigmask, sigsetsize) without fds (glibc's
// pause(), and sleeps written with poll): waits, with sigmask in place
// if given, for a signal whose handler runs (-EINTR) or the relative
// timeout (0). With fds: -ENOSYS here (polling files belongs to the file
// system's calls).
int64_t sys_ppoll(const uint64_t *a)
{
	struct thread *t = thread_current();
	if (a[1] != 0)
		return -ENOSYS;
	uint64_t set = t->sigmask, deadline;
	int64_t r = a[3] ? sig_read_set(a[3], a[4], &set) : 0;
	if (r == 0)
		r = sched_deadline(a[2], 0, &deadline);
	if (r != 0)
		return r == -ETIMEDOUT ? 0 : r;
	t->saved_mask = t->sigmask;
	t->in_sigsuspend = 1;
	t->sigmask = set & ~SIG_UNBLOCKABLE;
	if (((t->sigpending | sig_shared[sig_slot(cur)]) & ~t->sigmask) == 0)
		thread_block(THREAD_WAIT_SIGNAL, deadline);
	return -EINTR;
}

// rt_sigtimedwait(set, info, timeout, sigsetsize): takes a pending
// signal of set (normally blocked) and returns it with its siginfo;
// otherwise waits (running again when one comes) until the relative
// timeout: -EAGAIN. A wait interrupted by a handled signal resumes after
// the handler with its full timeout.
int64_t sys_rt_sigtimedwait(const uint64_t *a)
{
	struct thread *t = thread_current();
	uint64_t set;
	int64_t r = sig_read_set(a[0], a[3], &set);
	if (r != 0)
		return r;
	struct sig_info info;
	int sig = sig_dequeue(t, set & ~SIG_UNBLOCKABLE, &info);
	int timed_out = t->timed_out;
	t->timed_out = 0;
	if (sig) {
		static struct rv_siginfo si;
		sig_fill_info(&si, sig, &info);
		if (a[1] && user_copy_out(a[1], &si, sizeof(si)) != 0)
			return -EFAULT;
		return sig;
	}
	if (timed_out)
		return -EAGAIN;
	uint64_t deadline;
	r = sched_deadline(a[2], 0, &deadline);
	if (r != 0)
		return r == -ETIMEDOUT ? -EAGAIN : r;
	t->sigwait_set = set & ~SIG_UNBLOCKABLE;
	thread_block(THREAD_WAIT_SIGWAIT, deadline);
	return -ERESTART;
}

// sigaltstack(ss, old_ss)
int64_t sys_sigaltstack(const uint64_t *a)
{
	struct thread *t = thread_current();
	uint64_t sp = cur->tf.x[REG_SP];
	struct rv_stack old = { t->ss_sp, sig_altstack_flags(t, sp), 0, t->ss_size };
	if (a[0]) {
		struct rv_stack n;
		if (user_copy_in(&n, a[0], sizeof(n)) != 0)
			return -EFAULT;
		if (sig_on_altstack(t, sp))
			return -EPERM;
		uint32_t mode = (uint32_t)n.ss_flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->ss_sp = t->ss_size = 0;
		} else {
			if (n.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->ss_sp = n.ss_sp;
			t->ss_size = n.ss_size;
		}
	}
	if (a[1] && user_copy_out(a[1], &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

// kill(pid, sig): pid > 0 that process, 0 the caller's process group,
// -1 every process but pid 1 and the caller, < -1 the group -pid.
int64_t sys_kill(const uint64_t *a)
{
	int pid = (int)a[0];
	if (a[1] > SIG_MAX)
		return -EINVAL;
	int sig = (int)a[1];
	struct sig_info info = { SI_USER, cur->pid, 0, 0, 0 };
	if (pid > 0) {
		struct proc *p = proc_by_pid(pid);
		if (p == 0) {
			struct thread *t = thread_by_tid(pid);
			p = t ? t->proc : 0;
		}
		if (p == 0 || p->state == PROC_ZOMBIE)
			return p ? 0 : -ESRCH;
		if (sig)
			sig_queue(p, 0, sig, &info);
		return 0;
	}
	int group = pid == 0 ? ident_pgid(cur) : -pid, found = 0;
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = &procs[i];
		if (p->state == PROC_FREE || p->state == PROC_ZOMBIE)
			continue;
		if (pid == -1 ? (p->pid == PROC_INIT_PID || p == cur) : ident_pgid(p) != group)
			continue;
		found = 1;
		if (sig)
			sig_queue(p, 0, sig, &info);
	}
	return found ? 0 : -ESRCH;
}

static int64_t sig_thread_kill(int tgid, int tid, uint64_t sig)
{
	if (sig > SIG_MAX || tid <= 0)
		return -EINVAL;
	struct thread *t = thread_by_tid(tid);
	if (t == 0 || (tgid > 0 && t->proc->pid != tgid))
		return -ESRCH;
	struct sig_info info = { SI_TKILL, cur->pid, 0, 0, 0 };
	if (sig)
		sig_queue(t->proc, t, (int)sig, &info);
	return 0;
}

// tkill(tid, sig), tgkill(tgid, tid, sig)
int64_t sys_tkill(const uint64_t *a) { return sig_thread_kill(0, (int)a[0], a[1]); }

int64_t sys_tgkill(const uint64_t *a)
{
	if ((int)a[0] <= 0)
		return -EINVAL;
	return sig_thread_kill((int)a[0], (int)a[1], a[2]);
}
