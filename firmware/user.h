// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Kernel access to user memory: ranges are checked against the process's
// areas and faulted in first, then copied with sstatus.SUM set. A bad
// range gives -EFAULT; it never traps in the kernel.
#ifndef USER_H
#define USER_H

#include <stdint.h>

#include "fault.h"

// Makes [va, va + len) accessible for acc. Returns 0 or -EFAULT; ends the
// process when no frame is left.
int user_prepare(uint64_t va, uint64_t len, enum fault_access acc);
// Copies len bytes from user va to dst. Returns 0 or -EFAULT.
int user_copy_in(void *dst, uint64_t va, uint64_t len);
// Copies len bytes from src to user va. Returns 0 or -EFAULT.
int user_copy_out(uint64_t va, const void *src, uint64_t len);

#endif
