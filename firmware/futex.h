// SPDX-License-Identifier: MIT OR Apache-2.0
//
// futex(2): FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
// FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, private or not, with timeouts.
// A futex is (address space, user address): processes share no memory
// (MAP_SHARED is private here), so a shared futex is a private one.
#ifndef FUTEX_H
#define FUTEX_H

#include <stdint.h>

#include "proc.h"

#define FUTEX_BITSET_ANY 0xffffffffu

// Wakes up to n threads of p waiting on uaddr whose bitset meets bitset
// (their futex call returns 0); returns how many.
int futex_wake(struct proc *p, uint64_t uaddr, uint64_t n, uint32_t bitset);

int64_t sys_futex(const uint64_t *a);

#endif
