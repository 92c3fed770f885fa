// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Threads (clone with CLONE_THREAD, Linux's clone(2) semantics) and the
// round-robin scheduler over them; see thread.h.
#include "thread.h"

#include "con.h"
#include "fpu.h"
#include "futex.h"
#include "ident.h"
#include "itimer.h"
#include "kerrno.h"
#include "ktime.h"
#include "lib.h"
#include "mach.h"
#include "riscv.h"
#include "signal.h"
#include "sysproc.h"
#include "user.h"

struct thread threads[THREAD_MAX];
// Per process slot: the thread whose registers are in procs[i].tf.
static struct thread *thread_loaded[PROC_MAX];
static unsigned sched_last;                // index of the thread picked last
static int sched_resched;                  // sched_yield asked for a switch
static uint64_t sched_tick_at = UINT64_MAX; // next periodic tick (`time`)

// clone flags (include/uapi/linux/sched.h).
#define CSIGNAL 0xffUL
#define CLONE_VM 0x100UL
#define CLONE_FS 0x200UL
#define CLONE_FILES 0x400UL
#define CLONE_SIGHAND 0x800UL
#define CLONE_VFORK 0x4000UL
#define CLONE_THREAD 0x10000UL
#define CLONE_SYSVSEM 0x40000UL
#define CLONE_SETTLS 0x80000UL
#define CLONE_PARENT_SETTID 0x100000UL
#define CLONE_CHILD_CLEARTID 0x200000UL
#define CLONE_DETACHED 0x400000UL
#define CLONE_CHILD_SETTID 0x1000000UL
#define CLONE_SUPPORTED                                                                        \
	(CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_VFORK | CLONE_THREAD | \
	 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |              \
	 CLONE_DETACHED | CLONE_CHILD_SETTID)
#define CLONE_ARGS_SIZE_VER0 64 // struct clone_args up to tls
#define CLONE_ARGS_WORDS 11     // ... up to cgroup (VER2)
#define REG_TP 4

static unsigned thread_slot(const struct proc *p) { return (unsigned)(p - procs); }

struct thread *thread_current(void) { return thread_loaded[thread_slot(cur)]; }

struct thread *thread_by_tid(int tid)
{
	for (unsigned i = 0; i < THREAD_MAX; i++)
		if (threads[i].state != THREAD_FREE && threads[i].tid == tid)
			return &threads[i];
	return 0;
}

struct trap_frame *thread_frame(struct thread *t)
{
	return thread_loaded[thread_slot(t->proc)] == t ? &t->proc->tf : &t->tf;
}

unsigned thread_count(const struct proc *p)
{
	unsigned n = 0;
	for (unsigned i = 0; i < THREAD_MAX; i++)
		n += threads[i].state != THREAD_FREE && threads[i].proc == p;
	return n;
}

// Frees t (its registers, if loaded, are no longer anybody's).
static void thread_free(struct thread *t)
{
	unsigned s = thread_slot(t->proc);
	if (thread_loaded[s] == t)
		thread_loaded[s] = 0;
	t->state = THREAD_FREE;
}

void thread_attach_main(struct proc *p)
{
	unsigned s = thread_slot(p);
	struct thread *t = &threads[s];
	// fork: the child inherits the calling thread's mask and alternate
	// stack (cur is the parent while proc_alloc runs for a fork).
	struct proc *parent = p->ppid ? proc_by_pid(p->ppid) : 0;
	struct thread *pt = parent && parent == cur ? thread_current() : 0;
	memset(t, 0, sizeof(*t));
	t->state = THREAD_RUNNABLE;
	t->tid = p->pid;
	t->proc = p;
	if (pt) {
		t->sigmask = pt->sigmask;
		t->ss_sp = pt->ss_sp;
		t->ss_size = pt->ss_size;
	}
	thread_loaded[s] = t;
	signal_proc_init(p, parent);
	ident_proc_init(p, parent);
	itimer_proc_init(p);
}

void thread_proc_ended(struct proc *p)
{
	for (unsigned i = 0; i < THREAD_MAX; i++)
		if (threads[i].state != THREAD_FREE && threads[i].proc == p)
			thread_free(&threads[i]);
}

void thread_exec(void)
{
	struct thread *t = thread_current();
	struct thread *main = &threads[thread_slot(cur)];
	for (unsigned i = 0; i < THREAD_MAX; i++)
		if (threads[i].state != THREAD_FREE && threads[i].proc == cur && &threads[i] != t)
			thread_free(&threads[i]);
	if (t != main) {
		*main = *t;
		t->state = THREAD_FREE;
		thread_loaded[thread_slot(cur)] = main;
	}
	main->tid = cur->pid;
	main->clear_child_tid = 0;
	main->robust_list = 0;
	main->ss_sp = main->ss_size = 0;
	signal_exec(cur);
}

// Arms the timer for the next tick, the earliest thread timeout or
// interval timer.
static void sched_arm(void)
{
	uint64_t when = MIN(sched_tick_at, itimer_next());
	for (unsigned i = 0; i < THREAD_MAX; i++)
		if (threads[i].state == THREAD_BLOCKED && threads[i].deadline)
			when = MIN(when, threads[i].deadline);
	sbi_set_timer(when);
	if (when != UINT64_MAX)
		s_sie(SIE_STIE);
}

void sched_rearm(void) { sched_arm(); }

void sched_set_tick(uint64_t next_tick)
{
	sched_tick_at = next_tick;
	sched_arm();
}

uint64_t sched_ticks(int64_t sec, int64_t nsec)
{
	uint64_t hz = stats.timebase_hz;
	if (sec < 0 || (uint64_t)sec >= UINT64_MAX / hz / 2)
		return UINT64_MAX / 2;
	return (uint64_t)sec * hz + (uint64_t)nsec * hz / 1000000000UL;
}

int64_t sched_deadline(uint64_t uts, int absolute, uint64_t *deadline)
{
	*deadline = 0;
	if (uts == 0)
		return 0;
	int64_t ts[2];
	if (user_copy_in(ts, uts, sizeof(ts)) != 0)
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000L)
		return -EINVAL;
	if (absolute == SCHED_ABS_REALTIME) { // to seconds since boot
		uint64_t epoch = ktime_epoch_ns();
		ts[0] -= (int64_t)(epoch / 1000000000UL);
		ts[1] -= (int64_t)(epoch % 1000000000UL);
		if (ts[1] < 0) {
			ts[1] += 1000000000L;
			ts[0]--;
		}
		if (ts[0] < 0)
			return -ETIMEDOUT;
	}
	uint64_t now = r_time(), d = sched_ticks(ts[0], ts[1]);
	d = absolute ? d : now + d;
	if (d <= now)
		return -ETIMEDOUT;
	*deadline = d;
	return 0;
}

void thread_block(enum thread_wait why, uint64_t deadline)
{
	struct thread *t = thread_current();
	t->state = THREAD_BLOCKED;
	t->wait = why;
	t->deadline = deadline;
	if (deadline)
		sched_arm();
}

void thread_wake(struct thread *t, int64_t a0)
{
	if (t->state != THREAD_BLOCKED)
		return;
	if (a0 != THREAD_KEEP_A0)
		thread_frame(t)->x[REG_A0] = (uint64_t)a0;
	t->state = THREAD_RUNNABLE;
	t->wait = THREAD_WAIT_NONE;
	t->deadline = 0;
}

void thread_wake_child_waiters(struct proc *parent)
{
	for (unsigned i = 0; i < THREAD_MAX; i++) {
		struct thread *t = &threads[i];
		if (t->state == THREAD_BLOCKED && t->proc == parent && t->wait == THREAD_WAIT_CHILD)
			thread_wake(t, THREAD_KEEP_A0);
	}
}

void sched_request(void) { sched_resched = 1; }

static int sched_runnable(const struct thread *t)
{
	return t->state == THREAD_RUNNABLE && t->proc->state == PROC_RUNNABLE;
}

// Fires the interval timers due, and ends the waits whose deadline has
// passed: a futex wait returns -ETIMEDOUT, a signal wait (ppoll) 0,
// rt_sigtimedwait runs again and sees timed_out, others return their
// result already in a0.
static void sched_expire(uint64_t now)
{
	itimer_expire(now);
	for (unsigned i = 0; i < THREAD_MAX; i++) {
		struct thread *t = &threads[i];
		if (t->state == THREAD_BLOCKED && t->deadline && now >= t->deadline) {
			t->timed_out = t->wait == THREAD_WAIT_SIGWAIT;
			thread_wake(t, t->wait == THREAD_WAIT_FUTEX   ? -ETIMEDOUT
				       : t->wait == THREAD_WAIT_SIGNAL ? 0
								       : THREAD_KEEP_A0);
		}
	}
}

// The next runnable thread after the last one picked; with none, waits
// in wfi for the earliest timeout (S-mode interrupts stay disabled: wfi
// resumes on the pending STIP, Privileged 20211203 section 3.3.3).
static struct thread *sched_pick(void)
{
	for (int idled = 0;; idled = 1) {
		sched_expire(r_time());
		for (unsigned k = 1; k <= THREAD_MAX; k++) {
			struct thread *t = &threads[(sched_last + k) % THREAD_MAX];
			if (!sched_runnable(t))
				continue;
			if (idled)
				sched_arm(); // back to the tick and the remaining timeouts
			return t;
		}
		uint64_t when = itimer_next();
		for (unsigned i = 0; i < THREAD_MAX; i++)
			if (threads[i].state == THREAD_BLOCKED && threads[i].deadline)
				when = MIN(when, threads[i].deadline);
		if (when == UINT64_MAX) {
			con_printf("firmware: deadlock: every thread is blocked and none has a timeout\n");
			proc_halt(EXIT_DEADLOCK);
		}
		sbi_set_timer(when);
		s_sie(SIE_STIE);
		while (r_time() < when)
			__asm__ volatile("wfi");
	}
}

// Makes t the running thread: its process's table, its registers in
// proc->tf (the ones there go back to their thread).
static void sched_switch(struct thread *t)
{
	struct proc *p = t->proc;
	if (p != cur) {
		stats.switches++;
		proc_switch_to(p);
	}
	struct thread **loaded = &thread_loaded[thread_slot(p)];
	if (*loaded != t) {
		if (*loaded)
			(*loaded)->tf = p->tf;
		p->tf = t->tf;
		*loaded = t;
		fpu_forget(); // the FP registers hold the other thread's state
		stats.switches++;
	}
	sched_last = (unsigned)(t - threads);
}

struct trap_frame *sched_next(void)
{
	sched_switch(sched_pick());
	sched_resched = 0;
	signal_deliver();
	fpu_resume(&cur->tf);
	return &cur->tf;
}

struct trap_frame *sched_after_trap(void)
{
	struct thread *t = thread_current();
	if (sched_resched || t == 0 || !sched_runnable(t))
		return sched_next();
	signal_deliver();
	fpu_resume(&cur->tf);
	return &cur->tf;
}

// The timer tick for threads that busy-wait on each other, unless tick=
// was given.
static void thread_default_tick(void)
{
	if (opt.tick_us || opt.tick_set)
		return;
	opt.tick_us = SCHED_THREAD_TICK_US;
	uint64_t ticks = opt.tick_us * stats.timebase_hz / 1000000;
	trap_set_tick(ticks ? ticks : 1);
}

// A new thread of cur (CLONE_THREAD): the caller's registers with a0 = 0,
// sp = newsp, tp = tls (CLONE_SETTLS), the caller's signal mask, no
// alternate stack (CLONE_VM).
static int64_t thread_new(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls,
			  uint64_t ctid)
{
	struct thread *t = 0;
	for (unsigned i = PROC_MAX; i < THREAD_MAX && t == 0; i++)
		if (threads[i].state == THREAD_FREE)
			t = &threads[i];
	if (t == 0)
		return -EAGAIN;
	struct thread *self = thread_current();
	memset(t, 0, sizeof(*t));
	t->tid = proc_new_id();
	t->proc = cur;
	t->tf = cur->tf;
	t->tf.x[REG_A0] = 0;
	if (newsp)
		t->tf.x[REG_SP] = newsp;
	if (flags & CLONE_SETTLS)
		t->tf.x[REG_TP] = tls;
	t->sigmask = self->sigmask;
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = ctid;
	int32_t tid = t->tid;
	if (((flags & CLONE_PARENT_SETTID) && user_copy_out(ptid, &tid, sizeof(tid)) != 0) ||
	    ((flags & CLONE_CHILD_SETTID) && user_copy_out(ctid, &tid, sizeof(tid)) != 0))
		return -EFAULT;
	t->state = THREAD_RUNNABLE;
	thread_default_tick();
	return tid;
}

// A new process (fork; also vfork and CLONE_VM|CLONE_VFORK, which get
// fork's copy-on-write semantics: the parent does not wait for the
// child's execve). The settid/cleartid/settls flags apply to the child.
static int64_t thread_fork(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls,
			   uint64_t ctid)
{
	uint64_t fa[2] = { flags & CSIGNAL, newsp };
	int64_t pid = sys_clone(fa);
	if (pid < 0)
		return pid;
	struct proc *parent = cur, *child = proc_by_pid((int)pid);
	struct thread *ct = &threads[thread_slot(child)];
	signal_set_exit_signal(child, (int)(flags & CSIGNAL));
	if (flags & CLONE_SETTLS)
		child->tf.x[REG_TP] = tls;
	if (flags & CLONE_CHILD_CLEARTID)
		ct->clear_child_tid = ctid;
	int32_t tid = (int32_t)pid;
	int bad = (flags & CLONE_PARENT_SETTID) && user_copy_out(ptid, &tid, sizeof(tid)) != 0;
	if (flags & CLONE_CHILD_SETTID) {
		proc_switch_to(child);
		bad |= user_copy_out(ctid, &tid, sizeof(tid)) != 0;
		proc_switch_to(parent);
	}
	(void)bad; // Linux, too, ignores a bad settid address here
	return pid;
}

// clone(flags, newsp, ptid, tls, ctid) (the RISC-V argument order).
static int64_t thread_clone(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t tls,
			    uint64_t ctid)
{
	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;
	// Linux's rules: a thread shares the signal handlers, which need a
	// shared address space.
	if (((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) ||
	    ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)))
		return -EINVAL;
	if (flags & CLONE_THREAD)
		return thread_new(flags, newsp, ptid, tls, ctid);
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; // a second process in one address space: not supported
	return thread_fork(flags, newsp, ptid, tls, ctid);
}

int64_t sys_clone_any(const uint64_t *a) { return thread_clone(a[0], a[1], a[2], a[3], a[4]); }

// clone3(args, size): struct clone_args {flags, pidfd, child_tid,
// parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
// cgroup}; the stack is given by its lowest address and size.
int64_t sys_clone3(const uint64_t *a)
{
	uint64_t ca[CLONE_ARGS_WORDS];
	memset(ca, 0, sizeof(ca));
	uint64_t size = a[1];
	if (size < CLONE_ARGS_SIZE_VER0 || size > 4096)
		return -EINVAL;
	if (user_copy_in(ca, a[0], MIN(size, sizeof(ca))) != 0)
		return -EFAULT;
	uint64_t flags = ca[0], exit_signal = ca[4], stack = ca[5], stack_size = ca[6];
	if ((flags & CSIGNAL) || exit_signal > SIG_MAX || ca[8] || ca[9] || ca[10] ||
	    (stack == 0) != (stack_size == 0))
		return -EINVAL;
	return thread_clone(flags | exit_signal, stack ? stack + stack_size : 0, ca[3], ca[7], ca[2]);
}

int64_t sys_gettid(const uint64_t *a)
{
	(void)a;
	return thread_current()->tid;
}

// set_tid_address(tidptr): CLONE_CHILD_CLEARTID's address from now on.
int64_t sys_thread_set_tid_address(const uint64_t *a)
{
	struct thread *t = thread_current();
	t->clear_child_tid = a[0];
	return t->tid;
}

// set_robust_list(head, len): recorded (the list is not walked at exit).
int64_t sys_set_robust_list(const uint64_t *a)
{
	if (a[1] != 3 * sizeof(uint64_t))
		return -EINVAL;
	thread_current()->robust_list = a[0];
	return 0;
}

// exit(status): the thread ends (CLONE_CHILD_CLEARTID: 0 is stored at
// the address and one futex waiter woken); the last one ends the process.
int64_t sys_thread_exit(const uint64_t *a)
{
	struct thread *t = thread_current();
	if (thread_count(cur) == 1)
		proc_exit(a[0] & 0xff);
	if (t->clear_child_tid) {
		uint32_t zero = 0;
		if (user_copy_out(t->clear_child_tid, &zero, sizeof(zero)) == 0)
			futex_wake(cur, t->clear_child_tid, 1, FUTEX_BITSET_ANY);
	}
	thread_free(t);
	return 0;
}

// sched_getaffinity(pid, len, mask): one hart, cpu 0.
int64_t sys_sched_getaffinity(const uint64_t *a)
{
	if (a[0] != 0 && proc_by_pid((int)a[0]) == 0 && thread_by_tid((int)a[0]) == 0)
		return -ESRCH;
	if (a[1] < sizeof(uint64_t) || (a[1] & (sizeof(uint64_t) - 1)))
		return -EINVAL;
	uint64_t mask = 1;
	if (user_copy_out(a[2], &mask, sizeof(mask)) != 0)
		return -EFAULT;
	return sizeof(mask);
}
