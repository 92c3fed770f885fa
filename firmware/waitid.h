// SPDX-License-Identifier: MIT OR Apache-2.0
//
// waitid(idtype, id, infop, options, rusage) (Linux RISC-V number 95), as
// wait4 (sysproc.c) with a siginfo_t for the answer: P_ALL, P_PID, P_PGID
// (any child: there are no process groups among children here), WEXITED
// (required: no child ever stops or continues), WNOHANG (no child ended
// yet: 0 and a zeroed siginfo), WNOWAIT (leave the child waitable).
#ifndef WAITID_H
#define WAITID_H

#include <stdint.h>

int64_t sys_waitid(const uint64_t *a);

#endif
