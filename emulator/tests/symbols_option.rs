//! End-to-end tests of `rvmmu run --symbols FILE` on `tests/bin/mmu_debug.elf`
//! (source: tests/programs/mmu_debug.S): a System.map names the code of
//! the faults `--explain-faults` explains, an ELF symbol file too, and a
//! bad symbol file is one line and exit 2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use emulator::symbols::SymbolTable;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn elf() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bin/mmu_debug.elf")
}

fn s_main() -> u64 {
    SymbolTable::from_elf(&std::fs::read(elf()).unwrap())
        .unwrap()
        .lookup("s_main")
        .unwrap()
}

/// A file under the system's temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("rvmmu-symbols-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn run(symbols: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .env_remove("RUST_LOG")
        .arg("run")
        .arg(elf())
        .arg("--explain-faults")
        .arg("--symbols")
        .arg(symbols)
        .output()
        .unwrap()
}

/// The `<name+0xoff>` of every fault explanation, in order.
fn explained_symbols(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains("page fault (cause") || l.contains("access fault (cause"))
        .map(|l| {
            let start = l.find(" <").expect("a symbol") + 2;
            let end = start + l[start..].find('>').unwrap();
            l[start..end].to_string()
        })
        .collect()
}

#[test]
fn a_system_map_names_the_functions_of_fault_explanations() {
    // mmu_debug.elf faults at s_main+0xc, +0x1c and +0x34. The map's
    // names win over the ELF's own at the addresses it covers.
    let base = s_main();
    let map = format!(
        "{:016x} T fake_do_page_fault\n{:016x} t fake_after\n{:016x} D fake_data\n",
        base + 0x8,
        base + 0x20,
        base + 0x40
    );
    let file = TempFile::new("map", map.as_bytes());
    let out = run(&file.0);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        explained_symbols(&stderr),
        [
            "fake_do_page_fault+0x4",
            "fake_do_page_fault+0x14",
            "fake_after+0x14"
        ],
        "{stderr}"
    );
}

#[test]
fn an_elf_symbol_file_is_read_too() {
    // The program's own ELF as the symbol file: the same names as without.
    let out = run(&elf());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        explained_symbols(&stderr),
        ["s_main+0xc", "s_main+0x1c", "s_main+0x34"]
    );
}

#[test]
fn bad_symbol_files_are_one_line_and_exit_2() {
    let stub = TempFile::new(
        "stub",
        b"ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n",
    );
    let data_only = TempFile::new("data", b"ffffffff80002000 D jiffies\n");
    let missing = std::env::temp_dir().join("rvmmu-symbols-no-such-file");
    for (path, want) in [
        (&stub.0, "line 1: expected `ADDRESS TYPE NAME`"),
        (&data_only.0, "no code symbols in the file"),
        (&missing, "No such file"),
    ] {
        let out = run(path);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!("rvmmu: --symbols {}: ", path.display())),
            "{stderr}"
        );
        assert!(stderr.contains(want), "{stderr}");
    }
}
