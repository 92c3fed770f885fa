// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Linux RISC-V system calls (asm-generic numbers): a7 = number, a0..a5 =
// arguments, a0 = result or -errno.
#ifndef SYS_H
#define SYS_H

#include "trap.h"

// Runs the system call in tf and stores its result in tf's a0.
void sys_dispatch(struct trap_frame *tf);
// Unmaps every page of [lo, hi) that an area of cur covers (frames and
// swap slots); the areas stay.
void sys_unmap_pages(uint64_t lo, uint64_t hi);

#endif
