// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Paths: a path becomes absolute (against the cwd or a directory fd) and
// lexically normal (no ".", "..", "//"; ".." at / stays at /), then leads
// into one of two file systems: the in-memory one (ramfs.h), or, with
// --root, the host directory (hostio.h) for every path outside /dev and
// /tmp, which stay in memory. Symbolic links of the in-memory tree are
// followed (at most VFS_MAX_LINKS); the host resolves its own inside the
// root.
#ifndef VFS_H
#define VFS_H

#include <stdint.h>

#include "ramfs.h"

#define VFS_PATH_MAX 256 // bytes of a path, NUL included
#define VFS_MAX_LINKS 8

#define VFS_ROOT_RAM 0  // the in-memory tree is the root
#define VFS_ROOT_HOST_RO 1
#define VFS_ROOT_HOST_RW 2

// Where a path leads.
struct vfs_loc {
	int host;             // on the host: path (no leading '/') names it
	struct rnode *node;   // in memory: the node, or 0 when absent ...
	struct rnode *parent; // ... and its directory (0 if that is absent too)
	const char *name;     // the last component (in path)
	char path[VFS_PATH_MAX]; // the absolute path ("/a/b"; host: "a/b")
};

extern int vfs_root_mode;

// Sets up the root: the in-memory tree (with the initrd's files when it
// is a cpio archive, else the program as /bin/NAME), and the host root.
void vfs_init(int root_mode, const uint8_t *initrd, uint64_t size, const char *program_name);
// Joins base (absolute) and path into out as an absolute normal path.
// 0 or -ENAMETOOLONG.
int vfs_normalize(const char *base, const char *path, char *out);
// Resolves the absolute normal path abs. follow: follow a final symbolic
// link. 0 (loc filled; loc->node may be 0 for a missing last component)
// or -errno (ENOENT for a missing directory on the way, ENOTDIR, ELOOP).
int vfs_resolve(const char *abs, int follow, struct vfs_loc *loc);

#endif
