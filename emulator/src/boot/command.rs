//! `rvmmu boot`: boots a RISC-V Linux kernel Image the way QEMU's `virt`
//! board does (`-bios`, `-kernel`, `-initrd`, `-append`, `-dtb`), with the
//! run options of `rvmmu run` (limits, tracing, MMU debugging, gdb).

use super::bios::{Bios, BiosArg};
use super::linux::{self, LinuxConfig};
use crate::bus::Bus;
use crate::cli::{parse_mem_size, ExecArgs};
use crate::devices::virtio::VirtioBlk;
use crate::exit_status;
use clap::Args;
use std::path::{Path, PathBuf};

/// `rvmmu boot`'s default RAM: 256 MiB (Debian's kernel needs about 96).
pub const DEFAULT_BOOT_MEM: &str = "256M";

pub const BOOT_HELP: &str = "\
The hart starts in M-mode at the firmware (--bios) with a0 = 0 (hart id),
a1 = the device tree and, for --bios FILE, a2 = OpenSBI's fw_dynamic_info
(version 2; next stage: the kernel in S-mode), as QEMU does. --bios
default is rvmmu's own SBI v2.0 firmware (firmware/sbi); it enters the
kernel at 0x80200000 in S-mode. The device tree sits 2 MiB-aligned at the top of
RAM, the initrd just below it.

Exit status: the guest's, when it powers off through SBI SRST or the test
device (0 for a plain power-off); 2 bad input (a kernel that is not a
RISC-V Image, a missing file, an initrd that does not fit, a --dtb that
does not parse); 124 --timeout or --max-insns; the others as `rvmmu run`
(see `rvmmu --help`). A guest reboot ends the run too (today with status
0 and a warning: the test device's reset).

Example:
  rvmmu boot --kernel Image --initrd initrd.cpio.gz \\
      --append \"console=ttyS0 earlycon=sbi panic=-1\"";

#[derive(Debug, Args)]
pub struct BootArgs {
    /// The kernel: a RISC-V Linux Image (arch/riscv/boot/Image; Debian's
    /// /boot/vmlinux-*), recognised by its header's magic.
    #[arg(long, value_name = "IMAGE")]
    pub kernel: PathBuf,
    /// An initramfs (cpio, compressed or not), placed high in RAM below
    /// the device tree; /chosen gets linux,initrd-start and -end.
    #[arg(long, value_name = "FILE")]
    pub initrd: Option<PathBuf>,
    /// The kernel command line (/chosen/bootargs).
    #[arg(long, value_name = "ARGS")]
    pub append: Option<String>,
    /// Use this device tree blob instead of rvmmu's own; its /chosen gets
    /// the initrd and --append (when given) patched in.
    #[arg(long, value_name = "FILE")]
    pub dtb: Option<PathBuf>,
    /// The M-mode firmware: default (rvmmu's own SBI), none (the kernel
    /// starts in M-mode at 0x80000000), or a file: an ELF (fw_dynamic.elf,
    /// loaded at its link address) or a raw binary (fw_jump.bin, loaded at
    /// 0x80000000; the kernel goes to 0x80200000).
    #[arg(long, value_name = "FILE|default|none", default_value = "default")]
    pub bios: BiosArg,
    /// RAM size at 0x80000000 (as `rvmmu run --mem`).
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_BOOT_MEM, value_parser = parse_mem_size)]
    pub mem: usize,
    /// A virtio-blk disk (virtio-mmio), backed by the host file FILE (read
    /// and written, never resized) or by memory (mem:SIZE): the device
    /// `rvmmu run --swap` gives the firmware.
    #[arg(long, value_name = "FILE|mem:SIZE")]
    pub disk: Option<String>,
    /// Write the device tree the guest gets to FILE and exit (as QEMU's
    /// -machine dumpdtb=FILE).
    #[arg(long, value_name = "FILE")]
    pub dump_dtb: Option<PathBuf>,
    /// Write an HTML report of the boot to FILE: TLB hit rate over time and
    /// the page-walk depth histogram (the kernel's own paging is not
    /// recorded: the resident-page and fault charts need rvmmu's firmware,
    /// see `rvmmu run --report`). Created before the boot (exit 2 if it
    /// cannot be).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Reads a file named by option `what`, or says why not.
fn read(what: &str, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{what} {}: {e}", path.display()))
}

/// `rvmmu boot`.
pub fn boot(args: &BootArgs) -> u8 {
    crate::stop::handle_signals();
    let report = match &args.report {
        Some(path) => match std::fs::File::create(path) {
            Ok(_) => Some(crate::cli::ReportRequest {
                path: path.clone(),
                program: args
                    .kernel
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                policy: "the guest kernel's own".into(),
                frames: None,
            }),
            Err(e) => {
                eprintln!("rvmmu: --report {}: {e}", path.display());
                return exit_status::BAD_INPUT;
            }
        },
        None => None,
    };
    match setup(args) {
        Ok(Some((mut bus, boot))) => {
            // SBI console_getchar polls LSR before it ever reads RBR: read
            // host stdin from the start.
            bus.connect_console_input();
            bus.start_console_input();
            crate::cli::run_machine(
                bus,
                crate::cli::HartStart {
                    entry: boot.entry,
                    a: boot.args,
                },
                &args.exec,
                boot.symbols,
                None,
                None,
                report,
            )
        }
        Ok(None) => exit_status::SUCCESS,
        Err(msg) => {
            eprintln!("rvmmu: {msg}");
            exit_status::BAD_INPUT
        }
    }
}

/// Builds the machine; `None` when --dump-dtb asked only for the tree.
fn setup(args: &BootArgs) -> Result<Option<(Bus, linux::LinuxBoot)>, String> {
    let kernel = read("--kernel", &args.kernel)?;
    let initrd = args
        .initrd
        .as_deref()
        .map(|p| read("--initrd", p))
        .transpose()?;
    let dtb = args.dtb.as_deref().map(|p| read("--dtb", p)).transpose()?;
    let bios_file = match &args.bios {
        BiosArg::File(p) => Some(read("--bios", p)?),
        _ => None,
    };
    let bios = match (&args.bios, &bios_file) {
        (BiosArg::None, _) => Bios::None,
        (_, Some(bytes)) => Bios::from_file(bytes),
        _ => Bios::Builtin,
    };
    let mut bus = Bus::new(args.mem);
    if let Some(spec) = &args.disk {
        let backing = crate::cli::swap_backing(spec).map_err(|m| format!("--disk {spec}: {m}"))?;
        bus.virtio = Some(VirtioBlk::new(backing));
    }
    let cfg = LinuxConfig {
        kernel: &kernel,
        initrd: initrd.as_deref(),
        bootargs: args.append.as_deref(),
        dtb: dtb.as_deref(),
        bios,
        isa: args.exec.mmu.extensions()?,
        satp_modes: args.exec.mmu.hart_config().satp_modes,
    };
    let boot = linux::boot_linux(&mut bus, &cfg).map_err(|e| e.to_string())?;
    log::debug!(
        "boot: entry {:#x}, kernel {:#x?}, initrd {:#x?}, device tree at {:#x}",
        boot.entry,
        boot.kernel,
        boot.initrd,
        boot.dtb_addr
    );
    if let Some(path) = &args.dump_dtb {
        std::fs::write(path, &boot.dtb)
            .map_err(|e| format!("--dump-dtb {}: {e}", path.display()))?;
        return Ok(None);
    }
    Ok(Some((bus, boot)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> BootArgs {
        let argv = ["rvmmu", "boot"].iter().chain(args).copied();
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Boot(b) => b,
            other => panic!("not boot: {other:?}"),
        }
    }

    #[test]
    fn boot_defaults_to_the_builtin_sbi_and_256m() {
        let b = parse(&["--kernel", "Image"]);
        assert_eq!(b.bios, BiosArg::Default);
        assert_eq!(b.mem, 256 << 20);
        assert_eq!(
            (b.initrd, b.append, b.dtb, b.disk),
            (None, None, None, None)
        );
        assert_eq!(b.exec.max_insns, None);
    }

    #[test]
    fn boot_takes_its_own_options_and_runs() {
        let b = parse(&[
            "--kernel",
            "Image",
            "--initrd",
            "i.cpio",
            "--append",
            "console=ttyS0 quiet",
            "--bios",
            "none",
            "--mem",
            "64M",
            "--disk",
            "mem:1M",
            "--max-insns",
            "5",
            "--stats",
            "--trace-mmu",
            "--ad",
            "svadu",
        ]);
        assert_eq!(b.bios, BiosArg::None);
        assert_eq!(b.mem, 64 << 20);
        assert_eq!(b.append.as_deref(), Some("console=ttyS0 quiet"));
        assert_eq!(b.disk.as_deref(), Some("mem:1M"));
        assert_eq!(b.exec.max_insns, Some(5));
        assert!(b.exec.stats && b.exec.debug.trace_mmu);
        assert_eq!(b.exec.mmu.hart_config().ad, mmu::AdPolicy::Svadu);
        let cli = Cli::try_parse_from(["rvmmu", "boot", "--kernel", "k", "--trace-mmu"]).unwrap();
        assert_eq!(
            cli.log_targets(),
            ["rvmmu::mmu"],
            "boot's tracing is logged"
        );
        assert!(
            Cli::try_parse_from(["rvmmu", "boot"]).is_err(),
            "--kernel is required"
        );
    }
}
