//! End-to-end: files, stdin, arguments, environment, time and streams of
//! user programs (tests/fs/*.c, glibc, built here with
//! riscv64-linux-gnu-gcc -static), each compared with qemu-riscv64 running
//! the same binary on the host's file system (a scratch directory standing
//! for the guest's /tmp or --root), and the --root confinement.
//!
//! Without the cross compiler or qemu-riscv64 the tests are skipped with a
//! message, unless RVMMU_E2E=require (tests/run-all.sh), when they fail.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "support/guest.rs"]
#[allow(dead_code)]
mod guest;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const CC: &str = "riscv64-linux-gnu-gcc";

fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(!guest::required(), "{tool} is not installed");
        eprintln!("skipped: {tool} not installed");
    }
    ok
}

/// Builds tests/fs/NAME.c once per run; None (skip) without the tools.
fn program(name: &str) -> Option<PathBuf> {
    static TOOLS: OnceLock<bool> = OnceLock::new();
    if !*TOOLS.get_or_init(|| have(CC) && have("qemu-riscv64")) {
        return None;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fs-{name}"));
    // Once per name: two tests of one program (run in parallel) must not
    // rewrite it while the other runs it.
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if built.iter().any(|n| n == name) {
        return Some(out);
    }
    let src = guest::root().join(format!("tests/fs/{name}.c"));
    let status = Command::new(CC)
        .args(["-static", "-O2", "-Wall", "-Werror", "-o"])
        .arg(&out)
        .arg(&src)
        .status()
        .expect("the cross compiler runs");
    assert!(status.success(), "{CC} failed on {}", src.display());
    built.push(name.to_string());
    Some(out)
}

/// A fresh, empty scratch directory.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fs-scratch-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// Runs cmd with stdin fed from `input`.
fn run(mut cmd: Command, input: &[u8]) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawns");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("stdin written");
    drop(stdin);
    child.wait_with_output().expect("runs")
}

fn rvmmu(opts: &[&str], prog: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rvmmu"));
    cmd.arg("run")
        .args(["--max-insns", "2000000000"])
        .args(opts)
        .arg(prog)
        .arg("--")
        .args(args)
        .env("TERM", "vt100");
    run(cmd, input)
}

/// qemu-riscv64 with the environment rvmmu gives by default.
fn qemu(prog: &Path, args: &[&str], env: &[&str], input: &[u8]) -> Output {
    let mut cmd = Command::new("qemu-riscv64");
    cmd.env_clear()
        .envs([("PATH", "/bin:/usr/bin"), ("HOME", "/"), ("TERM", "vt100")])
        .envs(env.iter().filter_map(|kv| kv.split_once('=')))
        .arg(prog)
        .args(args);
    run(cmd, input)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_same(what: &str, r: &Output, q: &Output) {
    assert_eq!(
        text(&r.stdout),
        text(&q.stdout),
        "{what}: stdout differs (rvmmu stderr: {})",
        text(&r.stderr)
    );
    assert_eq!(r.status.code(), q.status.code(), "{what}: exit status");
}

#[test]
fn files_in_the_in_memory_tmp_behave_as_on_qemu() {
    let Some(prog) = program("files") else { return };
    let q_dir = scratch("files-q");
    let r = rvmmu(&[], &prog, &["/tmp/work"], b"");
    let q = qemu(
        &prog,
        &[q_dir.join("work").to_str().unwrap_or("")],
        &[],
        b"",
    );
    assert_same("files in /tmp", &r, &q);
    assert!(text(&r.stdout).contains("big intact                   1"));
}

#[test]
fn files_under_a_writable_root_behave_as_on_qemu_and_land_on_the_host() {
    let Some(prog) = program("files") else { return };
    let (r_dir, q_dir) = (scratch("root-rw"), scratch("root-rw-q"));
    let spec = format!("{}:rw", r_dir.display());
    let r = rvmmu(&["--root", &spec], &prog, &["/work"], b"");
    let q = qemu(
        &prog,
        &[q_dir.join("work").to_str().unwrap_or("")],
        &[],
        b"",
    );
    assert_same("files under --root DIR:rw", &r, &q);
    // The program removes what it made: the host directory is empty again.
    let left: Vec<_> = std::fs::read_dir(&r_dir).expect("dir").collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn stdin_arguments_environment_devices_and_time_behave_as_on_qemu() {
    let Some(prog) = program("streams") else {
        return;
    };
    let input = b"first line\nsecond \"quoted\" line\n\nno newline at the end";
    let args = ["two words", "", "'single'", "\"double\"", "tab\there"];
    let r = rvmmu(&["--env", "RVMMU_TEST=a = b"], &prog, &args, input);
    let q = qemu(&prog, &args, &["RVMMU_TEST=a = b"], input);
    assert_same("streams", &r, &q);
    assert_eq!(r.status.code(), Some(3));
    // fd 2 is the host's stderr, apart from stdout.
    assert_eq!(text(&r.stderr), "this goes to stderr\n");
    assert!(
        text(&r.stdout).contains("argv[2] <>"),
        "{}",
        text(&r.stdout)
    );
    // The console's fstat is the host stream's (here pipes), so glibc
    // buffers stdout by blocks, not lines.
    assert!(text(&r.stdout).contains("stdout is a fifo: 1"));
    let counts = format!("stdin: 4 lines, {} bytes, eof 1", input.len());
    assert!(text(&r.stdout).contains(&counts), "{}", text(&r.stdout));
}

#[test]
fn the_realtime_clock_starts_at_the_epoch_option() {
    let Some(prog) = program("streams") else {
        return;
    };
    // 2100-01-01: far from the host's clock, so only --epoch explains it.
    let r = rvmmu(&["--epoch", "4102444800"], &prog, &[], b"");
    assert!(
        text(&r.stdout).contains("realtime after 2023-11-14: 1"),
        "{}",
        text(&r.stdout)
    );
    let r = rvmmu(&["--epoch", "0"], &prog, &[], b"");
    assert!(
        text(&r.stdout).contains("realtime after 2023-11-14: 0"),
        "{}",
        text(&r.stdout)
    );
}

#[test]
fn pipes_between_forked_processes_block_and_behave_as_on_qemu() {
    let Some(prog) = program("pipes") else { return };
    let r = rvmmu(&[], &prog, &[], b"");
    let q = qemu(&prog, &[], &[], b"");
    assert_same("pipes", &r, &q);
    let out = text(&r.stdout);
    assert!(out.starts_with("poll: 1, POLLIN 1\n"), "{out}");
    assert!(
        out.contains("got 100000 bytes, 0 wrong, eof 0, child status 0"),
        "{out}"
    );
    assert!(out.contains("poll empty, timeout 0: 0"), "{out}");
}

#[test]
fn no_guest_path_leaves_the_root_directory() {
    let Some(prog) = program("escape") else {
        return;
    };
    let d = scratch("escape");
    let root = d.join("root");
    std::fs::create_dir_all(root.join("sub")).expect("dirs");
    std::fs::write(d.join("secret"), "outside\n").expect("secret");
    std::fs::write(root.join("inside"), "inside\n").expect("inside");
    let link = |target: &str, at: &str| {
        std::os::unix::fs::symlink(target, root.join(at)).expect("symlink");
    };
    link("/", "abs");
    link("../../secret", "sub/rel");
    link(d.join("secret").to_str().unwrap_or(""), "hostabs");
    link("..", "up");
    let paths = [
        "../secret",
        "/../secret",
        "sub/../../secret",
        "abs/../secret",
        "sub/rel",
        "hostabs",
        "up/secret",
        "up/up/secret",
        "/inside",
        "abs/inside",
        "up/inside",
    ];
    let root_str = root.to_str().unwrap_or("");
    let r = rvmmu(&["--root", root_str], &prog, &paths, b"");
    let out = text(&r.stdout);
    assert_eq!(r.status.code(), Some(0), "{out}{}", text(&r.stderr));
    assert!(!out.contains("outside"), "a path escaped:\n{out}");
    for p in &paths[..8] {
        assert!(out.contains(&format!("{p}: ENOENT\n")), "{p}:\n{out}");
    }
    for p in &paths[8..] {
        assert!(
            out.contains(&format!("{p}: read 7 <inside>\n")),
            "{p}:\n{out}"
        );
    }
    // Read-only by default, yet an existing directory is EEXIST (mkdir -p)
    // and /tmp is the writable in-memory one.
    assert!(out.contains("create /created: EROFS"), "{out}");
    assert!(out.contains("mkdir /: EEXIST"), "{out}");
    assert!(out.contains("mkdir /tmp/new: ok"), "{out}");
    assert!(!root.join("created").exists());
}

#[test]
fn a_cpio_initrd_is_the_root_and_holds_the_program() {
    let Some(prog) = program("escape") else {
        return;
    };
    let d = scratch("initrd");
    let mut cpio = emulator::boot::user_io::cpio_entry("etc", 0o40_755, b"");
    cpio.extend(emulator::boot::user_io::cpio_entry(
        "etc/motd",
        0o100_644,
        b"hello from the initrd\n",
    ));
    cpio.extend(emulator::boot::user_io::cpio_entry("TRAILER!!!", 0, b""));
    let archive = d.join("root.cpio");
    std::fs::write(&archive, cpio).expect("archive");
    let r = rvmmu(
        &["--initrd", archive.to_str().unwrap_or("")],
        &prog,
        &["/etc/motd", "/bin/fs-escape", "/etc/none"],
        b"",
    );
    let out = text(&r.stdout);
    assert_eq!(r.status.code(), Some(0), "{out}{}", text(&r.stderr));
    assert!(
        out.contains("/etc/motd: read 22 <hello from the initrd>"),
        "{out}"
    );
    assert!(out.contains("/bin/fs-escape: read 63 <\u{7f}ELF"), "{out}");
    assert!(out.contains("/etc/none: ENOENT"), "{out}");
    assert!(out.contains("create /created: ok"), "{out}");
}

#[test]
fn execve_runs_files_written_in_tmp_and_files_of_the_host_root() {
    let Some(prog) = program("exec") else { return };
    let child = "child: argv[0]=run argv[1]=child RVMMU_TEST=passed by execve\n";
    // The program copies itself (/bin/NAME) into /tmp and runs the copy.
    let name = prog.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let r = rvmmu(&[], &prog, &["copy", &format!("/bin/{name}"), "/tmp"], b"");
    let out = text(&r.stdout);
    assert_eq!(r.status.code(), Some(7), "{out}{}", text(&r.stderr));
    assert!(out.ends_with(child), "{out}");
    // A program of the host root, twice (the second run reuses the image).
    let d = scratch("exec");
    std::fs::copy(&prog, d.join("prog")).expect("copy");
    let root = d.to_str().unwrap_or("");
    for _ in 0..2 {
        let r = rvmmu(&["--root", root], &prog, &["exec", "/prog"], b"");
        assert_eq!(r.status.code(), Some(7), "{}", text(&r.stderr));
        assert_eq!(text(&r.stdout), child);
    }
    let r = rvmmu(&["--root", root], &prog, &["exec", "/missing"], b"");
    assert_eq!(r.status.code(), Some(1));
    assert!(text(&r.stderr).contains("No such file or directory"));
}

/// The firmware counter `firmware.NAME` of a --stats run.
fn firmware_stat(r: &Output, name: &str) -> u64 {
    let key = format!("firmware.{name} ");
    let v = guest::console_lines(r)
        .iter()
        .find_map(|l| l.strip_prefix(&key)?.trim().parse().ok());
    assert!(v.is_some(), "no {key}in the output: {}", text(&r.stderr));
    v.unwrap_or(0)
}

/// Byte j of page p of tests/fs/mmap_pressure.c's file once it is done.
fn pressure_byte(p: usize, j: usize) -> u8 {
    if j < 512 {
        (p * 13 + j * 3 + 1) as u8
    } else {
        (p * 31 + j) as u8
    }
}

#[test]
fn a_shared_file_mapping_larger_than_the_frame_limit_reaches_the_host_file() {
    let Some(prog) = program("mmap_pressure") else {
        return;
    };
    const PAGES: usize = 128;
    let q_dir = scratch("mmap-pressure-q");
    let q = qemu(&prog, &[q_dir.to_str().unwrap_or(""), "128"], &[], b"");
    assert_eq!(q.status.code(), Some(0), "{}", text(&q.stdout));
    let want: Vec<u8> = (0..PAGES * 4096)
        .map(|i| pressure_byte(i / 4096, i % 4096))
        .collect();
    // 24 frames hold a fifth of the file. Without swap only file pages can
    // go (clean ones dropped, dirty ones written back); with swap they
    // still never go there (the few swap writes are the program's own
    // anonymous pages). Without a limit the second mapping finds every
    // page cached.
    for (opts, limited) in [
        (&["--frames", "24"][..], true),
        (&["--frames", "24", "--swap", "mem:16M"][..], true),
        (&[][..], false),
    ] {
        let dir = scratch("mmap-pressure");
        let spec = format!("{}:rw", dir.display());
        let mut all = vec!["--stats", "--root", &spec];
        all.extend_from_slice(opts);
        let r = rvmmu(&all, &prog, &["/", "128"], b"");
        assert_same(&format!("mmap_pressure {opts:?}"), &r, &q);
        let file = std::fs::read(dir.join("pressure.bin")).expect("the host file");
        assert!(
            file == want,
            "{opts:?}: the host file differs from the stores"
        );
        let writebacks = firmware_stat(&r, "pagecache.writebacks");
        let dropped = firmware_stat(&r, "pagecache.dropped");
        let hits = firmware_stat(&r, "pagecache.hits");
        let reads = firmware_stat(&r, "pagecache.reads");
        assert!(
            writebacks >= PAGES as u64,
            "{opts:?}: {writebacks} write-backs"
        );
        assert_eq!(firmware_stat(&r, "page_faults.filemap"), hits + reads);
        if limited {
            assert!(
                dropped >= (PAGES - 24) as u64,
                "{opts:?}: {dropped} dropped"
            );
            assert_eq!(reads, 2 * PAGES as u64, "{opts:?}: every page read twice");
            assert!(
                firmware_stat(&r, "swap.writes") < (PAGES / 4) as u64,
                "{opts:?}"
            );
        } else {
            assert_eq!((dropped, reads, hits), (0, PAGES as u64, PAGES as u64));
            assert_eq!(writebacks, PAGES as u64, "once each, at munmap");
        }
    }
}

#[test]
fn a_child_ending_without_munmap_writes_its_shared_stores_back() {
    let Some(prog) = program("mmap_pressure") else {
        return;
    };
    let want: Vec<u8> = (0..64 * 4096)
        .map(|i| pressure_byte(i / 4096, i % 4096))
        .collect();
    for opts in [&["--frames", "24"][..], &[][..]] {
        let dir = scratch("mmap-exit");
        let spec = format!("{}:rw", dir.display());
        let mut all = vec!["--root", &spec];
        all.extend_from_slice(opts);
        let r = rvmmu(&all, &prog, &["/", "64", "child"], b"");
        assert_eq!(
            text(&r.stdout),
            "child ended with 0\n",
            "{}",
            text(&r.stderr)
        );
        let file = std::fs::read(dir.join("pressure.bin")).expect("the host file");
        assert!(
            file == want,
            "{opts:?}: the child's stores did not reach the file"
        );
    }
}

#[test]
fn a_second_process_mapping_the_same_file_finds_it_in_the_page_cache() {
    let Some(prog) = program("mapself") else {
        return;
    };
    let bytes = std::fs::read(&prog).expect("the program");
    let sum = bytes
        .iter()
        .fold(0u64, |c, &b| c.wrapping_mul(31).wrapping_add(u64::from(b)));
    let line = format!("{} bytes, checksum {sum:x}\n", bytes.len());
    let pages = bytes.len().div_ceil(4096) as u64;
    // The program maps itself (/bin/NAME), then execve runs it again on
    // the same file: the first mapping reads every page, the second hits.
    let me = format!(
        "/bin/{}",
        prog.file_name().and_then(|n| n.to_str()).unwrap_or("")
    );
    let r = rvmmu(&["--stats"], &prog, &[&me, &me], b"");
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    assert_eq!(text(&r.stdout), format!("{line}{line}"));
    assert_eq!(firmware_stat(&r, "pagecache.reads"), pages);
    assert_eq!(firmware_stat(&r, "pagecache.hits"), pages);
    let q = qemu(&prog, &[prog.to_str().unwrap_or("")], &[], b"");
    assert_eq!(text(&q.stdout), line, "qemu-riscv64 maps the same bytes");
}
