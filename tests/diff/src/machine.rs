//! What every differential test program shares: the physical layout, the
//! M-mode prologue (registers zeroed, an open PMP entry, the trap handler),
//! the trap log, the report printed on the UART, the power-off, and the
//! ELF file around it. Both machines are QEMU's `virt` board: NS16550A
//! UART at 0x1000_0000, SiFive test device at 0x10_0000, RAM at
//! 0x8000_0000, entry at the start of RAM (where QEMU's reset code jumps
//! with `-bios none`).

use crate::isa::{csr, reg::*, Asm};

#[allow(dead_code, clippy::all)]
#[path = "../../../emulator/tests/support/elf.rs"]
mod elf;

pub const CODE: u64 = 0x8000_0000;
/// The handler's save slots (t1, t2) and the trap-log pointer (+16).
pub const SCRATCH: u64 = 0x8008_0000;
/// x0..x31 at the end.
pub const SAVE: u64 = 0x8008_1000;
/// The addresses of the words the report prints, in order.
pub const TABLE: u64 = 0x8008_2000;
/// Free for the family: results of each step.
pub const RESULTS: u64 = 0x8009_0000;
/// Free for the family: checksums.
pub const HASHES: u64 = 0x8009_8000;
/// The trap log: (mcause, mtval, mepc) per trap.
pub const LOG: u64 = 0x800a_0000;
const UART: u64 = 0x1000_0000;
const FINISHER: u64 = 0x10_0000;

/// How the trap handler goes on after logging a trap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// At the next instruction (mepc + 4).
    Next,
    /// An `ecall` from U or S returns to M-mode at the address in s10;
    /// any other trap resumes at the address in s11, in the mode it came
    /// from.
    Scenario,
}

/// A program under construction: code and the words the report prints.
#[derive(Debug)]
pub struct Program {
    pub asm: Asm,
    /// (label, physical address of an 8-byte word), printed in order.
    pub report: Vec<(String, u64)>,
    /// Extra initialised memory: (physical address, bytes).
    pub data: Vec<(u64, Vec<u8>)>,
}

impl Program {
    /// The prologue: jump over the handler, the handler, then zero every
    /// register, open PMP entry 0 over all memory (NAPOT, RWX: pmpaddr0 =
    /// all ones, pmpcfg0 = 0x1f; Privileged 20211203, section 3.7) and set
    /// mtvec, mscratch and the trap log.
    pub fn new(resume: Resume) -> Program {
        let mut a = Asm::new(CODE);
        let start = a.label();
        a.jump("jal", ZERO, 0, start);
        // The handler, at CODE + 4 (mtvec direct mode needs 4-byte
        // alignment). It keeps every register but t0 in mscratch's swap.
        let handler = a.pc();
        a.csr_swap(T0);
        a.store("sd", T1, 0, T0);
        a.store("sd", T2, 8, T0);
        a.i("ld", T1, T0, 16);
        for (k, c) in [csr::MCAUSE, csr::MTVAL, csr::MEPC].into_iter().enumerate() {
            a.csrr(T2, c);
            a.store("sd", T2, 8 * k as i64, T1);
        }
        a.i("addi", T1, T1, 24);
        a.store("sd", T1, 16, T0);
        match resume {
            Resume::Next => {
                a.csrr(T2, csr::MEPC);
                a.i("addi", T2, T2, 4);
                a.csrw(csr::MEPC, T2);
            }
            Resume::Scenario => {
                let (to_driver, out) = (a.label(), a.label());
                a.csrr(T2, csr::MCAUSE);
                a.i("addi", T1, T2, -8);
                a.jump("beq", T1, ZERO, to_driver);
                a.i("addi", T1, T2, -9);
                a.jump("beq", T1, ZERO, to_driver);
                a.csrw(csr::MEPC, S11);
                a.jump("jal", ZERO, 0, out);
                a.bind(to_driver);
                a.csrw(csr::MEPC, S10);
                a.li(T1, 0x1800); // mstatus.MPP = M
                a.csrs(csr::MSTATUS, T1);
                a.bind(out);
            }
        }
        a.i("ld", T1, T0, 0);
        a.i("ld", T2, T0, 8);
        a.csr_swap(T0);
        a.fixed("mret");

        a.bind(start);
        for r in 1..32 {
            a.i("addi", r, ZERO, 0);
        }
        a.li(T0, u64::MAX);
        a.csrw(csr::PMPADDR0, T0);
        a.li(T0, 0x1f);
        a.csrw(csr::PMPCFG0, T0);
        a.li(T0, handler);
        a.csrw(csr::MTVEC, T0);
        a.li(T0, SCRATCH);
        a.csrw(csr::MSCRATCH, T0);
        a.li(T1, LOG);
        a.store("sd", T1, 16, T0);
        a.i("addi", T0, ZERO, 0);
        a.i("addi", T1, ZERO, 0);
        Program {
            asm: a,
            report: Vec::new(),
            data: Vec::new(),
        }
    }

    /// Stores x1..x31 to [`SAVE`] (keeping every value) and adds them to
    /// the report.
    pub fn save_registers(&mut self) {
        let a = &mut self.asm;
        a.csrw(csr::MSCRATCH, T6);
        a.li(T6, SAVE);
        for r in 1..31 {
            a.store("sd", r, 8 * i64::from(r), T6);
        }
        a.csrr(T5, csr::MSCRATCH);
        a.store("sd", T5, 8 * 31, T6);
        for r in 1..32u64 {
            self.report.push((format!("x{r}"), SAVE + 8 * r));
        }
    }

    /// Ends the program: prints every report word, then the trap log, as
    /// 16 hex digits a line on the UART, and powers off. Returns the ELF.
    pub fn finish(mut self) -> (Vec<u8>, Vec<String>) {
        let a = &mut self.asm;
        let (hex, table_loop, log_loop, done) = (a.label(), a.label(), a.label(), a.label());
        a.li(S0, TABLE);
        a.li(S1, self.report.len() as u64);
        a.bind(table_loop);
        a.i("ld", T0, S0, 0);
        a.i("ld", A0, T0, 0);
        a.jump("jal", 1, 0, hex);
        a.i("addi", S0, S0, 8);
        a.i("addi", S1, S1, -1);
        a.jump("bne", S1, ZERO, table_loop);
        // The log: from LOG to the handler's pointer.
        a.li(S0, LOG);
        a.li(T0, SCRATCH);
        a.i("ld", S1, T0, 16);
        a.bind(log_loop);
        a.jump("bgeu", S0, S1, done);
        a.i("ld", A0, S0, 0);
        a.jump("jal", 1, 0, hex);
        a.i("addi", S0, S0, 8);
        a.jump("jal", ZERO, 0, log_loop);
        a.bind(done);
        a.li(T0, FINISHER);
        a.li(T1, 0x5555);
        a.store("sw", T1, 0, T0);
        a.jump("jal", ZERO, 0, done);
        // hex: a0 as 16 hex digits and a newline; uses t3..t6.
        let (digit, letter_ok) = (a.label(), a.label());
        a.bind(hex);
        a.li(T6, UART);
        a.i("addi", T3, ZERO, 60);
        a.bind(digit);
        a.r("srl", T4, A0, T3);
        a.i("andi", T4, T4, 15);
        a.i("addi", T4, T4, i64::from(b'0'));
        a.i("addi", T5, ZERO, i64::from(b'9') + 1);
        a.jump("blt", T4, T5, letter_ok);
        a.i("addi", T4, T4, i64::from(b'a' - b'9' - 1));
        a.bind(letter_ok);
        a.store("sb", T4, 0, T6);
        a.i("addi", T3, T3, -4);
        a.jump("bge", T3, ZERO, digit);
        a.i("addi", T4, ZERO, 10);
        a.store("sb", T4, 0, T6);
        a.i("jalr", ZERO, 1, 0);

        let code: Vec<u8> = self
            .asm
            .finish()
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        let table: Vec<u8> = self
            .report
            .iter()
            .flat_map(|(_, pa)| pa.to_le_bytes())
            .collect();
        let code_len = code.len() as u64;
        let mut b = elf::ElfBuilder::new(CODE).segment(elf::Segment::load(CODE, code, code_len));
        let table_len = table.len() as u64;
        if table_len > 0 {
            b = b.segment(elf::Segment::load(TABLE, table, table_len));
        }
        for (pa, bytes) in self.data {
            let len = bytes.len() as u64;
            b = b.segment(elf::Segment::load(pa, bytes, len));
        }
        let labels = self.report.into_iter().map(|(l, _)| l).collect();
        (b.build(), labels)
    }
}

impl Asm {
    /// `csrrw r, mscratch, r`.
    pub fn csr_swap(&mut self, r: u8) {
        self.op("csrrw", r, r, 0, i64::from(csr::MSCRATCH));
    }
}
