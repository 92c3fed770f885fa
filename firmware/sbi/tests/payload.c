// SPDX-License-Identifier: MIT OR Apache-2.0
//
// S-mode test payload: calls every SBI function it can (SBI v2.0), prints
// each result through SBI, takes a supervisor timer interrupt and a
// supervisor software interrupt, and powers off through SRST. The output
// holds nothing machine-specific (no mvendorid values, no times), so runs
// under QEMU and rvmmu with the same firmware can be compared line by line.
#include <stdint.h>

#define EXT_BASE 0x10
#define EXT_TIME 0x54494D45
#define EXT_IPI 0x735049
#define EXT_RFENCE 0x52464E43
#define EXT_HSM 0x48534D
#define EXT_SRST 0x53525354
#define EXT_DBCN 0x4442434E

struct ret {
	long error, value;
};

static struct ret ecall(long eid, long fid, long a0, long a1, long a2, long a3, long a4)
{
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3, r4 __asm__("a4") = a4;
	register long r6 __asm__("a6") = fid, r7 __asm__("a7") = eid;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			 : "memory");
	return (struct ret){r0, r1};
}

static long legacy(long eid, long a0)
{
	register long r0 __asm__("a0") = a0, r7 __asm__("a7") = eid;
	__asm__ volatile("ecall" : "+r"(r0) : "r"(r7) : "memory", "a1");
	return r0;
}

static int have_dbcn;

static void putc_(char c)
{
	if (have_dbcn)
		ecall(EXT_DBCN, 2, c, 0, 0, 0, 0);
	else
		legacy(1, c);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void putd(long v)
{
	char b[24];
	int n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	if (v < 0)
		putc_('-');
	do
		b[n++] = '0' + u % 10;
	while ((u /= 10) != 0);
	while (n)
		putc_(b[--n]);
}

// "name: error E value V"
static void report(const char *name, struct ret r)
{
	puts_(name);
	puts_(": error ");
	putd(r.error);
	puts_(" value ");
	putd(r.value);
	putc_('\n');
}

static void report_error(const char *name, struct ret r)
{
	puts_(name);
	puts_(": error ");
	putd(r.error);
	putc_('\n');
}

static volatile int timer_irqs, soft_irqs, other_traps;

void payload_trap(void)
{
	long cause;
	__asm__ volatile("csrr %0, scause" : "=r"(cause));
	if (cause == (long)(0x8000000000000000UL | 5)) {
		timer_irqs++;
		ecall(EXT_TIME, 0, -1, 0, 0, 0, 0);   // clears sip.STIP
	} else if (cause == (long)(0x8000000000000000UL | 1)) {
		soft_irqs++;
		__asm__ volatile("csrc sip, %0" : : "r"(2));
	} else {
		other_traps++;
		puts_("unexpected trap\n");
		ecall(EXT_SRST, 0, 0, 1, 0, 0, 0);
	}
}

static uint64_t rdtime(void)
{
	uint64_t t;
	__asm__ volatile("csrr %0, time" : "=r"(t));
	return t;
}

// Arms the timer 1 ms (at 10 MHz) ahead and waits for its interrupt.
static void wait_timer(void)
{
	int before = timer_irqs;
	struct ret r = ecall(EXT_TIME, 0, (long)(rdtime() + 10000), 0, 0, 0, 0);
	report("time.set_timer", r);
	for (long spins = 0; timer_irqs == before && spins < 1000000; spins++)
		__asm__ volatile("wfi");
	puts_(timer_irqs == before + 1 ? "time: interrupt taken\n" : "time: NO interrupt\n");
}

void payload_main(long hart, long fdt)
{
	(void)fdt;
	have_dbcn = ecall(EXT_BASE, 3, EXT_DBCN, 0, 0, 0, 0).value != 0;
	puts_("payload: hart ");
	putd(hart);
	putc_('\n');

	struct ret v = ecall(EXT_BASE, 0, 0, 0, 0, 0, 0);
	puts_("base.spec_version: ");
	putd((v.value >> 24) & 0x7f);
	putc_('.');
	putd(v.value & 0xffffff);
	putc_('\n');
	report_error("base.impl_id", ecall(EXT_BASE, 1, 0, 0, 0, 0, 0));
	report_error("base.impl_version", ecall(EXT_BASE, 2, 0, 0, 0, 0, 0));
	static const struct {
		const char *name;
		long eid;
	} exts[] = {{"base", EXT_BASE},     {"time", EXT_TIME}, {"ipi", EXT_IPI},
		    {"rfence", EXT_RFENCE}, {"hsm", EXT_HSM},   {"srst", EXT_SRST},
		    {"legacy_putchar", 1},  {"none", 0x0a000000}};
	for (unsigned i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		struct ret r = ecall(EXT_BASE, 3, exts[i].eid, 0, 0, 0, 0);
		puts_("base.probe ");
		puts_(exts[i].name);
		puts_(r.value ? ": present\n" : ": absent\n");
	}
	report_error("base.mvendorid", ecall(EXT_BASE, 4, 0, 0, 0, 0, 0));
	report_error("base.marchid", ecall(EXT_BASE, 5, 0, 0, 0, 0, 0));
	report_error("base.mimpid", ecall(EXT_BASE, 6, 0, 0, 0, 0, 0));
	report_error("base.fid99", ecall(EXT_BASE, 99, 0, 0, 0, 0, 0));
	report_error("none.fid0", ecall(0x0a000000, 0, 0, 0, 0, 0, 0));

	// Timer: STIE and SIE on, then one interrupt per set_timer.
	__asm__ volatile("csrs sie, %0" : : "r"((1 << 5) | (1 << 1)));
	__asm__ volatile("csrs sstatus, %0" : : "r"(2));
	wait_timer();
	wait_timer();

	// IPI to ourselves: a supervisor software interrupt.
	report("ipi.send hart0", ecall(EXT_IPI, 0, 1, 0, 0, 0, 0));
	puts_(soft_irqs == 1 ? "ipi: interrupt taken\n" : "ipi: NO interrupt\n");
	report("ipi.send all", ecall(EXT_IPI, 0, 0, -1, 0, 0, 0));
	puts_(soft_irqs == 2 ? "ipi: interrupt taken\n" : "ipi: NO interrupt\n");
	report_error("ipi.send hart1", ecall(EXT_IPI, 0, 2, 0, 0, 0, 0));
	report_error("ipi.send base 5", ecall(EXT_IPI, 0, 1, 5, 0, 0, 0));

	report("rfence.fence_i", ecall(EXT_RFENCE, 0, 1, 0, 0, 0, 0));
	report("rfence.sfence_vma all", ecall(EXT_RFENCE, 1, 1, 0, 0, 0, 0));
	report("rfence.sfence_vma page", ecall(EXT_RFENCE, 1, 1, 0, 0x80300000, 4096, 0));
	report("rfence.sfence_vma_asid", ecall(EXT_RFENCE, 2, 1, 0, 0, -1, 1));
	report_error("rfence.sfence_vma hart1", ecall(EXT_RFENCE, 1, 2, 0, 0, 0, 0));

	report("hsm.status hart0", ecall(EXT_HSM, 2, 0, 0, 0, 0, 0));
	report_error("hsm.status hart1", ecall(EXT_HSM, 2, 1, 0, 0, 0, 0));
	report_error("hsm.start hart0", ecall(EXT_HSM, 0, 0, 0x80200000, 0, 0, 0));
	report_error("hsm.start hart1", ecall(EXT_HSM, 0, 1, 0x80200000, 0, 0, 0));
	report_error("hsm.suspend bad type", ecall(EXT_HSM, 3, 0x12345, 0, 0, 0, 0));

	// Retentive suspend, woken by the timer (SIE off: the interrupt stays
	// pending until SIE comes back on).
	__asm__ volatile("csrc sstatus, %0" : : "r"(2));
	int before = timer_irqs;
	ecall(EXT_TIME, 0, (long)(rdtime() + 10000), 0, 0, 0, 0);
	report("hsm.suspend retentive", ecall(EXT_HSM, 3, 0, 0, 0, 0, 0));
	__asm__ volatile("csrs sstatus, %0" : : "r"(2));
	puts_(timer_irqs == before + 1 ? "hsm: woken by the timer\n" : "hsm: NOT woken\n");

	if (have_dbcn) {
		static const char msg[] = "dbcn: console_write\n";
		report("dbcn.write", ecall(EXT_DBCN, 0, sizeof(msg) - 1, (long)msg, 0, 0, 0));
		report("dbcn.write_byte", ecall(EXT_DBCN, 2, '\n', 0, 0, 0, 0));
		static char in[8];
		report("dbcn.read", ecall(EXT_DBCN, 1, sizeof(in), (long)in, 0, 0, 0));
		report_error("dbcn.write hi", ecall(EXT_DBCN, 0, 1, (long)msg, 1, 0, 0));
	} else {
		puts_("dbcn: absent\n");
	}

	legacy(1, 'L');
	legacy(1, '\n');
	puts_("legacy.getchar: ");
	putd(legacy(2, 0));
	putc_('\n');
	static unsigned long mask = 1;
	puts_("legacy.send_ipi: ");
	putd(legacy(4, (long)&mask));
	putc_('\n');
	puts_(soft_irqs == 3 ? "legacy: interrupt taken\n" : "legacy: NO interrupt\n");
	puts_("legacy.remote_fence_i: ");
	putd(legacy(5, (long)&mask));
	putc_('\n');

	report_error("srst.bad type", ecall(EXT_SRST, 0, 5, 0, 0, 0, 0));
	report_error("srst.bad reason", ecall(EXT_SRST, 0, 0, 7, 0, 0, 0));
	puts_("srst: shutdown\n");
	ecall(EXT_SRST, 0, 0, 0, 0, 0, 0);
	puts_("srst: still running\n");
	for (;;)
		__asm__ volatile("wfi");
}
