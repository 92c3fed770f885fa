/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * hello: the smallest end-to-end check. Prints "hello, world" with
 * write (via printf), then each argument with writev (via puts).
 * Exits 0.
 */
#include "stdio.h"

int main(int argc, char **argv)
{
	printf("hello, world\n");
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++) {
		printf("argv[%d]=", i);
		puts(argv[i]);
	}
	return 0;
}
