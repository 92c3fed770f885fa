// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Identity and system information for user programs: one user (root:
// every uid and gid is 0), process groups and sessions, uname (sys.c),
// sysinfo, resource limits, getrandom, riscv_hwprobe and
// riscv_flush_icache.
#ifndef IDENT_H
#define IDENT_H

#include <stdint.h>

#include "proc.h"

// proc_alloc: p's process group and session: its parent's (fork), or
// its own pid (the first process).
void ident_proc_init(struct proc *p, const struct proc *parent);
// p's process group id.
int ident_pgid(const struct proc *p);

int64_t sys_getuid(const uint64_t *a); // also geteuid, getgid, getegid
int64_t sys_getresuid(const uint64_t *a); // also getresgid
int64_t sys_setuid(const uint64_t *a); // setuid/setgid/...: 0 only
int64_t sys_getpgid(const uint64_t *a);
int64_t sys_setpgid(const uint64_t *a);
int64_t sys_getsid(const uint64_t *a);
int64_t sys_setsid(const uint64_t *a);
int64_t sys_getgroups(const uint64_t *a);
int64_t sys_sysinfo(const uint64_t *a);
int64_t sys_prlimit64(const uint64_t *a);
int64_t sys_getrlimit(const uint64_t *a);
int64_t sys_setrlimit(const uint64_t *a);
int64_t sys_getrandom(const uint64_t *a);
int64_t sys_riscv_hwprobe(const uint64_t *a);
int64_t sys_riscv_flush_icache(const uint64_t *a);
int64_t sys_sched_setaffinity(const uint64_t *a);

#endif
