// SPDX-License-Identifier: MIT OR Apache-2.0
#include "epoll.h"

#include "file.h"
#include "kerrno_fs.h"
#include "lib.h"
#include "pollwait.h"
#include "riscv.h"
#include "thread.h"
#include "user.h"

// Linux's epoll ABI (include/uapi/linux/eventpoll.h); struct epoll_event
// is not packed on riscv64: events at 0, data at 8, 16 bytes.
#define EPOLL_CLOEXEC O_CLOEXEC
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLIN 0x001u
#define EPOLLOUT 0x004u
#define EPOLLERR 0x008u
#define EPOLLHUP 0x010u
#define EPOLLRDNORM 0x040u
#define EPOLLWRNORM 0x100u
#define EPOLLRDHUP 0x2000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)
#define EPOLL_ALWAYS (EPOLLERR | EPOLLHUP)

struct epoll_event {
	uint32_t events;
	uint32_t pad;
	uint64_t data;
};
_Static_assert(sizeof(struct epoll_event) == 16, "riscv64 struct epoll_event");

struct epoll_watch {
	int fd;             // -1: free
	struct file *file;  // what fd named when it was added
	uint32_t events;    // asked for (EPOLLONESHOT: 0 once reported)
	uint64_t data;
	uint64_t seen;      // EPOLLET: the end's wakeup count (pipe.h) at the last report
};

struct epoll {
	int used;
	struct epoll_watch w[EPOLL_WATCH_MAX];
};

static struct epoll epolls[EPOLL_MAX];

void epoll_release(struct file *f)
{
	struct epoll *ep = f->epoll;
	if (ep)
		ep->used = 0;
	f->epoll = 0;
}

void epoll_forget(const struct file *f)
{
	for (unsigned i = 0; i < EPOLL_MAX; i++) {
		for (unsigned k = 0; epolls[i].used && k < EPOLL_WATCH_MAX; k++) {
			if (epolls[i].w[k].file == f) {
				epolls[i].w[k].fd = -1;
				epolls[i].w[k].file = 0;
			}
		}
	}
}

int64_t sys_epoll_create1(const uint64_t *a)
{
	if (a[0] & ~(uint64_t)EPOLL_CLOEXEC)
		return -EINVAL;
	struct epoll *ep = 0;
	for (unsigned i = 0; i < EPOLL_MAX && ep == 0; i++)
		if (!epolls[i].used)
			ep = &epolls[i];
	struct file *f = ep ? file_new(FILE_EPOLL, O_RDWR) : 0;
	if (f == 0)
		return -ENFILE;
	memset(ep, 0, sizeof(*ep));
	ep->used = 1;
	for (unsigned i = 0; i < EPOLL_WATCH_MAX; i++)
		ep->w[i].fd = -1;
	f->epoll = ep;
	int fd = file_install(f, 0, (a[0] & EPOLL_CLOEXEC) != 0);
	if (fd < 0) {
		f->refs = 1;
		file_put(f);
	}
	return fd;
}

static struct epoll *epoll_of(int64_t fd)
{
	struct file *f = file_get(fd);
	return f && f->kind == FILE_EPOLL ? f->epoll : 0;
}

// epoll_ctl(epfd, op, fd, event)
int64_t sys_epoll_ctl(const uint64_t *a)
{
	struct file *ef = file_get((int64_t)a[0]), *f = file_get((int64_t)a[2]);
	if (ef == 0 || f == 0)
		return -EBADF;
	struct epoll *ep = epoll_of((int64_t)a[0]);
	if (ep == 0 || ef == f)
		return -EINVAL;
	struct epoll_event ev = { 0, 0, 0 };
	if (a[1] != EPOLL_CTL_DEL && user_copy_in(&ev, a[3], sizeof(ev)) != 0)
		return -EFAULT;
	struct epoll_watch *w = 0, *free = 0;
	for (unsigned i = 0; i < EPOLL_WATCH_MAX; i++) {
		struct epoll_watch *x = &ep->w[i];
		if (x->fd == (int)a[2] && x->file == f)
			w = x;
		else if (x->fd < 0 && free == 0)
			free = x;
	}
	switch (a[1]) {
	case EPOLL_CTL_ADD:
		if (w)
			return -EEXIST;
		if (f->kind != FILE_PIPE)
			return -EPERM;
		if (free == 0)
			return -ENOSPC;
		w = free;
		w->fd = (int)a[2];
		w->file = f;
		break;
	case EPOLL_CTL_MOD:
		if (w == 0)
			return -ENOENT;
		break;
	case EPOLL_CTL_DEL:
		if (w == 0)
			return -ENOENT;
		w->fd = -1;
		w->file = 0;
		return 0;
	default:
		return -EINVAL;
	}
	w->events = ev.events & ~(EPOLLEXCLUSIVE | EPOLLWAKEUP);
	w->data = ev.data;
	w->seen = UINT64_MAX; // ready now: reported once even when edge-triggered
	return 0;
}

// The events of pipe file f that are true now (as poll reports them).
static uint32_t epoll_pipe_events(const struct file *f)
{
	const struct pipe *p = f->pipe;
	if (!f->pipe_writer)
		return (pipe_count(p) ? EPOLLIN | EPOLLRDNORM : 0) |
		       (p->writers == 0 ? EPOLLHUP | EPOLLRDHUP : 0);
	return (pipe_count(p) < PIPE_SIZE ? EPOLLOUT | EPOLLWRNORM : 0) |
	       (p->readers == 0 ? EPOLLERR : 0);
}

// Fills up to max events of ep that are ready into out; their count.
static int epoll_collect(struct epoll *ep, struct epoll_event *out, int max)
{
	int n = 0;
	for (unsigned i = 0; i < EPOLL_WATCH_MAX && n < max; i++) {
		struct epoll_watch *w = &ep->w[i];
		if (w->fd < 0)
			continue;
		if (file_get(w->fd) != w->file) { // closed: Linux drops it with the file
			w->fd = -1;
			w->file = 0;
			continue;
		}
		uint32_t ready = epoll_pipe_events(w->file) & (w->events | EPOLL_ALWAYS);
		if (ready == 0 || (w->events & ~EPOLL_ALWAYS) == 0)
			continue;
		if (w->events & EPOLLET) {
			const struct pipe *p = w->file->pipe;
			uint64_t wakeups = w->file->pipe_writer ? p->wr_wakeups : p->rd_wakeups;
			if (w->seen == wakeups)
				continue;
			w->seen = wakeups;
		}
		if (w->events & EPOLLONESHOT)
			w->events = 0;
		out[n].events = ready;
		out[n].pad = 0;
		out[n].data = w->data;
		n++;
	}
	return n;
}

// epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize)
int64_t sys_epoll_pwait(const uint64_t *a)
{
	struct epoll *ep = epoll_of((int64_t)a[0]);
	if (file_get((int64_t)a[0]) == 0)
		return -EBADF;
	if (ep == 0 || (int)a[2] <= 0)
		return -EINVAL;
	static struct epoll_event out[EPOLL_WATCH_MAX];
	int max = MIN((int)a[2], EPOLL_WATCH_MAX);
	uint64_t deadline;
	int again = pollwait_again(&deadline);
	int n = epoll_collect(ep, out, max);
	if (n > 0)
		return user_copy_out(a[1], out, (uint64_t)n * sizeof(out[0])) == 0 ? n : -EFAULT;
	int timeout = (int)a[3];
	if (again) {
		if (deadline && r_time() >= deadline)
			return 0;
	} else if (timeout == 0) {
		return 0;
	} else if (timeout > 0) {
		deadline = r_time() + sched_ticks(timeout / 1000, (int64_t)(timeout % 1000) * 1000000);
	}
	return pollwait_sleep(deadline);
}
