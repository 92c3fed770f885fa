// SPDX-License-Identifier: MIT OR Apache-2.0
//
// /proc: the part of Linux's proc(5) with which a program finds itself.
// /proc/self is a symbolic link to the caller's pid ("42"), and
// /proc/PID/exe a link to the absolute path of the file the process runs
// (what execve ran, symbolic links resolved), so readlink("/proc/self/exe")
// names the program and execve("/proc/self/exe", ...) runs it again (a
// busybox built with FEATURE_SH_STANDALONE / FEATURE_PREFER_APPLETS runs
// its applets this way). /proc itself is a directory of the in-memory
// tree, present under --root too; nothing can be created below it.
#ifndef PROCFS_H
#define PROCFS_H

#include "proc.h"
#include "vfs.h"

// Records path (absolute "/a/b", or a host root's "a/b") as what p runs.
void procfs_set_exe(const struct proc *p, const char *path);
// Records what the first process runs: the initrd's file argv0 (or
// bin/argv0) for a cpio archive, else /bin/NAME (vfs_init), links resolved.
void procfs_set_first_exe(const struct proc *p, const char *argv0);
// What p runs ("/a/b"; "" before procfs_set_exe).
const char *procfs_exe_path(const struct proc *p);
// The live process whose exe link the absolute normal path abs is
// ("/proc/self/exe", "/proc/PID/exe"), or 0. execve runs that process's
// image directly, as Linux's magic link does, even when its path cannot
// be reached (a program outside --root's directory).
const struct proc *procfs_exe_link_of(const char *abs);
// A forked child runs what its parent runs.
void procfs_fork(const struct proc *child, const struct proc *parent);
// True when the absolute normal path abs lies in /proc.
int procfs_owns(const char *abs);
// Resolves abs (procfs_owns) like vfs_resolve: 0 with loc filled (node 0
// and parent 0 for a missing last component: nothing can be created
// there), 1 when the path continues through a link (the new absolute
// path is in next, VFS_PATH_MAX bytes, may be abs itself), or -errno.
int procfs_resolve(const char *abs, int follow, struct vfs_loc *loc, char *next);

#endif
