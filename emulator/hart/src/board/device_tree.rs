//! The flattened device tree of the board (Devicetree Specification
//! v0.4; the bindings Linux documents under Documentation/devicetree/
//! bindings), written with `vm-fdt` from [`super::BOARD`] and a
//! [`BoardConfig`], in the shape QEMU `virt` gives it: `/chosen`,
//! `/memory`, `/cpus` with the hart's interrupt controller,
//! `/reserved-memory`, the `syscon-poweroff` and `syscon-reboot` nodes, and
//! the devices under `/soc`.

use super::{BoardConfig, Device, Slot, BOARD};
use crate::devices::finisher::{FINISHER_PASS, FINISHER_RESET};
use crate::devices::plic;
use crate::hart::cache_block::CACHE_BLOCK_SIZE;
use crate::isa::extensions::Extension;
use mmu::SatpMode;
use std::path::Path;
use vm_fdt::FdtWriter;

/// phandle of the hart's interrupt controller.
const CPU_INTC_PHANDLE: u32 = 1;
/// phandle of the PLIC.
const PLIC_PHANDLE: u32 = 2;
/// phandle of the test device (the syscon of power-off and reboot).
const TEST_PHANDLE: u32 = 3;
/// Interrupt numbers of the hart's interrupt controller (mcause codes,
/// Privileged 20211203 Table 3.6).
const IRQ_M_SOFT: u32 = 3;
const IRQ_M_TIMER: u32 = 7;
const IRQ_S_EXT: u32 = 9;
const IRQ_M_EXT: u32 = 11;
/// The UART's reference clock (as QEMU `virt`).
const UART_CLOCK_HZ: u32 = 3_686_400;

/// Why the device tree could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DeviceTreeError {
    #[error("cannot build the device tree: {0}")]
    Fdt(#[from] vm_fdt::Error),
    #[error("cannot write the device tree to {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The device tree blob of the board as `cfg` configures it.
pub fn device_tree(cfg: &BoardConfig<'_>) -> Result<Vec<u8>, DeviceTreeError> {
    let mut fdt = FdtWriter::new()?;
    let root = fdt.begin_node("")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "riscv-virtio")?;
    fdt.property_string("model", "rvmmu,virt")?;

    chosen(&mut fdt, cfg)?;
    let memory = fdt.begin_node(&format!("memory@{:x}", cfg.ram_base))?;
    fdt.property_string("device_type", "memory")?;
    fdt.property_array_u64("reg", &[cfg.ram_base, cfg.ram_size])?;
    fdt.end_node(memory)?;
    cpus(&mut fdt, cfg)?;
    reserved_memory(&mut fdt, cfg)?;
    syscon_node(&mut fdt, "poweroff", "syscon-poweroff", FINISHER_PASS)?;
    syscon_node(&mut fdt, "reboot", "syscon-reboot", FINISHER_RESET)?;

    let soc = fdt.begin_node("soc")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_string("compatible", "simple-bus")?;
    fdt.property_null("ranges")?;
    for slot in BOARD
        .iter()
        .filter(|s| s.device != Device::Virtio || cfg.virtio)
        .filter(|s| s.device != Device::VmEvents || cfg.vm_events)
        .filter(|s| s.device != Device::HostIo || cfg.user.is_some_and(|u| u.hostio))
    {
        device_node(&mut fdt, slot)?;
    }
    fdt.end_node(soc)?;
    fdt.end_node(root)?;
    Ok(fdt.finish()?)
}

/// Writes the device tree to `path` (`--dump-dtb FILE`).
pub fn dump_dtb(cfg: &BoardConfig<'_>, path: &Path) -> Result<(), DeviceTreeError> {
    let blob = device_tree(cfg)?;
    std::fs::write(path, blob).map_err(|source| DeviceTreeError::Write {
        path: path.display().to_string(),
        source,
    })
}

fn chosen(fdt: &mut FdtWriter, cfg: &BoardConfig<'_>) -> Result<(), vm_fdt::Error> {
    let chosen = fdt.begin_node("chosen")?;
    fdt.property_string("bootargs", cfg.bootargs)?;
    let uart = super::slot(Device::Uart);
    fdt.property_string(
        "stdout-path",
        &format!("/soc/{}@{:x}", uart.node, uart.base),
    )?;
    if let Some((start, end)) = cfg.initrd {
        fdt.property_u64("linux,initrd-start", start)?;
        fdt.property_u64("linux,initrd-end", end)?;
    }
    for (name, value) in cfg.chosen_u32 {
        fdt.property_u32(name, *value)?;
    }
    if let Some(u) = cfg.user {
        u.write_chosen(fdt)?;
    }
    fdt.end_node(chosen)
}

/// `/cpus` with hart 0: the ISA both ways Linux reads it (the kernel's
/// Documentation/devicetree/bindings/riscv/extensions.yaml), the paging
/// modes, the cache-block sizes, and the hart's interrupt controller.
fn cpus(fdt: &mut FdtWriter, cfg: &BoardConfig<'_>) -> Result<(), vm_fdt::Error> {
    let cpus = fdt.begin_node("cpus")?;
    fdt.property_u32("#address-cells", 1)?;
    fdt.property_u32("#size-cells", 0)?;
    fdt.property_u32("timebase-frequency", cfg.timebase_hz)?;
    let cpu = fdt.begin_node("cpu@0")?;
    fdt.property_string("device_type", "cpu")?;
    fdt.property_u32("reg", 0)?;
    fdt.property_string("status", "okay")?;
    fdt.property_string("compatible", "riscv")?;
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
    let mmu = match cfg.satp_modes.largest() {
        SatpMode::Bare => "riscv,none",
        SatpMode::Sv39 => "riscv,sv39",
        SatpMode::Sv48 => "riscv,sv48",
        SatpMode::Sv57 => "riscv,sv57",
    };
    fdt.property_string("mmu-type", mmu)?;
    let intc = fdt.begin_node("interrupt-controller")?;
    // dtc's interrupt_provider check wants #address-cells on providers.
    fdt.property_u32("#address-cells", 0)?;
    fdt.property_u32("#interrupt-cells", 1)?;
    fdt.property_null("interrupt-controller")?;
    fdt.property_string("compatible", "riscv,cpu-intc")?;
    fdt.property_u32("phandle", CPU_INTC_PHANDLE)?;
    fdt.end_node(intc)?;
    fdt.end_node(cpu)?;
    fdt.end_node(cpus)
}

fn reserved_memory(fdt: &mut FdtWriter, cfg: &BoardConfig<'_>) -> Result<(), vm_fdt::Error> {
    if cfg.reserved_memory.is_empty() {
        return Ok(());
    }
    let node = fdt.begin_node("reserved-memory")?;
    fdt.property_u32("#address-cells", 2)?;
    fdt.property_u32("#size-cells", 2)?;
    fdt.property_null("ranges")?;
    for r in cfg.reserved_memory {
        let n = fdt.begin_node(&format!("{}@{:x}", r.name, r.base))?;
        fdt.property_array_u64("reg", &[r.base, r.size])?;
        if r.no_map {
            fdt.property_null("no-map")?;
        }
        fdt.end_node(n)?;
    }
    fdt.end_node(node)
}

/// A `syscon-poweroff` / `syscon-reboot` node: `value` stored at offset 0
/// of the test device (as QEMU `virt`; OpenSBI 1.6 and Linux use them).
fn syscon_node(
    fdt: &mut FdtWriter,
    name: &str,
    compatible: &str,
    value: u64,
) -> Result<(), vm_fdt::Error> {
    let n = fdt.begin_node(name)?;
    fdt.property_string("compatible", compatible)?;
    fdt.property_u32("regmap", TEST_PHANDLE)?;
    fdt.property_u32("offset", 0)?;
    fdt.property_u32("value", value as u32)?;
    fdt.end_node(n)
}

/// One device under `/soc`: what the list says, plus what its binding
/// needs.
fn device_node(fdt: &mut FdtWriter, slot: &Slot) -> Result<(), vm_fdt::Error> {
    let n = fdt.begin_node(&format!("{}@{:x}", slot.node, slot.base))?;
    let compatible: Vec<String> = slot.compatible.iter().map(|c| c.to_string()).collect();
    fdt.property_string_list("compatible", compatible)?;
    fdt.property_array_u64("reg", &[slot.base, slot.size])?;
    if let Some(irq) = slot.irq {
        fdt.property_u32("interrupt-parent", PLIC_PHANDLE)?;
        fdt.property_u32("interrupts", irq)?;
    }
    match slot.device {
        Device::Uart => fdt.property_u32("clock-frequency", UART_CLOCK_HZ)?,
        Device::Test => fdt.property_u32("phandle", TEST_PHANDLE)?,
        Device::Clint => fdt.property_array_u32(
            "interrupts-extended",
            &[CPU_INTC_PHANDLE, IRQ_M_SOFT, CPU_INTC_PHANDLE, IRQ_M_TIMER],
        )?,
        Device::Plic => {
            fdt.property_u32("#address-cells", 0)?;
            fdt.property_u32("#interrupt-cells", 1)?;
            fdt.property_null("interrupt-controller")?;
            // Context 0 drives the M external interrupt, context 1 the S one.
            fdt.property_array_u32(
                "interrupts-extended",
                &[CPU_INTC_PHANDLE, IRQ_M_EXT, CPU_INTC_PHANDLE, IRQ_S_EXT],
            )?;
            fdt.property_u32("riscv,ndev", plic::NDEV)?;
            fdt.property_u32("phandle", PLIC_PHANDLE)?;
        }
        Device::Rtc | Device::Virtio | Device::VmEvents | Device::HostIo => {}
    }
    fdt.end_node(n)
}
