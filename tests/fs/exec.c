/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * exec child               prints its argv[0..1] and RVMMU_TEST; exits 7
 * exec exec PATH           execve(PATH, {"run", "child"}, {RVMMU_TEST=...})
 * exec copy SELF DIR       copies SELF to DIR/copy (mode 0755), then
 *                          execs that copy as above
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int run(const char *path)
{
	char *argv[] = { "run", "child", NULL };
	char *envp[] = { "RVMMU_TEST=passed by execve", NULL };
	execve(path, argv, envp);
	perror("execve");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "child") == 0) {
		const char *t = getenv("RVMMU_TEST");
		printf("child: argv[0]=%s argv[1]=%s RVMMU_TEST=%s\n", argv[0], argv[1], t ? t : "(unset)");
		return 7;
	}
	if (argc == 3 && strcmp(argv[1], "exec") == 0)
		return run(argv[2]);
	if (argc != 4 || strcmp(argv[1], "copy") != 0)
		return 2;
	char dst[512];
	snprintf(dst, sizeof dst, "%s/copy", argv[3]);
	int in = open(argv[2], O_RDONLY), out = open(dst, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	if (in < 0 || out < 0) {
		perror("open");
		return 1;
	}
	char buf[8192];
	long n, total = 0;
	while ((n = read(in, buf, sizeof buf)) > 0)
		total += write(out, buf, n);
	close(in);
	close(out);
	printf("copied %ld bytes\n", total);
	fflush(stdout);
	return run(dst);
}
