/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * escape PATH...: opens each path and prints what it read (or the
 * error), then tries to create a file in /; for the --root tests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char buf[64] = { 0 };
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			printf("%s: %s\n", argv[i], strerrorname_np(errno));
			continue;
		}
		long n = read(fd, buf, sizeof buf - 1);
		printf("%s: read %ld <%s>\n", argv[i], n, n > 0 ? strtok(buf, "\n") : "");
		close(fd);
	}
	printf("mkdir /: %s\n", mkdir("/", 0755) == 0 ? "ok" : strerrorname_np(errno));
	printf("mkdir /tmp/new: %s\n", mkdir("/tmp/new", 0755) == 0 ? "ok" : strerrorname_np(errno));
	int fd = open("/created", O_CREAT | O_WRONLY, 0644);
	printf("create /created: %s\n", fd >= 0 ? "ok" : strerrorname_np(errno));
	return 0;
}
