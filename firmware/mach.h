// SPDX-License-Identifier: MIT OR Apache-2.0
//
// M-mode: boot, delegation, and the tiny SBI-like timer service.
//
// S-mode calls M-mode with ecall: a7 = 0 (SBI v0.1 legacy set_timer) or
// a7 = 0x54494d45 "TIME", a6 = 0 (SBI v0.2 set_timer), a0 = absolute time
// of the next timer interrupt. The call clears a pending S timer interrupt
// (mip.STIP) and arms mtimecmp; when mtime reaches it, the M-mode timer
// interrupt sets mip.STIP for S-mode. Anything else returns a0 = -2
// (SBI_ERR_NOT_SUPPORTED).
#ifndef MACH_H
#define MACH_H

// Frame of an M-mode trap (start.S): x[n] = register xn; x[2] = old sp.
#define MF_SIZE 256

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include "dt.h"

struct mach_frame {
	uint64_t x[32];
};
_Static_assert(sizeof(struct mach_frame) == MF_SIZE, "MF_SIZE");
_Static_assert(offsetof(struct mach_frame, x[31]) == 31 * 8, "mach_frame x");

// What M-mode read from the device tree, for S-mode.
extern struct dt_info mach_dt;
// 0 when the device tree could not be read.
extern int mach_dt_ok;
// misa as M-mode read it (S-mode cannot).
extern uint64_t mach_misa;

// start.S: drops to S-mode at entry with the given stack; never returns.
void mach_enter_supervisor(uint64_t entry, uint64_t sp) __attribute__((noreturn));
// start.S: the M-mode trap vector.
void mach_vector(void);

// Boot hart, M-mode, stack set, bss cleared, PMP open: reads the DT,
// delegates, and enters kmain in S-mode.
void mach_start(uint64_t hartid, uint64_t dtb) __attribute__((noreturn));
// M-mode trap handler, called by mach_vector.
void mach_trap(struct mach_frame *f);

// S-mode side: set the next timer interrupt (clears the pending one).
// The call returns in a0 and a1 (SBI's error and value), so both change.
static inline void sbi_set_timer(uint64_t when)
{
	register uint64_t a0 __asm__("a0") = when;
	register uint64_t a1 __asm__("a1");
	register uint64_t a7 __asm__("a7") = 0;
	__asm__ volatile("ecall" : "+r"(a0), "=r"(a1) : "r"(a7) : "memory");
}
#endif

#endif
