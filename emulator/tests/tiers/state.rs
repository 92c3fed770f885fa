//! The architectural state a tier leaves behind, and the differences
//! between two of them in words.

use crate::machine::{CODE, DATA, L0_S, L0_U, L1, M_LOG, ROOT, S_LOG};
use emulator::bus::RAM_BASE;
use emulator::hart::{Hart, StopReason};

/// Everything compared after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub stop: StopReason,
    pub pc: u64,
    pub privilege: u64,
    pub x: [u64; 32],
    pub f: [u64; 32],
    pub fcsr: u64,
    /// Every CSR as the hart keeps it (`Csrs`'s Debug form: `name: value`
    /// pairs), so that a CSR added later is compared too.
    pub csrs: String,
    pub retired: u64,
    pub traps: u64,
    pub trap_counts: [u64; 48],
    /// TLB hits that disagreed with the page tables (`--check-tlb` only).
    pub stale_tlb: u64,
    /// All of RAM: page tables (A/D bits), trap logs, data, code.
    pub ram: Vec<u8>,
}

impl State {
    pub fn of(hart: &Hart, stop: StopReason) -> State {
        let size = hart.bus.ram.size() as usize;
        State {
            stop,
            pc: hart.pc,
            privilege: hart.privilege as u64,
            x: *hart.xregs(),
            f: hart.fp.f,
            fcsr: hart.fp.fcsr(),
            csrs: format!("{:?}", hart.csr),
            retired: hart.retired,
            traps: hart.traps,
            trap_counts: hart.trap_counts,
            stale_tlb: hart.mmu.stats().stale_tlb_warnings,
            ram: hart
                .bus
                .ram
                .slice(RAM_BASE, size)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        }
    }

    /// What differs from `reference`, one line each (empty: equal).
    pub fn differences(&self, reference: &State) -> Vec<String> {
        let mut out = Vec::new();
        let mut field = |name: &str, mine: String, theirs: String| {
            if mine != theirs {
                out.push(format!("{name}: {mine}, reference {theirs}"));
            }
        };
        field(
            "stop",
            format!("{:?}", self.stop),
            format!("{:?}", reference.stop),
        );
        field(
            "pc",
            format!("{:#x}", self.pc),
            format!("{:#x}", reference.pc),
        );
        field(
            "privilege",
            self.privilege.to_string(),
            reference.privilege.to_string(),
        );
        field(
            "retired",
            self.retired.to_string(),
            reference.retired.to_string(),
        );
        field("traps", self.traps.to_string(), reference.traps.to_string());
        field(
            "fcsr",
            format!("{:#x}", self.fcsr),
            format!("{:#x}", reference.fcsr),
        );
        field(
            "stale TLB hits",
            self.stale_tlb.to_string(),
            reference.stale_tlb.to_string(),
        );
        for r in 0..32 {
            field(
                &format!("x{r}"),
                format!("{:#x}", self.x[r]),
                format!("{:#x}", reference.x[r]),
            );
            field(
                &format!("f{r}"),
                format!("{:#x}", self.f[r]),
                format!("{:#x}", reference.f[r]),
            );
        }
        for c in 0..48 {
            let (a, b) = (self.trap_counts[c], reference.trap_counts[c]);
            field(
                &format!("traps of cause {}", cause_name(c)),
                a.to_string(),
                b.to_string(),
            );
        }
        // CSRs field by field ("name: value" in the Debug form).
        if self.csrs != reference.csrs {
            for (a, b) in csr_fields(&self.csrs).zip(csr_fields(&reference.csrs)) {
                if a != b {
                    out.push(format!("csr {}, reference {}", hex(a), hex(b)));
                }
            }
        }
        if let Some(k) = self
            .ram
            .iter()
            .zip(&reference.ram)
            .position(|(a, b)| a != b)
        {
            let at = k & !7;
            let word = |ram: &[u8]| {
                let mut b = [0u8; 8];
                b.copy_from_slice(&ram[at..at + 8]);
                u64::from_le_bytes(b)
            };
            let pa = RAM_BASE + at as u64;
            out.push(format!(
                "RAM at {pa:#x} ({}): {:#018x}, reference {:#018x}",
                region(pa),
                word(&self.ram),
                word(&reference.ram)
            ));
        }
        out
    }
}

/// "stval: 2147526649" as "stval: 0x80000a79".
fn hex(field: &str) -> String {
    match field.split_once(": ").map(|(n, v)| (n, v.parse::<u64>())) {
        Some((name, Ok(v))) => format!("{name}: {v:#x}"),
        _ => field.to_string(),
    }
}

fn csr_fields(debug: &str) -> impl Iterator<Item = &str> {
    debug
        .trim_start_matches("Csrs {")
        .trim_end_matches('}')
        .split(", ")
        .map(str::trim)
}

/// "12 (instruction page fault)" for a `trap_counts` index.
fn cause_name(index: usize) -> String {
    const EXCEPTIONS: [&str; 16] = [
        "fetch misaligned",
        "fetch access",
        "illegal instruction",
        "breakpoint",
        "load misaligned",
        "load access",
        "store misaligned",
        "store access",
        "ecall U",
        "ecall S",
        "reserved",
        "ecall M",
        "fetch page fault",
        "load page fault",
        "reserved",
        "store page fault",
    ];
    match EXCEPTIONS.get(index) {
        Some(n) => format!("{index} ({n})"),
        None => format!("interrupt {}", index - 16),
    }
}

/// What lives at physical `pa` (see `machine.rs`).
pub fn region(pa: u64) -> &'static str {
    match pa {
        _ if pa < M_LOG => "boot code and handlers",
        _ if pa < S_LOG => "M trap log",
        _ if pa < ROOT => "S trap log",
        _ if pa < L1 => "root page table",
        _ if pa < L0_S => "L1 page table",
        _ if pa < L0_U => "L0 page table (S)",
        _ if pa < L0_U + 4096 => "L0 page table (U)",
        _ if pa < DATA => "unused",
        _ if pa < CODE => "data",
        _ => "code",
    }
}
