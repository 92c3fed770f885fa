//! A test driver for the virtio-blk device: it drives the device as a
//! guest driver would (virtio 1.1 section 3.1.1 init sequence, section
//! 4.2.3.2 queue setup, requests in a split virtqueue in [`Ram`]). Used by
//! this crate's tests and, through the `test-driver` feature, by the
//! emulator's bus-level tests. Test code: it asserts and unwraps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_debug_implementations
)]

use super::blk::*;
use super::mmio::*;
use super::queue::*;
use crate::ram::Ram;

pub const BASE: u64 = 0x8000_0000;
pub const RAM_SIZE: usize = 1 << 20;
pub const DESC: u64 = BASE + 0x1000;
pub const AVAIL: u64 = BASE + 0x2000;
pub const USED: u64 = BASE + 0x3000;
/// Per-slot request headers (16 bytes) and status bytes.
pub const HDR: u64 = BASE + 0x8000;
/// Data buffers.
pub const BUF: u64 = BASE + 0x10000;
pub const DISK_BYTES: usize = 64 * 512;

pub const MAGIC_VALUE: u64 = 0x000;
pub const VERSION: u64 = 0x004;
pub const DEVICE_ID: u64 = 0x008;
pub const VENDOR_ID: u64 = 0x00c;
pub const DEVICE_FEATURES: u64 = 0x010;
pub const DEVICE_FEATURES_SEL: u64 = 0x014;
pub const DRIVER_FEATURES: u64 = 0x020;
pub const DRIVER_FEATURES_SEL: u64 = 0x024;
pub const QUEUE_SEL: u64 = 0x030;
pub const QUEUE_NUM_MAX_REG: u64 = 0x034;
pub const QUEUE_NUM: u64 = 0x038;
pub const QUEUE_READY: u64 = 0x044;
pub const QUEUE_NOTIFY: u64 = 0x050;
pub const INTERRUPT_STATUS: u64 = 0x060;
pub const INTERRUPT_ACK: u64 = 0x064;
pub const STATUS: u64 = 0x070;
pub const QUEUE_DESC_LOW: u64 = 0x080;
pub const QUEUE_DESC_HIGH: u64 = 0x084;
pub const QUEUE_DRIVER_LOW: u64 = 0x090;
pub const QUEUE_DRIVER_HIGH: u64 = 0x094;
pub const QUEUE_DEVICE_LOW: u64 = 0x0a0;
pub const QUEUE_DEVICE_HIGH: u64 = 0x0a4;
pub const CONFIG_GENERATION: u64 = 0x0fc;
pub const CONFIG: u64 = 0x100;

/// A buffer of a chain: guest address, length, device-writable.
pub type Buf = (u64, u32, bool);

/// A device, its RAM, and the driver's side of the queue.
pub struct Driver {
    pub dev: VirtioBlk,
    pub ram: Ram,
    pub qsize: u16,
    pub avail_idx: u16,
    pub used_seen: u16,
    pub next_desc: u16,
}

impl Driver {
    /// A device with `backing`, initialised with `VERSION_1 | FLUSH` and a
    /// queue of `qsize`.
    pub fn new(backing: Backing, qsize: u16) -> Driver {
        let mut d = Driver::bare(backing, qsize);
        assert_ne!(
            d.negotiate(VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_FLUSH) & FEATURES_OK,
            0
        );
        d.setup_queue(DESC, AVAIL, USED);
        d.set(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        d
    }
    /// Zeroes the rings and runs the whole init sequence again.
    pub fn restart(&mut self) {
        self.ram.slice_mut(DESC, 0x3000).unwrap().fill(0);
        (self.avail_idx, self.used_seen, self.next_desc) = (0, 0, 0);
        assert_ne!(
            self.negotiate(VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_FLUSH) & FEATURES_OK,
            0
        );
        self.setup_queue(DESC, AVAIL, USED);
        self.set(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    }
    pub fn bare(backing: Backing, qsize: u16) -> Driver {
        Driver {
            dev: VirtioBlk::new(backing),
            ram: Ram::new(BASE, RAM_SIZE),
            qsize,
            avail_idx: 0,
            used_seen: 0,
            next_desc: 0,
        }
    }
    pub fn reg(&mut self, off: u64) -> u32 {
        self.dev.load(off, 4).unwrap() as u32
    }
    pub fn set(&mut self, off: u64, v: u32) {
        self.dev.store(off, 4, u64::from(v), &mut self.ram).unwrap();
    }
    /// Reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK; returns the
    /// status read back (section 3.1.1 steps 1-6).
    pub fn negotiate(&mut self, features: u64) -> u32 {
        self.set(STATUS, 0);
        self.set(STATUS, ACKNOWLEDGE);
        self.set(STATUS, ACKNOWLEDGE | DRIVER);
        self.set(DEVICE_FEATURES_SEL, 1);
        let hi = self.reg(DEVICE_FEATURES);
        self.set(DEVICE_FEATURES_SEL, 0);
        let lo = self.reg(DEVICE_FEATURES);
        assert_eq!(u64::from(hi) << 32 | u64::from(lo), OFFERED_FEATURES);
        self.set(DRIVER_FEATURES_SEL, 0);
        self.set(DRIVER_FEATURES, features as u32);
        self.set(DRIVER_FEATURES_SEL, 1);
        self.set(DRIVER_FEATURES, (features >> 32) as u32);
        self.set(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        self.reg(STATUS)
    }
    pub fn setup_queue(&mut self, desc: u64, avail: u64, used: u64) {
        self.set(QUEUE_SEL, 0);
        assert_eq!(self.reg(QUEUE_READY), 0);
        assert!(u32::from(self.qsize) <= self.reg(QUEUE_NUM_MAX_REG));
        self.set(QUEUE_NUM, u32::from(self.qsize));
        for (lo, hi, addr) in [
            (QUEUE_DESC_LOW, QUEUE_DESC_HIGH, desc),
            (QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH, avail),
            (QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH, used),
        ] {
            self.set(lo, addr as u32);
            self.set(hi, (addr >> 32) as u32);
        }
        self.set(QUEUE_READY, 1);
    }
    pub fn w(&mut self, pa: u64, bytes: &[u8]) {
        self.ram
            .slice_mut(pa, bytes.len())
            .unwrap()
            .copy_from_slice(bytes);
    }
    pub fn r(&self, pa: u64, len: usize) -> Vec<u8> {
        self.ram.slice(pa, len).unwrap().to_vec()
    }
    pub fn write_desc(&mut self, i: u16, addr: u64, len: u32, flags: u16, next: u16) {
        let pa = DESC + 16 * u64::from(i);
        self.ram.write_pa::<8>(pa, addr).unwrap();
        self.ram.write_pa::<4>(pa + 8, u64::from(len)).unwrap();
        self.ram.write_pa::<2>(pa + 12, u64::from(flags)).unwrap();
        self.ram.write_pa::<2>(pa + 14, u64::from(next)).unwrap();
    }
    /// Makes `head` available (section 2.6.13).
    pub fn make_available(&mut self, head: u16) {
        let slot = u64::from(self.avail_idx % self.qsize);
        self.ram
            .write_pa::<2>(AVAIL + 4 + 2 * slot, u64::from(head))
            .unwrap();
        self.avail_idx = self.avail_idx.wrapping_add(1);
        self.ram
            .write_pa::<2>(AVAIL + 2, u64::from(self.avail_idx))
            .unwrap();
    }
    /// Puts `bufs` in consecutive free descriptors and makes the chain
    /// available; returns its head.
    pub fn add_chain(&mut self, bufs: &[Buf]) -> u16 {
        let head = self.next_desc;
        for (k, &(addr, len, write)) in bufs.iter().enumerate() {
            let i = self.next_desc;
            self.next_desc = (self.next_desc + 1) % self.qsize;
            let mut flags = if write { VIRTQ_DESC_F_WRITE } else { 0 };
            if k + 1 < bufs.len() {
                flags |= VIRTQ_DESC_F_NEXT;
            }
            self.write_desc(i, addr, len, flags, self.next_desc);
        }
        self.make_available(head);
        head
    }
    pub fn hdr(slot: u16) -> u64 {
        HDR + 32 * u64::from(slot)
    }
    pub fn status_pa(slot: u16) -> u64 {
        Driver::hdr(slot) + 16
    }
    /// Writes a request header in `slot` and submits header, `data`,
    /// status; the status byte is preset to 0xff.
    pub fn submit(&mut self, slot: u16, kind: u32, sector: u64, data: &[Buf]) -> u16 {
        let mut h = [0u8; 16];
        h[..4].copy_from_slice(&kind.to_le_bytes());
        h[8..].copy_from_slice(&sector.to_le_bytes());
        self.w(Driver::hdr(slot), &h);
        self.w(Driver::status_pa(slot), &[0xff]);
        let mut bufs = vec![(Driver::hdr(slot), 16, false)];
        bufs.extend_from_slice(data);
        bufs.push((Driver::status_pa(slot), 1, true));
        self.add_chain(&bufs)
    }
    pub fn notify(&mut self) {
        self.set(QUEUE_NOTIFY, 0);
    }
    pub fn used_idx(&self) -> u16 {
        self.ram.read_pa::<2>(USED + 2).unwrap() as u16
    }
    /// The used elements (id, len) added since the last call.
    pub fn take_used(&mut self) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        while self.used_seen != self.used_idx() {
            let e = USED + 4 + 8 * u64::from(self.used_seen % self.qsize);
            out.push((
                self.ram.read_pa::<4>(e).unwrap() as u32,
                self.ram.read_pa::<4>(e + 4).unwrap() as u32,
            ));
            self.used_seen = self.used_seen.wrapping_add(1);
        }
        out
    }
    /// One request in slot 0, run: (status byte, used len).
    pub fn request(&mut self, kind: u32, sector: u64, data: &[Buf]) -> (u8, u32) {
        let head = self.submit(0, kind, sector, data);
        self.notify();
        let used = self.take_used();
        assert_eq!(used.len(), 1, "one used element");
        assert_eq!(used[0].0, u32::from(head));
        (self.r(Driver::status_pa(0), 1)[0], used[0].1)
    }
}
