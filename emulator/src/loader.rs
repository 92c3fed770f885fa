//! The ELF loader: puts a bare-metal RV64 executable into guest RAM.
//!
//! Accepted: ELF64, little-endian, `EM_RISCV`, `ET_EXEC`. Every `PT_LOAD`
//! segment is copied to its *physical* address (`p_paddr`) and the rest of
//! its `p_memsz` zeroed, as a boot loader with translation off would (the
//! hart starts in M-mode with satp = 0, Privileged 20211203, section 3.4).
//! Everything is checked before the first byte is written, so a bad file
//! leaves RAM untouched and is reported as a [`LoadError`]; no input makes
//! the loader panic.

mod error;

pub use error::{LoadError, NotExecutableKind};

use crate::bus::{Bus, Ram};
use crate::devices::htif::Htif;
use crate::symbols::SymbolTable;
use goblin::container::{Container, Ctx, Endian};
use goblin::elf::header::{self, Header};
use goblin::elf::program_header::{ProgramHeader, PT_LOAD};
use goblin::elf::Elf;
use std::path::Path;

const ELF_MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];
const EI_CLASS: usize = 4;
const EI_DATA: usize = 5;
const ELFCLASS32: u8 = 1;
const ELFCLASS64: u8 = 2;
const ELFDATA2LSB: u8 = 1;
const ELFDATA2MSB: u8 = 2;
const EHDR64_SIZE: usize = 64;
const PHDR64_SIZE: u16 = 56;

/// What the loader learnt about the program it loaded.
#[derive(Debug, Clone)]
pub struct Image {
    /// Where the hart starts: `e_entry`, turned into a physical address
    /// through the segment that contains it.
    pub entry: u64,
    /// Physical address of the `tohost` symbol (HTIF), if present.
    pub tohost: Option<u64>,
    /// Physical address of the `fromhost` symbol, if present.
    pub fromhost: Option<u64>,
    pub symbols: SymbolTable,
}

/// A checked `PT_LOAD` segment, ready to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placement {
    /// Index of the program header, for messages.
    index: usize,
    vaddr: u64,
    paddr: u64,
    memsz: u64,
    /// File range of the initialised bytes.
    offset: usize,
    filesz: usize,
}

/// A file that passed every check: where each segment goes.
#[derive(Debug, Clone)]
struct Plan {
    entry: u64,
    segments: Vec<Placement>,
}

/// Reads `path` and loads it into `bus`: RAM contents, and HTIF at
/// `tohost`/`fromhost` when the program has them.
pub fn load_file(path: &Path, bus: &mut Bus) -> Result<Image, LoadError> {
    let bytes = std::fs::read(path)?;
    load_into_bus(&bytes, bus)
}

/// Loads the ELF `bytes` into `bus` and enables HTIF if `tohost` exists.
pub fn load_into_bus(bytes: &[u8], bus: &mut Bus) -> Result<Image, LoadError> {
    let image = load(bytes, &mut bus.ram)?;
    if let Some(tohost) = image.tohost {
        bus.htif = Htif::new(tohost, image.fromhost);
    }
    Ok(image)
}

/// Checks the ELF `bytes`, then copies its segments into `ram`.
pub fn load(bytes: &[u8], ram: &mut Ram) -> Result<Image, LoadError> {
    let plan = plan(bytes, ram.base(), ram.size())?;
    let symbols = SymbolTable::from_elf(bytes).map_err(LoadError::Symbols)?;
    let tohost = htif_address(&plan, &symbols, "tohost", ram)?;
    let fromhost = htif_address(&plan, &symbols, "fromhost", ram)?;
    for seg in &plan.segments {
        copy_segment(bytes, seg, ram)?;
    }
    Ok(Image {
        entry: to_physical(&plan.segments, plan.entry),
        tohost,
        fromhost,
        symbols,
    })
}

/// True when `bytes` start like an RV64 little-endian RISC-V executable
/// (the header alone; the rest may still be broken). For picking test
/// programs out of a directory.
pub fn looks_like_rv64_executable(bytes: &[u8]) -> bool {
    check_header(bytes).is_ok()
}

/// Every check, no copying.
fn plan(bytes: &[u8], ram_base: u64, ram_size: u64) -> Result<Plan, LoadError> {
    let header = check_header(bytes)?;
    let phdrs = program_headers(bytes, &header)?;
    let ram_end = ram_base.saturating_add(ram_size);
    let mut segments = Vec::new();
    for (index, ph) in phdrs.iter().enumerate() {
        if ph.p_type != PT_LOAD {
            continue;
        }
        if ph.p_filesz > ph.p_memsz {
            return Err(LoadError::FileSizeExceedsMemSize {
                index,
                filesz: ph.p_filesz,
                memsz: ph.p_memsz,
            });
        }
        let truncated = LoadError::SegmentTruncated {
            index,
            offset: ph.p_offset,
            filesz: ph.p_filesz,
            file_len: bytes.len(),
        };
        let file_end = ph.p_offset.checked_add(ph.p_filesz);
        if !matches!(file_end, Some(e) if e <= bytes.len() as u64) {
            return Err(truncated);
        }
        if ph.p_memsz == 0 {
            continue;
        }
        let start = ph.p_paddr;
        let end = start
            .checked_add(ph.p_memsz)
            .ok_or(LoadError::AddressOverflow {
                index,
                paddr: start,
                memsz: ph.p_memsz,
            })?;
        if let Some((device, dev_start, dev_end)) = overlapped_device(start, end) {
            return Err(LoadError::OverDevice {
                index,
                start,
                end,
                device,
                dev_start,
                dev_end,
                ram_start: ram_base,
                ram_end,
            });
        }
        if start < ram_base || end > ram_end {
            return Err(LoadError::OutsideRam {
                index,
                start,
                end,
                ram_start: ram_base,
                ram_end,
            });
        }
        // Both fit in usize: the file range lies inside `bytes`.
        let (Ok(offset), Ok(filesz)) = (usize::try_from(ph.p_offset), usize::try_from(ph.p_filesz))
        else {
            return Err(truncated);
        };
        segments.push(Placement {
            index,
            vaddr: ph.p_vaddr,
            paddr: start,
            memsz: ph.p_memsz,
            offset,
            filesz,
        });
    }
    if segments.is_empty() {
        return Err(LoadError::NoLoadableSegment);
    }
    // Nothing could ever be fetched from an entry point outside the image:
    // refuse it now rather than spin on fetch faults.
    let entry = header.e_entry;
    if !segments
        .iter()
        .any(|s| entry >= s.vaddr && entry - s.vaddr < s.memsz)
    {
        return Err(LoadError::EntryOutsideSegments { entry });
    }
    Ok(Plan {
        entry: header.e_entry,
        segments,
    })
}

/// The ELF header checks, in the order a user would want them reported.
fn check_header(bytes: &[u8]) -> Result<Header, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    if bytes.get(..4) != Some(&ELF_MAGIC[..]) {
        return Err(LoadError::NotElf);
    }
    match bytes.get(EI_CLASS).copied() {
        Some(ELFCLASS64) => {}
        Some(ELFCLASS32) => return Err(LoadError::Class32),
        Some(c) => return Err(LoadError::UnknownClass(c)),
        None => return Err(LoadError::HeaderTruncated { len: bytes.len() }),
    }
    match bytes.get(EI_DATA).copied() {
        Some(ELFDATA2LSB) => {}
        Some(ELFDATA2MSB) => return Err(LoadError::BigEndian),
        Some(d) => return Err(LoadError::UnknownEncoding(d)),
        None => return Err(LoadError::HeaderTruncated { len: bytes.len() }),
    }
    if bytes.len() < EHDR64_SIZE {
        return Err(LoadError::HeaderTruncated { len: bytes.len() });
    }
    let h = Elf::parse_header(bytes).map_err(|e| LoadError::MalformedHeader(e.to_string()))?;
    if h.e_machine != header::EM_RISCV {
        return Err(LoadError::WrongMachine {
            machine: h.e_machine,
            name: header::machine_to_str(h.e_machine),
        });
    }
    match h.e_type {
        header::ET_EXEC => Ok(h),
        header::ET_REL => Err(LoadError::NotExecutable(NotExecutableKind::Relocatable)),
        header::ET_DYN => Err(LoadError::NotExecutable(NotExecutableKind::Shared)),
        header::ET_CORE => Err(LoadError::NotExecutable(NotExecutableKind::Core)),
        t => Err(LoadError::NotExecutable(NotExecutableKind::Other(t))),
    }
}

/// The program header table, bounds-checked against the file.
fn program_headers(bytes: &[u8], h: &Header) -> Result<Vec<ProgramHeader>, LoadError> {
    if h.e_phnum == 0 {
        return Err(LoadError::NoLoadableSegment);
    }
    if h.e_phentsize != PHDR64_SIZE {
        return Err(LoadError::BadPhentsize {
            phentsize: h.e_phentsize,
        });
    }
    let table_len = u64::from(h.e_phnum) * u64::from(PHDR64_SIZE);
    let truncated = || LoadError::ProgramHeadersTruncated {
        offset: h.e_phoff,
        count: h.e_phnum,
        file_len: bytes.len(),
    };
    let end = h.e_phoff.checked_add(table_len).ok_or_else(truncated)?;
    if end > bytes.len() as u64 {
        return Err(truncated());
    }
    let offset = usize::try_from(h.e_phoff).map_err(|_| truncated())?;
    let ctx = Ctx::new(Container::Big, Endian::Little);
    ProgramHeader::parse(bytes, offset, usize::from(h.e_phnum), ctx)
        .map_err(|e| LoadError::MalformedProgramHeaders(e.to_string()))
}

/// The device whose window `[start, end)` overlaps, if any (the board's
/// list, [`crate::board::BOARD`]).
fn overlapped_device(start: u64, end: u64) -> Option<(&'static str, u64, u64)> {
    crate::board::BOARD.iter().find_map(|s| {
        let dev_end = s.base + s.size;
        (start < dev_end && end > s.base).then_some((s.name, s.base, dev_end))
    })
}

/// `vaddr` as a physical address, through the first segment whose virtual
/// range contains it; unchanged when none does.
fn to_physical(segments: &[Placement], vaddr: u64) -> u64 {
    segments
        .iter()
        .find(|s| vaddr >= s.vaddr && vaddr - s.vaddr < s.memsz)
        .map_or(vaddr, |s| s.paddr.wrapping_add(vaddr - s.vaddr))
}

/// The physical address of the HTIF word `name`, which must lie in RAM.
fn htif_address(
    plan: &Plan,
    symbols: &SymbolTable,
    name: &'static str,
    ram: &Ram,
) -> Result<Option<u64>, LoadError> {
    let Some(vaddr) = symbols.lookup(name) else {
        return Ok(None);
    };
    let addr = to_physical(&plan.segments, vaddr);
    if ram.offset(addr, 8).is_none() {
        return Err(LoadError::HtifOutsideRam {
            name,
            addr,
            ram_start: ram.base(),
            ram_end: ram.base().saturating_add(ram.size()),
        });
    }
    Ok(Some(addr))
}

/// Copies one checked segment and zeroes the rest of its memory image.
fn copy_segment(bytes: &[u8], seg: &Placement, ram: &mut Ram) -> Result<(), LoadError> {
    // `plan` checked both ranges; should they still not fit, that is
    // reported like the check would have, never panicked on.
    let outside = LoadError::OutsideRam {
        index: seg.index,
        start: seg.paddr,
        end: seg.paddr.saturating_add(seg.memsz),
        ram_start: ram.base(),
        ram_end: ram.base().saturating_add(ram.size()),
    };
    let truncated = LoadError::SegmentTruncated {
        index: seg.index,
        offset: seg.offset as u64,
        filesz: seg.filesz as u64,
        file_len: bytes.len(),
    };
    let src = seg
        .offset
        .checked_add(seg.filesz)
        .and_then(|end| bytes.get(seg.offset..end))
        .ok_or(truncated)?;
    let Ok(memsz) = usize::try_from(seg.memsz) else {
        return Err(outside);
    };
    let dst = ram.slice_mut(seg.paddr, memsz).ok_or(outside)?;
    let Some((init, zero)) = dst.split_at_mut_checked(src.len()) else {
        return Err(LoadError::FileSizeExceedsMemSize {
            index: seg.index,
            filesz: seg.filesz as u64,
            memsz: seg.memsz,
        });
    };
    init.copy_from_slice(src);
    zero.fill(0);
    Ok(())
}

/// The test ELF writer, shared with the end-to-end tests.
#[cfg(test)]
#[path = "../tests/support/elf.rs"]
pub(crate) mod test_elf;

#[cfg(test)]
mod tests;
