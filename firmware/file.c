// SPDX-License-Identifier: MIT OR Apache-2.0
#include "file.h"

#include "con.h"
#include "epoll.h"
#include "hostio.h"
#include "kerrno_fs.h"
#include "ktime.h"
#include "lib.h"
#include "pagecache.h"
#include "user.h"

static struct file files[FILE_MAX];
static struct fdtable fdtables[PROC_MAX];

// Bounce buffer between user pages and the host device (one trap at a
// time uses it).
static uint8_t file_bounce[4096];

#define FILE_DEFAULT_UMASK 022

struct fdtable *file_table(void) { return &fdtables[cur - procs]; }

struct file *file_get(int64_t fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return 0;
	return file_table()->fd[fd];
}

struct file *file_new(enum file_kind kind, unsigned flags)
{
	for (unsigned i = 0; i < FILE_MAX; i++) {
		struct file *f = &files[i];
		if (f->refs)
			continue;
		memset(f, 0, sizeof(*f));
		f->kind = kind;
		f->flags = flags;
		return f;
	}
	return 0;
}

int file_install(struct file *f, int min, int cloexec)
{
	struct fdtable *t = file_table();
	for (int fd = min < 0 ? 0 : min; fd < FD_MAX; fd++) {
		if (t->fd[fd])
			continue;
		t->fd[fd] = f;
		t->cloexec[fd] = cloexec != 0;
		f->refs++;
		return fd;
	}
	return -EMFILE;
}

void file_put(struct file *f)
{
	if (--f->refs > 0)
		return;
	if (f->kind == FILE_PIPE)
		epoll_forget(f); // only pipes are ever watched
	switch (f->kind) {
	case FILE_RAM:
	case FILE_DEV:
		f->node->opens--;
		ramfs_release(f->node);
		break;
	case FILE_HOST:
		hostio_call(HOSTIO_CLOSE, (uint64_t)f->host, 0, 0, 0, 0);
		break;
	case FILE_PIPE:
		pipe_close(f->pipe, f->pipe_writer);
		break;
	case FILE_CONSOLE:
		break;
	case FILE_EPOLL:
		epoll_release(f);
		break;
	}
}

void file_init_first(struct proc *p)
{
	struct fdtable *t = &fdtables[p - procs];
	memset(t, 0, sizeof(*t));
	t->cwd[0] = '/';
	t->umask = FILE_DEFAULT_UMASK;
	for (int s = 0; s < 3; s++) {
		struct file *f = file_new(FILE_CONSOLE, s == 0 ? O_RDONLY : O_WRONLY);
		if (f == 0)
			return;
		f->stream = s;
		t->fd[s] = f;
		f->refs++;
	}
}

void file_fork(struct proc *parent, struct proc *child)
{
	struct fdtable *pt = &fdtables[parent - procs], *ct = &fdtables[child - procs];
	*ct = *pt;
	// Pipe ends count files, not descriptors: nothing more to do.
	for (int fd = 0; fd < FD_MAX; fd++)
		if (ct->fd[fd])
			ct->fd[fd]->refs++;
}

void file_exec(struct proc *p)
{
	struct fdtable *t = &fdtables[p - procs];
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (t->fd[fd] && t->cloexec[fd]) {
			file_put(t->fd[fd]);
			t->fd[fd] = 0;
			t->cloexec[fd] = 0;
		}
	}
}

void file_exit(struct proc *p)
{
	struct fdtable *t = &fdtables[p - procs];
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (t->fd[fd])
			file_put(t->fd[fd]);
		t->fd[fd] = 0;
	}
}

// Console output: the hostio stream, or the UART.
static int64_t file_console_write(int stream, uint64_t va, uint64_t len)
{
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = MIN(len - done, sizeof(file_bounce));
		if (user_copy_in(file_bounce, va + done, n) != 0)
			return done ? (int64_t)done : -EFAULT;
		if (hostio_present()) {
			int64_t r = hostio_call(HOSTIO_WRITE, stream == 0 ? 1 : (uint64_t)stream,
						(uint64_t)file_bounce, n, 0, 0);
			if (r < 0)
				return done ? (int64_t)done : r;
		} else {
			con_uart_write((const char *)file_bounce, n);
		}
		done += n;
	}
	return (int64_t)done;
}

// Console input: host stdin through hostio (blocking); end of file
// without the device (QEMU).
static int64_t file_console_read(uint64_t va, uint64_t len)
{
	if (!hostio_present() || len == 0)
		return 0;
	uint64_t n = MIN(len, sizeof(file_bounce));
	int64_t r = hostio_call(HOSTIO_READ, 0, (uint64_t)file_bounce, n, 0, 0);
	if (r <= 0)
		return r;
	if (user_copy_out(va, file_bounce, (uint64_t)r) != 0)
		return -EFAULT;
	return r;
}

// /dev/urandom: splitmix64 over the clock (not cryptographic).
static int64_t file_urandom(uint64_t va, uint64_t len)
{
	static uint64_t state;
	if (state == 0)
		state = r_time() ^ 0x9e3779b97f4a7c15UL;
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = MIN(len - done, sizeof(file_bounce));
		for (uint64_t i = 0; i < n; i += 8) {
			uint64_t z = (state += 0x9e3779b97f4a7c15UL);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
			z ^= z >> 31;
			memcpy(file_bounce + i, &z, 8);
		}
		if (user_copy_out(va + done, file_bounce, n) != 0)
			return done ? (int64_t)done : -EFAULT;
		done += n;
	}
	return (int64_t)done;
}

static int64_t file_dev_read(struct file *f, uint64_t va, uint64_t len)
{
	switch (f->node->dev) {
	case RAMFS_DEV_ZERO: {
		memset(file_bounce, 0, sizeof(file_bounce));
		uint64_t done = 0;
		while (done < len) {
			uint64_t n = MIN(len - done, sizeof(file_bounce));
			if (user_copy_out(va + done, file_bounce, n) != 0)
				return done ? (int64_t)done : -EFAULT;
			done += n;
		}
		return (int64_t)done;
	}
	case RAMFS_DEV_URANDOM:
		return file_urandom(va, len);
	case RAMFS_DEV_TTY:
		return file_console_read(va, len);
	default:
		return 0;
	}
}

static int64_t file_host_read(struct file *f, uint64_t va, uint64_t len, uint64_t off)
{
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = MIN(len - done, sizeof(file_bounce));
		int64_t r = hostio_call(HOSTIO_PREAD, (uint64_t)f->host, (uint64_t)file_bounce, n,
					off + done, 0);
		if (r < 0)
			return done ? (int64_t)done : r;
		if (r == 0)
			break;
		if (user_copy_out(va + done, file_bounce, (uint64_t)r) != 0)
			return done ? (int64_t)done : -EFAULT;
		done += (uint64_t)r;
		if ((uint64_t)r < n)
			break;
	}
	return (int64_t)done;
}

static int64_t file_host_write(struct file *f, uint64_t va, uint64_t len, uint64_t off)
{
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = MIN(len - done, sizeof(file_bounce));
		if (user_copy_in(file_bounce, va + done, n) != 0)
			return done ? (int64_t)done : -EFAULT;
		int64_t r = hostio_call(HOSTIO_PWRITE, (uint64_t)f->host, (uint64_t)file_bounce, n,
					off + done, 0);
		if (r <= 0)
			return done ? (int64_t)done : r;
		done += (uint64_t)r;
	}
	return (int64_t)done;
}

int64_t file_read(struct file *f, uint64_t va, uint64_t len, uint64_t *off)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->is_dir)
		return -EISDIR;
	int64_t r;
	if (f->kind == FILE_RAM || f->kind == FILE_HOST)
		pagecache_before_io(f, *off, len); // mapped stores first (pagecache.h)
	switch (f->kind) {
	case FILE_RAM:
		r = ramfs_read(f->node, *off, va, len);
		break;
	case FILE_HOST:
		r = file_host_read(f, va, len, *off);
		break;
	case FILE_PIPE:
		return pipe_read(f->pipe, va, len, (f->flags & O_NONBLOCK) != 0);
	case FILE_CONSOLE:
		return file_console_read(va, len);
	case FILE_DEV:
		return file_dev_read(f, va, len);
	default:
		return -EBADF;
	}
	if (r > 0)
		*off += (uint64_t)r;
	return r;
}

int64_t file_write(struct file *f, uint64_t va, uint64_t len, uint64_t *off)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	int64_t r;
	switch (f->kind) {
	case FILE_RAM:
		if (f->flags & O_APPEND)
			*off = f->node->size;
		pagecache_before_io(f, *off, len); // mapped stores first (pagecache.h)
		r = ramfs_write(f->node, *off, va, len);
		break;
	case FILE_HOST:
		if (f->flags & O_APPEND) {
			struct kstat st;
			if (file_stat(f, &st) == 0)
				*off = (uint64_t)st.size;
		}
		pagecache_before_io(f, *off, len);
		r = file_host_write(f, va, len, *off);
		break;
	case FILE_PIPE:
		return pipe_write(f->pipe, va, len, (f->flags & O_NONBLOCK) != 0);
	case FILE_CONSOLE:
		return file_console_write(f->stream, va, len);
	case FILE_DEV:
		if (f->node->dev == RAMFS_DEV_TTY)
			return file_console_write(1, va, len);
		return (int64_t)len;
	default:
		return -EBADF;
	}
	if (r > 0) {
		pagecache_after_write(f, *off, (uint64_t)r); // cached pages see it
		*off += (uint64_t)r;
	}
	return r;
}

void file_stat_node(const struct rnode *n, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = 1;
	st->ino = n->ino;
	st->mode = n->mode;
	st->nlink = n->nlink;
	st->size = S_ISDIR(n->mode) ? 4096 : (int64_t)n->size;
	st->blksize = 4096;
	st->blocks = (int64_t)((n->size + 511) / 512);
	st->atime = st->mtime = st->ctime = n->mtime;
	// Linux's device numbers (major << 8 | minor): mem 1:3 null, 1:5
	// zero, 1:9 urandom; 5:0 tty.
	static const uint64_t rdev[] = { 0, 0x103, 0x105, 0x109, 0x500 };
	if (S_ISCHR(n->mode) && n->dev < sizeof(rdev) / sizeof(rdev[0]))
		st->rdev = rdev[n->dev];
}

int file_stat(struct file *f, struct kstat *st)
{
	switch (f->kind) {
	case FILE_RAM:
	case FILE_DEV:
		file_stat_node(f->node, st);
		return 0;
	case FILE_HOST:
		return (int)hostio_call(HOSTIO_FSTAT, (uint64_t)f->host, (uint64_t)st, 0, 0, 0);
	case FILE_PIPE:
		memset(st, 0, sizeof(*st));
		st->mode = S_IFIFO | 0600;
		st->nlink = 1;
		st->blksize = 4096;
		st->dev = 2;
		st->ino = (uint64_t)f->pipe >> 4;
		return 0;
	case FILE_CONSOLE:
		// The host's own stream: glibc buffers by its type (a terminal,
		// by its device number, gets line buffering).
		if (hostio_present())
			return (int)hostio_call(HOSTIO_STREAM_STAT, (uint64_t)f->stream,
						(uint64_t)st, 0, 0, 0);
		memset(st, 0, sizeof(*st));
		st->mode = S_IFCHR | 0620;
		st->nlink = 1;
		st->blksize = 1024;
		st->rdev = (136 << 8);
		st->dev = 3;
		return 0;
	case FILE_EPOLL: // an anonymous inode, as Linux's
		memset(st, 0, sizeof(*st));
		st->mode = 0600;
		st->nlink = 1;
		st->blksize = 4096;
		st->dev = 4;
		st->ino = (uint64_t)f->epoll >> 4;
		return 0;
	}
	return -EBADF;
}

int file_stat_loc(struct vfs_loc *loc, int follow, struct kstat *st)
{
	if (loc->host)
		return (int)hostio_call(HOSTIO_STAT, (uint64_t)loc->path, strlen(loc->path),
					(uint64_t)st, !follow, 0);
	if (loc->node == 0)
		return -ENOENT;
	file_stat_node(loc->node, st);
	return 0;
}
