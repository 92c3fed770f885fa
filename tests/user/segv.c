/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * segv: a load from an unmapped page must kill the process with SIGSEGV
 * (a shell reports exit status 139 = 128 + 11), not be mapped on demand.
 *
 *   segv        indexes a malloc'd buffer 64 MiB past the page-rounded
 *               program break: an address in the hole between the heap
 *               and whatever the kernel put higher up (mmap area, stack)
 *   segv heap   overruns the malloc'd buffer byte by byte: everything up
 *               to the page-rounded break reads fine, and the first
 *               byte of the page after it must fault
 *
 * Before the faulting load the program prints the address it expects
 * the fault at. Reaching the end means no fault: it prints FAIL and
 * exits 1.
 */
#include <stdint.h>

#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "sys.h"

#define PAGE_SIZE   4096u
#define SEGV_HOLE   (64u * 1024u * 1024u)
#define SEGV_BUFFER 64u

int main(int argc, char **argv)
{
	int heap = argc > 1 && strcmp(argv[1], "heap") == 0;
	volatile uint8_t *buf = malloc(SEGV_BUFFER);
	if (buf == NULL) {
		printf("segv: FAIL: malloc\n");
		return 1;
	}
	for (uint32_t i = 0; i < SEGV_BUFFER; i++)
		buf[i] = (uint8_t)i;

	uintptr_t brk_page = (sys_brk(0) + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uintptr_t target = heap ? brk_page : brk_page + SEGV_HOLE;
	/* The distance is computed at run time so the compiler cannot see
	 * the out-of-bounds index; the load itself is what the test is. */
	uintptr_t index = target - (uintptr_t)buf;
	printf("segv: buffer %p, break %p; %s; expect SIGSEGV at %p\n",
	       (void *)buf, (void *)sys_brk(0),
	       heap ? "overrunning the buffer byte by byte" : "reading far past the heap",
	       (void *)target);

	uint32_t sum = 0;
	for (uintptr_t i = heap ? 0 : index; i <= index; i++)
		sum += buf[i];

	printf("segv: FAIL: read %p without a fault (sum %u)\n", (void *)target, sum);
	return 1;
}
