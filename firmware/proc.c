// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Process start (the Linux initial stack, ELF ABI section 3.4.1 of the
// RISC-V psABI / System V gABI) and exit.
#include "proc.h"

#include "con.h"
#include "frame.h"
#include "lib.h"
#include "mach.h"
#include "memlayout.h"
#include "power.h"
#include "user.h"
#include "vma.h"

struct proc proc;
struct options opt;
struct stats stats;

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_HWCAP 16
#define AT_RANDOM 25
#define PROC_NAUX 8

#define PROC_ARG_BYTES 4096

// 16 bytes for AT_RANDOM: the time and cycle counters through splitmix64
// (not cryptographic; differs between runs when the clock does).
static void proc_random(uint8_t out[16])
{
	uint64_t x = r_time() ^ (r_cycle() << 17) ^ 0x9e3779b97f4a7c15UL;
	for (int i = 0; i < 2; i++) {
		x += 0x9e3779b97f4a7c15UL;
		uint64_t z = x;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
		z ^= z >> 31;
		memcpy(out + 8 * i, &z, 8);
	}
}

// Writes the initial stack below STACK_TOP; returns the user sp.
//
//   STACK_TOP -> argv strings (NUL-terminated, argv[0] first)
//                16 random bytes (AT_RANDOM), 16-byte aligned
//                auxv pairs ... AT_NULL
//                envp: NULL
//                argv[0..argc-1], NULL
//   sp ->        argc                        (sp 16-byte aligned)
static uint64_t proc_build_stack(int argc, char **argv)
{
	static char strings[PROC_ARG_BYTES];
	static uint64_t words[1 + PROC_MAX_ARGS + 1 + 1 + 2 * PROC_NAUX];
	uint64_t len = 0;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	uint64_t str_base = STACK_TOP - len;
	uint64_t rnd = (str_base - 16) & ~15UL;
	unsigned n = 0;
	words[n++] = argc;
	uint64_t s = str_base, off = 0;
	for (int i = 0; i < argc; i++) {
		uint64_t l = strlen(argv[i]) + 1;
		memcpy(strings + off, argv[i], l);
		words[n++] = s;
		s += l;
		off += l;
	}
	words[n++] = 0; // argv terminator
	words[n++] = 0; // envp terminator
	// Linux's AT_HWCAP: one bit per single-letter extension, as in misa.
	uint64_t hwcap = mach_misa & ((1UL << 26) - 1);
	uint64_t aux[PROC_NAUX][2] = {
		{ AT_PAGESZ, PAGE_SIZE }, { AT_PHDR, proc.phdr_va },   { AT_PHENT, proc.phent },
		{ AT_PHNUM, proc.phnum }, { AT_ENTRY, proc.entry },    { AT_RANDOM, rnd },
		{ AT_HWCAP, hwcap },      { AT_NULL, 0 },
	};
	for (unsigned i = 0; i < PROC_NAUX; i++) {
		words[n++] = aux[i][0];
		words[n++] = aux[i][1];
	}
	uint64_t sp = (rnd - n * 8) & ~15UL;

	// The stack area: enough pages for the above; growth happens on faults.
	if (vma_add(PAGE_DOWN(sp), STACK_TOP, VMA_R | VMA_W | (proc.exec_stack ? VMA_X : 0),
		    VMA_STACK) != 0)
		return 0;
	uint8_t random[16];
	proc_random(random);
	// These writes fault the stack pages in (counted as demand-zero).
	if (user_copy_out(str_base, strings, len) != 0 || user_copy_out(rnd, random, 16) != 0 ||
	    user_copy_out(sp, words, n * 8) != 0)
		return 0;
	return sp;
}

void proc_start(int argc, char **argv)
{
	uint64_t len = 0;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (argc > PROC_MAX_ARGS || len > PROC_ARG_BYTES) {
		con_printf("firmware: too many or too long arguments\n");
		proc_exit(EXIT_INTERNAL);
	}
	uint64_t sp = proc_build_stack(argc, argv);
	if (sp == 0) {
		con_printf("firmware: cannot build the initial stack\n");
		proc_exit(EXIT_INTERNAL);
	}
	struct trap_frame *tf = proc.tf;
	memset(tf, 0, sizeof(*tf));
	tf->x[REG_SP] = sp;
	tf->sepc = proc.entry;
	// sret to U-mode (SPP = 0) with interrupts on there (SPIE), SUM off.
	c_sstatus(SSTATUS_SPP | SSTATUS_SUM | SSTATUS_SIE);
	s_sstatus(SSTATUS_SPIE);
	trap_return(tf);
}

// Prints one counter line.
static void proc_stat(const char *name, uint64_t v) { con_printf("firmware.%s %lu\n", name, v); }

void proc_exit(unsigned status)
{
	if (opt.stats) {
		proc_stat("page_faults.file", stats.pf_file);
		proc_stat("page_faults.zero", stats.pf_zero);
		proc_stat("page_faults.ad", stats.pf_ad);
		proc_stat("page_faults.segv", stats.pf_segv);
		proc_stat("frames.in_use", frame_stats.in_use);
		proc_stat("frames.peak", frame_stats.peak);
		proc_stat("frames.total", frame_stats.total);
		proc_stat("syscalls", stats.syscalls);
		proc_stat("timer_interrupts", stats.timer_interrupts);
		proc_stat("exit_status", status);
	}
	power_off(status & 0xff);
}
