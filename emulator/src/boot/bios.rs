//! `rvmmu boot --bios`: the M-mode firmware that starts before the kernel.
//!
//! - `default`: rvmmu's own SBI firmware (firmware/sbi, committed as
//!   `firmware/sbi/sbi.elf` and embedded here, as QEMU ships OpenSBI). Its
//!   layout comes from its own symbol table: `sbi_fw_base`/`sbi_fw_size`
//!   (the region PMP keeps S-mode out of, reserved in the device tree) and
//!   `sbi_next_addr` (where it enters the kernel).
//! - a file: an ELF (such as OpenSBI's `fw_dynamic.elf` or `fw_jump.elf`)
//!   is loaded at its link address, `ET_DYN` included (OpenSBI relocates
//!   itself; rvmmu applies no relocations); anything else is a raw binary
//!   (`fw_jump.bin`) loaded at the start of RAM.
//! - `none`: no firmware; the kernel starts in M-mode at the start of RAM.

use crate::loader::{self, Image, LoadError};
use std::path::PathBuf;

static SBI: &[u8] = include_bytes!("../../../firmware/sbi/sbi.elf");

/// Where firmwares that jump to a fixed address (fw_jump, the built-in
/// SBI) expect the kernel: RAM + 2 MiB, OpenSBI's FW_JUMP_ADDR for the
/// generic platform, the RV64 kernel's text_offset.
pub const FW_JUMP_OFFSET: u64 = 0x20_0000;

/// The `--bios` choice as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BiosArg {
    Default,
    None,
    File(PathBuf),
}

impl std::str::FromStr for BiosArg {
    type Err = String;
    fn from_str(s: &str) -> Result<BiosArg, String> {
        Ok(match s {
            "default" => BiosArg::Default,
            "none" => BiosArg::None,
            "" => return Err("an empty --bios: use default, none or a file".into()),
            path => BiosArg::File(PathBuf::from(path)),
        })
    }
}

/// A firmware to load, with its bytes.
#[derive(Debug, Clone, Copy)]
pub enum Bios<'a> {
    /// The built-in SBI.
    Builtin,
    /// A raw binary, loaded at the start of RAM; given fw_dynamic_info in
    /// a2 too (as QEMU does for every -bios: fw_jump ignores it,
    /// fw_dynamic.bin needs it).
    Raw(&'a [u8]),
    /// An ELF, loaded at its link address; given fw_dynamic_info in a2.
    Elf(&'a [u8]),
    /// No firmware.
    None,
}

impl<'a> Bios<'a> {
    /// Classifies a file's bytes: ELF or raw.
    pub fn from_file(bytes: &'a [u8]) -> Bios<'a> {
        if bytes.starts_with(b"\x7fELF") {
            Bios::Elf(bytes)
        } else {
            Bios::Raw(bytes)
        }
    }
}

/// The built-in SBI firmware's ELF image.
pub fn builtin_sbi() -> &'static [u8] {
    SBI
}

/// The built-in SBI's layout, read from its symbol table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SbiLayout {
    /// The firmware's own region (PMP-protected; reserved no-map).
    pub base: u64,
    pub size: u64,
    /// Where it enters the kernel.
    pub next_addr: u64,
}

/// Reads [`SbiLayout`] from an SBI ELF's absolute symbols.
pub fn sbi_layout(elf: &[u8]) -> Option<SbiLayout> {
    let elf = goblin::elf::Elf::parse(elf).ok()?;
    let symbol = |name: &str| {
        elf.syms
            .iter()
            .find(|s| elf.strtab.get_at(s.st_name) == Some(name))
            .map(|s| s.st_value)
    };
    Some(SbiLayout {
        base: symbol("sbi_fw_base")?,
        size: symbol("sbi_fw_size")?,
        next_addr: symbol("sbi_next_addr")?,
    })
}

/// Loads an ELF firmware at its link address: `ET_DYN` (OpenSBI 1.2 and
/// later build fw_dynamic.elf position-independent, linked at its load
/// address) is loaded exactly as `ET_EXEC`, so the loader sees it as one.
pub fn load_elf(bytes: &[u8], bus: &mut crate::bus::Bus) -> Result<Image, LoadError> {
    const E_TYPE: usize = 16;
    const ET_DYN: [u8; 2] = [3, 0];
    const ET_EXEC: [u8; 2] = [2, 0];
    if bytes.get(E_TYPE..E_TYPE + 2) == Some(&ET_DYN[..]) {
        let mut exec = bytes.to_vec();
        exec[E_TYPE..E_TYPE + 2].copy_from_slice(&ET_EXEC);
        return loader::load_into_bus(&exec, bus);
    }
    loader::load_into_bus(bytes, bus)
}

/// OpenSBI's `struct fw_dynamic_info` (include/sbi/fw_dynamic.h), version
/// 2: six XLEN words, passed by address in a2 to fw_dynamic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FwDynamicInfo {
    pub next_addr: u64,
    /// 0 U-mode, 1 S-mode, 3 M-mode.
    pub next_mode: u64,
    pub options: u64,
    pub boot_hart: u64,
}

impl FwDynamicInfo {
    /// "OSBI" in little-endian.
    pub const MAGIC: u64 = 0x4942_534f;
    pub const VERSION: u64 = 2;
    /// `next_mode` for S-mode.
    pub const MODE_S: u64 = 1;
    /// The struct's size in bytes.
    pub const SIZE: usize = 48;

    /// The bytes OpenSBI reads.
    pub fn to_bytes(self) -> [u8; Self::SIZE] {
        let words = [
            Self::MAGIC,
            Self::VERSION,
            self.next_addr,
            self.next_mode,
            self.options,
            self.boot_hart,
        ];
        let mut out = [0u8; Self::SIZE];
        for (chunk, w) in out.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sbi_is_an_rv64_executable_at_ram_base_with_its_layout() {
        assert!(loader::looks_like_rv64_executable(builtin_sbi()));
        let layout = sbi_layout(builtin_sbi()).unwrap();
        assert_eq!(layout.base, crate::bus::RAM_BASE);
        assert!(layout.size.is_power_of_two() && layout.base.is_multiple_of(layout.size));
        assert_eq!(layout.next_addr, crate::bus::RAM_BASE + FW_JUMP_OFFSET);
    }

    #[test]
    fn bios_argument_names_a_choice_or_a_file() {
        assert_eq!("default".parse(), Ok(BiosArg::Default));
        assert_eq!("none".parse(), Ok(BiosArg::None));
        assert_eq!(
            "fw_jump.bin".parse(),
            Ok(BiosArg::File(PathBuf::from("fw_jump.bin")))
        );
        assert!("".parse::<BiosArg>().is_err());
        assert!(matches!(Bios::from_file(b"\x7fELF...."), Bios::Elf(_)));
        assert!(matches!(Bios::from_file(b"\x6f\x00\x00\x00"), Bios::Raw(_)));
    }

    #[test]
    fn fw_dynamic_info_is_laid_out_as_opensbi_reads_it() {
        let b = FwDynamicInfo {
            next_addr: 0x8020_0000,
            next_mode: FwDynamicInfo::MODE_S,
            options: 0,
            boot_hart: 0,
        }
        .to_bytes();
        assert_eq!(&b[0..8], b"OSBI\0\0\0\0");
        assert_eq!(u64::from_le_bytes(b[8..16].try_into().unwrap()), 2);
        assert_eq!(
            u64::from_le_bytes(b[16..24].try_into().unwrap()),
            0x8020_0000
        );
        assert_eq!(u64::from_le_bytes(b[24..32].try_into().unwrap()), 1);
    }
}
