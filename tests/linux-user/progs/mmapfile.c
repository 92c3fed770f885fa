// SPDX-License-Identifier: MIT OR Apache-2.0
// mmapfile: file mappings as Linux has them, compared with qemu-riscv64.
// MAP_PRIVATE (stores stay private: copy-on-write), MAP_SHARED (stores
// reach the file, read(), a second mapping, a forked child; they persist
// after munmap), write() seen by mappings, an offset, MAP_FIXED, msync,
// mincore, madvise(MADV_DONTNEED), the zero tail of the last page, SIGBUS
// past it, ftruncate under a mapping, mprotect and the EACCES/EINVAL cases.
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096
#define SIZE (3 * PG + 100) // three pages and 100 bytes of a fourth

static char path[64];
static sigjmp_buf jump;
static volatile void *bus_addr;

static const char *err(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case ENODEV: return "ENODEV";
	case ENOMEM: return "ENOMEM";
	default: return "other";
	}
}

static char file_byte(int fd, off_t off)
{
	char c = '?';
	if (pread(fd, &c, 1, off) != 1)
		return '!';
	return c;
}

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGBUS)
		bus_addr = si->si_addr;
	siglongjmp(jump, 1);
}

// SIGBUS and SIGSEGV go to on_bus (which jumps back to `jump`).
static void catch_faults(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, 0);
	sigaction(SIGSEGV, &sa, 0);
}

static void private_and_shared(int fd)
{
	char *priv = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shr = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *shr2 = mmap(0, 2 * PG, PROT_READ, MAP_SHARED, fd, PG); // at an offset
	if (priv == MAP_FAILED || shr == MAP_FAILED || shr2 == MAP_FAILED) {
		perror("mmap");
		return;
	}
	printf("private sees %.5s, shared sees %.5s, offset mapping sees %.5s\n", priv + PG,
	       shr + PG, shr2);
	priv[0] = 'P';
	shr[PG] = 'S';
	printf("private store: file %c, shared mapping %c (stays private)\n", file_byte(fd, 0), shr[0]);
	printf("shared store: file %c, second mapping %c, untouched private page %c\n",
	       file_byte(fd, PG), shr2[0], priv[PG]);
	printf("msync MS_SYNC %s, MS_ASYNC %s, unaligned %s\n",
	       err(msync(shr, SIZE, MS_SYNC) ? errno : 0), err(msync(shr, PG, MS_ASYNC) ? errno : 0),
	       err(msync(shr + 1, PG, MS_SYNC) ? errno : 0));

	// write() reaches every mapping that has not copied the page.
	pwrite(fd, "W", 1, 2 * PG + 7);
	printf("write(): shared %c, offset mapping %c, private %c\n", shr[2 * PG + 7], shr2[PG + 7],
	       priv[2 * PG + 7]);

	// The last page: the file's 100 bytes, then zeros.
	printf("last page: byte 99 %c, byte 100 %d, byte 4095 %d\n", shr[3 * PG + 99],
	       shr[3 * PG + 100], shr[3 * PG + 4095]);

	// A child's stores to the shared mapping reach the parent; its stores
	// to the private one do not; it sees the parent's earlier stores.
	pid_t pid = fork();
	if (pid == 0) {
		int ok = shr[PG] == 'S' && priv[0] == 'P';
		shr[2 * PG] = 'C';
		priv[2 * PG] = 'c';
		_exit(ok ? 0 : 3);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	printf("child saw the parent's stores: %s; child's shared store %c, private store %c\n",
	       WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no", shr[2 * PG], priv[2 * PG]);

	// MADV_DONTNEED: the private copy goes (the file's bytes come back);
	// the shared page keeps its stores (they are the file's).
	madvise(priv, SIZE, MADV_DONTNEED);
	madvise(shr, SIZE, MADV_DONTNEED);
	printf("after MADV_DONTNEED: private %c (was P), shared %c\n", priv[0], shr[PG]);

	unsigned char vec[4];
	for (int i = 0; i < 4; i++)
		(void)*(volatile char *)(shr + i * PG);
	int r = mincore(shr, SIZE, vec);
	printf("mincore of the touched shared mapping: %s %d%d%d%d\n", err(r ? errno : 0), vec[0],
	       vec[1], vec[2], vec[3]);
	munmap(priv, SIZE);
	munmap(shr, SIZE);
	munmap(shr2, 2 * PG);
}

static void past_the_end(int fd)
{
	// Six pages of a file of four (the last partial): the fifth faults.
	char *m = mmap(0, 6 * PG, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return;
	}
	catch_faults();
	if (sigsetjmp(jump, 1) == 0) {
		char c = *(volatile char *)(m + 4 * PG + 8);
		printf("no fault past the end (read %d)\n", c);
	} else {
		printf("past the end: %s at page offset %ld\n", bus_addr ? "SIGBUS" : "SIGSEGV",
		       bus_addr ? (long)((char *)bus_addr - m) : -1L);
	}
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	munmap(m, 6 * PG);
}

static void protections(void)
{
	int ro = open(path, O_RDONLY);
	char *m = mmap(0, PG, PROT_READ, MAP_SHARED, ro, 0);
	printf("shared read-only: mprotect(PROT_WRITE) %s\n",
	       err(mprotect(m, PG, PROT_READ | PROT_WRITE) ? errno : 0));
	void *w = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	printf("shared writable of an O_RDONLY file: %s\n", err(w == MAP_FAILED ? errno : 0));
	char *p = mmap(0, PG, PROT_READ, MAP_PRIVATE, ro, 0);
	int r = mprotect(p, PG, PROT_READ | PROT_WRITE);
	p[1] = 'x';
	printf("private read-only: mprotect(PROT_WRITE) %s, store %c, file %c\n", err(r ? errno : 0),
	       p[1], file_byte(ro, 1));
	void *u = mmap(0, PG, PROT_READ, MAP_PRIVATE, ro, 1);
	printf("unaligned offset: %s\n", err(u == MAP_FAILED ? errno : 0));
	int wo = open(path, O_WRONLY);
	void *x = mmap(0, PG, PROT_READ, MAP_PRIVATE, wo, 0);
	printf("O_WRONLY file: %s\n", err(x == MAP_FAILED ? errno : 0));
	void *d = mmap(0, PG, PROT_READ, MAP_PRIVATE, 99, 0);
	printf("bad fd: %s\n", err(d == MAP_FAILED ? errno : 0));
	close(wo);
	munmap(m, PG);
	munmap(p, PG);
	close(ro);
}

static void fixed(int fd)
{
	char *a = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a[PG] = 'a';
	char *f = mmap(a + PG, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	printf("MAP_FIXED over anonymous memory: %s, sees %c (file %c)\n",
	       f == a + PG ? "same address" : "moved", f[0], file_byte(fd, 0));
	munmap(a, 3 * PG);
}

// ftruncate under a shared mapping: the page holding the new end reads
// zero past it, a touch of a page wholly past it raises SIGBUS; grown
// again, the file reads zero there.
static void truncated(int fd)
{
	char *m = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	m[200] = 'Z';
	m[PG + 1] = 'T';
	int r = ftruncate(fd, 100);
	printf("ftruncate to 100: %s, byte 99 %c, byte 200 %d\n", err(r ? errno : 0), m[99], m[200]);
	catch_faults();
	bus_addr = 0;
	if (sigsetjmp(jump, 1) == 0)
		printf("no fault past the new end (read %d)\n", *(volatile char *)(m + PG + 1));
	else
		printf("past the new end: %s at offset %ld\n", bus_addr ? "SIGBUS" : "no address",
		       (long)((char *)bus_addr - m));
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	r = ftruncate(fd, 2 * PG);
	printf("grown again: %s, byte 200 %d, byte %d %d, file [4097] %d\n", err(r ? errno : 0),
	       m[200], PG + 1, m[PG + 1], file_byte(fd, PG + 1));
	munmap(m, 2 * PG);
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/rvmmu-mmapfile-%d.bin", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	static char data[SIZE];
	for (int i = 0; i < SIZE; i++)
		data[i] = (char)('a' + (i / 7 + i / PG) % 26);
	if (write(fd, data, SIZE) != SIZE) {
		perror("write");
		return 1;
	}
	private_and_shared(fd);
	close(fd);
	// Reopened: the shared stores persisted after munmap; the private did not.
	fd = open(path, O_RDWR);
	printf("file after munmap and close: [0] %c [4096] %c [8192] %c [8199] %c\n", file_byte(fd, 0),
	       file_byte(fd, PG), file_byte(fd, 2 * PG), file_byte(fd, 2 * PG + 7));
	past_the_end(fd);
	protections();
	fixed(fd);
	truncated(fd);
	close(fd);
	unlink(path);
	return 0;
}
