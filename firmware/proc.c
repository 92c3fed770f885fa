// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Process start (the Linux initial stack, ELF ABI section 3.4.1 of the
// RISC-V psABI / System V gABI) and exit.
#include "proc.h"
#include "fpu.h"

#include "con.h"
#include "file.h"
#include "filemap.h"
#include "frame.h"
#include "lib.h"
#include "mach.h"
#include "memlayout.h"
#include "page.h"
#include "pagecache.h"
#include "power.h"
#include "swap.h"
#include "signal.h"
#include "thread.h"
#include "user.h"
#include "vm.h"
#include "vma.h"
#include "vmev.h"

struct proc procs[PROC_MAX];
struct proc *cur = &procs[0];
struct options opt;
struct stats stats;
static int proc_next_pid = PROC_INIT_PID;
static uint64_t proc_created;

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
#define AT_MINSIGSTKSZ 51
#define PROC_NAUX 16
#define PROC_MINSIGSTKSZ 2048 // asm-generic MINSIGSTKSZ
#define PROC_CLK_TCK 100

#define PROC_ARG_BYTES 8192

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
//   STACK_TOP -> argv strings, then envp strings (NUL-terminated)
//                16 random bytes (AT_RANDOM), 16-byte aligned
//                auxv pairs ... AT_NULL
//                envp[0..envc-1], NULL
//                argv[0..argc-1], NULL
//   sp ->        argc                        (sp 16-byte aligned)
//
// AT_EXECFN points at argv[0]'s string; the ids are 0 (the firmware's
// programs run as root).
static uint64_t proc_build_stack(int argc, char **argv, int envc, char **envp)
{
	static char strings[PROC_ARG_BYTES];
	static uint64_t words[1 + PROC_MAX_ARGS + 1 + PROC_MAX_ENV + 1 + 2 * PROC_NAUX];
	uint64_t len = 0;
	for (int i = 0; i < argc + envc; i++)
		len += strlen(i < argc ? argv[i] : envp[i - argc]) + 1;
	uint64_t str_base = STACK_TOP - len;
	uint64_t rnd = (str_base - 16) & ~15UL;
	unsigned n = 0;
	words[n++] = argc;
	uint64_t s = str_base, off = 0;
	for (int i = 0; i < argc + envc; i++) {
		const char *str = i < argc ? argv[i] : envp[i - argc];
		uint64_t l = strlen(str) + 1;
		memcpy(strings + off, str, l);
		words[n++] = s;
		s += l;
		off += l;
		if (i == argc - 1)
			words[n++] = 0; // argv terminator
	}
	if (argc == 0)
		words[n++] = 0;
	words[n++] = 0; // envp terminator
	// Linux's AT_HWCAP: one bit per single-letter extension, as in misa.
	uint64_t hwcap = mach_misa & ((1UL << 26) - 1);
	uint64_t aux[PROC_NAUX][2] = {
		{ AT_PAGESZ, PAGE_SIZE }, { AT_PHDR, cur->phdr_va },   { AT_PHENT, cur->phent },
		{ AT_PHNUM, cur->phnum }, { AT_ENTRY, cur->entry },    { AT_RANDOM, rnd },
		{ AT_HWCAP, hwcap },      { AT_UID, 0 },	       { AT_EUID, 0 },
		{ AT_GID, 0 },		  { AT_EGID, 0 },	       { AT_SECURE, 0 },
		{ AT_CLKTCK, PROC_CLK_TCK }, { AT_EXECFN, str_base }, { AT_MINSIGSTKSZ, PROC_MINSIGSTKSZ },
		{ AT_NULL, 0 },
	};
	for (unsigned i = 0; i < PROC_NAUX; i++) {
		words[n++] = aux[i][0];
		words[n++] = aux[i][1];
	}
	uint64_t sp = (rnd - n * 8) & ~15UL;

	// The stack area: enough pages for the above; growth happens on faults.
	if (vma_add(PAGE_DOWN(sp), STACK_TOP, VMA_R | VMA_W | (cur->exec_stack ? VMA_X : 0),
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

int proc_setup_stack(int argc, char **argv, char **envp)
{
	int envc = 0;
	while (envp && envp[envc])
		envc++;
	uint64_t len = 0;
	for (int i = 0; i < argc + envc; i++)
		len += strlen(i < argc ? argv[i] : envp[i - argc]) + 1;
	if (argc > PROC_MAX_ARGS || envc > PROC_MAX_ENV || len > PROC_ARG_BYTES)
		return -1;
	uint64_t sp = proc_build_stack(argc, argv, envc, envp);
	if (sp == 0)
		return -1;
	struct trap_frame *tf = &cur->tf;
	memset(tf, 0, sizeof(*tf));
	fpu_forget();
	tf->x[REG_SP] = sp;
	tf->sepc = cur->entry;
	return 0;
}

const char *proc_policy_name(void)
{
	if (opt.policy == POLICY_LFU)
		return "lfu";
	return opt.policy == POLICY_FIFO ? "fifo" : opt.policy == POLICY_LRU ? "lru" : "clock";
}

struct proc *proc_by_pid(int pid)
{
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE && procs[i].pid == pid)
			return &procs[i];
	return 0;
}

int proc_new_id(void) { return proc_next_pid++; }

struct proc *proc_alloc(int ppid)
{
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = &procs[i];
		if (p->state != PROC_FREE)
			continue;
		pte_t *root = vm_new_table();
		if (root == 0)
			return 0;
		memset(p, 0, sizeof(*p));
		fpu_forget();
		p->state = PROC_RUNNABLE;
		p->pid = proc_next_pid++;
		p->ppid = ppid;
		p->root = root;
		p->asid = vm_asid_for(i + 1);
		// Nothing of an earlier process with this ASID may remain.
		sfence_vma_asid(p->asid);
		thread_attach_main(p);
		proc_created++;
		return p;
	}
	return 0;
}

void proc_switch_to(struct proc *p)
{
	cur = p;
	vm_activate(p->root, p->asid);
}

// Drops what one PTE holds (no fence: the whole ASID is fenced after).
static void proc_drop_pte(void *ctx, uint64_t va, pte_t *pte)
{
	(void)ctx;
	(void)va;
	pte_t old = *pte;
	*pte = 0;
	if (old & PTE_V)
		page_put(PTE_PA(old));
	else if (PTE_IS_SWAP(old))
		swap_put(PTE_SWAP_SLOT(old));
}

void proc_release_memory(struct proc *p)
{
	if (p->root == 0)
		return;
	if (p == cur)
		vm_activate_kernel(); // the table is about to go
	filemap_release(p); // dirty shared file pages to their files first
	vm_for_each_user(p->root, proc_drop_pte, 0);
	vm_free_tables(p->root);
	p->root = 0;
	sfence_vma_asid(p->asid);
	p->nvma = 0;
}

// The threads' scheduler (thread.c) picks the next thread of any process.
struct trap_frame *proc_schedule(void) { return sched_next(); }

// Ends cur with the wait4 status wstatus; pid 1 ends the machine with
// machine_status.
__attribute__((noreturn)) static void proc_end(int wstatus, unsigned machine_status)
{
	struct proc *p = cur;
	vmev_proc_exit(p);
	if (p->pid == PROC_INIT_PID)
		proc_halt(machine_status);
	file_exit(p);
	proc_release_memory(p);
	thread_proc_ended(p);
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *q = &procs[i];
		if (q->state == PROC_FREE || q->ppid != p->pid || q == p)
			continue;
		if (q->state == PROC_ZOMBIE)
			q->state = PROC_FREE; // nobody can wait for it any more
		else
			q->ppid = PROC_INIT_PID;
	}
	p->wstatus = wstatus;
	struct proc *parent = proc_by_pid(p->ppid);
	if (parent == 0) {
		p->state = PROC_FREE;
	} else {
		p->state = PROC_ZOMBIE;
		if (parent->state == PROC_WAITING)
			parent->state = PROC_RUNNABLE;
		thread_wake_child_waiters(parent);
		signal_child_ended(parent, p);
	}
	trap_return(proc_schedule());
}

void proc_exit(unsigned status) { proc_end((int)((status & 0xff) << 8), status & 0xff); }

void proc_die(int sig) { proc_end(sig & 0x7f, EXIT_SIGNAL(sig)); }

// Prints one counter line.
static void proc_stat(const char *name, uint64_t v) { con_printf("firmware.%s %lu\n", name, v); }

void proc_halt(unsigned status)
{
	vmev_halt();
	pagecache_sync_all(); // mapped files get their stores before the machine ends
	if (opt.stats) {
		proc_stat("page_faults.file", stats.pf_file);
		proc_stat("page_faults.zero", stats.pf_zero);
		proc_stat("page_faults.ad", stats.pf_ad);
		proc_stat("page_faults.segv", stats.pf_segv);
		proc_stat("page_faults.swap_in", stats.pf_swap);
		proc_stat("page_faults.cow", stats.pf_cow);
		con_printf("firmware.evictions.%s %lu\n", proc_policy_name(), stats.evictions);
		proc_stat("evictions.dropped", stats.dropped);
		proc_stat("swap.writes", stats.swap_writes);
		pagecache_print_stats();
		proc_stat("swap.reads", stats.swap_reads);
		proc_stat("swap.slots_in_use", swap_used);
		proc_stat("frames.in_use", frame_stats.in_use);
		proc_stat("frames.peak", frame_stats.peak);
		proc_stat("frames.total", frame_stats.total);
		proc_stat("frames.user", page_resident);
		proc_stat("frames.locked", page_locked);
		if (opt.frames)
			proc_stat("frames.free", opt.frames > page_resident ? opt.frames - page_resident : 0);
		proc_stat("processes", proc_created);
		proc_stat("syscalls", stats.syscalls);
		proc_stat("timer_interrupts", stats.timer_interrupts);
		proc_stat("exit_status", status);
	}
	con_flush();
	power_off(status & 0xff);
}
