// SPDX-License-Identifier: MIT OR Apache-2.0
#include "procfs.h"

#include "cpio.h"
#include "kerrno_fs.h"
#include "ktime.h"
#include "lib.h"

// What each process slot runs (procfs_set_exe).
static char procfs_exe[PROC_MAX][VFS_PATH_MAX];

// The nodes a lookup returns: /proc/PID and a link. They belong to no
// directory (parent 0), so unlink and rename refuse them (ramfs.c).
static struct rnode procfs_pid_dir, procfs_link;
static char procfs_target[VFS_PATH_MAX];

#define PROCFS_INO_PID_DIR 0x70726f6300000001ull
#define PROCFS_INO_LINK 0x70726f6300000002ull

void procfs_set_exe(const struct proc *p, const char *path)
{
	char *d = procfs_exe[p - procs];
	uint64_t n = 0;
	if (path[0] != '/')
		d[n++] = '/';
	uint64_t len = MIN(strlen(path), (uint64_t)VFS_PATH_MAX - 1 - n);
	memcpy(d + n, path, len);
	d[n + len] = 0;
}

void procfs_set_first_exe(const struct proc *p, const char *argv0)
{
	char path[VFS_PATH_MAX] = "/bin/", abs[VFS_PATH_MAX];
	const char *name = argv0;
	const uint8_t *image;
	uint64_t size;
	if (!cpio_is_archive()) {
		for (const char *c = argv0; *c; c++) // the last component (vfs_init)
			if (*c == '/' && c[1])
				name = c + 1;
	} else if (cpio_find(argv0, &image, &size) == 0) {
		path[1] = 0;
	}
	uint64_t n = strlen(path), len = strlen(name);
	if (n + len + 1 > sizeof(path))
		return;
	memcpy(path + n, name, len + 1);
	struct vfs_loc loc;
	if (vfs_normalize("/", path, abs) != 0)
		return;
	if (vfs_resolve(abs, 1, &loc) == 0 && (loc.host || loc.node))
		procfs_set_exe(p, loc.path);
	else
		procfs_set_exe(p, abs);
}

const char *procfs_exe_path(const struct proc *p) { return procfs_exe[p - procs]; }

const struct proc *procfs_exe_link_of(const char *abs)
{
	if (strncmp(abs, "/proc/", 6) != 0)
		return 0;
	const char *s = abs + 6, *e = s;
	while (*e && *e != '/')
		e++;
	if (strcmp(e, "/exe") != 0)
		return 0;
	if (e - s == 4 && strncmp(s, "self", 4) == 0)
		return cur;
	char num[24];
	uint64_t id;
	if (e - s >= (long)sizeof(num) || e == s || *s == '0')
		return 0;
	memcpy(num, s, (uint64_t)(e - s));
	num[e - s] = 0;
	if (lib_parse_u64(num, &id) != 0)
		return 0;
	struct proc *p = proc_by_pid((int)id);
	return p && (p->state == PROC_RUNNABLE || p->state == PROC_WAITING) && p->image ? p : 0;
}

void procfs_fork(const struct proc *child, const struct proc *parent)
{
	memcpy(procfs_exe[child - procs], procfs_exe[parent - procs], VFS_PATH_MAX);
}

static int procfs_under(const char *abs, const char *dir)
{
	uint64_t n = strlen(dir);
	return strncmp(abs, dir, n) == 0 && (abs[n] == 0 || abs[n] == '/');
}

int procfs_owns(const char *abs)
{
	return procfs_under(abs, "/proc");
}

// Writes the decimal v to out; returns its length.
static uint64_t procfs_decimal(char *out, uint64_t v)
{
	char tmp[24];
	uint64_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (uint64_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
	return n;
}

static struct rnode *procfs_node(struct rnode *n, uint32_t mode, uint64_t ino, const char *target)
{
	memset(n, 0, sizeof(*n));
	n->used = 1;
	n->mode = mode;
	n->nlink = S_ISDIR(mode) ? 2 : 1;
	n->ino = ino;
	n->mtime = ktime_realtime_sec();
	if (target) {
		uint64_t len = MIN(strlen(target), (uint64_t)VFS_PATH_MAX - 1);
		memcpy(procfs_target, target, len);
		procfs_target[len] = 0;
		n->data = (const uint8_t *)procfs_target;
		n->size = len;
	}
	return n;
}

// next = head + tail (tail "" or "/..."); 1, or -ENAMETOOLONG.
static int procfs_continue(char *next, const char *head, const char *tail)
{
	char joined[VFS_PATH_MAX];
	uint64_t h = strlen(head), t = strlen(tail);
	if (h + t + 1 > VFS_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(joined, head, h);
	memcpy(joined + h, tail, t + 1);
	memcpy(next, joined, h + t + 1);
	return 1;
}

int procfs_resolve(const char *abs, int follow, struct vfs_loc *loc, char *next)
{
	memset(loc, 0, sizeof(*loc));
	memcpy(loc->path, abs, strlen(abs) + 1);
	const char *s = loc->path + 5; // after "/proc"
	if (*s == 0) {
		loc->node = ramfs_lookup(ramfs_root, "proc", 4);
		loc->parent = ramfs_root;
		loc->name = loc->path + 1;
		return loc->node ? 0 : -ENOENT;
	}
	// The first component below /proc: "self" or a pid.
	const char *c1 = s + 1, *e1 = c1;
	while (*e1 && *e1 != '/')
		e1++;
	loc->name = c1;
	char pid[24];
	procfs_decimal(pid, (uint64_t)cur->pid);
	if (e1 - c1 == 4 && strncmp(c1, "self", 4) == 0) {
		if (*e1 == 0 && !follow) {
			loc->node = procfs_node(&procfs_link, S_IFLNK | 0777, PROCFS_INO_LINK, pid);
			return 0;
		}
		char head[32] = "/proc/";
		memcpy(head + 6, pid, strlen(pid) + 1);
		return procfs_continue(next, head, e1);
	}
	uint64_t id = 0;
	struct proc *p = 0;
	char num[24];
	if (e1 - c1 < (long)sizeof(num)) {
		memcpy(num, c1, (uint64_t)(e1 - c1));
		num[e1 - c1] = 0;
		if (num[0] >= '1' && num[0] <= '9' && lib_parse_u64(num, &id) == 0)
			p = proc_by_pid((int)id);
	}
	if (p == 0 || (p->state != PROC_RUNNABLE && p->state != PROC_WAITING))
		return *e1 ? -ENOENT : 0;
	if (*e1 == 0) {
		loc->node = procfs_node(&procfs_pid_dir, S_IFDIR | 0555, PROCFS_INO_PID_DIR, 0);
		return 0;
	}
	// Below /proc/PID: only exe.
	const char *c2 = e1 + 1, *e2 = c2;
	while (*e2 && *e2 != '/')
		e2++;
	loc->name = c2;
	if (e2 - c2 != 3 || strncmp(c2, "exe", 3) != 0 || procfs_exe[p - procs][0] == 0)
		return *e2 ? -ENOENT : 0;
	if (*e2 == 0 && !follow) {
		loc->node = procfs_node(&procfs_link, S_IFLNK | 0777, PROCFS_INO_LINK,
					procfs_exe[p - procs]);
		return 0;
	}
	return procfs_continue(next, procfs_exe[p - procs], e2);
}
