//! The virtio-mmio transport, version 2 ("modern", virtio 1.1 section 4.2),
//! in front of one block device with one queue.
//!
//! ```text
//!   off   name                  dir  off   name                  dir
//!   0x000 MagicValue "virt"     R    0x050 QueueNotify           W
//!   0x004 Version = 2           R    0x060 InterruptStatus       R
//!   0x008 DeviceID = 2 (block)  R    0x064 InterruptACK          W
//!   0x00c VendorID              R    0x070 Status                RW
//!   0x010 DeviceFeatures        R    0x080 QueueDescLow/High     W
//!   0x014 DeviceFeaturesSel     W    0x090 QueueDriverLow/High   W
//!   0x020 DriverFeatures        W    0x0a0 QueueDeviceLow/High   W
//!   0x024 DriverFeaturesSel     W    0x0fc ConfigGeneration      R
//!   0x030 QueueSel              W    0x100 config space (5.2.4)  RW
//!   0x034 QueueNumMax           R
//!   0x038 QueueNum              W
//!   0x044 QueueReady            RW
//! ```
//!
//! Registers take 32-bit aligned accesses only; the configuration space
//! takes 8-, 16-, 32- (and 64-) bit naturally aligned ones (section
//! 4.2.2.2). Other accesses are refused (`None`: an access fault).
//! A write to QueueNotify runs the available requests at once.

use super::blk::{
    Backing, BlkStats, Disk, RequestError, CONFIG_LEN, VIRTIO_BLK_F_FLUSH, VIRTIO_BLK_F_SEG_MAX,
};
use super::queue::{Desc, QueueError, SplitQueue, QUEUE_NUM_MAX};
use crate::ram::Ram;

/// Size of the MMIO window.
pub const MMIO_SIZE: u64 = 0x1000;

const MAGIC_VALUE: u64 = 0x000;
const VERSION: u64 = 0x004;
const DEVICE_ID: u64 = 0x008;
const VENDOR_ID: u64 = 0x00c;
const DEVICE_FEATURES: u64 = 0x010;
const DEVICE_FEATURES_SEL: u64 = 0x014;
const DRIVER_FEATURES: u64 = 0x020;
const DRIVER_FEATURES_SEL: u64 = 0x024;
const QUEUE_SEL: u64 = 0x030;
const QUEUE_NUM_MAX_REG: u64 = 0x034;
const QUEUE_NUM: u64 = 0x038;
const QUEUE_READY: u64 = 0x044;
const QUEUE_NOTIFY: u64 = 0x050;
const INTERRUPT_STATUS: u64 = 0x060;
const INTERRUPT_ACK: u64 = 0x064;
const STATUS: u64 = 0x070;
const QUEUE_DESC_LOW: u64 = 0x080;
const QUEUE_DESC_HIGH: u64 = 0x084;
const QUEUE_DRIVER_LOW: u64 = 0x090;
const QUEUE_DRIVER_HIGH: u64 = 0x094;
const QUEUE_DEVICE_LOW: u64 = 0x0a0;
const QUEUE_DEVICE_HIGH: u64 = 0x0a4;
const CONFIG_GENERATION: u64 = 0x0fc;
const CONFIG: u64 = 0x100;
const _: () = assert!(CONFIG_LEN as u64 <= MMIO_SIZE - CONFIG);

/// "virt", little-endian.
pub const MAGIC: u32 = 0x7472_6976;
/// The non-legacy virtio-mmio version.
pub const MMIO_VERSION: u32 = 2;
/// Block device (section 5, "Device Types").
pub const DEVICE_ID_BLOCK: u32 = 2;
/// "QEMU", as QEMU's virtio-mmio reports.
pub const VENDOR: u32 = 0x554d_4551;

/// Feature: virtio 1.x, not legacy (section 6).
pub const VIRTIO_F_VERSION_1: u64 = 1 << 32;
/// The features offered.
pub const OFFERED_FEATURES: u64 = VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_SEG_MAX;

/// Device status bits (section 2.1).
pub const ACKNOWLEDGE: u32 = 1;
pub const DRIVER: u32 = 2;
pub const DRIVER_OK: u32 = 4;
pub const FEATURES_OK: u32 = 8;
pub const DEVICE_NEEDS_RESET: u32 = 64;
pub const FAILED: u32 = 128;

/// InterruptStatus bits (section 4.2.2).
pub const INT_USED_BUFFER: u32 = 1;
pub const INT_CONFIG_CHANGE: u32 = 2;

/// Something odd the guest did, logged once per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Oddity {
    /// A register access that is not 32-bit and aligned, or a misaligned
    /// configuration access.
    BadAccess { off: u64, size: u64 },
    /// DriverFeatures written after FEATURES_OK.
    LateFeatures,
    /// The driver's features are refused: FEATURES_OK stays clear.
    FeaturesRefused(u64),
    /// A queue register written while the queue is ready.
    QueueBusy { off: u64 },
    /// A queue other than 0 selected or notified.
    NoSuchQueue(u32),
    /// QueueNotify before DRIVER_OK (section 2.1.2: not processed).
    NotifyBeforeDriverOk,
    /// A transport-level violation: DEVICE_NEEDS_RESET.
    Queue(QueueError),
    /// A malformed or failed request.
    Request(RequestError),
}

impl Oddity {
    /// The bit of `VirtioBlk::warned` for this kind.
    fn bit(&self) -> u32 {
        let n = match self {
            Oddity::BadAccess { .. } => 0,
            Oddity::LateFeatures => 1,
            Oddity::FeaturesRefused(_) => 2,
            Oddity::QueueBusy { .. } => 3,
            Oddity::NoSuchQueue(_) => 4,
            Oddity::NotifyBeforeDriverOk => 5,
            Oddity::Queue(q) => match q {
                QueueError::BadSize(_) => 6,
                QueueError::RingOutsideRam => 7,
                QueueError::HeadOutOfRange(_) => 8,
                QueueError::NextOutOfRange(_) => 9,
                QueueError::ChainTooLong => 10,
                QueueError::Indirect => 11,
                QueueError::AvailIdxJump { .. } => 12,
            },
            Oddity::Request(r) => match r {
                RequestError::NoStatusByte => 13,
                RequestError::ReadableAfterWritable => 14,
                RequestError::ShortHeader => 15,
                RequestError::BadLength(_) => 16,
                RequestError::OutOfRange { .. } => 17,
                RequestError::DataOutsideRam => 18,
                RequestError::Backing(_) => 19,
                RequestError::Unsupported(_) => 20,
            },
        };
        1 << n
    }
}

/// A virtio block device behind a virtio-mmio window.
#[derive(Debug)]
pub struct VirtioBlk {
    disk: Disk,
    /// Device status (section 2.1).
    status: u32,
    device_features_sel: u32,
    driver_features: u64,
    driver_features_sel: u32,
    queue_sel: u32,
    queue: SplitQueue,
    interrupt_status: u32,
    /// Scratch for the chain being executed (capacity reused).
    chain: Vec<Desc>,
    /// Oddity kinds already logged.
    warned: u32,
}

impl VirtioBlk {
    pub fn new(backing: Backing) -> VirtioBlk {
        VirtioBlk {
            disk: Disk::new(backing),
            status: 0,
            device_features_sel: 0,
            driver_features: 0,
            driver_features_sel: 0,
            queue_sel: 0,
            queue: SplitQueue::default(),
            interrupt_status: 0,
            chain: Vec::with_capacity(usize::from(QUEUE_NUM_MAX)),
            warned: 0,
        }
    }

    /// Capacity in 512-byte sectors.
    pub fn capacity(&self) -> u64 {
        self.disk.capacity()
    }
    /// Whether InterruptStatus is nonzero (the level of the device's
    /// interrupt line, for a PLIC).
    pub fn interrupt_pending(&self) -> bool {
        self.interrupt_status != 0
    }
    /// The device status register.
    pub fn status(&self) -> u32 {
        self.status
    }
    /// (read requests, write requests).
    pub fn stats(&self) -> (u64, u64) {
        (
            self.disk.stats.read_requests,
            self.disk.stats.write_requests,
        )
    }
    /// All counters: requests, sectors, flushes, failures.
    pub fn counters(&self) -> BlkStats {
        self.disk.stats
    }
    /// The backing store.
    pub fn backing(&self) -> &Backing {
        self.disk.backing()
    }
    /// The queue's state (tests and debugging).
    pub fn queue(&self) -> &SplitQueue {
        &self.queue
    }

    fn warn_once(&mut self, what: Oddity) {
        let bit = what.bit();
        if self.warned & bit == 0 {
            self.warned |= bit;
            log::warn!("virtio-blk: {what:?} (further ones of this kind not logged)");
        }
    }

    /// Enters DEVICE_NEEDS_RESET and tells the driver through a
    /// configuration change notification (section 2.1.2).
    fn needs_reset(&mut self, e: QueueError) {
        self.warn_once(Oddity::Queue(e));
        self.status |= DEVICE_NEEDS_RESET;
        self.interrupt_status |= INT_CONFIG_CHANGE;
    }

    /// Device reset (section 2.1.2, Status written with 0): everything but
    /// the disk and its counters returns to its initial state.
    fn reset(&mut self) {
        self.status = 0;
        self.device_features_sel = 0;
        self.driver_features = 0;
        self.driver_features_sel = 0;
        self.queue_sel = 0;
        self.queue = SplitQueue::default();
        self.interrupt_status = 0;
    }

    /// Loads `size` bytes at window offset `off`.
    pub fn load(&mut self, off: u64, size: u64) -> Option<u64> {
        if off >= CONFIG {
            return self.config_load(off - CONFIG, size);
        }
        if size != 4 || !off.is_multiple_of(4) {
            self.warn_once(Oddity::BadAccess { off, size });
            return None;
        }
        let queue0 = self.queue_sel == 0;
        let v: u32 = match off {
            MAGIC_VALUE => MAGIC,
            VERSION => MMIO_VERSION,
            DEVICE_ID => DEVICE_ID_BLOCK,
            VENDOR_ID => VENDOR,
            DEVICE_FEATURES => match self.device_features_sel {
                0 => OFFERED_FEATURES as u32,
                1 => (OFFERED_FEATURES >> 32) as u32,
                _ => 0,
            },
            QUEUE_NUM_MAX_REG if queue0 => u32::from(QUEUE_NUM_MAX),
            QUEUE_READY if queue0 => u32::from(self.queue.ready),
            INTERRUPT_STATUS => self.interrupt_status,
            STATUS => self.status,
            CONFIG_GENERATION => 0,
            // Write-only and reserved registers read as zero.
            _ => 0,
        };
        Some(u64::from(v))
    }

    fn config_load(&mut self, off: u64, size: u64) -> Option<u64> {
        if !matches!(size, 1 | 2 | 4 | 8) || !off.is_multiple_of(size) || off >= MMIO_SIZE - CONFIG
        {
            self.warn_once(Oddity::BadAccess {
                off: CONFIG + off,
                size,
            });
            return None;
        }
        let config = self.disk.config_space();
        let mut v = [0u8; 8];
        for (i, b) in v.iter_mut().take(size as usize).enumerate() {
            *b = usize::try_from(off)
                .ok()
                .and_then(|o| config.get(o + i))
                .copied()
                .unwrap_or(0);
        }
        Some(u64::from_le_bytes(v))
    }

    /// Stores `size` bytes of `val` at window offset `off`; a QueueNotify
    /// runs the available requests against `ram`.
    pub fn store(&mut self, off: u64, size: u64, val: u64, ram: &mut Ram) -> Option<()> {
        if off >= CONFIG {
            // The block configuration offered has no writable field
            // (`writeback` needs VIRTIO_BLK_F_CONFIG_WCE): ignore.
            if !matches!(size, 1 | 2 | 4 | 8) || !off.is_multiple_of(size) || off >= MMIO_SIZE {
                self.warn_once(Oddity::BadAccess { off, size });
                return None;
            }
            return Some(());
        }
        if size != 4 || !off.is_multiple_of(4) {
            self.warn_once(Oddity::BadAccess { off, size });
            return None;
        }
        let v = val as u32;
        match off {
            DEVICE_FEATURES_SEL => self.device_features_sel = v,
            DRIVER_FEATURES => self.write_driver_features(v),
            DRIVER_FEATURES_SEL => self.driver_features_sel = v,
            QUEUE_SEL => self.queue_sel = v,
            QUEUE_NUM | QUEUE_DESC_LOW | QUEUE_DESC_HIGH | QUEUE_DRIVER_LOW | QUEUE_DRIVER_HIGH
            | QUEUE_DEVICE_LOW | QUEUE_DEVICE_HIGH => self.write_queue_field(off, v),
            QUEUE_READY => self.write_queue_ready(v, ram),
            QUEUE_NOTIFY => self.notify(v, ram),
            INTERRUPT_ACK => self.interrupt_status &= !v,
            STATUS => self.write_status(v),
            // Read-only and reserved registers ignore writes.
            _ => {}
        }
        Some(())
    }

    /// DriverFeatures: the 32 bits DriverFeaturesSel selects (section
    /// 4.2.2), only before FEATURES_OK (section 3.1.1, step 5).
    fn write_driver_features(&mut self, v: u32) {
        if self.status & FEATURES_OK != 0 {
            self.warn_once(Oddity::LateFeatures);
            return;
        }
        let shift = match self.driver_features_sel {
            0 => 0,
            1 => 32,
            _ => return,
        };
        self.driver_features =
            (self.driver_features & !(0xffff_ffffu64 << shift)) | (u64::from(v) << shift);
    }

    /// Whether the driver's feature set can be accepted: a subset of the
    /// offer that includes VIRTIO_F_VERSION_1 (section 6.1: "A device MUST
    /// offer VIRTIO_F_VERSION_1. A device MAY fail to operate further if
    /// VIRTIO_F_VERSION_1 is not accepted.").
    fn features_acceptable(&self) -> bool {
        self.driver_features & !OFFERED_FEATURES == 0
            && self.driver_features & VIRTIO_F_VERSION_1 != 0
    }

    /// Status (section 2.1, 3.1.1): 0 resets; FEATURES_OK sticks only if
    /// the features are acceptable; DEVICE_NEEDS_RESET stays until reset.
    fn write_status(&mut self, v: u32) {
        let v = v & 0xff;
        if v == 0 {
            self.reset();
            return;
        }
        let mut new = v | (self.status & DEVICE_NEEDS_RESET);
        if new & FEATURES_OK != 0 && self.status & FEATURES_OK == 0 && !self.features_acceptable() {
            self.warn_once(Oddity::FeaturesRefused(self.driver_features));
            new &= !FEATURES_OK;
        }
        self.status = new;
    }

    /// QueueNum and the ring addresses of the selected queue; ignored for
    /// queues other than 0 and while the queue is ready (section 4.2.3.2).
    fn write_queue_field(&mut self, off: u64, v: u32) {
        if self.queue_sel != 0 {
            self.warn_once(Oddity::NoSuchQueue(self.queue_sel));
            return;
        }
        if self.queue.ready {
            self.warn_once(Oddity::QueueBusy { off });
            return;
        }
        let q = &mut self.queue;
        let low = |r: &mut u64| *r = (*r & !0xffff_ffff) | u64::from(v);
        let high = |r: &mut u64| *r = (*r & 0xffff_ffff) | (u64::from(v) << 32);
        match off {
            QUEUE_NUM => q.num = u16::try_from(v).unwrap_or(u16::MAX),
            QUEUE_DESC_LOW => low(&mut q.desc_addr),
            QUEUE_DESC_HIGH => high(&mut q.desc_addr),
            QUEUE_DRIVER_LOW => low(&mut q.driver_addr),
            QUEUE_DRIVER_HIGH => high(&mut q.driver_addr),
            QUEUE_DEVICE_LOW => low(&mut q.device_addr),
            QUEUE_DEVICE_HIGH => high(&mut q.device_addr),
            _ => {}
        }
    }

    /// QueueReady: 1 checks the queue's size and rings, 0 stops the queue.
    fn write_queue_ready(&mut self, v: u32, ram: &Ram) {
        if self.queue_sel != 0 {
            self.warn_once(Oddity::NoSuchQueue(self.queue_sel));
            return;
        }
        if v & 1 == 0 {
            self.queue.ready = false;
            return;
        }
        match self.queue.check_layout(ram) {
            Ok(()) => self.queue.ready = true,
            Err(e) => self.needs_reset(e),
        }
    }

    /// QueueNotify: runs every available request of queue 0 (section
    /// 2.6.7.1 / 5.2.6.1), then raises a used-buffer notification unless
    /// the driver suppressed it.
    fn notify(&mut self, index: u32, ram: &mut Ram) {
        if index != 0 {
            self.warn_once(Oddity::NoSuchQueue(index));
            return;
        }
        // Section 2.1.2: no buffers are consumed before DRIVER_OK.
        if self.status & DRIVER_OK == 0 || self.status & FEATURES_OK == 0 {
            self.warn_once(Oddity::NotifyBeforeDriverOk);
            return;
        }
        if self.status & DEVICE_NEEDS_RESET != 0 || !self.queue.ready {
            return;
        }
        let mut used = false;
        let result = loop {
            let head = match self.queue.pop_avail(ram) {
                Ok(Some(head)) => head,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            if let Err(e) = self.queue.read_chain(ram, head, &mut self.chain) {
                break Err(e);
            }
            let done = self.disk.execute(ram, &self.chain);
            if let Some(e) = done.error {
                self.warn_once(Oddity::Request(e));
            }
            if let Err(e) = self.queue.push_used(ram, head, done.used_len) {
                break Err(e);
            }
            used = true;
        };
        if used && !self.queue.interrupt_suppressed(ram) {
            self.interrupt_status |= INT_USED_BUFFER;
        }
        if let Err(e) = result {
            self.needs_reset(e);
        }
    }
}
