// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The flattened device tree walk (see fdt.h).
#include "fdt.h"

#include "lib.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

uint64_t fdt_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < cells; i++)
		v = (v << 32) | fdt_be32(p + 4 * i);
	return v;
}

uint64_t fdt_int_prop(const uint8_t *p, uint32_t len)
{
	return len >= 8 ? fdt_cells(p, 2) : len >= 4 ? fdt_be32(p) : 0;
}

int fdt_list_has(const void *list, uint32_t len, const char *s)
{
	const char *l = list;
	size_t n = strlen(s);
	for (uint32_t i = 0; i < len;) {
		const char *item = l + i;
		size_t m = 0;
		while (i + m < len && item[m])
			m++;
		if (m == n && i + m < len && memcmp(item, s, n) == 0)
			return 1;
		i += m + 1;
	}
	return 0;
}

uint32_t fdt_walk(const void *blob_v, const struct fdt_reader *r)
{
	const uint8_t *blob = blob_v;
	if (blob == 0 || ((uintptr_t)blob & 3) || fdt_be32(blob) != FDT_MAGIC)
		return 0;
	uint32_t total = fdt_be32(blob + 4), off_struct = fdt_be32(blob + 8);
	uint32_t off_strings = fdt_be32(blob + 12), version = fdt_be32(blob + 20);
	uint32_t size_strings = fdt_be32(blob + 32), size_struct = fdt_be32(blob + 36);
	if (version < 16 || off_struct >= total || off_strings >= total ||
	    size_struct > total - off_struct || size_strings > total - off_strings)
		return 0;

	int depth = 0;   // 0: outside the root
	const uint8_t *p = blob + off_struct, *end = p + size_struct;
	const char *strings = (const char *)blob + off_strings;
	while (p + 4 <= end) {
		uint32_t token = fdt_be32(p);
		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			while (p < end && *p)
				p++;
			if (p >= end || depth >= r->max_depth)
				return 0;
			p = (const uint8_t *)(((uintptr_t)p + 4) & ~(uintptr_t)3);
			r->begin_node(r->ctx, ++depth, name);
		} else if (token == FDT_END_NODE) {
			if (depth < 1)
				return 0;
			r->end_node(r->ctx, depth--);
		} else if (token == FDT_PROP) {
			if (p + 8 > end)
				return 0;
			uint32_t len = fdt_be32(p), nameoff = fdt_be32(p + 4);
			const uint8_t *val = p + 8;
			if (len > (uint64_t)(end - val) || nameoff >= size_strings || depth < 1)
				return 0;
			p = (const uint8_t *)(((uintptr_t)val + len + 3) & ~(uintptr_t)3);
			r->prop(r->ctx, depth, strings + nameoff, val, len);
		} else if (token == FDT_END) {
			return depth == 0 ? total : 0;
		} else if (token != FDT_NOP) {
			return 0;
		}
	}
	return 0;
}
