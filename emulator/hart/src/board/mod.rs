//! The machine, described once: QEMU `virt`'s memory map (hw/riscv/virt.c)
//! as one list of devices, [`BOARD`]. The bus decodes physical addresses
//! with it ([`decode`]) and the device tree is written from it
//! ([`device_tree`]), so the two cannot disagree.
//!
//! ```text
//! 0x0010_0000 .. 0x0010_1000   SiFive test device (power-off, reboot)
//! 0x0010_1000 .. 0x0010_2000   Goldfish RTC                 PLIC source 11
//! 0x0200_0000 .. 0x0201_0000   CLINT (msip, mtimecmp, mtime)
//! 0x0c00_0000 .. 0x0c60_0000   PLIC (contexts: 0 hart 0 M, 1 hart 0 S)
//! 0x1000_0000 .. 0x1000_0100   NS16550A UART                PLIC source 10
//! 0x1000_1000 .. 0x1000_2000   virtio-mmio (virtio-blk)     PLIC source 1
//! 0x1000_2000 .. 0x1000_3000   VM event port (when a run records)
//! 0x1000_3000 .. 0x1000_4000   host I/O (user programs: streams, --root)
//! 0x8000_0000 .. +RAM          RAM
//! ```
//!
//! Anything else is not memory: an access raises the access fault of its
//! kind (Privileged 20211203, section 3.6.1, PMA checks).

mod device_tree;

pub use crate::devices::rtc::RtcClock;
pub use device_tree::{device_tree, dump_dtb, DeviceTreeError};

use crate::isa::extensions::Extensions;
use mmu::SatpModes;

/// The devices of the board, in [`BOARD`]'s order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    /// SiFive test device: power-off and reboot (`syscon`).
    Test,
    /// Goldfish real-time clock.
    Rtc,
    /// Core-local interruptor: msip, mtimecmp, mtime.
    Clint,
    /// Platform-level interrupt controller.
    Plic,
    /// NS16550A UART, the console.
    Uart,
    /// virtio-mmio transport of the virtio-blk disk (present with a disk).
    Virtio,
    /// rvmmu's VM event port (present when a run records: `--report`,
    /// `rvmmu policies`, `rvmmu sweep`; see devices/vm_events.rs).
    VmEvents,
    /// rvmmu's host-I/O device (present for user programs of `rvmmu run`:
    /// the streams, host stdin and `--root`; see devices/hostio/).
    HostIo,
}

/// One device on the board: where it is, its interrupt, its DT node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub device: Device,
    /// What messages call it.
    pub name: &'static str,
    /// The device-tree node name (the unit address is appended).
    pub node: &'static str,
    /// `compatible`, most specific first.
    pub compatible: &'static [&'static str],
    pub base: u64,
    pub size: u64,
    /// The PLIC source its interrupt line drives.
    pub irq: Option<u32>,
}

/// The board, in address order (QEMU `virt`'s addresses and sources).
pub const BOARD: [Slot; 8] = [
    Slot {
        device: Device::Test,
        name: "SiFive test finisher",
        node: "test",
        compatible: &["sifive,test1", "sifive,test0", "syscon"],
        base: 0x0010_0000,
        size: 0x1000,
        irq: None,
    },
    Slot {
        device: Device::Rtc,
        name: "goldfish RTC",
        node: "rtc",
        compatible: &["google,goldfish-rtc"],
        base: 0x0010_1000,
        size: 0x1000,
        irq: Some(11),
    },
    Slot {
        device: Device::Clint,
        name: "CLINT",
        node: "clint",
        compatible: &["sifive,clint0", "riscv,clint0"],
        base: 0x0200_0000,
        size: 0x1_0000,
        irq: None,
    },
    Slot {
        device: Device::Plic,
        name: "PLIC",
        node: "plic",
        compatible: &["sifive,plic-1.0.0", "riscv,plic0"],
        base: 0x0c00_0000,
        size: crate::devices::plic::SIZE,
        irq: None,
    },
    Slot {
        device: Device::Uart,
        name: "UART",
        node: "serial",
        compatible: &["ns16550a"],
        base: 0x1000_0000,
        size: 0x100,
        irq: Some(10),
    },
    Slot {
        device: Device::Virtio,
        name: "virtio-mmio",
        node: "virtio_mmio",
        compatible: &["virtio,mmio"],
        base: 0x1000_1000,
        size: crate::devices::virtio::MMIO_SIZE,
        irq: Some(1),
    },
    Slot {
        device: Device::VmEvents,
        name: "VM event port",
        node: "vm-events",
        compatible: &["rvmmu,vm-events"],
        base: 0x1000_2000,
        size: crate::devices::vm_events::MMIO_SIZE,
        irq: None,
    },
    Slot {
        device: Device::HostIo,
        name: "host I/O",
        node: "hostio",
        compatible: &["rvmmu,hostio"],
        base: 0x1000_3000,
        size: crate::devices::hostio::MMIO_SIZE,
        irq: None,
    },
];

/// Where RAM starts.
pub const RAM_BASE: u64 = 0x8000_0000;

/// The slot of `device` ([`BOARD`] is in [`Device`] order).
pub const fn slot(device: Device) -> &'static Slot {
    &BOARD[device as usize]
}

/// The PLIC source of `device` (0: none).
pub const fn irq(device: Device) -> usize {
    match slot(device).irq {
        Some(s) => s as usize,
        None => 0,
    }
}

/// The device whose window holds all of `[pa, pa + size)`, and the offset
/// in it.
#[inline]
pub fn decode(pa: u64, size: u64) -> Option<(Device, u64)> {
    BOARD.iter().find_map(|s| {
        let off = pa.wrapping_sub(s.base);
        (off < s.size && size <= s.size - off).then_some((s.device, off))
    })
}

/// A region of RAM the OS must leave alone (`/reserved-memory`), e.g. the
/// M-mode firmware's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReservedRegion<'a> {
    /// Node name (the unit address is appended), e.g. `mmode_resv0`.
    pub name: &'a str,
    pub base: u64,
    pub size: u64,
    /// `no-map`: the OS must not map it at all (not even speculatively).
    pub no_map: bool,
}

/// Everything about the machine that is chosen per run: what the device
/// tree describes and how the devices behave.
#[derive(Clone, Debug)]
pub struct BoardConfig<'a> {
    pub ram_base: u64,
    pub ram_size: u64,
    /// The enabled ISA extensions: `riscv,isa` and `riscv,isa-extensions`.
    pub isa: Extensions,
    /// The satp modes implemented: `mmu-type` names the largest.
    pub satp_modes: SatpModes,
    /// `/cpus/timebase-frequency`: mtime's frequency.
    pub timebase_hz: u32,
    /// `/chosen/bootargs`.
    pub bootargs: &'a str,
    /// `/chosen/linux,initrd-start` and `-end` (end exclusive).
    pub initrd: Option<(u64, u64)>,
    /// Extra `/chosen` u32 properties (e.g. `rvmmu,frames`).
    pub chosen_u32: &'a [(&'a str, u32)],
    /// `/reserved-memory` entries.
    pub reserved_memory: &'a [ReservedRegion<'a>],
    /// Whether the virtio-blk disk exists (its node is written).
    pub virtio: bool,
    /// Whether the VM event port exists (a recording run).
    pub vm_events: bool,
    /// What time the RTC tells (default: the host's).
    pub rtc_clock: RtcClock,
    /// A user program's `/chosen` properties (argv, environment, clock
    /// base, root); its host-I/O device exists when `user.hostio`.
    pub user: Option<&'a UserChosen>,
}

/// Nominal mtime frequency (`/cpus/timebase-frequency`, as QEMU `virt`).
pub const TIMEBASE_HZ: u32 = 10_000_000;

/// The user program's arguments, environment, clock base and host I/O,
/// written into `/chosen` (the properties are documented in the
/// emulator's `boot::chosen`, which re-exports this type).
#[derive(Debug, Clone, Default)]
pub struct UserChosen {
    pub argv: Vec<String>,
    pub envp: Vec<String>,
    pub epoch_ns: u64,
    /// The hostio device exists (the node is written).
    pub hostio: bool,
    /// 0 none, 1 read-only, 2 read-write.
    pub root: u32,
}

impl UserChosen {
    /// Writes the `/chosen` properties (inside the open chosen node).
    pub fn write_chosen(&self, fdt: &mut vm_fdt::FdtWriter) -> Result<(), vm_fdt::Error> {
        if !self.argv.is_empty() {
            fdt.property_string_list("rvmmu,argv", self.argv.clone())?;
        }
        fdt.property_string_list("rvmmu,envp", self.envp.clone())?;
        fdt.property_u64("rvmmu,epoch-ns", self.epoch_ns)?;
        fdt.property_u32("rvmmu,root", self.root)?;
        Ok(())
    }
}

impl BoardConfig<'_> {
    /// The defaults: `ram_size` bytes of RAM at [`RAM_BASE`], every
    /// implemented extension and paging mode, no boot arguments, no
    /// initrd, no disk, host time.
    pub fn new(ram_size: u64) -> BoardConfig<'static> {
        BoardConfig {
            ram_base: RAM_BASE,
            ram_size,
            isa: Extensions::default(),
            satp_modes: SatpModes::default(),
            timebase_hz: TIMEBASE_HZ,
            bootargs: "",
            initrd: None,
            chosen_u32: &[],
            reserved_memory: &[],
            virtio: false,
            vm_events: false,
            rtc_clock: RtcClock::Host,
            user: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_is_sorted_disjoint_and_below_ram() {
        for w in BOARD.windows(2) {
            assert!(w[0].base + w[0].size <= w[1].base, "{w:?}");
        }
        let last = &BOARD[BOARD.len() - 1];
        assert!(last.base + last.size <= RAM_BASE);
        for (i, s) in BOARD.iter().enumerate() {
            assert_eq!(s.device as usize, i, "slot() indexes BOARD by Device");
        }
    }

    #[test]
    fn decode_finds_whole_accesses_only() {
        let cases = [
            (0x0010_0000, 4, Some((Device::Test, 0))),
            (0x0010_1004, 4, Some((Device::Rtc, 4))),
            (0x0200_bff8, 8, Some((Device::Clint, 0xbff8))),
            (0x0c20_1004, 4, Some((Device::Plic, 0x20_1004))),
            (0x1000_0005, 1, Some((Device::Uart, 5))),
            (0x1000_00ff, 2, None),
            (0x1000_1070, 4, Some((Device::Virtio, 0x70))),
            (0x1000_2000, 4, Some((Device::VmEvents, 0))),
            (0x1000_3000, 4, Some((Device::HostIo, 0))),
            (0x1000_4000, 4, None),
            (0x0, 4, None),
            (u64::MAX, 8, None),
        ];
        for (pa, size, want) in cases {
            assert_eq!(decode(pa, size), want, "{pa:#x}");
        }
        assert_eq!(irq(Device::Uart), 10);
        assert_eq!(irq(Device::Rtc), 11);
        assert_eq!(irq(Device::Virtio), 1);
        assert_eq!(irq(Device::Clint), 0);
    }
}

#[cfg(test)]
mod hart_tests;
