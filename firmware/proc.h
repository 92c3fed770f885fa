// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The one process: its address space, its program image, its exit; the
// firmware options and counters.
#ifndef PROC_H
#define PROC_H

#include <stdint.h>

#include "riscv.h"
#include "trap.h"

#define PROC_MAX_SEGMENTS 16
#define PROC_MAX_ARGS 64
#define PROC_PID 1
#define PROC_ASID 1

// Exit statuses (the machine's exit code through the finisher).
#define EXIT_INTERNAL 125  // firmware error (kernel trap, no UART, bad DT)
#define EXIT_BAD_IMAGE 126 // no program or a bad program image
#define EXIT_SIGNAL(sig) (128 + (sig))
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGKILL 9
#define SIGSEGV 11

// File bytes of one PT_LOAD: [vaddr, vaddr + filesz) <- image[offset..].
struct proc_segment {
	uint64_t vaddr, filesz, offset;
};

struct proc {
	pte_t *root;
	uint64_t asid; // in effect (0 when the hart has no ASID bits)
	const uint8_t *image;
	uint64_t image_size;
	struct proc_segment seg[PROC_MAX_SEGMENTS];
	unsigned nseg;
	uint64_t entry, phdr_va, phnum, phent;
	int exec_stack;           // PT_GNU_STACK asked for an executable stack
	uint64_t brk_start, brk;  // heap: [brk_start, PAGE_UP(brk)) is mapped
	struct trap_frame *tf;
};

struct options {
	int stats, debug;
	int lazy_ad;      // lazy-ad: new PTEs have A = D = 0
	uint64_t frames;  // frames=N: at most N frames in use (0 = all)
	uint64_t tick_us; // tick=US: a timer interrupt every US microseconds
};

struct stats {
	uint64_t pf_file, pf_zero, pf_ad, pf_segv;
	uint64_t syscalls, timer_interrupts;
	uint64_t timebase_hz;
};

extern struct proc proc;
extern struct options opt;
extern struct stats stats;

// Lays out argc/argv/envp/auxv on a new stack and runs the program in
// U-mode; never returns.
void proc_start(int argc, char **argv) __attribute__((noreturn));
// Ends the process (and the machine) with status; prints the counters
// first with the `stats` option.
void proc_exit(unsigned status) __attribute__((noreturn));

#endif
