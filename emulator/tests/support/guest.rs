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
