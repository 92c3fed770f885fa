// SPDX-License-Identifier: MIT OR Apache-2.0
// abort: the default action of SIGABRT: exit status 134 in a shell.
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("about to abort\n");
	fflush(stdout);
	abort();
}
