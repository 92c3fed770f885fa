// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The in-memory file system: a tree of nodes in a fixed table. Regular
// file bytes live in frames (at most RAMFS_FILE_PAGES per file, through
// two levels of index frames) or, for files of the initrd, in the initrd itself
// (read-only bytes, copied to frames at the first change). Directories
// list their children; character devices name a driver (file.c).
#ifndef RAMFS_H
#define RAMFS_H

#include <stdint.h>

#define RAMFS_NAME_MAX 64   // bytes of a name, NUL included
#define RAMFS_NODES 512     // nodes at once
#define RAMFS_INDEX 512      // entries of an index frame
#define RAMFS_FILE_PAGES (RAMFS_INDEX * RAMFS_INDEX) // 1 GiB per file

// Linux mode bits (include/uapi/linux/stat.h).
#define S_IFMT 0170000u
#define S_IFDIR 0040000u
#define S_IFREG 0100000u
#define S_IFCHR 0020000u
#define S_IFIFO 0010000u
#define S_IFLNK 0120000u
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)

struct rnode {
	int used;
	uint32_t mode, nlink;
	uint64_t ino;
	char name[RAMFS_NAME_MAX];
	struct rnode *parent, *child, *next; // tree (parent 0 once unlinked)
	uint64_t size;
	uint64_t *pages;      // top index frame (ramfs_page), 0 when empty
	const uint8_t *data;  // read-only bytes from the initrd (pages == 0)
	unsigned dev;         // character devices: RAMFS_DEV_*
	int64_t mtime;        // seconds (the realtime clock at the change)
	int opens;            // open files: an unlinked node lives until 0
};

#define RAMFS_DEV_NULL 1
#define RAMFS_DEV_ZERO 2
#define RAMFS_DEV_URANDOM 3
#define RAMFS_DEV_TTY 4

extern struct rnode *ramfs_root;

// Builds /, /bin, /tmp and /dev (null, zero, urandom, tty).
void ramfs_init(void);
// The child of dir named name[0..len), or 0.
struct rnode *ramfs_lookup(struct rnode *dir, const char *name, uint64_t len);
// A new child of dir (mode includes the type). 0 or -errno.
int ramfs_create(struct rnode *dir, const char *name, uint32_t mode, struct rnode **out);
// Adds a read-only file, symlink or directory of the initrd at path,
// creating missing directories. 0 or -errno.
int ramfs_add(const char *path, uint32_t mode, const uint8_t *data, uint64_t size);
// Copies up to len bytes at off to user va; returns the count or -errno.
int64_t ramfs_read(struct rnode *n, uint64_t off, uint64_t va, uint64_t len);
// Copies len bytes from user va to off (growing the file); count or -errno.
int64_t ramfs_write(struct rnode *n, uint64_t off, uint64_t va, uint64_t len);
// The frame holding byte off of n (allocated when create); 0 for a hole.
uint8_t *ramfs_page(struct rnode *n, uint64_t off, int create);
// Sets the size (new bytes read as zero). 0 or -errno.
int ramfs_truncate(struct rnode *n, uint64_t size);
// Moves the initrd bytes of n into frames before its first change (the
// page cache's write-back). 0 or -errno.
int ramfs_own(struct rnode *n);
// Removes n from its directory (a directory must be empty). 0 or -errno.
int ramfs_unlink(struct rnode *n);
// Moves n into dir under name, replacing an existing entry of that name
// (a file, or an empty directory when n is one). 0 or -errno.
int ramfs_rename(struct rnode *n, struct rnode *dir, const char *name);
// Frees n when it is unlinked and no file has it open.
void ramfs_release(struct rnode *n);

#endif
