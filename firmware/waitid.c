// SPDX-License-Identifier: MIT OR Apache-2.0
#include "waitid.h"

#include "kerrno.h"
#include "lib.h"
#include "proc.h"
#include "sysproc.h"
#include "thread.h"
#include "user.h"

// include/uapi/linux/wait.h, asm-generic/siginfo.h
#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define WNOHANG 0x00000001
#define WSTOPPED 0x00000002
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3

// siginfo_t for SIGCHLD (riscv64: 128 bytes, the union at offset 16).
struct waitid_info {
	int32_t si_signo, si_errno, si_code, pad;
	int32_t pid, uid, status, pad2;
	int64_t utime, stime;
	uint64_t rest[10];
};
_Static_assert(sizeof(struct waitid_info) == 128, "riscv64 siginfo_t");

int64_t sys_waitid(const uint64_t *a)
{
	int idtype = (int)a[0], id = (int)a[1];
	uint64_t options = a[3];
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)) ||
	    (options & ~(uint64_t)(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT)))
		return -EINVAL;
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	if (idtype == P_PID && id <= 0)
		return -EINVAL;
	int have;
	struct proc *q = sysproc_zombie_child(idtype == P_PID ? id : 0, &have);
	static struct waitid_info si;
	memset(&si, 0, sizeof(si));
	if (q && (options & WEXITED)) {
		int ws = q->wstatus;
		si.si_signo = SIGCHLD;
		si.pid = q->pid;
		if ((ws & 0x7f) == 0) {
			si.si_code = CLD_EXITED;
			si.status = (ws >> 8) & 0xff;
		} else {
			si.si_code = (ws & 0x80) ? CLD_DUMPED : CLD_KILLED;
			si.status = ws & 0x7f;
		}
		if ((a[2] && user_copy_out(a[2], &si, sizeof(si)) != 0) ||
		    sysproc_child_rusage(a[4], q) != 0)
			return -EFAULT;
		if (!(options & WNOWAIT))
			sysproc_reap(q);
		return 0;
	}
	if (!have)
		return -ECHILD;
	if (options & WNOHANG)
		return a[2] && user_copy_out(a[2], &si, sizeof(si)) != 0 ? -EFAULT : 0;
	thread_block(THREAD_WAIT_CHILD, 0);
	return -ERESTART;
}
