// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The flattened device tree's structure block (DTSpec 0.4, chapter 5),
// walked once for a reader: the supervisor's dt.c and the SBI firmware's
// sbi/sbi_fdt.c. All FDT integers are big-endian; every offset read from
// the blob is checked against its block before use.
#pragma once

#include <stddef.h>
#include <stdint.h>

// A big-endian 32-bit value.
uint32_t fdt_be32(const void *p);
// `cells` (1 or 2) big-endian cells as one number.
uint64_t fdt_cells(const uint8_t *p, uint32_t cells);
// A 32- or 64-bit integer property, by its length (0 if shorter).
uint64_t fdt_int_prop(const uint8_t *p, uint32_t len);
// True when the NUL-separated string list (len bytes) contains s.
int fdt_list_has(const void *list, uint32_t len, const char *s);

// What a reader does at each token. Depth 1 is the root node.
struct fdt_reader {
	void *ctx;
	// The deepest node the reader keeps state for: a deeper one fails the walk.
	int max_depth;
	void (*begin_node)(void *ctx, int depth, const char *name);
	void (*prop)(void *ctx, int depth, const char *name, const uint8_t *val, uint32_t len);
	void (*end_node)(void *ctx, int depth);
};

// Checks the header (magic, version >= 16, blocks inside totalsize) of the
// blob at `blob` (4-byte aligned) and walks its structure block, which must
// end with FDT_END outside every node. Returns the blob's total size, or 0
// if anything is malformed (the reader may have seen part of it).
uint32_t fdt_walk(const void *blob, const struct fdt_reader *r);
