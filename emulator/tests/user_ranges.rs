//! End-to-end: range operations (mmap MAP_FIXED, mprotect, munmap) cost
//! in proportion to what is mapped, not to the size of the range (issue
//! 15, item 8): tests/user/reserve touches the same 4 MiB inside a
//! reservation of 8 MiB and of 64 GiB; the guest instruction counts must
//! be nearly the same. (Walking every 4 KiB page of the range, the
//! firmware before this took 3.6 million instructions for 8 MiB and 2.6
//! billion for 64 GiB.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/guest.rs"]
mod guest;

use std::path::Path;
use std::process::Command;

/// Runs reserve with a reservation of `mib` MiB; its guest instructions.
fn instructions(prog: &Path, mib: u64) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "--stats", "--timeout", "60"])
        .arg(prog)
        .arg("--")
        .arg(mib.to_string())
        .output()
        .expect("rvmmu runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!(
            "reserve: {mib} MiB reserved, 4 MiB touched, all released"
        )),
        "{stdout}"
    );
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("hart.instructions"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no hart.instructions in: {stderr}"))
}

#[test]
fn range_operations_cost_what_is_mapped_not_the_range_size() {
    let Some(prog) = guest::user_program("reserve") else {
        return;
    };
    let small = instructions(&prog, 8);
    let huge = instructions(&prog, 64 * 1024);
    // The huge range may only add the steps over its absent 2 MiB and
    // 1 GiB subtrees (a few per operation per GiB), never one per page:
    // 16 Mi pages.
    assert!(
        huge < small + 100_000,
        "8 MiB: {small} instructions, 64 GiB: {huge}"
    );
}
