// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The system calls of threads, futex, signals and identity (Linux RISC-V
// numbers, asm-generic/unistd.h) that sys.c's table lacks: sys_dispatch
// looks here second.
#ifndef SYSEXTRA_H
#define SYSEXTRA_H

#include <stdint.h>

typedef int64_t sys_extra_call(const uint64_t *a);

// The handler of system call nr, or 0 (sys.c's table decides).
sys_extra_call *sys_extra_lookup(uint64_t nr);

#endif
