// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Legacy extensions 0x00..0x08 (SBI v2.0 chapter 5, "SBI v0.1"): the
// result goes in a0 alone. The hart masks of send_ipi and the remote
// fences are pointers into S-mode's address space (virtual), read with
// S-mode's translation (sbi_unpriv_lbu); a fault there is redirected to
// S-mode as the load fault it is.
#include "sbi.h"

#include "csr.h"

#define LEGACY_SET_TIMER 0x00
#define LEGACY_CONSOLE_PUTCHAR 0x01
#define LEGACY_CONSOLE_GETCHAR 0x02
#define LEGACY_CLEAR_IPI 0x03
#define LEGACY_SEND_IPI 0x04
#define LEGACY_REMOTE_FENCE_I 0x05
#define LEGACY_REMOTE_SFENCE_VMA 0x06
#define LEGACY_REMOTE_SFENCE_VMA_ASID 0x07
#define LEGACY_SHUTDOWN 0x08

// Reads the unsigned long at S-mode address va; 0 and redirected on a
// fault (*ok = 0).
static uint64_t legacy_read_mask(uint64_t va, int *ok)
{
	struct sbi_unpriv_fault fault = {0, 0};
	uint64_t v = 0;
	*ok = 1;
	if (va == 0)
		return (uint64_t)-1;   // a NULL mask means all harts (Linux's usage)
	for (int i = 0; i < 8 && fault.cause == 0; i++)
		v |= sbi_unpriv_lbu(va + i, &fault, 0) << (8 * i);
	if (fault.cause) {
		*ok = 0;
		w_mepc(r_mepc() - 4);   // the ecall faults: re-run after the handler
		sbi_redirect(fault.cause, fault.tval);
		return 0;
	}
	return v;
}

long sbi_legacy_call(uint64_t eid, struct sbi_frame *f)
{
	int ok;
	uint64_t mask;
	switch (eid) {
	case LEGACY_SET_TIMER:
		sbi_timer_set(f->x[A0]);
		return 0;
	case LEGACY_CONSOLE_PUTCHAR:
		sbi_console_putc((char)f->x[A0]);
		return 0;
	case LEGACY_CONSOLE_GETCHAR:
		return sbi_console_getc();
	case LEGACY_CLEAR_IPI:
		c_mip(MIP_SSIP);
		return 0;
	case LEGACY_SHUTDOWN:
		sbi_system_reset(0, 0);
	default:
		break;
	}
	if (eid > LEGACY_REMOTE_SFENCE_VMA_ASID)
		return SBI_ERR_NOT_SUPPORTED;
	mask = legacy_read_mask(f->x[A0], &ok);
	if (!ok)
		return (long)f->x[A0];   // unchanged: the ecall runs again
	if ((mask & 1) == 0)
		return 0;
	if (eid == LEGACY_SEND_IPI)
		sbi_ipi_self();
	else if (eid == LEGACY_REMOTE_FENCE_I)
		sbi_fence_i_local();
	else if (eid == LEGACY_REMOTE_SFENCE_VMA)
		sbi_sfence_vma_local(f->x[A1], f->x[A2]);
	else
		sbi_sfence_vma_asid_local(f->x[A1], f->x[A2], f->x[A3]);
	return 0;
}
