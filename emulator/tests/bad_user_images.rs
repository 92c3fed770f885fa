//! End-to-end: a user program (entry point below RAM) with a bad image is
//! refused by the firmware with a clear message and exit code 126, never a
//! hang or a crash of the supervisor; one for another machine or class or
//! a dynamically linked one is refused by rvmmu before booting (126, 127);
//! a static PIE runs at the firmware's ELF_DYN_BASE;
//! a file that is not ELF at all is refused by rvmmu's loader (exit 2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/elf.rs"]
mod elf;

use elf::{code, ElfBuilder, Segment};
use std::process::Command;

fn run(bytes: &[u8], name: &str) -> (i32, String, String) {
    let path = std::env::temp_dir().join(format!("rvmmu-bad-user-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("temp file");
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "--max-insns", "50000000"])
        .arg(&path)
        .output()
        .expect("rvmmu runs");
    let _ = std::fs::remove_file(&path);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `li a0, 0; li a7, 93; ecall` — exit(0) under the firmware.
fn exit0() -> Vec<u8> {
    code(&[0x0000_0513, 0x05d0_0893, 0x0000_0073])
}

#[test]
fn a_valid_minimal_user_program_runs() {
    let good = ElfBuilder::new(0x10000)
        .segment(Segment::load(0x10000, exit0(), 0x1000))
        .build();
    let (code, stdout, stderr) = run(&good, "good");
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
}

#[test]
fn bad_user_images_get_a_firmware_message_and_exit_126() {
    let over_kernel = ElfBuilder::new(0x10000)
        .segment(Segment::load(0x10000, exit0(), 0x1000))
        .segment(Segment::load(0x8000_1000, vec![0; 16], 0x1000));
    let mut filesz_gt_memsz = Segment::load(0x10000, exit0(), 0x1000);
    filesz_gt_memsz.filesz_override = Some(0x2000);
    for (name, image) in [
        ("over-kernel", over_kernel.build()),
        (
            "filesz-gt-memsz",
            ElfBuilder::new(0x10000).segment(filesz_gt_memsz).build(),
        ),
    ] {
        let (code, stdout, stderr) = run(&image, name);
        assert_eq!(code, 126, "{name}: stdout: {stdout}\nstderr: {stderr}");
        // The firmware's messages reach stderr through hostio, prefixed.
        let lines: Vec<_> = stderr.lines().collect();
        assert!(
            lines.len() == 2 && lines[0].starts_with("rvmmu: firmware: bad program image: "),
            "{name}: no firmware message in: {stderr}"
        );
        assert!(stdout.is_empty(), "{name}: {stdout}");
        assert_eq!(
            lines[1],
            "rvmmu: the firmware refused the program image (exit 126; its reason is above)",
            "{name}"
        );
    }
}

#[test]
fn programs_the_firmware_cannot_execute_get_one_line_and_a_shell_status() {
    let mut wrong_machine =
        ElfBuilder::new(0x10000).segment(Segment::load(0x10000, exit0(), 0x1000));
    wrong_machine.machine = 62; // x86-64
    let mut interp = Segment::load(
        0x11000,
        b"/lib/ld-linux-riscv64-lp64d.so.1\0".to_vec(),
        0x22,
    );
    interp.p_type = 3; // PT_INTERP
    let dynamic = ElfBuilder::new(0x10000)
        .segment(Segment::load(0x10000, exit0(), 0x1000))
        .segment(interp);
    for (name, image, status, needle) in [
        (
            "x86",
            wrong_machine.build(),
            126,
            "cannot execute: an ELF64 program for X86_64 (e_machine 62)",
        ),
        (
            "riscv32",
            elf32_header(243),
            126,
            "cannot execute: an ELF32 program for RISCV (e_machine 243)",
        ),
        (
            "dynamic",
            dynamic.build(),
            127,
            "dynamically linked (interpreter /lib/ld-linux-riscv64-lp64d.so.1); rvmmu runs static executables: link with -static",
        ),
    ] {
        let (code, stdout, stderr) = run(&image, name);
        assert_eq!(code, status, "{name}: stdout: {stdout}\nstderr: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(
            stderr.starts_with("rvmmu: ") && stderr.contains(needle),
            "{name}: {stderr}"
        );
        assert!(stdout.is_empty(), "{name}: not booted: {stdout}");
    }
}

/// An ELF32 header alone (no program headers) for `machine`, entry 0x10074.
fn elf32_header(machine: u16) -> Vec<u8> {
    let mut h = vec![0u8; 0x34];
    h[..7].copy_from_slice(b"\x7fELF\x01\x01\x01");
    h[0x10..0x12].copy_from_slice(&2u16.to_le_bytes()); // ET_EXEC
    h[0x12..0x14].copy_from_slice(&machine.to_le_bytes());
    h[0x14..0x18].copy_from_slice(&1u32.to_le_bytes());
    h[0x18..0x1c].copy_from_slice(&0x10074u32.to_le_bytes());
    h[0x28..0x2a].copy_from_slice(&0x34u16.to_le_bytes()); // e_ehsize
    h
}

/// A static PIE (ET_DYN, no PT_INTERP) runs where the firmware puts it
/// (ELF_DYN_BASE, 0x2a_aaaa_a000 in firmware/memlayout.h): the program
/// exits with bits 39..32 of its own pc (`auipc a0, 0; srli a0, a0, 32`),
/// which is 0x2a there and 0 at its link address.
#[test]
fn a_static_pie_runs_at_the_firmware_s_base() {
    let pc_high = code(&[0x0000_0517, 0x0205_5513, 0x05d0_0893, 0x0000_0073]);
    let mut pie = ElfBuilder::new(0x10000).segment(Segment::load(0x10000, pc_high, 0x1000));
    pie.e_type = 3; // ET_DYN
    let (code, stdout, stderr) = run(&pie.build(), "pie");
    assert_eq!(code, 0x2a, "stdout: {stdout}\nstderr: {stderr}");
}

#[test]
fn a_file_that_is_not_elf_is_refused_by_the_loader() {
    let (code, _, stderr) = run(b"#!/bin/sh\necho not a program\n", "script");
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(stderr.contains("not an ELF"), "{stderr}");
}
