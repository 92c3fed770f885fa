// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The initrd as a cpio archive in the "newc" format (magic "070701", as
// Linux's initramfs; see the cpio(5) manual and the kernel's
// Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte
// header of ASCII fields (6 magic + 13 x 8 hex digits), the NUL-terminated
// name, padding to 4 bytes, the data, padding to 4 bytes; the archive
// ends with the entry "TRAILER!!!".
#ifndef CPIO_H
#define CPIO_H

#include <stdint.h>

// The initrd the firmware was given.
void cpio_init(const uint8_t *base, uint64_t size);
// True when the initrd is a newc archive (else it is one program).
int cpio_is_archive(void);
// Finds the regular file named path ("/hello", "./hello" and "hello"
// are the same name). Returns 0 and its bytes, or -1 if it is absent or
// the archive is malformed before it.
int cpio_find(const char *path, const uint8_t **data, uint64_t *size);

// Calls f(name, mode, data, size) for every entry before the trailer (in
// archive order; name as stored). Stops at a malformed entry.
void cpio_each(int (*f)(const char *name, uint32_t mode, const uint8_t *data, uint64_t size));

#endif
