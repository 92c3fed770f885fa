// SPDX-License-Identifier: MIT OR Apache-2.0
#include "wait.h"

#include "kerrno.h"
#include "thread.h"

static const void *wait_chan[THREAD_MAX];

int64_t wait_sleep(const void *chan)
{
	struct thread *t = thread_current();
	wait_chan[t - threads] = chan;
	thread_block(THREAD_WAIT_CHAN, 0);
	return -ERESTART;
}

int64_t wait_sleep_until(const void *chan, uint64_t deadline)
{
	struct thread *t = thread_current();
	wait_chan[t - threads] = chan;
	thread_block(THREAD_WAIT_CHAN, deadline);
	return -ERESTART;
}

void wait_wakeup(const void *chan)
{
	for (unsigned i = 0; i < THREAD_MAX; i++) {
		if (wait_chan[i] != chan)
			continue;
		wait_chan[i] = 0;
		if (threads[i].state == THREAD_BLOCKED && threads[i].wait == THREAD_WAIT_CHAN)
			thread_wake(&threads[i], THREAD_KEEP_A0);
	}
}
