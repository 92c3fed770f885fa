// SPDX-License-Identifier: MIT OR Apache-2.0
#include "hostio.h"

#include "con.h"
#include "kerrno.h"

#define HOSTIO_MAGIC 0x6f6974736f687672UL // "rvhostio", little-endian
#define HOSTIO_REG_MAGIC 0x00
#define HOSTIO_REG_OP 0x08
#define HOSTIO_REG_ARG0 0x10
#define HOSTIO_REG_RESULT 0x40

static uint64_t hostio_pa;

static volatile uint64_t *hostio_reg(unsigned off)
{
	return (volatile uint64_t *)(hostio_pa + io_offset + off);
}

void hostio_init(uint64_t pa)
{
	hostio_pa = pa;
	if (pa && *hostio_reg(HOSTIO_REG_MAGIC) != HOSTIO_MAGIC)
		hostio_pa = 0;
}

int hostio_present(void) { return hostio_pa != 0; }

int64_t hostio_call(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	if (!hostio_pa)
		return -ENOSYS;
	uint64_t a[5] = { a0, a1, a2, a3, a4 };
	for (unsigned i = 0; i < 5; i++)
		*hostio_reg(HOSTIO_REG_ARG0 + 8 * i) = a[i];
	*hostio_reg(HOSTIO_REG_OP) = op;
	return (int64_t)*hostio_reg(HOSTIO_REG_RESULT);
}
