//! End-to-end: the user programs of tests/user run under rvmmu's built-in
//! firmware, under both A/D policies, and under QEMU's `virt` board with
//! the same firmware image; the program output, the exit code and the
//! firmware's page-fault counters must be the same everywhere.
//!
//! The programs are built by `make -C tests/user` (the test command does
//! it). Without them, or without `qemu-system-riscv64`, these tests fail
//! when `RVMMU_E2E=require` (set by tests/run-all.sh) and are skipped with
//! a message otherwise, so `cargo test` works on a machine without the
//! RISC-V toolchain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/guest.rs"]
mod guest;

use guest::{required, root, user_program as program};
use std::path::Path;
use std::process::Command;

/// (program, arguments, expected exit code).
const CASES: &[(&str, &[&str], i32)] = &[
    ("hello", &["a", "b"], 0),
    ("sparse", &[], 0),
    ("segv", &[], 139),
    ("segv", &["heap"], 139),
    ("rodata", &[], 139),
    ("execstack", &[], 139),
    ("execstack", &["mprotect"], 0),
    ("malloc", &[], 0),
    ("recurse", &[], 0),
    ("args", &["x", "y"], 0),
    ("fpdouble", &[], 0),
];

/// The output lines to compare: all but those that depend on where the
/// boot loader put things (frames.total) or on the clock (args prints the
/// times it read).
fn comparable(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.starts_with("firmware.frames.total") && !l.starts_with("args: monotonic "))
        .collect()
}

fn rvmmu(prog: &Path, args: &[&str], ad: &str) -> (i32, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "--stats", "--ad", ad])
        .arg(prog)
        .arg("--")
        .args(args)
        .output()
        .expect("rvmmu runs");
    (
        out.status.code().unwrap_or(-1),
        comparable(&guest::console_lines(&out).join("\n")),
    )
}

fn qemu(prog: &Path, args: &[&str]) -> Option<(i32, Vec<String>)> {
    let name = prog.file_name()?.to_string_lossy().into_owned();
    let append = format!("stats -- {name} {}", args.join(" "));
    let out = Command::new("timeout")
        .args([
            "120",
            "qemu-system-riscv64",
            "-machine",
            "virt",
            "-bios",
            "none",
            "-m",
            "128M",
            "-nographic",
        ])
        .arg("-kernel")
        .arg(root().join("firmware/firmware.elf"))
        .arg("-initrd")
        .arg(prog)
        .args(["-append", append.trim_end()])
        .output();
    match out {
        Ok(o) if o.status.code() != Some(127) => Some((
            o.status.code().unwrap_or(-1),
            comparable(&String::from_utf8_lossy(&o.stdout)),
        )),
        _ => {
            assert!(!required(), "qemu-system-riscv64 is not installed");
            eprintln!("skipped: qemu-system-riscv64 not installed");
            None
        }
    }
}

#[test]
fn user_programs_behave_the_same_under_both_ad_policies_and_on_qemu() {
    for (name, args, want) in CASES {
        let Some(prog) = program(name) else { return };
        let (code, lines) = rvmmu(&prog, args, "svade");
        assert_eq!(
            code,
            *want,
            "{name} {args:?} under svade exited {code}:\n{}",
            lines.join("\n")
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("firmware.page_faults.zero")),
            "{name}: no firmware counters in:\n{}",
            lines.join("\n")
        );
        let (code_u, lines_u) = rvmmu(&prog, args, "svadu");
        assert_eq!(
            (code_u, &lines_u),
            (code, &lines),
            "{name} {args:?}: svadu differs from svade"
        );
        let Some((code_q, lines_q)) = qemu(&prog, args) else {
            return;
        };
        assert_eq!(
            (code_q, &lines_q),
            (code, &lines),
            "{name} {args:?}: QEMU differs from rvmmu"
        );
    }
}

#[test]
fn sparse_faults_in_only_the_pages_it_touches() {
    let Some(prog) = program("sparse") else {
        return;
    };
    let (code, lines) = rvmmu(&prog, &[], "svade");
    assert_eq!(code, 0);
    let touched: u64 = lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("sparse: touched ")?
                .strip_suffix(" pages")?
                .parse()
                .ok()
        })
        .expect("sparse reports the pages it touched");
    let zero: u64 = lines
        .iter()
        .find_map(|l| l.strip_prefix("firmware.page_faults.zero ")?.parse().ok())
        .expect("the firmware reports demand-zero faults");
    // The touched array pages, plus the initial stack page the kernel fills.
    assert_eq!(zero, touched + 1, "{}", lines.join("\n"));
}

#[test]
fn segfault_names_the_address_and_the_access() {
    let Some(prog) = program("segv") else { return };
    let (code, lines) = rvmmu(&prog, &[], "svade");
    assert_eq!(code, 139);
    let expect = lines
        .iter()
        .find_map(|l| l.split("expect SIGSEGV at ").nth(1))
        .expect("segv names its target");
    assert!(
        lines.iter().any(
            |l| l.starts_with(&format!("segmentation fault at {expect} ")) && l.ends_with("load)")
        ),
        "{}",
        lines.join("\n")
    );
}
