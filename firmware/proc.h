// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Processes: a fixed table of PROC_MAX, each with its own Sv39 table,
// ASID (slot + 1), areas, program image and saved user registers; the
// firmware options and counters. One hart: the kernel runs one trap at a
// time on one kernel stack, and `cur` is the process it serves.
#ifndef PROC_H
#define PROC_H

#include <stdint.h>

#include "riscv.h"
#include "trap.h"
#include "vma.h"

#define PROC_MAX_SEGMENTS 16
#define PROC_MAX_ARGS 64
#define PROC_MAX_ENV 64
#define PROC_MAX 16 // processes at once (zombies included); fork → -EAGAIN
#define PROC_INIT_PID 1

// Exit statuses (the machine's exit code through the finisher).
#define EXIT_INTERNAL 125  // firmware error (kernel trap, no UART, bad DT)
#define EXIT_BAD_IMAGE 126 // no program or a bad program image
#define EXIT_SIGNAL(sig) (128 + (sig))
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGKILL 9
#define SIGSEGV 11
#define SIGCHLD 17

// File bytes of one PT_LOAD: [vaddr, vaddr + filesz) <- image[offset..].
struct proc_segment {
	uint64_t vaddr, filesz, offset;
};

enum proc_state { PROC_FREE, PROC_RUNNABLE, PROC_WAITING, PROC_ZOMBIE };

struct proc {
	enum proc_state state;
	int pid, ppid;
	int wstatus;   // for wait4 once a zombie: (code << 8) or the signal
	pte_t *root;
	uint64_t asid; // in effect (0 when the hart has no ASID bits)
	const uint8_t *image;
	uint64_t image_size;
	struct proc_segment seg[PROC_MAX_SEGMENTS];
	unsigned nseg;
	uint64_t entry, phdr_va, phnum, phent;
	int exec_stack;           // PT_GNU_STACK asked for an executable stack
	uint64_t brk_start, brk;  // heap: [brk_start, PAGE_UP(brk)) is mapped
	struct vma vma[VMA_MAX];  // sorted, non-overlapping
	unsigned nvma;
	uint64_t minflt, majflt;           // getrusage: this process
	uint64_t cminflt, cmajflt;         // getrusage: its reaped children
	struct trap_frame tf;     // user registers while not running
};

enum ad_mode {
	AD_EAGER, // new PTEs: A, and D when writable (no A/D faults ever)
	AD_LAZY,  // lazy-ad: new PTEs without A/D (Svade faults set them)
	AD_TRACK, // with a frame limit: A for the access, D only for a store
};

enum policy { POLICY_CLOCK, POLICY_FIFO, POLICY_LRU, POLICY_LFU };

struct options {
	int stats, debug;
	enum ad_mode ad;
	enum policy policy;
	uint64_t frames;  // frames=N: at most N evictable user pages resident (0 = RAM)
	uint64_t tick_us; // tick=US: a timer interrupt every US microseconds
	int tick_set;     // tick= given (lru otherwise gets a default tick)
	int strace;       // strace: a line per system call (strace.c)
	uint64_t vmev_pa; // the VM event port (vmev.h; device tree), 0 = do not record
};

struct stats {
	uint64_t pf_file, pf_zero, pf_ad, pf_segv, pf_swap, pf_cow;
	uint64_t evictions, dropped; // evictions: all; dropped: clean file pages
	uint64_t swap_reads, swap_writes;
	uint64_t syscalls, timer_interrupts, switches;
	uint64_t timebase_hz;
};

extern struct proc procs[PROC_MAX];
extern struct proc *cur;
extern struct options opt;
extern struct stats stats;

// Name of the replacement policy ("clock", "fifo", "lru").
const char *proc_policy_name(void);
// A free slot as a new process (state RUNNABLE, pid assigned, ASID of the
// slot, a fresh table with the kernel's leaves), or 0 (table full or no
// frame for the table).
struct proc *proc_alloc(int ppid);
// Lays out argc/argv/envp/auxv on a new stack of cur and points its saved
// registers at the entry (envp NULL-terminated, or 0 for none). Returns
// 0, or -1 (too many or too long strings, or no memory for the stack).
int proc_setup_stack(int argc, char **argv, char **envp);
// Frees every user page, swap slot and table page of p (cur's table
// switches to the kernel's first), and its areas.
void proc_release_memory(struct proc *p);
// cur exits with status (exit/exit_group: code & 0xff) or is killed by
// signal sig (proc_die). pid 1 ending ends the machine (code, or
// 128 + sig). Never returns: runs the next process.
void proc_exit(unsigned status) __attribute__((noreturn));
void proc_die(int sig) __attribute__((noreturn));
// Ends the machine with status after printing the counters (stats).
void proc_halt(unsigned status) __attribute__((noreturn));
// Switches to the next runnable process after cur (round robin; cur
// itself if it is the only one) and returns its saved registers.
struct trap_frame *proc_schedule(void);
// Makes p the running process (satp with its ASID).
void proc_switch_to(struct proc *p);
// The process with pid, or 0.
struct proc *proc_by_pid(int pid);
// A new process or thread id (pids and tids count together, as Linux's).
int proc_new_id(void);

#endif
