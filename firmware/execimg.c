// SPDX-License-Identifier: MIT OR Apache-2.0
#include "execimg.h"

#include "file.h"
#include "frame.h"
#include "hostio.h"
#include "kerrno_fs.h"
#include "lib.h"
#include "memlayout.h"

struct execimg {
	char path[VFS_PATH_MAX]; // absolute ("" = free)
	uint64_t size;
	int64_t mtime, mtime_ns;
	uint8_t *image; // PAGE_UP(size) bytes of contiguous frames
};

static struct execimg execimg_cache[EXECIMG_CACHE];

// True when a live process runs from e's image.
static int execimg_in_use(const struct execimg *e)
{
	for (unsigned i = 0; i < PROC_MAX; i++)
		if ((procs[i].state == PROC_RUNNABLE || procs[i].state == PROC_WAITING) &&
		    procs[i].image == e->image)
			return 1;
	return 0;
}

static void execimg_free(struct execimg *e)
{
	for (uint64_t off = 0; off < PAGE_UP(e->size); off += PAGE_SIZE)
		frame_free((uint64_t)e->image + off);
	e->path[0] = 0;
	e->image = 0;
}

// A cache slot for a new image: a free one, else one no process uses.
static struct execimg *execimg_slot(void)
{
	for (unsigned i = 0; i < EXECIMG_CACHE; i++)
		if (execimg_cache[i].path[0] == 0)
			return &execimg_cache[i];
	for (unsigned i = 0; i < EXECIMG_CACHE; i++) {
		if (!execimg_in_use(&execimg_cache[i])) {
			execimg_free(&execimg_cache[i]);
			return &execimg_cache[i];
		}
	}
	return 0;
}

// Copies the file at loc (status st) into e->image.
static int execimg_fill(struct execimg *e, struct vfs_loc *loc)
{
	if (!loc->host) {
		struct rnode *n = loc->node;
		for (uint64_t off = 0; off < n->size; off += PAGE_SIZE) {
			uint64_t chunk = MIN(PAGE_SIZE, n->size - off);
			uint8_t *p = ramfs_page(n, off, 0);
			if (p)
				memcpy(e->image + off, p, chunk);
			else
				memset(e->image + off, 0, chunk);
		}
		return 0;
	}
	int64_t h = hostio_call(HOSTIO_OPEN, (uint64_t)loc->path, strlen(loc->path), 0, 0, 0);
	if (h < 0)
		return (int)h;
	int64_t got = hostio_call(HOSTIO_PREAD, (uint64_t)h, (uint64_t)e->image, e->size, 0, 0);
	hostio_call(HOSTIO_CLOSE, (uint64_t)h, 0, 0, 0, 0);
	return got == (int64_t)e->size ? 0 : -EIO;
}

int execimg_get(const char *path, const uint8_t **image, uint64_t *size, char *resolved)
{
	char abs[VFS_PATH_MAX];
	struct vfs_loc loc;
	struct kstat st;
	int r = vfs_normalize(file_table()->cwd, path, abs);
	if (r == 0)
		r = vfs_resolve(abs, 1, &loc);
	if (r == 0)
		r = file_stat_loc(&loc, 1, &st);
	if (r < 0)
		return r;
	if (!S_ISREG(st.mode) || !(st.mode & 0111))
		return -EACCES;
	if (resolved)
		memcpy(resolved, loc.path, strlen(loc.path) + 1);
	if (!loc.host && loc.node->data) {
		*image = loc.node->data; // the initrd's bytes, in place
		*size = loc.node->size;
		return 0;
	}
	uint64_t bytes = (uint64_t)st.size;
	for (unsigned i = 0; i < EXECIMG_CACHE; i++) {
		struct execimg *e = &execimg_cache[i];
		if (e->path[0] && strcmp(e->path, abs) == 0 && e->size == bytes &&
		    e->mtime == st.mtime && e->mtime_ns == st.mtime_ns) {
			*image = e->image;
			*size = e->size;
			return 0;
		}
	}
	struct execimg *e = execimg_slot();
	if (e == 0 || bytes == 0)
		return e ? -ENOEXEC : -ENOMEM;
	e->image = (uint8_t *)frame_alloc_run(PAGE_UP(bytes) / PAGE_SIZE);
	if (e->image == 0)
		return -ENOMEM;
	e->size = bytes;
	r = execimg_fill(e, &loc);
	if (r < 0) {
		execimg_free(e);
		return r;
	}
	memcpy(e->path, abs, strlen(abs) + 1);
	e->mtime = st.mtime;
	e->mtime_ns = st.mtime_ns;
	*image = e->image;
	*size = e->size;
	return 0;
}
