//! The `--stats` report printed at exit.

use crate::hart::Hart;
use std::fmt::Write;

/// Exception names by cause code (Privileged 20211203, Table 3.6; codes
/// 10 and 20..23 from the H extension, Table 8.6).
const EXCEPTION_NAMES: [&str; 32] = [
    "instruction-address-misaligned",
    "instruction-access-fault",
    "illegal-instruction",
    "breakpoint",
    "load-address-misaligned",
    "load-access-fault",
    "store-address-misaligned",
    "store-access-fault",
    "ecall-from-u",
    "ecall-from-s",
    "ecall-from-vs",
    "ecall-from-m",
    "instruction-page-fault",
    "load-page-fault",
    "reserved-14",
    "store-page-fault",
    "reserved-16",
    "reserved-17",
    "reserved-18",
    "reserved-19",
    "instruction-guest-page-fault",
    "load-guest-page-fault",
    "virtual-instruction",
    "store-guest-page-fault",
    "reserved-24",
    "reserved-25",
    "reserved-26",
    "reserved-27",
    "reserved-28",
    "reserved-29",
    "reserved-30",
    "reserved-31",
];

/// Interrupt names by cause code.
const INTERRUPT_NAMES: [&str; 16] = [
    "reserved-0",
    "supervisor-software",
    "virtual-supervisor-software",
    "machine-software",
    "reserved-4",
    "supervisor-timer",
    "virtual-supervisor-timer",
    "machine-timer",
    "reserved-8",
    "supervisor-external",
    "virtual-supervisor-external",
    "machine-external",
    "reserved-12",
    "reserved-13",
    "reserved-14",
    "reserved-15",
];

/// The statistics of a finished run, one `name value` line each.
pub fn report(hart: &Hart) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "hart.instructions     {}", hart.retired);
    let _ = writeln!(
        out,
        "hart.cycles           {}",
        hart.retired.wrapping_add(hart.idle)
    );
    let _ = writeln!(out, "hart.traps            {}", hart.traps);
    let names = EXCEPTION_NAMES
        .iter()
        .map(|n| ("exception", *n))
        .chain(INTERRUPT_NAMES.iter().map(|n| ("interrupt", *n)));
    for ((kind, name), count) in names.zip(hart.trap_counts.iter()) {
        if *count != 0 {
            let _ = writeln!(out, "hart.{kind}.{name:<28} {count}");
        }
    }
    let (built, flushes) = hart.block_stats();
    let _ = writeln!(out, "hart.blocks           built {built} flushes {flushes}");
    let _ = writeln!(out, "{}", hart.jit_stats());
    let _ = writeln!(out, "{}", hart.mmu.stats());
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::bus::{Bus, RAM_BASE};
    use crate::hart::{HartConfig, TraceMode};

    #[test]
    fn report_names_traps_by_cause_and_includes_mmu_counters() {
        let mut bus = Bus::new(1 << 16);
        // ecall; ecall at the handler too (mtvec = RAM_BASE)
        bus.ram.write::<4>(0, 0x73).unwrap();
        let mut h = Hart::new(bus, RAM_BASE, HartConfig::default());
        h.csr.mtvec = RAM_BASE;
        h.run(3, TraceMode::Off);
        let r = report(&h);
        assert!(r.contains("hart.traps            3"), "{r}");
        assert!(r.contains("hart.blocks           built 1 flushes 0"), "{r}");
        assert!(r.contains("hart.exception.ecall-from-m"), "{r}");
        assert!(r.contains("mmu.tlb.hits"), "{r}");
    }
}
