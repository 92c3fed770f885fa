// SPDX-License-Identifier: MIT OR Apache-2.0
//
// futex(2) (Linux kernel/futex, man 2 futex): waiters are blocked threads
// (thread.h) with their futex address and bitset; a wait's result is in
// a0 before it blocks (0), a timeout makes it -ETIMEDOUT, a signal
// -EINTR.
#include "futex.h"

#include "kerrno.h"
#include "lib.h"
#include "thread.h"
#include "user.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

static int futex_waiting(const struct thread *t, const struct proc *p, uint64_t uaddr)
{
	return t->state == THREAD_BLOCKED && t->wait == THREAD_WAIT_FUTEX && t->proc == p &&
	       t->futex_uaddr == uaddr;
}

int futex_wake(struct proc *p, uint64_t uaddr, uint64_t n, uint32_t bitset)
{
	int woken = 0;
	for (unsigned i = 0; i < THREAD_MAX && (uint64_t)woken < n; i++) {
		struct thread *t = &threads[i];
		if (futex_waiting(t, p, uaddr) && (t->futex_bitset & bitset)) {
			thread_wake(t, 0);
			woken++;
		}
	}
	return woken;
}

// Blocks on uaddr while *uaddr == val.
static int64_t futex_wait(uint64_t uaddr, uint32_t val, uint64_t uts, int absolute,
			  uint32_t bitset)
{
	uint32_t v;
	if (user_copy_in(&v, uaddr, sizeof(v)) != 0)
		return -EFAULT;
	if (v != val)
		return -EAGAIN;
	uint64_t deadline;
	int64_t r = sched_deadline(uts, absolute, &deadline);
	if (r != 0)
		return r;
	struct thread *t = thread_current();
	t->futex_uaddr = uaddr;
	t->futex_bitset = bitset;
	thread_block(THREAD_WAIT_FUTEX, deadline);
	return 0;
}

// Wakes nr_wake waiters of uaddr and moves up to nr_requeue others to
// uaddr2; returns both counts added (as Linux).
static int64_t futex_requeue(uint64_t uaddr, uint64_t uaddr2, uint64_t nr_wake,
			     uint64_t nr_requeue)
{
	int64_t n = futex_wake(cur, uaddr, nr_wake, FUTEX_BITSET_ANY);
	for (unsigned i = 0; i < THREAD_MAX && nr_requeue > 0; i++) {
		struct thread *t = &threads[i];
		if (futex_waiting(t, cur, uaddr)) {
			t->futex_uaddr = uaddr2;
			nr_requeue--;
			n++;
		}
	}
	return n;
}

// futex(uaddr, op, val, timeout or val2, uaddr2, val3)
int64_t sys_futex(const uint64_t *a)
{
	uint64_t uaddr = a[0], uaddr2 = a[4];
	uint32_t val = (uint32_t)a[2], val3 = (uint32_t)a[5];
	int op = (int)a[1];
	if (uaddr & 3)
		return -EINVAL;
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, val, a[3], 0, FUTEX_BITSET_ANY);
	case FUTEX_WAIT_BITSET:
		if (val3 == 0)
			return -EINVAL;
		return futex_wait(uaddr, val, a[3],
				  (op & FUTEX_CLOCK_REALTIME) ? SCHED_ABS_REALTIME : SCHED_ABS_MONOTONIC,
				  val3);
	case FUTEX_WAKE:
		return futex_wake(cur, uaddr, val, FUTEX_BITSET_ANY);
	case FUTEX_WAKE_BITSET:
		if (val3 == 0)
			return -EINVAL;
		return futex_wake(cur, uaddr, val, val3);
	case FUTEX_CMP_REQUEUE: {
		uint32_t v;
		if (uaddr2 & 3)
			return -EINVAL;
		if (user_copy_in(&v, uaddr, sizeof(v)) != 0)
			return -EFAULT;
		if (v != val3)
			return -EAGAIN;
		return futex_requeue(uaddr, uaddr2, val, (uint32_t)a[3]);
	}
	case FUTEX_REQUEUE:
		if (uaddr2 & 3)
			return -EINVAL;
		return futex_requeue(uaddr, uaddr2, val, (uint32_t)a[3]);
	default:
		return -ENOSYS; // WAKE_OP, the PI operations, FUTEX_FD
	}
}
