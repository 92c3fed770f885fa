/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* C-library wrappers of the Linux system calls declared in sys.h. */
#include "sys.h"

int errno;

/* Turns a raw kernel result into the C convention: -1 and errno. */
static long sys_result(long r)
{
	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

ssize_t read(int fd, void *buf, size_t len)
{
	return sys_result(sys_call3(SYS_read, fd, (long)buf, (long)len));
}

ssize_t write(int fd, const void *buf, size_t len)
{
	return sys_result(sys_call3(SYS_write, fd, (long)buf, (long)len));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return sys_result(sys_call3(SYS_writev, fd, (long)iov, iovcnt));
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

_Noreturn void exit(int status)
{
	for (;;)
		sys_call1(SYS_exit_group, status);
}

_Noreturn void exit_thread(int status)
{
	for (;;)
		sys_call1(SYS_exit, status);
}

pid_t getpid(void)
{
	return (pid_t)sys_call0(SYS_getpid);
}

long set_tid_address(int *tidptr)
{
	return sys_call1(SYS_set_tid_address, (long)tidptr);
}

uintptr_t sys_brk(uintptr_t addr)
{
	return (uintptr_t)sys_call1(SYS_brk, (long)addr);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = sys_call6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
	if (sys_result(r) == -1)
		return MAP_FAILED;
	return (void *)r;
}

int munmap(void *addr, size_t len)
{
	return (int)sys_result(sys_call2(SYS_munmap, (long)addr, (long)len));
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)sys_result(sys_call3(SYS_mprotect, (long)addr, (long)len, prot));
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return (int)sys_result(sys_call2(SYS_clock_gettime, clk, (long)ts));
}

int uname(struct utsname *u)
{
	return (int)sys_result(sys_call1(SYS_uname, (long)u));
}

pid_t fork(void)
{
	return (pid_t)sys_result(sys_call6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0));
}

pid_t getppid(void)
{
	return (pid_t)sys_call0(SYS_getppid);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return (pid_t)sys_result(sys_call6(SYS_wait4, pid, (long)status, options, 0, 0, 0));
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)sys_result(sys_call3(SYS_execve, (long)path, (long)argv, (long)envp));
}

int sched_yield(void)
{
	return (int)sys_result(sys_call0(SYS_sched_yield));
}

int getrusage(int who, struct rusage *ru)
{
	return (int)sys_result(sys_call2(SYS_getrusage, who, (long)ru));
}

long page_faults(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return ru.ru_minflt + ru.ru_majflt;
}

int mlock(const void *addr, size_t len)
{
	return (int)sys_result(sys_call2(SYS_mlock, (long)addr, (long)len));
}

int mlockall(int flags)
{
	return (int)sys_result(sys_call1(SYS_mlockall, flags));
}

int munlockall(void)
{
	return (int)sys_result(sys_call0(SYS_munlockall));
}
