// SPDX-License-Identifier: MIT OR Apache-2.0
#include "vm.h"

#include "con.h"
#include "frame.h"
#include "lib.h"
#include "memlayout.h"

static pte_t *vm_kernel_root;
static uint64_t vm_kernel_lo, vm_kernel_hi; // RAM identity map, 1 GiB rounded
static int vm_new_nonleaf; // vm_walk added a non-leaf PTE since the last fence
static uint64_t vm_asid_max; // the largest ASID satp keeps (0: no ASID bits)

int vm_init(uint64_t ram_base, uint64_t ram_size)
{
	vm_kernel_root = (pte_t *)frame_alloc();
	if (vm_kernel_root == 0)
		return -1;
	vm_kernel_lo = ram_base & ~(GIGA_SIZE - 1);
	vm_kernel_hi = (ram_base + ram_size + GIGA_SIZE - 1) & ~(GIGA_SIZE - 1);
	// RAM: kernel code, data, stacks, frames, the initrd and the DT.
	for (uint64_t a = vm_kernel_lo; a < vm_kernel_hi; a += GIGA_SIZE)
		vm_kernel_root[VPN(a, 2)] =
			PA_PTE(a) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;
	// Devices: PA 0 .. 4 GiB at IO_WINDOW, readable and writable only.
	for (uint64_t g = 0; g < IO_WINDOW_GIGAS; g++)
		vm_kernel_root[VPN(IO_WINDOW + g * GIGA_SIZE, 2)] =
			PA_PTE(g * GIGA_SIZE) | PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D;
	// ASIDLEN (section 4.1.11): the ASID bits satp keeps of all ones.
	w_satp(MAKE_SATP(vm_kernel_root, SATP_ASID_MASK));
	vm_asid_max = (r_satp() >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
	w_satp(MAKE_SATP(vm_kernel_root, 0));
	sfence_vma_all(); // paging just came on: nothing cached may stay
	io_offset = IO_WINDOW;
	return 0;
}

uint64_t vm_asid_for(uint64_t want) { return want <= vm_asid_max ? want : 0; }

void vm_activate_kernel(void) { vm_activate(vm_kernel_root, 0); }

int vm_is_kernel_range(uint64_t lo, uint64_t hi)
{
	return lo < vm_kernel_hi && hi > vm_kernel_lo;
}

uint64_t vm_kernel_base(void) { return vm_kernel_lo; }

pte_t *vm_new_table(void)
{
	pte_t *root = (pte_t *)frame_alloc();
	if (root == 0)
		return 0;
	// The same global leaves in every table: entries of the root level.
	for (unsigned i = 0; i < 512; i++)
		if (vm_kernel_root[i] & PTE_G)
			root[i] = vm_kernel_root[i];
	return root;
}

void vm_activate(pte_t *root, uint64_t asid)
{
	w_satp(MAKE_SATP(root, asid));
	// Every process has its own ASID and each change to a table is fenced
	// for its ASID, so a switch needs no fence (section 4.2.1) -- unless
	// the hart has no ASID bits: then all processes share ASID 0 and its
	// non-global translations must go (the kernel's global leaves stay).
	if (asid == 0 && vm_asid_max == 0)
		sfence_vma_asid(0);
}

void vm_for_each_in(pte_t *root, uint64_t lo, uint64_t hi,
		    void (*fn)(void *ctx, uint64_t va, pte_t *pte), void *ctx)
{
	hi = MIN(hi, USER_TOP);
	// Each step either enters a table or skips the whole span an absent
	// (or leaf) level-2/level-1 entry covers: 1 GiB or 2 MiB at once.
	for (uint64_t va = PAGE_DOWN(lo); va < hi;) {
		pte_t e2 = root[VPN(va, 2)];
		if (!(e2 & PTE_V) || PTE_IS_LEAF(e2)) {
			va = (va | (GIGA_SIZE - 1)) + 1;
			continue;
		}
		pte_t e1 = ((pte_t *)PTE_PA(e2))[VPN(va, 1)];
		if (!(e1 & PTE_V) || PTE_IS_LEAF(e1)) {
			va = (va | (MEGA_SIZE - 1)) + 1;
			continue;
		}
		pte_t *t0 = (pte_t *)PTE_PA(e1);
		uint64_t end = MIN(hi, (va | (MEGA_SIZE - 1)) + 1);
		for (; va < end; va += PAGE_SIZE)
			if (t0[VPN(va, 0)])
				fn(ctx, va, &t0[VPN(va, 0)]);
	}
}

void vm_for_each_user(pte_t *root, void (*fn)(void *ctx, uint64_t va, pte_t *pte), void *ctx)
{
	vm_for_each_in(root, 0, USER_TOP, fn, ctx);
}

void vm_free_tables(pte_t *root)
{
	for (uint64_t i2 = 0; i2 < VPN(USER_TOP - 1, 2) + 1; i2++) {
		pte_t e2 = root[i2];
		if (!(e2 & PTE_V) || PTE_IS_LEAF(e2))
			continue;
		pte_t *t1 = (pte_t *)PTE_PA(e2);
		for (uint64_t i1 = 0; i1 < 512; i1++)
			if ((t1[i1] & PTE_V) && !PTE_IS_LEAF(t1[i1]))
				frame_free(PTE_PA(t1[i1]));
		frame_free((uint64_t)t1);
	}
	frame_free((uint64_t)root);
}

void vm_fence_new_tables(uint64_t asid)
{
	if (vm_new_nonleaf) {
		vm_new_nonleaf = 0;
		sfence_vma_asid(asid);
	}
}

pte_t *vm_walk(pte_t *root, uint64_t va, int create)
{
	pte_t *table = root;
	for (int level = 2; level > 0; level--) {
		pte_t *pte = &table[VPN(va, level)];
		if (*pte & PTE_V) {
			if (PTE_IS_LEAF(*pte))
				return 0;
			table = (pte_t *)PTE_PA(*pte);
		} else {
			if (!create)
				return 0;
			uint64_t pa = frame_alloc();
			if (pa == 0)
				return 0;
			// A new non-leaf entry: the caller's fence must cover
			// non-leaf entries (sfence.vma zero, asid).
			*pte = PA_PTE(pa) | PTE_V;
			vm_new_nonleaf = 1;
			table = (pte_t *)pa;
		}
	}
	return &table[VPN(va, 0)];
}

int vm_map(pte_t *root, uint64_t asid, uint64_t va, uint64_t pa, uint64_t flags)
{
	pte_t *pte = vm_walk(root, va, 1);
	if (pte == 0)
		return -1;
	*pte = PA_PTE(pa) | flags | PTE_V;
	if (vm_new_nonleaf) {
		// New table pages on the way: an address-scoped fence orders only
		// the leaf, so fence the whole ASID (deliberately broader; rare).
		vm_new_nonleaf = 0;
		sfence_vma_asid(asid);
	} else {
		sfence_vma_page(va, asid);
	}
	return 0;
}

uint64_t vm_unmap(pte_t *root, uint64_t asid, uint64_t va)
{
	pte_t *pte = vm_walk(root, va, 0);
	if (pte == 0 || (*pte & PTE_V) == 0)
		return 0;
	uint64_t pa = PTE_PA(*pte);
	*pte = 0;
	sfence_vma_page(va, asid);
	return pa;
}

void vm_protect(pte_t *root, uint64_t asid, uint64_t va, uint64_t flags)
{
	pte_t *pte = vm_walk(root, va, 0);
	if (pte == 0 || (*pte & PTE_V) == 0)
		return;
	*pte = (*pte & ~(PTE_RWX | PTE_U | PTE_A | PTE_D)) | (flags & (PTE_RWX | PTE_U | PTE_A | PTE_D));
	sfence_vma_page(va, asid);
}
