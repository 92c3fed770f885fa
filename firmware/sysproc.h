// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Process system calls (Linux RISC-V, asm-generic numbers): identity,
// clone with fork semantics, execve from the initrd archive, wait4,
// getrusage, sched_yield, and the mlock family.
#ifndef SYSPROC_H
#define SYSPROC_H

#include <stdint.h>

struct proc;

#define SYS_set_tid_address 96
#define SYS_sched_yield 124
#define SYS_getrusage 165
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_clone 220
#define SYS_execve 221
#define SYS_mlock 228
#define SYS_munlock 229
#define SYS_mlockall 230
#define SYS_munlockall 231
#define SYS_wait4 260

int64_t sys_sched_yield(const uint64_t *a);
int64_t sys_getrusage(const uint64_t *a);
int64_t sys_getpid(const uint64_t *a);
int64_t sys_getppid(const uint64_t *a);
int64_t sys_clone(const uint64_t *a);
int64_t sys_execve(const uint64_t *a);
int64_t sys_wait4(const uint64_t *a);
// wait4 and waitid (waitid.c): the first ended child of cur (want > 0:
// that pid, else any), or 0; *have: whether any child matches at all.
struct proc *sysproc_zombie_child(int want, int *have);
// Writes q's struct rusage (its fault counts) to user va (0: none); 0 or -EFAULT.
int sysproc_child_rusage(uint64_t va, const struct proc *q);
// Frees the ended child q, adding its counts to cur's.
void sysproc_reap(struct proc *q);
int64_t sys_mlock(const uint64_t *a);
int64_t sys_munlock(const uint64_t *a);
int64_t sys_mlockall(const uint64_t *a);
int64_t sys_munlockall(const uint64_t *a);

#endif
