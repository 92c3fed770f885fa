//! The virtio-blk device on the bus: its used-buffer interrupt reaches
//! the PLIC. Moved from `rvmmu-devices`' virtio tests, which cannot build
//! a [`crate::bus::Bus`]; the device is driven by their test driver
//! (`rvmmu-devices`' `test-driver` feature).

use crate::devices::virtio::blk::*;
use crate::devices::virtio::mmio::*;
use crate::devices::virtio::test_driver::*;

#[test]
fn the_used_buffer_interrupt_reaches_the_plic_as_source_1() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    d.submit(0, VIRTIO_BLK_T_FLUSH, 0, &[]);
    d.notify();
    assert!(d.dev.interrupt_pending());
    let mut bus = crate::bus::Bus::new(1 << 16);
    bus.virtio = Some(d.dev);
    // PLIC: source 1 at priority 1, enabled for context 1 (S-mode).
    bus.store(0x0c00_0004, 4, 1).unwrap();
    bus.store(0x0c00_2080, 4, 1 << 1).unwrap();
    assert_eq!(bus.external_interrupts(), 1 << 9, "mip.SEIP");
    assert_eq!(bus.load(0x0c00_1000, 4), Ok(1 << 1), "pending");
    assert_eq!(bus.load(0x0c20_1004, 4), Ok(1), "claim");
    // InterruptACK through the transport, then complete.
    bus.store(0x1000_1000 + INTERRUPT_ACK, 4, u64::from(INT_USED_BUFFER))
        .unwrap();
    bus.store(0x0c20_1004, 4, 1).unwrap();
    assert_eq!(bus.external_interrupts(), 0);
    assert_eq!(bus.load(0x0c00_1000, 4), Ok(0), "the line is low");
}
