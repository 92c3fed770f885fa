// SPDX-License-Identifier: MIT OR Apache-2.0
//
// S-mode traps: the frame entry.S fills, and the dispatch by cause.
#ifndef TRAP_H
#define TRAP_H

// Frame offsets, shared with entry.S.
#define TF_X(n) ((n) * 8)
#define TF_SEPC 256
// The F/D state (fpu.h): f0..f31, then fcsr.
#define TF_F(n) (272 + (n) * 8)
#define TF_FCSR 528
#define TF_SIZE 544

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

// The user registers at a trap; x[0] is unused, x[2] is the user sp.
struct trap_frame {
	uint64_t x[32];
	uint64_t sepc;
	uint64_t pad; // keeps the size a multiple of 16 (stack alignment)
	uint64_t f[32]; // saved only when sstatus.FS was Dirty (fpu.h)
	uint64_t fcsr;
	uint64_t fpad;
};

_Static_assert(offsetof(struct trap_frame, x[1]) == TF_X(1), "TF_X");
_Static_assert(offsetof(struct trap_frame, x[31]) == TF_X(31), "TF_X");
_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "TF_SEPC");
_Static_assert(offsetof(struct trap_frame, f[0]) == TF_F(0), "TF_F");
_Static_assert(offsetof(struct trap_frame, f[31]) == TF_F(31), "TF_F");
_Static_assert(offsetof(struct trap_frame, fcsr) == TF_FCSR, "TF_FCSR");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(TF_SIZE % 16 == 0, "TF_SIZE alignment");

// Register numbers of the ABI names the kernel reads.
enum { REG_RA = 1, REG_SP = 2, REG_A0 = 10, REG_A1, REG_A2, REG_A3, REG_A4, REG_A5, REG_A6, REG_A7 };

// entry.S: the S-mode trap vector, and the way back to U-mode with the
// registers of tf (loads sscratch with tf first).
void trap_vector(void);
void trap_return(struct trap_frame *tf) __attribute__((noreturn));

// Points stvec at trap_vector; S-mode interrupts stay disabled
// (sstatus.SIE = 0): they are taken only while the process runs.
void trap_init(void);
// Called by entry.S for a trap from U-mode (tf: the current process's
// saved registers); returns the frame of the process to resume.
struct trap_frame *trap_user(struct trap_frame *tf);
// Called by entry.S for a trap from S-mode: a firmware bug; ends the run.
void trap_kernel(struct trap_frame *tf) __attribute__((noreturn));
// Arms the periodic timer (the `tick=US` option); 0 disables it.
void trap_set_tick(uint64_t ticks);

#endif
#endif
