// SPDX-License-Identifier: MIT OR Apache-2.0
// dirlist: mkdir, files in it, readdir (sorted), rmdir.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(void)
{
	const char *d = "/tmp/rvmmu-dirlist";
	char path[64], *names[16];
	int n = 0;
	if (mkdir(d, 0755) != 0) { perror("mkdir"); return 1; }
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/file%d", d, 4 - i);
		FILE *f = fopen(path, "w");
		if (!f) { perror("fopen"); return 1; }
		fclose(f);
	}
	DIR *dir = opendir(d);
	if (!dir) { perror("opendir"); return 1; }
	struct dirent *e;
	while ((e = readdir(dir)) && n < 16)
		names[n++] = strdup(e->d_name);
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp);
	for (int i = 0; i < n; i++)
		printf("%s\n", names[i]);
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/file%d", d, i);
		unlink(path);
	}
	printf("rmdir %d\n", rmdir(d));
	return 0;
}
