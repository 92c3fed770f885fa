// SPDX-License-Identifier: MIT OR Apache-2.0
// riscv_hwprobe (258) and riscv_flush_icache (259), rvmmu only (QEMU 7.2's
// user mode has neither): prints each key's answer.
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

struct pair {
	long key;
	unsigned long value;
};

int main(void)
{
	struct pair p[4] = { { 3, 0 }, { 4, 0 }, { 0, 7 }, { 12345, 7 } };
	long r = syscall(258, p, 4, 0, 0, 0);
	printf("hwprobe: %ld\n", r);
	for (int i = 0; i < 4; i++)
		printf("key %ld value %#lx\n", p[i].key, p[i].value);
	printf("flush_icache: %ld\n", syscall(259, 0, 0, 0));
	printf("flush_icache bad flags: %ld\n", syscall(259, 0, 0, 8));
	return 0;
}
