//! The ELF symbol table, for finding `tohost`/`fromhost` and for naming the
//! code around a pc in messages ("stopped at 0x80000104 <test_2+0x8>").
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

/// Assembler-internal names: `.L` local labels and mapping symbols (`$x`,
/// `$d`), which only clutter messages.
fn is_assembler_local(name: &str) -> bool {
    name.starts_with(".L") || name.starts_with('$')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::loader::test_elf::{code, ElfBuilder, Segment};

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
        for (pc, want) in cases {
            assert_eq!(t.describe(pc), want, "pc {pc:#x}");
        }
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
}
