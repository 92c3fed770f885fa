/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * streams [ARGS...]: prints argv and the environment variables PATH,
 * HOME, TERM and RVMMU_TEST; copies stdin to stdout with line and byte
 * counts; writes one line to stderr; reads the /dev devices; checks the
 * clocks and that a 50 ms sleep takes 50 ms of CLOCK_MONOTONIC. Exit
 * status 3.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long ns(struct timespec t) { return t.tv_sec * 1000000000L + t.tv_nsec; }

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] <%s>\n", i, argv[i]);
	const char *vars[] = { "PATH", "HOME", "TERM", "RVMMU_TEST" };
	for (int i = 0; i < 4; i++)
		printf("%s=%s\n", vars[i], getenv(vars[i]) ? getenv(vars[i]) : "(unset)");
	char line[256];
	long lines = 0, bytes = 0;
	while (fgets(line, sizeof line, stdin)) {
		lines++;
		bytes += (long)strlen(line);
		printf("in: %s", line);
	}
	printf("stdin: %ld lines, %ld bytes, eof %d\n", lines, bytes, feof(stdin));
	fprintf(stderr, "this goes to stderr\n");
	int fd = open("/dev/zero", O_RDONLY);
	char buf[64];
	memset(buf, 1, sizeof buf);
	printf("/dev/zero read %zd zero %d\n", read(fd, buf, sizeof buf), buf[0] == 0 && buf[63] == 0);
	close(fd);
	fd = open("/dev/null", O_RDWR);
	printf("/dev/null read %zd write %zd\n", read(fd, buf, 8), write(fd, buf, 8));
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	printf("/dev/urandom read %zd\n", read(fd, buf, 32));
	close(fd);
	printf("isatty(1) %d\n", isatty(1));
	struct stat st;
	fstat(0, &st);
	printf("stdin is a fifo: %d\n", S_ISFIFO(st.st_mode));
	fstat(1, &st);
	printf("stdout is a fifo: %d\n", S_ISFIFO(st.st_mode));
	struct timespec r, m0, m1, res;
	clock_gettime(CLOCK_REALTIME, &r);
	printf("realtime after 2023-11-14: %d\n", r.tv_sec >= 1700000000);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("gettimeofday close to realtime: %d\n", labs(tv.tv_sec - r.tv_sec) <= 1);
	printf("clock_getres ok: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
	clock_gettime(CLOCK_MONOTONIC, &m0);
	struct timespec d = { 0, 50000000 };
	printf("nanosleep %d\n", nanosleep(&d, NULL));
	clock_gettime(CLOCK_MONOTONIC, &m1);
	printf("slept >= 50ms: %d\n", ns(m1) - ns(m0) >= 50000000);
	clock_gettime(CLOCK_MONOTONIC, &m0);
	printf("clock_nanosleep %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL));
	clock_gettime(CLOCK_MONOTONIC, &m1);
	printf("slept >= 50ms: %d\n", ns(m1) - ns(m0) >= 50000000);
	struct timespec until = { m1.tv_sec, m1.tv_nsec + 20000000 };
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	printf("clock_nanosleep abs %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
	clock_gettime(CLOCK_MONOTONIC, &m0);
	printf("woke after deadline: %d\n", ns(m0) >= ns(until));
	return 3;
}
