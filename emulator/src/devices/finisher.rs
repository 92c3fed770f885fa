//! The SiFive test finisher (QEMU `virt` "sifive,test0"): a 32-bit store of
//! 0x5555 ends the run with status 0, 0x3333 | code << 16 with `code`.

use crate::devices::MachineEvent;

#[derive(Debug, Default)]
pub struct Finisher;

const FINISHER_PASS: u64 = 0x5555;
const FINISHER_FAIL: u64 = 0x3333;
const FINISHER_RESET: u64 = 0x7777;

impl Finisher {
    pub fn load(&self, _off: u64, _size: u64) -> Option<u64> {
        Some(0)
    }
    /// `Some(event)` when the store is accepted; the inner value is the
    /// event it causes, if any.
    pub fn store(&mut self, off: u64, size: u64, val: u64) -> Option<Option<MachineEvent>> {
        if off != 0 || size < 4 {
            return Some(None);
        }
        let code = ((val >> 16) & 0xffff) as i32;
        Some(match val & 0xffff {
            FINISHER_PASS => Some(MachineEvent::Exit(0)),
            FINISHER_FAIL => Some(MachineEvent::Exit(if code == 0 { 1 } else { code })),
            FINISHER_RESET => {
                log::warn!("finisher: reset requested; rvmmu stops instead");
                Some(MachineEvent::Exit(0))
            }
            _ => None,
        })
    }
}
