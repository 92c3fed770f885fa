// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Linux error numbers (include/uapi/asm-generic/errno-base.h); system
// calls return their negation.
#ifndef KERRNO_H
#define KERRNO_H

#define EPERM 1
#define EBADF 9
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOTTY 25
#define ENOSYS 38

#endif
