/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * vm: Sv39 page tables for the U-mode variants of the guest programs.
 *
 * See vm.h for the address map. Page-table frames come from a bump
 * allocator that starts at the first page after _end; M-mode reads and
 * writes them untranslated, and the program never sees them.
 *
 * Build with -DVM_MEGAPAGES for 2 MiB leaves instead of 4 KiB ones.
 */
#include "vm.h"

#include "rt.h"

#include <stddef.h>

/* Exit code of a set-up failure or an unexpected trap (as crt0.S). */
#define VM_FAIL_EXIT_CODE 99

/* ------------------------------------------------------------------ */
/* Sv39 (Privileged spec 20211203, 4.4)                               */

#define VM_PAGE_SHIFT 12
#define VM_PAGE_SIZE (1ull << VM_PAGE_SHIFT)
#define VM_LEVELS 3		 /* Sv39: LEVELS = 3 */
#define VM_VPN_BITS 9		 /* each VPN[i] field */
#define VM_PTES_PER_TABLE 512	 /* PAGESIZE / PTESIZE */
#define VM_PTE_PPN_SHIFT 10	 /* PTE bits 53:10 hold the PPN */

/* PTE flag bits (4.3.1, figure 4.18). */
#define VM_PTE_V (1ull << 0)
#define VM_PTE_R (1ull << 1)
#define VM_PTE_W (1ull << 2)
#define VM_PTE_X (1ull << 3)
#define VM_PTE_U (1ull << 4)
#define VM_PTE_A (1ull << 6)
#define VM_PTE_D (1ull << 7)

/* satp (4.1.11): MODE in bits 63:60 (8 = Sv39), ASID in 59:44, PPN 43:0. */
#define VM_SATP_MODE_SV39 (8ull << 60)
#define VM_SATP_ASID_SHIFT 44
#define VM_ASID 1ull

/* mstatus.MPP (3.1.6.1) and the PMP encoding (3.7.1). */
#define VM_PMPCFG_R (1ull << 0)
#define VM_PMPCFG_W (1ull << 1)
#define VM_PMPCFG_X (1ull << 2)
#define VM_PMPCFG_NAPOT (3ull << 3)
/* pmpaddr with every implemented bit set: NAPOT over the whole space. */
#define VM_PMPADDR_ALL (~0ull >> 10)

/* Counters readable below M-mode (3.1.11, 4.1.3): CY, TM, IR. */
#define VM_COUNTEREN_CY_TM_IR 7ull

/* Leaf level and size: level 0 = 4 KiB pages, level 1 = 2 MiB megapages. */
#ifdef VM_MEGAPAGES
#define VM_LEAF_LEVEL 1
#else
#define VM_LEAF_LEVEL 0
#endif
#define VM_LEAF_SHIFT (VM_PAGE_SHIFT + VM_LEAF_LEVEL * VM_VPN_BITS)
#define VM_LEAF_SIZE (1ull << VM_LEAF_SHIFT)

/* At most this many page-table frames (32 KiB): a root, one level-1
 * table and leaf tables for 12 MiB of program, far more than needed. */
#define VM_MAX_FRAMES 8

typedef uint64_t vm_pte_t;

_Static_assert(sizeof(vm_pte_t) * VM_PTES_PER_TABLE == VM_PAGE_SIZE,
	       "an Sv39 page table fills one page");

/* Linker-script symbols (link.ld) and the HTIF page (rt.c). */
extern char _start[];
extern char _end[];
extern volatile uint64_t tohost;

#define vm_csr_write(csr, value) __asm__ volatile("csrw " #csr ", %0" : : "r"(value) : "memory")

/* ------------------------------------------------------------------ */
/* Failing                                                            */

__attribute__((noreturn)) static void vm_fail(const char *what, uint64_t value)
{
	rt_puts("vm: ");
	rt_puts(what);
	rt_puts(" ");
	rt_put_hex(value);
	rt_puts("\n");
	rt_exit(VM_FAIL_EXIT_CODE);
}

void vm_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
	rt_puts("vm: unexpected trap mcause ");
	rt_put_hex(mcause);
	rt_puts(" mepc ");
	rt_put_hex(mepc);
	rt_puts(" mtval ");
	rt_put_hex(mtval);
	rt_puts("\n");
	rt_exit(VM_FAIL_EXIT_CODE);
}

/* ------------------------------------------------------------------ */
/* Page-table frames                                                  */

static uint64_t vm_align_down(uint64_t x, uint64_t size)
{
	return x & ~(size - 1);
}

static uint64_t vm_align_up(uint64_t x, uint64_t size)
{
	return vm_align_down(x + size - 1, size);
}

static unsigned vm_frames_used;

/* Returns a zeroed page-table frame from the pages after _end. */
static vm_pte_t *vm_frame_alloc(void)
{
	if (vm_frames_used >= VM_MAX_FRAMES)
		vm_fail("out of page-table frames after", (uint64_t)vm_frames_used);

	uint64_t pa = vm_align_up((uint64_t)(uintptr_t)_end, VM_PAGE_SIZE) +
		      (uint64_t)vm_frames_used * VM_PAGE_SIZE;
	vm_pte_t *table = (vm_pte_t *)(uintptr_t)pa;

	vm_frames_used++;
	for (size_t i = 0; i < VM_PTES_PER_TABLE; i++)
		table[i] = 0;
	return table;
}

/* ------------------------------------------------------------------ */
/* Mapping                                                            */

static vm_pte_t vm_pte(uint64_t pa, uint64_t flags)
{
	return (pa >> VM_PAGE_SHIFT) << VM_PTE_PPN_SHIFT | flags;
}

static uint64_t vm_pte_pa(vm_pte_t pte)
{
	return (pte >> VM_PTE_PPN_SHIFT) << VM_PAGE_SHIFT;
}

/* VPN[level] of va (4.4.1). */
static size_t vm_vpn(uint64_t va, int level)
{
	return (size_t)(va >> (VM_PAGE_SHIFT + level * VM_VPN_BITS)) & (VM_PTES_PER_TABLE - 1);
}

/* Installs the leaf va -> pa at VM_LEAF_LEVEL, creating the tables on the
 * way. Non-leaf PTEs carry V only: their A, D and U bits are reserved and
 * must be zero (4.3.1). */
static void vm_map_leaf(vm_pte_t *root, uint64_t va, uint64_t pa, uint64_t flags)
{
	vm_pte_t *table = root;

	for (int level = VM_LEVELS - 1; level > VM_LEAF_LEVEL; level--) {
		vm_pte_t *pte = &table[vm_vpn(va, level)];

		if ((*pte & VM_PTE_V) == 0)
			*pte = vm_pte((uint64_t)(uintptr_t)vm_frame_alloc(), VM_PTE_V);
		else if ((*pte & (VM_PTE_R | VM_PTE_W | VM_PTE_X)) != 0)
			vm_fail("a leaf is in the way of", va);
		table = (vm_pte_t *)(uintptr_t)vm_pte_pa(*pte);
	}

	vm_pte_t *leaf = &table[vm_vpn(va, VM_LEAF_LEVEL)];

	if ((*leaf & VM_PTE_V) != 0)
		vm_fail("mapped twice:", va);
	*leaf = vm_pte(pa, flags | VM_PTE_V);
}

/* Maps [start, end) onto itself with leaves of VM_LEAF_SIZE. */
static void vm_map_identity(vm_pte_t *root, uint64_t start, uint64_t end, uint64_t flags)
{
	for (uint64_t va = vm_align_down(start, VM_LEAF_SIZE); va < end; va += VM_LEAF_SIZE)
		vm_map_leaf(root, va, va, flags);
}

/* ------------------------------------------------------------------ */

void vm_init(void)
{
	vm_pte_t *root = vm_frame_alloc();
	uint64_t text = (uint64_t)(uintptr_t)_start;
	/* link.ld starts the data segment with the page holding tohost. */
	uint64_t data = vm_align_down((uint64_t)(uintptr_t)&tohost, VM_PAGE_SIZE);
	uint64_t end = (uint64_t)(uintptr_t)_end;

	if (text >= data || data >= end)
		vm_fail("unexpected layout, tohost at", data);

#ifdef VM_MEGAPAGES
	/* Text and data share a megapage: one set of permissions for both. */
	vm_map_identity(root, text, end,
			VM_PTE_R | VM_PTE_W | VM_PTE_X | VM_PTE_U | VM_PTE_A | VM_PTE_D);
#else
	vm_map_identity(root, text, data, VM_PTE_R | VM_PTE_X | VM_PTE_U | VM_PTE_A);
	vm_map_identity(root, data, end, VM_PTE_R | VM_PTE_W | VM_PTE_U | VM_PTE_A | VM_PTE_D);
#endif

	/* U-mode needs a PMP entry that allows it (3.7.1): one NAPOT region
	 * over everything. No trap, no interrupt is delegated. */
	vm_csr_write(pmpaddr0, VM_PMPADDR_ALL);
	vm_csr_write(pmpcfg0, VM_PMPCFG_NAPOT | VM_PMPCFG_R | VM_PMPCFG_W | VM_PMPCFG_X);
	vm_csr_write(medeleg, 0ull);
	vm_csr_write(mideleg, 0ull);
	vm_csr_write(mie, 0ull);

	/* rdinstret (and rdcycle, rdtime) from U-mode. */
	vm_csr_write(mcounteren, VM_COUNTEREN_CY_TM_IR);
	vm_csr_write(scounteren, VM_COUNTEREN_CY_TM_IR);

	/* Order the page-table stores before the first implicit walk, and
	 * drop whatever might be cached once satp is set (4.2.1). */
	__asm__ volatile("sfence.vma" : : : "memory");
	vm_csr_write(satp, VM_SATP_MODE_SV39 | VM_ASID << VM_SATP_ASID_SHIFT |
				   (uint64_t)(uintptr_t)root >> VM_PAGE_SHIFT);
	__asm__ volatile("sfence.vma" : : : "memory");
}
