//! The SiFive test device (QEMU `virt` "sifive,test1", "sifive,test0",
//! "syscon"), the board's power-off and reboot register: a 16- or 32-bit
//! store at offset 0 of 0x5555 powers off (exit 0), 0x3333 | code << 16
//! fails with `code` (1 when 0), 0x7777 asks for a reboot
//! ([`MachineEvent::Reboot`]); other values are ignored. OpenSBI 1.1
//! stores 0x5555 as 16 bits; OpenSBI 1.6 and Linux find the register
//! through the `syscon-poweroff` and `syscon-reboot` device-tree nodes
//! (`emulator::board`). Loads read 0. Byte and 64-bit accesses are access
//! faults, as on QEMU (2 to 4 bytes).

use crate::devices::MachineEvent;

#[derive(Debug, Default)]
pub struct Finisher;

pub const FINISHER_PASS: u64 = 0x5555;
pub const FINISHER_FAIL: u64 = 0x3333;
pub const FINISHER_RESET: u64 = 0x7777;

impl Finisher {
    pub fn load(&self, _off: u64, size: u64) -> Option<u64> {
        matches!(size, 2 | 4).then_some(0)
    }
    /// `Some(event)` when the store is accepted; the inner value is the
    /// event it causes, if any.
    pub fn store(&mut self, off: u64, size: u64, val: u64) -> Option<Option<MachineEvent>> {
        if !matches!(size, 2 | 4) {
            return None;
        }
        if off != 0 {
            return Some(None);
        }
        let code = ((val >> 16) & 0xffff) as i32;
        Some(match val & 0xffff {
            FINISHER_PASS => Some(MachineEvent::Exit(0)),
            FINISHER_FAIL => Some(MachineEvent::Exit(if code == 0 { 1 } else { code })),
            FINISHER_RESET => Some(MachineEvent::Reboot),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_of_two_and_four_bytes_power_off_fail_or_reboot() {
        let cases = [
            (0, 2, 0x5555, Some(Some(MachineEvent::Exit(0)))),
            (0, 4, 0x5555, Some(Some(MachineEvent::Exit(0)))),
            (0, 4, 0x002a_3333, Some(Some(MachineEvent::Exit(42)))),
            (0, 4, 0x3333, Some(Some(MachineEvent::Exit(1)))),
            (0, 2, 0x3333, Some(Some(MachineEvent::Exit(1)))),
            (0, 4, 0x7777, Some(Some(MachineEvent::Reboot))),
            (0, 4, 0x1234, Some(None)),
            (4, 4, 0x5555, Some(None)),
            (0, 1, 0x55, None),
            (0, 8, 0x5555, None),
        ];
        for (off, size, val, want) in cases {
            assert_eq!(
                Finisher.store(off, size, val),
                want,
                "{off} {size} {val:#x}"
            );
        }
        assert_eq!(Finisher.load(0, 4), Some(0));
        assert_eq!(Finisher.load(0, 8), None);
    }
}
