// SPDX-License-Identifier: MIT OR Apache-2.0
// fileio: create, write, seek, read back, stat, rename and unlink a file
// in /tmp.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	const char *p = "/tmp/rvmmu-fileio.txt", *q = "/tmp/rvmmu-fileio.moved";
	FILE *f = fopen(p, "w");
	if (!f) { perror("fopen"); return 1; }
	for (int i = 0; i < 1000; i++)
		fprintf(f, "line %d\n", i);
	fclose(f);
	int fd = open(p, O_RDONLY);
	if (fd < 0) { perror("open"); return 1; }
	struct stat st;
	fstat(fd, &st);
	printf("size %ld\n", (long)st.st_size);
	char buf[32] = {0};
	lseek(fd, 9 * 10, SEEK_SET);
	ssize_t n = read(fd, buf, 20);
	printf("read %zd: %.*s|\n", n, (int)strcspn(buf, "\n"), buf);
	close(fd);
	printf("rename %d\n", rename(p, q));
	printf("old gone %d\n", access(p, F_OK) != 0);
	printf("unlink %d\n", unlink(q));
	return 0;
}
