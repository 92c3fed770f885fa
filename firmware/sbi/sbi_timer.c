// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Timer extension, EID "TIME" (SBI v2.0 chapter 6), and the M timer
// interrupt behind it. set_timer programs the CLINT's mtimecmp (hart 0 at
// +0x4000; mtime at +0xbff8), clears the pending S timer interrupt and
// enables MTIE; when mtime reaches mtimecmp the M timer interrupt sets
// mip.STIP for S-mode and masks MTIE until the next set_timer (Privileged
// 3.1.9: M-mode may write STIP).
//
// With Sstc enabled (menvcfg.STCE, set by sbi_init when the hart has it)
// mip.STIP is read-only and follows stimecmp (Sstc 1.0, 3.1): set_timer
// then writes stimecmp instead, as OpenSBI does.
#include "sbi.h"

#include "csr.h"

#define CLINT_MTIMECMP 0x4000
#define CLINT_MTIME 0xbff8
#define TIME_SET_TIMER 0

uint64_t sbi_timer_now(void)
{
	if (!sbi_plat.clint)
		return 0;
	return *(volatile uint64_t *)(sbi_plat.clint + CLINT_MTIME);
}

int sbi_timer_sstc;

void sbi_timer_set(uint64_t stime)
{
	if (sbi_timer_sstc) {
		__asm__ volatile("csrw 0x14d, %0" : : "r"(stime));   // stimecmp
		return;
	}
	if (sbi_plat.clint)
		*(volatile uint64_t *)(sbi_plat.clint + CLINT_MTIMECMP) = stime;
	c_mip(MIP_STIP);
	s_mie(MIE_MTIE);
}

void sbi_timer_interrupt(void)
{
	c_mie(MIE_MTIE);
	s_mip(MIP_STIP);
}

struct sbiret sbi_time_call(uint64_t fid, struct sbi_frame *f)
{
	if (fid != TIME_SET_TIMER)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	sbi_timer_set(f->x[A0]);
	return (struct sbiret){SBI_SUCCESS, 0};
}
