// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Process system calls (Linux RISC-V, asm-generic numbers): identity,
// clone with fork semantics, execve from the initrd archive, wait4,
// getrusage, sched_yield, and the mlock family.
#ifndef SYSPROC_H
#define SYSPROC_H

#include <stdint.h>

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

int64_t sys_set_tid_address(const uint64_t *a);
int64_t sys_sched_yield(const uint64_t *a);
int64_t sys_getrusage(const uint64_t *a);
int64_t sys_getpid(const uint64_t *a);
int64_t sys_getppid(const uint64_t *a);
int64_t sys_clone(const uint64_t *a);
int64_t sys_execve(const uint64_t *a);
int64_t sys_wait4(const uint64_t *a);
int64_t sys_mlock(const uint64_t *a);
int64_t sys_munlock(const uint64_t *a);
int64_t sys_mlockall(const uint64_t *a);
int64_t sys_munlockall(const uint64_t *a);

#endif
