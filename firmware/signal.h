// SPDX-License-Identifier: MIT OR Apache-2.0
//
// POSIX signals as Linux delivers them on RISC-V (kernel/signal.c,
// arch/riscv/kernel/signal.c): per process the actions (shared by its
// threads, CLONE_SIGHAND) and a process-directed pending set; per thread
// a mask, a thread-directed pending set and an alternate stack. A signal
// is delivered when its thread returns to U-mode: a handler gets a
// struct rt_sigframe (siginfo + ucontext with the 32 registers, the F/D
// state and the extension header) on its stack and returns through a
// trampoline page (`li a7, 139; ecall`: rt_sigreturn) that the kernel
// maps read-execute in the process on the first delivery (Linux uses its
// vDSO). Default actions: terminate (the status of a process killed by
// signal N: the machine's 128 + N), ignore (SIGCHLD, SIGURG, SIGWINCH,
// SIGCONT and, without job control, the stop signals).
#ifndef SIGNAL_H
#define SIGNAL_H

#include <stdint.h>

#include "proc.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGABRT 6
#define SIGFPE 8
#define SIGUSR1 10
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCONT 18
#define SIGSTOP 19

// si_code values (include/uapi/asm-generic/siginfo.h).
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define ILL_ILLOPC 1
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2

// proc_alloc (through thread_attach_main): default actions, nothing
// pending, SIGCHLD to the parent at exit; a fork child (parent given)
// copies the parent's actions.
void signal_proc_init(struct proc *p, const struct proc *parent);
// execve: handled signals go back to their default action.
void signal_exec(struct proc *p);
// clone's CSIGNAL: the signal p's parent gets when p ends (0: none).
void signal_set_exit_signal(struct proc *p, int sig);
// Sends sig to process p from the kernel (si_code SI_KERNEL), e.g.
// SIGPIPE for a write to a pipe without readers. 0, or -EINVAL.
int signal_send(struct proc *p, int sig);
// A fault of the current thread (trap.c): if a handler will run for sig
// (installed, not blocked) the signal is queued with si_code code and
// si_addr addr and 0 is returned; otherwise -1: the caller reports the
// fault and kills the process (Linux forces the default action).
int signal_fault(int sig, int code, uint64_t addr);
// proc_end: child ended with wait status wstatus; its parent gets its
// exit signal (SIGCHLD: CLD_EXITED or CLD_KILLED, si_pid, si_status).
void signal_child_ended(struct proc *parent, struct proc *child);
// Before returning to the current thread: delivers every pending
// unblocked signal, lowest first (a handler's frame, nested on the ones
// before; or the default action, which may end the process and not
// return).
void signal_deliver(void);

int64_t sys_rt_sigaction(const uint64_t *a);
int64_t sys_rt_sigprocmask(const uint64_t *a);
int64_t sys_rt_sigreturn(const uint64_t *a);
int64_t sys_rt_sigpending(const uint64_t *a);
int64_t sys_rt_sigsuspend(const uint64_t *a);
int64_t sys_rt_sigtimedwait(const uint64_t *a);
int64_t sys_ppoll(const uint64_t *a);
int64_t sys_sigaltstack(const uint64_t *a);
int64_t sys_kill(const uint64_t *a);
int64_t sys_tkill(const uint64_t *a);
int64_t sys_tgkill(const uint64_t *a);

#endif
