//! `--log-commits FILE` on a p-suite test (riscv-tests/out/rv64ui-p-sd,
//! built with `make -C riscv-tests` when missing): every line has Spike's
//! commit-log format plus `(pa ...)`, there is one line per retired
//! instruction, and a known store appears with its address and value.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The p-suite test `name`, built if needed.
fn p_test(name: &str) -> PathBuf {
    let elf = root().join("riscv-tests/out").join(name);
    if !elf.exists() {
        let status = Command::new("make")
            .arg("-C")
            .arg(root().join("riscv-tests"))
            .arg(format!("out/{name}"))
            .arg(format!("out/{name}.dump"))
            .status()
            .unwrap();
        assert!(status.success(), "cannot build riscv-tests/out/{name}");
    }
    elf
}

/// Runs `elf` with a commit log and --stats: (log, stderr).
fn run_logged(elf: &PathBuf, tag: &str) -> (String, String) {
    let log = std::env::temp_dir().join(format!("rvmmu-commits-{}-{tag}.log", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .env_remove("RUST_LOG")
        .arg("run")
        .arg(elf)
        .arg("--log-commits")
        .arg(&log)
        .arg("--stats")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    (text, stderr)
}

const LINE: &str = concat!(
    r"^core   0: [013] 0x[0-9a-f]{16} \((0x[0-9a-f]{8}|0x[0-9a-f]{4})\)",
    r"( [xf][0-9] {2}0x[0-9a-f]{16}| [xf][1-3][0-9] 0x[0-9a-f]{16})?",
    r"( mem 0x[0-9a-f]{16}( 0x([0-9a-f]{2}|[0-9a-f]{4}|[0-9a-f]{8}|[0-9a-f]{16}))? \(pa 0x[0-9a-f]{16}\))*$"
);

fn retired(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("hart.instructions"))
        .unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn commit_log_of_a_p_test_has_spikes_format_one_line_per_instruction() {
    let elf = p_test("rv64ui-p-sd");
    let (log, stderr) = run_logged(&elf, "sd");
    let re = regex::Regex::new(LINE).unwrap();
    for line in log.lines() {
        assert!(re.is_match(line), "not a commit-log line: {line:?}");
    }
    assert_eq!(log.lines().count(), retired(&stderr));
    assert!(
        log.starts_with("core   0: 3 0x0000000080000000 ("),
        "{}",
        &log[..80]
    );
    // 80000124: fe113823  sd x1,-16(x2), the first store of the body, in
    // U-mode with translation off: pa = va.
    let dump = std::fs::read_to_string(elf.with_extension("dump"))
        .or_else(|_| std::fs::read_to_string(format!("{}.dump", elf.display())))
        .unwrap();
    let (pc, bits) = dump
        .lines()
        .find_map(|l| {
            let mut f = l.split_whitespace();
            let pc = f.next()?.strip_suffix(':')?;
            let bits = f.next()?;
            (f.next()? == "sd").then(|| (u64::from_str_radix(pc, 16).ok(), bits.to_string()))
        })
        .unwrap();
    let pc = pc.unwrap();
    let line = log
        .lines()
        .find(|l| l.contains(&format!("{pc:#018x} (0x{bits})")))
        .unwrap_or_else(|| panic!("no line for pc {pc:#x}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&fields[..3], ["core", "0:", "0"], "{line}");
    assert_eq!(fields[5], "mem", "a store writes no register: {line}");
    let va = fields[6];
    assert_eq!(fields[7].len(), 2 + 16, "an 8-byte value: {line}");
    assert_eq!(
        fields[9],
        format!("{va})"),
        "translation off: pa = va: {line}"
    );
}

#[test]
fn commit_log_under_sv39_gives_translated_physical_addresses() {
    // mmu_debug's S-mode load through the 2 MiB megapage (identity) and
    // the load of 0x8010_2000 through its 4 KiB page (frame_a).
    let elf = root().join("tests/bin/mmu_debug.elf");
    let (log, stderr) = run_logged(&elf, "sv39");
    let re = regex::Regex::new(LINE).unwrap();
    assert!(log.lines().all(|l| re.is_match(l)), "{log}");
    assert_eq!(log.lines().count(), retired(&stderr));
    let syms = emulator::symbols::SymbolTable::from_elf(&std::fs::read(&elf).unwrap()).unwrap();
    let frame_a = syms.lookup("frame_a").unwrap();
    let want = format!(" x18 0x000000000000000a mem 0x0000000080102000 (pa {frame_a:#018x})");
    assert!(
        log.lines()
            .any(|l| l.starts_with("core   0: 1 ") && l.ends_with(&want)),
        "{want}\n{log}"
    );
    assert!(log.contains(" mem 0x0000000080200010 (pa 0x0000000080200010)"));
    // Faulting instructions do not commit.
    assert!(!log.contains("mem 0x0000000080101000"));
}
