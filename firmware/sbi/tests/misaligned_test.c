// SPDX-License-Identifier: MIT OR Apache-2.0
//
// A unit test of the firmware's misaligned load/store emulation
// (sbi_misaligned.c). Neither rvmmu's hart nor QEMU's traps misaligned
// accesses, so the test calls the handler with the state such a trap
// leaves: mepc at the instruction, mtval (here the argument) the address,
// mstatus.MPP = S. Run bare metal in M-mode under `rvmmu run` and under
// `qemu-system-riscv64 -bios`; prints one line per check and powers off
// through the SiFive test device with 0 when every check passed, 1 if not.
#include "../sbi.h"

#include "../csr.h"
#include "../../lib.h"

static uint8_t buf[32] __attribute__((aligned(8)));
static int failures;

// The instructions, in memory the handler reads them from.
static const uint32_t insn_ld = 0x0005b503;    // ld a0, 0(a1)
static const uint32_t insn_lw = 0x0005a503;    // lw a0, 0(a1)
static const uint32_t insn_lhu = 0x0005d503;   // lhu a0, 0(a1)
static const uint32_t insn_sd = 0x00c5b023;    // sd a2, 0(a1)
static const uint32_t insn_sw = 0x00c5a023;    // sw a2, 0(a1)
static const uint32_t insn_ld_x0 = 0x0005b003; // ld zero, 0(a1)
static const uint32_t insn_fld = 0x0005b507;   // fld fa0, 0(a1)
static const uint16_t insn_c_ld = 0x6188;      // c.ld a0, 0(a1)
static const uint16_t insn_c_sw = 0xc190;      // c.sw a2, 0(a1)
static const uint16_t insn_c_lwsp = 0x4502;    // c.lwsp a0, 0(sp)

static void check(const char *name, int ok)
{
	sbi_console_puts(ok ? "ok   " : "FAIL ");
	sbi_console_puts(name);
	sbi_console_putc('\n');
	failures += !ok;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

// Runs the handler for the instruction at `insn` and address `addr`;
// returns how far mepc moved (-1: redirected to stvec).
static long emulate(struct sbi_frame *f, const void *insn, uint64_t cause, uint64_t addr)
{
	w_mstatus((r_mstatus() & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S);
	w_mepc((uint64_t)insn);
	if (sbi_misaligned(f, cause, addr) != 0)
		return -1;
	return (long)(r_mepc() - (uint64_t)insn);
}

void test_unexpected_trap(void) __attribute__((aligned(4)));
void test_unexpected_trap(void)
{
	sbi_console_puts("FAIL unexpected trap in the test\n");
	sbi_system_reset(0, 1);
}

void test_main(void)
{
	struct sbi_frame f;
	sbi_plat.uart = 0x10000000;
	sbi_plat.poweroff = (struct sbi_reset_reg){0x100000, 0x5555};
	sbi_plat.poweroff_fail = (struct sbi_reset_reg){0x100000, 0x3333 | (1u << 16)};
	// S-mode accesses (MPRV with MPP = S) need a PMP entry.
	__asm__ volatile("csrw pmpaddr0, %0\n\tcsrw pmpcfg0, %1" : : "r"(-1L), "r"(0x1fL));
	w_stvec(0x80001000);
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0xf0 + i);
	uint8_t *odd = buf + 1;
	memset(&f, 0, sizeof(f));

	check("ld: 8 bytes, pc + 4",
	      emulate(&f, &insn_ld, EXC_LOAD_MISALIGNED, (uint64_t)odd) == 4 &&
		      f.x[A0] == le(odd, 8));
	check("lw: sign-extended",
	      emulate(&f, &insn_lw, EXC_LOAD_MISALIGNED, (uint64_t)odd) == 4 &&
		      f.x[A0] == (uint64_t)(int64_t)(int32_t)le(odd, 4));
	check("lhu: zero-extended",
	      emulate(&f, &insn_lhu, EXC_LOAD_MISALIGNED, (uint64_t)odd) == 4 &&
		      f.x[A0] == le(odd, 2));
	check("ld zero: x0 stays 0",
	      emulate(&f, &insn_ld_x0, EXC_LOAD_MISALIGNED, (uint64_t)odd) == 4 && f.x[0] == 0);
	f.x[A2] = 0x1122334455667788UL;
	check("sd: 8 bytes stored",
	      emulate(&f, &insn_sd, EXC_STORE_MISALIGNED, (uint64_t)buf + 3) == 4 &&
		      le(buf + 3, 8) == 0x1122334455667788UL && buf[2] == 0xf2 && buf[11] == 0xfb);
	f.x[A2] = 0xa1b2c3d4;
	check("sw: 4 bytes stored",
	      emulate(&f, &insn_sw, EXC_STORE_MISALIGNED, (uint64_t)buf + 13) == 4 &&
		      le(buf + 13, 4) == 0xa1b2c3d4 && buf[17] == 0x01);
	check("c.ld: pc + 2",
	      emulate(&f, &insn_c_ld, EXC_LOAD_MISALIGNED, (uint64_t)buf + 5) == 2 &&
		      f.x[A0] == le(buf + 5, 8));
	f.x[A2] = 0x0badcafe;
	check("c.sw: 4 bytes stored, pc + 2",
	      emulate(&f, &insn_c_sw, EXC_STORE_MISALIGNED, (uint64_t)buf + 21) == 2 &&
		      le(buf + 21, 4) == 0x0badcafe);
	check("c.lwsp: sign-extended",
	      emulate(&f, &insn_c_lwsp, EXC_LOAD_MISALIGNED, (uint64_t)buf + 21) == 2 &&
		      f.x[A0] == 0x0badcafe);

	// A load the handler does not emulate goes to S-mode unchanged.
	check("fld: redirected to stvec",
	      emulate(&f, &insn_fld, EXC_LOAD_MISALIGNED, (uint64_t)odd) == -1 &&
		      r_mepc() == 0x80001000 && r_scause() == EXC_LOAD_MISALIGNED &&
		      r_stval() == (uint64_t)odd);
	// A byte that faults: the fault goes to S-mode, sepc at the load.
	uint64_t sepc;
	long moved = emulate(&f, &insn_ld, EXC_LOAD_MISALIGNED, 0x7);
	__asm__ volatile("csrr %0, sepc" : "=r"(sepc));
	check("ld from no memory: access fault redirected",
	      moved == -1 && r_scause() == EXC_LOAD_ACCESS && r_stval() == 0x7 &&
		      sepc == (uint64_t)&insn_ld && r_mepc() == 0x80001000);
	w_mtvec((uint64_t)test_unexpected_trap);

	sbi_console_puts(failures ? "misaligned: FAILED\n" : "misaligned: all passed\n");
	sbi_system_reset(0, failures ? 1 : 0);
}
