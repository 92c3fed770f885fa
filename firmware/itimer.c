// SPDX-License-Identifier: MIT OR Apache-2.0
//
// ITIMER_REAL (see itimer.h; Linux kernel/time/itimer.c semantics).
#include "itimer.h"

#include "kerrno.h"
#include "lib.h"
#include "riscv.h"
#include "signal.h"
#include "thread.h"
#include "user.h"

#define ITIMER_REAL 0
#define USEC_PER_SEC 1000000UL

// Per process slot: next expiry (`time`; 0 = off) and period (0 = once).
static uint64_t itimer_at[PROC_MAX], itimer_every[PROC_MAX];

static unsigned itimer_slot(const struct proc *p) { return (unsigned)(p - procs); }

void itimer_proc_init(struct proc *p) { itimer_at[itimer_slot(p)] = itimer_every[itimer_slot(p)] = 0; }

uint64_t itimer_next(void)
{
	uint64_t when = UINT64_MAX;
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (itimer_at[i] && procs[i].state != PROC_FREE && procs[i].state != PROC_ZOMBIE)
			when = MIN(when, itimer_at[i]);
	return when;
}

void itimer_expire(uint64_t now)
{
	for (unsigned i = 0; i < PROC_MAX; i++) {
		if (itimer_at[i] == 0 || now < itimer_at[i])
			continue;
		if (procs[i].state == PROC_FREE || procs[i].state == PROC_ZOMBIE) {
			itimer_at[i] = 0;
			continue;
		}
		signal_send(&procs[i], SIGALRM);
		// A period that already passed more than once fires once (Linux
		// counts the overruns; nobody reads them here).
		itimer_at[i] = itimer_every[i] ? MAX(itimer_at[i] + itimer_every[i], now + 1) : 0;
	}
}

// struct timeval {sec, usec} <-> `time` units.
static uint64_t itimer_ticks(const int64_t tv[2]) { return sched_ticks(tv[0], tv[1] * 1000); }

static void itimer_timeval(uint64_t ticks, int64_t tv[2])
{
	uint64_t hz = stats.timebase_hz;
	tv[0] = (int64_t)(ticks / hz);
	tv[1] = (int64_t)((ticks % hz) * USEC_PER_SEC / hz);
}

// The current setting of cur's timer as struct itimerval {interval, value}.
static void itimer_get(int64_t v[4])
{
	unsigned s = itimer_slot(cur);
	uint64_t now = r_time(), at = itimer_at[s];
	itimer_timeval(itimer_every[s], v);
	itimer_timeval(at > now ? at - now : (at ? 1 : 0), v + 2);
}

// getitimer(which, value): ITIMER_REAL only (the CPU-time timers: -EINVAL).
int64_t sys_getitimer(const uint64_t *a)
{
	if (a[0] != ITIMER_REAL)
		return -EINVAL;
	int64_t v[4];
	itimer_get(v);
	return user_copy_out(a[1], v, sizeof(v)) != 0 ? -EFAULT : 0;
}

// setitimer(which, new, old): a zero value disarms; the old setting is
// returned.
int64_t sys_setitimer(const uint64_t *a)
{
	if (a[0] != ITIMER_REAL)
		return -EINVAL;
	int64_t n[4], old[4];
	if (a[1] && user_copy_in(n, a[1], sizeof(n)) != 0)
		return -EFAULT;
	for (int i = 0; a[1] && i < 4; i++)
		if (n[i] < 0 || ((i & 1) && n[i] >= (int64_t)USEC_PER_SEC))
			return -EINVAL;
	itimer_get(old);
	if (a[2] && user_copy_out(a[2], old, sizeof(old)) != 0)
		return -EFAULT;
	if (a[1]) {
		unsigned s = itimer_slot(cur);
		uint64_t value = itimer_ticks(n + 2);
		itimer_every[s] = itimer_ticks(n);
		itimer_at[s] = n[2] || n[3] ? r_time() + MAX(value, 1) : 0;
		sched_rearm();
	}
	return 0;
}
