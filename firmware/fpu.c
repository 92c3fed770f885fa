// SPDX-License-Identifier: MIT OR Apache-2.0
#include "fpu.h"
#include "riscv.h"

// sstatus.FS (bits 14:13): 0 Off, 1 Initial, 2 Clean, 3 Dirty.
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_FS_CLEAN (2UL << 13)

static struct trap_frame *fpu_owner;

void fpu_trap_entry(struct trap_frame *tf)
{
	if ((r_sstatus() & SSTATUS_FS) != SSTATUS_FS)
		return;
	fpu_save_regs(tf);
	fpu_owner = tf;
	c_sstatus(SSTATUS_FS);
	s_sstatus(SSTATUS_FS_CLEAN);
}

void fpu_resume(struct trap_frame *tf)
{
	// FS = Off: no FPU (FS is read-only zero then).
	if ((r_sstatus() & SSTATUS_FS) == 0 || tf == fpu_owner)
		return;
	fpu_load_regs(tf);
	fpu_owner = tf;
	c_sstatus(SSTATUS_FS);
	s_sstatus(SSTATUS_FS_CLEAN);
}

void fpu_forget(void)
{
	fpu_owner = 0;
}
