// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Hart state management, EID "HSM" (SBI v2.0 chapter 9), for a machine
// with one hart: hart 0 is STARTED when the kernel runs; starting it is
// ALREADY_AVAILABLE, any other hart id is INVALID_PARAM. hart_stop parks
// the only hart for ever (the machine then has nothing left to run).
// Suspend: default retentive (0) waits for an interrupt with wfi and
// returns; default non-retentive (0x80000000) does the same and then
// resumes at resume_addr in S-mode with a0 = hart id, a1 = opaque and
// satp, sstatus.SIE as the spec's 9.4 demands (translation off, SIE 0).
#include "sbi.h"

#include "csr.h"

#define HSM_HART_START 0
#define HSM_HART_STOP 1
#define HSM_HART_GET_STATUS 2
#define HSM_HART_SUSPEND 3

#define HSM_STATE_STARTED 0
#define HSM_SUSPEND_RETENTIVE 0x00000000UL
#define HSM_SUSPEND_NON_RETENTIVE 0x80000000UL

static struct sbiret hsm_suspend(uint64_t type, uint64_t resume, uint64_t opaque,
				 struct sbi_frame *f)
{
	if (type != HSM_SUSPEND_RETENTIVE && type != HSM_SUSPEND_NON_RETENTIVE)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	__asm__ volatile("wfi");
	if (type == HSM_SUSPEND_RETENTIVE)
		return (struct sbiret){SBI_SUCCESS, 0};
	w_satp(0);
	w_mstatus(r_mstatus() & ~MSTATUS_SIE);
	w_mepc(resume);
	f->x[A1] = opaque;
	return (struct sbiret){0, (long)opaque};   // a0 = hart id 0
}

struct sbiret sbi_hsm_call(uint64_t fid, struct sbi_frame *f)
{
	uint64_t hart = f->x[A0];
	switch (fid) {
	case HSM_HART_START:
		if (hart != 0)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_ERR_ALREADY_AVAILABLE, 0};
	case HSM_HART_STOP:
		sbi_park();
	case HSM_HART_GET_STATUS:
		if (hart != 0)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS, HSM_STATE_STARTED};
	case HSM_HART_SUSPEND:
		return hsm_suspend(f->x[A0], f->x[A1], f->x[A2], f);
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}
