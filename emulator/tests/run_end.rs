//! End-to-end: every way `rvmmu run` stops that is not the guest's own exit
//! ends promptly with the status of the exit-status table and one stderr
//! line saying why: `--timeout`, Ctrl-C and SIGTERM (with `--stats` still
//! printed), and a console that can no longer be written (a closed pipe).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/elf.rs"]
mod elf;

use elf::{code, programs, ElfBuilder, Segment};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const BASE: u64 = 0x8000_0000;

/// `lui t0, 0x10000; li t1, 'y'; li t2, '\n'; 1: sb t1, 0(t0); sb t2, 0(t0); j 1b`:
/// prints lines of `y` on the UART forever, like yes(1).
const YES: [u32; 6] = [
    0x1000_02b7,
    0x0790_0313,
    0x00a0_0393,
    0x0062_8023,
    0x0072_8023,
    0xff9f_f06f,
];

fn program(name: &str, insns: &[u32]) -> PathBuf {
    let bytes = ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(insns), 0x100))
        .symbol("_start", BASE, 0, 0, 0)
        .build();
    let path = std::env::temp_dir().join(format!("rvmmu-run-end-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn rvmmu(args: &[&str], file: &PathBuf) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rvmmu"));
    cmd.env_remove("RUST_LOG").arg("run").arg(file).args(args);
    cmd
}

/// Waits at most `limit` for `child`; kills it and fails the test after.
fn wait(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("rvmmu still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut s = String::new();
    child.stderr.take().unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn timeout_stops_a_runaway_guest_with_124_and_says_so() {
    let file = program("spin", &programs::SPIN);
    let start = Instant::now();
    let out = rvmmu(&["--timeout", "0.5"], &file).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(124), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "rvmmu: stopped after 0.5s of wall-clock time (--timeout) at pc 0x80000000 <_start>"
        ),
        "{err}"
    );
    let _ = std::fs::remove_file(file);
}

#[cfg(unix)]
fn signal_ends_the_run(signal: &str, status: i32, needle: &str) {
    let file = program(&format!("spin-{signal}"), &programs::SPIN);
    let mut child = rvmmu(&["--stats"], &file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let it reach the run loop (the handlers are installed before it).
    std::thread::sleep(Duration::from_millis(700));
    let ok = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let st = wait(&mut child, Duration::from_secs(20));
    let err = stderr_of(&mut child);
    assert_eq!(st.code(), Some(status), "{err}");
    assert!(err.contains(needle), "{err}");
    assert!(err.contains("hart.instructions"), "--stats printed: {err}");
    let _ = std::fs::remove_file(file);
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_the_run_with_130_and_the_stats() {
    signal_ends_the_run("INT", 130, "rvmmu: interrupted (SIGINT) at pc 0x80000000");
}

#[cfg(unix)]
#[test]
fn sigterm_ends_the_run_with_143_and_the_stats() {
    signal_ends_the_run("TERM", 143, "rvmmu: terminated (SIGTERM) at pc 0x80000000");
}

#[test]
fn a_closed_stdout_ends_the_run_with_141() {
    // `rvmmu run yes | head -c1`
    let file = program("yes", &YES);
    let mut child = rvmmu(&[], &file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    out.read_exact(&mut one).unwrap();
    assert_eq!(&one, b"y");
    drop(out);
    let st = wait(&mut child, Duration::from_secs(20));
    let err = stderr_of(&mut child);
    assert_eq!(st.code(), Some(141), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot write the guest's console output to stdout"),
        "{err}"
    );
    let _ = std::fs::remove_file(file);
}
