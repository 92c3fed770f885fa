// SPDX-License-Identifier: MIT OR Apache-2.0
//
// prctl(2) (Linux RISC-V number 167), the options programs ask at start:
// PR_SET_NAME / PR_GET_NAME (a thread's name, 15 bytes: by default the
// last component of the file the process runs, again after execve; a new
// thread starts with the default, where Linux copies its creator's),
// PR_GET_DUMPABLE (1) / PR_SET_DUMPABLE (0 or 1, not kept: no core dumps
// here). Any other option: -EINVAL, as Linux for an unknown one.
#ifndef PRCTL_H
#define PRCTL_H

#include <stdint.h>

#include "proc.h"

// execve: the threads of p lose the names they set.
void prctl_exec(const struct proc *p);

int64_t sys_prctl(const uint64_t *a);

#endif
