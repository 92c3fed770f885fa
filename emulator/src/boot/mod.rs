//! How a program is started: directly (bare metal), or as a user program
//! under rvmmu's guest supervisor (the firmware), booted the way RISC-V
//! Linux is: M-mode at the firmware's entry with a0 = hart id and a1 = the
//! address of a flattened device tree whose `/chosen` node names the
//! program image (the initrd) and the arguments (`bootargs`).
//!
//! The rule that tells the two apart ([`classify`]): an ELF whose entry
//! point lies below RAM (0x8000_0000) is a user program (Linux user
//! programs are linked at low virtual addresses such as 0x10000);
//! anything else is bare metal and is loaded at its physical addresses.
//! `--bare` and `--firmware FILE` override the rule.

pub mod bios;
pub mod chosen;
pub mod command;
pub mod dtb;
pub mod executable;
pub mod fdt_edit;
pub mod firmware;
pub mod image;
pub mod linux;
pub mod user_io;

use crate::bus::{Bus, RAM_BASE};
use crate::isa::extensions::Extensions;
use crate::loader::{self, Image, LoadError};
use mmu::PAGE_SIZE;

/// Which way a program is started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramKind {
    /// Loaded at its physical addresses, started in M-mode at its entry.
    BareMetal,
    /// Run in U-mode under the firmware, with demand paging.
    User,
}

/// Applies the documented rule: entry point below RAM → user program.
/// Files that are not little-endian ELF64 or ELF32 are bare metal (the
/// loader then says why it cannot load them).
pub fn classify(bytes: &[u8]) -> ProgramKind {
    let is_elf64_le =
        bytes.len() >= 0x20 && bytes.starts_with(b"\x7fELF") && bytes[4] == 2 && bytes[5] == 1;
    // An ELF32 with a low entry point is a user program for another class
    // (e.g. riscv32 or i386 Linux): classified as one, so that
    // executable::check names it (126) instead of the bare loader.
    let is_elf32_le =
        bytes.len() >= 0x1c && bytes.starts_with(b"\x7fELF") && bytes[4] == 1 && bytes[5] == 1;
    let entry = if is_elf64_le {
        bytes
            .get(0x18..0x20)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    } else if is_elf32_le {
        bytes
            .get(0x18..0x1c)
            .and_then(|b| b.try_into().ok())
            .map(|b| u64::from(u32::from_le_bytes(b)))
    } else {
        return ProgramKind::BareMetal;
    };
    match entry {
        Some(e) if e < RAM_BASE => ProgramKind::User,
        _ => ProgramKind::BareMetal,
    }
}

/// Why a user program could not be set up for the firmware.
#[derive(Debug, thiserror::Error)]
pub enum BootError {
    #[error("firmware image: {0}")]
    Firmware(LoadError),
    #[error(
        "the program ({size} bytes) does not fit in RAM above the firmware: {room} bytes free (raise --mem)"
    )]
    ProgramTooLarge { size: u64, room: u64 },
    #[error("cannot build the device tree: {0}")]
    DeviceTree(String),
}

/// Where the boot put things.
#[derive(Debug)]
pub struct UserBoot {
    /// The firmware's image (entry, symbols).
    pub firmware: Image,
    /// The device tree's physical address (passed in a1).
    pub dtb_addr: u64,
    /// The program image's physical range (initrd).
    pub initrd: (u64, u64),
}

/// Loads `firmware` into RAM, places `program` as the initrd and the device
/// tree at the top of RAM (device tree last, initrd just below it, both
/// page-aligned, as QEMU does with `-initrd`), and returns where they are.
pub fn boot_user(
    bus: &mut Bus,
    firmware: &[u8],
    program: &[u8],
    bootargs: &str,
    chosen_u32: &[(&str, u32)],
    isa: Extensions,
) -> Result<UserBoot, BootError> {
    boot_user_with(bus, firmware, program, bootargs, chosen_u32, isa, None)
}

/// [`boot_user`] with the user program's `/chosen` extras and hostio.
pub fn boot_user_with(
    bus: &mut Bus,
    firmware: &[u8],
    program: &[u8],
    bootargs: &str,
    chosen_u32: &[(&str, u32)],
    isa: Extensions,
    user: Option<&chosen::UserChosen>,
) -> Result<UserBoot, BootError> {
    let image = loader::load_into_bus(firmware, bus).map_err(BootError::Firmware)?;
    let ram_base = bus.ram.base();
    let ram_size = bus.ram.size();
    let ram_end = ram_base + ram_size;
    let firmware_end = firmware_end(firmware).unwrap_or(ram_base);
    let size = program.len() as u64;
    // The device tree's size does not depend on where the initrd goes, so
    // build it once with the final addresses computed from a first draft.
    let virtio = bus.virtio.is_some();
    let vm_events = bus.vm_events.is_some();
    let draft = dtb::build(&dtb::DtbConfig {
        ram_base,
        ram_size,
        bootargs,
        initrd: Some((0, 0)),
        chosen_u32,
        virtio,
        vm_events,
        isa,
        user,
    })
    .map_err(|e| BootError::DeviceTree(e.to_string()))?;
    let dtb_addr = (ram_end - draft.len() as u64) & !(PAGE_SIZE - 1);
    let initrd_end = dtb_addr;
    let room = initrd_end.saturating_sub(align_up(firmware_end, PAGE_SIZE));
    if size > room {
        return Err(BootError::ProgramTooLarge { size, room });
    }
    let initrd_start = (initrd_end - size) & !(PAGE_SIZE - 1);
    let blob = dtb::build(&dtb::DtbConfig {
        ram_base,
        ram_size,
        bootargs,
        initrd: Some((initrd_start, initrd_start + size)),
        chosen_u32,
        virtio,
        vm_events,
        isa,
        user,
    })
    .map_err(|e| BootError::DeviceTree(e.to_string()))?;
    let room_err = || BootError::ProgramTooLarge { size, room };
    bus.ram
        .slice_mut(initrd_start, program.len())
        .ok_or_else(room_err)?
        .copy_from_slice(program);
    bus.ram
        .slice_mut(dtb_addr, blob.len())
        .ok_or_else(room_err)?
        .copy_from_slice(&blob);
    Ok(UserBoot {
        firmware: image,
        dtb_addr,
        initrd: (initrd_start, initrd_start + size),
    })
}

/// The end of the firmware's highest loaded segment (its physical end).
fn firmware_end(bytes: &[u8]) -> Option<u64> {
    let elf = goblin::elf::Elf::parse(bytes).ok()?;
    elf.program_headers
        .iter()
        .filter(|p| p.p_type == goblin::elf::program_header::PT_LOAD)
        .filter_map(|p| p.p_paddr.checked_add(p.p_memsz))
        .max()
}

fn align_up(v: u64, a: u64) -> u64 {
    v.saturating_add(a - 1) & !(a - 1)
}

/// The `bootargs` string: firmware options, then `--`, then the program's
/// name and its arguments (each argument must not contain spaces; rvmmu
/// refuses such arguments rather than splitting them differently).
pub fn bootargs(options: &[String], program_name: &str, args: &[String]) -> Result<String, String> {
    let mut out = options.join(" ");
    out.push_str(" -- ");
    for (i, a) in std::iter::once(program_name)
        .chain(args.iter().map(String::as_str))
        .enumerate()
    {
        if a.is_empty() || a.chars().any(char::is_whitespace) {
            return Err(format!(
                "argument {a:?} is empty or contains white space, which bootargs cannot carry"
            ));
        }
        if i > 0 {
            out.push(' ');
        }
        out.push_str(a);
    }
    Ok(out.trim_start().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn elf_with_entry(entry: u64) -> Vec<u8> {
        let mut b = vec![0u8; 64];
        b[..4].copy_from_slice(b"\x7fELF");
        b[4] = 2;
        b[5] = 1;
        b[0x18..0x20].copy_from_slice(&entry.to_le_bytes());
        b
    }

    #[test]
    fn entry_below_ram_means_user_program() {
        assert_eq!(classify(&elf_with_entry(0x10078)), ProgramKind::User);
        assert_eq!(
            classify(&elf_with_entry(0x8000_0000)),
            ProgramKind::BareMetal
        );
        assert_eq!(classify(b"not an elf"), ProgramKind::BareMetal);
        let mut elf32 = vec![0u8; 0x34];
        elf32[..6].copy_from_slice(b"\x7fELF\x01\x01");
        elf32[0x18..0x1c].copy_from_slice(&0x10074u32.to_le_bytes());
        assert_eq!(classify(&elf32), ProgramKind::User);
        elf32[0x18..0x1c].copy_from_slice(&0x8000_0000u32.to_le_bytes());
        assert_eq!(classify(&elf32), ProgramKind::BareMetal);
        assert_eq!(
            classify(&elf_with_entry(0x10078)[..0x1c]),
            ProgramKind::BareMetal
        );
    }

    #[test]
    fn bootargs_put_options_before_the_separator() {
        assert_eq!(
            bootargs(&["stats".into()], "prog", &["a".into(), "b".into()]).unwrap(),
            "stats -- prog a b"
        );
        assert_eq!(bootargs(&[], "prog", &[]).unwrap(), "-- prog");
        assert!(bootargs(&[], "prog", &["two words".into()]).is_err());
    }
}
