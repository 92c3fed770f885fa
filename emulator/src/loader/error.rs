//! Why an ELF file cannot be loaded: one variant per problem, each message
//! saying what is wrong and, where it helps, what to do about it.

use thiserror::Error;

/// A file that rvmmu cannot run. The messages are complete sentences
/// meant to follow `rvmmu: <file>: `.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),

    #[error("empty file, not an ELF executable")]
    Empty,

    #[error("not an ELF file (no \\x7fELF magic at the start)")]
    NotElf,

    #[error("file too short for an ELF64 header ({len} bytes, need 64)")]
    HeaderTruncated { len: usize },

    #[error("32-bit ELF (ELFCLASS32): rvmmu runs RV64 programs only; build with -march=rv64... -mabi=lp64...")]
    Class32,

    #[error("unknown ELF class {0} (expected 2, ELFCLASS64)")]
    UnknownClass(u8),

    #[error("big-endian ELF (ELFDATA2MSB): RISC-V programs are little-endian")]
    BigEndian,

    #[error("unknown ELF data encoding {0} (expected 1, little-endian)")]
    UnknownEncoding(u8),

    #[error("malformed ELF header: {0}")]
    MalformedHeader(String),

    #[error("ELF for machine {name} (e_machine {machine}), not RISC-V (e_machine 243)")]
    WrongMachine { machine: u16, name: &'static str },

    #[error("{0}")]
    NotExecutable(NotExecutableKind),

    #[error("program header entries are {phentsize} bytes, ELF64 needs 56")]
    BadPhentsize { phentsize: u16 },

    #[error("program header table at file offset {offset:#x} ({count} x 56 bytes) runs past the end of the {file_len}-byte file (truncated?)")]
    ProgramHeadersTruncated {
        offset: u64,
        count: u16,
        file_len: usize,
    },

    #[error("malformed program headers: {0}")]
    MalformedProgramHeaders(String),

    #[error("no loadable (PT_LOAD) segment with contents: nothing to run")]
    NoLoadableSegment,

    #[error("entry point {entry:#x} lies outside every loadable segment: nothing to run there (check the linker script's ENTRY and the segments' addresses)")]
    EntryOutsideSegments { entry: u64 },

    #[error("segment {index}: file size {filesz:#x} is larger than its memory size {memsz:#x}")]
    FileSizeExceedsMemSize {
        index: usize,
        filesz: u64,
        memsz: u64,
    },

    #[error("segment {index}: file bytes {offset:#x}..{end} lie beyond the end of the {file_len}-byte file (truncated?)", end = fmt_end(*offset, *filesz))]
    SegmentTruncated {
        index: usize,
        offset: u64,
        filesz: u64,
        file_len: usize,
    },

    #[error("segment {index}: address {paddr:#x} + size {memsz:#x} overflows 64 bits")]
    AddressOverflow {
        index: usize,
        paddr: u64,
        memsz: u64,
    },

    #[error("segment {index}: physical addresses {start:#x}..{end:#x} overlap the {device} at {dev_start:#x}..{dev_end:#x}; programs must be linked into RAM {ram_start:#x}..{ram_end:#x}")]
    OverDevice {
        index: usize,
        start: u64,
        end: u64,
        device: &'static str,
        dev_start: u64,
        dev_end: u64,
        ram_start: u64,
        ram_end: u64,
    },

    #[error("segment {index}: physical addresses {start:#x}..{end:#x} lie outside RAM {ram_start:#x}..{ram_end:#x}; link the program into RAM or raise --mem")]
    OutsideRam {
        index: usize,
        start: u64,
        end: u64,
        ram_start: u64,
        ram_end: u64,
    },

    #[error("damaged section headers or symbol table: {0}")]
    Symbols(String),

    #[error("symbol {name} at physical address {addr:#x} is not 8 bytes inside RAM {ram_start:#x}..{ram_end:#x}")]
    HtifOutsideRam {
        name: &'static str,
        addr: u64,
        ram_start: u64,
        ram_end: u64,
    },
}

/// The kinds of ELF file that are not a static executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotExecutableKind {
    Relocatable,
    Shared,
    Core,
    Other(u16),
}

impl std::fmt::Display for NotExecutableKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotExecutableKind::Relocatable => {
                f.write_str("relocatable object file (ET_REL), not an executable: link it first")
            }
            NotExecutableKind::Shared => f.write_str(
                "shared object or position-independent executable (ET_DYN): link with -static -no-pie",
            ),
            NotExecutableKind::Core => f.write_str("core dump (ET_CORE), not an executable"),
            NotExecutableKind::Other(t) => {
                write!(f, "ELF type {t:#x} is not an executable (expected ET_EXEC)")
            }
        }
    }
}

/// `offset + filesz` for a message, even when it overflows.
fn fmt_end(offset: u64, filesz: u64) -> String {
    match offset.checked_add(filesz) {
        Some(e) => format!("{e:#x}"),
        None => "(beyond 2^64)".to_string(),
    }
}
