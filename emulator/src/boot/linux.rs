//! Setting up RAM for a Linux boot (`rvmmu boot`), the way QEMU's `virt`
//! board does with `-bios`, `-kernel`, `-initrd`, `-append` and `-dtb`:
//!
//! ```text
//!   RAM end  +---------------------------+
//!            | device tree (2 MiB-aligned, as QEMU)  <- a1
//!            | fw_dynamic_info (--bios FILE only)    <- a2
//!            | initrd (page-aligned, just below)
//!            |            ...            |
//!            | kernel Image               <- RAM + 2 MiB (fixed-jump
//!            |                               firmwares), RAM + text_offset
//!            |                               (fw_dynamic), RAM (--bios none)
//!   RAM base | firmware (M-mode)          <- the hart starts here, a0 = 0
//!            +---------------------------+
//! ```
//!
//! The device tree is rvmmu's own (boot/dtb.rs) or `--dtb FILE`; either
//! way `/chosen` gets the initrd's range and, when given, the boot
//! arguments, and with the built-in SBI a `/reserved-memory` no-map node
//! for the firmware's region.

use super::bios::{self, Bios, FwDynamicInfo, FW_JUMP_OFFSET};
use super::fdt_edit::{self, FdtError, Tree};
use super::image::{self, ImageError};
use crate::bus::Bus;
use crate::isa::extensions::Extensions;
use crate::loader::LoadError;
use crate::symbols::SymbolTable;
use mmu::PAGE_SIZE;

/// QEMU's alignment of the device tree at the top of RAM.
const DTB_ALIGN: u64 = 2 << 20;

/// What to boot.
#[derive(Debug, Clone, Copy)]
pub struct LinuxConfig<'a> {
    pub kernel: &'a [u8],
    pub initrd: Option<&'a [u8]>,
    /// `--append`: the kernel command line (`/chosen/bootargs`).
    pub bootargs: Option<&'a str>,
    /// `--dtb FILE`: replaces the generated device tree.
    pub dtb: Option<&'a [u8]>,
    pub bios: Bios<'a>,
    /// The hart's extensions (listed in the generated tree).
    pub isa: Extensions,
    /// The hart's paging modes (the cpu node's `mmu-type`).
    pub satp_modes: mmu::SatpModes,
}

/// Where everything went, and how the hart starts.
#[derive(Debug)]
pub struct LinuxBoot {
    /// The first instruction (M-mode).
    pub entry: u64,
    /// a0 (hart id), a1 (device tree), a2 (fw_dynamic_info or 0).
    pub args: [u64; 3],
    /// The kernel's range in RAM (image_size, bss included).
    pub kernel: (u64, u64),
    pub initrd: Option<(u64, u64)>,
    /// The device tree's address and bytes (for `--dump-dtb`).
    pub dtb_addr: u64,
    pub dtb: Vec<u8>,
    /// The firmware's symbols (empty for a raw binary or none).
    pub symbols: SymbolTable,
}

/// Why the machine cannot be set up: each is one line for the user.
#[derive(Debug, thiserror::Error)]
pub enum LinuxBootError {
    #[error("--kernel: {0}")]
    Kernel(ImageError),
    #[error("--bios: {0}")]
    Bios(LoadError),
    #[error("--bios: the firmware ({size} bytes) does not fit below the kernel at {kernel:#x}")]
    BiosTooLarge { size: u64, kernel: u64 },
    #[error(
        "--kernel: the image ({size} bytes with bss) does not fit in RAM at {addr:#x} (raise --mem)"
    )]
    KernelTooLarge { size: u64, addr: u64 },
    #[error("--initrd: {size} bytes do not fit in RAM between the kernel and the device tree: {room} bytes free (raise --mem)")]
    InitrdTooLarge { size: u64, room: u64 },
    #[error("--dtb: {0}")]
    Dtb(FdtError),
    #[error("the device tree: {0}")]
    DeviceTree(String),
    #[error("RAM ({ram} bytes) is too small for the device tree (raise --mem)")]
    NoRoomForDtb { ram: u64 },
}

fn align_down(v: u64, a: u64) -> u64 {
    v & !(a - 1)
}

fn align_up(v: u64, a: u64) -> u64 {
    v.saturating_add(a - 1) & !(a - 1)
}

/// The firmware in RAM: its entry, symbols, the end of what it occupies,
/// where the kernel must go, and the region to reserve in the tree.
struct Firmware {
    entry: Option<u64>,
    symbols: SymbolTable,
    end: u64,
    kernel_addr: u64,
    reserve: Option<(u64, u64)>,
    wants_info: bool,
}

fn load_firmware(
    bus: &mut Bus,
    bios: Bios<'_>,
    text_offset: u64,
) -> Result<Firmware, LinuxBootError> {
    let ram_base = bus.ram.base();
    let fixed = ram_base + FW_JUMP_OFFSET;
    Ok(match bios {
        Bios::None => Firmware {
            entry: None,
            symbols: SymbolTable::default(),
            end: ram_base,
            kernel_addr: ram_base,
            reserve: None,
            wants_info: false,
        },
        Bios::Builtin => {
            let elf = bios::builtin_sbi();
            let image = bios::load_elf(elf, bus).map_err(LinuxBootError::Bios)?;
            let layout = bios::sbi_layout(elf).ok_or_else(|| {
                LinuxBootError::DeviceTree("the built-in SBI has no layout symbols".into())
            })?;
            Firmware {
                entry: Some(image.entry),
                symbols: image.symbols,
                end: layout.base + layout.size,
                kernel_addr: layout.next_addr,
                reserve: Some((layout.base, layout.size)),
                wants_info: false,
            }
        }
        Bios::Raw(bytes) => {
            let size = bytes.len() as u64;
            if size > FW_JUMP_OFFSET {
                return Err(LinuxBootError::BiosTooLarge {
                    size,
                    kernel: fixed,
                });
            }
            let dst =
                bus.ram
                    .slice_mut(ram_base, bytes.len())
                    .ok_or(LinuxBootError::BiosTooLarge {
                        size,
                        kernel: fixed,
                    })?;
            dst.copy_from_slice(bytes);
            Firmware {
                entry: Some(ram_base),
                symbols: SymbolTable::default(),
                end: ram_base + size,
                kernel_addr: fixed,
                reserve: None,
                wants_info: true,
            }
        }
        Bios::Elf(bytes) => {
            let image = bios::load_elf(bytes, bus).map_err(LinuxBootError::Bios)?;
            Firmware {
                entry: Some(image.entry),
                symbols: image.symbols,
                end: super::firmware_end(bytes).unwrap_or(ram_base),
                kernel_addr: ram_base + text_offset,
                reserve: None,
                wants_info: true,
            }
        }
    })
}

/// The device tree to patch: `--dtb FILE` (checked) or rvmmu's own.
fn base_tree(bus: &Bus, cfg: &LinuxConfig<'_>) -> Result<Tree, LinuxBootError> {
    if let Some(blob) = cfg.dtb {
        return fdt_edit::parse(blob).map_err(LinuxBootError::Dtb);
    }
    let blob = crate::board::device_tree(&crate::board::BoardConfig {
        ram_base: bus.ram.base(),
        ram_size: bus.ram.size(),
        bootargs: cfg.bootargs.unwrap_or(""),
        virtio: bus.virtio.is_some(),
        isa: cfg.isa,
        satp_modes: cfg.satp_modes,
        ..crate::board::BoardConfig::new(bus.ram.size())
    })
    .map_err(|e| LinuxBootError::DeviceTree(e.to_string()))?;
    fdt_edit::parse(&blob).map_err(|e| LinuxBootError::DeviceTree(e.to_string()))
}

/// Loads firmware, kernel, initrd and device tree into `bus`.
pub fn boot_linux(bus: &mut Bus, cfg: &LinuxConfig<'_>) -> Result<LinuxBoot, LinuxBootError> {
    let kimage = image::parse(cfg.kernel).map_err(LinuxBootError::Kernel)?;
    let fw = load_firmware(bus, cfg.bios, kimage.text_offset)?;
    let ram_base = bus.ram.base();
    let ram_end = ram_base + bus.ram.size();

    let kernel_addr = fw.kernel_addr;
    let kernel_end = kernel_addr.saturating_add(kimage.image_size);
    let too_large = LinuxBootError::KernelTooLarge {
        size: kimage.image_size,
        addr: kernel_addr,
    };
    if kernel_addr < fw.end {
        return Err(LinuxBootError::BiosTooLarge {
            size: fw.end - ram_base,
            kernel: kernel_addr,
        });
    }
    if kernel_end > ram_end {
        return Err(too_large);
    }
    bus.ram
        .slice_mut(kernel_addr, cfg.kernel.len())
        .ok_or(too_large)?
        .copy_from_slice(cfg.kernel);

    // The tree with placeholder initrd values has its final size.
    let mut tree = base_tree(bus, cfg)?;
    if let Some((base, size)) = fw.reserve {
        tree.reserve_no_map("mmode_resv0", base, size);
    }
    let initrd_len = cfg.initrd.map(|i| i.len() as u64);
    tree.set_chosen(cfg.bootargs, initrd_len.map(|_| (0, 0)));
    let draft = tree
        .to_blob()
        .map_err(|e| LinuxBootError::DeviceTree(e.to_string()))?;
    let dtb_addr = align_down(ram_end.saturating_sub(draft.len() as u64), DTB_ALIGN);
    if dtb_addr < align_up(kernel_end, PAGE_SIZE) {
        return Err(LinuxBootError::NoRoomForDtb {
            ram: bus.ram.size(),
        });
    }
    let info_addr = dtb_addr - PAGE_SIZE;
    let below = if fw.wants_info { info_addr } else { dtb_addr };

    let initrd = match (cfg.initrd, initrd_len) {
        (Some(bytes), Some(size)) => {
            let low = align_up(kernel_end, PAGE_SIZE);
            let room = below.saturating_sub(low);
            if size > room {
                return Err(LinuxBootError::InitrdTooLarge { size, room });
            }
            let start = align_down(below - size, PAGE_SIZE);
            bus.ram
                .slice_mut(start, bytes.len())
                .ok_or(LinuxBootError::InitrdTooLarge { size, room })?
                .copy_from_slice(bytes);
            Some((start, start + size))
        }
        _ => None,
    };
    tree.set_chosen(None, initrd);
    let blob = tree
        .to_blob()
        .map_err(|e| LinuxBootError::DeviceTree(e.to_string()))?;
    let ram = bus.ram.size();
    let no_room = LinuxBootError::NoRoomForDtb { ram };
    bus.ram
        .slice_mut(dtb_addr, blob.len())
        .ok_or(no_room)?
        .copy_from_slice(&blob);

    let mut a2 = 0;
    if fw.wants_info {
        let info = FwDynamicInfo {
            next_addr: kernel_addr,
            next_mode: FwDynamicInfo::MODE_S,
            options: 0,
            boot_hart: 0,
        };
        bus.ram
            .slice_mut(info_addr, FwDynamicInfo::SIZE)
            .ok_or(LinuxBootError::NoRoomForDtb { ram })?
            .copy_from_slice(&info.to_bytes());
        a2 = info_addr;
    }
    Ok(LinuxBoot {
        entry: fw.entry.unwrap_or(kernel_addr),
        args: [0, dtb_addr, a2],
        kernel: (kernel_addr, kernel_end),
        initrd,
        dtb_addr,
        dtb: blob,
        symbols: fw.symbols,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kernel(image_size: u64) -> Vec<u8> {
        let mut k = vec![0u8; 4096];
        k[0x08..0x10].copy_from_slice(&0x20_0000u64.to_le_bytes());
        k[0x10..0x18].copy_from_slice(&image_size.to_le_bytes());
        k[0x38..0x3c].copy_from_slice(image::MAGIC2);
        k[0x40] = 0xaa;
        k
    }

    fn cfg<'a>(k: &'a [u8], initrd: Option<&'a [u8]>, bios: Bios<'a>) -> LinuxConfig<'a> {
        LinuxConfig {
            kernel: k,
            initrd,
            bootargs: Some("console=ttyS0"),
            dtb: None,
            bios,
            isa: Extensions::all(),
            satp_modes: mmu::SatpModes::default(),
        }
    }

    #[test]
    fn default_bios_puts_kernel_at_2m_and_dtb_initrd_at_the_top() {
        let mut bus = Bus::new(64 << 20);
        let k = kernel(0x10_0000);
        let initrd = vec![7u8; 10_000];
        let b = boot_linux(&mut bus, &cfg(&k, Some(&initrd), Bios::Builtin)).unwrap();
        assert_eq!(b.entry, 0x8000_0000);
        assert_eq!(b.kernel, (0x8020_0000, 0x8030_0000));
        assert_eq!(bus.ram.slice_mut(0x8020_0040, 1).unwrap()[0], 0xaa);
        assert_eq!(b.args[1], b.dtb_addr);
        assert_eq!(b.dtb_addr % DTB_ALIGN, 0);
        let (start, end) = b.initrd.unwrap();
        assert_eq!(end - start, 10_000);
        assert!(end <= b.dtb_addr && start % PAGE_SIZE == 0);
        assert_eq!(bus.ram.slice_mut(start, 1).unwrap()[0], 7);
        let tree = fdt_edit::parse(&b.dtb).unwrap();
        let chosen = tree
            .root
            .children
            .iter()
            .find(|c| c.name == "chosen")
            .unwrap();
        assert_eq!(chosen.get("linux,initrd-end").unwrap(), end.to_be_bytes());
        assert_eq!(chosen.get("bootargs").unwrap(), b"console=ttyS0\0");
        assert!(
            tree.root
                .children
                .iter()
                .any(|c| c.name == "reserved-memory"),
            "the built-in SBI's region is reserved"
        );
    }

    #[test]
    fn elf_bios_gets_fw_dynamic_info_in_a2_and_none_starts_the_kernel() {
        let mut bus = Bus::new(64 << 20);
        let k = kernel(0x10_0000);
        let b = boot_linux(&mut bus, &cfg(&k, None, Bios::Elf(bios::builtin_sbi()))).unwrap();
        let info = bus.ram.slice_mut(b.args[2], 48).unwrap();
        assert_eq!(&info[..4], b"OSBI");
        assert_eq!(&info[16..24], &0x8020_0000u64.to_le_bytes());
        let mut bus = Bus::new(64 << 20);
        let b = boot_linux(&mut bus, &cfg(&k, None, Bios::None)).unwrap();
        assert_eq!(
            (b.entry, b.kernel.0, b.args[2]),
            (0x8000_0000, 0x8000_0000, 0)
        );
    }

    #[test]
    fn what_does_not_fit_is_refused() {
        let mut bus = Bus::new(16 << 20);
        let k = kernel(0x10_0000);
        let big = vec![0u8; 15 << 20];
        let e = boot_linux(&mut bus, &cfg(&k, Some(&big), Bios::Builtin)).unwrap_err();
        assert!(matches!(e, LinuxBootError::InitrdTooLarge { .. }), "{e}");
        let huge = kernel(64 << 20);
        let e = boot_linux(&mut bus, &cfg(&huge, None, Bios::Builtin)).unwrap_err();
        assert!(matches!(e, LinuxBootError::KernelTooLarge { .. }), "{e}");
        let e = boot_linux(&mut bus, &cfg(b"not a kernel", None, Bios::Builtin)).unwrap_err();
        assert!(e.to_string().starts_with("--kernel: "), "{e}");
        let mut c = cfg(&k, None, Bios::Builtin);
        c.dtb = Some(b"garbage, not a tree, at least forty bytes long......");
        let e = boot_linux(&mut bus, &c).unwrap_err();
        assert!(e.to_string().starts_with("--dtb: not a flattened"), "{e}");
    }
}
