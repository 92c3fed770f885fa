// SPDX-License-Identifier: MIT OR Apache-2.0
//
// What the supervisor needs from the flattened device tree: RAM, devices,
// /chosen. The walk itself is fdt.c's.
#include "dt.h"

#include "fdt.h"
#include "lib.h"

#define DT_MAX_DEPTH 16

// One node being read: what its properties said, decided at its end.
struct dt_node {
	const char *name;
	uint32_t addr_cells, size_cells;      // for the children
	const uint8_t *reg;
	uint32_t reg_len;
	int is_uart, is_clint, is_memory, is_virtio, is_hostio;
	int is_vmev;
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
	uint64_t base = fdt_cells(n->reg, ac);
	if (n->is_memory && depth == 1) {
		// Several banks or entries: prefer the one holding the firmware.
		extern char _start[];
		uint64_t fw = (uint64_t)_start;
		for (uint32_t off = 0; off + 4 * (ac + sc) <= n->reg_len; off += 4 * (ac + sc)) {
			uint64_t b = fdt_cells(n->reg + off, ac), s = fdt_cells(n->reg + off + 4 * ac, sc);
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
	if (n->is_hostio && info->hostio_pa == 0)
		info->hostio_pa = base;
	if (n->is_virtio && info->nvirtio < DT_MAX_VIRTIO)
		info->virtio[info->nvirtio++] = base;
	if (n->is_vmev && info->vmev_pa == 0)
		info->vmev_pa = base;
}

// The walk's state: the path of nodes from the root to the current one.
struct dt_walk {
	struct dt_node stack[DT_MAX_DEPTH + 1];   // stack[0]: the root's parent
	struct dt_info *info;
};

static void dt_begin_node(void *ctx, int depth, const char *name)
{
	struct dt_walk *w = ctx;
	struct dt_node *n = &w->stack[depth];
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->addr_cells = 2;
	n->size_cells = 1;
	n->io_width = 1;
	n->is_memory = strncmp(name, "memory", 6) == 0 && (name[6] == 0 || name[6] == '@');
}

static void dt_end_node(void *ctx, int depth)
{
	struct dt_walk *w = ctx;
	if (depth >= 2)
		dt_node_done(&w->stack[depth], &w->stack[depth - 1], depth - 1, w->info);
}

static void dt_prop(void *ctx, int depth, const char *pname, const uint8_t *val, uint32_t len)
{
	struct dt_walk *w = ctx;
	struct dt_info *info = w->info;
	struct dt_node *n = &w->stack[depth];
	const char *node = n->name;
	if (strcmp(pname, "#address-cells") == 0 && len == 4)
		n->addr_cells = fdt_be32(val);
	else if (strcmp(pname, "#size-cells") == 0 && len == 4)
		n->size_cells = fdt_be32(val);
	else if (strcmp(pname, "reg") == 0) {
		n->reg = val;
		n->reg_len = len;
	} else if (strcmp(pname, "reg-shift") == 0 && len == 4)
		n->reg_shift = fdt_be32(val);
	else if (strcmp(pname, "reg-io-width") == 0 && len == 4)
		n->io_width = fdt_be32(val);
	else if (strcmp(pname, "device_type") == 0 && fdt_list_has(val, len, "memory"))
		n->is_memory = 1;
	else if (strcmp(pname, "compatible") == 0) {
		n->is_uart = fdt_list_has(val, len, "ns16550a");
		n->is_clint = fdt_list_has(val, len, "riscv,clint0") ||
			      fdt_list_has(val, len, "sifive,clint0");
		n->is_virtio = fdt_list_has(val, len, "virtio,mmio");
		n->is_hostio = fdt_list_has(val, len, "rvmmu,hostio");
		n->is_vmev = fdt_list_has(val, len, "rvmmu,vm-events");
	} else if (depth == 2 && strcmp(node, "chosen") == 0) {
		if (strcmp(pname, "bootargs") == 0 && len > 0 && val[len - 1] == 0)
			info->bootargs = (const char *)val;
		else if (strcmp(pname, "linux,initrd-start") == 0)
			info->initrd_start = fdt_int_prop(val, len);
		else if (strcmp(pname, "linux,initrd-end") == 0)
			info->initrd_end = fdt_int_prop(val, len);
		else if (strcmp(pname, "rvmmu,frames") == 0 && len == 4)
			info->frames = fdt_be32(val);
		else if (strcmp(pname, "rvmmu,argv") == 0 && len > 0 && val[len - 1] == 0) {
			info->argv = (const char *)val;
			info->argv_len = len;
		} else if (strcmp(pname, "rvmmu,envp") == 0 && (len == 0 || val[len - 1] == 0)) {
			info->envp = (const char *)val;
			info->envp_len = len;
			info->has_envp = 1;
		} else if (strcmp(pname, "rvmmu,epoch-ns") == 0)
			info->epoch_ns = fdt_int_prop(val, len);
		else if (strcmp(pname, "rvmmu,root") == 0 && len == 4)
			info->root = fdt_be32(val);
	} else if (strcmp(pname, "timebase-frequency") == 0 && info->timebase_hz == 0 &&
		   ((depth == 2 && strcmp(node, "cpus") == 0) ||
		    (depth == 3 && strncmp(w->stack[2].name, "cpus", 4) == 0)))
		info->timebase_hz = fdt_int_prop(val, len);
}

int dt_parse(uint64_t pa, struct dt_info *info)
{
	memset(info, 0, sizeof(*info));
	info->bootargs = "";
	static struct dt_walk w;
	memset(&w, 0, sizeof(w));
	w.info = info;
	// The root's parent: the default cell sizes of DTSpec 2.3.5.
	w.stack[0].addr_cells = 2;
	w.stack[0].size_cells = 1;
	const struct fdt_reader r = {&w, DT_MAX_DEPTH, dt_begin_node, dt_prop, dt_end_node};
	uint32_t total = fdt_walk((const void *)pa, &r);
	if (total == 0)
		return -1;
	info->dtb_pa = pa;
	info->dtb_size = total;
	return 0;
}
