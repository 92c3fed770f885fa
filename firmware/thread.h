// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Threads and the scheduler. A process (struct proc) is a thread group:
// one address space, one pid; its threads (clone with CLONE_THREAD) each
// have a tid, saved user registers (tp included), a signal mask and an
// alternate signal stack. The registers of the thread that runs (or ran
// last) in a process are in proc->tf, the others in their struct thread:
// switching between two threads of one process swaps the frames.
//
// No thread keeps state on the kernel stack across a switch: a system call
// that must wait either blocks with its result already in a0 (futex,
// sigsuspend: the waker or the timeout writes the final a0) or runs again
// once woken (wait4: -ERESTART). So one kernel stack serves every thread.
//
// Scheduling: round robin over the runnable threads, on the timer tick
// (tick=US; a process that creates its first thread gets
// SCHED_THREAD_TICK_US unless tick= was given), on sched_yield, and when a
// thread blocks or ends. With no runnable thread the hart waits in wfi
// for the earliest timeout or interval timer; with none at all every
// thread is blocked for good: `firmware: deadlock: ...`, status 124.
#ifndef THREAD_H
#define THREAD_H

#include <stdint.h>

#include "proc.h"
#include "trap.h"

// Linux error numbers this module adds (kerrno.h has the others).
#define EINTR 4
#define ETIMEDOUT 110

#define THREAD_MAX 64 // threads[0..PROC_MAX) are the processes' first threads
// The run would never end (as timeout(1) and rvmmu's own 124 for a wfi
// no interrupt can end).
#define EXIT_DEADLOCK 124
#define SCHED_THREAD_TICK_US 10000

enum thread_state { THREAD_FREE, THREAD_RUNNABLE, THREAD_BLOCKED };

// Why a blocked thread waits.
enum thread_wait {
	THREAD_WAIT_NONE,
	THREAD_WAIT_FUTEX,  // futex.c: futex_uaddr / futex_bitset
	THREAD_WAIT_CHILD,  // wait4 (runs again once woken)
	THREAD_WAIT_SIGNAL, // rt_sigsuspend, ppoll without fds (0 at a timeout)
	THREAD_WAIT_SIGWAIT, // rt_sigtimedwait: sigwait_set (runs again once woken)
	THREAD_WAIT_SLEEP,  // nanosleep: the deadline ends it (a signal: -EINTR)
	THREAD_WAIT_CHAN,   // wait.c: a pipe (runs again once woken)
};

// The information of one pending signal (siginfo_t fields we fill).
struct sig_info {
	int32_t code;   // si_code
	int32_t pid;    // si_pid (kill, SIGCHLD)
	int32_t status; // si_status (SIGCHLD)
	int32_t errno_; // si_errno
	uint64_t addr;  // si_addr (faults)
};

#define SIG_MAX 64

struct thread {
	enum thread_state state;
	enum thread_wait wait;
	int tid;
	struct proc *proc;
	struct trap_frame tf;     // registers while another thread of proc runs
	uint64_t clear_child_tid; // CLONE_CHILD_CLEARTID, set_tid_address
	uint64_t robust_list;     // set_robust_list (recorded, not walked)
	uint64_t futex_uaddr;
	uint32_t futex_bitset;
	uint64_t deadline; // `time` value that ends the wait; 0 = none
	int timed_out;     // the deadline ended an rt_sigtimedwait
	// Signals (signal.c): blocked set, thread-directed pending set and
	// their information, the alternate stack.
	uint64_t sigmask, sigpending;
	struct sig_info siginfo[SIG_MAX + 1];
	uint64_t saved_mask; // rt_sigsuspend: the mask to restore
	uint64_t sigwait_set; // rt_sigtimedwait: the signals awaited
	int in_sigsuspend;
	uint64_t ss_sp, ss_size;
	int ss_disabled;
};

extern struct thread threads[THREAD_MAX];

// The thread whose registers are in cur->tf: the one being served.
struct thread *thread_current(void);
// The thread with tid, or 0.
struct thread *thread_by_tid(int tid);
// The frame holding t's registers (its process's tf when loaded).
struct trap_frame *thread_frame(struct thread *t);
// Number of live threads of p.
unsigned thread_count(const struct proc *p);

// proc_alloc: p's first thread (tid = pid), loaded, runnable; default
// signal state. Cannot fail (one reserved slot per process).
void thread_attach_main(struct proc *p);
// proc_end: every thread of p is gone.
void thread_proc_ended(struct proc *p);
// execve: the caller is the only thread left, with tid = pid.
void thread_exec(void);

// Blocks the current thread (its result, if any, is already in a0);
// deadline 0 = none. The next return to U-mode runs another thread.
void thread_block(enum thread_wait why, uint64_t deadline);
// Makes a blocked t runnable; a0 (if not THREAD_KEEP_A0) becomes its
// system call's result.
#define THREAD_KEEP_A0 ((int64_t)1 << 62)
void thread_wake(struct thread *t, int64_t a0);
// wait4 waiters of parent (a child ended).
void thread_wake_child_waiters(struct proc *parent);
// A reschedule at the next return to U-mode (sched_yield).
void sched_request(void);
// Called at the end of every trap from U-mode: the frame to resume (a
// reschedule if asked for or if the current thread cannot run; pending
// signals delivered).
struct trap_frame *sched_after_trap(void);
// proc_schedule's body: the next runnable thread after the current one
// (waiting in wfi for a timeout if none), signals delivered.
struct trap_frame *sched_next(void);
// The periodic tick's next `time` (UINT64_MAX = off); arms the timer for
// it, the earliest thread timeout or interval timer (itimer.h), whichever
// comes first.
void sched_set_tick(uint64_t next_tick);
// Arms the timer again after an interval timer changed.
void sched_rearm(void);
// `time` units for a struct timespec {sec, nsec} (relative), saturating.
uint64_t sched_ticks(int64_t sec, int64_t nsec);
// The `time` at which a wait with the user timespec at uts ends
// (absolute: SCHED_ABS_MONOTONIC since boot, as CLOCK_MONOTONIC counts;
// SCHED_ABS_REALTIME on CLOCK_REALTIME, which adds rvmmu's epoch (ktime.h);
// 0: from now) in *deadline, 0 for no timespec. Returns 0, or -EFAULT,
// -EINVAL, -ETIMEDOUT (already past).
#define SCHED_ABS_MONOTONIC 1
#define SCHED_ABS_REALTIME 2
int64_t sched_deadline(uint64_t uts, int absolute, uint64_t *deadline);

// System calls (Linux RISC-V numbers in sysextra.c).
int64_t sys_clone_any(const uint64_t *a);
int64_t sys_clone3(const uint64_t *a);
int64_t sys_gettid(const uint64_t *a);
int64_t sys_thread_set_tid_address(const uint64_t *a);
int64_t sys_set_robust_list(const uint64_t *a);
int64_t sys_thread_exit(const uint64_t *a);
int64_t sys_sched_getaffinity(const uint64_t *a);

#endif
