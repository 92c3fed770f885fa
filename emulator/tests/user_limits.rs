//! End-to-end: the limits of a user program under the firmware say what
//! they are. A working set larger than `--frames` without swap ends with
//! 137 and a line naming the limit and the options that lift it;
//! `--frames 0` is no cap; too few frames for one instruction to complete
//! ends with a message instead of a livelock; `--debug-syscalls` turns on
//! the firmware's line for each unknown system call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/elf.rs"]
mod elf;
#[path = "support/guest.rs"]
mod guest;

use elf::{code, ElfBuilder, Segment};
use std::path::Path;
use std::process::{Command, Output};

fn rvmmu(file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .env_remove("RUST_LOG")
        .arg("run")
        .arg(file)
        .args(["--timeout", "60"])
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_working_set_beyond_frames_without_swap_names_the_limit() {
    let Some(wset) = guest::user_program("wset") else {
        return;
    };
    let out = rvmmu(&wset, &["--frames", "16", "--", "64", "1"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(137), "{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "rvmmu: the guest ran out of memory (killed, 137): at most 16 resident user pages \
          (--frames 16); raise --frames, or give it a swap disk (--swap mem:64M)"
        ],
    );
    // The options it names lift it.
    for lift in [
        &["--frames", "0"][..],
        &["--frames", "16", "--swap", "mem:64M"][..],
    ] {
        let args: Vec<&str> = lift.iter().copied().chain(["--", "64", "1"]).collect();
        let out = rvmmu(&wset, &args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{lift:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn debug_syscalls_reports_unknown_system_calls() {
    // li a7, 999; ecall; li a0, 0; li a7, 93; ecall
    let prog = ElfBuilder::new(0x10000)
        .segment(Segment::load(
            0x10000,
            code(&[
                0x3e70_0893,
                0x0000_0073,
                0x0000_0513,
                0x05d0_0893,
                0x0000_0073,
            ]),
            0x1000,
        ))
        .build();
    let path = std::env::temp_dir().join(format!("rvmmu-enosys-{}", std::process::id()));
    std::fs::write(&path, prog).unwrap();
    let quiet = rvmmu(&path, &[]);
    assert_eq!(quiet.status.code(), Some(0), "{}", text(&quiet.stderr));
    assert!(!text(&quiet.stdout).contains("unknown system call"));
    let loud = rvmmu(&path, &["--debug-syscalls"]);
    assert_eq!(loud.status.code(), Some(0), "{}", text(&loud.stderr));
    assert!(
        text(&loud.stdout).contains("firmware: unknown system call 999 (a0 0x0) at pc 0x10004"),
        "{}",
        text(&loud.stdout)
    );
    let _ = std::fs::remove_file(path);
}

#[test]
fn too_few_frames_for_one_instruction_end_with_a_message_not_a_livelock() {
    let Some(hello) = guest::user_program("hello") else {
        return;
    };
    // Code, stack and data pages of one instruction evict each other.
    let out = rvmmu(&hello, &["--frames", "2", "--max-insns", "200000000"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(137), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("firmware: pid 1 cannot make progress at pc 0x")
            && stdout.contains("than frames=2 keeps resident"),
        "{stdout}"
    );
    assert!(stderr.contains("(--frames 2); raise --frames"), "{stderr}");
    // Three are enough for hello.
    let out = rvmmu(&hello, &["--frames", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
