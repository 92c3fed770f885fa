// SPDX-License-Identifier: MIT OR Apache-2.0
//
// rvmmu's paravirtual host-I/O device ("rvmmu,hostio", emulator/src/
// devices/hostio/): the program's standard streams and, with --root, a
// host directory. Write ARG0..ARG5, then OP; RESULT holds the outcome
// (>= 0, or -errno). Buffers are physical addresses (the kernel's
// identity map). Absent on QEMU: callers fall back to the UART.
#ifndef HOSTIO_H
#define HOSTIO_H

#include <stdint.h>

#define HOSTIO_WRITE 1    // (stream 1|2|3, pa, len)
#define HOSTIO_READ 2     // (stream 0, pa, len): host stdin, 0 at EOF
#define HOSTIO_ISATTY 3   // (stream)
#define HOSTIO_STREAM_STAT 4 // (stream 0..2, struct stat pa)
#define HOSTIO_OPEN 16    // (path, path_len, flags, mode) -> handle
#define HOSTIO_CLOSE 17   // (handle)
#define HOSTIO_PREAD 18   // (handle, pa, len, offset)
#define HOSTIO_PWRITE 19  // (handle, pa, len, offset)
#define HOSTIO_FSTAT 20   // (handle, struct stat pa)
#define HOSTIO_STAT 21    // (path, path_len, struct stat pa, nofollow)
#define HOSTIO_DIRENT 22  // (handle, index, pa, cap): u64 ino, u64 type, name
#define HOSTIO_MKDIR 23   // (path, path_len, mode)
#define HOSTIO_UNLINK 24  // (path, path_len, AT_REMOVEDIR or 0)
#define HOSTIO_RENAME 25  // (old, old_len, new, new_len, flags)
#define HOSTIO_READLINK 26 // (path, path_len, pa, cap) -> length
#define HOSTIO_TRUNCATE 27 // (handle, length)
#define HOSTIO_FSYNC 28   // (handle)

#define HOSTIO_STREAM_STDOUT 1
#define HOSTIO_STREAM_STDERR 2
#define HOSTIO_STREAM_KERNEL 3 // the supervisor's messages ("rvmmu: " lines)

// Takes the device at physical address pa (0: none) when its magic matches.
void hostio_init(uint64_t pa);
// True when the device is there.
int hostio_present(void);
// Runs one operation; returns RESULT (-ENOSYS without the device).
int64_t hostio_call(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4);

#endif
