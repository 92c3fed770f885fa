// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Sleeping on a channel (any address) until someone wakes it: the current
// thread blocks (thread.h, THREAD_WAIT_CHAN) and its system call runs
// again when it is woken (-ERESTART), so it re-checks its condition. A
// signal whose handler runs wakes it too (the call restarts after the
// handler, as SA_RESTART). A wakeup of a thread that is not asleep on that
// channel does nothing. A thread asleep here has no timeout: if every
// thread is, nothing can wake them and the scheduler reports a deadlock.
#ifndef WAIT_H
#define WAIT_H

#include <stdint.h>

// The current thread sleeps on chan; returns -ERESTART for the system
// call to return.
int64_t wait_sleep(const void *chan);
// The same with a deadline (`time`; 0 = none): the call also runs again
// once it passes, and must notice that itself.
int64_t wait_sleep_until(const void *chan, uint64_t deadline);
// Every thread asleep on chan can run again.
void wait_wakeup(const void *chan);

#endif
