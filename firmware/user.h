// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Kernel access to the current process's memory: each page is checked
// against its areas, faulted in and copied through the kernel's identity
// map of its frame (no sstatus.SUM). A bad range gives -EFAULT; it never
// traps in the kernel.
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
// Copies the NUL-terminated string at user va (at most max bytes, NUL
// included) to dst. Returns its length, -EFAULT or -ENAMETOOLONG.
int64_t user_copy_str(char *dst, uint64_t va, uint64_t max);

#endif
