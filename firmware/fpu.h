// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The processes' F/D state (Unprivileged 20191213, chapters 11-12) and
// sstatus.FS (Privileged 20211203, section 3.1.6.6). The kernel itself
// never uses the FPU. The registers hold the state of one process, the
// owner; a trap saves them into the owner's frame only when FS says Dirty
// (then FS = Clean), and returning to another process reloads them.
#ifndef FPU_H
#define FPU_H

#include "trap.h"

// At a trap from U-mode (tf: the trapping process's frame): saves f0..f31
// and fcsr into tf when sstatus.FS = Dirty, then sets FS = Clean.
void fpu_trap_entry(struct trap_frame *tf);
// Before returning to the process of frame tf: loads its FP state unless
// the registers already hold it.
void fpu_resume(struct trap_frame *tf);
// The registers no longer belong to any frame (a frame was reset by
// execve or reused by a new process): the next resume reloads.
void fpu_forget(void);

// fpu_regs.S: store / load f0..f31 and fcsr at tf->f, tf->fcsr.
void fpu_save_regs(struct trap_frame *tf);
void fpu_load_regs(const struct trap_frame *tf);

#endif
