//! The flattened device tree rvmmu hands to a supervisor in a1, as QEMU's
//! `virt` board does: memory, the hart, the UART, the CLINT, the test
//! finisher, and `/chosen` with the boot arguments and the initrd.
//!
//! Written with `vm-fdt` (rust-vmm's FDT writer).

use crate::bus::{
    CLINT_BASE, CLINT_SIZE, FINISHER_BASE, FINISHER_SIZE, UART_BASE, UART_SIZE, VIRTIO_BASE,
    VIRTIO_SIZE,
};
use crate::hart::cache_block::CACHE_BLOCK_SIZE;
use crate::isa::extensions::{Extension, Extensions};
use vm_fdt::{Error as FdtError, FdtWriter};

/// Nominal `mtime` frequency advertised in `/cpus/timebase-frequency` (as
/// on QEMU `virt`). rvmmu's mtime advances with retired instructions, so
/// this is the guest's notion of time, not the host's.
pub const TIMEBASE_HZ: u32 = 10_000_000;

/// phandle of the hart's interrupt controller.
const CPU_INTC_PHANDLE: u32 = 1;

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
    /// Whether the virtio-blk transport at `VIRTIO_BASE` exists (no
    /// interrupt: rvmmu has no PLIC, drivers poll the used ring).
    pub virtio: bool,
    /// The enabled ISA extensions (`--isa`), listed in the cpu node.
    pub isa: Extensions,
}

/// Builds the device tree blob.
pub fn build(cfg: &DtbConfig<'_>) -> Result<Vec<u8>, FdtError> {
    let mut fdt = FdtWriter::new()?;
    let root = fdt.begin_node("")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "riscv-virtio")?;
    fdt.property_string("model", "rvmmu,virt")?;

    let chosen = fdt.begin_node("chosen")?;
    fdt.property_string("bootargs", cfg.bootargs)?;
    fdt.property_string("stdout-path", &format!("/soc/serial@{UART_BASE:x}"))?;
    if let Some((start, end)) = cfg.initrd {
        fdt.property_u64("linux,initrd-start", start)?;
        fdt.property_u64("linux,initrd-end", end)?;
    }
    for (name, value) in cfg.chosen_u32 {
        fdt.property_u32(name, *value)?;
    }
    fdt.end_node(chosen)?;

    let memory = fdt.begin_node(&format!("memory@{:x}", cfg.ram_base))?;
    fdt.property_string("device_type", "memory")?;
    fdt.property_array_u64("reg", &[cfg.ram_base, cfg.ram_size])?;
    fdt.end_node(memory)?;

    let cpus = fdt.begin_node("cpus")?;
    fdt.property_u32("#address-cells", 1)?;
    fdt.property_u32("#size-cells", 0)?;
    fdt.property_u32("timebase-frequency", TIMEBASE_HZ)?;
    let cpu = fdt.begin_node("cpu@0")?;
    fdt.property_string("device_type", "cpu")?;
    fdt.property_u32("reg", 0)?;
    fdt.property_string("status", "okay")?;
    fdt.property_string("compatible", "riscv")?;
    // The enabled extensions, both ways Linux reads them (the kernel's
    // Documentation/devicetree/bindings/riscv/extensions.yaml).
    fdt.property_string("riscv,isa", &cfg.isa.isa_string())?;
    fdt.property_string("riscv,isa-base", "rv64i")?;
    let names: Vec<String> = cfg.isa.iter().map(|e| e.name().to_string()).collect();
    fdt.property_string_list("riscv,isa-extensions", names)?;
    // The cache-block size of Zicbom and Zicboz (CMO 1.0.1 leaves it to
    // the platform; see hart/cache_block.rs).
    let block = CACHE_BLOCK_SIZE as u32;
    if cfg.isa.has(Extension::Zicbom) {
        fdt.property_u32("riscv,cbom-block-size", block)?;
    }
    if cfg.isa.has(Extension::Zicboz) {
        fdt.property_u32("riscv,cboz-block-size", block)?;
    }
    fdt.property_string("mmu-type", "riscv,sv39")?;
    let intc = fdt.begin_node("interrupt-controller")?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string("compatible", "riscv,cpu-intc")?;
    fdt.property_u32("phandle", CPU_INTC_PHANDLE)?;
    fdt.end_node(intc)?;
    fdt.end_node(cpu)?;
    fdt.end_node(cpus)?;

    let soc = fdt.begin_node("soc")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "simple-bus")?;
    fdt.property_null("ranges")?;

    let uart = fdt.begin_node(&format!("serial@{UART_BASE:x}"))?;
    fdt.property_string("compatible", "ns16550a")?;
    fdt.property_array_u64("reg", &[UART_BASE, UART_SIZE])?;
    fdt.property_u32("clock-frequency", 3_686_400)?;
    fdt.end_node(uart)?;

    let clint = fdt.begin_node(&format!("clint@{CLINT_BASE:x}"))?;
    fdt.property_string_list(
        "compatible",
        vec!["sifive,clint0".into(), "riscv,clint0".into()],
    )?;
    fdt.property_array_u64("reg", &[CLINT_BASE, CLINT_SIZE])?;
    // Machine software (3) and machine timer (7) interrupts of hart 0.
    fdt.property_array_u32(
        "interrupts-extended",
        &[CPU_INTC_PHANDLE, 3, CPU_INTC_PHANDLE, 7],
    )?;
    fdt.end_node(clint)?;

    let test = fdt.begin_node(&format!("test@{FINISHER_BASE:x}"))?;
    fdt.property_string_list(
        "compatible",
        vec![
            "sifive,test1".into(),
            "sifive,test0".into(),
            "syscon".into(),
        ],
    )?;
    fdt.property_array_u64("reg", &[FINISHER_BASE, FINISHER_SIZE])?;
    fdt.end_node(test)?;

    if cfg.virtio {
        let virtio = fdt.begin_node(&format!("virtio_mmio@{VIRTIO_BASE:x}"))?;
        fdt.property_string("compatible", "virtio,mmio")?;
        fdt.property_array_u64("reg", &[VIRTIO_BASE, VIRTIO_SIZE])?;
        fdt.end_node(virtio)?;
    }

    fdt.end_node(soc)?;
    fdt.end_node(root)?;
    fdt.finish()
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
            isa: Extensions::parse("rv64imac_zicsr_zicboz").unwrap(),
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
        assert_eq!(property(&blob, "mmu-type").unwrap(), b"riscv,sv39\0");
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
}
