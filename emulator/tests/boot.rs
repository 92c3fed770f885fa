//! End-to-end: `rvmmu boot` with rvmmu's own SBI firmware and with
//! OpenSBI, compared with QEMU 7.2's `virt` board running the same
//! firmware and the same S-mode payload (firmware/sbi/tests/payload.c, a
//! RISC-V Linux Image that calls every SBI function, takes a timer and a
//! software interrupt and powers off through SRST); and bad input.
//!
//! The payload is built by `make -C firmware/sbi payload` here. Without
//! the RISC-V toolchain, QEMU or OpenSBI these tests fail when
//! `RVMMU_E2E=require` (tests/run-all.sh) and are skipped with a message
//! otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/guest.rs"]
#[allow(dead_code)]
mod guest;

use guest::{required, root};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Debian 12's opensbi package (1.1), as QEMU's `virt` runs it.
const OPENSBI: &str = "/usr/lib/riscv64-linux-gnu/opensbi/generic";

fn skip(why: &str) -> Option<PathBuf> {
    assert!(!required(), "{why}");
    eprintln!("skipped: {why}");
    None
}

/// firmware/sbi/out/payload.bin, built once per test process.
fn payload() -> Option<PathBuf> {
    static BUILT: OnceLock<bool> = OnceLock::new();
    let ok = *BUILT.get_or_init(|| {
        Command::new("make")
            .args(["-s", "-C"])
            .arg(root().join("firmware/sbi"))
            .arg("payload")
            .status()
            .is_ok_and(|s| s.success())
    });
    if !ok {
        return skip("cannot build the SBI test payload (make -C firmware/sbi payload: riscv64-unknown-elf-gcc?)");
    }
    Some(root().join("firmware/sbi/out/payload.bin"))
}

/// firmware/sbi/out/misaligned_test.elf, built for the test.
fn misaligned_test() -> Option<PathBuf> {
    let ok = Command::new("make")
        .args(["-s", "-C"])
        .arg(root().join("firmware/sbi"))
        .arg("misaligned-test")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return skip(
            "cannot build make -C firmware/sbi misaligned-test (riscv64-unknown-elf-gcc?)",
        );
    }
    Some(root().join("firmware/sbi/out/misaligned_test.elf"))
}

fn qemu_available() -> bool {
    let ok = Command::new("qemu-system-riscv64")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip("qemu-system-riscv64 is not installed");
    }
    ok
}

/// Output, exit code.
struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn qemu(bios: &Path, kernel: &Path) -> Run {
    run(Command::new("timeout")
        .args([
            "60",
            "qemu-system-riscv64",
            "-machine",
            "virt",
            "-m",
            "256M",
        ])
        .args(["-nographic", "-bios"])
        .arg(bios)
        .arg("-kernel")
        .arg(kernel))
}

fn rvmmu(args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .arg("boot")
        .args(["--timeout", "60"])
        .args(args))
}

/// The payload's part of the console output.
fn payload_lines(out: &str) -> &str {
    out.find("payload: hart").map_or("", |i| &out[i..])
}

#[test]
fn builtin_sbi_runs_the_payload_as_under_qemu() {
    let Some(payload) = payload() else { return };
    if !qemu_available() {
        return;
    }
    let sbi = root().join("firmware/sbi/sbi.elf");
    let q = qemu(&sbi, &payload);
    let r = rvmmu(&["--kernel", payload.to_str().unwrap()]);
    assert_eq!(q.code, 0, "QEMU: {}", q.stderr);
    assert_eq!(r.code, 0, "rvmmu: {}", r.stderr);
    assert_eq!(
        r.stdout, q.stdout,
        "the whole console output, banner included"
    );
    for line in [
        "base.spec_version: 2.0",
        "base.probe none: absent",
        "ipi.send hart1: error -3",
        "hsm.start hart0: error -6",
        "hsm: woken by the timer",
        "dbcn.write: error 0 value 20",
        "legacy: interrupt taken",
        "srst.bad type: error -3",
        "srst: shutdown",
    ] {
        assert!(
            r.stdout.lines().any(|l| l == line),
            "{line:?} in\n{}",
            r.stdout
        );
    }
    assert_eq!(r.stdout.matches("time: interrupt taken").count(), 2);
    assert!(!r.stdout.contains("NO interrupt") && !r.stdout.contains("still running"));
}

#[test]
fn misaligned_emulation_passes_its_unit_test_on_rvmmu_and_qemu() {
    let Some(elf) = misaligned_test() else { return };
    let r = run(Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "--max-insns", "10000000"])
        .arg(&elf));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.ends_with("misaligned: all passed\n"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("ok   ").count(), 11, "{}", r.stdout);
    if qemu_available() {
        let q = run(Command::new("timeout")
            .args([
                "60",
                "qemu-system-riscv64",
                "-machine",
                "virt",
                "-nographic",
                "-bios",
            ])
            .arg(&elf));
        assert_eq!((q.code, &q.stdout), (0, &r.stdout), "{}", q.stderr);
    }
}

#[test]
fn opensbi_fw_jump_and_fw_dynamic_run_the_payload_as_under_qemu() {
    let Some(payload) = payload() else { return };
    if !qemu_available() {
        return;
    }
    if !Path::new(OPENSBI).join("fw_jump.bin").is_file() {
        skip("Debian's opensbi package is not installed");
        return;
    }
    for fw in ["fw_jump.bin", "fw_dynamic.elf", "fw_dynamic.bin"] {
        let bios = Path::new(OPENSBI).join(fw);
        let q = qemu(&bios, &payload);
        let r = rvmmu(&[
            "--bios",
            bios.to_str().unwrap(),
            "--kernel",
            payload.to_str().unwrap(),
        ]);
        assert_eq!(q.code, 0, "QEMU {fw}: {}", q.stderr);
        assert!(r.stdout.contains("\nOpenSBI v"), "{fw}: {}", r.stdout);
        let lines = payload_lines(&r.stdout);
        // (OpenSBI's console turns \n into \r\n.)
        assert!(
            lines.lines().any(|l| l.trim_end() == "srst: shutdown"),
            "{fw}: {}",
            r.stdout
        );
        assert_eq!(lines, payload_lines(&q.stdout), "{fw}");
        // OpenSBI 1.1 powers off with a 16-bit store to the SiFive test
        // device, which rvmmu's finisher takes only once the board branch
        // (issue 12) lands; until then the hart waits for ever and rvmmu
        // says so.
        let waits = r.code == 124 && r.stderr.contains("wfi with no interrupt");
        assert!(r.code == 0 || waits, "{fw}: exit {}: {}", r.code, r.stderr);
    }
}

#[test]
fn dumped_device_tree_is_valid_and_boots_when_given_back() {
    let Some(payload) = payload() else { return };
    let dir = std::env::temp_dir().join(format!("rvmmu-boot-dtb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dtb = dir.join("rvmmu.dtb");
    let p = payload.to_str().unwrap();
    let r = rvmmu(&[
        "--kernel",
        p,
        "--append",
        "console=ttyS0 quiet",
        "--dump-dtb",
        dtb.to_str().unwrap(),
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // dtc, another implementation, reads it back.
    if let Ok(out) = Command::new("dtc")
        .args(["-I", "dtb", "-O", "dts"])
        .arg(&dtb)
        .output()
    {
        let dts = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dts.contains("bootargs = \"console=ttyS0 quiet\";"), "{dts}");
        assert!(dts.contains("mmode_resv0@80000000"), "{dts}");
        assert!(dts.contains("no-map;"), "{dts}");
        assert!(
            dts.contains("reg = <0x00 0x80000000 0x00 0x40000>;"),
            "{dts}"
        );
    }
    let own = rvmmu(&["--kernel", p]);
    let given = rvmmu(&["--kernel", p, "--dtb", dtb.to_str().unwrap()]);
    assert_eq!(
        (given.code, &given.stdout),
        (0, &own.stdout),
        "{}",
        given.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A 64-byte RISC-V Image header and a little code: enough for the checks
/// that come before anything runs.
fn tiny_image(dir: &Path) -> PathBuf {
    let mut k = vec![0u8; 4096];
    k[0x08..0x10].copy_from_slice(&0x20_0000u64.to_le_bytes());
    k[0x10..0x18].copy_from_slice(&0x1000u64.to_le_bytes());
    k[0x38..0x3c].copy_from_slice(b"RSC\x05");
    let path = dir.join("Image");
    std::fs::write(&path, k).unwrap();
    path
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = std::env::temp_dir().join(format!("rvmmu-boot-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let image = tiny_image(&dir);
    let image = image.to_str().unwrap();
    let big = dir.join("big.cpio");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(8 << 20)
        .unwrap();
    let big = big.to_str().unwrap();
    let cargo_toml = root().join("Cargo.toml");
    let text = cargo_toml.to_str().unwrap();
    let missing = dir.join("missing");
    let missing = missing.to_str().unwrap();
    let elf = root().join("firmware/firmware.elf");
    for (args, reason) in [
        (vec!["--kernel", text], "--kernel: not a RISC-V Linux Image"),
        (
            vec!["--kernel", elf.to_str().unwrap()],
            "this is an ELF file",
        ),
        (vec!["--kernel", missing], "--kernel"),
        (vec!["--kernel", image, "--initrd", missing], "--initrd"),
        (
            vec!["--kernel", image, "--mem", "8M", "--initrd", big],
            "--initrd: 8388608 bytes do not fit",
        ),
        (
            vec!["--kernel", image, "--dtb", text],
            "--dtb: not a flattened device tree",
        ),
        (vec!["--kernel", image, "--bios", missing], "--bios"),
        (
            vec!["--kernel", image, "--bios", text],
            "--bios: the firmware",
        ),
        (vec!["--kernel", image, "--disk", missing], "--disk"),
    ] {
        if reason == "--bios: the firmware" {
            // A text file is a raw binary; a large one does not fit below
            // the kernel.
            std::fs::File::create(dir.join("huge.bin"))
                .unwrap()
                .set_len(4 << 20)
                .unwrap();
            let huge = dir.join("huge.bin");
            let r = rvmmu(&["--kernel", image, "--bios", huge.to_str().unwrap()]);
            assert_eq!(r.code, 2, "{}", r.stderr);
            assert!(r.stderr.contains(reason), "{}", r.stderr);
            continue;
        }
        let r = rvmmu(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("rvmmu: "), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(reason), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}: nothing ran");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_of_a_boot_has_the_tlb_charts() {
    let Some(payload) = payload() else { return };
    let html = std::env::temp_dir().join(format!("rvmmu-boot-report-{}.html", std::process::id()));
    let r = rvmmu(&[
        "--kernel",
        payload.to_str().unwrap(),
        "--report",
        html.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "rvmmu: {}", r.stderr);
    let page = std::fs::read_to_string(&html).expect("the report");
    let _ = std::fs::remove_file(&html);
    assert!(page.contains("TLB hit rate over time"), "{page}");
    assert!(page.contains("Page-walk depth"), "{page}");
    assert!(page.matches("<svg").count() >= 2, "{page}");
    // Not writable: one line, exit 2, before the boot.
    let bad = rvmmu(&[
        "--kernel",
        payload.to_str().unwrap(),
        "--report",
        "/nonexistent-dir/r.html",
    ]);
    assert_eq!(bad.code, 2);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);
}
