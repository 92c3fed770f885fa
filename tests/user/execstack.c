/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * execstack: fetching instructions from the stack must kill the process
 * with SIGSEGV (instruction page fault on a page mapped RW-, the ELF's
 * PT_GNU_STACK asks for no X; exit status 139).
 *
 * It copies `li a0, 42; ret` into a buffer on the stack, makes the copy
 * visible to instruction fetch (fence.i) and calls it. If the call
 * returns, it prints FAIL with the value returned and exits 1.
 *
 *   execstack mprotect   the control: first makes the stack page RWX with
 *                        mprotect; then the call must return 42 (exit 0),
 *                        which shows the default run faults for lack of X
 *                        and not because the code is wrong.
 */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "sys.h"

/* RV64I encodings (Unprivileged ISA 20191213, chapter 2 and 24). */
#define INSN_LI_A0_42 0x02a00513u /* addi a0, zero, 42 */
#define INSN_RET      0x00008067u /* jalr zero, 0(ra) */

typedef long (*code_fn)(void);

#define PAGE_SIZE 4096u

int main(int argc, char **argv)
{
	int control = argc > 1 && strcmp(argv[1], "mprotect") == 0;
	static const uint32_t code[2] = { INSN_LI_A0_42, INSN_RET };
	volatile uint32_t stack_code[2];

	for (int i = 0; i < 2; i++)
		stack_code[i] = code[i];
	__asm__ volatile("fence.i" ::: "memory");

	/* Converting an object pointer to a function pointer goes through
	 * an integer: implementation-defined, and what this test means. */
	code_fn fn = (code_fn)(uintptr_t)stack_code;
	if (control) {
		uintptr_t mask = PAGE_SIZE - 1;
		uintptr_t page = (uintptr_t)stack_code & ~mask;
		/* Every page the code touches (it might straddle two). */
		size_t len = ((uintptr_t)stack_code + sizeof stack_code - page + mask) & ~mask;
		if (mprotect((void *)page, len,
			     PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
			printf("execstack: FAIL: mprotect(%p, RWX): errno %d\n",
			       (void *)page, errno);
			return 1;
		}
		__asm__ volatile("fence.i" ::: "memory");
		long r = fn();
		printf("execstack: code on the stack at %p made executable returned %ld\n",
		       (void *)(uintptr_t)stack_code, r);
		return r == 42 ? 0 : 1;
	}
	printf("execstack: calling code on the stack at %p; expect SIGSEGV\n",
	       (void *)(uintptr_t)stack_code);
	long r = fn();

	printf("execstack: FAIL: stack code ran and returned %ld\n", r);
	return 1;
}
