/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * Linux RISC-V system calls of the test programs' libc.
 *
 * The kernel ABI (Linux, arch/riscv): `ecall` from U-mode with the call
 * number in a7 and up to six arguments in a0..a5; the result comes back
 * in a0, a value in [-4095, -1] being -errno. The wrappers below follow
 * the C library convention instead: on error they set `errno` and return
 * -1 (MAP_FAILED for mmap). sys_call* return the raw kernel value.
 */
#ifndef USER_SYS_H
#define USER_SYS_H

#include <stddef.h>
#include <stdint.h>

/* Linux RISC-V syscall numbers (include/uapi/asm-generic/unistd.h). */
#define SYS_read            63
#define SYS_write           64
#define SYS_writev          66
#define SYS_exit            93
#define SYS_exit_group      94
#define SYS_set_tid_address 96
#define SYS_clock_gettime  113
#define SYS_uname          160
#define SYS_getpid         172
#define SYS_brk            214
#define SYS_munmap         215
#define SYS_mmap           222
#define SYS_mprotect       226
#define SYS_sched_yield    124
#define SYS_getrusage      165
#define SYS_getppid        173
#define SYS_clone          220
#define SYS_execve         221
#define SYS_mlock          228
#define SYS_munlock        229
#define SYS_mlockall       230
#define SYS_munlockall     231
#define SYS_wait4          260

typedef long ssize_t;
typedef int pid_t;
typedef long time_t;
typedef int clockid_t;
typedef long off_t;

extern int errno;

#define ENOENT 2
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EINVAL 22

long sys_call0(long n);
long sys_call1(long n, long a0);
long sys_call2(long n, long a0, long a1);
long sys_call3(long n, long a0, long a1, long a2);
long sys_call6(long n, long a0, long a1, long a2, long a3, long a4, long a5);

/* File descriptors. */
#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

struct iovec {
	void *iov_base;
	size_t iov_len;
};

ssize_t read(int fd, void *buf, size_t len);
ssize_t write(int fd, const void *buf, size_t len);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
/* Writes all of buf, retrying short writes; 0 on success, -1 on error. */
int write_all(int fd, const void *buf, size_t len);
_Noreturn void exit(int status);       /* exit_group: the whole process */
_Noreturn void exit_thread(int status); /* exit: this thread only */
pid_t getpid(void);
long set_tid_address(int *tidptr); /* returns the caller's thread id */

/* Memory. */
#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED ((void *)-1)

/* The raw brk: asks for a break at addr (0: query) and returns the break
 * in effect afterwards; the request failed if that is not addr. */
uintptr_t sys_brk(uintptr_t addr);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);

/* Time and identity. */
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

int clock_gettime(clockid_t clk, struct timespec *ts);

#define UTSNAME_LENGTH 65
struct utsname {
	char sysname[UTSNAME_LENGTH];
	char nodename[UTSNAME_LENGTH];
	char release[UTSNAME_LENGTH];
	char version[UTSNAME_LENGTH];
	char machine[UTSNAME_LENGTH];
	char domainname[UTSNAME_LENGTH];
};

int uname(struct utsname *u);

/* Processes. fork is clone(SIGCHLD, 0, 0, 0, 0); waitpid is wait4
 * without rusage. Status words as Linux's: exited with code c → c << 8,
 * killed by signal s → s. */
#define SIGCHLD 17
#define WNOHANG 1
#define WIFEXITED(s)   (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)    ((s) & 0x7f)

pid_t fork(void);
pid_t getppid(void);
pid_t waitpid(pid_t pid, int *status, int options);
int execve(const char *path, char *const argv[], char *const envp[]);
int sched_yield(void);

/* getrusage: the kernel fills at least ru_minflt and ru_majflt. */
#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN  (-1)
struct timeval {
	long tv_sec, tv_usec;
};
struct rusage {
	struct timeval ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
		ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
int getrusage(int who, struct rusage *ru);
/* ru_minflt + ru_majflt of the calling process (0 if getrusage fails). */
long page_faults(void);

/* Locked pages stay resident (and, under the rvmmu firmware, do not
 * count against its frames=N limit). */
#define MCL_CURRENT 1
int mlock(const void *addr, size_t len);
int mlockall(int flags);
int munlockall(void);

#endif
