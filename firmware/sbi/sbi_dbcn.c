// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Debug console extension, EID "DBCN" (SBI v2.0 chapter 12): Linux 6.12
// uses it for earlycon=sbi and its hvc console. The buffers are given by
// physical address (base_addr_lo, base_addr_hi); M-mode reads and writes
// them directly, so they must lie in RAM outside the firmware's own region
// (else INVALID_PARAM, as 12.1 allows).
#include "sbi.h"

#define DBCN_CONSOLE_WRITE 0
#define DBCN_CONSOLE_READ 1
#define DBCN_CONSOLE_WRITE_BYTE 2

// True when [pa, pa + n) is RAM that S-mode may use.
static int dbcn_buffer_ok(uint64_t pa, uint64_t n)
{
	uint64_t ram_end = sbi_plat.ram_base + sbi_plat.ram_size;
	if (pa + n < pa || pa < sbi_plat.ram_base || pa + n > ram_end)
		return 0;
	return pa >= SBI_FW_BASE + SBI_FW_SIZE || pa + n <= SBI_FW_BASE;
}

struct sbiret sbi_dbcn_call(uint64_t fid, struct sbi_frame *f)
{
	uint64_t n = f->x[A0], pa = f->x[A1];
	if (fid == DBCN_CONSOLE_WRITE_BYTE) {
		sbi_console_putc((char)f->x[A0]);
		return (struct sbiret){SBI_SUCCESS, 0};
	}
	if (fid != DBCN_CONSOLE_WRITE && fid != DBCN_CONSOLE_READ)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	// RV64: base_addr_hi (a2) holds the upper XLEN bits, which must be 0.
	if (f->x[A2] != 0 || !dbcn_buffer_ok(pa, n))
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	uint8_t *buf = (uint8_t *)pa;
	uint64_t done = 0;
	if (fid == DBCN_CONSOLE_WRITE) {
		for (; done < n; done++)
			sbi_console_putc((char)buf[done]);
	} else {
		for (int c; done < n && (c = sbi_console_getc()) >= 0; done++)
			buf[done] = (uint8_t)c;
	}
	return (struct sbiret){SBI_SUCCESS, (long)done};
}
