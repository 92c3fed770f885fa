// SPDX-License-Identifier: MIT OR Apache-2.0
//
// System calls on paths and directories: status (stat family), listing,
// the cwd, creating, removing, renaming, links, access checks, times.
#include "syspath.h"

#include "file.h"
#include "hostio.h"
#include "kerrno_fs.h"
#include "ktime.h"
#include "lib.h"
#include "user.h"

#define RENAME_NOREPLACE 1
#define W_OK 2
#define X_OK 1
#define ERANGE 34

// A user path made absolute against dirfd (AT_FDCWD: the cwd) into out.
int64_t syspath_abs(int64_t dirfd, uint64_t upath, char *out, int allow_empty)
{
	char path[VFS_PATH_MAX];
	int64_t r = user_copy_str(path, upath, sizeof(path));
	if (r < 0)
		return r;
	if (path[0] == 0 && !allow_empty)
		return -ENOENT;
	const char *base = file_table()->cwd;
	if (path[0] != '/' && (int32_t)dirfd != AT_FDCWD) {
		struct file *d = file_get((int32_t)dirfd);
		if (d == 0)
			return -EBADF;
		if (!d->is_dir || d->path[0] == 0)
			return -ENOTDIR;
		base = d->path;
	}
	return vfs_normalize(base, path, out);
}

// Resolves (dirfd, upath) into loc.
int64_t syspath_loc(int64_t dirfd, uint64_t upath, int follow, struct vfs_loc *loc)
{
	char abs[VFS_PATH_MAX];
	int64_t r = syspath_abs(dirfd, upath, abs, 0);
	return r < 0 ? r : vfs_resolve(abs, follow, loc);
}

int syspath_host_writable(void) { return vfs_root_mode == VFS_ROOT_HOST_RW; }

// fstat(fd, statbuf)
int64_t sys_fstat(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	struct kstat st;
	int r = file_stat(f, &st);
	return r < 0 ? r : user_copy_out(a[1], &st, sizeof(st));
}

// The status of (dirfd, path, flags) for newfstatat and statx.
int64_t syspath_stat_at(int64_t dirfd, uint64_t upath, uint64_t flags, struct kstat *st)
{
	char p0;
	if ((flags & AT_EMPTY_PATH) && user_copy_in(&p0, upath, 1) == 0 && p0 == 0) {
		if ((int32_t)dirfd == AT_FDCWD) {
			struct vfs_loc loc;
			int64_t r = vfs_resolve(file_table()->cwd, 1, &loc);
			return r < 0 ? r : file_stat_loc(&loc, 1, st);
		}
		struct file *f = file_get((int32_t)dirfd);
		return f ? file_stat(f, st) : -EBADF;
	}
	int follow = !(flags & AT_SYMLINK_NOFOLLOW);
	struct vfs_loc loc;
	int64_t r = syspath_loc(dirfd, upath, follow, &loc);
	return r < 0 ? r : file_stat_loc(&loc, follow, st);
}

// newfstatat(dirfd, path, statbuf, flags)
int64_t sys_newfstatat(const uint64_t *a)
{
	struct kstat st;
	int64_t r = syspath_stat_at((int64_t)a[0], a[1], a[3], &st);
	return r < 0 ? r : user_copy_out(a[2], &st, sizeof(st));
}

// statx(dirfd, path, flags, mask, statxbuf): the basic fields.
int64_t sys_statx(const uint64_t *a)
{
	struct kstat st;
	int64_t r = syspath_stat_at((int64_t)a[0], a[1], a[2], &st);
	if (r < 0)
		return r;
	uint8_t x[256];
	memset(x, 0, sizeof(x));
	uint32_t mask = 0x7ff; // STATX_BASIC_STATS
	uint16_t mode = (uint16_t)st.mode;
	memcpy(x + 0, &mask, 4);
	memcpy(x + 4, &st.blksize, 4);
	memcpy(x + 16, &st.nlink, 4);
	memcpy(x + 20, &st.uid, 4);
	memcpy(x + 24, &st.gid, 4);
	memcpy(x + 28, &mode, 2);
	memcpy(x + 32, &st.ino, 8);
	memcpy(x + 40, &st.size, 8);
	memcpy(x + 48, &st.blocks, 8);
	int64_t times[4][2] = { { st.atime, st.atime_ns }, { st.ctime, st.ctime_ns },
				{ st.ctime, st.ctime_ns }, { st.mtime, st.mtime_ns } };
	for (int i = 0; i < 4; i++) {
		uint32_t ns = (uint32_t)times[i][1];
		memcpy(x + 64 + 16 * i, &times[i][0], 8);
		memcpy(x + 72 + 16 * i, &ns, 4);
	}
	uint32_t dev[4] = { (uint32_t)(st.rdev >> 8), (uint32_t)(st.rdev & 0xff),
			    (uint32_t)(st.dev >> 8), (uint32_t)(st.dev & 0xff) };
	memcpy(x + 128, dev, sizeof(dev));
	return user_copy_out(a[4], x, sizeof(x));
}

// Writes one linux_dirent64 at va if it fits in room; its size or 0.
static uint64_t syspath_dirent(uint64_t va, uint64_t room, uint64_t ino, uint64_t next,
			       unsigned type, const char *name)
{
	uint8_t rec[24 + RAMFS_NAME_MAX + 256];
	uint64_t nlen = strlen(name);
	if (nlen > 255)
		nlen = 255;
	uint64_t reclen = (19 + nlen + 1 + 7) & ~7UL;
	if (reclen > room)
		return 0;
	memset(rec, 0, reclen);
	uint16_t rl = (uint16_t)reclen;
	memcpy(rec, &ino, 8);
	memcpy(rec + 8, &next, 8);
	memcpy(rec + 16, &rl, 2);
	rec[18] = (uint8_t)type;
	memcpy(rec + 19, name, nlen);
	return user_copy_out(va, rec, reclen) == 0 ? reclen : 0;
}

// d_type of a mode (DT_* = S_IF* >> 12).
static unsigned syspath_dtype(uint32_t mode) { return (mode & S_IFMT) >> 12; }

// getdents64(fd, dirp, count)
int64_t sys_getdents64(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (!f->is_dir)
		return -ENOTDIR;
	uint64_t done = 0;
	for (;;) {
		uint64_t ino, wrote;
		unsigned type;
		const char *name;
		static char host_entry[16 + 256];
		if (f->kind == FILE_HOST) {
			// The host root lists the in-memory /dev and /tmp after its
			// own entries (in place of any of its own of those names).
			int root = strcmp(f->path, "/") == 0;
			uint64_t extra = f->dir_end ? f->off - f->dir_end : 0;
			int64_t r = 0;
			if (!f->dir_end)
				r = hostio_call(HOSTIO_DIRENT, (uint64_t)f->host, f->off,
						(uint64_t)host_entry, sizeof(host_entry), 0);
			if (r < 0)
				return done ? (int64_t)done : r;
			if (r == 0 && !f->dir_end)
				f->dir_end = f->off;
			if (r == 0) {
				static const char *const mounts[2] = { "dev", "tmp" };
				if (!root || extra >= 2)
					break;
				struct rnode *m = ramfs_lookup(ramfs_root, mounts[extra], 3);
				ino = m ? m->ino : 0;
				type = syspath_dtype(S_IFDIR);
				name = mounts[extra];
			} else {
				memcpy(&ino, host_entry, 8);
				uint64_t t;
				memcpy(&t, host_entry + 8, 8);
				type = (unsigned)t;
				name = host_entry + 16;
				if (root && (strcmp(name, "dev") == 0 || strcmp(name, "tmp") == 0)) {
					f->off++; // shadowed by the in-memory one
					continue;
				}
			}
		} else {
			struct rnode *d = f->node, *c = d->child;
			if (f->off == 0) {
				ino = d->ino, type = syspath_dtype(d->mode), name = ".";
			} else if (f->off == 1) {
				struct rnode *p = d->parent ? d->parent : d;
				ino = p->ino, type = syspath_dtype(p->mode), name = "..";
			} else {
				for (uint64_t i = 2; c && i < f->off; i++)
					c = c->next;
				if (c == 0)
					break;
				ino = c->ino, type = syspath_dtype(c->mode), name = c->name;
			}
		}
		wrote = syspath_dirent(a[1] + done, a[2] - done, ino, f->off + 1, type, name);
		if (wrote == 0)
			return done ? (int64_t)done : -EINVAL;
		done += wrote;
		f->off++;
	}
	return (int64_t)done;
}

// getcwd(buf, size): the length with the NUL.
int64_t sys_getcwd(const uint64_t *a)
{
	const char *cwd = file_table()->cwd;
	uint64_t n = strlen(cwd) + 1;
	if (a[1] < n)
		return -ERANGE;
	return user_copy_out(a[0], cwd, n) == 0 ? (int64_t)n : -EFAULT;
}

// The directory at an absolute path becomes the cwd.
static int64_t syspath_chdir_to(const char *abs)
{
	struct vfs_loc loc;
	struct kstat st;
	int64_t r = vfs_resolve(abs, 1, &loc);
	if (r == 0)
		r = file_stat_loc(&loc, 1, &st);
	if (r < 0)
		return r;
	if (!S_ISDIR(st.mode))
		return -ENOTDIR;
	struct fdtable *t = file_table();
	memcpy(t->cwd, abs, strlen(abs) + 1);
	return 0;
}

// chdir(path)
int64_t sys_chdir(const uint64_t *a)
{
	char abs[VFS_PATH_MAX];
	int64_t r = syspath_abs(AT_FDCWD, a[0], abs, 0);
	return r < 0 ? r : syspath_chdir_to(abs);
}

// fchdir(fd)
int64_t sys_fchdir(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (!f->is_dir)
		return -ENOTDIR;
	return syspath_chdir_to(f->path);
}

// mkdirat(dirfd, path, mode)
int64_t sys_mkdirat(const uint64_t *a)
{
	struct vfs_loc loc;
	int64_t r = syspath_loc((int64_t)a[0], a[1], 0, &loc);
	if (r < 0)
		return r;
	uint32_t mode = (uint32_t)a[2] & 07777 & ~file_table()->umask;
	if (loc.host)
		return hostio_call(HOSTIO_MKDIR, (uint64_t)loc.path, strlen(loc.path), mode, 0, 0);
	if (loc.node)
		return -EEXIST;
	if (loc.parent == 0)
		return -ENOENT;
	struct rnode *n;
	return ramfs_create(loc.parent, loc.name, S_IFDIR | mode, &n);
}

// unlinkat(dirfd, path, flags)
int64_t sys_unlinkat(const uint64_t *a)
{
	struct vfs_loc loc;
	int64_t r = syspath_loc((int64_t)a[0], a[1], 0, &loc);
	if (r < 0)
		return r;
	if (loc.host)
		return hostio_call(HOSTIO_UNLINK, (uint64_t)loc.path, strlen(loc.path),
				   a[2] & AT_REMOVEDIR, 0, 0);
	if (loc.node == 0)
		return -ENOENT;
	if (a[2] & AT_REMOVEDIR) {
		if (!S_ISDIR(loc.node->mode))
			return -ENOTDIR;
	} else if (S_ISDIR(loc.node->mode)) {
		return -EISDIR;
	}
	return ramfs_unlink(loc.node);
}

// renameat2(olddirfd, oldpath, newdirfd, newpath, flags)
int64_t sys_renameat2(const uint64_t *a)
{
	struct vfs_loc from, to;
	int64_t r = syspath_loc((int64_t)a[0], a[1], 0, &from);
	if (r < 0)
		return r;
	r = syspath_loc((int64_t)a[2], a[3], 0, &to);
	if (r < 0)
		return r;
	if (a[4] & ~(uint64_t)RENAME_NOREPLACE)
		return -EINVAL;
	if (from.host != to.host)
		return -EXDEV;
	if (from.host)
		return hostio_call(HOSTIO_RENAME, (uint64_t)from.path, strlen(from.path),
				   (uint64_t)to.path, strlen(to.path), a[4]);
	if (from.node == 0 || to.parent == 0)
		return -ENOENT;
	if (to.node && (a[4] & RENAME_NOREPLACE))
		return -EEXIST;
	return ramfs_rename(from.node, to.parent, to.name);
}

// readlinkat(dirfd, path, buf, size)
int64_t sys_readlinkat(const uint64_t *a)
{
	struct vfs_loc loc;
	int64_t r = syspath_loc((int64_t)a[0], a[1], 0, &loc);
	if (r < 0)
		return r;
	if ((int64_t)a[3] <= 0)
		return -EINVAL;
	if (loc.host) {
		static char link[VFS_PATH_MAX];
		r = hostio_call(HOSTIO_READLINK, (uint64_t)loc.path, strlen(loc.path), (uint64_t)link,
				MIN(a[3], sizeof(link)), 0);
		if (r < 0)
			return r;
		return user_copy_out(a[2], link, (uint64_t)r) == 0 ? r : -EFAULT;
	}
	if (loc.node == 0)
		return -ENOENT;
	if (!S_ISLNK(loc.node->mode))
		return -EINVAL;
	uint64_t n = MIN(a[3], loc.node->size);
	return user_copy_out(a[2], loc.node->data, n) == 0 ? (int64_t)n : -EFAULT;
}

// faccessat(dirfd, path, mode) and faccessat2(..., flags): the caller is
// root (uid 0): existence, EROFS for W_OK on a read-only host root, and
// X_OK needs an x bit on a file.
int64_t sys_faccessat2(const uint64_t *a)
{
	struct kstat st;
	int64_t r = syspath_stat_at((int64_t)a[0], a[1], a[3], &st);
	if (r < 0)
		return r;
	if ((a[2] & W_OK) && vfs_root_mode == VFS_ROOT_HOST_RO) {
		struct vfs_loc loc;
		if (syspath_loc((int64_t)a[0], a[1], 1, &loc) == 0 && loc.host)
			return -EROFS;
	}
	if ((a[2] & X_OK) && !S_ISDIR(st.mode) && !(st.mode & 0111))
		return -EACCES;
	return 0;
}

int64_t sys_faccessat(const uint64_t *a)
{
	uint64_t b[4] = { a[0], a[1], a[2], 0 };
	return sys_faccessat2(b);
}

// utimensat(dirfd, path, times, flags): in-memory files get the current
// time as their mtime; host files keep theirs (-EROFS on a read-only
// root).
int64_t sys_utimensat(const uint64_t *a)
{
	struct rnode *node = 0;
	int host;
	if (a[1] == 0) { // futimens(fd, times)
		struct file *f = file_get((int64_t)a[0]);
		if (f == 0)
			return -EBADF;
		host = f->kind == FILE_HOST;
		if (f->kind == FILE_RAM || f->kind == FILE_DEV)
			node = f->node;
	} else {
		struct vfs_loc loc;
		struct kstat st;
		int follow = !(a[3] & AT_SYMLINK_NOFOLLOW);
		int64_t r = syspath_loc((int64_t)a[0], a[1], follow, &loc);
		if (r == 0)
			r = file_stat_loc(&loc, follow, &st);
		if (r < 0)
			return r;
		host = loc.host;
		node = loc.node;
	}
	if (host)
		return syspath_host_writable() ? 0 : -EROFS;
	if (node)
		node->mtime = ktime_realtime_sec();
	return 0;
}
