//! `rvmmu test DIR...`: runs a directory of test programs (the official
//! riscv-tests unchanged, or one's own) and reports `N passed, M failed`.
//!
//! Each test runs as a child process of this same binary (`rvmmu run FILE`),
//! so a hang is ended by killing it and a crash cannot take the runner
//! down. A test passes when it exits 0. The riscv-tests signal failure by
//! writing `TESTNUM << 1 | 1` to `tohost`, which `rvmmu run` turns into exit
//! code TESTNUM: hence "(test N)" in the failure line.

use crate::exit_status;
use crate::loader;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Exit code: every test passed.
const EXIT_ALL_PASSED: u8 = exit_status::SUCCESS;
/// Exit code: some test failed, timed out or could not run.
const EXIT_SOME_FAILED: u8 = exit_status::TESTS_FAILED;
/// Exit code: no tests to run (missing or empty directory).
const EXIT_NO_TESTS: u8 = exit_status::BAD_INPUT;
/// Exit code of `rvmmu run` when it cannot load its file.
const CHILD_LOAD_ERROR: i32 = exit_status::BAD_INPUT as i32;
/// Exit code of `rvmmu run` when it stopped a guest that would not exit.
const CHILD_STOPPED: i32 = exit_status::STOPPED as i32;
/// How much of a child's stderr is kept (its end).
const STDERR_TAIL: usize = 8 << 10;
/// Only the first bytes of a file are read to decide whether it is a test.
const PROBE_LEN: u64 = 64;

/// What `rvmmu test` was asked to do.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    pub dirs: Vec<PathBuf>,
    pub timeout: Duration,
    pub jobs: usize,
    pub max_insns: Option<u64>,
    /// Further `rvmmu run` options given to every test (e.g. `--ad svadu`).
    pub run_args: Vec<String>,
    /// The `rvmmu` binary that runs each test.
    pub exe: PathBuf,
}

/// One test program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCase {
    pub name: String,
    pub path: PathBuf,
}

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The guest exited with this nonzero code.
    Fail(i64),
    /// Killed after the timeout, or stopped by `--max-insns`.
    Timeout(String),
    /// Could not be loaded or run, or crashed.
    Error(String),
}

impl Outcome {
    /// The report line for a test that did not pass.
    pub fn report(&self, name: &str) -> Option<String> {
        match self {
            Outcome::Pass => None,
            Outcome::Fail(code) => Some(format!("FAIL {name}: exit code {code} (test {code})")),
            Outcome::Timeout(why) => Some(format!("TIMEOUT {name}: {why}")),
            Outcome::Error(why) => Some(format!("ERROR {name}: {why}")),
        }
    }
}

/// Runs every test in `cfg.dirs`, prints the failures and the summary, and
/// returns the exit code.
pub fn run_tests(cfg: &RunnerConfig) -> u8 {
    let mut tests = Vec::new();
    for dir in &cfg.dirs {
        match find_tests(dir) {
            Ok(found) => tests.extend(found),
            Err(msg) => {
                eprintln!("rvmmu: {msg}");
                return EXIT_NO_TESTS;
            }
        }
    }
    let outcomes = run_all(&tests, cfg);
    let mut failed = 0usize;
    for (test, outcome) in tests.iter().zip(&outcomes) {
        if let Some(line) = outcome.report(&test.name) {
            println!("{line}");
            failed += 1;
        }
    }
    println!("{} passed, {failed} failed", tests.len() - failed);
    if failed == 0 {
        EXIT_ALL_PASSED
    } else {
        EXIT_SOME_FAILED
    }
}

/// The RV64 executables directly inside `dir`, sorted by name. Other files
/// (`.dump` listings, objects, sources, RV32 builds) are skipped silently.
pub fn find_tests(dir: &Path) -> Result<Vec<TestCase>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such directory", dir.display()),
        _ => format!("{}: cannot list directory: {e}", dir.display()),
    })?;
    let mut tests = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".dump") || name.ends_with(".o") || !path.is_file() {
            continue;
        }
        if is_test_program(&path) {
            tests.push(TestCase { name, path });
        }
    }
    if tests.is_empty() {
        return Err(format!(
            "{}: no RV64 RISC-V executables (ELF64 ET_EXEC) found",
            dir.display()
        ));
    }
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(tests)
}

/// True when the file's header is that of an RV64 executable.
fn is_test_program(path: &Path) -> bool {
    let mut head = Vec::with_capacity(PROBE_LEN as usize);
    match std::fs::File::open(path) {
        Ok(f) => {
            f.take(PROBE_LEN).read_to_end(&mut head).is_ok()
                && loader::looks_like_rv64_executable(&head)
        }
        Err(_) => false,
    }
}

/// Runs the tests on `cfg.jobs` threads; outcomes in the order of `tests`.
pub fn run_all(tests: &[TestCase], cfg: &RunnerConfig) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; tests.len()]);
    let workers = cfg.jobs.clamp(1, tests.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(test) = tests.get(i) else { break };
                let outcome = run_one(test, cfg);
                if let Ok(mut r) = results.lock() {
                    if let Some(slot) = r.get_mut(i) {
                        *slot = Some(outcome);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Error("the runner lost this test's result".into())))
        .collect()
}

/// Runs one test as `rvmmu run FILE` and classifies how it ended.
pub fn run_one(test: &TestCase, cfg: &RunnerConfig) -> Outcome {
    let mut cmd = Command::new(&cfg.exe);
    cmd.arg("run").arg(&test.path);
    if let Some(n) = cfg.max_insns {
        cmd.arg("--max-insns").arg(n.to_string());
    }
    cmd.args(&cfg.run_args);
    // Guest console output is not shown; rvmmu's own messages are kept.
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::Error(format!("cannot start {}: {e}", cfg.exe.display())),
    };
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || read_tail(stderr));
    let status = wait_with_timeout(&mut child, cfg.timeout);
    // The pipe closes when the child is gone, so the reader ends.
    let stderr = reader.join().unwrap_or_default();
    match status {
        Ok(Some(status)) => classify(status, &stderr, &test.path),
        Ok(None) => Outcome::Timeout(format!(
            "still running after {}s, killed",
            cfg.timeout.as_secs_f64()
        )),
        Err(e) => Outcome::Error(format!("lost track of the test process: {e}")),
    }
}

/// Waits for `child`; kills it at the deadline (`Ok(None)`).
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            // Already exited between the two calls: kill fails harmlessly.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        // Short tests are the common case: poll often at first.
        let nap = if elapsed < Duration::from_millis(50) {
            Duration::from_millis(1)
        } else {
            Duration::from_millis(20)
        };
        std::thread::sleep(nap.min(timeout - elapsed));
    }
}

/// The last [`STDERR_TAIL`] bytes of a pipe, read to its end.
fn read_tail(pipe: Option<impl Read>) -> String {
    let Some(mut pipe) = pipe else {
        return String::new();
    };
    let mut tail = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                tail.extend_from_slice(buf.get(..n).unwrap_or_default());
                if tail.len() > 2 * STDERR_TAIL {
                    tail.drain(..tail.len() - STDERR_TAIL);
                }
            }
        }
    }
    String::from_utf8_lossy(&tail).into_owned()
}

/// Turns the exit status and stderr of `rvmmu run` into an outcome.
pub fn classify(status: ExitStatus, stderr: &str, path: &Path) -> Outcome {
    let code = match status.code() {
        Some(c) => c,
        None => return Outcome::Error(crash_message(status, stderr)),
    };
    let load_error_prefix = format!("rvmmu: {}: ", path.display());
    match code {
        0 => Outcome::Pass,
        CHILD_LOAD_ERROR if stderr.starts_with(&load_error_prefix) => {
            let line = stderr.lines().next().unwrap_or_default();
            Outcome::Error(line.trim_start_matches(&load_error_prefix).to_string())
        }
        CHILD_STOPPED => match stderr.lines().rfind(|l| l.starts_with("rvmmu: stopped ")) {
            Some(line) => Outcome::Timeout(line.trim_start_matches("rvmmu: ").to_string()),
            None => Outcome::Fail(i64::from(code)),
        },
        _ => Outcome::Fail(guest_code(stderr).unwrap_or(i64::from(code))),
    }
}

/// The guest's own exit code when it did not fit in the exit status
/// (`rvmmu run` says so on stderr).
fn guest_code(stderr: &str) -> Option<i64> {
    let line = stderr
        .lines()
        .rfind(|l| l.starts_with("rvmmu: guest exit code "))?;
    line.trim_start_matches("rvmmu: guest exit code ")
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(unix)]
fn crash_message(status: ExitStatus, stderr: &str) -> String {
    use std::os::unix::process::ExitStatusExt;
    let last = stderr.lines().rfind(|l| !l.trim().is_empty());
    let sig = status
        .signal()
        .map_or("unknown signal".to_string(), |s| format!("signal {s}"));
    match last {
        Some(l) => format!("rvmmu crashed ({sig}): {l}"),
        None => format!("rvmmu crashed ({sig})"),
    }
}

#[cfg(not(unix))]
fn crash_message(_status: ExitStatus, stderr: &str) -> String {
    let last = stderr
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or_default();
    format!("rvmmu crashed: {last}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::process::ExitStatusExt;

    #[cfg(unix)]
    fn exited(code: i32) -> ExitStatus {
        ExitStatus::from_raw(code << 8)
    }

    #[cfg(unix)]
    #[test]
    fn exit_statuses_are_classified_like_the_riscv_tests_expect() {
        let p = Path::new("/t/rv64ui-p-add");
        let cases: [(ExitStatus, &str, Outcome); 8] = [
            (exited(0), "", Outcome::Pass),
            (exited(3), "", Outcome::Fail(3)),
            // Exit code 2 is test 2 unless rvmmu itself reported a load error.
            (exited(2), "", Outcome::Fail(2)),
            (
                exited(2),
                "rvmmu: /t/rv64ui-p-add: not an ELF file\n",
                Outcome::Error("not an ELF file".into()),
            ),
            (exited(124), "", Outcome::Fail(124)),
            (
                exited(124),
                "rvmmu: stopped after 5 instructions (--max-insns) at pc 0x80000000\n",
                Outcome::Timeout(
                    "stopped after 5 instructions (--max-insns) at pc 0x80000000".into(),
                ),
            ),
            (
                exited(255),
                "rvmmu: guest exit code 300 does not fit in an exit status; exiting with 255\n",
                Outcome::Fail(300),
            ),
            (
                ExitStatus::from_raw(11),
                "thread 'main' panicked\n",
                Outcome::Error("rvmmu crashed (signal 11): thread 'main' panicked".into()),
            ),
        ];
        for (status, stderr, want) in cases {
            assert_eq!(classify(status, stderr, p), want, "{status:?} {stderr:?}");
        }
    }

    #[test]
    fn report_lines_name_the_test_and_the_riscv_tests_number() {
        assert_eq!(Outcome::Pass.report("a"), None);
        assert_eq!(
            Outcome::Fail(5).report("rv64ui-p-add").as_deref(),
            Some("FAIL rv64ui-p-add: exit code 5 (test 5)")
        );
        assert_eq!(
            Outcome::Timeout("killed".into()).report("x").as_deref(),
            Some("TIMEOUT x: killed")
        );
        assert_eq!(
            Outcome::Error("bad".into()).report("y").as_deref(),
            Some("ERROR y: bad")
        );
    }

    #[test]
    fn stderr_tail_keeps_the_end_of_long_output() {
        let long = "x".repeat(5 * STDERR_TAIL) + "\nlast line\n";
        let tail = read_tail(Some(long.as_bytes()));
        assert!(tail.len() <= 2 * STDERR_TAIL);
        assert!(tail.ends_with("last line\n"));
    }
}
