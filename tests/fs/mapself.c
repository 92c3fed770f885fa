// SPDX-License-Identifier: MIT OR Apache-2.0
// mapself FILE [PROG]: maps FILE MAP_PRIVATE read-only, touches every byte
// and prints a checksum (c = c * 31 + byte over the file); with PROG, runs
// PROG FILE through execve afterwards: a second process whose mapping of
// the same file finds its pages in the page cache.
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(argv[1]);
		return 1;
	}
	const unsigned char *m = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	unsigned long c = 0;
	for (off_t i = 0; i < st.st_size; i++)
		c = c * 31 + m[i];
	printf("%ld bytes, checksum %lx\n", (long)st.st_size, c);
	fflush(stdout);
	if (argc > 2) {
		char *args[] = { argv[2], argv[1], 0 };
		execv(argv[2], args);
		perror("execv");
		return 1;
	}
	return 0;
}
