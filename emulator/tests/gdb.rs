//! End-to-end: `rvmmu run FILE --gdb 0` driven by `gdb-multiarch` in batch
//! mode (breakpoints, stepping, registers and CSRs, FP registers of an
//! lp64d ELF, memory through the MMU, watchpoints, monitor commands, exit,
//! detach, kill), plus a hostile
//! client that needs no gdb.
//!
//! Without `gdb-multiarch` (Debian package `gdb-multiarch`) the gdb tests
//! are skipped with a message, unless `RVMMU_E2E=require` (tests/run-all.sh)
//! makes them fail. The expected bytes and addresses come from the ELF
//! files themselves, never from constants.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use emulator::symbols::SymbolTable;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one gdb session or one rvmmu run may take.
const DEADLINE: Duration = Duration::from_secs(120);

fn bin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/bin")
        .join(name)
}

fn required() -> bool {
    std::env::var("RVMMU_E2E").is_ok_and(|v| v == "require")
}

/// Whether gdb-multiarch can run; panics when it cannot but must.
fn have_gdb() -> bool {
    let ok = Command::new("gdb-multiarch")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || !required(),
        "gdb-multiarch is missing: apt-get install gdb-multiarch"
    );
    if !ok {
        eprintln!("skipped: gdb-multiarch not installed (apt-get install gdb-multiarch)");
    }
    ok
}

/// A running `rvmmu run ELF --gdb 0` waiting for its debugger.
struct Stub {
    child: Child,
    port: u16,
    /// The rest of rvmmu's stderr, delivered when it closes.
    stderr: mpsc::Receiver<String>,
}

impl Stub {
    fn start(elf: &Path) -> Stub {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
            .env_remove("RUST_LOG")
            .arg("run")
            .arg(elf)
            .args(["--gdb", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rvmmu starts");
        let stderr = child.stderr.take().unwrap();
        let (port_tx, port_rx) = mpsc::channel();
        let (rest_tx, rest_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            let mut rest = String::new();
            for line in lines.by_ref() {
                let Ok(line) = line else { break };
                if let Some(p) = line.strip_prefix("rvmmu: waiting for gdb on 127.0.0.1:") {
                    let _ = port_tx.send(p.trim().parse::<u16>().ok());
                    break;
                }
                rest.push_str(&line);
                rest.push('\n');
            }
            for line in lines.map_while(Result::ok) {
                rest.push_str(&line);
                rest.push('\n');
            }
            let _ = rest_tx.send(rest);
        });
        let port = port_rx
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .flatten()
            .expect("rvmmu announces its port");
        Stub {
            child,
            port,
            stderr: rest_rx,
        }
    }

    /// Waits for rvmmu to end: its status, stdout and stderr.
    fn finish(mut self) -> (ExitStatus, String, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("rvmmu did not end");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut out = String::new();
        if let Some(mut s) = self.child.stdout.take() {
            let _ = s.read_to_string(&mut out);
        }
        let err = self.stderr.recv_timeout(DEADLINE).unwrap_or_default();
        (status, out, err)
    }
}

/// Runs gdb-multiarch in batch mode on `elf`, connected to `port`, with
/// `commands`; returns everything it printed.
fn gdb(elf: &Path, port: u16, commands: &[&str]) -> String {
    let mut cmd = Command::new("gdb-multiarch");
    cmd.env_remove("DEBUGINFOD_URLS")
        .args(["-nx", "-batch"])
        .args(["-ex", "set pagination off", "-ex", "set confirm off"])
        .args(["-ex", &format!("target remote 127.0.0.1:{port}")]);
    for c in commands {
        cmd.args(["-ex", c]);
    }
    let mut child = cmd
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gdb-multiarch starts");
    let (mut o, mut e) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = e.read_to_string(&mut s);
        s
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = o.read_to_string(&mut s);
        let _ = tx.send(s);
    });
    let Ok(mut out) = rx.recv_timeout(DEADLINE) else {
        let _ = child.kill();
        panic!("gdb did not finish");
    };
    let _ = child.wait();
    out.push_str(&err.join().unwrap_or_default());
    out
}

/// `len` bytes of `elf`'s loadable image at virtual address `va`.
fn elf_bytes(elf: &Path, va: u64, len: usize) -> Vec<u8> {
    let bytes = std::fs::read(elf).unwrap();
    let file = goblin::elf::Elf::parse(&bytes).unwrap();
    let ph = file
        .program_headers
        .iter()
        .find(|p| {
            p.p_type == goblin::elf::program_header::PT_LOAD
                && p.p_vaddr <= va
                && va + len as u64 <= p.p_vaddr + p.p_filesz
        })
        .expect("address in a loaded segment");
    let off = (ph.p_offset + (va - ph.p_vaddr)) as usize;
    bytes[off..off + len].to_vec()
}

/// gdb's `x/Nxw` rendering of little-endian words.
fn words(bytes: &[u8]) -> Vec<String> {
    bytes
        .chunks_exact(4)
        .map(|c| format!("{:#010x}", u32::from_le_bytes(c.try_into().unwrap())))
        .collect()
}

fn symbol(elf: &Path, name: &str) -> u64 {
    SymbolTable::from_elf(&std::fs::read(elf).unwrap())
        .unwrap()
        .lookup(name)
        .unwrap_or_else(|| panic!("{name} in {}", elf.display()))
}

fn assert_has(out: &str, what: &str) {
    assert!(out.contains(what), "expected {what:?} in:\n{out}");
}

#[test]
fn bare_program_breaks_steps_reads_registers_memory_and_monitor() {
    if !have_gdb() {
        return;
    }
    let elf = bin("hello.elf");
    let stub = Stub::start(&elf);
    let main = symbol(&elf, "main");
    let stack = symbol(&elf, "crt_stack");
    let out = gdb(
        &elf,
        stub.port,
        &[
            &format!("set {{int}}{stack:#x} = 0x5a5a1234"),
            &format!("x/xw {stack:#x}"),
            "break main",
            "continue",
            "info registers pc",
            "stepi",
            "info registers pc",
            "x/4xw 0x80000000",
            "p/x $misa",
            "info registers priv",
            "set $a0 = 0x1234abcd",
            "p/x $a0",
            "set $mscratch = 0x77",
            "p/x $mscratch",
            "monitor translate 0x80000000",
            "monitor pt",
            "monitor tlb",
            "monitor csr mstatus",
            "monitor frobnicate",
            "x/xw 0x1000",
            "kill",
        ],
    );
    // (gdb shows no name for a local data symbol.)
    assert_has(&out, &format!("{stack:#x}:\t0x5a5a1234"));
    assert_has(&out, "Breakpoint 1, 0x");
    assert_has(&out, "in main ()");
    // gdb puts the breakpoint after main's prologue: somewhere in main.
    let pcs: Vec<u64> = out
        .lines()
        .filter_map(|l| l.strip_prefix("pc "))
        .map(|l| {
            let hex = l.split_whitespace().next().unwrap();
            u64::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap()
        })
        .collect();
    assert_eq!(pcs.len(), 2, "{out}");
    assert!(pcs[0] >= main && pcs[0] < main + 64, "{out}");
    assert_ne!(pcs[0], pcs[1], "stepi moved the pc:\n{out}");
    let want = words(&elf_bytes(&elf, 0x8000_0000, 16)).join("\t");
    assert_has(&out, &format!("0x80000000 <_start>:\t{want}"));
    assert_has(
        &out,
        &format!("$1 = {:#x}", emulator::hart::csr::MISA_VALUE),
    );
    assert_has(&out, "prv:3 [Machine]");
    assert_has(&out, "$2 = 0x1234abcd");
    assert_has(&out, "$3 = 0x77");
    assert_has(
        &out,
        "no translation (M-mode or satp.MODE=Bare): pa = 0x80000000",
    );
    assert_has(&out, "Bare, no page tables");
    assert_has(&out, "TLB 4K: 64 entries, 4 ways");
    assert_has(&out, "mstatus (0x300) = 0x");
    assert_has(&out, "unknown monitor command \"frobnicate\"");
    assert_has(&out, "Cannot access memory at address 0x1000");
    let (status, _, err) = stub.finish();
    assert_eq!(status.code(), Some(137), "{err}");
    assert!(err.contains("killed by gdb"), "{err}");
}

#[test]
fn user_program_under_sv39_translates_through_three_levels() {
    if !have_gdb() {
        return;
    }
    let elf = bin("bench_sv39.elf");
    let stub = Stub::start(&elf);
    let main = symbol(&elf, "main");
    let buf = symbol(&elf, "bench_crc_buf");
    let out = gdb(
        &elf,
        stub.port,
        &[
            "break main",
            "continue",
            "info registers priv",
            &format!("x/2xw {main:#x}"),
            &format!("monitor translate {main:#x}"),
            &format!("monitor translate {main:#x} U x"),
            "monitor translate 0x100000000",
            "x/xw 0x100000000",
            "monitor pt",
            "p/x $satp",
            &format!("watch *(long *){buf:#x}"),
            "continue",
            "monitor tlb",
            "kill",
        ],
    );
    assert_has(&out, "in main ()");
    assert_has(&out, "prv:0 [User/Application]");
    let want = words(&elf_bytes(&elf, main, 8)).join("\t");
    assert_has(&out, &format!("<main>:\t{want}"));
    // A 3-level walk of main's page, as a load and as a fetch.
    assert_has(&out, &format!("translate va {main:#018x} (load, U-mode"));
    assert_has(&out, &format!("translate va {main:#018x} (fetch, U-mode"));
    // (The walk of the unmapped address below stops at level 2.)
    for (level, times) in [
        ("level 2  pte @", 3),
        ("level 1  pte @", 2),
        ("level 0  pte @", 2),
    ] {
        assert_eq!(out.matches(level).count(), times, "{level}:\n{out}");
    }
    assert_has(&out, "-> leaf 4 KiB");
    assert_has(
        &out,
        &format!("ok: pa {:#x} (4 KiB page", main), // identity map
    );
    assert_has(&out, "TLB: holds pa");
    // Unmapped: the walk stops with a page fault, gdb cannot read it.
    assert_has(&out, "fault: load page fault");
    assert_has(&out, "Cannot access memory at address 0x100000000");
    assert_has(&out, "satp: Sv39 asid 1 root 0x");
    assert_has(&out, "$1 = 0x8000");
    // The write watchpoint stops after the store, with the new value.
    assert_has(&out, "Hardware watchpoint 2");
    assert_has(&out, "Old value = 0");
    assert_has(&out, "New value = ");
    assert_has(&out, "occupancy: ");
    let (status, _, err) = stub.finish();
    assert_eq!(status.code(), Some(137), "{err}");
}

#[test]
fn lp64d_program_shows_and_writes_fp_registers() {
    if !have_gdb() {
        return;
    }
    // An lp64d ELF: gdb wants FLEN = 64 from the target description
    // ("bfd requires flen 8, but target has flen 0" without it). The
    // values are those fp_regs.S loads (tests/programs/fp_regs.S).
    let elf = bin("fp_regs.elf");
    let stub = Stub::start(&elf);
    let out = gdb(
        &elf,
        stub.port,
        &[
            "break fp_ready",
            "continue",
            "p $ft0",
            "p $fa0.double",
            "p/x $ft11",
            "p/x $fs11",
            "p/x $ft1",
            "p $f10.double",
            "p/x $fflags",
            "p/x $frm",
            "p/x $fcsr",
            "info all-registers",
            "set var $ft2.double = 42.0",
            "set var $fcsr = 3",
            "p $ft2.double",
            "p/x $fcsr",
            "continue",
        ],
    );
    assert!(!out.contains("flen"), "{out}");
    assert_has(&out, "in fp_ready ()");
    assert_has(&out, "$1 = {float = 0, double = 1.5}");
    assert_has(&out, "$2 = -2.25");
    // 3.0f NaN-boxed: the float view is 3.0, the raw bits are boxed.
    assert_has(
        &out,
        "$3 = {float = 0x40400000, double = 0xffffffff40400000}",
    );
    assert_has(
        &out,
        "$4 = {float = 0x89abcdef, double = 0x123456789abcdef}",
    );
    // 1.5 / -2.25 = -2/3 rounded down (frm = rdn): one ulp below RNE's.
    let rdn = (1.5f64 / -2.25).to_bits() + 1;
    assert_has(&out, &format!("double = {rdn:#x}}}"));
    assert_has(&out, "$6 = -2.25"); // f10 is fa0
    assert_has(&out, "$7 = 0x1"); // NX
    assert_has(&out, "$8 = 0x2"); // rdn
    assert_has(&out, "$9 = 0x41");
    for reg in [
        "ft0 ", "fs11 ", "ft11 ", "fflags ", "frm ", "fcsr ", "mstatus ",
    ] {
        assert!(out.lines().any(|l| l.starts_with(reg)), "{reg}in:\n{out}");
    }
    assert_has(&out, "(raw 0x3ff8000000000000)");
    assert_has(&out, "NX:1 FRM:2");
    assert_has(&out, "$10 = 42");
    assert_has(&out, "$11 = 0x3");
    // The guest exits with int(ft2) + fcsr: the writes reached the hart.
    let (status, _, err) = stub.finish();
    assert_eq!(status.code(), Some(42 + 3), "{err}\n{out}");
}

#[test]
fn monitor_pt_in_a_vs_mode_guest_dumps_the_vs_and_g_stage_tables() {
    if !have_gdb() {
        return;
    }
    // hyp_debug.elf: VS Sv39 and G Sv39x4, both identity over the first
    // 2 MiB but for one invalid page each (fault_vs, fault_g).
    let elf = bin("hyp_debug.elf");
    let stub = Stub::start(&elf);
    let sym = |n: &str| symbol(&elf, n);
    let out = gdb(
        &elf,
        stub.port,
        &["break guest", "continue", "monitor pt", "kill"],
    );
    assert_has(&out, "in guest ()");
    let vs = out.find("VS-stage (vsatp):").expect("a VS-stage part");
    let g = out.find("G-stage (hgatp):").expect("a G-stage part");
    assert!(vs < g, "{out}");
    let (vs_part, g_part) = (&out[vs..g], &out[g..]);
    let end = 0x8020_0000u64;
    let range =
        |lo: u64, hi: u64| format!("{lo:#018x}-{:#018x} {lo:#018x}-{:#018x}", hi - 1, hi - 1);
    let vs_hole = sym("fault_vs");
    assert_has(
        vs_part,
        &format!(
            "satp: Sv39 asid 1 root {:#x}: 511 leaves (4K 511",
            sym("vs_root")
        ),
    );
    assert_has(vs_part, &range(0x8000_0000, vs_hole));
    assert_has(vs_part, &range(vs_hole + 0x1000, end));
    let g_hole = sym("fault_g");
    assert_has(
        g_part,
        &format!("hgatp: Sv39x4 vmid 5 root {:#x}", sym("g_root")),
    );
    assert_has(g_part, &range(0x8000_0000, g_hole));
    assert_has(g_part, &range(g_hole + 0x1000, end));
    assert_has(g_part, "rwxu-ad  4K");
    let (status, _, err) = stub.finish();
    assert_eq!(status.code(), Some(137), "{err}");
}

#[test]
fn guest_exit_is_reported_to_gdb_and_becomes_the_exit_status() {
    if !have_gdb() {
        return;
    }
    let elf = bin("exitcode.elf");
    let stub = Stub::start(&elf);
    let out = gdb(&elf, stub.port, &["continue"]);
    let (status, _, err) = stub.finish();
    let code = status.code().expect("exited");
    assert_ne!(code, 0, "exitcode exits non-zero");
    assert_has(&out, &format!("exited with code {code:02o}"));
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn detach_lets_the_guest_run_to_its_end() {
    if !have_gdb() {
        return;
    }
    let elf = bin("hello.elf");
    let stub = Stub::start(&elf);
    let out = gdb(&elf, stub.port, &["stepi", "detach"]);
    assert_has(&out, "[Inferior 1 (process 1) detached]");
    let (status, stdout, err) = stub.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(stdout.contains("Hello from rvmmu!"), "{stdout}");
}

/// Sends `data` and returns what came back within a short while.
fn exchange(s: &mut TcpStream, data: &[u8]) -> Vec<u8> {
    let mut got = Vec::new();
    if s.write_all(data).is_err() {
        return got;
    }
    let mut buf = [0u8; 4096];
    s.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    got
}

/// The text of a reply with gdb's run-length encoding (`X*N`: X repeated
/// N - 29 more times) expanded.
fn expand(reply: &[u8]) -> String {
    let mut out = String::new();
    let mut bytes = reply.iter().copied();
    let mut last = None;
    while let Some(b) = bytes.next() {
        if b == b'*' {
            let (Some(n), Some(c)) = (bytes.next(), last) else {
                break;
            };
            for _ in 0..n.saturating_sub(29) {
                out.push(char::from(c));
            }
        } else {
            out.push(char::from(b));
            last = Some(b);
        }
    }
    out
}

/// A `$...#cs` packet with the right checksum.
fn packet(body: &str) -> Vec<u8> {
    let sum = body.bytes().fold(0u8, |a, b| a.wrapping_add(b));
    format!("${body}#{sum:02x}").into_bytes()
}

#[test]
fn hostile_client_gets_error_replies_not_a_crash() {
    let stub = Stub::start(&bin("hello.elf"));
    let mut s = TcpStream::connect(("127.0.0.1", stub.port)).unwrap();
    // Memory that does not translate or is not RAM: E14 (EFAULT).
    let reply = exchange(&mut s, &packet("m1000,4"));
    assert!(
        String::from_utf8_lossy(&reply).contains("$E0e#"),
        "{reply:?}"
    );
    let reply = exchange(&mut s, &packet("mffffffffffffffff,10"));
    assert!(
        String::from_utf8_lossy(&reply).contains("$E0e#"),
        "{reply:?}"
    );
    // Readable RAM works on the same connection.
    let reply = exchange(&mut s, &packet("m80000000,4"));
    let want: String = elf_bytes(&bin("hello.elf"), 0x8000_0000, 4)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(expand(&reply).contains(&want), "{reply:?}");
    // Garbage: bad checksums, malformed fields, an oversized packet, a
    // monitor command in invalid hex, registers out of range.
    for junk in [
        b"$g#00".to_vec(),
        packet("mzz,4"),
        packet("M80000000,4:zz"),
        packet("p99999"),
        packet("Pzz=00"),
        packet("qRcmd,zz"),
        packet("qRcmd,7074207a7a"), // "pt zz"
        packet("Z2,80000000,ffffffffffffffff"),
        b"\x00\x01\xff$#".to_vec(),
        packet(&"A".repeat(20_000)),
    ] {
        let _ = exchange(&mut s, &junk);
    }
    drop(s);
    let (status, _, err) = stub.finish();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(129), "gdb hung up: {err}");
    assert!(err.contains("rvmmu: gdb hung up at pc 0x"), "{err}");
}

#[test]
fn a_dropped_gdb_connection_ends_the_run_with_its_own_status_and_a_message() {
    let stub = Stub::start(&bin("hello.elf"));
    let s = TcpStream::connect(("127.0.0.1", stub.port)).unwrap();
    drop(s);
    let (status, _, err) = stub.finish();
    assert_eq!(status.code(), Some(129), "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with("rvmmu: gdb hung up"))
            .count(),
        1,
        "{err}"
    );
}

#[test]
fn a_port_in_use_is_a_usage_error() {
    let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .arg("run")
        .arg(bin("hello.elf"))
        .args(["--gdb", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
}
