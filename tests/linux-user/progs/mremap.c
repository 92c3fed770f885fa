// SPDX-License-Identifier: MIT OR Apache-2.0
// mremap: shrink, grow (in place or moved: the contents must follow),
// MREMAP_FIXED, a move of initialised data of the program image, the
// errors, and with argument "fork" a move of pages a forked child still
// shares copy-on-write. Addresses are not printed: where a mapping lands differs
// between kernels.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096

static int check(char *p, long pages, int seed)
{
	for (long i = 0; i < pages; i++)
		if (p[i * PG] != (char)(i + seed) || p[i * PG + 100] != (char)(i * 3 + seed))
			return 0;
	return 1;
}

static void fill(char *p, long pages, int seed)
{
	for (long i = 0; i < pages; i++) {
		p[i * PG] = (char)(i + seed);
		p[i * PG + 100] = (char)(i * 3 + seed);
	}
}

// Initialised data: in the program image, on pages of its own.
static char image_data[3 * PG] __attribute__((aligned(PG))) = { 1, 2, 3 };

int main(int argc, char **argv)
{
	char *a = mmap(0, 64 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fill(a, 64, 1);
	char *b = mremap(a, 64 * PG, 16 * PG, 0);
	printf("shrink in place %d, contents %d\n", b == a, check(b, 16, 1));
	// Block growth in place: map the page right above, then grow.
	char *fence = mmap(b + 16 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	char *c = mremap(b, 16 * PG, 600 * PG, 0);
	printf("grow without MAYMOVE blocked: %s\n", c == MAP_FAILED ? strerror(errno) : "moved?!");
	c = mremap(b, 16 * PG, 600 * PG, MREMAP_MAYMOVE);
	printf("grow with MAYMOVE moved %d, contents %d, new pages zero %d\n", c != b,
	       check(c, 16, 1), c[599 * PG] == 0 && c[20 * PG + 5] == 0);
	c[599 * PG] = 9;
	munmap(fence, PG);
	char *dst = mmap(0, 32 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *e = mremap(c, 600 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst + 4 * PG);
	printf("fixed: at the target %d, contents %d, rest of the target still mapped %d\n",
	       e == dst + 4 * PG, check(e, 8, 1), mprotect(dst, PG, PROT_READ) == 0);
	c = mremap(e, 8 * PG, 600 * PG, MREMAP_MAYMOVE);
	c[599 * PG] = 9;
	image_data[2 * PG] = 5;
	char *img = mremap(image_data, 3 * PG, 4 * PG, MREMAP_MAYMOVE);
	// (Not img[3 * PG]: Linux shows the file's next page there.)
	printf("image data moved %d: %d %d %d %d\n", img != MAP_FAILED && img != image_data,
	       img[0], img[1], img[2], img[2 * PG]);
	printf("misaligned: %s\n", mremap(c + 1, PG, 2 * PG, 0) == MAP_FAILED ? strerror(errno) : "ok?!");
	printf("not mapped: %s\n", mremap((char *)0x1000, PG, 2 * PG, 0) == MAP_FAILED ? strerror(errno) : "ok?!");
	if (argc < 2 || strcmp(argv[1], "fork") != 0)
		return 0;
	// Pages shared with a forked child move; the child keeps its copy.
	fill(c, 600, 7);
	fflush(stdout);
	// A plain fork: clone(SIGCHLD) (glibc's fork() asks for more). The
	// child yields for a while, so that the parent's mremap runs while it
	// still shares the pages, then checks its copy.
	pid_t pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		for (int i = 0; i < 200; i++)
			sched_yield();
		syscall(SYS_exit, check(c, 600, 7) ? 0 : 1);
	}
	char *d = mremap(c, 600 * PG, 2000 * PG, MREMAP_MAYMOVE);
	fill(d, 600, 11);
	int st;
	waitpid(pid, &st, 0);
	printf("parent moved %d, its contents %d, child's copy intact %d\n", d != MAP_FAILED,
	       check(d, 600, 11), WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}
