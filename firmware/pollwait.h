// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The wait of a poll-like system call (epoll_pwait, ppoll) that found
// nothing ready: the thread sleeps until some pipe changes (pipe.c calls
// pollwait_notify), a handled signal comes, or its deadline passes. The
// call then runs again from the start (wait.h) and re-checks; the
// deadline it set the first time is kept (per thread, for the same call
// at the same pc), so wakeups do not lengthen the timeout.
#ifndef POLLWAIT_H
#define POLLWAIT_H

#include <stdint.h>

// Wakes every poll-like wait (something a poll can see changed).
void pollwait_notify(void);
// At a poll-like call's start: 1 when it is the current thread's same
// call running again after a wakeup (its deadline, 0 for none, in
// *deadline), else 0. Either way the record is consumed.
int pollwait_again(uint64_t *deadline);
// Sleeps until a change or deadline (`time`, 0 = none); -ERESTART.
int64_t pollwait_sleep(uint64_t deadline);

#endif
