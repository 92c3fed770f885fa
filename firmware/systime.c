// SPDX-License-Identifier: MIT OR Apache-2.0
#include "ktime.h"

#include "kerrno_fs.h"
#include "lib.h"
#include "mach.h"
#include "proc.h"
#include "riscv.h"
#include "thread.h"
#include "user.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define TIMER_ABSTIME 1
#define NSEC 1000000000UL

static uint64_t ktime_epoch;

void ktime_init(uint64_t epoch_ns) { ktime_epoch = epoch_ns; }

uint64_t ktime_epoch_ns(void) { return ktime_epoch; }

uint64_t ktime_mono_ns(void)
{
	uint64_t t = r_time(), hz = stats.timebase_hz ? stats.timebase_hz : 10000000;
	return t / hz * NSEC + (t % hz) * NSEC / hz;
}

int64_t ktime_realtime_sec(void) { return (int64_t)((ktime_epoch + ktime_mono_ns()) / NSEC); }

// The clock's value in ns; -EINVAL for an unknown clock. The CPU-time
// clocks count time since boot (one hart; no per-process accounting).
static int64_t ktime_clock_ns(uint64_t clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = ktime_epoch + ktime_mono_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = ktime_mono_ns();
		return 0;
	}
	return -EINVAL;
}

// clock_gettime(clockid, tp)
int64_t sys_clock_gettime(const uint64_t *a)
{
	uint64_t ns;
	int64_t r = ktime_clock_ns(a[0], &ns);
	if (r != 0)
		return r;
	uint64_t ts[2] = { ns / NSEC, ns % NSEC };
	return user_copy_out(a[1], ts, sizeof(ts));
}

// clock_getres(clockid, res): one tick of the timebase (at least 1 ns).
int64_t sys_clock_getres(const uint64_t *a)
{
	uint64_t ns;
	int64_t r = ktime_clock_ns(a[0], &ns);
	if (r != 0 || a[1] == 0)
		return r;
	uint64_t hz = stats.timebase_hz ? stats.timebase_hz : 10000000;
	uint64_t ts[2] = { 0, hz >= NSEC ? 1 : NSEC / hz };
	return user_copy_out(a[1], ts, sizeof(ts));
}

// gettimeofday(tv, tz): tz is filled with zeros (UTC).
int64_t sys_gettimeofday(const uint64_t *a)
{
	uint64_t ns = ktime_epoch + ktime_mono_ns();
	if (a[0]) {
		uint64_t tv[2] = { ns / NSEC, ns % NSEC / 1000 };
		if (user_copy_out(a[0], tv, sizeof(tv)) != 0)
			return -EFAULT;
	}
	if (a[1]) {
		uint32_t tz[2] = { 0, 0 };
		if (user_copy_out(a[1], tz, sizeof(tz)) != 0)
			return -EFAULT;
	}
	return 0;
}

// Blocks the current thread for rel_ns nanoseconds: the scheduler runs
// other threads meanwhile, or waits in wfi for the deadline; the call's
// result, 0, is in a0 already (a signal whose handler runs makes it -EINTR;
// rem is not written).
static int64_t ktime_sleep(uint64_t rel_ns)
{
	if (rel_ns == 0)
		return 0;
	uint64_t ticks = sched_ticks((int64_t)(rel_ns / NSEC), (int64_t)(rel_ns % NSEC));
	thread_block(THREAD_WAIT_SLEEP, r_time() + (ticks ? ticks : 1));
	return 0;
}

// Reads a struct timespec; -EINVAL when out of range.
static int64_t ktime_read_ts(uint64_t va, uint64_t *ns)
{
	int64_t ts[2];
	if (user_copy_in(ts, va, sizeof(ts)) != 0)
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= (int64_t)NSEC)
		return -EINVAL;
	*ns = (uint64_t)ts[0] * NSEC + (uint64_t)ts[1];
	return 0;
}

// nanosleep(req, rem)
int64_t sys_nanosleep(const uint64_t *a)
{
	uint64_t ns;
	int64_t r = ktime_read_ts(a[0], &ns);
	return r != 0 ? r : ktime_sleep(ns);
}

// clock_nanosleep(clockid, flags, req, rem): relative, or TIMER_ABSTIME
// on the clock's own scale.
int64_t sys_clock_nanosleep(const uint64_t *a)
{
	uint64_t now, ns;
	int64_t r = ktime_clock_ns(a[0], &now);
	if (r != 0)
		return r;
	if (a[0] == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	r = ktime_read_ts(a[2], &ns);
	if (r != 0)
		return r;
	if (a[1] & TIMER_ABSTIME)
		return ktime_sleep(ns > now ? ns - now : 0);
	return ktime_sleep(ns);
}
