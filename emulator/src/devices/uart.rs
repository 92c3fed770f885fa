//! A transmit-only NS16550A UART at 0x1000_0000 (register shift 0, as on
//! QEMU `virt`). Bytes written to THR go to the console; LSR always reports
//! the transmitter empty; there is no input yet.

use super::console::Console;

#[derive(Debug, Default)]
pub struct Uart {
    ier: u8,
    lcr: u8,
    mcr: u8,
    scr: u8,
    dll: u8,
    dlm: u8,
}

const LSR_THRE: u64 = 1 << 5;
const LSR_TEMT: u64 = 1 << 6;

impl Uart {
    fn dlab(&self) -> bool {
        self.lcr & 0x80 != 0
    }
    pub fn load(&mut self, off: u64, _size: u64) -> Option<u64> {
        Some(match off {
            0 if self.dlab() => self.dll as u64,
            0 => 0,
            1 if self.dlab() => self.dlm as u64,
            1 => self.ier as u64,
            2 => 0xc1, // IIR: FIFOs enabled, no interrupt pending
            3 => self.lcr as u64,
            4 => self.mcr as u64,
            5 => LSR_THRE | LSR_TEMT,
            6 => 0,
            7 => self.scr as u64,
            _ => 0,
        })
    }
    pub fn store(&mut self, off: u64, _size: u64, val: u64, console: &mut Console) -> Option<()> {
        let b = val as u8;
        match off {
            0 if self.dlab() => self.dll = b,
            0 => console.put(b),
            1 if self.dlab() => self.dlm = b,
            1 => self.ier = b & 0x0f,
            3 => self.lcr = b,
            4 => self.mcr = b,
            7 => self.scr = b,
            _ => {}
        }
        Some(())
    }
}
