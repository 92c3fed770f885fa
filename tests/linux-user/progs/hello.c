// SPDX-License-Identifier: MIT OR Apache-2.0
// hello: argv (verbatim, spaces and quotes included), exit status 3.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	printf("hello from %s, argc %d\n", base ? base + 1 : argv[0], argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = [%s]\n", i, argv[i]);
	return 3;
}
