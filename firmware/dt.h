// SPDX-License-Identifier: MIT OR Apache-2.0
//
// A small flattened-device-tree (DTSpec 0.4, chapter 5) reader: one pass
// over the structure block collecting what the firmware needs.
#ifndef DT_H
#define DT_H

#include <stdint.h>

#define DT_MAX_VIRTIO 8

struct dt_info {
	uint64_t dtb_pa, dtb_size;      // the blob itself (kept out of the frames)
	uint64_t ram_base, ram_size;    // /memory reg (the bank holding the firmware)
	uint64_t uart_pa;               // compatible "ns16550a": reg
	uint32_t uart_reg_shift;        //   reg-shift (0 if absent)
	uint32_t uart_io_width;         //   reg-io-width (1 if absent)
	uint64_t clint_pa;              // compatible "riscv,clint0"/"sifive,clint0"
	uint64_t initrd_start, initrd_end; // /chosen linux,initrd-start/-end
	uint64_t timebase_hz;           // /cpus timebase-frequency
	const char *bootargs;           // /chosen bootargs (in the blob), or ""
	uint64_t virtio[DT_MAX_VIRTIO]; // compatible "virtio,mmio": reg, in blob order
	unsigned nvirtio;
	uint64_t frames;                // /chosen rvmmu,frames (u32), 0 if absent
	uint64_t hostio_pa;             // compatible "rvmmu,hostio": reg, 0 if absent
	const char *argv, *envp;        // /chosen rvmmu,argv, rvmmu,envp string lists
	uint32_t argv_len, envp_len;    //   their lengths in bytes (0 if absent)
	int has_envp;                   //   rvmmu,envp present (possibly empty)
	uint64_t epoch_ns;              // /chosen rvmmu,epoch-ns (u64), 0 if absent
	uint32_t root;                  // /chosen rvmmu,root: 0 none, 1 ro, 2 rw
	uint64_t vmev_pa;               // compatible "rvmmu,vm-events": reg, 0 if absent
};

// Reads the blob at pa into *info. Returns 0, or -1 if it is not a
// version 16/17 FDT or is malformed (info then holds what was read).
int dt_parse(uint64_t pa, struct dt_info *info);

#endif
