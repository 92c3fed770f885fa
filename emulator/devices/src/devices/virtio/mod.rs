//! virtio 1.1 (OASIS, 2019) block device on the virtio-mmio transport,
//! version 2, as QEMU `virt` places them (first slot at 0x1000_1000, 0x1000
//! bytes each):
//!
//! - [`mmio`]: the transport registers and device status (section 4.2);
//! - [`queue`]: the split virtqueue (section 2.6);
//! - [`blk`]: block requests and the backing store (section 5.2).
//!
//! Requests run synchronously on the QueueNotify write. Guest-supplied
//! addresses, indices and lengths are all checked: a malformed request
//! completes with VIRTIO_BLK_S_IOERR/UNSUPP, a broken queue sets
//! DEVICE_NEEDS_RESET; neither panics nor reaches outside `Ram` or the
//! backing's size.

pub mod blk;
pub mod mmio;
pub mod queue;

pub use blk::{Backing, BlkStats};
pub use mmio::{VirtioBlk, MMIO_SIZE};

#[cfg(any(test, feature = "test-driver"))]
#[doc(hidden)]
pub mod test_driver;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
