//! Tests of the generators themselves: the assembler's encodings against
//! GNU as, `li` on rvmmu's hart, the scenarios' reach, the comparison.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::isa::{encode, Asm, Format, TABLE};
use crate::machine::CODE;
use emulator::bus::Bus;
use emulator::devices::console::Console;
use emulator::hart::{Hart, HartConfig, StopReason, TraceMode};
use std::process::Command;

/// Runs an ELF on rvmmu in-process (Svadu, as `rvmmu run --ad svadu`);
/// returns what it printed on the UART.
fn run_in_process(elf: &[u8], steps: u64) -> String {
    let mut bus = Bus::new(128 << 20);
    bus.console = Console::Capture(Vec::new());
    let image = emulator::loader::load_into_bus(elf, &mut bus).unwrap();
    let config = HartConfig {
        ad: mmu::AdPolicy::Svadu,
        ..HartConfig::default()
    };
    let mut hart = Hart::new(bus, image.entry, config);
    assert_eq!(hart.run(steps, TraceMode::Off), StopReason::Exit(0));
    String::from_utf8(hart.bus.console.captured().to_vec()).unwrap()
}

/// The assembler text GNU as takes for row `s` with rd = x1, rs1 = x2,
/// rs2 = x3 and immediate 8 (None: not in binutils 2.40).
fn gnu_syntax(s: &crate::isa::Spec) -> Option<String> {
    let n = s.name;
    Some(match s.format {
        _ if s.exts.contains(&"zicond") => return None,
        Format::R if n == "sfence.vma" => format!("{n} x2, x3"),
        Format::R => format!("{n} x1, x2, x3"),
        Format::Unary => format!("{n} x1, x2"),
        Format::I if s.opcode == crate::isa::LOAD || n == "jalr" => format!("{n} x1, 8(x2)"),
        Format::I | Format::Shift64 | Format::Shift32 => format!("{n} x1, x2, 8"),
        Format::S => format!("{n} x3, 8(x2)"),
        Format::B => format!("{n} x2, x3, .+8"),
        Format::U => format!("{n} x1, 8"),
        Format::J => format!("{n} x1, .+8"),
        Format::Amo if n.starts_with("lr.") => format!("{n} x1, (x2)"),
        Format::Amo => format!("{n} x1, x3, (x2)"),
        Format::Csr => format!("{n} x1, 8, x2"),
        Format::Fixed(_) => n.to_string(),
    })
}

/// Every row of the table encodes as GNU as 2.40 assembles it (skipped,
/// with a note, where the cross assembler is not installed).
#[test]
fn table_encodings_match_gnu_as() {
    let dir = std::env::temp_dir().join(format!("rvmmu-diff-as-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rows: Vec<_> = TABLE
        .iter()
        .filter_map(|s| gnu_syntax(s).map(|t| (s, t)))
        .collect();
    let source: String = rows.iter().map(|(_, t)| format!("{t}\n")).collect();
    std::fs::write(dir.join("t.s"), format!(".option norvc\n{source}")).unwrap();
    let assembled = Command::new("riscv64-unknown-elf-as")
        .args([
            "-march=rv64ima_zicsr_zifencei_zba_zbb_zbc_zbs_zbkb_zbkc_zbkx",
            "-o",
        ])
        .arg(dir.join("t.o"))
        .arg(dir.join("t.s"))
        .status();
    let Ok(status) = assembled else {
        eprintln!("riscv64-unknown-elf-as not installed: encodings not checked");
        return;
    };
    assert!(status.success(), "as failed on:\n{source}");
    let ok = Command::new("riscv64-unknown-elf-objcopy")
        .args(["-O", "binary", "-j", ".text"])
        .arg(dir.join("t.o"))
        .arg(dir.join("t.bin"))
        .status()
        .unwrap();
    assert!(ok.success());
    let bin = std::fs::read(dir.join("t.bin")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(bin.len(), 4 * rows.len());
    for (k, (s, text)) in rows.iter().enumerate() {
        let gnu = u32::from_le_bytes(bin[4 * k..4 * k + 4].try_into().unwrap());
        let (rd, rs1, rs2) = match s.name {
            "sfence.vma" => (0, 2, 3),
            n if n.starts_with("lr.") => (1, 2, 0),
            _ => (1, 2, 3),
        };
        let mine = encode(s, rd, rs1, rs2, 8);
        assert_eq!(mine, gnu, "{text}: table {mine:#010x}, GNU as {gnu:#010x}");
    }
}

/// `li` loads every value it is given (run on rvmmu's hart).
#[test]
fn li_loads_edge_and_random_values() {
    let mut rng = crate::rng::Rng::new(7);
    let mut values = vec![
        0,
        1,
        u64::MAX,
        1 << 63,
        (1 << 63) - 1,
        0x7fff_ffff,
        0x8000_0000,
    ];
    values.extend([
        0xffff_ffff,
        0x7fff_f800,
        0xffff_ffff_8000_0000,
        0x8000_0800,
        0xfff,
    ]);
    values.extend((0..300).map(|_| rng.interesting()));
    for v in values {
        let mut a = Asm::new(CODE);
        a.li(5, v);
        let code = a.finish();
        let mut bus = Bus::new(1 << 16);
        for (k, w) in code.iter().enumerate() {
            bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
        }
        let mut hart = Hart::new(bus, CODE, HartConfig::default());
        assert_eq!(
            hart.run(code.len() as u64, TraceMode::Off),
            StopReason::InsnLimit
        );
        assert_eq!(hart.reg(5), v, "li {v:#x}: {} instructions", code.len());
        assert!(
            code.len() <= 8,
            "li {v:#x} took {} instructions",
            code.len()
        );
    }
}

/// Over a few seeds, the scenarios (run on rvmmu in-process) take every
/// kind of trap they are meant to: page faults of the three access types,
/// access faults, ecalls from S and U, and fetches that succeed in the
/// code frames (an ecall whose epc is outside the stub pages).
#[test]
fn sv39_scenarios_reach_every_outcome() {
    let mut seen = std::collections::BTreeMap::new();
    let mut fetched = 0;
    for seed in 0..12 {
        let s = crate::sv39::generate(seed, 40);
        let out = run_in_process(&s.elf, 200_000);
        let lines: Vec<u64> = out
            .lines()
            .map(|l| u64::from_str_radix(l, 16).unwrap())
            .collect();
        assert!(lines.len() >= s.labels.len());
        for t in lines[s.labels.len()..].chunks(3) {
            *seen.entry(t[0]).or_insert(0) += 1;
            if (t[0] == 8 || t[0] == 9) && t[2] > 0x3000 {
                fetched += 1;
            }
        }
    }
    eprintln!("traps by cause: {seen:?}; successful fetches: {fetched}");
    for cause in [5, 8, 9, 12, 13, 15] {
        assert!(
            seen.get(&cause).copied().unwrap_or(0) >= 3,
            "cause {cause}: {seen:?}"
        );
    }
    assert!(fetched >= 3, "successful fetches: {fetched}");
}

/// The ALU programs end with every register reported and no trap on an
/// implementation of their extensions (RV64IM here).
#[test]
fn alu_programs_report_every_register() {
    let pool = crate::alu::instructions(&["i".to_string(), "m".to_string()]);
    assert!(pool
        .iter()
        .all(|s| s.exts.contains(&"i") || s.exts.contains(&"m")));
    let (elf, labels) = crate::alu::generate(3, &pool, 300);
    let out = run_in_process(&elf, 100_000);
    assert_eq!(labels.len(), 31);
    assert_eq!(out.lines().count(), 31, "no trap expected:\n{out}");
}

/// Only a faulting AMO's load fault is rewritten, to the store/AMO fault.
#[test]
fn expect_spec_rewrites_only_amo_load_faults() {
    let labels = vec!["x1".to_string()];
    let qemu = "0000000000000007\n000000000000000d\n0000000000001234\n00000000000010b0\n\
                000000000000000d\n0000000000001234\n0000000000001030\n";
    let (fixed, n) = crate::sv39::expect_spec(qemu, &labels, &[0x10b0]);
    assert_eq!(n, 1);
    let lines: Vec<&str> = fixed.lines().collect();
    assert_eq!(lines[1], "000000000000000f");
    assert_eq!(lines[4], "000000000000000d", "a load's fault stays");
    let diff = crate::runner::first_difference(&labels, "1\n2\n", "1\n3\n").unwrap();
    assert!(diff.contains("trap[0]"), "{diff}");
}
