// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Virtual-memory events for rvmmu's recorder (`rvmmu run --report`,
// `rvmmu policies`): page faults, evictions, swap I/O, A-bit scan
// references, unmaps, and each process's areas and pages when it ends.
// They go to an MMIO event port (device tree compatible
// "rvmmu,vm-events") that exists only when the host records; without it
// every vmev_* call is one test of opt.vmev_pa.
//
// Port registers (64-bit): +0x08..+0x30 arguments a0..a5, +0x00 the
// event type (the store that commits the event). Every event carries
//   a4 = user pages resident now, a5 = instret (guest instructions).
// Position: the user instructions the process has retired so far
// (entry.S's count, summed per process): an exact place in the
// program's own reference string, the same whatever the policy.
#ifndef VMEV_H
#define VMEV_H

#include <stdint.h>

#include "proc.h"

// Event types (a0..a3 as listed).
#define VMEV_FAULT 1 // a0 = kind | access << 8 | pid << 16, a1 = va, a2 = pc, a3 = position
#define VMEV_EVICT 2 // a0 = pid | dirty << 32 | written << 33, a1 = va, a2 = sharers, a3 = position
#define VMEV_SWAP 3  // a0 = 0 read / 1 write, a1 = slot
#define VMEV_REF 4   // a0 = pid, a1 = va, a3 = position (A found set by a scan)
#define VMEV_UNMAP 5 // a0 = pid, a1 = va, a3 = position (a resident page freed by munmap/exec)
#define VMEV_VMA 6   // a0 = pid | kind << 32 | prot << 40, a1 = start, a2 = end (at exit)
#define VMEV_PAGE 7  // a0 = pid | state << 32, a1 = va (at exit; untouched pages are not sent)
#define VMEV_POLICY 8 // a0 = enum policy, a1 = frames=N, a2 = swap slots (at start)

// VMEV_FAULT kinds.
enum vmev_fault_kind {
	VMEV_F_ZERO = 0, // demand-zero page (minor)
	VMEV_F_FILE = 1, // filled from the program image (minor)
	VMEV_F_SWAP = 2, // read back from swap (major)
	VMEV_F_COW = 3,  // store to a copy-on-write page (minor, no page-in)
	VMEV_F_AD = 4,   // A/D fault on a resident page (no page-in)
};

// VMEV_PAGE states.
enum vmev_page_state {
	VMEV_P_RESIDENT = 0, // resident, private
	VMEV_P_SWAPPED = 1,  // in swap
	VMEV_P_COW = 2,      // resident, shared copy-on-write with another process
	VMEV_P_FILE = 3,     // resident, a clean copy of the program image
};

// The port's physical address from the device tree (0: no recording).
void vmev_init(uint64_t pa);
// Events are recorded when opt.vmev_pa (the port) is nonzero. Every call
// below tests it inline first: a run that does not record pays one load
// (of the options, which the kernel reads on every trap anyway) and one
// branch per call site.

// The out-of-line senders behind the inline calls below.
void vmev_user_insns_add(uint64_t n);
void vmev_fault_send(enum vmev_fault_kind kind, uint64_t va, unsigned access);
void vmev_evict_send(int pid, uint64_t va, unsigned sharers, int dirty, int written);
void vmev_swap_send(int write, uint64_t slot);
void vmev_ref_send(const struct proc *p, uint64_t va);
void vmev_unmap_send(const struct proc *p, uint64_t va);
void vmev_proc_exit_send(const struct proc *p);
void vmev_halt_send(void);

// entry.S's user-instruction count of the trap just taken, for cur.
static inline void vmev_user_insns(uint64_t n)
{
	if (opt.vmev_pa)
		vmev_user_insns_add(n);
}
// A resolved page fault of cur at va (access: enum fault_access); the pc
// is sepc (the ecall for a fault the kernel took on the process's behalf).
static inline void vmev_fault(enum vmev_fault_kind kind, uint64_t va, unsigned access)
{
	if (opt.vmev_pa)
		vmev_fault_send(kind, va, access);
}
static inline void vmev_evict(int pid, uint64_t va, unsigned sharers, int dirty, int written)
{
	if (opt.vmev_pa)
		vmev_evict_send(pid, va, sharers, dirty, written);
}
static inline void vmev_swap(int write, uint64_t slot)
{
	if (opt.vmev_pa)
		vmev_swap_send(write, slot);
}
// A scan found A set on p's page at va.
static inline void vmev_ref(const struct proc *p, uint64_t va)
{
	if (opt.vmev_pa)
		vmev_ref_send(p, va);
}
// munmap freed p's resident page at va.
static inline void vmev_unmap(const struct proc *p, uint64_t va)
{
	if (opt.vmev_pa)
		vmev_unmap_send(p, va);
}
// The areas and touched pages of p (before its memory is released).
static inline void vmev_proc_exit(const struct proc *p)
{
	if (opt.vmev_pa)
		vmev_proc_exit_send(p);
}
// vmev_proc_exit for every process that still has memory (machine end).
static inline void vmev_halt(void)
{
	if (opt.vmev_pa)
		vmev_halt_send();
}

#endif
