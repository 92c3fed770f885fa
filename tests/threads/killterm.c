// SPDX-License-Identifier: MIT OR Apache-2.0
// kill(getpid(), SIGTERM) with the default action: exit status 143; an
// ignored SIGTERM first has no effect.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	signal(SIGTERM, SIG_IGN);
	kill(getpid(), SIGTERM);
	printf("ignored SIGTERM survived\n");
	fflush(stdout);
	signal(SIGTERM, SIG_DFL);
	kill(getpid(), SIGTERM);
	printf("not reached\n");
	return 0;
}
