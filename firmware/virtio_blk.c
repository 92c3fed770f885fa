// SPDX-License-Identifier: MIT OR Apache-2.0
//
// virtio-blk over virtio-mmio (see virtio_blk.h). The rings and the
// request header live in one page of the firmware's bss, which is
// identity-mapped: their virtual addresses are the physical ones the
// device is given. Registers are little-endian 32-bit (section 4.2.2).
#include "virtio_blk.h"

#include "con.h"
#include "lib.h"
#include "memlayout.h"

// MMIO register offsets (section 4.2.2, table "MMIO Device Register Layout").
#define VIO_MAGIC 0x000
#define VIO_VERSION 0x004
#define VIO_DEVICE_ID 0x008
#define VIO_DEVICE_FEATURES 0x010
#define VIO_DEVICE_FEATURES_SEL 0x014
#define VIO_DRIVER_FEATURES 0x020
#define VIO_DRIVER_FEATURES_SEL 0x024
#define VIO_QUEUE_SEL 0x030
#define VIO_QUEUE_NUM_MAX 0x034
#define VIO_QUEUE_NUM 0x038
#define VIO_QUEUE_READY 0x044
#define VIO_QUEUE_NOTIFY 0x050
#define VIO_INTERRUPT_STATUS 0x060
#define VIO_INTERRUPT_ACK 0x064
#define VIO_STATUS 0x070
#define VIO_QUEUE_DESC_LOW 0x080
#define VIO_QUEUE_DESC_HIGH 0x084
#define VIO_QUEUE_DRIVER_LOW 0x090
#define VIO_QUEUE_DRIVER_HIGH 0x094
#define VIO_QUEUE_DEVICE_LOW 0x0a0
#define VIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIO_CONFIG_GENERATION 0x0fc
#define VIO_CONFIG 0x100

#define VIRTIO_MAGIC 0x74726976u // "virt"
#define VIRTIO_ID_BLOCK 2

// Device status bits (section 2.1).
#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER 2u
#define STATUS_DRIVER_OK 4u
#define STATUS_FEATURES_OK 8u
#define STATUS_FAILED 128u

#define VIRTIO_F_VERSION_1 32 // feature bit numbers (section 6)
#define VIRTIO_BLK_F_RO 5

// Split virtqueue (section 2.6).
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct virtq_avail {
	uint16_t flags, idx;
	uint16_t ring[VBLK_QUEUE_SIZE];
	uint16_t used_event;
};

struct virtq_used_elem {
	uint32_t id, len;
};

struct virtq_used {
	uint16_t flags, idx;
	struct virtq_used_elem ring[VBLK_QUEUE_SIZE];
	uint16_t avail_event;
};

// Block request header (section 5.2.6).
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_S_OK 0

struct virtio_blk_req {
	uint32_t type, reserved;
	uint64_t sector;
};

// Everything the device reads or writes besides the data page, aligned as
// section 2.6 requires (descriptors 16, avail 2, used 4).
struct vblk_mem {
	struct virtq_desc desc[VBLK_QUEUE_SIZE];
	struct virtq_avail avail;
	uint8_t pad0[64 - (sizeof(struct virtq_avail) % 64)];
	struct virtq_used used;
	struct virtio_blk_req req;
	volatile uint8_t status;
};

static struct vblk_mem vblk_mem __attribute__((aligned(4096)));
static uint64_t vblk_base; // register block (virtual: IO window)
static uint16_t vblk_last_used;
uint64_t vblk_sectors;

static uint32_t vblk_r(uint64_t off) { return *(volatile uint32_t *)(vblk_base + off); }

static void vblk_w(uint64_t off, uint32_t v) { *(volatile uint32_t *)(vblk_base + off) = v; }

// The 64-bit capacity from the configuration space, read until the
// configuration generation is stable (section 4.2.2.2).
static uint64_t vblk_capacity(void)
{
	for (;;) {
		uint32_t gen = vblk_r(VIO_CONFIG_GENERATION);
		uint64_t lo = vblk_r(VIO_CONFIG), hi = vblk_r(VIO_CONFIG + 4);
		if (vblk_r(VIO_CONFIG_GENERATION) == gen)
			return lo | (hi << 32);
	}
}

int vblk_init(uint64_t pa)
{
	vblk_base = pa + io_offset;
	if (vblk_r(VIO_MAGIC) != VIRTIO_MAGIC || vblk_r(VIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
		return -1;
	uint32_t version = vblk_r(VIO_VERSION);
	if (version != 2) {
		con_printf("firmware: virtio-mmio block device at 0x%lx has version %u, not 2: no swap"
			   " (QEMU: -global virtio-mmio.force-legacy=false)\n", pa, version);
		return -1;
	}
	// Section 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK.
	vblk_w(VIO_STATUS, 0);
	vblk_w(VIO_STATUS, STATUS_ACKNOWLEDGE);
	vblk_w(VIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
	vblk_w(VIO_DEVICE_FEATURES_SEL, 0);
	uint32_t f0 = vblk_r(VIO_DEVICE_FEATURES);
	vblk_w(VIO_DEVICE_FEATURES_SEL, 1);
	uint32_t f1 = vblk_r(VIO_DEVICE_FEATURES);
	if (!(f1 & (1u << (VIRTIO_F_VERSION_1 - 32))) || (f0 & (1u << VIRTIO_BLK_F_RO))) {
		vblk_w(VIO_STATUS, STATUS_FAILED);
		con_printf("firmware: virtio block device at 0x%lx is read-only or lacks VERSION_1: no swap\n",
			   pa);
		return -1;
	}
	vblk_w(VIO_DRIVER_FEATURES_SEL, 0);
	vblk_w(VIO_DRIVER_FEATURES, 0);
	vblk_w(VIO_DRIVER_FEATURES_SEL, 1);
	vblk_w(VIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
	vblk_w(VIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
	if (!(vblk_r(VIO_STATUS) & STATUS_FEATURES_OK)) {
		vblk_w(VIO_STATUS, STATUS_FAILED);
		return -1;
	}
	// Queue 0 (section 4.2.3.2).
	vblk_w(VIO_QUEUE_SEL, 0);
	if (vblk_r(VIO_QUEUE_READY) != 0 || vblk_r(VIO_QUEUE_NUM_MAX) < VBLK_QUEUE_SIZE) {
		vblk_w(VIO_STATUS, STATUS_FAILED);
		return -1;
	}
	memset(&vblk_mem, 0, sizeof(vblk_mem));
	vblk_mem.avail.flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	vblk_last_used = 0;
	uint64_t d = (uint64_t)&vblk_mem.desc, a = (uint64_t)&vblk_mem.avail,
		 u = (uint64_t)&vblk_mem.used;
	vblk_w(VIO_QUEUE_NUM, VBLK_QUEUE_SIZE);
	vblk_w(VIO_QUEUE_DESC_LOW, (uint32_t)d);
	vblk_w(VIO_QUEUE_DESC_HIGH, (uint32_t)(d >> 32));
	vblk_w(VIO_QUEUE_DRIVER_LOW, (uint32_t)a);
	vblk_w(VIO_QUEUE_DRIVER_HIGH, (uint32_t)(a >> 32));
	vblk_w(VIO_QUEUE_DEVICE_LOW, (uint32_t)u);
	vblk_w(VIO_QUEUE_DEVICE_HIGH, (uint32_t)(u >> 32));
	vblk_w(VIO_QUEUE_READY, 1);
	vblk_w(VIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK);
	vblk_sectors = vblk_capacity();
	return 0;
}

int vblk_rw(int write, uint64_t sector, uint64_t pa)
{
	if (vblk_base == 0 || sector + PAGE_SIZE / VBLK_SECTOR_SIZE > vblk_sectors)
		return -1;
	struct vblk_mem *m = &vblk_mem;
	m->req.type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	m->req.reserved = 0;
	m->req.sector = sector;
	m->status = 0xff;
	m->desc[0] = (struct virtq_desc){ (uint64_t)&m->req, sizeof(m->req), VIRTQ_DESC_F_NEXT, 1 };
	m->desc[1] = (struct virtq_desc){ pa, PAGE_SIZE,
					  VIRTQ_DESC_F_NEXT | (write ? 0 : VIRTQ_DESC_F_WRITE), 2 };
	m->desc[2] = (struct virtq_desc){ (uint64_t)&m->status, 1, VIRTQ_DESC_F_WRITE, 0 };
	m->avail.ring[m->avail.idx % VBLK_QUEUE_SIZE] = 0;
	// The descriptors and ring entry before the index (section 2.6.13).
	__asm__ volatile("fence rw, rw" ::: "memory");
	*(volatile uint16_t *)&m->avail.idx = (uint16_t)(m->avail.idx + 1);
	__asm__ volatile("fence rw, rw" ::: "memory");
	vblk_w(VIO_QUEUE_NOTIFY, 0);
	for (uint64_t spin = 0; *(volatile uint16_t *)&m->used.idx == vblk_last_used; spin++) {
		if (spin > (1UL << 32)) {
			con_printf("firmware: virtio block device does not answer\n");
			return -1;
		}
	}
	__asm__ volatile("fence rw, rw" ::: "memory");
	vblk_last_used++;
	// Clear a pending interrupt bit, if the device set one anyway.
	uint32_t isr = vblk_r(VIO_INTERRUPT_STATUS);
	if (isr)
		vblk_w(VIO_INTERRUPT_ACK, isr);
	return m->status == VIRTIO_BLK_S_OK ? 0 : -1;
}
