//! End-to-end: `--trace` shows the privilege each instruction ran in (an
//! `mret` is M-mode even though the hart is in U-mode after it), and
//! `--trace-priv` / `--trace-range` keep only some instructions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/elf.rs"]
mod elf;

use elf::{code, ElfBuilder, Segment};
use std::process::Command;

const BASE: u64 = 0x8000_0000;

/// M-mode: mepc = BASE + 28, mstatus.MPP = U, mret; then U-mode nops.
const TO_USER: [u32; 9] = [
    0x0000_0297, // auipc t0, 0
    0x01c2_8293, // addi  t0, t0, 28
    0x3412_9073, // csrw  mepc, t0
    0x0000_2337, // lui   t1, 0x2
    0x8003_0313, // addi  t1, t1, -2048   (t1 = 0x1800, MPP)
    0x3003_3073, // csrc  mstatus, t1
    0x3020_0073, // mret                  (BASE + 24)
    0x0000_0013, // nop                   (BASE + 28, U-mode)
    0x0000_0013, // nop
];

/// The `rvmmu::trace` lines of a 9-instruction run with `args`, each cut
/// to "P pc".
fn trace(args: &[&str]) -> Vec<String> {
    let bytes = ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(&TO_USER), 0x100))
        .symbol("_start", BASE, 0, 0, 0)
        .build();
    let path = std::env::temp_dir().join(format!(
        "rvmmu-trace-{}-{}",
        std::process::id(),
        args.join("_").replace(['.', ','], "")
    ));
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .env_remove("RUST_LOG")
        // No PMP: the program drops to U-mode without opening it.
        .args(["run", "--max-insns", "9", "--trace", "--pmp-entries", "0"])
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(124));
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("[INFO  rvmmu::trace] "))
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn trace_shows_the_privilege_an_instruction_ran_in() {
    let lines = trace(&[]);
    assert_eq!(lines.len(), 9, "{lines:?}");
    assert_eq!(lines[6], "M 0000000080000018", "mret runs in M: {lines:?}");
    assert_eq!(lines[7], "U 000000008000001c", "{lines:?}");
    // The debug loop (one instruction at a time) says the same.
    let slow = trace(&["--stats-every", "1000"]);
    assert_eq!(slow, lines);
}

#[test]
fn trace_priv_and_trace_range_keep_only_matching_instructions() {
    assert_eq!(
        trace(&["--trace-priv", "U"]),
        ["U 000000008000001c", "U 0000000080000020"]
    );
    assert_eq!(
        trace(&["--trace-range", "0x80000008..0x80000010"]),
        ["M 0000000080000008", "M 000000008000000c"]
    );
    assert_eq!(
        trace(&[
            "--trace-priv",
            "M",
            "--trace-range",
            "0x80000018..0x80000100"
        ]),
        ["M 0000000080000018"]
    );
    // Both need --trace.
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "x", "--trace-priv", "U"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
