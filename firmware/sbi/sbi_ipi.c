// SPDX-License-Identifier: MIT OR Apache-2.0
//
// IPI extension, EID "sPI" (SBI v2.0 chapter 7), on a machine with one
// hart: an IPI to hart 0 is a supervisor software interrupt, set directly
// in mip.SSIP (Privileged 3.1.9: SSIP is writable by M-mode).
#include "sbi.h"

#include "csr.h"

#define IPI_SEND_IPI 0

int sbi_hart_mask_has_hart0(uint64_t mask, uint64_t base)
{
	// hart_mask_base = -1: "all available harts" (section 3.2).
	if (base == (uint64_t)-1)
		return 1;
	if (mask == 0)
		return 0;
	// Bit i names hart base + i; only hart 0 exists.
	if (base != 0 || (mask & ~1UL))
		return -1;
	return 1;
}

void sbi_ipi_self(void)
{
	s_mip(MIP_SSIP);
}

struct sbiret sbi_ipi_call(uint64_t fid, struct sbi_frame *f)
{
	if (fid != IPI_SEND_IPI)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	int sel = sbi_hart_mask_has_hart0(f->x[A0], f->x[A1]);
	if (sel < 0)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (sel)
		sbi_ipi_self();
	return (struct sbiret){SBI_SUCCESS, 0};
}
