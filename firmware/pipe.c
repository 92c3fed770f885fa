// SPDX-License-Identifier: MIT OR Apache-2.0
#include "pipe.h"

#include "frame.h"
#include "kerrno_fs.h"
#include "lib.h"
#include "pollwait.h"
#include "proc.h"
#include "signal.h"
#include "user.h"
#include "wait.h"

static struct pipe pipes[PIPE_MAX];

struct pipe *pipe_new(void)
{
	for (unsigned i = 0; i < PIPE_MAX; i++) {
		struct pipe *p = &pipes[i];
		if (p->used)
			continue;
		uint64_t buf = frame_alloc();
		if (buf == 0)
			return 0;
		memset(p, 0, sizeof(*p));
		p->used = 1;
		p->buf = (uint8_t *)buf;
		p->readers = p->writers = 1;
		return p;
	}
	return 0;
}

// Wakes whoever waits for p (a reader, a writer, epoll).
static void pipe_changed(struct pipe *p)
{
	wait_wakeup(p);
	pollwait_notify();
}

uint64_t pipe_count(const struct pipe *p) { return p->wpos - p->rpos; }

int64_t pipe_read(struct pipe *p, uint64_t va, uint64_t len, int nonblock)
{
	if (len == 0)
		return 0;
	if (pipe_count(p) == 0) {
		if (p->writers == 0)
			return 0;
		return nonblock ? -EAGAIN : wait_sleep(p);
	}
	if (pipe_count(p) == PIPE_SIZE)
		p->wr_wakeups++;
	uint64_t n = MIN(len, pipe_count(p)), done = 0;
	while (done < n) {
		uint64_t at = p->rpos % PIPE_SIZE, chunk = MIN(n - done, PIPE_SIZE - at);
		if (user_copy_out(va + done, p->buf + at, chunk) != 0)
			break;
		p->rpos += chunk;
		done += chunk;
	}
	pipe_changed(p);
	return done ? (int64_t)done : -EFAULT;
}

int64_t pipe_write(struct pipe *p, uint64_t va, uint64_t len, int nonblock)
{
	if (p->readers == 0) {
		signal_send(cur, SIGPIPE); // its default action ends the process
		return -EPIPE;
	}
	if (len == 0)
		return 0;
	uint64_t room = PIPE_SIZE - pipe_count(p);
	if (room == 0)
		return nonblock ? -EAGAIN : wait_sleep(p);
	p->rd_wakeups++;
	uint64_t n = MIN(len, room), done = 0;
	while (done < n) {
		uint64_t at = p->wpos % PIPE_SIZE, chunk = MIN(n - done, PIPE_SIZE - at);
		if (user_copy_in(p->buf + at, va + done, chunk) != 0)
			break;
		p->wpos += chunk;
		done += chunk;
	}
	pipe_changed(p);
	return done ? (int64_t)done : -EFAULT;
}

void pipe_close(struct pipe *p, int writer)
{
	if (writer)
		p->writers--;
	else
		p->readers--;
	p->rd_wakeups++;
	p->wr_wakeups++;
	pipe_changed(p);
	if (p->readers == 0 && p->writers == 0) {
		frame_free((uint64_t)p->buf);
		p->used = 0;
	}
}
