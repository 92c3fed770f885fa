// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Flattened device tree reader. All FDT integers are big-endian. Every
// offset read from the blob is checked against its block before use.
#include "dt.h"

#include "lib.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

#define DT_MAX_DEPTH 16

// Reads a big-endian 32-bit value.
static uint32_t dt_be32(const void *p)
{
	const uint8_t *b = p;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

// Reads `cells` big-endian cells (1 or 2) as one number.
static uint64_t dt_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < cells; i++)
		v = (v << 32) | dt_be32(p + 4 * i);
	return v;
}

// Reads a 32- or 64-bit integer property by its length.
static uint64_t dt_int_prop(const uint8_t *p, uint32_t len)
{
	return len >= 8 ? dt_cells(p, 2) : len >= 4 ? dt_be32(p) : 0;
}

// True when the NUL-separated string list (len bytes) contains s.
static int dt_strlist_has(const char *list, uint32_t len, const char *s)
{
	uint32_t i = 0;
	while (i < len) {
		const char *item = list + i;
		uint32_t n = 0;
		while (i + n < len && item[n])
			n++;
		if (i + n < len && strcmp(item, s) == 0)
			return 1;
		i += n + 1;
	}
	return 0;
}

// One node being read: what its properties said, decided at its end.
struct dt_node {
	const char *name;
	uint32_t addr_cells, size_cells;      // for the children
	const uint8_t *reg;
	uint32_t reg_len;
	int is_uart, is_clint, is_memory, is_virtio;
	uint32_t reg_shift, io_width;
};

// Decides what a node whose properties have all been read is, with the
// parent's #address-cells/#size-cells for its reg.
static void dt_node_done(const struct dt_node *n, const struct dt_node *parent,
			 int depth, struct dt_info *info)
{
	uint32_t ac = parent->addr_cells, sc = parent->size_cells;
	if (n->reg == 0 || ac < 1 || ac > 2 || sc > 2 || n->reg_len < 4 * (ac + sc))
		return;
	uint64_t base = dt_cells(n->reg, ac);
	if (n->is_memory && depth == 1) {
		// Several banks or entries: prefer the one holding the firmware.
		extern char _start[];
		uint64_t fw = (uint64_t)_start;
		for (uint32_t off = 0; off + 4 * (ac + sc) <= n->reg_len; off += 4 * (ac + sc)) {
			uint64_t b = dt_cells(n->reg + off, ac), s = dt_cells(n->reg + off + 4 * ac, sc);
			if (info->ram_size == 0 || (fw >= b && fw - b < s)) {
				info->ram_base = b;
				info->ram_size = s;
			}
		}
	}
	if (n->is_uart && info->uart_pa == 0) {
		info->uart_pa = base;
		info->uart_reg_shift = n->reg_shift;
		info->uart_io_width = n->io_width;
	}
	if (n->is_clint && info->clint_pa == 0)
		info->clint_pa = base;
	if (n->is_virtio && info->nvirtio < DT_MAX_VIRTIO)
		info->virtio[info->nvirtio++] = base;
}

int dt_parse(uint64_t pa, struct dt_info *info)
{
	const uint8_t *blob = (const uint8_t *)pa;
	memset(info, 0, sizeof(*info));
	info->bootargs = "";
	if (pa == 0 || (pa & 3) || dt_be32(blob) != FDT_MAGIC)
		return -1;
	uint32_t total = dt_be32(blob + 4);
	uint32_t off_struct = dt_be32(blob + 8);
	uint32_t off_strings = dt_be32(blob + 12);
	uint32_t version = dt_be32(blob + 20);
	uint32_t size_strings = dt_be32(blob + 32);
	uint32_t size_struct = dt_be32(blob + 36);
	if (version < 16 || off_struct >= total || off_strings >= total ||
	    size_struct > total - off_struct || size_strings > total - off_strings)
		return -1;
	info->dtb_pa = pa;
	info->dtb_size = total;

	struct dt_node stack[DT_MAX_DEPTH + 1];
	memset(stack, 0, sizeof(stack));
	// The root's parent: the default cell sizes of DTSpec 2.3.5.
	stack[0].addr_cells = 2;
	stack[0].size_cells = 1;
	int depth = 0; // stack[depth] is the current node; 0 = outside the root
	const uint8_t *p = blob + off_struct, *end = p + size_struct;
	const char *strings = (const char *)blob + off_strings;

	while (p + 4 <= end) {
		uint32_t token = dt_be32(p);
		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			while (p < end && *p)
				p++;
			p = (const uint8_t *)(((uint64_t)p + 4) & ~3UL);
			if (depth >= DT_MAX_DEPTH)
				return -1;
			depth++;
			memset(&stack[depth], 0, sizeof(stack[depth]));
			stack[depth].name = name;
			stack[depth].addr_cells = 2;
			stack[depth].size_cells = 1;
			stack[depth].io_width = 1;
			stack[depth].is_memory = strncmp(name, "memory", 6) == 0 &&
						 (name[6] == 0 || name[6] == '@');
		} else if (token == FDT_END_NODE) {
			if (depth < 1)
				return -1;
			if (depth >= 2)
				dt_node_done(&stack[depth], &stack[depth - 1], depth - 1, info);
			depth--;
		} else if (token == FDT_PROP) {
			if (p + 8 > end)
				return -1;
			uint32_t len = dt_be32(p), nameoff = dt_be32(p + 4);
			const uint8_t *val = p + 8;
			if (len > (uint64_t)(end - val) || nameoff >= size_strings || depth < 1)
				return -1;
			p = (const uint8_t *)(((uint64_t)val + len + 3) & ~3UL);
			const char *pname = strings + nameoff;
			struct dt_node *n = &stack[depth];
			const char *node = n->name;
			if (strcmp(pname, "#address-cells") == 0 && len == 4)
				n->addr_cells = dt_be32(val);
			else if (strcmp(pname, "#size-cells") == 0 && len == 4)
				n->size_cells = dt_be32(val);
			else if (strcmp(pname, "reg") == 0) {
				n->reg = val;
				n->reg_len = len;
			} else if (strcmp(pname, "reg-shift") == 0 && len == 4)
				n->reg_shift = dt_be32(val);
			else if (strcmp(pname, "reg-io-width") == 0 && len == 4)
				n->io_width = dt_be32(val);
			else if (strcmp(pname, "device_type") == 0 &&
				 dt_strlist_has((const char *)val, len, "memory"))
				n->is_memory = 1;
			else if (strcmp(pname, "compatible") == 0) {
				n->is_uart = dt_strlist_has((const char *)val, len, "ns16550a");
				n->is_clint = dt_strlist_has((const char *)val, len, "riscv,clint0") ||
					      dt_strlist_has((const char *)val, len, "sifive,clint0");
				n->is_virtio = dt_strlist_has((const char *)val, len, "virtio,mmio");
			} else if (depth == 2 && strcmp(node, "chosen") == 0) {
				if (strcmp(pname, "bootargs") == 0 && len > 0 && val[len - 1] == 0)
					info->bootargs = (const char *)val;
				else if (strcmp(pname, "linux,initrd-start") == 0)
					info->initrd_start = dt_int_prop(val, len);
				else if (strcmp(pname, "linux,initrd-end") == 0)
					info->initrd_end = dt_int_prop(val, len);
				else if (strcmp(pname, "rvmmu,frames") == 0 && len == 4)
					info->frames = dt_be32(val);
			} else if (strcmp(pname, "timebase-frequency") == 0 && info->timebase_hz == 0 &&
				   ((depth == 2 && strcmp(node, "cpus") == 0) ||
				    (depth == 3 && strncmp(stack[2].name, "cpus", 4) == 0)))
				info->timebase_hz = dt_int_prop(val, len);
		} else if (token == FDT_NOP) {
			continue;
		} else if (token == FDT_END) {
			return depth == 0 ? 0 : -1;
		} else {
			return -1;
		}
	}
	return -1;
}
