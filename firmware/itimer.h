// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The real-time interval timer of each process (setitimer/getitimer
// ITIMER_REAL, which glibc's alarm() uses): SIGALRM at expiry, then every
// interval. Counted on the `time` CSR; the scheduler checks the timers
// whenever it picks a thread and arms the hart's timer for the next one.
// As on Linux, execve keeps the timer and fork does not copy it.
#ifndef ITIMER_H
#define ITIMER_H

#include <stdint.h>

#include "proc.h"

// p starts without a timer (proc_alloc).
void itimer_proc_init(struct proc *p);
// The earliest expiry of any process's timer, UINT64_MAX if none.
uint64_t itimer_next(void);
// Sends SIGALRM for every timer due at now and re-arms periodic ones.
void itimer_expire(uint64_t now);

int64_t sys_getitimer(const uint64_t *a);
int64_t sys_setitimer(const uint64_t *a);

#endif
