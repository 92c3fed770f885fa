// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The `strace` option: one line per system call, like `strace -f`:
//
//   [pid 1] openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
//
// with the arguments decoded (strings, buffers, open/mmap/clone flags)
// and the result (a number, an address, or -1 and the errno's name and
// text). Lines go where the supervisor's own messages go (strace_out).
#ifndef STRACE_H
#define STRACE_H

#include <stdint.h>

#define STRACE_NR_MAX 462
#define STRACE_ERRNO_MAX 133

struct strace_errno {
	const char *name, *text;
};

// The Linux name of system call nr ("openat"), or 0 when it has none.
const char *strace_name(uint64_t nr);
// The name and text of errno e, or 0 when unknown.
const struct strace_errno *strace_errno(uint64_t e);

// Before a system call runs (with the strace option): calls that never
// return (exit, exit_group) are printed now with "= ?"; execve's
// arguments are decoded now (the old image is gone once it succeeds).
void strace_enter(uint64_t nr, const uint64_t *a);
// After it returned r (not for a restarted call): prints its line.
void strace_leave(uint64_t nr, const uint64_t *a, int64_t r);

#endif
