//! An NS16550A UART at 0x1000_0000 (register shift 0, as on QEMU `virt`;
//! register semantics as TI's PC16550D datasheet and QEMU's `serial.c`).
//!
//! ```text
//! off  DLAB=0 read   DLAB=0 write   DLAB=1
//!  0   RBR           THR            DLL
//!  1   IER           IER            DLM
//!  2   IIR           FCR
//!  3   LCR           LCR
//!  4   MCR           MCR
//!  5   LSR
//!  6   MSR
//!  7   SCR           SCR
//! ```
//!
//! Transmission is instantaneous: a byte written to THR goes to the
//! console (or, in loopback, to the receiver) and THR is empty again at
//! once, so LSR always shows THRE and TEMT and the THR-empty interrupt is
//! raised again after every write. Received bytes come from host stdin
//! ([`super::host_input`]) into a 16-byte FIFO (1 byte with FIFOs off),
//! taken only when there is room, so there is never an overrun.
//!
//! Interrupts (IIR, highest priority first): line status (never: no
//! errors), received data (FIFO at or above the trigger level, or, with
//! the 4-character timeout taken as zero, any data below it: IIR 0xc),
//! THR empty (set when ETBEI rises or THR empties, cleared by reading IIR
//! while it reports it or by writing THR), modem status (never: no
//! deltas). The line drives PLIC source 10 (see `emulator::board`).

use super::console::Console;
use super::host_input::HostInput;

const IER_ERBFI: u8 = 1 << 0;
const IER_ETBEI: u8 = 1 << 1;
const IER_ELSI: u8 = 1 << 2;
const IER_EDSSI: u8 = 1 << 3;

const IIR_NONE: u8 = 0x01;
const IIR_THRE: u8 = 0x02;
const IIR_RX: u8 = 0x04;
const IIR_RX_TIMEOUT: u8 = 0x0c;
/// IIR bits 7:6 when the FIFOs are enabled.
const IIR_FIFO: u8 = 0xc0;

const FCR_ENABLE: u8 = 1 << 0;
const FCR_CLEAR_RX: u8 = 1 << 1;
const FCR_CLEAR_TX: u8 = 1 << 2;

const LCR_DLAB: u8 = 1 << 7;
const MCR_LOOP: u8 = 1 << 4;

const LSR_DR: u8 = 1 << 0;
const LSR_THRE: u8 = 1 << 5;
const LSR_TEMT: u8 = 1 << 6;

/// MSR without loopback: carrier, data set ready and clear to send (a
/// connected line, as QEMU).
const MSR_CONNECTED: u8 = 0xb0;

/// The receive FIFO's depth.
pub const FIFO_DEPTH: usize = 16;

#[derive(Debug)]
pub struct Uart {
    ier: u8,
    /// FCR as written (enable and trigger bits).
    fcr: u8,
    lcr: u8,
    mcr: u8,
    scr: u8,
    dll: u8,
    dlm: u8,
    rx: [u8; FIFO_DEPTH],
    rx_head: usize,
    rx_len: usize,
    /// The THR-empty interrupt condition.
    thr_pending: bool,
    /// Host console input, if the board has it.
    input: Option<HostInput>,
}

impl Default for Uart {
    fn default() -> Uart {
        Uart {
            ier: 0,
            fcr: 0,
            lcr: 0,
            mcr: 0,
            scr: 0,
            // 115200 baud at QEMU's 1.8432 MHz reference clock divided by 16.
            dll: 0x0c,
            dlm: 0,
            rx: [0; FIFO_DEPTH],
            rx_head: 0,
            rx_len: 0,
            thr_pending: false,
            input: None,
        }
    }
}

impl Uart {
    /// Connects host console input; it is read from the first time the
    /// guest consumes input.
    pub fn connect_input(&mut self, input: HostInput) {
        self.input = Some(input);
    }

    /// The host input, if connected.
    pub fn input(&self) -> Option<&HostInput> {
        self.input.as_ref()
    }

    fn dlab(&self) -> bool {
        self.lcr & LCR_DLAB != 0
    }

    fn fifo_enabled(&self) -> bool {
        self.fcr & FCR_ENABLE != 0
    }

    /// The receiver's capacity: the FIFO, or the one holding register.
    fn capacity(&self) -> usize {
        if self.fifo_enabled() {
            FIFO_DEPTH
        } else {
            1
        }
    }

    /// The FIFO trigger level (FCR bits 7:6).
    fn trigger(&self) -> usize {
        [1, 4, 8, 14][usize::from(self.fcr >> 6)]
    }

    fn push_rx(&mut self, b: u8) {
        if self.rx_len < self.capacity() {
            self.rx[(self.rx_head + self.rx_len) % FIFO_DEPTH] = b;
            self.rx_len += 1;
        }
    }

    fn pop_rx(&mut self) -> u8 {
        if self.rx_len == 0 {
            return 0;
        }
        let b = self.rx[self.rx_head];
        self.rx_head = (self.rx_head + 1) % FIFO_DEPTH;
        self.rx_len -= 1;
        b
    }

    /// Takes queued host input into the receiver while there is room
    /// (not in loopback: the receiver then hears the transmitter only).
    /// Cheap when nothing is queued.
    pub fn poll_input(&mut self) {
        if self.mcr & MCR_LOOP != 0 {
            return;
        }
        let room = self.capacity() - self.rx_len;
        if let Some(mut input) = self.input.take() {
            input.drain(room, |b| self.push_rx(b));
            self.input = Some(input);
        }
    }

    /// Starts host input: the guest consumes console input.
    pub fn want_input(&mut self) {
        if let Some(input) = self.input.as_mut() {
            input.start();
        }
    }

    /// The pending interrupt's IIR identification (bits 3:0).
    fn interrupt_id(&self) -> u8 {
        let rx = self.ier & IER_ERBFI != 0 && self.rx_len > 0;
        if rx && (!self.fifo_enabled() || self.rx_len >= self.trigger()) {
            IIR_RX
        } else if rx {
            IIR_RX_TIMEOUT
        } else if self.ier & IER_ETBEI != 0 && self.thr_pending {
            IIR_THRE
        } else {
            IIR_NONE
        }
    }

    /// The interrupt line (PLIC source 10).
    pub fn irq_line(&self) -> bool {
        self.interrupt_id() != IIR_NONE
    }

    fn lsr(&self) -> u8 {
        let dr = if self.rx_len > 0 { LSR_DR } else { 0 };
        dr | LSR_THRE | LSR_TEMT
    }

    fn msr(&self) -> u8 {
        if self.mcr & MCR_LOOP == 0 {
            return MSR_CONNECTED;
        }
        // Loopback: DTR → DSR, RTS → CTS, OUT1 → RI, OUT2 → DCD.
        let m = self.mcr;
        (m & 0x0c) << 4 | (m & 0x02) << 3 | (m & 0x01) << 5
    }

    /// Loads the register at `off` (any width reads the byte register).
    pub fn load(&mut self, off: u64, _size: u64, console: &mut Console) -> Option<u64> {
        let v = match off {
            0 if self.dlab() => self.dll,
            0 => {
                self.want_input();
                // The guest waits for input: show what it printed so far
                // (a prompt has no newline).
                console.flush();
                let b = self.pop_rx();
                self.poll_input();
                b
            }
            1 if self.dlab() => self.dlm,
            1 => self.ier,
            2 => {
                let id = self.interrupt_id();
                if id == IIR_THRE {
                    self.thr_pending = false;
                }
                let fifo = if self.fifo_enabled() { IIR_FIFO } else { 0 };
                id | fifo
            }
            3 => self.lcr,
            4 => self.mcr,
            5 => {
                self.poll_input();
                self.lsr()
            }
            6 => self.msr(),
            7 => self.scr,
            _ => 0,
        };
        Some(u64::from(v))
    }

    /// Stores the low byte of `val` to the register at `off`.
    pub fn store(&mut self, off: u64, _size: u64, val: u64, console: &mut Console) -> Option<()> {
        let b = val as u8;
        match off {
            0 if self.dlab() => self.dll = b,
            0 => {
                if self.mcr & MCR_LOOP != 0 {
                    self.push_rx(b);
                } else {
                    console.put(b);
                }
                // Sent at once: THR is empty again.
                self.thr_pending = true;
            }
            1 if self.dlab() => self.dlm = b,
            1 => {
                let new = b & (IER_ERBFI | IER_ETBEI | IER_ELSI | IER_EDSSI);
                // THRE is raised on ETBEI's rising edge (THR is always
                // empty) and forgotten when ETBEI is cleared (as QEMU).
                if (new ^ self.ier) & IER_ETBEI != 0 {
                    self.thr_pending = new & IER_ETBEI != 0;
                }
                if new & IER_ERBFI != 0 {
                    self.want_input();
                }
                self.ier = new;
            }
            2 => self.write_fcr(b),
            3 => self.lcr = b,
            4 => {
                self.mcr = b & 0x1f;
                self.poll_input();
            }
            7 => self.scr = b,
            _ => {}
        }
        Some(())
    }

    /// FCR: enable, clear, trigger level. Changing the enable bit clears
    /// both FIFOs (PC16550D).
    fn write_fcr(&mut self, b: u8) {
        let mut b = b;
        if (b ^ self.fcr) & FCR_ENABLE != 0 {
            b |= FCR_CLEAR_RX | FCR_CLEAR_TX;
        }
        if b & FCR_CLEAR_RX != 0 {
            self.rx_len = 0;
            self.rx_head = 0;
        }
        self.fcr = b & 0xc1;
        self.poll_input();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// One register access: (store?, offset, value written or expected).
    type Step = (bool, u64, u8);
    const W: bool = true;
    const R: bool = false;

    fn run(u: &mut Uart, steps: &[Step]) -> Vec<u8> {
        let mut c = Console::Capture(Vec::new());
        for (i, &(write, off, v)) in steps.iter().enumerate() {
            if write {
                u.store(off, 1, u64::from(v), &mut c).unwrap();
            } else {
                assert_eq!(
                    u.load(off, 1, &mut c),
                    Some(u64::from(v)),
                    "step {i}: {steps:?}"
                );
            }
        }
        c.captured().to_vec()
    }

    #[test]
    fn registers_and_interrupt_identification() {
        let cases: [(&str, &[Step]); 6] = [
            (
                "reset: THR empty, no interrupt, FIFOs off, modem connected",
                &[(R, 2, 0x01), (R, 5, 0x60), (R, 6, 0xb0), (R, 1, 0)],
            ),
            (
                "DLAB selects the divisor latches",
                &[
                    (W, 3, 0x83),
                    (W, 0, 3),
                    (W, 1, 0),
                    (R, 0, 3),
                    (W, 3, 3),
                    (R, 3, 3),
                ],
            ),
            (
                "ETBEI raises THRE; reading IIR clears it; writing THR raises it",
                &[
                    (W, 2, 0x01),
                    (R, 2, 0xc1),
                    (W, 1, 0x02),
                    (R, 2, 0xc2),
                    (R, 2, 0xc1),
                    (W, 0, b'A'),
                    (R, 2, 0xc2),
                    (W, 1, 0x00),
                    (R, 2, 0xc1),
                ],
            ),
            (
                "loopback: THR to the receiver, RX data outranks THRE",
                &[
                    (W, 2, 0x01),
                    (W, 4, 0x1f),
                    (R, 6, 0xf0),
                    (W, 1, 0x03),
                    (W, 0, b'x'),
                    (R, 5, 0x61),
                    (R, 2, 0xc4),
                    (R, 0, b'x'),
                    (R, 2, 0xc2),
                    (R, 5, 0x60),
                ],
            ),
            (
                "below the trigger level the timeout interrupt is reported",
                &[
                    (W, 2, 0x41),
                    (W, 4, 0x10),
                    (W, 1, 0x01),
                    (W, 0, 1),
                    (R, 2, 0xcc),
                    (W, 0, 2),
                    (W, 0, 3),
                    (W, 0, 4),
                    (R, 2, 0xc4),
                    (W, 2, 0x43),
                    (R, 5, 0x60),
                    (R, 2, 0xc1),
                ],
            ),
            (
                "FIFOs off: one holding register, IIR without 0xc0",
                &[
                    (W, 4, 0x10),
                    (W, 1, 0x01),
                    (W, 0, 7),
                    (W, 0, 8),
                    (R, 2, 0x04),
                    (R, 0, 7),
                    (R, 0, 0),
                ],
            ),
        ];
        for (what, steps) in cases {
            let out = run(&mut Uart::default(), steps);
            assert!(out.is_empty() || out == b"A", "{what}: {out:?}");
        }
    }

    #[test]
    fn transmitted_bytes_reach_the_console_except_in_loopback() {
        let out = run(
            &mut Uart::default(),
            &[
                (W, 0, b'h'),
                (W, 4, 0x10),
                (W, 0, b'x'),
                (W, 4, 0),
                (W, 0, b'i'),
            ],
        );
        assert_eq!(out, b"hi");
    }

    #[test]
    fn host_input_fills_the_fifo_when_the_guest_reads() {
        let mut u = Uart::default();
        u.connect_input(HostInput::from_reader(std::io::Cursor::new(
            b"hello, world!\n".repeat(3),
        )));
        let mut c = Console::Capture(Vec::new());
        u.store(2, 1, 1, &mut c).unwrap();
        let mut got = Vec::new();
        for _ in 0..100_000 {
            if u.load(5, 1, &mut c).unwrap() & 1 != 0 {
                got.push(u.load(0, 1, &mut c).unwrap() as u8);
            } else if let Some(i) = u.input() {
                i.wait(std::time::Duration::from_millis(10));
            }
            if got.len() == 42 {
                break;
            }
        }
        assert_eq!(got, b"hello, world!\n".repeat(3));
    }
}
