/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * args: the initial stack and the simple system calls.
 *
 * Prints argc, every argv[i] and the number of environment strings,
 * checking that argv[argc] is NULL and envp is NULL-terminated. Then:
 *   getpid            > 0
 *   set_tid_address   returns the thread id, which is the pid for the
 *                     only thread of a process
 *   uname             returns 0; sysname non-empty; every field
 *                     NUL-terminated within its 65 bytes
 *   clock_gettime     CLOCK_MONOTONIC and CLOCK_REALTIME return 0 with
 *                     tv_nsec in [0, 1e9); MONOTONIC never goes back
 *                     across a busy loop; an unknown clock id fails with
 *                     EINVAL
 *   unknown syscall   number 4000 returns -ENOSYS (38)
 * Exits 0 if all hold, else 1 (each failure is printed).
 */
#include <stdint.h>

#include "stdio.h"
#include "string.h"
#include "sys.h"

#define ENOSYS 38
#define ARGS_MAX_ENV 100000

static int failures;

static void check(int ok, const char *what)
{
	printf("args: %-44s %s\n", what, ok ? "ok" : "FAIL");
	if (!ok)
		failures++;
}

static int timespec_sane(const struct timespec *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

/* a <= b */
static int timespec_le(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec <= b->tv_nsec);
}

static int utsname_field_ok(const char *f)
{
	return strnlen(f, UTSNAME_LENGTH) < UTSNAME_LENGTH;
}

int main(int argc, char **argv, char **envp)
{
	printf("args: argc=%d\n", argc);
	int argv_ok = argc >= 1;
	for (int i = 0; i < argc; i++) {
		printf("args: argv[%d]=\"%s\"\n", i, argv[i] == NULL ? "(null)" : argv[i]);
		argv_ok &= argv[i] != NULL;
	}
	check(argv_ok && argv[argc] == NULL, "argv[0..argc) set, argv[argc] NULL");

	int envc = 0;
	while (envc < ARGS_MAX_ENV && envp[envc] != NULL)
		envc++;
	printf("args: %d environment strings\n", envc);
	check(envc < ARGS_MAX_ENV && envp == argv + argc + 1, "envp follows argv, NULL-terminated");

	pid_t pid = getpid();
	printf("args: getpid() = %d\n", pid);
	check(pid > 0, "getpid > 0");

	int tid_word = -1;
	long tid = set_tid_address(&tid_word);
	printf("args: set_tid_address() = %ld\n", tid);
	check(tid == pid, "set_tid_address returns the pid");

	struct utsname u;
	memset(&u, 0x7f, sizeof u); /* no NULs unless uname writes them */
	int r = uname(&u);
	check(r == 0, "uname returns 0");
	if (r == 0) {
		int fields_ok = utsname_field_ok(u.sysname) && utsname_field_ok(u.nodename) &&
				utsname_field_ok(u.release) && utsname_field_ok(u.version) &&
				utsname_field_ok(u.machine) && utsname_field_ok(u.domainname);
		check(fields_ok, "uname fields NUL-terminated");
		if (fields_ok)
			printf("args: uname: sysname \"%s\", release \"%s\", machine \"%s\"\n",
			       u.sysname, u.release, u.machine);
		check(u.sysname[0] != '\0', "uname sysname non-empty");
	}

	struct timespec m0 = { -1, -1 }, m1 = { -1, -1 }, rt = { -1, -1 };
	int r0 = clock_gettime(CLOCK_MONOTONIC, &m0);
	for (volatile uint32_t spin = 0; spin < 100000; spin++)
		;
	int r1 = clock_gettime(CLOCK_MONOTONIC, &m1);
	int r2 = clock_gettime(CLOCK_REALTIME, &rt);
	printf("args: monotonic %ld.%09ld -> %ld.%09ld, realtime %ld.%09ld\n",
	       m0.tv_sec, m0.tv_nsec, m1.tv_sec, m1.tv_nsec, rt.tv_sec, rt.tv_nsec);
	check(r0 == 0 && r1 == 0 && timespec_sane(&m0) && timespec_sane(&m1),
	      "clock_gettime(MONOTONIC) sane");
	check(r0 == 0 && r1 == 0 && timespec_le(&m0, &m1), "CLOCK_MONOTONIC does not go back");
	check(r2 == 0 && timespec_sane(&rt), "clock_gettime(REALTIME) sane");

	struct timespec bad;
	errno = 0;
	r = clock_gettime(12345, &bad);
	check(r == -1 && errno == EINVAL, "clock_gettime(unknown clock) is EINVAL");

	long nosys = sys_call0(4000);
	printf("args: syscall 4000 = %ld\n", nosys);
	check(nosys == -ENOSYS, "unknown syscall returns -ENOSYS");

	if (failures != 0) {
		printf("args: FAIL (%d checks)\n", failures);
		return 1;
	}
	printf("args: ok\n");
	return 0;
}
