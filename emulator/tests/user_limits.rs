//! End-to-end: the limits of a user program under the firmware say what
//! they are. A working set larger than `--frames` without swap ends with
//! 137 and a line naming the limit and the options that lift it;
//! `--frames 0` is no cap; too few frames for one instruction to complete
//! ends with a message instead of a livelock; `--debug-syscalls` turns on
//! the firmware's line for each unimplemented system call, --strace.

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
    // The firmware's own line (through hostio), then rvmmu's.
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("rvmmu: firmware: out of memory at 0x"),
        "{err}"
    );
    assert_eq!(
        lines[1],
        "rvmmu: the guest ran out of memory (killed, 137): at most 16 resident user pages \
          (--frames 16); raise --frames, or give it a swap disk (--swap mem:64M)"
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
fn debug_syscalls_and_strace_name_unimplemented_system_calls() {
    // li a7, 999; ecall; li a0, 0; li a7, 293 (rseq); ecall;
    // li a0, 0; li a7, 93; ecall
    let prog = ElfBuilder::new(0x10000)
        .segment(Segment::load(
            0x10000,
            code(&[
                0x3e70_0893,
                0x0000_0073,
                0x0000_0513,
                0x1250_0893,
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
    // The supervisor's lines and --strace's go to host stderr (hostio);
    // stdout is the program's alone.
    let both = |o: &std::process::Output| {
        assert_eq!(text(&o.stdout), "", "nothing of the supervisor on stdout");
        text(&o.stderr)
    };
    let quiet = rvmmu(&path, &[]);
    assert_eq!(quiet.status.code(), Some(0), "{}", text(&quiet.stderr));
    assert!(!both(&quiet).contains("unimplemented syscall"));
    let loud = rvmmu(&path, &["--debug-syscalls"]);
    assert_eq!(loud.status.code(), Some(0), "{}", text(&loud.stderr));
    let out = both(&loud);
    assert!(
        out.contains("unimplemented syscall 999 (no such call) at pc 0x10004\n")
            && out.contains("unimplemented syscall 293 (rseq) at pc 0x10010\n"),
        "{out}"
    );
    let traced = rvmmu(&path, &["--strace"]);
    assert_eq!(traced.status.code(), Some(0), "{}", text(&traced.stderr));
    let out = both(&traced);
    // (A line may carry a prefix naming the supervisor.)
    let lines: Vec<&str> = out
        .lines()
        .filter_map(|l| l.find("[pid ").map(|i| &l[i..]))
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("[pid 1] syscall_999(0x"), "{out}");
    assert_eq!(
        lines[1..],
        [
            "[pid 1] rseq(NULL, 0, 0x0, 0x0) = -1 ENOSYS (Function not implemented)",
            "[pid 1] exit(0) = ?",
        ],
        "{out}"
    );
    assert!(out.contains("unimplemented syscall 293 (rseq)"), "{out}");
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
        stderr.contains("rvmmu: firmware: pid 1 cannot make progress at pc 0x")
            && stderr.contains("than frames=2 keeps resident"),
        "{stderr}"
    );
    assert!(stderr.contains("(--frames 2); raise --frames"), "{stderr}");
    // Three are enough for hello.
    let out = rvmmu(&hello, &["--frames", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
