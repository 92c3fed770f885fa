// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Memory system calls beyond mmap/munmap/mprotect/brk (sys.c).
#ifndef SYSMEM_H
#define SYSMEM_H

#include <stdint.h>

#define SYS_mremap 216
#define SYS_madvise 233

// madvise(addr, len, advice): MADV_DONTNEED and MADV_FREE drop the pages
// of the range (refilled on the next touch), other valid advice is a
// no-op; -EINVAL for a misaligned addr or unknown advice, -ENOMEM when a
// page of the range has no area.
int64_t sys_madvise(const uint64_t *a);

// mremap(old, old_len, new_len, flags, new_addr): shrinks in place,
// grows in place when the pages above are free, else moves
// (MREMAP_MAYMOVE; MREMAP_FIXED: to new_addr, replacing what is there)
// the pages themselves (PTEs, no copy) to a new anonymous area. mmap's
// areas and the program image's (whose pages are read in first); the
// heap and stack, and MREMAP_DONTUNMAP, give -EINVAL. Returns the
// address, -EINVAL, -EFAULT (the old range is not inside one area) or
// -ENOMEM.
int64_t sys_mremap(const uint64_t *a);

#endif
