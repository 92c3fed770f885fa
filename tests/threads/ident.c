// SPDX-License-Identifier: MIT OR Apache-2.0
// Identity and miscellaneous calls whose results hold under any Linux:
// uname, ids, process groups, getrandom, sysinfo, resource limits, CPU
// affinity, madvise(MADV_DONTNEED) zeroing anonymous pages, mremap
// growing and moving a mapping with its data, gettid of the main thread.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *yes(int c) { return c ? "yes" : "no"; }

int main(void)
{
	struct utsname u;
	uname(&u);
	printf("uname: %s %s\n", u.sysname, u.machine);
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	printf("getresuid matches getuid/geteuid: %s\n", yes(r == getuid() && e == geteuid() && s == e));
	gid_t gr, ge, gs;
	getresgid(&gr, &ge, &gs);
	printf("getresgid matches getgid/getegid: %s\n", yes(gr == getgid() && ge == getegid()));
	printf("main thread's tid is the pid: %s\n", yes(gettid() == getpid()));
	/* The session id itself depends on how the host started the run (a CI
	 * container's session can be 0 under qemu-riscv64), so compare, not test. */
	printf("getpgid(0) == getpgrp(): %s, getsid(0) == getsid(getpid()): %s\n",
	       yes(getpgid(0) == getpgrp()), yes(getsid(0) >= 0 && getsid(0) == getsid(getpid())));
	pid_t c = fork();
	if (c == 0) {
		pid_t sid = setsid();
		_exit(sid == getpid() && getpgid(0) == getpid() && getsid(0) == getpid() ? 0 : 1);
	}
	int st;
	waitpid(c, &st, 0);
	printf("setsid in a child: %s\n", yes(st == 0));

	unsigned char rnd[64];
	memset(rnd, 0, sizeof(rnd));
	ssize_t n = getrandom(rnd, sizeof(rnd), 0);
	int nonzero = 0;
	for (int i = 0; i < 64; i++)
		nonzero += rnd[i] != 0;
	printf("getrandom: %zd bytes, mostly non-zero: %s\n", n, yes(nonzero > 32));
	struct sysinfo si;
	printf("sysinfo: %s, RAM > 1 MiB: %s\n", yes(sysinfo(&si) == 0),
	       yes((unsigned long long)si.totalram * si.mem_unit > (1u << 20)));
	struct rlimit rl;
	printf("getrlimit(RLIMIT_STACK): %s, soft <= hard: %s\n", yes(getrlimit(RLIMIT_STACK, &rl) == 0),
	       yes(rl.rlim_cur <= rl.rlim_max));
	cpu_set_t set;
	CPU_ZERO(&set);
	printf("sched_getaffinity: %s, at least one cpu: %s\n",
	       yes(sched_getaffinity(0, sizeof(set), &set) == 0), yes(CPU_COUNT(&set) >= 1));

	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(0, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 0x5a, 4 * pg);
	madvise(m + pg, 2 * pg, MADV_DONTNEED);
	printf("MADV_DONTNEED: dropped pages read zero: %s, others kept: %s\n",
	       yes(m[pg] == 0 && m[3 * pg - 1] == 0), yes(m[0] == 0x5a && m[3 * pg] == 0x5a));
	char *g = mremap(m, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
	printf("mremap grow: %s, data kept: %s, new tail zero: %s\n", yes(g != MAP_FAILED),
	       yes(g[0] == 0x5a && g[3 * pg] == 0x5a && g[pg] == 0), yes(g[63 * pg] == 0));
	char *h = mremap(g, 64 * pg, pg, 0);
	printf("mremap shrink in place: %s\n", yes(h == g && h[0] == 0x5a));
	char *fx = mmap(0, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *mv = mremap(h, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, fx + pg);
	printf("mremap fixed: %s, data moved: %s\n", yes(mv == fx + pg), yes(mv[0] == 0x5a));
	return 0;
}
