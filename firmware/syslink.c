// SPDX-License-Identifier: MIT OR Apache-2.0
#include "syslink.h"

#include "file.h"
#include "kerrno_fs.h"
#include "ktime.h"
#include "lib.h"
#include "syspath.h"
#include "user.h"

// What a change on the host root gets instead.
static int64_t syslink_host_refused(void) { return syspath_host_writable() ? -EPERM : -EROFS; }

// symlinkat(target, newdirfd, linkpath): a link node whose target lives in
// its first page (ramfs_page; freed with the node).
int64_t sys_symlinkat(const uint64_t *a)
{
	char target[VFS_PATH_MAX];
	int64_t r = user_copy_str(target, a[0], sizeof(target));
	if (r < 0)
		return r;
	if (target[0] == 0)
		return -ENOENT;
	struct vfs_loc loc;
	r = syspath_loc((int64_t)a[1], a[2], 0, &loc);
	if (r < 0)
		return r;
	if (loc.host)
		return syslink_host_refused();
	if (loc.node)
		return -EEXIST;
	if (loc.parent == 0)
		return -ENOENT;
	struct rnode *n;
	r = ramfs_create(loc.parent, loc.name, S_IFLNK | 0777, &n);
	if (r < 0)
		return r;
	uint8_t *page = ramfs_page(n, 0, 1);
	if (page == 0) {
		ramfs_unlink(n);
		return -ENOSPC;
	}
	uint64_t len = strlen(target);
	memcpy(page, target, len);
	n->data = page;
	n->size = len;
	return 0;
}

static int64_t syslink_chmod_node(struct rnode *n, uint64_t mode)
{
	n->mode = (n->mode & S_IFMT) | ((uint32_t)mode & 07777);
	return 0;
}

// fchmodat(dirfd, path, mode): symbolic links are followed.
int64_t sys_fchmodat(const uint64_t *a)
{
	struct vfs_loc loc;
	int64_t r = syspath_loc((int64_t)a[0], a[1], 1, &loc);
	if (r < 0)
		return r;
	if (loc.host)
		return syslink_host_refused();
	if (loc.node == 0)
		return -ENOENT;
	return syslink_chmod_node(loc.node, a[2]);
}

// fchmod(fd, mode): in-memory files and devices; a pipe or the console
// accepts it (nothing is kept).
int64_t sys_fchmod(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (f->kind == FILE_RAM || f->kind == FILE_DEV)
		return syslink_chmod_node(f->node, a[1]);
	if (f->kind == FILE_HOST)
		return syslink_host_refused();
	return 0;
}

// fchownat(dirfd, path, uid, gid, flags): the file must exist.
int64_t sys_fchownat(const uint64_t *a)
{
	struct kstat st;
	return syspath_stat_at((int64_t)a[0], a[1], a[4], &st);
}

// fchown(fd, uid, gid)
int64_t sys_fchown(const uint64_t *a) { return file_get((int64_t)a[0]) ? 0 : -EBADF; }
