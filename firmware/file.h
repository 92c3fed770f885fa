// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Open files and file descriptors. A file (an open file description) is
// shared by the descriptors dup and fork make; each process has its own
// descriptor table, working directory and umask, indexed by process slot.
#ifndef FILE_H
#define FILE_H

#include <stdint.h>

#include "pipe.h"
#include "proc.h"
#include "ramfs.h"
#include "vfs.h"

#define FILE_MAX 128 // open files in the whole system
#define FD_MAX 64    // descriptors per process

// Linux open flags (asm-generic/fcntl.h).
#define O_ACCMODE 03
#define O_RDONLY 0
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_LARGEFILE 0100000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000

enum file_kind { FILE_RAM, FILE_HOST, FILE_PIPE, FILE_CONSOLE, FILE_DEV, FILE_EPOLL };

struct file {
	int refs;                // descriptors (in every process) naming it
	enum file_kind kind;
	unsigned flags;          // access mode, O_APPEND, O_NONBLOCK, O_LARGEFILE
	uint64_t off;            // position (directories: the next entry's index)
	struct rnode *node;      // FILE_RAM, FILE_DEV
	int64_t host;            // FILE_HOST: the hostio handle
	struct pipe *pipe;       // FILE_PIPE ...
	int pipe_writer;         //   ... its write end
	int stream;              // FILE_CONSOLE: 0 stdin, 1 stdout, 2 stderr
	int is_dir;
	struct epoll *epoll;     // FILE_EPOLL (epoll.h)
	uint64_t dir_end;        // FILE_HOST directories: the host's entry count, once known
	char path[VFS_PATH_MAX]; // absolute path it was opened by ("" if none)
};

struct fdtable {
	struct file *fd[FD_MAX];
	uint8_t cloexec[FD_MAX];
	char cwd[VFS_PATH_MAX];
	uint32_t umask;
};

// Linux riscv64 struct stat (asm-generic/stat.h), 128 bytes.
struct kstat {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	uint32_t unused[2];
};

// cur's table.
struct fdtable *file_table(void);
// The file of descriptor fd of cur, or 0.
struct file *file_get(int64_t fd);
// A new file of kind (refs 0): 0 when FILE_MAX are open.
struct file *file_new(enum file_kind kind, unsigned flags);
// Installs f as the lowest free descriptor >= min; the descriptor or -EMFILE.
int file_install(struct file *f, int min, int cloexec);
// One reference less; the last closes what f holds.
void file_put(struct file *f);
// Descriptors 0, 1, 2 of the first process: the console; cwd "/".
void file_init_first(struct proc *p);
// fork: the child shares every open file; same cwd and umask.
void file_fork(struct proc *parent, struct proc *child);
// execve: closes the close-on-exec descriptors of p.
void file_exec(struct proc *p);
// exit: closes every descriptor of p.
void file_exit(struct proc *p);

int64_t file_read(struct file *f, uint64_t va, uint64_t len, uint64_t *off);
int64_t file_write(struct file *f, uint64_t va, uint64_t len, uint64_t *off);
// The file's status; 0 or -errno.
int file_stat(struct file *f, struct kstat *st);
// The status of a resolved path; 0 or -errno (ENOENT when absent).
int file_stat_loc(struct vfs_loc *loc, int follow, struct kstat *st);
// The status of an in-memory node.
void file_stat_node(const struct rnode *n, struct kstat *st);

#endif
