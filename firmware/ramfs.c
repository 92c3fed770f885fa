// SPDX-License-Identifier: MIT OR Apache-2.0
#include "ramfs.h"

#include "frame.h"
#include "kerrno_fs.h"
#include "lib.h"
#include "memlayout.h"
#include "ktime.h"
#include "user.h"

static struct rnode ramfs_nodes[RAMFS_NODES];
static uint64_t ramfs_next_ino = 1;
struct rnode *ramfs_root;

static struct rnode *ramfs_new(uint32_t mode)
{
	for (unsigned i = 0; i < RAMFS_NODES; i++) {
		struct rnode *n = &ramfs_nodes[i];
		if (n->used)
			continue;
		memset(n, 0, sizeof(*n));
		n->used = 1;
		n->mode = mode;
		n->nlink = S_ISDIR(mode) ? 2 : 1;
		n->ino = ramfs_next_ino++;
		n->mtime = ktime_realtime_sec();
		return n;
	}
	return 0;
}

// Links n into dir as name (no checks).
static void ramfs_link(struct rnode *dir, struct rnode *n, const char *name, uint64_t len)
{
	memcpy(n->name, name, len);
	n->name[len] = 0;
	n->parent = dir;
	n->next = dir->child;
	dir->child = n;
	if (S_ISDIR(n->mode))
		dir->nlink++;
	dir->mtime = ktime_realtime_sec();
}

static void ramfs_detach(struct rnode *n)
{
	struct rnode *dir = n->parent;
	for (struct rnode **pp = &dir->child; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	}
	if (S_ISDIR(n->mode))
		dir->nlink--;
	dir->mtime = ktime_realtime_sec();
	n->parent = 0;
	n->next = 0;
}

struct rnode *ramfs_lookup(struct rnode *dir, const char *name, uint64_t len)
{
	for (struct rnode *c = dir->child; c; c = c->next)
		if (strncmp(c->name, name, len) == 0 && c->name[len] == 0)
			return c;
	return 0;
}

int ramfs_create(struct rnode *dir, const char *name, uint32_t mode, struct rnode **out)
{
	uint64_t len = strlen(name);
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (len >= RAMFS_NAME_MAX)
		return -ENAMETOOLONG;
	if (ramfs_lookup(dir, name, len))
		return -EEXIST;
	struct rnode *n = ramfs_new(mode);
	if (n == 0)
		return -ENOSPC;
	ramfs_link(dir, n, name, len);
	*out = n;
	return 0;
}

// Creates (or finds) a directory or device at a fixed place at boot.
static struct rnode *ramfs_boot_node(struct rnode *dir, const char *name, uint32_t mode,
				     unsigned dev)
{
	struct rnode *n = 0;
	if (ramfs_create(dir, name, mode, &n) != 0)
		n = ramfs_lookup(dir, name, strlen(name));
	if (n)
		n->dev = dev;
	return n;
}

void ramfs_init(void)
{
	ramfs_root = ramfs_new(S_IFDIR | 0755);
	ramfs_root->parent = ramfs_root;
	ramfs_boot_node(ramfs_root, "bin", S_IFDIR | 0755, 0);
	ramfs_boot_node(ramfs_root, "tmp", S_IFDIR | 01777, 0);
	struct rnode *dev = ramfs_boot_node(ramfs_root, "dev", S_IFDIR | 0755, 0);
	ramfs_boot_node(dev, "null", S_IFCHR | 0666, RAMFS_DEV_NULL);
	ramfs_boot_node(dev, "zero", S_IFCHR | 0666, RAMFS_DEV_ZERO);
	ramfs_boot_node(dev, "urandom", S_IFCHR | 0444, RAMFS_DEV_URANDOM);
	ramfs_boot_node(dev, "random", S_IFCHR | 0444, RAMFS_DEV_URANDOM);
	ramfs_boot_node(dev, "tty", S_IFCHR | 0666, RAMFS_DEV_TTY);
	ramfs_boot_node(ramfs_root, "proc", S_IFDIR | 0555, 0); // procfs.h
}

int ramfs_add(const char *path, uint32_t mode, const uint8_t *data, uint64_t size)
{
	struct rnode *dir = ramfs_root;
	while (*path == '/')
		path++;
	for (;;) {
		const char *slash = path;
		while (*slash && *slash != '/')
			slash++;
		uint64_t len = (uint64_t)(slash - path);
		if (len == 0 || (len == 1 && path[0] == '.'))
			return 0;
		if (len >= RAMFS_NAME_MAX)
			return -ENAMETOOLONG;
		struct rnode *c = ramfs_lookup(dir, path, len);
		int last = *slash == 0 || slash[1] == 0;
		if (!last) {
			if (c == 0) {
				c = ramfs_new(S_IFDIR | 0755);
				if (c == 0)
					return -ENOSPC;
				ramfs_link(dir, c, path, len);
			}
			if (!S_ISDIR(c->mode))
				return -ENOTDIR;
			dir = c;
			path = slash + 1;
			continue;
		}
		if (c && S_ISDIR(c->mode) && S_ISDIR(mode))
			return 0; // directories may come twice
		if (c)
			ramfs_detach(c);
		c = ramfs_new(mode);
		if (c == 0)
			return -ENOSPC;
		c->data = data;
		c->size = size;
		ramfs_link(dir, c, path, len);
		return 0;
	}
}

// The frame holding byte off of n, allocated when create; 0 if none (a
// hole). Two levels: n->pages holds RAMFS_INDEX leaf index frames, each
// RAMFS_INDEX page frames.
uint8_t *ramfs_page(struct rnode *n, uint64_t off, int create)
{
	uint64_t i = off / PAGE_SIZE;
	if (i >= RAMFS_FILE_PAGES)
		return 0;
	uint64_t **slot = (uint64_t **)&n->pages;
	for (int level = 0; level < 2; level++) {
		if (*slot == 0) {
			if (!create)
				return 0;
			*slot = (uint64_t *)frame_alloc();
			if (*slot == 0)
				return 0;
		}
		slot = (uint64_t **)&(*slot)[level == 0 ? i / RAMFS_INDEX : i % RAMFS_INDEX];
	}
	if (*slot == 0 && create)
		*slot = (uint64_t *)frame_alloc();
	return (uint8_t *)*slot;
}

// Moves the initrd bytes of n into frames before its first change.
int ramfs_own(struct rnode *n)
{
	if (n->data == 0)
		return 0;
	const uint8_t *src = n->data;
	n->data = 0;
	for (uint64_t off = 0; off < n->size; off += PAGE_SIZE) {
		uint8_t *p = ramfs_page(n, off, 1);
		if (p == 0)
			return -ENOSPC;
		memcpy(p, src + off, MIN(PAGE_SIZE, n->size - off));
	}
	return 0;
}

int64_t ramfs_read(struct rnode *n, uint64_t off, uint64_t va, uint64_t len)
{
	if (off >= n->size)
		return 0;
	len = MIN(len, n->size - off);
	static const uint8_t zeros[256];
	uint64_t done = 0;
	while (done < len) {
		uint64_t at = off + done;
		uint64_t chunk = MIN(len - done, PAGE_SIZE - at % PAGE_SIZE);
		const uint8_t *src;
		if (n->data)
			src = n->data + at;
		else {
			uint8_t *p = ramfs_page(n, at, 0);
			if (p == 0) {
				chunk = MIN(chunk, sizeof(zeros)); // a hole
				src = zeros;
			} else
				src = p + at % PAGE_SIZE;
		}
		if (user_copy_out(va + done, src, chunk) != 0)
			return done ? (int64_t)done : -EFAULT;
		done += chunk;
	}
	return (int64_t)done;
}

int64_t ramfs_write(struct rnode *n, uint64_t off, uint64_t va, uint64_t len)
{
	int r = ramfs_own(n);
	if (r != 0)
		return r;
	if (off + len < off || off + len > (uint64_t)RAMFS_FILE_PAGES * PAGE_SIZE)
		return -EFBIG;
	uint64_t done = 0;
	while (done < len) {
		uint64_t at = off + done;
		uint64_t chunk = MIN(len - done, PAGE_SIZE - at % PAGE_SIZE);
		uint8_t *p = ramfs_page(n, at, 1);
		if (p == 0)
			return done ? (int64_t)done : -ENOSPC;
		if (user_copy_in(p + at % PAGE_SIZE, va + done, chunk) != 0)
			return done ? (int64_t)done : -EFAULT;
		done += chunk;
		if (at + chunk > n->size)
			n->size = at + chunk;
	}
	n->mtime = ktime_realtime_sec();
	return (int64_t)done;
}

// Frees the frames of n past size (the partial last page is zeroed), and
// the index frames left empty.
static void ramfs_shrink(struct rnode *n, uint64_t size)
{
	if (n->pages == 0)
		return;
	uint64_t first = PAGE_UP(size) / PAGE_SIZE; // the first page to go
	for (uint64_t t = 0; t < RAMFS_INDEX; t++) {
		uint64_t *leaf = (uint64_t *)n->pages[t];
		if (leaf == 0)
			continue;
		for (uint64_t k = 0; k < RAMFS_INDEX; k++) {
			if (t * RAMFS_INDEX + k >= first && leaf[k]) {
				frame_free(leaf[k]);
				leaf[k] = 0;
			}
		}
		if (t * RAMFS_INDEX >= first) {
			frame_free((uint64_t)leaf);
			n->pages[t] = 0;
		}
	}
	uint8_t *last = size % PAGE_SIZE ? ramfs_page(n, size, 0) : 0;
	if (last)
		memset(last + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	if (size == 0) {
		frame_free((uint64_t)n->pages);
		n->pages = 0;
	}
}

int ramfs_truncate(struct rnode *n, uint64_t size)
{
	if (size > (uint64_t)RAMFS_FILE_PAGES * PAGE_SIZE)
		return -EFBIG;
	int r = ramfs_own(n);
	if (r != 0)
		return r;
	if (size < n->size)
		ramfs_shrink(n, size);
	n->size = size;
	n->mtime = ktime_realtime_sec();
	return 0;
}

void ramfs_release(struct rnode *n)
{
	if (n->parent || n->opens > 0 || n == ramfs_root)
		return;
	ramfs_shrink(n, 0);
	n->used = 0;
}

int ramfs_unlink(struct rnode *n)
{
	if (n == ramfs_root || n->parent == 0)
		return -EBUSY;
	if (S_ISDIR(n->mode) && n->child)
		return -ENOTEMPTY;
	ramfs_detach(n);
	ramfs_release(n);
	return 0;
}

int ramfs_rename(struct rnode *n, struct rnode *dir, const char *name)
{
	uint64_t len = strlen(name);
	if (n->parent == 0)
		return -EBUSY; // not in a directory (procfs.h)
	if (len >= RAMFS_NAME_MAX)
		return -ENAMETOOLONG;
	for (struct rnode *a = dir; a; a = a->parent == a ? 0 : a->parent)
		if (a == n)
			return -EINVAL; // into itself
	struct rnode *old = ramfs_lookup(dir, name, len);
	if (old == n)
		return 0;
	if (old) {
		if (S_ISDIR(n->mode) && !S_ISDIR(old->mode))
			return -ENOTDIR;
		if (!S_ISDIR(n->mode) && S_ISDIR(old->mode))
			return -EISDIR;
		int r = ramfs_unlink(old);
		if (r != 0)
			return r;
	}
	ramfs_detach(n);
	ramfs_link(dir, n, name, len);
	return 0;
}
