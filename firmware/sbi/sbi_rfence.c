// SPDX-License-Identifier: MIT OR Apache-2.0
//
// RFENCE extension, EID "RFNC" (SBI v2.0 chapter 8), with one hart: the
// fences run locally. sfence.vma executed in M-mode orders the S-mode
// address translations too (Privileged 4.2.1 applies to the hart).
// The hypervisor functions (3..6) are not supported: no H extension.
#include "sbi.h"

#define RFENCE_FENCE_I 0
#define RFENCE_SFENCE_VMA 1
#define RFENCE_SFENCE_VMA_ASID 2

// Larger ranges are flushed whole: cheaper than one sfence.vma per page
// (OpenSBI makes the same trade with its tlb_range_flush_limit).
#define RFENCE_MAX_PAGES 64

// "start_addr and size 0, or size -1: the full address space" (8.2).
static int rfence_is_full(uint64_t start, uint64_t size)
{
	return (start == 0 && size == 0) || size > RFENCE_MAX_PAGES * 4096 ||
	       start + size < start;
}

void sbi_fence_i_local(void)
{
	__asm__ volatile("fence.i" : : : "memory");
}

void sbi_sfence_vma_local(uint64_t start, uint64_t size)
{
	if (rfence_is_full(start, size)) {
		__asm__ volatile("sfence.vma" : : : "memory");
		return;
	}
	for (uint64_t va = start & ~0xfffUL; va < start + size; va += 4096)
		__asm__ volatile("sfence.vma %0" : : "r"(va) : "memory");
}

void sbi_sfence_vma_asid_local(uint64_t start, uint64_t size, uint64_t asid)
{
	if (rfence_is_full(start, size)) {
		__asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
		return;
	}
	for (uint64_t va = start & ~0xfffUL; va < start + size; va += 4096)
		__asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory");
}

struct sbiret sbi_rfence_call(uint64_t fid, struct sbi_frame *f)
{
	if (fid > RFENCE_SFENCE_VMA_ASID)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	int sel = sbi_hart_mask_has_hart0(f->x[A0], f->x[A1]);
	if (sel < 0)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (sel == 0)
		return (struct sbiret){SBI_SUCCESS, 0};
	if (fid == RFENCE_FENCE_I)
		sbi_fence_i_local();
	else if (fid == RFENCE_SFENCE_VMA)
		sbi_sfence_vma_local(f->x[A2], f->x[A3]);
	else
		sbi_sfence_vma_asid_local(f->x[A2], f->x[A3], f->x[A4]);
	return (struct sbiret){SBI_SUCCESS, 0};
}
