// SPDX-License-Identifier: MIT OR Apache-2.0
// streams: fd 1 and fd 2 are separate (stdout is compared, stderr not).
#include <stdio.h>

int main(void)
{
	printf("to stdout\n");
	fflush(stdout);
	fprintf(stderr, "to stderr\n");
	printf("to stdout again\n");
	return 0;
}
