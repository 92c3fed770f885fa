// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The Linux error numbers of the file system calls (asm-generic
// errno-base.h and errno.h), beside kerrno.h's. Identical redefinitions
// are harmless should kerrno.h gain some of them.
#ifndef KERRNO_FS_H
#define KERRNO_FS_H

#include "kerrno.h"

#define EINTR 4
#define EIO 5
#define ENXIO 6
#define EBUSY 16
#define EXDEV 18
#define ENOTDIR 20
#define EISDIR 21
#define ENFILE 23
#define EMFILE 24
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EPIPE 32
#define ENOTEMPTY 39
#define ELOOP 40

#endif
