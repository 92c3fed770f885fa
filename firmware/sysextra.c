// SPDX-License-Identifier: MIT OR Apache-2.0
#include "sysextra.h"

#include "epoll.h"
#include "futex.h"
#include "ident.h"
#include "itimer.h"
#include "prctl.h"
#include "signal.h"
#include "sysproc.h"
#include "thread.h"
#include "waitid.h"

sys_extra_call *sys_extra_lookup(uint64_t nr)
{
	switch (nr) {
	case 20: return sys_epoll_create1;
	case 21: return sys_epoll_ctl;
	case 22: return sys_epoll_pwait;
	case 167: return sys_prctl;
	case 95: return sys_waitid;
	case 102: return sys_getitimer;
	case 103: return sys_setitimer;
	case 73: return sys_ppoll; // without fds: a wait for signals
	case 98: return sys_futex;
	case 99: return sys_set_robust_list;
	case 122: return sys_sched_setaffinity;
	case 123: return sys_sched_getaffinity;
	case 129: return sys_kill;
	case 130: return sys_tkill;
	case 131: return sys_tgkill;
	case 132: return sys_sigaltstack;
	case 133: return sys_rt_sigsuspend;
	case 134: return sys_rt_sigaction;
	case 135: return sys_rt_sigprocmask;
	case 136: return sys_rt_sigpending;
	case 137: return sys_rt_sigtimedwait;
	case 139: return sys_rt_sigreturn;
	case 144: // setgid
	case 146: // setuid
		return sys_setuid;
	case 148: // getresuid
	case 150: // getresgid
		return sys_getresuid;
	case 154: return sys_setpgid;
	case 155: return sys_getpgid;
	case 156: return sys_getsid;
	case 157: return sys_setsid;
	case 158: return sys_getgroups;
	case 163: return sys_getrlimit;
	case 164: return sys_setrlimit;
	case 174: // getuid
	case 175: // geteuid
	case 176: // getgid
	case 177: // getegid
		return sys_getuid;
	case 178: return sys_gettid;
	case 179: return sys_sysinfo;
	case 258: return sys_riscv_hwprobe;
	case 259: return sys_riscv_flush_icache;
	case 261: return sys_prlimit64;
	case 278: return sys_getrandom;
	case 435: return sys_clone3;
	default: return 0; // rseq (293), membarrier (283): -ENOSYS
	}
}
