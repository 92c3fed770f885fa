// SPDX-License-Identifier: MIT OR Apache-2.0
#include "pollwait.h"

#include "thread.h"
#include "wait.h"

// The channel every pipe change wakes.
static const char pollwait_chan;

// Per thread slot: the tid and pc of the sleeping call and its deadline.
static struct {
	int tid;
	uint64_t pc, deadline;
} pollwait_rec[THREAD_MAX];

void pollwait_notify(void) { wait_wakeup(&pollwait_chan); }

int pollwait_again(uint64_t *deadline)
{
	struct thread *t = thread_current();
	unsigned slot = (unsigned)(t - threads);
	int again = pollwait_rec[slot].tid == t->tid && pollwait_rec[slot].pc == thread_frame(t)->sepc;
	*deadline = again ? pollwait_rec[slot].deadline : 0;
	pollwait_rec[slot].tid = 0;
	return again;
}

int64_t pollwait_sleep(uint64_t deadline)
{
	struct thread *t = thread_current();
	unsigned slot = (unsigned)(t - threads);
	pollwait_rec[slot].tid = t->tid;
	pollwait_rec[slot].pc = thread_frame(t)->sepc;
	pollwait_rec[slot].deadline = deadline;
	return wait_sleep_until(&pollwait_chan, deadline);
}
