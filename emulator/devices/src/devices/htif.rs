//! HTIF, the host-target interface of Spike and the riscv-tests: two 8-byte
//! words in RAM, `tohost` and `fromhost`, found through the ELF symbol
//! table and recognised by *physical* address, so a supervisor may write
//! them through any virtual alias.
//!
//! A command is `dev << 56 | cmd << 48 | payload`:
//! - device 0, command 0, payload bit 0 set: exit with code `payload >> 1`;
//! - device 1, command 1: put the byte `payload & 0xff` on the console.
//!
//! After handling a command the host clears `tohost` (the guest spins until
//! it does). A command may arrive as one 64-bit store or as two 32-bit
//! stores, low word first: a store that writes the high word completes it;
//! a lone low-word store is taken up at the next poll.

use super::console::Console;
use crate::devices::MachineEvent;
use crate::ram::Ram;

/// HTIF state; absent (no `tohost` symbol) by default.
#[derive(Debug, Default)]
pub struct Htif {
    tohost: Option<u64>,
    fromhost: Option<u64>,
    pending: bool,
}

impl Htif {
    /// Enables HTIF at the physical addresses of the two symbols.
    pub fn new(tohost: u64, fromhost: Option<u64>) -> Htif {
        Htif {
            tohost: Some(tohost),
            fromhost,
            pending: false,
        }
    }
    pub fn tohost(&self) -> Option<u64> {
        self.tohost
    }
    pub fn fromhost(&self) -> Option<u64> {
        self.fromhost
    }
    /// True when a store of `size` bytes at `pa` overlaps `tohost`.
    #[inline]
    pub fn covers(&self, pa: u64, size: u64) -> bool {
        match self.tohost {
            Some(t) => pa < t.wrapping_add(8) && pa.wrapping_add(size) > t,
            None => false,
        }
    }
    /// True when a lone low-word store is waiting for [`Htif::poll`].
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// Called after a store overlapped `tohost`.
    pub fn on_store(
        &mut self,
        ram: &mut Ram,
        console: &mut Console,
        pa: u64,
        size: u64,
    ) -> Option<MachineEvent> {
        let t = self.tohost?;
        if pa.wrapping_add(size) > t + 4 {
            self.pending = false;
            self.handle(ram, console)
        } else {
            self.pending = true;
            None
        }
    }

    /// Handles a command left by a lone low-word store.
    pub fn poll(&mut self, ram: &mut Ram, console: &mut Console) -> Option<MachineEvent> {
        if !self.pending {
            return None;
        }
        self.pending = false;
        self.handle(ram, console)
    }

    fn handle(&mut self, ram: &mut Ram, console: &mut Console) -> Option<MachineEvent> {
        let t = self.tohost?;
        let off = ram.offset(t, 8)?;
        let value = ram.read::<8>(off)?;
        if value == 0 {
            return None;
        }
        let dev = value >> 56;
        let cmd = (value >> 48) & 0xff;
        let payload = value & 0xffff_ffff_ffff;
        let event = match (dev, cmd) {
            (0, 0) if payload & 1 == 1 => Some(MachineEvent::Exit((payload >> 1) as i32)),
            (1, 1) => {
                console.put(payload as u8);
                None
            }
            _ => {
                log::warn!(
                    "htif: unsupported command {value:#018x} (device {dev}, command {cmd}) ignored"
                );
                None
            }
        };
        ram.write::<8>(off, 0);
        event
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn two_word_exit_completes_on_the_high_word() {
        let mut ram = Ram::new(0x8000_0000, 0x2000);
        let mut con = Console::Capture(Vec::new());
        let mut h = Htif::new(0x8000_1000, Some(0x8000_1040));
        ram.write::<4>(0x1000, (5 << 1) | 1).unwrap();
        assert!(h.covers(0x8000_1000, 4));
        assert_eq!(h.on_store(&mut ram, &mut con, 0x8000_1000, 4), None);
        assert!(h.is_pending());
        ram.write::<4>(0x1004, 0).unwrap();
        assert_eq!(
            h.on_store(&mut ram, &mut con, 0x8000_1004, 4),
            Some(MachineEvent::Exit(5))
        );
        assert_eq!(ram.read::<8>(0x1000), Some(0));
    }

    #[test]
    fn putchar_prints_and_clears_tohost() {
        let mut ram = Ram::new(0x8000_0000, 0x2000);
        let mut con = Console::Capture(Vec::new());
        let mut h = Htif::new(0x8000_1000, None);
        ram.write::<8>(0x1000, (1 << 56) | (1 << 48) | b'x' as u64)
            .unwrap();
        assert_eq!(h.on_store(&mut ram, &mut con, 0x8000_1000, 8), None);
        assert_eq!(con.captured(), b"x");
        assert_eq!(ram.read::<8>(0x1000), Some(0));
        assert!(!h.covers(0x8000_1008, 8));
        assert!(h.covers(0x8000_0ffc, 8));
    }
}
