// SPDX-License-Identifier: MIT OR Apache-2.0
//
// System calls on paths and directories (syspath.c), and the path helpers
// the file calls share: a user path with a directory fd (AT_FDCWD: the
// cwd) becomes an absolute normal path, then a vfs_loc.
#ifndef SYSPATH_H
#define SYSPATH_H

#include <stdint.h>

#include "file.h"

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000

// The user path upath against dirfd into out (VFS_PATH_MAX bytes);
// allow_empty: "" is no error. 0 or -errno.
int64_t syspath_abs(int64_t dirfd, uint64_t upath, char *out, int allow_empty);
// Resolves (dirfd, upath) into loc (vfs_resolve). 0 or -errno.
int64_t syspath_loc(int64_t dirfd, uint64_t upath, int follow, struct vfs_loc *loc);
// The status of (dirfd, upath) under AT_SYMLINK_NOFOLLOW/AT_EMPTY_PATH.
int64_t syspath_stat_at(int64_t dirfd, uint64_t upath, uint64_t flags, struct kstat *st);
// True when the host root may be changed (--root DIR:rw).
int syspath_host_writable(void);

int64_t sys_fstat(const uint64_t *a);
int64_t sys_newfstatat(const uint64_t *a);
int64_t sys_statx(const uint64_t *a);
int64_t sys_getdents64(const uint64_t *a);
int64_t sys_getcwd(const uint64_t *a);
int64_t sys_chdir(const uint64_t *a);
int64_t sys_fchdir(const uint64_t *a);
int64_t sys_mkdirat(const uint64_t *a);
int64_t sys_unlinkat(const uint64_t *a);
int64_t sys_renameat2(const uint64_t *a);
int64_t sys_readlinkat(const uint64_t *a);
int64_t sys_faccessat(const uint64_t *a);
int64_t sys_faccessat2(const uint64_t *a);
int64_t sys_utimensat(const uint64_t *a);

#endif
