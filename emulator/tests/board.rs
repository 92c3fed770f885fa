//! End-to-end: the board's devices against QEMU `virt`.
//!
//! - `tests/bin/board.elf` (source `tests/programs/board.c`) programs the
//!   PLIC, takes UART THR-empty and RX interrupts and an RTC alarm as
//!   machine external interrupts, and powers off with a 16-bit store; its
//!   output must be the same on rvmmu and on `qemu-system-riscv64 -machine
//!   virt -bios none`, and piped stdin must reach its UART.
//! - The generated device tree must decompile with `dtc` and have QEMU
//!   `virt`'s nodes (addresses, interrupts, compatible strings) for every
//!   device rvmmu models.
//!
//! Without `qemu-system-riscv64` or `dtc` these tests are skipped with a
//! message, unless `RVMMU_E2E=require` (tests/run-all.sh), when they fail.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

#[path = "support/guest.rs"]
#[allow(dead_code)]
mod guest;

use emulator::board::{device_tree, BoardConfig};
use guest::{required, root};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn board_elf() -> PathBuf {
    root().join("tests/bin/board.elf")
}

/// Runs `cmd` with `input` on stdin; None when the program is missing.
fn run_with_stdin(mut cmd: Command, input: &[u8]) -> Option<Output> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
    }
    child.wait_with_output().ok()
}

fn rvmmu(input: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rvmmu"));
    cmd.args(["run", "--timeout", "60"]).arg(board_elf());
    run_with_stdin(cmd, input).expect("rvmmu runs")
}

fn qemu(input: &[u8]) -> Option<Output> {
    let mut cmd = Command::new("timeout");
    cmd.args([
        "60",
        "qemu-system-riscv64",
        "-machine",
        "virt",
        "-bios",
        "none",
        "-nographic",
        "-kernel",
    ])
    .arg(board_elf());
    match run_with_stdin(cmd, input) {
        Some(o) if o.status.code() != Some(127) => Some(o),
        _ => {
            assert!(!required(), "qemu-system-riscv64 is not installed");
            eprintln!("skipped: qemu-system-riscv64 not installed");
            None
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).replace('\r', "")
}

#[test]
fn board_program_behaves_the_same_on_rvmmu_and_qemu() {
    let ours = rvmmu(b"");
    let out = text(&ours.stdout);
    assert_eq!(
        ours.status.code(),
        Some(0),
        "16-bit power-off store: exit 0\n{out}{}",
        text(&ours.stderr)
    );
    for line in [
        "irq tx ok",
        "rx loopback bytes: LB",
        "rtc time plausible: 0x00000001",
        "rx: none",
        "board: power off",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "{line:?} missing in:\n{out}"
        );
    }
    let Some(theirs) = qemu(b"") else { return };
    assert_eq!(
        theirs.status.code(),
        Some(0),
        "QEMU: {}",
        text(&theirs.stderr)
    );
    assert_eq!(
        out,
        text(&theirs.stdout),
        "rvmmu (left) and QEMU (right) differ"
    );
}

#[test]
fn piped_stdin_reaches_the_uart_by_rx_interrupts() {
    let ours = rvmmu(b"hi\n");
    let out = text(&ours.stdout);
    assert_eq!(ours.status.code(), Some(0), "{out}");
    assert!(out.lines().any(|l| l == "rx: hi"), "{out}");
}

/// Node path → (property → value) of a `dtc -O dts` listing.
type Nodes = BTreeMap<String, BTreeMap<String, String>>;

/// Decompiles `blob` with dtc; None (skip) when dtc is missing.
fn dts(blob: &[u8], name: &str) -> Option<String> {
    let path = std::env::temp_dir().join(format!("rvmmu-board-{}-{name}.dtb", std::process::id()));
    std::fs::write(&path, blob).expect("write dtb");
    let out = Command::new("dtc")
        .args(["-I", "dtb", "-O", "dts"])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) => {
            assert!(
                o.status.success(),
                "dtc refuses {name}: {}",
                text(&o.stderr)
            );
            if name == "rvmmu" {
                assert_eq!(text(&o.stderr), "", "dtc warns about rvmmu's tree");
            }
            Some(text(&o.stdout))
        }
        Err(_) => {
            assert!(
                !required(),
                "dtc is not installed (package device-tree-compiler)"
            );
            eprintln!("skipped: dtc not installed");
            None
        }
    }
}

fn parse(dts: &str) -> Nodes {
    // The root node is "/"; its children "/name", and so on.
    let key = |path: &[String]| format!("/{}", path.get(1..).unwrap_or_default().join("/"));
    let mut nodes = Nodes::new();
    let mut path: Vec<String> = Vec::new();
    for line in dts.lines().map(str::trim) {
        if let Some(name) = line.strip_suffix(" {") {
            path.push(name.to_string());
            nodes.entry(key(&path)).or_default();
        } else if line == "};" {
            path.pop();
        } else if let Some(prop) = line.strip_suffix(';') {
            let (k, v) = prop.split_once(" = ").unwrap_or((prop, ""));
            nodes
                .entry(key(&path))
                .or_default()
                .insert(k.to_string(), v.to_string());
        }
    }
    nodes
}

/// QEMU `virt` nodes rvmmu does not model (firmware config, flash, PCI,
/// the PMU description, the cpu map, the other seven virtio slots).
fn not_modelled(path: &str) -> bool {
    [
        "/pmu",
        "/fw-cfg@",
        "/flash@",
        "/platform-bus@",
        "/cpus/cpu-map",
        "/soc/pci@",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || (path.starts_with("/soc/virtio_mmio@") && path != "/soc/virtio_mmio@10001000")
}

#[test]
fn device_tree_decompiles_and_has_qemu_virts_nodes() {
    let cfg = BoardConfig {
        virtio: true,
        bootargs: "console=ttyS0",
        ..BoardConfig::new(256 << 20)
    };
    let blob = device_tree(&cfg).expect("device tree");
    let Some(ours) = dts(&blob, "rvmmu") else {
        return;
    };
    let ours = parse(&ours);
    let qemu_dtb =
        std::env::temp_dir().join(format!("rvmmu-board-{}-qemu.dtb", std::process::id()));
    let made = Command::new("qemu-system-riscv64")
        .arg("-machine")
        .arg(format!("virt,dumpdtb={}", qemu_dtb.display()))
        .args(["-m", "256M", "-nographic", "-bios", "none"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if made.is_err() || !Path::new(&qemu_dtb).exists() {
        assert!(
            !required(),
            "qemu-system-riscv64 cannot dump its device tree"
        );
        eprintln!("skipped: qemu-system-riscv64 not installed");
        return;
    }
    let theirs = std::fs::read(&qemu_dtb).expect("read QEMU's dtb");
    let _ = std::fs::remove_file(&qemu_dtb);
    let Some(theirs) = dts(&theirs, "qemu") else {
        return;
    };
    let theirs = parse(&theirs);
    let ours_paths: Vec<&String> = ours.keys().collect();
    for path in theirs.keys().filter(|p| !not_modelled(p)) {
        assert!(
            ours.contains_key(path),
            "QEMU's {path} missing; ours: {ours_paths:?}"
        );
    }
    for (path, props) in &ours {
        let Some(q) = theirs.get(path) else {
            // Only rvmmu's own additions may be new.
            assert!(
                path.starts_with("/reserved-memory"),
                "{path} is not in QEMU virt's tree"
            );
            continue;
        };
        // What decides where a driver finds its device and its interrupt.
        for key in [
            "reg",
            "interrupts",
            "compatible",
            "value",
            "offset",
            "#interrupt-cells",
        ] {
            assert_eq!(props.get(key), q.get(key), "{path}: {key}");
        }
        if path == "/soc/plic@c000000" {
            for key in ["interrupts-extended", "interrupt-controller"] {
                assert!(props.contains_key(key), "plic: {key}");
            }
        }
    }
}

/// On a terminal: raw mode while the guest reads (the escape is not
/// echoed or turned into a signal), Ctrl-A X ends the run with 131, and the
/// terminal's settings are restored afterwards.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_a_x_on_a_terminal_ends_the_run_and_restores_it() {
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors; the other arguments may be null.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty");
    // SAFETY: fresh descriptors from openpty, owned here.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let lflag = |fd: &OwnedFd| {
        // SAFETY: termios is plain data, filled by tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and pointer.
        assert_eq!(
            unsafe { libc::tcgetattr(std::os::fd::AsRawFd::as_raw_fd(fd), &mut t) },
            0
        );
        t.c_lflag
    };
    let before = lflag(&slave);
    assert_ne!(before & libc::ICANON, 0, "a fresh pty is in canonical mode");
    let child = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "--timeout", "60"])
        .arg(board_elf())
        .stdin(Stdio::from(slave.try_clone().expect("dup")))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rvmmu runs");
    let mut m = std::fs::File::from(master);
    m.write_all(b"\x01x").expect("type Ctrl-A X");
    let out = child.wait_with_output().expect("rvmmu ends");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(131), "{err}");
    assert!(err.contains("Ctrl-A X"), "{err}");
    assert_eq!(lflag(&slave), before, "terminal settings restored");
}

#[test]
fn reserved_memory_and_chosen_come_from_the_config() {
    use emulator::board::ReservedRegion;
    let reserved = [ReservedRegion {
        name: "mmode_resv0",
        base: 0x8000_0000,
        size: 0x4_0000,
        no_map: true,
    }];
    let cfg = BoardConfig {
        reserved_memory: &reserved,
        initrd: Some((0x8800_0000, 0x8810_0000)),
        bootargs: "console=ttyS0 quiet",
        ..BoardConfig::new(128 << 20)
    };
    let blob = device_tree(&cfg).expect("device tree");
    let Some(text) = dts(&blob, "rvmmu") else {
        return;
    };
    let nodes = parse(&text);
    let resv = nodes
        .get("/reserved-memory/mmode_resv0@80000000")
        .unwrap_or_else(|| panic!("no reserved-memory entry:\n{text}"));
    assert_eq!(
        resv.get("reg").map(String::as_str),
        Some("<0x00 0x80000000 0x00 0x40000>")
    );
    assert!(resv.contains_key("no-map"));
    let chosen = &nodes["/chosen"];
    assert_eq!(chosen["bootargs"], "\"console=ttyS0 quiet\"");
    assert_eq!(chosen["linux,initrd-start"], "<0x00 0x88000000>");
    assert_eq!(chosen["linux,initrd-end"], "<0x00 0x88100000>");
    assert_eq!(chosen["stdout-path"], "\"/soc/serial@10000000\"");
    assert!(
        !nodes.keys().any(|k| k.starts_with("/soc/virtio_mmio")),
        "no disk, no node"
    );
    assert_eq!(nodes["/cpus/cpu@0"]["mmu-type"], "\"riscv,sv57\"");
    // mmu-type names the largest satp mode implemented.
    let sv39 = BoardConfig {
        satp_modes: mmu::SatpModes::up_to(mmu::SatpMode::Sv39),
        ..BoardConfig::new(128 << 20)
    };
    let Some(text) = dts(&device_tree(&sv39).expect("device tree"), "rvmmu") else {
        return;
    };
    assert_eq!(parse(&text)["/cpus/cpu@0"]["mmu-type"], "\"riscv,sv39\"");
}
