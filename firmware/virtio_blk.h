// SPDX-License-Identifier: MIT OR Apache-2.0
//
// A virtio block device over the virtio-mmio transport, version 2 (the
// "modern" interface of Virtual I/O Device (VIRTIO) Version 1.1, sections
// 4.2 "Virtio Over MMIO" and 5.2 "Block Device"). One virtqueue of
// VBLK_QUEUE_SIZE descriptors, one request at a time (three chained
// descriptors: header, data, status), completion found by polling the
// used ring; interrupts are not used (VIRTQ_AVAIL_F_NO_INTERRUPT).
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

#include <stdint.h>

#define VBLK_QUEUE_SIZE 8
#define VBLK_SECTOR_SIZE 512

// The device's capacity in 512-byte sectors (once vblk_init succeeded).
extern uint64_t vblk_sectors;

// Probes the virtio-mmio transport at physical address pa and, if it is a
// version 2 block device that can be written, initialises it (section
// 3.1.1). Returns 0, or -1 (nothing changed on a non-block device).
int vblk_init(uint64_t pa);
// Reads (write = 0) or writes one 4 KiB page at frame pa from/to the 8
// sectors starting at sector. Returns 0, or -1 on a device error.
int vblk_rw(int write, uint64_t sector, uint64_t pa);

#endif
