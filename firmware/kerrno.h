// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Linux error numbers (include/uapi/asm-generic/errno-base.h); system
// calls return their negation.
#ifndef KERRNO_H
#define KERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOTTY 25
#define ENAMETOOLONG 36
#define ENOSYS 38

// Kernel-internal (never seen by a program): restart the system call
// once the process runs again (wait4 blocking).
#define ERESTART 512

#endif
