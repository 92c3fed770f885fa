//! The system bus: RAM and the devices of [`crate::board`] (QEMU `virt`'s
//! layout, so the same guest software runs on both), and the interrupt
//! lines from the devices through the PLIC to the hart.
//!
//! RAM is tried first and inline; every device access goes through one
//! cold path that decodes the address with the board's list. After every
//! device access the lines are sampled again ([`Bus::update_interrupts`]),
//! so [`Bus::external_interrupts`] always holds what the PLIC drives into
//! mip.MEIP and mip.SEIP.

use crate::board::{self, Device};
pub use crate::devices::MachineEvent;
use crate::devices::{
    clint::Clint, console::Console, finisher::Finisher, host_input::HostInput, htif::Htif,
    plic::Plic, rtc::Rtc, uart::Uart,
};
use mmu::{PhysAddr, PtePort};
pub use rvmmu_devices::ram::{self, Ram};

mod host_wait;

pub const FINISHER_BASE: u64 = board::slot(Device::Test).base;
pub const FINISHER_SIZE: u64 = board::slot(Device::Test).size;
pub const CLINT_BASE: u64 = board::slot(Device::Clint).base;
pub const CLINT_SIZE: u64 = board::slot(Device::Clint).size;
pub const UART_BASE: u64 = board::slot(Device::Uart).base;
pub const UART_SIZE: u64 = board::slot(Device::Uart).size;
pub const VIRTIO_BASE: u64 = board::slot(Device::Virtio).base;
pub const VIRTIO_SIZE: u64 = board::slot(Device::Virtio).size;
pub const VM_EVENTS_BASE: u64 = board::slot(Device::VmEvents).base;
pub const VM_EVENTS_SIZE: u64 = board::slot(Device::VmEvents).size;
pub const HOSTIO_BASE: u64 = board::slot(Device::HostIo).base;
pub const HOSTIO_SIZE: u64 = board::slot(Device::HostIo).size;
pub const RAM_BASE: u64 = board::RAM_BASE;

/// mip.SEIP and mip.MEIP (Privileged 20211203, section 3.1.9).
const MIP_SEIP: u64 = 1 << 9;
const MIP_MEIP: u64 = 1 << 11;

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
    /// The host-I/O device of user programs (`rvmmu run`).
    pub hostio: Option<crate::devices::hostio::HostIo>,
    /// The VM event port of the recorder (`--report`, `rvmmu policies`).
    pub vm_events: Option<crate::devices::vm_events::VmEvents>,
    pub clint: Clint,
    pub plic: Plic,
    pub uart: Uart,
    pub rtc: Rtc,
    pub finisher: Finisher,
    pub htif: Htif,
    /// Where guest console output goes.
    pub console: Console,
    /// The hart's current time base value, updated by the hart before it
    /// touches a device or reads `time` (from retired instructions or the
    /// host clock: `--time`, see `hart/time.rs`).
    pub now: u64,
    /// Set by a device that needs the run loop's attention.
    pub event: Option<MachineEvent>,
    /// Set by every device or HTIF store: the hart re-examines interrupts
    /// and events before its next instruction, then clears it.
    pub attention: bool,
    /// mip.MEIP and mip.SEIP as the PLIC drives them (PLIC contexts 0 and
    /// 1), kept current by [`Bus::update_interrupts`].
    external: u64,
}

impl Bus {
    /// A bus with `ram_size` bytes of RAM at [`RAM_BASE`] and every device.
    pub fn new(ram_size: usize) -> Bus {
        Bus {
            ram: Ram::new(RAM_BASE, ram_size),
            virtio: None,
            hostio: None,
            vm_events: None,
            clint: Clint::default(),
            plic: Plic::default(),
            uart: Uart::default(),
            rtc: Rtc::default(),
            finisher: Finisher,
            htif: Htif::default(),
            console: Console::default(),
            now: 0,
            event: None,
            attention: false,
            external: 0,
        }
    }

    /// Connects host stdin to the UART's receiver; the stdin reader starts
    /// when the guest first consumes console input (see
    /// [`crate::devices::host_input`]).
    pub fn connect_console_input(&mut self) {
        self.uart.connect_input(HostInput::stdin());
    }

    /// Starts reading host stdin now (after [`Bus::connect_console_input`]),
    /// for guests that poll LSR for input before they ever read RBR or
    /// enable the RX interrupt: an SBI firmware's `console_getchar`, with
    /// Linux on `hvc0`. `rvmmu boot` does this; `rvmmu run` waits for the
    /// guest, so that programs that never read leave the terminal alone.
    pub fn start_console_input(&mut self) {
        self.uart.want_input();
    }

    /// mip.MEIP | mip.SEIP as the PLIC drives them now.
    #[inline]
    pub fn external_interrupts(&self) -> u64 {
        self.external
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
        let Some((device, off)) = board::decode(pa, size) else {
            return Err(AccessFault);
        };
        let r = match device {
            Device::Clint => self.clint.load(off, size, now),
            Device::Plic => self.plic.load(off, size),
            Device::Uart => self.uart.load(off, size, &mut self.console),
            Device::Rtc => self.rtc.load(off, size, now),
            Device::Test => self.finisher.load(off, size),
            Device::Virtio => self.virtio.as_mut().and_then(|v| v.load(off, size)),
            Device::VmEvents => self.vm_events.as_ref().and_then(|v| v.load(off, size)),
            Device::HostIo => self.hostio.as_mut().and_then(|h| h.load(off, size)),
        };
        self.update_interrupts();
        r.ok_or(AccessFault)
    }

    #[cold]
    fn mmio_store(&mut self, pa: u64, size: u64, val: u64) -> Result<(), AccessFault> {
        self.attention = true;
        let now = self.now;
        let Some((device, off)) = board::decode(pa, size) else {
            return Err(AccessFault);
        };
        let r = match device {
            Device::Clint => self.clint.store(off, size, val, now),
            Device::Plic => self.plic.store(off, size, val),
            Device::Uart => self.uart.store(off, size, val, &mut self.console),
            Device::Rtc => self.rtc.store(off, size, val, now),
            Device::Virtio => match self.virtio.as_mut() {
                Some(v) => v.store(off, size, val, &mut self.ram),
                None => None,
            },
            Device::VmEvents => self
                .vm_events
                .as_mut()
                .and_then(|v| v.store(off, size, val)),
            Device::HostIo => match self.hostio.as_mut() {
                Some(h) => h.store(off, size, val, &mut self.ram, &mut self.console),
                None => None,
            },
            Device::Test => match self.finisher.store(off, size, val) {
                Some(Some(ev)) => {
                    self.event = Some(ev);
                    Some(())
                }
                Some(None) => Some(()),
                None => None,
            },
        };
        self.update_interrupts();
        r.ok_or(AccessFault)
    }

    /// Samples every device's interrupt line into the PLIC and the PLIC's
    /// context outputs into [`Bus::external_interrupts`]. Off the hot
    /// path: after device accesses and at the hart's check points.
    pub fn update_interrupts(&mut self) {
        let virtio = self.virtio.as_ref().is_some_and(|v| v.interrupt_pending());
        let lines = [
            (board::irq(Device::Uart), self.uart.irq_line()),
            (board::irq(Device::Rtc), self.rtc.irq_line()),
            (board::irq(Device::Virtio), virtio),
        ];
        for (source, high) in lines {
            self.plic.set_level(source, high);
        }
        let mut ext = 0;
        if self.plic.output(crate::devices::plic::CONTEXT_M) {
            ext |= MIP_MEIP;
        }
        if self.plic.output(crate::devices::plic::CONTEXT_S) {
            ext |= MIP_SEIP;
        }
        self.external = ext;
    }

    /// What devices do on their own between instructions: host console
    /// input arriving, the RTC alarm. Called by the hart at its check
    /// points (at least every 65,536 instructions); costs one atomic load
    /// and a test when nothing happens.
    #[inline]
    pub fn poll_devices(&mut self) {
        let input = self.uart.input().is_some_and(HostInput::has_bytes);
        if input || self.rtc.alarm_armed() {
            self.poll_devices_slow();
        }
    }

    #[cold]
    fn poll_devices_slow(&mut self) {
        self.uart.poll_input();
        self.rtc.poll(self.now);
        self.update_interrupts();
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod virtio_tests;
