// SPDX-License-Identifier: MIT OR Apache-2.0
//
// One page at a time: the page is made ready (faulted in, copy-on-write
// broken for a store, A/D set) and the bytes are copied through the
// kernel's identity map of its frame right away, before anything else
// can run, so no other fault (and no eviction) can come in between.
#include "user.h"

#include "con.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "proc.h"
#include "vm.h"

// True when the PTE lets U-mode make the access without any fault, A/D
// included (then the kernel may do it in U-mode's place).
static int user_pte_ready(pte_t pte, enum fault_access acc)
{
	if ((pte & (PTE_V | PTE_U | PTE_A)) != (PTE_V | PTE_U | PTE_A))
		return 0;
	switch (acc) {
	case FAULT_LOAD: return (pte & PTE_R) != 0;
	case FAULT_STORE: return (pte & (PTE_W | PTE_D)) == (PTE_W | PTE_D);
	case FAULT_FETCH: return (pte & PTE_X) != 0;
	}
	return 0;
}

// Readies the page holding va for acc; stores the kernel address of va
// in *kva. Returns 0 or -EFAULT; ends the process when memory runs out.
static int user_page(uint64_t va, enum fault_access acc, uint64_t *kva)
{
	uint64_t page = PAGE_DOWN(va);
	// At most three rounds: map the page, break copy-on-write, set A/D.
	for (int round = 0;; round++) {
		pte_t *pte = vm_walk(cur->root, page, 0);
		if (pte && user_pte_ready(*pte, acc)) {
			*kva = PTE_PA(*pte) + (va - page);
			return 0;
		}
		if (round == 3)
			return -EFAULT;
		enum fault_result r = fault_resolve(page, acc);
		if (r == FAULT_NOMEM || r == FAULT_NOSWAP)
			fault_kill(r, va, cur->tf.sepc, acc);
		if (r != FAULT_OK)
			return -EFAULT;
	}
}

int user_prepare(uint64_t va, uint64_t len, enum fault_access acc)
{
	if (len == 0)
		return 0;
	if (va + len < va || va + len > USER_TOP)
		return -EFAULT;
	for (uint64_t page = PAGE_DOWN(va); page < va + len; page += PAGE_SIZE) {
		uint64_t kva;
		if (user_page(page, acc, &kva) != 0)
			return -EFAULT;
	}
	return 0;
}

// Copies len bytes between user va and kernel buffer k, page by page.
static int user_copy(uint64_t va, uint8_t *k, uint64_t len, enum fault_access acc)
{
	if (va + len < va || va + len > USER_TOP)
		return -EFAULT;
	while (len) {
		uint64_t n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1))), kva;
		if (user_page(va, acc, &kva) != 0)
			return -EFAULT;
		if (acc == FAULT_STORE)
			memcpy((void *)kva, k, n);
		else
			memcpy(k, (const void *)kva, n);
		va += n;
		k += n;
		len -= n;
	}
	return 0;
}

int user_copy_in(void *dst, uint64_t va, uint64_t len)
{
	return user_copy(va, dst, len, FAULT_LOAD);
}

int user_copy_out(uint64_t va, const void *src, uint64_t len)
{
	return user_copy(va, (uint8_t *)(uintptr_t)src, len, FAULT_STORE);
}

int64_t user_copy_str(char *dst, uint64_t va, uint64_t max)
{
	for (uint64_t i = 0; i < max; i++) {
		if (user_copy_in(dst + i, va + i, 1) != 0)
			return -EFAULT;
		if (dst[i] == 0)
			return (int64_t)i;
	}
	return -ENAMETOOLONG;
}
