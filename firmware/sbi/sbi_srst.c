// SPDX-License-Identifier: MIT OR Apache-2.0
//
// System reset extension, EID "SRST" (SBI v2.0 chapter 10), through the
// device the device tree names (sbi_fdt.c): shutdown (0), cold reboot (1)
// and warm reboot (2, the same as cold here). A shutdown whose reason is
// "system failure" (1) stores the failure value (SiFive test: 0x3333 with
// exit code 1) where the device has one. If the device does not act, the
// hart parks.
#include "sbi.h"

#define SRST_SYSTEM_RESET 0
#define SRST_TYPE_SHUTDOWN 0
#define SRST_TYPE_COLD_REBOOT 1
#define SRST_TYPE_WARM_REBOOT 2
#define SRST_TYPE_VENDOR_FIRST 0xF0000000UL
#define SRST_REASON_NONE 0
#define SRST_REASON_FAILURE 1
#define SRST_REASON_VENDOR_FIRST 0xF0000000UL

void sbi_hang(void)
{
	sbi_park();
}

void sbi_system_reset(uint32_t type, uint32_t reason)
{
	const struct sbi_reset_reg *r = type == SRST_TYPE_SHUTDOWN
		? (reason == SRST_REASON_FAILURE ? &sbi_plat.poweroff_fail : &sbi_plat.poweroff)
		: &sbi_plat.reboot;
	if (r->addr)
		*(volatile uint32_t *)r->addr = r->value;
	sbi_console_puts("sbi: no device to reset the system: hart parked\n");
	sbi_hang();
}

struct sbiret sbi_srst_call(uint64_t fid, struct sbi_frame *f)
{
	if (fid != SRST_SYSTEM_RESET)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	uint64_t type = f->x[A0], reason = f->x[A1];
	if (type >= SRST_TYPE_VENDOR_FIRST && type <= 0xFFFFFFFFUL)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	if (type > SRST_TYPE_WARM_REBOOT)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (reason > SRST_REASON_FAILURE && reason < SRST_REASON_VENDOR_FIRST)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (reason > 0xFFFFFFFFUL)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	sbi_system_reset((uint32_t)type, (uint32_t)reason);
}
