// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Pipes: a one-page ring buffer. A reader of an empty pipe with writers
// left sleeps (wait.h); with none it reads end of file. A writer to a
// full pipe sleeps; with no reader left it gets -EPIPE. Writes may be
// short (what fits), as Linux allows for non-atomic (> 4096 bytes) ones.
#ifndef PIPE_H
#define PIPE_H

#include <stdint.h>

#define PIPE_MAX 32
#define PIPE_SIZE 4096

struct pipe {
	int used;
	uint8_t *buf; // a frame
	uint64_t rpos, wpos; // bytes read and written so far
	int readers, writers;
	// Wakeups of each end's waiters so far (epoll's EPOLLET), as Linux's
	// pipe_read/pipe_write/pipe_release: the read end on every write and
	// close, the write end on a read from a full pipe and on every close.
	uint64_t rd_wakeups, wr_wakeups;
};

// A new pipe with one reader and one writer; 0 when none is left.
struct pipe *pipe_new(void);
int64_t pipe_read(struct pipe *p, uint64_t va, uint64_t len, int nonblock);
int64_t pipe_write(struct pipe *p, uint64_t va, uint64_t len, int nonblock);
// One end gone (writer: the write end); frees the pipe with both gone.
void pipe_close(struct pipe *p, int writer);
// Bytes waiting to be read.
uint64_t pipe_count(const struct pipe *p);

#endif
