// SPDX-License-Identifier: MIT OR Apache-2.0
// env: the variables a program can count on (PATH, HOME), the auxv
// entries glibc reads (AT_PAGESZ, AT_RANDOM present).
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>

int main(void)
{
	printf("PATH %s\n", getenv("PATH") ? "set" : "unset");
	printf("HOME %s\n", getenv("HOME") ? "set" : "unset");
	printf("pagesz %lu\n", getauxval(AT_PAGESZ));
	printf("random %s\n", getauxval(AT_RANDOM) ? "present" : "absent");
	return 0;
}
