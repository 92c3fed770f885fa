//! Running a committed bare-metal guest of `tests/bin/` under `rvmmu run`
//! and finding its symbols: shared by the MMU debugging tests
//! (debug_mmu.rs on mmu_debug.elf, debug_hyp.rs on hyp_debug.elf).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use emulator::symbols::SymbolTable;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/bin/NAME`.
pub fn bin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/bin")
        .join(name)
}

/// The address of symbol `name` in `elf`.
pub fn symbol(elf: &Path, name: &str) -> u64 {
    SymbolTable::from_elf(&std::fs::read(elf).unwrap())
        .unwrap()
        .lookup(name)
        .unwrap_or_else(|| panic!("no symbol {name} in {}", elf.display()))
}

/// Runs `rvmmu run ELF ARGS` (RUST_LOG unset); it must exit 0. Returns
/// stderr.
pub fn run(elf: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .env_remove("RUST_LOG")
        .arg("run")
        .arg(elf)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
}
