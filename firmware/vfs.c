// SPDX-License-Identifier: MIT OR Apache-2.0
#include "vfs.h"

#include "cpio.h"
#include "kerrno_fs.h"
#include "lib.h"
#include "procfs.h"

int vfs_root_mode;

void vfs_init(int root_mode, const uint8_t *initrd, uint64_t size, const char *program_name)
{
	vfs_root_mode = root_mode;
	ramfs_init();
	cpio_init(initrd, size);
	if (cpio_is_archive()) {
		cpio_each(ramfs_add);
		return;
	}
	// One program: /bin/NAME, NAME the last component of argv[0].
	const char *base = program_name;
	for (const char *p = program_name; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	char path[VFS_PATH_MAX];
	if (strlen(base) + 6 > sizeof(path))
		return;
	memcpy(path, "/bin/", 5);
	memcpy(path + 5, base, strlen(base) + 1);
	for (char *p = path + 5; *p; p++)
		if (*p == '/')
			*p = 0;
	ramfs_add(path, S_IFREG | 0755, initrd, size);
}

int vfs_normalize(const char *base, const char *path, char *out)
{
	uint64_t n = 0;
	out[0] = 0;
	for (int part = path[0] == '/' ? 1 : 0; part < 2; part++) {
		const char *s = part == 0 ? base : path;
		while (*s) {
			while (*s == '/')
				s++;
			const char *e = s;
			while (*e && *e != '/')
				e++;
			uint64_t len = (uint64_t)(e - s);
			if (len == 0 || (len == 1 && s[0] == '.')) {
				// nothing
			} else if (len == 2 && s[0] == '.' && s[1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--; // the slash
			} else {
				if (n + 1 + len + 1 > VFS_PATH_MAX)
					return -ENAMETOOLONG;
				out[n++] = '/';
				memcpy(out + n, s, len);
				n += len;
			}
			s = e;
		}
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = 0;
	return 0;
}

// True when abs is dir or inside it ("/tmp", "/tmp/x", not "/tmpx").
static int vfs_under(const char *abs, const char *dir)
{
	uint64_t n = strlen(dir);
	return strncmp(abs, dir, n) == 0 && (abs[n] == 0 || abs[n] == '/');
}

int vfs_resolve(const char *abs, int follow, struct vfs_loc *loc)
{
	char cur[VFS_PATH_MAX];
	memcpy(cur, abs, strlen(abs) + 1);
	for (int links = 0; links <= VFS_MAX_LINKS; links++) {
		memset(loc, 0, sizeof(*loc));
		memcpy(loc->path, cur, strlen(cur) + 1);
		if (procfs_owns(cur)) {
			int r = procfs_resolve(cur, follow, loc, cur);
			if (r <= 0)
				return r;
			continue;
		}
		if (vfs_root_mode != VFS_ROOT_RAM && !vfs_under(cur, "/dev") && !vfs_under(cur, "/tmp")) {
			loc->host = 1;
			memmove(loc->path, loc->path + 1, strlen(loc->path));
			return 0;
		}
		struct rnode *n = ramfs_root;
		const char *s = loc->path;
		int relink = 0;
		while (*s == '/')
			s++;
		loc->name = s;
		if (*s == 0) {
			loc->node = n;
			loc->parent = n;
			return 0;
		}
		while (*s) {
			const char *e = s;
			while (*e && *e != '/')
				e++;
			int last = *e == 0;
			if (!S_ISDIR(n->mode))
				return -ENOTDIR;
			struct rnode *c = ramfs_lookup(n, s, (uint64_t)(e - s));
			if (c == 0) {
				if (!last)
					return -ENOENT;
				loc->parent = n;
				loc->name = s;
				return 0;
			}
			if (S_ISLNK(c->mode) && (!last || follow)) {
				// The link's directory, then its target, then the rest.
				char dir[VFS_PATH_MAX], target[VFS_PATH_MAX], joined[VFS_PATH_MAX];
				uint64_t dlen = (uint64_t)(s - loc->path);
				memcpy(dir, loc->path, dlen);
				dir[dlen] = 0;
				if (c->size >= VFS_PATH_MAX || c->data == 0)
					return -ENAMETOOLONG;
				memcpy(target, c->data, c->size);
				target[c->size] = 0;
				if (vfs_normalize(dir[0] ? dir : "/", target, joined) != 0 ||
				    vfs_normalize(joined, *e ? e + 1 : "", cur) != 0)
					return -ENAMETOOLONG;
				relink = 1;
				break;
			}
			if (last) {
				loc->node = c;
				loc->parent = n;
				loc->name = s;
				return 0;
			}
			n = c;
			s = e + 1;
		}
		if (!relink)
			return -ENOENT;
	}
	return -ELOOP;
}
