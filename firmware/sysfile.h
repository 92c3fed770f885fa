// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The file system calls (file.h, vfs.h) and the time calls (ktime.h),
// looked up by number after sys.c's own table.
#ifndef SYSFILE_H
#define SYSFILE_H

#include <stdint.h>

typedef int64_t sysfile_call(const uint64_t *a);

// The handler of system call nr, or 0.
sysfile_call *sysfile_lookup(uint64_t nr);

#endif
