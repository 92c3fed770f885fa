// SPDX-License-Identifier: MIT OR Apache-2.0
// abort(): SIGABRT's default action, exit status 134.
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	printf("aborting\n");
	fflush(stdout);
	abort();
}
