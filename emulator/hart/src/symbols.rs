//! The ELF symbol table, for finding `tohost`/`fromhost` and for naming the
//! code around a pc in messages ("stopped at 0x80000104 <test_2+0x8>").
//! `--symbols FILE` adds the symbols of another file: an ELF (a kernel's
//! `vmlinux`) or a `System.map` (the format of `nm -n` and of
//! `/proc/kallsyms`), so that fault explanations name kernel functions.
//!
//! Built once at load time; never used on the per-instruction path.

use object::read::elf::ElfFile64;
use object::{LittleEndian, Object, ObjectSection, ObjectSymbol, SymbolKind};
use std::collections::BTreeMap;

/// Named addresses of one program.
#[derive(Debug, Default, Clone)]
pub struct SymbolTable {
    /// Name -> value; a global definition wins over a local one.
    by_name: BTreeMap<String, u64>,
    /// Code symbols sorted by start address, for [`SymbolTable::describe`].
    code: Vec<CodeSymbol>,
}

/// A symbol that may name code: its name, start and (exclusive) end.
/// The end is `start + size` for sized symbols and the end of the symbol's
/// section for labels without a size (assembly labels such as `test_2`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct CodeSymbol {
    start: u64,
    end: u64,
    name: String,
}

impl SymbolTable {
    /// Reads the symbol table of a little-endian ELF64 file. A file without
    /// a symbol table (stripped) gives an empty table; a file whose section
    /// headers or symbol table are damaged gives the parser's complaint.
    pub fn from_elf(bytes: &[u8]) -> Result<SymbolTable, String> {
        let file = ElfFile64::<LittleEndian>::parse(bytes).map_err(|e| e.to_string())?;
        let mut globals = BTreeMap::new();
        let mut locals = BTreeMap::new();
        let mut code = Vec::new();
        for sym in file.symbols() {
            let Ok(name) = sym.name() else { continue };
            if name.is_empty() || sym.is_undefined() || is_assembler_local(name) {
                continue;
            }
            let value = sym.address();
            let map = if sym.is_global() {
                &mut globals
            } else {
                &mut locals
            };
            map.entry(name.to_string()).or_insert(value);

            if !matches!(
                sym.kind(),
                SymbolKind::Text | SymbolKind::Unknown | SymbolKind::Label
            ) {
                continue;
            }
            let end = if sym.size() > 0 {
                value.checked_add(sym.size())
            } else {
                sym.section_index()
                    .and_then(|i| file.section_by_index(i).ok())
                    .and_then(|s| s.address().checked_add(s.size()))
                    .filter(|&e| e > value)
            };
            if let Some(end) = end {
                code.push(CodeSymbol {
                    start: value,
                    end,
                    name: name.to_string(),
                });
            }
        }
        for (name, value) in locals {
            globals.entry(name).or_insert(value);
        }
        // Sort by start; among equal starts keep the first name in name
        // order, so the result does not depend on symbol table order.
        code.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
        code.dedup_by_key(|s| s.start);
        Ok(SymbolTable {
            by_name: globals,
            code,
        })
    }

    /// Reads a symbol file given with `--symbols`: an ELF64 file (its
    /// symbol table, as [`SymbolTable::from_elf`]) or a `System.map`
    /// ([`SymbolTable::from_system_map`]), told apart by the ELF magic.
    /// A file that names no code is an error too: it cannot help.
    pub fn from_symbol_file(bytes: &[u8]) -> Result<SymbolTable, String> {
        let table = if bytes.starts_with(b"\x7fELF") {
            SymbolTable::from_elf(bytes).map_err(|e| format!("not a usable ELF file: {e}"))?
        } else {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| "neither an ELF file nor a System.map (not text)".to_string())?;
            SymbolTable::from_system_map(text)?
        };
        if table.code.is_empty() {
            return Err("no code symbols in the file".into());
        }
        Ok(table)
    }

    /// Parses a `System.map`: one `ADDRESS TYPE NAME` line per symbol, the
    /// address in hexadecimal and the type one letter as `nm` prints it;
    /// `/proc/kallsyms` adds an optional `[module]` field, accepted and
    /// ignored. Text symbols (`t`, `T`, `w`, `W`) name code; each extends
    /// to the next higher address of any symbol in the file (a System.map
    /// carries no sizes), the last one covers its own address only. Every
    /// symbol is found by [`SymbolTable::lookup`], a global (upper-case
    /// type) before a local of the same name. Blank lines are skipped; any
    /// other line that does not parse is an error naming its number.
    pub fn from_system_map(text: &str) -> Result<SymbolTable, String> {
        let mut globals = BTreeMap::new();
        let mut locals = BTreeMap::new();
        let mut code = Vec::new();
        let mut addresses = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (addr, kind, name) = match fields.as_slice() {
                [] => continue,
                [a, k, n] => (*a, *k, *n),
                [a, k, n, m] if m.starts_with('[') && m.ends_with(']') => (*a, *k, *n),
                _ => return Err(system_map_error(i, line)),
            };
            let value = u64::from_str_radix(addr, 16).map_err(|_| system_map_error(i, line))?;
            let mut kind_chars = kind.chars();
            let (Some(kind), None) = (kind_chars.next(), kind_chars.next()) else {
                return Err(system_map_error(i, line));
            };
            if !kind.is_ascii_alphabetic() && kind != '?' && kind != '-' {
                return Err(system_map_error(i, line));
            }
            addresses.push(value);
            let map = if kind.is_ascii_uppercase() {
                &mut globals
            } else {
                &mut locals
            };
            map.entry(name.to_string()).or_insert(value);
            if matches!(kind, 't' | 'T' | 'w' | 'W') {
                code.push(CodeSymbol {
                    start: value,
                    end: value,
                    name: name.to_string(),
                });
            }
        }
        if !code.is_empty() && code.iter().all(|s| s.start == 0) {
            return Err(
                "every code symbol is at address 0 (a /proc/kallsyms read without \
                 permission: set kernel.kptr_restrict to 0 and read it as root)"
                    .into(),
            );
        }
        addresses.sort_unstable();
        addresses.dedup();
        for sym in &mut code {
            let next = addresses.partition_point(|&a| a <= sym.start);
            sym.end = addresses
                .get(next)
                .copied()
                .unwrap_or_else(|| sym.start.saturating_add(1));
        }
        for (name, value) in locals {
            globals.entry(name).or_insert(value);
        }
        code.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
        code.dedup_by_key(|s| s.start);
        Ok(SymbolTable {
            by_name: globals,
            code,
        })
    }

    /// Adds the symbols of `other` (a `--symbols` file): its code symbols
    /// join this table's, and where both start code at one address, or
    /// define one name, `other`'s wins.
    pub fn merge(&mut self, other: SymbolTable) {
        for (name, value) in other.by_name {
            self.by_name.insert(name, value);
        }
        let mine = std::mem::take(&mut self.code);
        let starts: Vec<u64> = other.code.iter().map(|s| s.start).collect();
        self.code = other.code;
        self.code.extend(
            mine.into_iter()
                .filter(|s| starts.binary_search(&s.start).is_err()),
        );
        self.code
            .sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
    }

    /// The value of the symbol `name`.
    pub fn lookup(&self, name: &str) -> Option<u64> {
        self.by_name.get(name).copied()
    }

    /// The code symbol around `pc` and the offset of `pc` into it: the
    /// nearest symbol at or below `pc` whose extent contains `pc`.
    pub fn describe(&self, pc: u64) -> Option<(&str, u64)> {
        let after = self.code.partition_point(|s| s.start <= pc);
        let sym = self.code.get(after.checked_sub(1)?)?;
        (pc < sym.end).then(|| (sym.name.as_str(), pc - sym.start))
    }

    /// `<name+0xoff>` for messages, or an empty string when no symbol
    /// covers `pc`.
    pub fn describe_suffix(&self, pc: u64) -> String {
        match self.describe(pc) {
            Some((name, 0)) => format!(" <{name}>"),
            Some((name, off)) => format!(" <{name}+{off:#x}>"),
            None => String::new(),
        }
    }

    /// Number of named symbols.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// The error for line `index` (0-based) of a System.map.
fn system_map_error(index: usize, line: &str) -> String {
    let shown: String = line.chars().take(60).collect();
    format!(
        "line {}: expected `ADDRESS TYPE NAME` as in a System.map, found {shown:?}",
        index + 1
    )
}

/// Assembler-internal names: `.L` local labels and mapping symbols (`$x`,
/// `$d`), which only clutter messages.
fn is_assembler_local(name: &str) -> bool {
    name.starts_with(".L") || name.starts_with('$')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::test_elf::{code, ElfBuilder, Segment};

    fn table() -> SymbolTable {
        let elf = ElfBuilder::new(0x8000_0000)
            .segment(Segment::load(0x8000_0000, code(&[0x13; 16]), 0x40))
            .symbol("_start", 0x8000_0000, 0, 0, 0)
            .symbol("helper", 0x8000_0010, 8, 2, 0)
            .symbol("test_2", 0x8000_0020, 0, 0, 0)
            .symbol("tohost", 0x8000_1000, 8, 1, 0)
            .symbol(".Ltmp0", 0x8000_0004, 0, 0, 0)
            .build();
        SymbolTable::from_elf(&elf).unwrap()
    }

    #[test]
    fn lookup_finds_defined_symbols_and_skips_assembler_locals() {
        let t = table();
        for (name, want) in [
            ("_start", Some(0x8000_0000)),
            ("helper", Some(0x8000_0010)),
            ("tohost", Some(0x8000_1000)),
            ("fromhost", None),
            (".Ltmp0", None),
        ] {
            assert_eq!(t.lookup(name), want, "{name}");
        }
    }

    /// `t.describe(pc)` is `want` for every `(pc, want)` of `cases`.
    fn assert_describes(t: &SymbolTable, cases: &[(u64, Option<(&str, u64)>)]) {
        for &(pc, want) in cases {
            assert_eq!(t.describe(pc), want, "pc {pc:#x}");
        }
    }

    #[test]
    fn describe_names_the_code_around_a_pc() {
        let t = table();
        let cases: [(u64, Option<(&str, u64)>); 8] = [
            (0x7fff_fffc, None),
            (0x8000_0000, Some(("_start", 0))),
            (0x8000_000c, Some(("_start", 0xc))),
            (0x8000_0010, Some(("helper", 0))),
            (0x8000_0014, Some(("helper", 4))),
            // Past helper's 8 bytes, before test_2: no symbol covers it.
            (0x8000_0018, None),
            // A label without size extends to the end of its section.
            (0x8000_003c, Some(("test_2", 0x1c))),
            (0x8000_0040, None),
        ];
        assert_describes(&t, &cases);
        assert_eq!(t.describe_suffix(0x8000_0014), " <helper+0x4>");
        assert_eq!(t.describe_suffix(0x8000_0000), " <_start>");
        assert_eq!(t.describe_suffix(0x1000), "");
    }

    #[test]
    fn a_file_without_sections_has_an_empty_table() {
        let mut elf = ElfBuilder::new(0x8000_0000)
            .segment(Segment::load(0x8000_0000, code(&[0x13]), 4))
            .build();
        // e_shoff = 0, e_shnum = 0, e_shstrndx = 0: stripped of sections.
        elf[0x28..0x30].fill(0);
        elf[0x3c..0x40].fill(0);
        let t = SymbolTable::from_elf(&elf).unwrap();
        assert!(t.is_empty());
        assert_eq!(t.describe(0x8000_0000), None);
    }

    #[test]
    fn damaged_section_headers_are_an_error() {
        let mut elf = ElfBuilder::new(0x8000_0000)
            .segment(Segment::load(0x8000_0000, code(&[0x13]), 4))
            .build();
        elf[0x28..0x30].copy_from_slice(&0xffff_ff00u64.to_le_bytes());
        assert!(SymbolTable::from_elf(&elf).is_err());
    }

    /// A System.map as `nm -n vmlinux` writes it, with a kallsyms-style
    /// module field on one line.
    const MAP: &str = "\
ffffffff80000000 T _text
ffffffff80000000 T _start
ffffffff80001000 t handle_exception
ffffffff80001100 T do_page_fault
ffffffff80001180 W arch_cpu_idle

ffffffff80001200 d some_data
ffffffff80001300 T _etext
ffffffff80002000 D jiffies
ffffffff80003000 t ext4_fill_super\t[ext4]
";

    #[test]
    fn system_map_names_kernel_functions() {
        let t = SymbolTable::from_system_map(MAP).unwrap();
        let cases: [(u64, Option<(&str, u64)>); 9] = [
            (0xffff_ffff_7fff_fffc, None),
            // Two names at one address: the first in name order.
            (0xffff_ffff_8000_0000, Some(("_start", 0))),
            (0xffff_ffff_8000_0ffe, Some(("_start", 0xffe))),
            (0xffff_ffff_8000_1004, Some(("handle_exception", 4))),
            (0xffff_ffff_8000_113c, Some(("do_page_fault", 0x3c))),
            (0xffff_ffff_8000_11fc, Some(("arch_cpu_idle", 0x7c))),
            // Data symbols end code but name none.
            (0xffff_ffff_8000_1200, None),
            (0xffff_ffff_8000_3000, Some(("ext4_fill_super", 0))),
            // The last symbol covers its own address only.
            (0xffff_ffff_8000_3004, None),
        ];
        assert_describes(&t, &cases);
        assert_eq!(
            t.describe_suffix(0xffff_ffff_8000_1104),
            " <do_page_fault+0x4>"
        );
        assert_eq!(t.lookup("jiffies"), Some(0xffff_ffff_8000_2000));
        assert_eq!(t.lookup("some_data"), Some(0xffff_ffff_8000_1200));
        assert_eq!(t.lookup("ext4"), None);
    }

    #[test]
    fn a_global_wins_over_a_local_of_the_same_name() {
        let t =
            SymbolTable::from_system_map("0000000000001000 t f\n0000000000002000 T f\n").unwrap();
        assert_eq!(t.lookup("f"), Some(0x2000));
    }

    #[test]
    fn bad_system_maps_are_refused_with_the_line() {
        for (text, want) in [
            // Debian's linux-image packages ship this stub.
            (
                "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n",
                "line 1: expected `ADDRESS TYPE NAME`",
            ),
            ("ffffffff80000000 T a\nzzzz T b\n", "line 2:"),
            ("ffffffff80000000 Tx a\n", "line 1:"),
            ("ffffffff80000000\n", "line 1:"),
            ("10000000000000000 T too_wide\n", "line 1:"),
            ("ffffffff80000000 T a b\n", "line 1:"),
        ] {
            let err = SymbolTable::from_system_map(text).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn symbol_files_must_name_code() {
        let zeros = "0000000000000000 T _text\n0000000000000000 t foo\n";
        let err = SymbolTable::from_symbol_file(zeros.as_bytes()).unwrap_err();
        assert!(err.contains("kptr_restrict"), "{err}");
        let err = SymbolTable::from_symbol_file(b"ffffffff80002000 D jiffies\n").unwrap_err();
        assert_eq!(err, "no code symbols in the file");
        let err = SymbolTable::from_symbol_file(b"").unwrap_err();
        assert_eq!(err, "no code symbols in the file");
        let err = SymbolTable::from_symbol_file(&[0xff, 0xfe, 0x00]).unwrap_err();
        assert!(err.contains("not text"), "{err}");
        let err = SymbolTable::from_symbol_file(b"\x7fELF\x02\x01garbage").unwrap_err();
        assert!(err.starts_with("not a usable ELF file"), "{err}");
    }

    #[test]
    fn symbol_files_are_elf_or_system_map_by_their_magic() {
        let elf = ElfBuilder::new(0x8000_0000)
            .segment(Segment::load(0x8000_0000, code(&[0x13; 16]), 0x40))
            .symbol("helper", 0x8000_0010, 8, 2, 0)
            .build();
        let t = SymbolTable::from_symbol_file(&elf).unwrap();
        assert_eq!(t.describe(0x8000_0014), Some(("helper", 4)));
        let t = SymbolTable::from_symbol_file(MAP.as_bytes()).unwrap();
        assert_eq!(
            t.describe(0xffff_ffff_8000_1008),
            Some(("handle_exception", 8))
        );
    }

    #[test]
    fn merged_symbols_name_both_programs_and_the_file_wins() {
        let mut t = table();
        let map = "\
0000000080000010 T from_map
ffffffff80001000 t handle_exception
ffffffff80001100 T do_page_fault
0000000080001000 D tohost
";
        t.merge(SymbolTable::from_system_map(map).unwrap());
        // The firmware's symbols stay where the file has none.
        assert_eq!(t.describe(0x8000_0004), Some(("_start", 4)));
        assert_eq!(t.describe(0x8000_0024), Some(("test_2", 4)));
        // At a start both have, the file's name is used.
        assert_eq!(t.describe(0x8000_0010), Some(("from_map", 0)));
        assert_eq!(
            t.describe(0xffff_ffff_8000_1010),
            Some(("handle_exception", 0x10))
        );
        assert_eq!(t.lookup("do_page_fault"), Some(0xffff_ffff_8000_1100));
        assert_eq!(t.lookup("tohost"), Some(0x8000_1000));
        assert_eq!(t.lookup("helper"), Some(0x8000_0010));
    }
}
