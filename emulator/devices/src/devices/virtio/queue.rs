//! The split virtqueue, device side (virtio 1.1, section 2.6 "Split
//! Virtqueues").
//!
//! ```text
//!   desc  (align 16)  Queue Size x { le64 addr; le32 len; le16 flags; le16 next; }
//!   avail (align 2)   le16 flags; le16 idx; le16 ring[Queue Size];
//!   used  (align 4)   le16 flags; le16 idx; { le32 id; le32 len; } ring[Queue Size];
//! ```
//!
//! Every address, index and length here comes from the guest: all RAM
//! accesses go through [`Ram`]'s bounds checks, indices are checked against
//! the queue size and a descriptor chain is at most Queue Size long, so a
//! loop in `next` ends the walk with [`QueueError::ChainTooLong`].

use crate::ram::Ram;

/// The largest queue size the device offers (QueueNumMax).
pub const QUEUE_NUM_MAX: u16 = 128;

/// Descriptor flag: the buffer continues via `next` (section 2.6.5).
pub const VIRTQ_DESC_F_NEXT: u16 = 1;
/// Descriptor flag: the buffer is device write-only (section 2.6.5).
pub const VIRTQ_DESC_F_WRITE: u16 = 2;
/// Descriptor flag: the buffer holds a table of descriptors (section
/// 2.6.5.3); only allowed with VIRTIO_F_RING_INDIRECT_DESC, never offered.
pub const VIRTQ_DESC_F_INDIRECT: u16 = 4;
/// Available-ring flag: the driver asks not to be interrupted (section
/// 2.6.7, without VIRTIO_F_EVENT_IDX).
pub const VIRTQ_AVAIL_F_NO_INTERRUPT: u16 = 1;

/// Size of one descriptor table entry.
const DESC_SIZE: u64 = 16;
/// Offset of `ring[]` in the available and used rings (after flags, idx).
const RING_OFFSET: u64 = 4;
/// Offset of `idx` in the available and used rings.
const IDX_OFFSET: u64 = 2;
/// Size of one used-ring element.
const USED_ELEM_SIZE: u64 = 8;

/// One descriptor table entry (section 2.6.5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Desc {
    pub addr: u64,
    pub len: u32,
    pub flags: u16,
    pub next: u16,
}

impl Desc {
    /// Whether the buffer is device write-only.
    #[inline]
    pub fn is_write(&self) -> bool {
        self.flags & VIRTQ_DESC_F_WRITE != 0
    }
}

/// A transport-level violation by the driver: the device cannot go on with
/// the queue and asks for a reset (section 2.1.1, DEVICE_NEEDS_RESET).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    /// QueueNum is zero, above QueueNumMax or not a power of 2 (section 2.6:
    /// "Queue Size value is always a power of 2").
    BadSize(u16),
    /// A ring is misaligned (section 2.6, alignment table) or not wholly in
    /// RAM.
    RingOutsideRam,
    /// The available ring names a descriptor beyond the queue size.
    HeadOutOfRange(u16),
    /// A descriptor's `next` is beyond the queue size.
    NextOutOfRange(u16),
    /// The chain is longer than the queue size: it loops (section 2.6.5.2:
    /// "the driver MUST ensure that there are no loops").
    ChainTooLong,
    /// An indirect descriptor, though VIRTIO_F_RING_INDIRECT_DESC was not
    /// negotiated (section 2.6.5.3.1).
    Indirect,
    /// The available index moved ahead by more than the queue size.
    AvailIdxJump { avail_idx: u16, last_avail_idx: u16 },
}

/// The state of one split virtqueue as the transport configures it.
#[derive(Debug, Clone)]
pub struct SplitQueue {
    /// Queue Size (QueueNum).
    pub num: u16,
    /// QueueReady.
    pub ready: bool,
    /// Descriptor table (QueueDescLow/High).
    pub desc_addr: u64,
    /// Available ring (QueueDriverLow/High).
    pub driver_addr: u64,
    /// Used ring (QueueDeviceLow/High).
    pub device_addr: u64,
    /// The next available-ring index the device will consume.
    last_avail_idx: u16,
    /// The device's copy of the used ring's `idx`.
    used_idx: u16,
}

impl Default for SplitQueue {
    fn default() -> SplitQueue {
        SplitQueue {
            num: QUEUE_NUM_MAX,
            ready: false,
            desc_addr: 0,
            driver_addr: 0,
            device_addr: 0,
            last_avail_idx: 0,
            used_idx: 0,
        }
    }
}

/// `base + off`, or `RingOutsideRam` when it overflows.
#[inline]
fn at(base: u64, off: u64) -> Result<u64, QueueError> {
    base.checked_add(off).ok_or(QueueError::RingOutsideRam)
}

fn read16(ram: &Ram, pa: u64) -> Result<u16, QueueError> {
    ram.read_pa::<2>(pa)
        .map(|v| v as u16)
        .ok_or(QueueError::RingOutsideRam)
}

impl SplitQueue {
    /// Checks the size and that the three rings are aligned and wholly in
    /// RAM (section 2.6, "Virtqueue Part / Alignment / Size" table).
    pub fn check_layout(&self, ram: &Ram) -> Result<(), QueueError> {
        let n = self.num;
        if n == 0 || n > QUEUE_NUM_MAX || !n.is_power_of_two() {
            return Err(QueueError::BadSize(n));
        }
        let n = u64::from(n);
        let rings = [
            (self.desc_addr, DESC_SIZE * n, 16),
            (self.driver_addr, RING_OFFSET + 2 * n + 2, 2),
            (self.device_addr, RING_OFFSET + USED_ELEM_SIZE * n + 2, 4),
        ];
        for (addr, len, align) in rings {
            if addr % align != 0 || ram.offset(addr, len).is_none() {
                return Err(QueueError::RingOutsideRam);
            }
        }
        Ok(())
    }

    /// The next descriptor head the driver made available, if any
    /// (section 2.6.6); consumes it.
    pub fn pop_avail(&mut self, ram: &Ram) -> Result<Option<u16>, QueueError> {
        if self.num == 0 {
            return Err(QueueError::BadSize(0));
        }
        let avail_idx = read16(ram, at(self.driver_addr, IDX_OFFSET)?)?;
        let pending = avail_idx.wrapping_sub(self.last_avail_idx);
        if pending == 0 {
            return Ok(None);
        }
        if pending > self.num {
            return Err(QueueError::AvailIdxJump {
                avail_idx,
                last_avail_idx: self.last_avail_idx,
            });
        }
        let slot = u64::from(self.last_avail_idx % self.num);
        let head = read16(ram, at(self.driver_addr, RING_OFFSET + 2 * slot)?)?;
        if head >= self.num {
            return Err(QueueError::HeadOutOfRange(head));
        }
        self.last_avail_idx = self.last_avail_idx.wrapping_add(1);
        Ok(Some(head))
    }

    /// Reads the descriptor chain starting at `head` into `chain`
    /// (section 2.6.5): at most Queue Size descriptors.
    pub fn read_chain(
        &self,
        ram: &Ram,
        head: u16,
        chain: &mut Vec<Desc>,
    ) -> Result<(), QueueError> {
        chain.clear();
        let mut i = head;
        loop {
            if chain.len() >= usize::from(self.num) {
                return Err(QueueError::ChainTooLong);
            }
            if i >= self.num {
                return Err(if chain.is_empty() {
                    QueueError::HeadOutOfRange(i)
                } else {
                    QueueError::NextOutOfRange(i)
                });
            }
            let pa = at(self.desc_addr, DESC_SIZE * u64::from(i))?;
            let field = |off: u64, f: fn(&Ram, u64) -> Option<u64>| {
                f(ram, at(pa, off)?).ok_or(QueueError::RingOutsideRam)
            };
            let d = Desc {
                addr: field(0, Ram::read_pa::<8>)?,
                len: field(8, Ram::read_pa::<4>)? as u32,
                flags: field(12, Ram::read_pa::<2>)? as u16,
                next: field(14, Ram::read_pa::<2>)? as u16,
            };
            if d.flags & VIRTQ_DESC_F_INDIRECT != 0 {
                return Err(QueueError::Indirect);
            }
            chain.push(d);
            if d.flags & VIRTQ_DESC_F_NEXT == 0 {
                return Ok(());
            }
            i = d.next;
        }
    }

    /// Returns the chain at `head` to the driver with `len` bytes written
    /// (section 2.6.8): the element first, then the used `idx`.
    pub fn push_used(&mut self, ram: &mut Ram, head: u16, len: u32) -> Result<(), QueueError> {
        if self.num == 0 {
            return Err(QueueError::BadSize(0));
        }
        let slot = u64::from(self.used_idx % self.num);
        let elem = at(self.device_addr, RING_OFFSET + USED_ELEM_SIZE * slot)?;
        ram.write_pa::<4>(elem, u64::from(head))
            .ok_or(QueueError::RingOutsideRam)?;
        ram.write_pa::<4>(at(elem, 4)?, u64::from(len))
            .ok_or(QueueError::RingOutsideRam)?;
        let next = self.used_idx.wrapping_add(1);
        ram.write_pa::<2>(at(self.device_addr, IDX_OFFSET)?, u64::from(next))
            .ok_or(QueueError::RingOutsideRam)?;
        self.used_idx = next;
        Ok(())
    }

    /// Whether the driver asked for no used-buffer notifications (section
    /// 2.6.7.2: VIRTQ_AVAIL_F_NO_INTERRUPT). Unreadable flags count as no.
    pub fn interrupt_suppressed(&self, ram: &Ram) -> bool {
        read16(ram, self.driver_addr).is_ok_and(|f| f & VIRTQ_AVAIL_F_NO_INTERRUPT != 0)
    }

    /// The next available-ring index the device will consume.
    pub fn last_avail_idx(&self) -> u16 {
        self.last_avail_idx
    }
    /// The used ring's `idx` as last written by the device.
    pub fn used_idx(&self) -> u16 {
        self.used_idx
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const BASE: u64 = 0x8000_0000;

    fn queue(num: u16, desc: u64, avail: u64, used: u64) -> SplitQueue {
        SplitQueue {
            num,
            desc_addr: desc,
            driver_addr: avail,
            device_addr: used,
            ..SplitQueue::default()
        }
    }

    #[test]
    fn layout_checks_size_alignment_and_ram() {
        let ram = Ram::new(BASE, 0x4000);
        let ok = (BASE, BASE + 0x1000, BASE + 0x2000);
        let cases: &[(u16, (u64, u64, u64), bool)] = &[
            (8, ok, true),
            (QUEUE_NUM_MAX, ok, true),
            (0, ok, false),
            (6, ok, false),
            (QUEUE_NUM_MAX * 2, ok, false),
            (8, (BASE + 8, ok.1, ok.2), false),
            (8, (ok.0, BASE + 0x1001, ok.2), false),
            (8, (ok.0, ok.1, BASE + 0x2002), false),
            (8, (ok.0, ok.1, BASE + 0x4000 - 0x40), false),
            (8, (u64::MAX - 15, ok.1, ok.2), false),
            (8, (0, ok.1, ok.2), false),
        ];
        for &(num, (d, a, u), want) in cases {
            let q = queue(num, d, a, u);
            assert_eq!(
                q.check_layout(&ram).is_ok(),
                want,
                "num {num} rings {d:#x} {a:#x} {u:#x}"
            );
        }
    }

    #[test]
    fn a_looping_chain_ends_as_too_long() {
        let mut ram = Ram::new(BASE, 0x4000);
        let q = queue(4, BASE, BASE + 0x1000, BASE + 0x2000);
        // 0 -> 1 -> 0 -> ...
        for (i, next) in [(0u64, 1u64), (1, 0)] {
            ram.write::<2>((i * 16 + 12) as usize, u64::from(VIRTQ_DESC_F_NEXT))
                .unwrap();
            ram.write::<2>((i * 16 + 14) as usize, next).unwrap();
        }
        let mut chain = Vec::new();
        assert_eq!(
            q.read_chain(&ram, 0, &mut chain),
            Err(QueueError::ChainTooLong)
        );
        assert_eq!(chain.len(), 4);
        // next beyond the queue size
        ram.write::<2>(14, 9).unwrap();
        assert_eq!(
            q.read_chain(&ram, 0, &mut chain),
            Err(QueueError::NextOutOfRange(9))
        );
        assert_eq!(
            q.read_chain(&ram, 4, &mut chain),
            Err(QueueError::HeadOutOfRange(4))
        );
    }
}
