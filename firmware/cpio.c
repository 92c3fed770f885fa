// SPDX-License-Identifier: MIT OR Apache-2.0
#include "cpio.h"

#include "lib.h"

#define CPIO_HEADER 110
#define CPIO_MODE_TYPE 0170000u
#define CPIO_MODE_REG 0100000u

static const uint8_t *cpio_base;
static uint64_t cpio_size;

void cpio_init(const uint8_t *base, uint64_t size)
{
	cpio_base = base;
	cpio_size = size;
}

int cpio_is_archive(void)
{
	return cpio_base && cpio_size >= CPIO_HEADER && memcmp(cpio_base, "070701", 6) == 0;
}

// Field i (0 = c_ino .. 12 = c_check) of the header at h; -1 if not hex.
static int64_t cpio_field(const uint8_t *h, unsigned i)
{
	uint64_t v = 0;
	for (unsigned k = 0; k < 8; k++) {
		uint8_t c = h[6 + 8 * i + k];
		unsigned d = c >= '0' && c <= '9' ? c - '0'
			     : c >= 'a' && c <= 'f' ? c - 'a' + 10
			     : c >= 'A' && c <= 'F' ? c - 'A' + 10
						    : 16;
		if (d == 16)
			return -1;
		v = v << 4 | d;
	}
	return (int64_t)v;
}

// The name without leading "/" and "./".
static const char *cpio_strip(const char *s)
{
	for (;;) {
		if (s[0] == '/')
			s++;
		else if (s[0] == '.' && s[1] == '/')
			s += 2;
		else
			return s;
	}
}

// The entry at *off: its name, mode, data and size; *off moves to the
// next. 1 for an entry, 0 at the trailer, -1 if malformed.
static int cpio_entry(uint64_t *off, const char **name_out, uint32_t *mode_out,
		      const uint8_t **data, uint64_t *size)
{
	uint64_t off0 = *off;
	if (off0 + CPIO_HEADER > cpio_size)
		return -1;
	const uint8_t *h = cpio_base + off0;
	if (memcmp(h, "070701", 6) != 0)
		return -1;
	int64_t mode = cpio_field(h, 1), filesize = cpio_field(h, 6), namesize = cpio_field(h, 11);
	if (mode < 0 || filesize < 0 || namesize < 1)
		return -1;
	uint64_t name_off = off0 + CPIO_HEADER;
	if ((uint64_t)namesize > cpio_size - name_off)
		return -1;
	const char *name = (const char *)cpio_base + name_off;
	if (name[namesize - 1] != 0)
		return -1;
	uint64_t data_off = (name_off + (uint64_t)namesize + 3) & ~3UL;
	if (data_off > cpio_size || (uint64_t)filesize > cpio_size - data_off)
		return -1;
	if (strcmp(name, "TRAILER!!!") == 0)
		return 0;
	*name_out = name;
	*mode_out = (uint32_t)mode;
	*data = cpio_base + data_off;
	*size = (uint64_t)filesize;
	*off = (data_off + (uint64_t)filesize + 3) & ~3UL;
	return 1;
}

void cpio_each(int (*f)(const char *name, uint32_t mode, const uint8_t *data, uint64_t size))
{
	if (!cpio_is_archive())
		return;
	uint64_t off = 0, size;
	const char *name;
	uint32_t mode;
	const uint8_t *data;
	while (cpio_entry(&off, &name, &mode, &data, &size) == 1)
		f(name, mode, data, size);
}

int cpio_find(const char *path, const uint8_t **data, uint64_t *size)
{
	if (!cpio_is_archive())
		return -1;
	const char *want = cpio_strip(path);
	uint64_t off = 0;
	const char *name;
	uint32_t mode;
	while (cpio_entry(&off, &name, &mode, data, size) == 1)
		if ((mode & CPIO_MODE_TYPE) == CPIO_MODE_REG && strcmp(cpio_strip(name), want) == 0)
			return 0;
	return -1;
}
