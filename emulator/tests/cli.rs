//! End-to-end tests of the `rvmmu` binary: exit codes, stderr messages and
//! help text, on ELF files built byte by byte by `support/elf.rs`.
//!
//! These live in `emulator/tests/` rather than the `tests/` crate because
//! Cargo gives `CARGO_BIN_EXE_rvmmu` (the freshly built binary's path) only
//! to integration tests of the package that defines the binary: no guessing
//! of target directories or profiles, and `cargo test` rebuilds the binary
//! first.
//!
//! Tests marked "needs the hart" execute guest code; the others only
//! exercise the loader and the command line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/elf.rs"]
mod elf;

use elf::{code, programs, ElfBuilder, Segment, EM_X86_64, ET_DYN, ET_REL, PT_NOTE};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BASE: u64 = 0x8000_0000;

fn rvmmu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rvmmu"));
    cmd.env_remove("RUST_LOG");
    cmd
}

/// A fresh scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("rvmmu-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A program at BASE with a `tohost` word at BASE + 0x1000.
fn with_tohost(insns: &[u32]) -> ElfBuilder {
    ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(insns), 0x1000))
        .segment(Segment::load(BASE + 0x1000, vec![0; 16], 16))
        .symbol("_start", BASE, 0, 0, 0)
        .symbol("tohost", BASE + 0x1000, 8, 1, 1)
        .symbol("fromhost", BASE + 0x1008, 8, 1, 1)
}

fn finisher_42() -> ElfBuilder {
    ElfBuilder::new(BASE)
        .segment(Segment::load(
            BASE,
            code(&programs::FINISHER_EXIT_42),
            0x100,
        ))
        .symbol("_start", BASE, 0, 0, 0)
}

fn spin() -> ElfBuilder {
    ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(&programs::SPIN), 0x100))
        .symbol("_start", BASE, 0, 0, 0)
}

/// Runs `rvmmu run` on `file` with `args` and asserts a load error: exit 2
/// and exactly one stderr line `rvmmu: <file>: <...needle...>`.
fn assert_load_error(file: &Path, args: &[&str], needle: &str) {
    let out = rvmmu().arg("run").arg(file).args(args).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{needle}: stderr {err:?}");
    assert_eq!(err.lines().count(), 1, "{needle}: not one line: {err:?}");
    let prefix = format!("rvmmu: {}: ", file.display());
    assert!(err.starts_with(&prefix), "{needle}: {err:?}");
    assert!(err.contains(needle), "{needle}: {err:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn every_bad_file_exits_2_with_one_line_naming_the_problem() {
    let dir = scratch("bad");
    type Breaker = fn(&mut ElfBuilder) -> Option<Vec<u8>>;
    let cases: Vec<(&str, Breaker, &str)> = vec![
        ("empty", |_| Some(vec![]), "empty file"),
        ("text", |_| Some(b"hello, world\n".to_vec()), "not an ELF file"),
        ("short-header", |b| Some(b.build()[..50].to_vec()), "too short"),
        (
            "elf32",
            |b| {
                b.class = 1;
                None
            },
            "32-bit",
        ),
        (
            "big-endian",
            |b| {
                b.data_encoding = 2;
                None
            },
            "big-endian",
        ),
        (
            "x86",
            |b| {
                b.machine = EM_X86_64;
                None
            },
            "not RISC-V",
        ),
        (
            "object",
            |b| {
                b.e_type = ET_REL;
                None
            },
            "ET_REL",
        ),
        (
            "pie",
            |b| {
                b.e_type = ET_DYN;
                None
            },
            "ET_DYN",
        ),
        (
            "no-segments",
            |b| {
                b.segments.clear();
                b.symbols.clear();
                None
            },
            "no loadable (PT_LOAD)",
        ),
        (
            "note-only",
            |b| {
                b.segments[0].p_type = PT_NOTE;
                None
            },
            "no loadable (PT_LOAD)",
        ),
        (
            "phdrs-cut",
            |b| Some(b.build()[..90].to_vec()),
            "program header table",
        ),
        (
            "segment-cut",
            |b| {
                let mut v = b.build();
                // Segment 0's bytes start at 0x80 (after the headers).
                v.truncate(0x80 + 8);
                Some(v)
            },
            "segment 0: file bytes",
        ),
        (
            "filesz-gt-memsz",
            |b| {
                b.segments[0].memsz = 4;
                None
            },
            "segment 0: file size 0x14 is larger than its memory size 0x4",
        ),
        (
            "below-ram",
            |b| {
                b.segments[0].paddr = 0x4000_0000;
                None
            },
            "segment 0: physical addresses 0x40000000..0x40000100 lie outside RAM 0x80000000..0x88000000",
        ),
        (
            "over-uart",
            |b| {
                b.segments[0].paddr = 0x1000_0000;
                None
            },
            "overlap the UART at 0x10000000..0x10000100",
        ),
        (
            "over-clint",
            |b| {
                b.segments[0].paddr = 0x0200_4000;
                None
            },
            "overlap the CLINT",
        ),
        (
            "huge",
            |b| {
                b.segments[0].memsz = 0xffff_ffff_ff00_0000;
                None
            },
            "overflows 64 bits",
        ),
        (
            "entry-outside-segments",
            |b| {
                b.entry = BASE + 0x10000;
                None
            },
            "entry point 0x80010000 lies outside every loadable segment",
        ),
        (
            "too-big-for-ram",
            |b| {
                b.segments[0].memsz = 0x1_0000_0000;
                None
            },
            "raise --mem",
        ),
    ];
    for (name, breaker, needle) in cases {
        let mut b = finisher_42();
        let bytes = breaker(&mut b).unwrap_or_else(|| b.build());
        let file = write(&dir, name, &bytes);
        assert_load_error(&file, &[], needle);
    }
}

#[test]
fn unreadable_paths_exit_2_with_one_line() {
    let dir = scratch("paths");
    assert_load_error(&dir.join("missing.elf"), &[], "No such file");
    assert_load_error(&dir, &[], "cannot read file");
}

#[test]
fn program_larger_than_mem_asks_for_more_mem() {
    let dir = scratch("mem-small");
    let mut b = finisher_42();
    b.segments[0].memsz = 0x2_0000;
    let file = write(&dir, "big", &b.build());
    assert_load_error(
        &file,
        &["--mem", "64K"],
        "outside RAM 0x80000000..0x80010000",
    );
}

#[test]
fn invalid_mem_sizes_are_usage_errors() {
    let dir = scratch("mem");
    let file = write(&dir, "ok", &finisher_42().build());
    for (size, reason) in [
        ("0", "minimum"),
        ("1K", "minimum"),
        ("4097", "multiple of 4K"),
        ("17G", "maximum"),
        ("lots", "not a size"),
        ("1.5G", "suffix"),
        ("12T", "suffix"),
    ] {
        let out = rvmmu()
            .args(["run", "--mem", size])
            .arg(&file)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--mem {size}: {err}");
        assert!(
            err.contains("--mem") && err.contains(reason),
            "--mem {size}: {err}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["run"][..],
        &["frobnicate"][..],
        &["run", "x", "--max-insns", "-3"][..],
        &["test", "d", "--timeout", "0"][..],
        &["test", "d", "--jobs", "0"][..],
        &["run", "x", "--satp-modes", "sv48"][..],
        &["run", "x", "--satp-modes", "sv39,sv57"][..],
        &["test", "d", "--satp-modes", "sv32"][..],
    ] {
        let out = rvmmu().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn help_documents_every_option_and_the_exit_codes() {
    let help = |args: &[&str]| stdout(&rvmmu().args(args).output().unwrap());
    let main = help(&["--help"]);
    for needle in ["run", "test", "status  meaning", "124", "2 "] {
        assert!(
            main.contains(needle),
            "rvmmu --help lacks {needle:?}:\n{main}"
        );
    }
    let run = help(&["run", "--help"]);
    for needle in [
        "--mem",
        "--max-insns",
        "--trace",
        "--satp-modes",
        "Exit status",
        "124",
        "255",
        "RUST_LOG",
    ] {
        assert!(
            run.contains(needle),
            "rvmmu run --help lacks {needle:?}:\n{run}"
        );
    }
    let test = help(&["test", "--help"]);
    for needle in [
        "--timeout",
        "--jobs",
        "--max-insns",
        "Exit status",
        "N passed, M failed",
    ] {
        assert!(
            test.contains(needle),
            "rvmmu test --help lacks {needle:?}:\n{test}"
        );
    }
}

/// The README's exit-status table, the text of its code block.
fn readme_exit_table() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let section = readme
        .split("### Exit status")
        .nth(1)
        .expect("README has an Exit status section");
    let block = section.split("```\n").nth(1).expect("a code block");
    block.trim_end().to_string()
}

#[test]
fn help_and_readme_print_the_same_exit_status_table() {
    let help = stdout(&rvmmu().arg("--help").output().unwrap());
    let table = readme_exit_table();
    assert!(table.starts_with("status  meaning"), "{table}");
    assert!(
        help.contains(&table),
        "rvmmu --help and the README's exit-status table differ:\n--help:\n{help}\nREADME:\n{table}"
    );
}

#[test]
fn every_option_in_help_is_in_the_readme() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    for cmd in ["run", "test"] {
        let help = stdout(&rvmmu().args([cmd, "--help"]).output().unwrap());
        for word in help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            let is_option = word.starts_with("--") && word.len() > 2;
            if is_option && word != "--help" {
                assert!(
                    readme.contains(&format!("`{word}")) || readme.contains(&format!("[{word}")),
                    "rvmmu {cmd} --help has {word}, the README does not"
                );
            }
        }
    }
}

#[test]
fn test_command_refuses_missing_and_empty_directories() {
    let empty = scratch("empty-dir");
    let junk = scratch("junk-dir");
    write(&junk, "notes.txt", b"not a program");
    write(&junk, "rv64ui-p-add.dump", b"disassembly");
    let mut rv32 = finisher_42();
    rv32.class = 1;
    write(&junk, "rv32ui-p-add", &rv32.build());
    for (dir, needle) in [
        (empty.to_path_buf(), "no RV64 RISC-V executables"),
        (junk.to_path_buf(), "no RV64 RISC-V executables"),
        (empty.join("nope"), "no such directory"),
    ] {
        let out = rvmmu().arg("test").arg(&dir).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", dir.display());
        assert!(err.contains(needle), "{}: {err}", dir.display());
        assert!(
            !stdout(&out).contains("passed"),
            "ran tests in {}",
            dir.display()
        );
    }
}

// ---- needs the hart (guest code runs) ----

#[test]
fn needs_hart_finisher_exit_code_becomes_the_process_exit_code() {
    let dir = scratch("finisher");
    let file = write(&dir, "exit42", &finisher_42().build());
    let out = rvmmu().arg("run").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(42), "stderr: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn needs_hart_htif_exit_codes_follow_the_riscv_tests_convention() {
    let dir = scratch("htif");
    for (code, status) in [(0, 0), (5, 5), (255, 255), (256, 255), (512, 255)] {
        let file = write(
            &dir,
            &format!("exit{code}"),
            &with_tohost(&programs::htif_exit(code)).build(),
        );
        let out = rvmmu().arg("run").arg(&file).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(status), "code {code}: {err}");
        if code > 255 {
            assert!(err.contains(&format!("guest exit code {code}")), "{err}");
        }
    }
}

#[test]
fn needs_hart_max_insns_stops_a_runaway_guest_with_124() {
    let dir = scratch("spin");
    let file = write(&dir, "spin", &spin().build());
    let out = rvmmu()
        .args(["run", "--max-insns", "1000"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(124));
    assert_eq!(
        stderr(&out),
        "rvmmu: stopped after 1000 instructions (--max-insns) at pc 0x80000000 <_start>\n"
    );
}

#[test]
fn needs_hart_trace_logs_each_instruction_to_stderr() {
    let dir = scratch("trace");
    let file = write(&dir, "exit42", &finisher_42().build());
    let out = rvmmu()
        .args(["run", "--trace"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(42));
    let err = stderr(&out);
    let traced: Vec<&str> = err.lines().filter(|l| l.contains("rvmmu::trace")).collect();
    // lui, lui, addi, sw: the store ends the run.
    assert_eq!(traced.len(), 4, "{err}");
    assert!(
        traced[0].contains("80000000") && traced[0].contains("lui"),
        "{err}"
    );
    assert!(
        traced[3].contains("8000000c") && traced[3].contains("sw"),
        "{err}"
    );
    // Without --trace nothing is logged.
    let quiet = rvmmu().arg("run").arg(&file).output().unwrap();
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
}

#[test]
fn needs_hart_test_command_reports_each_failure_and_the_summary() {
    let dir = scratch("suite");
    write(&dir, "pass", &with_tohost(&programs::htif_exit(0)).build());
    write(&dir, "fail3", &with_tohost(&programs::htif_exit(3)).build());
    // Exit code 2 is a failing test 2, not a load error.
    write(&dir, "fail2", &with_tohost(&programs::htif_exit(2)).build());
    write(&dir, "hang", &spin().build());
    let mut broken = finisher_42();
    broken.segments[0].paddr = 0x4000_0000;
    write(&dir, "broken", &broken.build());
    // Skipped silently: listings, objects, text, RV32 programs.
    write(&dir, "pass.dump", b"disassembly");
    let mut obj = finisher_42();
    obj.e_type = ET_REL;
    write(&dir, "thing.o", &obj.build());
    write(&dir, "README", b"hello");
    let mut rv32 = finisher_42();
    rv32.class = 1;
    write(&dir, "rv32", &rv32.build());

    let out = rvmmu()
        // The wall-clock kill, not the default instruction budget.
        .args([
            "test",
            "--timeout",
            "1",
            "--jobs",
            "2",
            "--max-insns",
            "1000000000000",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "ERROR broken: segment 0: physical addresses 0x40000000..0x40000100 lie outside RAM \
             0x80000000..0x88000000; link the program into RAM or raise --mem",
            "FAIL fail2: exit code 2 (test 2)",
            "FAIL fail3: exit code 3 (test 3)",
            "TIMEOUT hang: still running after 1s, killed",
            "1 passed, 4 failed",
        ],
        "{text}"
    );
}

#[test]
fn needs_hart_test_command_passes_max_insns_to_each_test() {
    let dir = scratch("suite-insns");
    write(&dir, "pass", &with_tohost(&programs::htif_exit(0)).build());
    write(&dir, "hang", &spin().build());
    let out = rvmmu()
        .args(["test", "--max-insns", "500"])
        .arg(&dir)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text,
        "TIMEOUT hang: stopped after 500 instructions (--max-insns) at pc 0x80000000 <_start>\n\
         1 passed, 1 failed\n"
    );
}

#[test]
fn needs_hart_test_command_exits_0_when_all_pass_across_directories() {
    let a = scratch("suite-a");
    let b = scratch("suite-b");
    write(&a, "t1", &with_tohost(&programs::htif_exit(0)).build());
    write(&b, "t2", &with_tohost(&programs::htif_exit(0)).build());
    write(&b, "t3", &with_tohost(&programs::htif_exit(0)).build());
    let out = rvmmu().arg("test").arg(&a).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "3 passed, 0 failed\n");
}

#[test]
fn isa_lists_every_extension_with_its_specification() {
    let out = rvmmu().arg("isa").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let isa = lines.next().unwrap();
    assert!(isa.starts_with("rv64imafdch_"), "{isa}");
    for ext in [
        "zba", "zbb", "zbc", "zbs", "zbkb", "zbkx", "zicond", "zcb", "zacas", "zicboz",
    ] {
        assert!(isa.split('_').any(|e| e == ext), "{ext} missing in {isa}");
        let line = lines
            .clone()
            .find(|l| l.split_whitespace().next() == Some(ext));
        assert!(
            line.is_some_and(|l| l.len() > ext.len() + 10),
            "{ext}: {text}"
        );
    }
}

#[test]
fn bad_isa_strings_exit_2_with_one_line() {
    let dir = scratch("bad-isa");
    let file = write(&dir, "exit42", &finisher_42().build());
    for (cmd, isa, why) in [
        ("run", "rv64gq", "unknown extension 'q'"),
        ("run", "rv64gc_zfoo", "unknown extension 'zfoo'"),
        ("test", "rv32gc", "rv64"),
        ("run", "rv64i_zcb", "zcb requires c"),
    ] {
        let target = if cmd == "run" {
            file.as_os_str()
        } else {
            dir.as_os_str()
        };
        let out = rvmmu()
            .args([cmd, "--isa", isa])
            .arg(target)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{cmd} --isa {isa}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("rvmmu: --isa {isa}: ")) && err.contains(why),
            "{err}"
        );
    }
}

#[test]
fn needs_hart_isa_without_an_extension_makes_its_instructions_illegal() {
    const CLZ_A0: u32 = 0x6005_1513; // clz a0, a0
    let dir = scratch("isa-gate");
    let mut insns = vec![CLZ_A0];
    insns.extend_from_slice(&programs::FINISHER_EXIT_42);
    let elf = ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(&insns), 0x100))
        .symbol("_start", BASE, 0, 0, 0)
        .build();
    let file = write(&dir, "clz", &elf);
    let run = |isa: &str| {
        let out = rvmmu()
            .args(["run", "--max-insns", "1000", "--isa", isa])
            .arg(&file)
            .output()
            .unwrap();
        out.status.code()
    };
    assert_eq!(run("rv64gc_zbb"), Some(42));
    assert_eq!(run("rv64gc_zbkb"), Some(124), "clz is Zbb only: it traps");
}
