// SPDX-License-Identifier: MIT OR Apache-2.0
//
// epoll(7): epoll_create1, epoll_ctl, epoll_pwait (Linux RISC-V numbers
// 20, 21, 22). An epoll instance is an open file (FILE_EPOLL) holding an
// interest list of up to EPOLL_WATCH_MAX descriptors. Only pipes can be
// watched (Linux also refuses regular files and directories, with EPERM,
// which Go's runtime takes as "not pollable"; here the console and the
// devices are refused too). Level- and edge-triggered (EPOLLET: an end is
// reported again only after a wakeup of its waiters, as Linux's pipes
// make them: the read end on every write, the write end on a read from a
// full pipe, both on a close) and EPOLLONESHOT. A wait with
// nothing ready sleeps until some pipe changes, a handled signal comes, or
// the timeout passes; the remaining time is kept when it runs again. The
// signal mask argument of epoll_pwait is ignored.
#ifndef EPOLL_H
#define EPOLL_H

#include <stdint.h>

struct file;

#define EPOLL_MAX 16       // instances in the whole system
#define EPOLL_WATCH_MAX 32 // descriptors per instance

// file_put: the last descriptor of an epoll file is gone.
void epoll_release(struct file *f);
// file_put: f is closed for good; every interest list drops it (Linux
// removes a file from every epoll set when its last reference goes).
void epoll_forget(const struct file *f);

int64_t sys_epoll_create1(const uint64_t *a);
int64_t sys_epoll_ctl(const uint64_t *a);
int64_t sys_epoll_pwait(const uint64_t *a);

#endif
