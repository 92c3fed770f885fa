// SPDX-License-Identifier: MIT OR Apache-2.0
#include "user.h"

#include "con.h"
#include "frame.h"
#include "kerrno.h"
#include "lib.h"
#include "memlayout.h"
#include "proc.h"
#include "vm.h"

// True when the PTE lets U-mode (hence S-mode with SUM) make the access
// without any fault, A/D included.
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

int user_prepare(uint64_t va, uint64_t len, enum fault_access acc)
{
	if (len == 0)
		return 0;
	if (va + len < va || va + len > USER_TOP)
		return -EFAULT;
	for (uint64_t page = PAGE_DOWN(va); page < va + len; page += PAGE_SIZE) {
		// At most two rounds: map the page, then set A/D if it was
		// mapped without them (the lazy-ad option).
		for (int round = 0;; round++) {
			pte_t *pte = vm_walk(proc.root, page, 0);
			if (pte && user_pte_ready(*pte, acc))
				break;
			if (round == 2)
				return -EFAULT;
			enum fault_result r = fault_resolve(page, acc);
			if (r == FAULT_NOMEM) {
				con_printf("firmware: out of memory (frames in use %lu)\n",
					   frame_stats.in_use);
				proc_exit(EXIT_SIGNAL(SIGKILL));
			}
			if (r != FAULT_OK)
				return -EFAULT;
		}
	}
	return 0;
}

int user_copy_in(void *dst, uint64_t va, uint64_t len)
{
	int r = user_prepare(va, len, FAULT_LOAD);
	if (r != 0)
		return r;
	s_sstatus(SSTATUS_SUM);
	memcpy(dst, (const void *)va, len);
	c_sstatus(SSTATUS_SUM);
	return 0;
}

int user_copy_out(uint64_t va, const void *src, uint64_t len)
{
	int r = user_prepare(va, len, FAULT_STORE);
	if (r != 0)
		return r;
	s_sstatus(SSTATUS_SUM);
	memcpy((void *)va, src, len);
	c_sstatus(SSTATUS_SUM);
	return 0;
}
