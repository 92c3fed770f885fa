//! Locating the guest programs the end-to-end tests run.
//!
//! The user programs are built by `make -C tests/user` (the test command
//! does it). Without them a test is skipped with a message, unless
//! `RVMMU_E2E=require` (set by tests/run-all.sh), when it fails: CI never
//! skips, and `cargo test` still works without the RISC-V toolchain.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The lines rvmmu itself writes at the end of a user program's run.
const RVMMU_OWN_LINES: &[&str] = &[
    "the firmware refused",
    "the guest ran out of memory",
    "guest exit code",
    "stopped ",
];

/// What QEMU's console would show for an `rvmmu run` of a user program:
/// its stdout lines, then the supervisor's lines, which rvmmu sends to
/// stderr with a `rvmmu: ` prefix (rvmmu's own closing lines are left
/// out).
#[allow(dead_code)]
pub fn console_lines(out: &std::process::Output) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    stdout
        .lines()
        .map(str::to_string)
        .chain(
            stderr
                .lines()
                .filter_map(|l| l.strip_prefix("rvmmu: "))
                .filter(|l| !RVMMU_OWN_LINES.iter().any(|own| l.starts_with(own)))
                .map(str::to_string),
        )
        .collect()
}

/// True when skipping is not allowed.
pub fn required() -> bool {
    std::env::var("RVMMU_E2E").is_ok_and(|v| v == "require")
}

/// The built user program `name`, or None (skip) when it was not built.
pub fn user_program(name: &str) -> Option<PathBuf> {
    let p = root().join("tests/user/out").join(name);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        !required(),
        "{} is missing: run make -C tests/user",
        p.display()
    );
    eprintln!("skipped: {} not built (make -C tests/user)", p.display());
    None
}
