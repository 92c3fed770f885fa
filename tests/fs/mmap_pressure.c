// SPDX-License-Identifier: MIT OR Apache-2.0
// mmap_pressure DIR NPAGES [child]: a file of NPAGES pages in DIR, mapped
// MAP_SHARED and written (the first 512 bytes of every page), unmapped,
// then read back through a MAP_PRIVATE mapping and through read(). Run
// under a frame limit smaller than the file, the page cache must write
// dirty pages back and drop clean ones; the file must come out right.
// With `child`, a forked child maps and writes and exits without munmap
// or msync, and the parent ends without touching the file: only the
// write-back at the child's exit can bring the stores to the file.
// Byte j of page p: (p * 13 + j * 3 + 1) & 0xff for j < 512, else
// (p * 31 + j) & 0xff (emulator/tests/fs_programs.rs checks the host file).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096

static unsigned char want(long p, long j)
{
	return (unsigned char)(j < 512 ? p * 13 + j * 3 + 1 : p * 31 + j);
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		return 2;
	long n = atol(argv[2]);
	char path[256];
	snprintf(path, sizeof(path), "%s/pressure.bin", argv[1]);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	static unsigned char page[PG];
	for (long p = 0; p < n; p++) {
		for (long j = 0; j < PG; j++)
			page[j] = (unsigned char)(p * 31 + j);
		if (write(fd, page, PG) != PG) {
			perror("write");
			return 1;
		}
	}
	if (argc == 4) {
		pid_t pid = fork();
		if (pid != 0) {
			int st = 0;
			waitpid(pid, &st, 0);
			printf("child ended with %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			return 0;
		}
	}
	unsigned char *m = mmap(0, n * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (long p = 0; p < n; p++)
		for (long j = 0; j < 512; j++)
			m[p * PG + j] = want(p, j);
	if (argc == 4)
		_exit(0);
	if (munmap(m, n * PG) != 0)
		return 1;
	unsigned char *r = mmap(0, n * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	long bad_map = 0, bad_read = 0;
	unsigned long sum = 0;
	for (long p = 0; p < n; p++)
		for (long j = 0; j < PG; j++) {
			bad_map += r[p * PG + j] != want(p, j);
			sum = sum * 31 + r[p * PG + j];
		}
	for (long p = 0; p < n; p++) {
		if (pread(fd, page, PG, p * PG) != PG)
			return 1;
		for (long j = 0; j < PG; j++)
			bad_read += page[j] != want(p, j);
	}
	printf("pages %ld, wrong bytes: mapping %ld, read %ld, checksum %lx\n", n, bad_map, bad_read,
	       sum);
	munmap(r, n * PG);
	close(fd);
	return bad_map || bad_read;
}
