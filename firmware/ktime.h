// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Time for programs: every clock counts the `time` CSR (Privileged
// 20211203, section 3.1.11; the DT's timebase-frequency) since boot;
// CLOCK_REALTIME adds the epoch rvmmu passes in /chosen rvmmu,epoch-ns
// (0 = 1970 without it, e.g. on QEMU). Sleeps block the thread until a
// deadline (thread.h): other threads run, or the hart waits in `wfi`.
#ifndef KTIME_H
#define KTIME_H

#include <stdint.h>

void ktime_init(uint64_t epoch_ns);
// CLOCK_REALTIME at `time` = 0, ns since 1970.
uint64_t ktime_epoch_ns(void);
// Nanoseconds since boot.
uint64_t ktime_mono_ns(void);
// Seconds since 1970 (file times).
int64_t ktime_realtime_sec(void);

int64_t sys_clock_gettime(const uint64_t *a);
int64_t sys_clock_getres(const uint64_t *a);
int64_t sys_gettimeofday(const uint64_t *a);
int64_t sys_nanosleep(const uint64_t *a);
int64_t sys_clock_nanosleep(const uint64_t *a);

#endif
