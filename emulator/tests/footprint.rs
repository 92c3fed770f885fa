//! End-to-end: the resident size of a run that touches every page of its
//! RAM stays under the memory ceiling the README states
//! (`emulator::footprint`), read from `/proc/PID/status` (VmHWM, the peak).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/elf.rs"]
mod elf;

use elf::{code, ElfBuilder, Segment};
use emulator::footprint::Footprint;
use std::process::{Command, Stdio};
use std::time::Duration;

const BASE: u64 = 0x8000_0000;
const MEM: usize = 32 << 20;

/// Stores to every 4 KiB page of 32 MiB of RAM, then spins.
const TOUCH_ALL: [u32; 10] = [
    0x0010_0293, // li    t0, 1
    0x01f2_9293, // slli  t0, t0, 31      (RAM base)
    0x0010_0313, // li    t1, 1
    0x0193_1313, // slli  t1, t1, 25      (32 MiB)
    0x0062_8333, // add   t1, t0, t1      (RAM end)
    0x0000_13b7, // lui   t2, 1           (4096)
    0x0072_b023, // 1: sd t2, 0(t0)
    0x0072_82b3, // add   t0, t0, t2
    0xfe62_ece3, // bltu  t0, t1, 1b
    0x0000_006f, // j .
];

/// The peak resident size (VmHWM) of `pid` in bytes, if it still runs.
fn peak_resident(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb << 10)
}

#[test]
fn a_run_that_touches_all_of_ram_stays_under_the_stated_ceiling() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc");
        return;
    }
    let bytes = ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(&TOUCH_ALL), 0x100))
        .build();
    let path = std::env::temp_dir().join(format!("rvmmu-footprint-{}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "--mem", "32M", "--timeout", "3"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        if let Some(p) = peak_resident(child.id()) {
            peak = peak.max(p);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_file(&path);
    let ceiling = Footprint::new(MEM, 64, 0).total();
    // All of RAM was touched: the peak is at least RAM, at most the ceiling.
    assert!(peak >= MEM, "peak {peak} below the RAM it touched");
    assert!(peak <= ceiling, "peak {peak} above the ceiling {ceiling}");
}
