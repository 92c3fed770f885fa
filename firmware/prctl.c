// SPDX-License-Identifier: MIT OR Apache-2.0
#include "prctl.h"

#include "kerrno.h"
#include "lib.h"
#include "procfs.h"
#include "thread.h"
#include "user.h"

#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PRCTL_NAME_LEN 16 // TASK_COMM_LEN, the NUL included

// Names set with PR_SET_NAME, per thread slot (tid 0: none).
static struct {
	int tid;
	char name[PRCTL_NAME_LEN];
} prctl_names[THREAD_MAX];

void prctl_exec(const struct proc *p)
{
	for (unsigned i = 0; i < THREAD_MAX; i++)
		if (threads[i].proc == p)
			prctl_names[i].tid = 0;
}

// t's name into out (PRCTL_NAME_LEN bytes, NUL-terminated).
static void prctl_name(const struct thread *t, char *out)
{
	unsigned slot = (unsigned)(t - threads);
	const char *name = prctl_names[slot].name;
	if (prctl_names[slot].tid != t->tid) {
		name = procfs_exe_path(t->proc);
		for (const char *c = name; *c; c++)
			if (*c == '/' && c[1])
				name = c + 1;
	}
	uint64_t n = MIN(strlen(name), (uint64_t)PRCTL_NAME_LEN - 1);
	memset(out, 0, PRCTL_NAME_LEN);
	memcpy(out, name, n);
}

// prctl(option, arg2, arg3, arg4, arg5)
int64_t sys_prctl(const uint64_t *a)
{
	struct thread *t = thread_current();
	char name[PRCTL_NAME_LEN];
	switch (a[0]) {
	case PR_SET_NAME: {
		int64_t r = user_copy_str(name, a[1], sizeof(name));
		if (r == -EFAULT)
			return r;
		name[PRCTL_NAME_LEN - 1] = 0; // longer names are cut, as Linux
		unsigned slot = (unsigned)(t - threads);
		memcpy(prctl_names[slot].name, name, sizeof(name));
		prctl_names[slot].tid = t->tid;
		return 0;
	}
	case PR_GET_NAME:
		prctl_name(t, name);
		return user_copy_out(a[1], name, sizeof(name)) == 0 ? 0 : -EFAULT;
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return a[1] <= 1 ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}
