// SPDX-License-Identifier: MIT OR Apache-2.0
//
// What the firmware needs from the flattened device tree (DTSpec 0.4,
// chapter 5): RAM, the UART, the CLINT, the power-off/reboot device, and
// the hart's ISA extensions. One pass over the structure block; every
// offset is checked against the blob before use.
//
// Power-off and reboot, in order of preference:
//   syscon-poweroff / syscon-reboot nodes (regmap = <&syscon>, offset,
//   value: Linux's bindings/power/reset/syscon-*.yaml), else a
//   "sifive,test0" device: 0x5555 power off, 0x3333 | code << 16 fail,
//   0x7777 reboot (as QEMU's virt and OpenSBI's fdt_reset_sifive_test).
#include "sbi.h"

#include "../fdt.h"
#include "../lib.h"

#define FDT_MAX_DEPTH 12
#define FDT_MAX_PHANDLES 32

#define SIFIVE_TEST_PASS 0x5555u
#define SIFIVE_TEST_FAIL (0x3333u | (1u << 16))
#define SIFIVE_TEST_RESET 0x7777u

struct sbi_platform sbi_plat;

// Marks the extensions found in one ISA name (a riscv,isa-extensions entry
// or one `_`-separated part of riscv,isa).
static void fdt_isa_name(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int *flag;
	} known[] = {
		{"sstc", &sbi_plat.has_sstc},     {"zicbom", &sbi_plat.has_zicbom},
		{"zicboz", &sbi_plat.has_zicboz}, {"svpbmt", &sbi_plat.has_svpbmt},
		{"svadu", &sbi_plat.has_svadu},   {"svade", &sbi_plat.has_svade},
	};
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		if (strlen(known[k].name) == n && memcmp(known[k].name, s, n) == 0)
			*known[k].flag = 1;
}

// Splits a list (separators `sep` or NUL) into names.
static void fdt_isa_list(const uint8_t *v, uint32_t len, char sep)
{
	uint32_t start = 0;
	for (uint32_t i = 0; i <= len; i++) {
		if (i == len || v[i] == 0 || v[i] == (uint8_t)sep) {
			if (i > start)
				fdt_isa_name((const char *)v + start, i - start);
			start = i + 1;
		}
	}
}

// One node while it is being read.
struct fdt_node {
	uint32_t addr_cells, size_cells;   // for its children
	const uint8_t *reg;
	uint32_t reg_len;
	const uint8_t *compat;
	uint32_t compat_len;
	uint32_t phandle, regmap, offset, value, reg_shift;
	int has_value, is_memory, is_cpu, is_reserved_memory;
};

// phandle -> first reg address, for syscon regmaps.
static struct {
	uint32_t phandle;
	uint64_t addr;
} fdt_regs[FDT_MAX_PHANDLES];
static unsigned fdt_nregs;

// The syscon-poweroff/-reboot nodes, resolved after the walk.
static struct fdt_node fdt_poweroff, fdt_reboot;

static uint64_t fdt_lookup(uint32_t phandle)
{
	for (unsigned i = 0; i < fdt_nregs; i++)
		if (fdt_regs[i].phandle == phandle)
			return fdt_regs[i].addr;
	return 0;
}

// A node's properties have all been read: record what it is.
static void fdt_node_done(const struct fdt_node *n, const struct fdt_node *parent)
{
	uint32_t ac = parent->addr_cells, sc = parent->size_cells;
	int has_reg = n->reg && ac >= 1 && ac <= 2 && sc <= 2 && n->reg_len >= 4 * (ac + sc);
	uint64_t base = has_reg ? fdt_cells(n->reg, ac) : 0;
	uint64_t size = has_reg && sc ? fdt_cells(n->reg + 4 * ac, sc) : 0;
	const uint8_t *c = n->compat;
	uint32_t cl = n->compat_len;

	if (has_reg && n->phandle && fdt_nregs < FDT_MAX_PHANDLES) {
		fdt_regs[fdt_nregs].phandle = n->phandle;
		fdt_regs[fdt_nregs++].addr = base;
	}
	if (has_reg && parent->is_reserved_memory && base <= SBI_FW_BASE &&
	    base + size >= (uint64_t)SBI_FW_BASE + SBI_FW_SIZE)
		sbi_plat.fw_reserved = 1;
	if (has_reg && n->is_memory && sbi_plat.ram_size == 0 && base <= SBI_FW_BASE &&
	    SBI_FW_BASE - base < size) {
		sbi_plat.ram_base = base;
		sbi_plat.ram_size = size;
	}
	if (!c)
		return;
	if (has_reg && !sbi_plat.uart && fdt_list_has(c, cl, "ns16550a")) {
		sbi_plat.uart = base;
		sbi_plat.uart_shift = n->reg_shift;
	}
	if (has_reg && !sbi_plat.clint &&
	    (fdt_list_has(c, cl, "riscv,clint0") || fdt_list_has(c, cl, "sifive,clint0")))
		sbi_plat.clint = base;
	if (has_reg && !sbi_plat.poweroff.addr && fdt_list_has(c, cl, "sifive,test0")) {
		sbi_plat.poweroff = (struct sbi_reset_reg){base, SIFIVE_TEST_PASS};
		sbi_plat.poweroff_fail = (struct sbi_reset_reg){base, SIFIVE_TEST_FAIL};
		sbi_plat.reboot = (struct sbi_reset_reg){base, SIFIVE_TEST_RESET};
	}
	if (n->regmap && n->has_value && fdt_list_has(c, cl, "syscon-poweroff"))
		fdt_poweroff = *n;
	if (n->regmap && n->has_value && fdt_list_has(c, cl, "syscon-reboot"))
		fdt_reboot = *n;
}

// Reads one property of node n (depth: 1 = root).
static void fdt_prop(struct fdt_node *n, const char *name, const uint8_t *v, uint32_t len)
{
	if (strcmp(name, "#address-cells") == 0 && len == 4)
		n->addr_cells = fdt_be32(v);
	else if (strcmp(name, "#size-cells") == 0 && len == 4)
		n->size_cells = fdt_be32(v);
	else if (strcmp(name, "reg") == 0) {
		n->reg = v;
		n->reg_len = len;
	} else if (strcmp(name, "reg-shift") == 0 && len == 4)
		n->reg_shift = fdt_be32(v);
	else if (strcmp(name, "compatible") == 0) {
		n->compat = v;
		n->compat_len = len;
	} else if (strcmp(name, "phandle") == 0 && len == 4)
		n->phandle = fdt_be32(v);
	else if (strcmp(name, "regmap") == 0 && len == 4)
		n->regmap = fdt_be32(v);
	else if (strcmp(name, "offset") == 0 && len == 4)
		n->offset = fdt_be32(v);
	else if (strcmp(name, "value") == 0 && len == 4) {
		n->value = fdt_be32(v);
		n->has_value = 1;
	} else if (strcmp(name, "device_type") == 0) {
		n->is_memory |= fdt_list_has(v, len, "memory");
		n->is_cpu |= fdt_list_has(v, len, "cpu");
	} else if (strcmp(name, "riscv,isa-extensions") == 0)
		fdt_isa_list(v, len, 0);
	else if (strcmp(name, "riscv,isa") == 0)
		fdt_isa_list(v, len, '_');
}

// Resolves a syscon-poweroff/-reboot node into a register store.
static struct sbi_reset_reg fdt_syscon(const struct fdt_node *n)
{
	uint64_t base = n->regmap ? fdt_lookup(n->regmap) : 0;
	return (struct sbi_reset_reg){base ? base + n->offset : 0, n->value};
}

// The walk's state: the path of nodes from the root to the current one.
static struct fdt_node fdt_stack[FDT_MAX_DEPTH + 1];   // [0]: the root's parent

static void fdt_begin_node(void *ctx, int depth, const char *name)
{
	(void)ctx;
	struct fdt_node *n = &fdt_stack[depth];
	memset(n, 0, sizeof(*n));
	n->addr_cells = 2;
	n->size_cells = 1;
	n->is_memory = strncmp(name, "memory", 6) == 0;
	n->is_reserved_memory = depth == 2 && strcmp(name, "reserved-memory") == 0;
}

static void fdt_end_node(void *ctx, int depth)
{
	(void)ctx;
	fdt_node_done(&fdt_stack[depth], &fdt_stack[depth - 1]);
}

static void fdt_prop_of(void *ctx, int depth, const char *name, const uint8_t *v, uint32_t len)
{
	(void)ctx;
	fdt_prop(&fdt_stack[depth], name, v, len);
}

int sbi_fdt_parse(uint64_t fdt)
{
	memset(fdt_stack, 0, sizeof(fdt_stack));
	fdt_stack[0].addr_cells = 2;   // DTSpec 2.3.5 defaults, for the root's reg
	fdt_stack[0].size_cells = 1;
	const struct fdt_reader r = {0, FDT_MAX_DEPTH, fdt_begin_node, fdt_prop_of, fdt_end_node};
	if (fdt_walk((const void *)fdt, &r) == 0)
		return -1;
	if (fdt_poweroff.regmap) {
		sbi_plat.poweroff = fdt_syscon(&fdt_poweroff);
		sbi_plat.poweroff_fail = sbi_plat.poweroff;
	}
	if (fdt_reboot.regmap)
		sbi_plat.reboot = fdt_syscon(&fdt_reboot);
	return 0;
}

static void fdt_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

// Keeps the kernel out of the firmware's region when the device tree does
// not already (rvmmu's own tree has a /reserved-memory no-map node; QEMU's
// has nothing): adds [SBI_FW_BASE, +SBI_FW_SIZE) to the memory
// reservation block (DTSpec 5.3), which Linux never allocates from. The
// blob grows by 16 bytes in place: the blocks after the reservation
// block move up, their offsets and totalsize follow. Returns 0, or -1 if
// there is no room before the end of RAM or the blob's layout is unusual.
int sbi_fdt_reserve_firmware(uint64_t fdt)
{
	uint8_t *blob = (uint8_t *)fdt;
	if (sbi_plat.fw_reserved)
		return 0;
	uint32_t total = fdt_be32(blob + 4), off_struct = fdt_be32(blob + 8);
	uint32_t off_strings = fdt_be32(blob + 12), off_rsv = fdt_be32(blob + 16);
	if (off_rsv >= off_struct || off_rsv >= off_strings || off_rsv + 16 > total ||
	    fdt + total + 16 > sbi_plat.ram_base + sbi_plat.ram_size)
		return -1;
	uint32_t end = off_rsv;   // the terminating all-zero entry
	for (;;) {
		if (end + 16 > off_struct || end + 16 > off_strings)
			return -1;
		uint64_t a = fdt_cells(blob + end, 2), sz = fdt_cells(blob + end + 8, 2);
		if (a == 0 && sz == 0)
			break;
		if (a <= SBI_FW_BASE && a + sz >= (uint64_t)SBI_FW_BASE + SBI_FW_SIZE)
			return 0;   // already reserved
		end += 16;
	}
	memmove(blob + end + 16, blob + end, total - end);
	fdt_put_be32(blob + end, 0);
	fdt_put_be32(blob + end + 4, SBI_FW_BASE);
	fdt_put_be32(blob + end + 8, 0);
	fdt_put_be32(blob + end + 12, SBI_FW_SIZE);
	fdt_put_be32(blob + 4, total + 16);
	fdt_put_be32(blob + 8, off_struct + 16);
	fdt_put_be32(blob + 12, off_strings + 16);
	return 0;
}
