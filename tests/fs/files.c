/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * files DIR: file and directory system calls inside DIR (which must not
 * exist yet), printing what each returns, with no inode numbers, times or
 * paths, so the output is the same on rvmmu and qemu-riscv64.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%-28s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-28s %ld\n", what, r);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void list(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		say("opendir", -1);
		return;
	}
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : '?';
		char *s;
		if (asprintf(&s, "%s(%c)", e->d_name, t) > 0)
			names[n++] = s;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	printf("list:");
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	say("mkdir", mkdir(argv[1], 0755));
	say("mkdir again", mkdir(argv[1], 0755));
	say("chdir", chdir(argv[1]));
	char cwd[512];
	say("getcwd ends in dir", getcwd(cwd, sizeof cwd) ? (long)(strcmp(strrchr(cwd, '/'), strrchr(argv[1], '/')) == 0) : -1);
	int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	say("open a.txt", fd >= 0 ? 3 : -1);
	say("write", write(fd, "hello, world\n", 13));
	struct iovec iov[2] = { { "two ", 4 }, { "parts\n", 6 } };
	say("writev", writev(fd, iov, 2));
	say("lseek cur", lseek(fd, 0, SEEK_CUR));
	say("pwrite at 0", pwrite(fd, "HELLO", 5, 0));
	say("lseek cur after pwrite", lseek(fd, 0, SEEK_CUR));
	say("read on O_WRONLY", read(fd, cwd, 1));
	say("fcntl getfl accmode", fcntl(fd, F_GETFL) & O_ACCMODE);
	say("fcntl getfd", fcntl(fd, F_GETFD));
	say("fcntl setfd", fcntl(fd, F_SETFD, FD_CLOEXEC));
	say("fcntl getfd", fcntl(fd, F_GETFD));
	say("close", close(fd));
	say("close again", close(fd));
	fd = open("a.txt", O_RDONLY);
	char buf[128] = { 0 };
	say("read", read(fd, buf, sizeof buf - 1));
	printf("content: %s", buf);
	say("pread 7@3", pread(fd, buf, 7, 3));
	printf("pread: %.7s\n", buf);
	say("lseek end", lseek(fd, 0, SEEK_END));
	say("read at end", read(fd, buf, 10));
	say("lseek -1", lseek(fd, -100, SEEK_SET));
	int fd2 = dup(fd);
	say("dup is lowest", fd2 == fd + 1);
	say("lseek set 2", lseek(fd, 2, SEEK_SET));
	say("dup shares offset", lseek(fd2, 0, SEEK_CUR));
	say("dup3", dup3(fd, 10, O_CLOEXEC));
	say("dup3 fd flags", fcntl(10, F_GETFD));
	say("F_DUPFD >= 20", fcntl(fd, F_DUPFD, 20));
	close(fd2);
	close(10);
	close(20);
	struct stat st;
	say("fstat", fstat(fd, &st));
	printf("size %ld reg %d mode %o\n", (long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
	close(fd);
	fd = open("a.txt", O_WRONLY | O_APPEND);
	say("append", write(fd, "end\n", 4));
	say("ftruncate 8", ftruncate(fd, 8));
	close(fd);
	say("stat", stat("a.txt", &st));
	printf("size %ld\n", (long)st.st_size);
	say("open O_EXCL existing", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
	say("open missing", open("nope", O_RDONLY));
	say("open missing dir/file", open("nope/x", O_CREAT | O_WRONLY, 0644));
	say("open dir for write", open(".", O_WRONLY));
	say("O_DIRECTORY on file", open("a.txt", O_RDONLY | O_DIRECTORY));
	say("mkdir sub", mkdir("sub", 0700));
	say("stat sub is dir", stat("sub", &st) == 0 && S_ISDIR(st.st_mode));
	say("rename a->sub/b", rename("a.txt", "sub/b.txt"));
	say("stat old", stat("a.txt", &st));
	say("access sub/b R", access("sub/b.txt", R_OK));
	say("access sub/b X", access("sub/b.txt", X_OK));
	say("faccessat missing", faccessat(AT_FDCWD, "zz", F_OK, 0));
	list(".");
	list("sub");
	int dfd = open("sub", O_RDONLY | O_DIRECTORY);
	say("openat via dirfd", (fd = openat(dfd, "b.txt", O_RDONLY)) >= 0);
	say("read via dirfd", read(fd, buf, 8));
	close(fd);
	say("fchdir", fchdir(dfd));
	say("stat b in new cwd", stat("b.txt", &st));
	say("chdir ..", chdir(".."));
	close(dfd);
	say("rmdir non-empty", rmdir("sub"));
	say("unlink dir", unlink("sub"));
	say("rmdir file", rmdir("sub/b.txt"));
	say("unlink", unlink("sub/b.txt"));
	say("unlink again", unlink("sub/b.txt"));
	say("rmdir", rmdir("sub"));
	/* An unlinked file stays readable while open. */
	fd = open("tmp", O_CREAT | O_RDWR, 0600);
	write(fd, "still here", 10);
	say("unlink open file", unlink("tmp"));
	say("pread unlinked", pread(fd, buf, 10, 0));
	close(fd);
	list(".");
	/* A file over several pages. */
	fd = open("big", O_CREAT | O_RDWR, 0600);
	static char big[20000];
	for (unsigned i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	say("write big", write(fd, big, sizeof big));
	memset(big, 0, sizeof big);
	say("pread big", pread(fd, big, sizeof big, 0));
	int ok = 1;
	for (unsigned i = 0; i < sizeof big; i++)
		ok &= big[i] == (char)(i * 7);
	say("big intact", ok);
	say("sparse write", pwrite(fd, "x", 1, 30000));
	say("hole reads zero", pread(fd, buf, 4, 25000) == 4 && !buf[0] && !buf[3]);
	say("write at 3 MiB", pwrite(fd, "far", 3, 3 << 20));
	say("size past 3 MiB", lseek(fd, 0, SEEK_END));
	say("read at 3 MiB", pread(fd, buf, 8, 3 << 20));
	say("truncate to 5000", ftruncate(fd, 5000));
	say("data kept below", pread(fd, buf, 1, 4999) == 1 && buf[0] == (char)(4999 * 7));
	say("grown back reads zero", ftruncate(fd, 3 << 20) == 0 && pread(fd, buf, 3, (3 << 20) - 3) == 3 && !buf[0] && !buf[2]);
	close(fd);
	say("unlink big", unlink("big"));
	say("chdir /", chdir("/"));
	say("rmdir DIR", rmdir(argv[1]));
	return 0;
}
