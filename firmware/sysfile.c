// SPDX-License-Identifier: MIT OR Apache-2.0
//
// File system calls on descriptors (open, I/O, dup, fcntl, pipes, poll,
// ioctl, umask; syspath.c has those on paths), Linux semantics over file.h
// and vfs.h, and the table of both and of the time calls. Paths are at
// most VFS_PATH_MAX bytes (-ENAMETOOLONG beyond).
#include "sysfile.h"

#include "file.h"
#include "hostio.h"
#include "kerrno_fs.h"
#include "ktime.h"
#include "lib.h"
#include "pagecache.h"
#include "pollwait.h"
#include "signal.h"
#include "syslink.h"
#include "syspath.h"
#include "thread.h"
#include "user.h"
#include "wait.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413
#define IOV_MAX 1024

// openat(dirfd, path, flags, mode)
static int64_t sys_openat(const uint64_t *a)
{
	unsigned flags = (unsigned)a[2];
	struct vfs_loc loc;
	int64_t r = syspath_loc((int64_t)a[0], a[1], !(flags & O_NOFOLLOW), &loc);
	if (r < 0)
		return r;
	uint32_t mode = (uint32_t)a[3] & 07777 & ~file_table()->umask;
	unsigned acc = flags & O_ACCMODE;
	struct file *f = file_new(FILE_RAM, (flags & (O_ACCMODE | O_APPEND | O_NONBLOCK)) | O_LARGEFILE);
	if (f == 0)
		return -ENFILE;
	memcpy(f->path, loc.path, strlen(loc.path) + 1);
	if (loc.host) {
		int64_t h = hostio_call(HOSTIO_OPEN, (uint64_t)loc.path, strlen(loc.path), flags, mode, 0);
		if (h < 0)
			return h;
		struct kstat st;
		f->kind = FILE_HOST;
		f->host = h;
		if (hostio_call(HOSTIO_FSTAT, (uint64_t)h, (uint64_t)&st, 0, 0, 0) == 0)
			f->is_dir = S_ISDIR(st.mode);
		// The path of a host directory, absolute for openat/fchdir.
		f->path[0] = '/';
		memcpy(f->path + 1, loc.path, strlen(loc.path) + 1);
	} else {
		struct rnode *n = loc.node;
		if (n == 0) {
			if (!(flags & O_CREAT))
				return -ENOENT;
			if (loc.parent == 0)
				return -ENOENT;
			r = ramfs_create(loc.parent, loc.name, S_IFREG | mode, &n);
			if (r < 0)
				return r;
		} else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
			return -EEXIST;
		}
		if (S_ISLNK(n->mode))
			return -ELOOP;
		if ((flags & O_DIRECTORY) && !S_ISDIR(n->mode))
			return -ENOTDIR;
		if (S_ISDIR(n->mode) && acc != O_RDONLY)
			return -EISDIR;
		if ((flags & O_TRUNC) && S_ISREG(n->mode) && acc != O_RDONLY) {
			r = ramfs_truncate(n, 0);
			if (r < 0)
				return r;
		}
		f->kind = S_ISCHR(n->mode) ? FILE_DEV : FILE_RAM;
		f->node = n;
		f->is_dir = S_ISDIR(n->mode);
		n->opens++;
	}
	r = file_install(f, 0, (flags & O_CLOEXEC) != 0);
	if (r < 0) {
		f->refs = 1;
		file_put(f);
	}
	return r;
}

// close(fd)
static int64_t sys_close(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	file_table()->fd[a[0]] = 0;
	file_put(f);
	return 0;
}

// read(fd, buf, count)
static int64_t sys_read(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	return f ? file_read(f, a[1], a[2], &f->off) : -EBADF;
}

// write(fd, buf, count)
static int64_t sys_write(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	return f ? file_write(f, a[1], a[2], &f->off) : -EBADF;
}

// readv/writev/preadv-style loop over iovecs; off 0 means the file's own.
static int64_t sysfile_vec(const uint64_t *a, int write)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if ((int64_t)a[2] < 0 || a[2] > IOV_MAX)
		return -EINVAL;
	int64_t total = 0;
	for (uint64_t i = 0; i < a[2]; i++) {
		uint64_t iov[2];
		if (user_copy_in(iov, a[1] + 16 * i, sizeof(iov)) != 0)
			return total ? total : -EFAULT;
		if (iov[1] == 0)
			continue;
		int64_t r = write ? file_write(f, iov[0], iov[1], &f->off)
				  : file_read(f, iov[0], iov[1], &f->off);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((uint64_t)r < iov[1])
			break;
	}
	return total;
}

static int64_t sys_readv(const uint64_t *a) { return sysfile_vec(a, 0); }
static int64_t sys_writev(const uint64_t *a) { return sysfile_vec(a, 1); }

// pread64/pwrite64(fd, buf, count, offset): files with a position only.
static int64_t sysfile_p(const uint64_t *a, int write)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (f->kind != FILE_RAM && f->kind != FILE_HOST)
		return -ESPIPE;
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	uint64_t off = a[3];
	unsigned saved = f->flags;
	f->flags &= ~(unsigned)O_APPEND; // pwrite writes at off (Linux ignores O_APPEND only without it)
	int64_t r = write ? file_write(f, a[1], a[2], &off) : file_read(f, a[1], a[2], &off);
	f->flags = saved;
	return r;
}

static int64_t sys_pread64(const uint64_t *a) { return sysfile_p(a, 0); }
static int64_t sys_pwrite64(const uint64_t *a) { return sysfile_p(a, 1); }

// lseek(fd, offset, whence)
static int64_t sys_lseek(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (f->kind != FILE_RAM && f->kind != FILE_HOST)
		return f->kind == FILE_DEV ? 0 : -ESPIPE;
	int64_t base;
	switch (a[2]) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->off;
		break;
	case SEEK_END: {
		struct kstat st;
		int r = file_stat(f, &st);
		if (r < 0)
			return r;
		base = st.size;
		break;
	}
	default:
		return -EINVAL;
	}
	int64_t pos = base + (int64_t)a[1];
	if (pos < 0)
		return -EINVAL;
	f->off = (uint64_t)pos;
	return pos;
}

// ftruncate(fd, length)
static int64_t sys_ftruncate(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if ((int64_t)a[1] < 0)
		return -EINVAL;
	if ((f->flags & O_ACCMODE) == O_RDONLY || f->is_dir)
		return -EINVAL;
	if (f->kind != FILE_RAM && f->kind != FILE_HOST)
		return -EINVAL;
	// The page cache (pagecache.h): mapped stores from the new end on go
	// to the file first; the pages past it are unmapped and dropped after.
	pagecache_before_io(f, a[1], UINT64_MAX - a[1]);
	int64_t r;
	if (f->kind == FILE_HOST)
		r = syspath_host_writable()
			    ? hostio_call(HOSTIO_TRUNCATE, (uint64_t)f->host, a[1], 0, 0, 0)
			    : -EROFS;
	else
		r = ramfs_truncate(f->node, a[1]);
	if (r == 0)
		pagecache_truncated(f, a[1]);
	return r;
}

// fsync(fd), fdatasync(fd)
static int64_t sys_fsync(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (f->kind == FILE_HOST && (f->flags & O_ACCMODE) != O_RDONLY)
		return hostio_call(HOSTIO_FSYNC, (uint64_t)f->host, 0, 0, 0, 0);
	return 0;
}

// sync(), syncfs(fd): every write already reached the host (hostio writes
// through) or lives in memory: nothing to do.
static int64_t sys_sync(const uint64_t *a)
{
	(void)a;
	return 0;
}

// dup(fd)
static int64_t sys_dup(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	return f ? file_install(f, 0, 0) : -EBADF;
}

// dup3(oldfd, newfd, flags)
static int64_t sys_dup3(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	if (a[0] == a[1] || (a[2] & ~(uint64_t)O_CLOEXEC))
		return -EINVAL;
	if (a[1] >= FD_MAX)
		return -EBADF;
	struct fdtable *t = file_table();
	if (t->fd[a[1]])
		file_put(t->fd[a[1]]);
	t->fd[a[1]] = f;
	t->cloexec[a[1]] = (a[2] & O_CLOEXEC) != 0;
	f->refs++;
	return (int64_t)a[1];
}

// fcntl(fd, cmd, arg)
static int64_t sys_fcntl(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	struct fdtable *t = file_table();
	switch (a[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (a[2] >= FD_MAX)
			return -EINVAL;
		return file_install(f, (int)a[2], a[1] == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return t->cloexec[a[0]] ? FD_CLOEXEC : 0;
	case F_SETFD:
		t->cloexec[a[0]] = (a[2] & FD_CLOEXEC) != 0;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~(unsigned)(O_APPEND | O_NONBLOCK)) |
			   ((unsigned)a[2] & (O_APPEND | O_NONBLOCK));
		return 0;
	}
	return -EINVAL;
}

// pipe2(fds, flags)
static int64_t sys_pipe2(const uint64_t *a)
{
	if (a[1] & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	struct pipe *p = pipe_new();
	if (p == 0)
		return -ENFILE;
	unsigned nb = (unsigned)a[1] & O_NONBLOCK;
	struct file *r = file_new(FILE_PIPE, O_RDONLY | nb);
	if (r)
		r->refs = 1; // reserve it while the second is found
	struct file *w = file_new(FILE_PIPE, O_WRONLY | nb);
	if (r)
		r->refs = 0;
	if (r == 0 || w == 0) {
		pipe_close(p, 0);
		pipe_close(p, 1);
		return -ENFILE;
	}
	r->pipe = w->pipe = p;
	w->pipe_writer = 1;
	int cloexec = (a[1] & O_CLOEXEC) != 0;
	int fr = file_install(r, 0, cloexec);
	int fw = fr < 0 ? fr : file_install(w, 0, cloexec);
	if (fw < 0) {
		if (fr >= 0) {
			file_table()->fd[fr] = 0;
			file_put(r);
		} else
			pipe_close(p, 0);
		pipe_close(p, 1);
		return -EMFILE;
	}
	int32_t fds[2] = { fr, fw };
	if (user_copy_out(a[0], fds, sizeof(fds)) != 0) {
		struct fdtable *t = file_table();
		t->fd[fr] = t->fd[fw] = 0;
		file_put(r);
		file_put(w);
		return -EFAULT;
	}
	return 0;
}

// ioctl(fd, request, arg): TCGETS and TIOCGWINSZ on a console that is a
// host terminal; ENOTTY otherwise.
static int64_t sys_ioctl(const uint64_t *a)
{
	struct file *f = file_get((int64_t)a[0]);
	if (f == 0)
		return -EBADF;
	int stream = f->kind == FILE_CONSOLE ? f->stream
		     : (f->kind == FILE_DEV && f->node->dev == RAMFS_DEV_TTY) ? 0 : -1;
	if (stream < 0 || hostio_call(HOSTIO_ISATTY, (uint64_t)stream, 0, 0, 0, 0) != 1)
		return -ENOTTY;
	if (a[1] == TCGETS) {
		// struct termios (asm-generic termbits.h): 4 flags, c_line, c_cc[19].
		uint8_t t[36];
		memset(t, 0, sizeof(t));
		uint32_t flags[4] = { 0x500 /* ICRNL IXON */, 0x5 /* OPOST ONLCR */,
				      0xbf /* B38400 CS8 CREAD */, 0x8a3b /* ISIG ICANON ECHO.. */ };
		memcpy(t, flags, sizeof(flags));
		static const uint8_t cc[] = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 };
		memcpy(t + 17, cc, sizeof(cc));
		return user_copy_out(a[2], t, sizeof(t));
	}
	if (a[1] == TIOCGWINSZ) {
		uint16_t ws[4] = { 24, 80, 0, 0 };
		return user_copy_out(a[2], ws, sizeof(ws));
	}
	return -ENOTTY;
}

#define POLLIN 0x001
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define PPOLL_MAX 64

// The poll events of one file: pipes by their fill and ends, everything
// else always ready (a console read may still block on the host).
static short sysfile_poll_events(struct file *f)
{
	if (f->kind != FILE_PIPE)
		return POLLIN | POLLOUT;
	struct pipe *p = f->pipe;
	if (!f->pipe_writer)
		return (pipe_count(p) ? POLLIN : 0) | (p->writers == 0 ? POLLHUP : 0);
	return (pipe_count(p) < PIPE_SIZE ? POLLOUT : 0) | (p->readers == 0 ? POLLERR : 0);
}

// ppoll(fds, nfds, timeout, sigmask, sigsetsize): with nothing ready and
// a timeout other than zero, sleeps until a pipe changes or the timeout
// passes (pollwait.h; the signal mask is ignored). Without fds (glibc's
// pause()): signal.c's wait for a signal or the timeout.
static int64_t sysfile_ppoll(const uint64_t *a)
{
	if (a[1] == 0)
		return sys_ppoll(a);
	if (a[1] > PPOLL_MAX)
		return -EINVAL;
	struct {
		int32_t fd;
		int16_t events, revents;
	} fds[PPOLL_MAX];
	if (user_copy_in(fds, a[0], 8 * a[1]) != 0)
		return -EFAULT;
	int64_t ready = 0;
	int pipes = 0;
	uint64_t deadline;
	int again = pollwait_again(&deadline);
	for (uint64_t i = 0; i < a[1]; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		struct file *f = file_get(fds[i].fd);
		short ev = f ? sysfile_poll_events(f) : POLLNVAL;
		fds[i].revents = (int16_t)(ev & (fds[i].events | POLLERR | POLLHUP | POLLNVAL));
		if (fds[i].revents)
			ready++;
		else if (f && f->kind == FILE_PIPE)
			pipes = 1;
	}
	if (ready == 0 && pipes) {
		int sleep = 1;
		if (again) {
			sleep = deadline == 0 || r_time() < deadline;
		} else {
			int64_t r = sched_deadline(a[2], 0, &deadline); // NULL: 0, no deadline
			if (r == -ETIMEDOUT)
				sleep = 0; // a zero timeout: report now
			else if (r != 0)
				return r;
		}
		if (sleep)
			return pollwait_sleep(deadline);
	}
	if (user_copy_out(a[0], fds, 8 * a[1]) != 0)
		return -EFAULT;
	return ready;
}

// umask(mask): the previous mask.
static int64_t sys_umask(const uint64_t *a)
{
	struct fdtable *t = file_table();
	uint32_t old = t->umask;
	t->umask = (uint32_t)a[0] & 0777;
	return old;
}

// Linux RISC-V (asm-generic/unistd.h) numbers.
#define SYSFILE_MAX 440

static sysfile_call *const sysfile_table[SYSFILE_MAX] = {
	[17] = sys_getcwd,
	[23] = sys_dup,
	[24] = sys_dup3,
	[25] = sys_fcntl,
	[29] = sys_ioctl,
	[34] = sys_mkdirat,
	[35] = sys_unlinkat,
	[46] = sys_ftruncate,
	[48] = sys_faccessat,
	[49] = sys_chdir,
	[50] = sys_fchdir,
	[56] = sys_openat,
	[57] = sys_close,
	[59] = sys_pipe2,
	[61] = sys_getdents64,
	[62] = sys_lseek,
	[63] = sys_read,
	[64] = sys_write,
	[65] = sys_readv,
	[66] = sys_writev,
	[67] = sys_pread64,
	[68] = sys_pwrite64,
	[78] = sys_readlinkat,
	[79] = sys_newfstatat,
	[80] = sys_fstat,
	[82] = sys_fsync,
	[83] = sys_fsync,
	[81] = sys_sync,
	[267] = sys_fsync, // syncfs(fd): as fsync, the fd must be open
	[101] = sys_nanosleep,
	[113] = sys_clock_gettime,
	[114] = sys_clock_getres,
	[115] = sys_clock_nanosleep,
	[166] = sys_umask,
	[73] = sysfile_ppoll,
	[88] = sys_utimensat,
	[169] = sys_gettimeofday,
	[276] = sys_renameat2,
	[291] = sys_statx,
	[439] = sys_faccessat2,
	[36] = sys_symlinkat, // syslink.c
	[52] = sys_fchmod,
	[53] = sys_fchmodat,
	[54] = sys_fchownat,
	[55] = sys_fchown,
};

sysfile_call *sysfile_lookup(uint64_t nr) { return nr < SYSFILE_MAX ? sysfile_table[nr] : 0; }
