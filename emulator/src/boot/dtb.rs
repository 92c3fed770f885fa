//! The flattened device tree rvmmu hands to a supervisor in a1, as QEMU's
//! `virt` board does: written from the board's one device list by
//! [`crate::board::device_tree`]; this is the user-program boot's view of
//! it (memory, ISA, `/chosen` with the boot arguments and the initrd).

use crate::board::{self, BoardConfig};
use crate::isa::extensions::Extensions;
pub use board::DeviceTreeError as FdtError;

/// Nominal `mtime` frequency advertised in `/cpus/timebase-frequency` (as
/// on QEMU `virt`).
pub const TIMEBASE_HZ: u32 = board::TIMEBASE_HZ;

/// What the device tree describes.
#[derive(Debug, Clone)]
pub struct DtbConfig<'a> {
    pub ram_base: u64,
    pub ram_size: u64,
    /// `/chosen/bootargs`.
    pub bootargs: &'a str,
    /// `/chosen/linux,initrd-start` and `-end` (end exclusive).
    pub initrd: Option<(u64, u64)>,
    /// Extra `/chosen` u32 properties (e.g. `rvmmu,frames`).
    pub chosen_u32: &'a [(&'a str, u32)],
    /// Whether the virtio-blk transport exists (its interrupt is PLIC
    /// source 1; the firmware polls the used ring).
    pub virtio: bool,
    /// Whether the VM event port at `VM_EVENTS_BASE` exists (recording).
    pub vm_events: bool,
    /// The enabled ISA extensions (`--isa`), listed in the cpu node.
    pub isa: Extensions,
    /// A user program's argv, environment, clock base, hostio device.
    pub user: Option<&'a super::chosen::UserChosen>,
}

/// Builds the device tree blob.
pub fn build(cfg: &DtbConfig<'_>) -> Result<Vec<u8>, FdtError> {
    board::device_tree(&BoardConfig {
        ram_base: cfg.ram_base,
        ram_size: cfg.ram_size,
        bootargs: cfg.bootargs,
        initrd: cfg.initrd,
        chosen_u32: cfg.chosen_u32,
        virtio: cfg.virtio,
        vm_events: cfg.vm_events,
        isa: cfg.isa,
        user: cfg.user,
        ..BoardConfig::new(cfg.ram_size)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn be32(b: &[u8], off: usize) -> u32 {
        u32::from_be_bytes(b[off..off + 4].try_into().unwrap())
    }

    /// Finds `name` in the strings block and a property using it whose
    /// value follows; returns the value bytes.
    fn property<'a>(blob: &'a [u8], name: &str) -> Option<&'a [u8]> {
        let off_struct = be32(blob, 8) as usize;
        let off_strings = be32(blob, 12) as usize;
        let mut p = off_struct;
        loop {
            let tok = be32(blob, p);
            p += 4;
            match tok {
                1 => {
                    // FDT_BEGIN_NODE: skip the NUL-terminated name, padded.
                    while blob[p] != 0 {
                        p += 1;
                    }
                    p = (p + 4) & !3;
                }
                3 => {
                    let len = be32(blob, p) as usize;
                    let nameoff = be32(blob, p + 4) as usize;
                    let value = &blob[p + 8..p + 8 + len];
                    let s = &blob[off_strings + nameoff..];
                    let end = s.iter().position(|&c| c == 0).unwrap();
                    if &s[..end] == name.as_bytes() {
                        return Some(value);
                    }
                    p = (p + 8 + len + 3) & !3;
                }
                2 | 4 => {}
                _ => return None,
            }
        }
    }

    #[test]
    fn blob_carries_memory_initrd_bootargs_and_devices() {
        let blob = build(&DtbConfig {
            ram_base: 0x8000_0000,
            ram_size: 128 << 20,
            bootargs: "stats -- prog a b",
            initrd: Some((0x8700_0000, 0x8700_1234)),
            chosen_u32: &[("rvmmu,frames", 64)],
            virtio: true,
            vm_events: false,
            isa: Extensions::parse("rv64imac_zicsr_zicboz").unwrap(),
            user: None,
        })
        .unwrap();
        assert_eq!(be32(&blob, 0), 0xd00d_feed, "FDT magic");
        assert_eq!(be32(&blob, 4) as usize, blob.len(), "totalsize");
        assert_eq!(property(&blob, "bootargs").unwrap(), b"stats -- prog a b\0");
        assert_eq!(
            property(&blob, "linux,initrd-start").unwrap(),
            0x8700_0000u64.to_be_bytes()
        );
        assert_eq!(
            property(&blob, "linux,initrd-end").unwrap(),
            0x8700_1234u64.to_be_bytes()
        );
        assert_eq!(
            property(&blob, "rvmmu,frames").unwrap(),
            64u32.to_be_bytes()
        );
        let reg: Vec<u8> = [0x8000_0000u64, 128 << 20]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        assert_eq!(
            property(&blob, "reg").unwrap(),
            &reg[..],
            "the first reg is memory's"
        );
        assert_eq!(
            property(&blob, "timebase-frequency").unwrap(),
            TIMEBASE_HZ.to_be_bytes()
        );
        assert_eq!(property(&blob, "mmu-type").unwrap(), b"riscv,sv57\0");
        assert_eq!(
            property(&blob, "riscv,isa").unwrap(),
            b"rv64imac_zicboz_zicsr\0"
        );
        assert_eq!(
            property(&blob, "riscv,isa-extensions").unwrap(),
            b"i\0m\0a\0c\0zicboz\0zicsr\0"
        );
        assert_eq!(
            property(&blob, "riscv,cboz-block-size").unwrap(),
            64u32.to_be_bytes()
        );
        assert_eq!(property(&blob, "riscv,cbom-block-size"), None, "no Zicbom");
        assert!(
            blob.windows(12).any(|w| w == b"virtio,mmio\0"),
            "the swap disk is described"
        );
    }

    #[test]
    fn a_user_program_gets_its_chosen_lists_and_the_hostio_node_of_the_board_list() {
        let user = crate::boot::chosen::UserChosen {
            argv: vec!["prog".into(), "a b".into(), String::new()],
            envp: vec!["K=V".into()],
            epoch_ns: 7,
            hostio: true,
            root: 2,
        };
        let cfg = |user| DtbConfig {
            ram_base: 0x8000_0000,
            ram_size: 128 << 20,
            bootargs: "",
            initrd: None,
            chosen_u32: &[],
            virtio: false,
            vm_events: true,
            isa: Extensions::default(),
            user,
        };
        let blob = build(&cfg(Some(&user))).unwrap();
        assert_eq!(property(&blob, "rvmmu,argv").unwrap(), b"prog\0a b\0\0");
        assert_eq!(property(&blob, "rvmmu,envp").unwrap(), b"K=V\0");
        assert_eq!(
            property(&blob, "rvmmu,epoch-ns").unwrap(),
            7u64.to_be_bytes()
        );
        assert_eq!(property(&blob, "rvmmu,root").unwrap(), 2u32.to_be_bytes());
        let has = |b: &[u8], s: &[u8]| b.windows(s.len()).any(|w| w == s);
        assert!(has(&blob, b"hostio@10003000\0") && has(&blob, b"rvmmu,hostio\0"));
        assert!(has(&blob, b"vm-events@10002000\0"), "both rvmmu devices");
        let plain = build(&cfg(None)).unwrap();
        assert!(!has(&plain, b"rvmmu,hostio\0") && property(&plain, "rvmmu,argv").is_none());
    }
}
