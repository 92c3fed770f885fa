// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Virtual-memory events to rvmmu's recorder (see vmev.h).
#include "vmev.h"

#include "con.h"
#include "frame.h"
#include "memlayout.h"
#include "page.h"
#include "swap.h"
#include "vm.h"

#define VMEV_REG_TYPE 0x00
#define VMEV_REG_ARG0 0x08

// User instructions retired by the process in each slot since it was
// created (vmev_pos_pid says whose count it is: slots are reused), and
// the pid whose areas a slot last sent.
static uint64_t vmev_pos[PROC_MAX];
static int vmev_pos_pid[PROC_MAX], vmev_dumped_pid[PROC_MAX];

static inline uint64_t vmev_instret(void)
{
	uint64_t x;
	__asm__ volatile("csrr %0, instret" : "=r"(x));
	return x;
}

static inline uint64_t vmev_sepc(void)
{
	uint64_t x;
	__asm__ volatile("csrr %0, sepc" : "=r"(x));
	return x;
}

// Sends one event: the arguments, then the type (which commits it).
static void vmev_send(uint64_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	volatile uint64_t *r = (volatile uint64_t *)(opt.vmev_pa + io_offset);
	const uint64_t a[6] = { a0, a1, a2, a3, page_resident, vmev_instret() };
	for (unsigned i = 0; i < 6; i++)
		r[VMEV_REG_ARG0 / 8 + i] = a[i];
	r[VMEV_REG_TYPE / 8] = type;
}

static unsigned vmev_slot(const struct proc *p) { return (unsigned)(p - procs) % PROC_MAX; }

// The position of p: its user instructions retired so far.
static uint64_t *vmev_position(const struct proc *p)
{
	unsigned s = vmev_slot(p);
	if (vmev_pos_pid[s] != p->pid) {
		vmev_pos_pid[s] = p->pid;
		vmev_pos[s] = 0;
	}
	return &vmev_pos[s];
}

void vmev_init(uint64_t pa)
{
	opt.vmev_pa = pa;
	if (pa)
		vmev_send(VMEV_POLICY, opt.policy, opt.frames, swap_slots, 0);
}

void vmev_user_insns_add(uint64_t n)
{
	if (cur)
		*vmev_position(cur) += n;
}

void vmev_fault_send(enum vmev_fault_kind kind, uint64_t va, unsigned access)
{
	vmev_send(VMEV_FAULT, (uint64_t)kind | (uint64_t)access << 8 | (uint64_t)cur->pid << 16,
		  PAGE_DOWN(va), vmev_sepc(), *vmev_position(cur));
}

void vmev_evict_send(int pid, uint64_t va, unsigned sharers, int dirty, int written)
{
	vmev_send(VMEV_EVICT, (uint32_t)pid | (uint64_t)(dirty != 0) << 32 | (uint64_t)(written != 0) << 33,
		  va, sharers, 0);
}

void vmev_swap_send(int write, uint64_t slot)
{
	vmev_send(VMEV_SWAP, write != 0, slot, 0, 0);
}

void vmev_ref_send(const struct proc *p, uint64_t va)
{
	vmev_send(VMEV_REF, (uint64_t)p->pid, va, 0, *vmev_position(p));
}

void vmev_unmap_send(const struct proc *p, uint64_t va)
{
	vmev_send(VMEV_UNMAP, (uint64_t)p->pid, va, 0, *vmev_position(p));
}

// The state of one page at exit; -1 when never touched (or dropped).
static int vmev_page_state(const struct proc *p, uint64_t va)
{
	pte_t *pte = vm_walk(p->root, va, 0);
	if (pte == 0 || *pte == 0)
		return -1;
	if (!(*pte & PTE_V))
		return PTE_IS_SWAP(*pte) ? VMEV_P_SWAPPED : -1;
	const struct frame_info *fi = frame_info(PTE_PA(*pte));
	if (fi && fi->ref > 1)
		return VMEV_P_COW;
	if (fi && (fi->flags & FI_FILE) && !(*pte & PTE_D))
		return VMEV_P_FILE;
	return VMEV_P_RESIDENT;
}

void vmev_proc_exit_send(const struct proc *p)
{
	unsigned s = vmev_slot(p);
	if (p->root == 0 || vmev_dumped_pid[s] == p->pid)
		return;
	vmev_dumped_pid[s] = p->pid;
	for (unsigned i = 0; i < p->nvma; i++) {
		const struct vma *v = &p->vma[i];
		vmev_send(VMEV_VMA, (uint32_t)p->pid | (uint64_t)v->kind << 32 | (uint64_t)v->prot << 40,
			  v->start, v->end, 0);
		for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
			int st = vmev_page_state(p, va);
			if (st >= 0)
				vmev_send(VMEV_PAGE, (uint32_t)p->pid | (uint64_t)st << 32, va, 0, 0);
		}
	}
}

void vmev_halt_send(void)
{
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE)
			vmev_proc_exit_send(&procs[i]);
}
