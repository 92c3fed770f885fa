// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Program images for execve. The demand pager reads a program's pages
// from its image for as long as the process runs, so an image must be
// one piece of kernel memory that outlives the exec: a file of the
// initrd is used in place; any other file (written since boot, or on the
// host root) is copied into a run of contiguous frames, kept in a small
// cache (by path, size and mtime) and freed when no process uses it.
#ifndef EXECIMG_H
#define EXECIMG_H

#include <stdint.h>

#define EXECIMG_CACHE 8

// The image of the executable at path (relative to cur's cwd). 0, or
// -ENOENT, -EACCES (not a regular file, no x bit), -ENOMEM, -EIO. With
// resolved (VFS_PATH_MAX bytes), also the file's path with every symbolic
// link resolved (vfs_loc.path: "/a/b", or "a/b" on the host root).
int execimg_get(const char *path, const uint8_t **image, uint64_t *size, char *resolved);

#endif
