//! The physical address map: QEMU's `virt` board layout, so the same guest
//! software runs on both.
//!
//! ```text
//! 0x0010_0000 .. 0x0010_1000   SiFive test finisher (exit codes)
//! 0x0200_0000 .. 0x0201_0000   CLINT (msip, mtimecmp, mtime)
//! 0x1000_0000 .. 0x1000_0100   NS16550A UART
//! 0x1000_1000 .. 0x1000_2000   virtio-blk on virtio-mmio (with --swap)
//! 0x8000_0000 .. +--mem        RAM (tohost/fromhost for HTIF live here)
//! ```
//! Anything else is not memory: an access raises the access fault of its
//! kind (Privileged 20211203, section 3.6.1, PMA checks).

pub use crate::devices::MachineEvent;
use crate::devices::{clint::Clint, console::Console, finisher::Finisher, htif::Htif, uart::Uart};
pub use crate::ram::{self, Ram};
use mmu::{PhysAddr, PtePort};

pub const FINISHER_BASE: u64 = 0x0010_0000;
pub const FINISHER_SIZE: u64 = 0x1000;
pub const CLINT_BASE: u64 = 0x0200_0000;
pub const CLINT_SIZE: u64 = 0x1_0000;
pub const UART_BASE: u64 = 0x1000_0000;
pub const UART_SIZE: u64 = 0x100;
pub const VIRTIO_BASE: u64 = 0x1000_1000;
pub const VIRTIO_SIZE: u64 = crate::devices::virtio::MMIO_SIZE;
pub const RAM_BASE: u64 = 0x8000_0000;

/// An access to a physical address that no memory or device answers for,
/// or that a device refuses (wrong width). The hart raises the access
/// fault of the access's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessFault;

/// The system bus: RAM and the devices.
#[derive(Debug)]
pub struct Bus {
    pub ram: Ram,
    /// The swap disk (virtio-blk), present with `--swap`.
    pub virtio: Option<crate::devices::virtio::VirtioBlk>,
    pub clint: Clint,
    pub uart: Uart,
    pub finisher: Finisher,
    pub htif: Htif,
    /// Where guest console output goes.
    pub console: Console,
    /// The hart's current time base value, updated by the hart before it
    /// touches a device or reads `time` (mtime advances with retired
    /// instructions, so runs are deterministic).
    pub now: u64,
    /// Set by a device that needs the run loop's attention.
    pub event: Option<MachineEvent>,
    /// Set by every device or HTIF store: the hart re-examines interrupts
    /// and events before its next instruction, then clears it.
    pub attention: bool,
}

impl Bus {
    /// A bus with `ram_size` bytes of RAM at [`RAM_BASE`] and every device.
    pub fn new(ram_size: usize) -> Bus {
        Bus {
            ram: Ram::new(RAM_BASE, ram_size),
            virtio: None,
            clint: Clint::default(),
            uart: Uart::default(),
            finisher: Finisher,
            htif: Htif::default(),
            console: Console::default(),
            now: 0,
            event: None,
            attention: false,
        }
    }

    /// Loads `size` (1, 2, 4, 8) bytes at `pa`, zero-extended.
    #[inline]
    pub fn load(&mut self, pa: u64, size: u64) -> Result<u64, AccessFault> {
        if let Some(off) = self.ram.offset(pa, size) {
            let v = match size {
                1 => self.ram.read::<1>(off),
                2 => self.ram.read::<2>(off),
                4 => self.ram.read::<4>(off),
                _ => self.ram.read::<8>(off),
            };
            return v.ok_or(AccessFault);
        }
        self.mmio_load(pa, size)
    }

    /// Stores the low `size` (1, 2, 4, 8) bytes of `val` at `pa`.
    #[inline]
    pub fn store(&mut self, pa: u64, size: u64, val: u64) -> Result<(), AccessFault> {
        if let Some(off) = self.ram.offset(pa, size) {
            let r = match size {
                1 => self.ram.write::<1>(off, val),
                2 => self.ram.write::<2>(off, val),
                4 => self.ram.write::<4>(off, val),
                _ => self.ram.write::<8>(off, val),
            };
            if self.htif.covers(pa, size) {
                self.htif_store(pa, size);
            }
            return r.ok_or(AccessFault);
        }
        self.mmio_store(pa, size, val)
    }

    /// Called after a store to RAM that hit a flagged page (see
    /// [`Ram::watch`]): hands HTIF the stores to `tohost`.
    #[cold]
    pub fn after_ram_store(&mut self, pa: u64, size: u64) {
        if self.htif.covers(pa, size) {
            self.htif_store(pa, size);
        }
    }

    /// Flags the RAM page of HTIF `tohost`, so that stores which take the
    /// RAM fast path (`Ram::write_pa`) report it.
    pub fn watch_devices(&mut self) {
        if let Some(t) = self.htif.tohost() {
            self.ram.watch(t);
        }
    }

    #[cold]
    fn htif_store(&mut self, pa: u64, size: u64) {
        self.attention = true;
        if let Some(ev) = self
            .htif
            .on_store(&mut self.ram, &mut self.console, pa, size)
        {
            self.event = Some(ev);
        }
    }

    /// Checks a pending HTIF command that arrived as a lone low-word store.
    #[cold]
    pub fn poll_htif(&mut self) {
        if let Some(ev) = self.htif.poll(&mut self.ram, &mut self.console) {
            self.event = Some(ev);
        }
    }

    #[cold]
    fn mmio_load(&mut self, pa: u64, size: u64) -> Result<u64, AccessFault> {
        let now = self.now;
        let r = if let Some(off) = within(pa, size, CLINT_BASE, CLINT_SIZE) {
            self.clint.load(off, size, now)
        } else if let Some(off) = within(pa, size, UART_BASE, UART_SIZE) {
            self.uart.load(off, size)
        } else if let Some(off) = within(pa, size, FINISHER_BASE, FINISHER_SIZE) {
            self.finisher.load(off, size)
        } else if let (Some(off), Some(v)) = (
            within(pa, size, VIRTIO_BASE, VIRTIO_SIZE),
            self.virtio.as_mut(),
        ) {
            v.load(off, size)
        } else {
            None
        };
        r.ok_or(AccessFault)
    }

    #[cold]
    fn mmio_store(&mut self, pa: u64, size: u64, val: u64) -> Result<(), AccessFault> {
        self.attention = true;
        let now = self.now;
        let r = if let Some(off) = within(pa, size, CLINT_BASE, CLINT_SIZE) {
            self.clint.store(off, size, val, now)
        } else if let Some(off) = within(pa, size, UART_BASE, UART_SIZE) {
            self.uart.store(off, size, val, &mut self.console)
        } else if let (Some(off), Some(v)) = (
            within(pa, size, VIRTIO_BASE, VIRTIO_SIZE),
            self.virtio.as_mut(),
        ) {
            v.store(off, size, val, &mut self.ram)
        } else if let Some(off) = within(pa, size, FINISHER_BASE, FINISHER_SIZE) {
            match self.finisher.store(off, size, val) {
                Some(Some(ev)) => {
                    self.event = Some(ev);
                    Some(())
                }
                Some(None) => Some(()),
                None => None,
            }
        } else {
            None
        };
        r.ok_or(AccessFault)
    }
}

/// The offset of `[pa, pa+size)` inside the window `[base, base+len)`.
#[inline]
fn within(pa: u64, size: u64, base: u64, len: u64) -> Option<u64> {
    let off = pa.wrapping_sub(base);
    (off < len && size <= len - off).then_some(off)
}

impl PtePort for Bus {
    /// PTEs live in RAM only; a PTE address in a device or in a hole is an
    /// access fault (section 4.3.2, step 2).
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        let off = self.ram.offset(pa.0, 8)?;
        self.ram.read::<8>(off)
    }
    /// One hart: a read-compare-write is atomic.
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        let off = self.ram.offset(pa.0, 8)?;
        if self.ram.read::<8>(off)? != old {
            return Some(false);
        }
        self.ram.write::<8>(off, new)?;
        Some(true)
    }
}
