//! The `rvmmu` command line: `rvmmu run` and `rvmmu test`.
//!
//! Exit statuses: [`crate::exit_status`] (its table is `--help`'s).

use crate::boot::{self, ProgramKind};
use crate::bus::Bus;
use crate::debug::filter::{TraceFilter, WalkFilter};
use crate::debug::{DebugOptions, DebugSession, DumpWhen, ExplainFormat};
use crate::devices::console::Console;
use crate::devices::virtio::{Backing, VirtioBlk};
use crate::exit_status;
use crate::hart::{Hart, HartConfig, StopReason, TimeSource, TraceMode};
use crate::isa::extensions::Extensions;
use crate::loader;
use crate::run_end::{RunContext, UserLimits};
use crate::runner::{self, RunnerConfig};
use crate::symbols::SymbolTable;
use clap::{Args, Parser, Subcommand, ValueEnum};
use mmu::{AdPolicy, MmuConfig, PmpConfig, SatpModes};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

/// Exit status for usage errors, unloadable files and missing tests.
const EXIT_USAGE: u8 = exit_status::BAD_INPUT;

/// `rvmmu test`'s default instruction budget per test.
pub const DEFAULT_TEST_MAX_INSNS: u64 = 100_000_000;

/// Default RAM size: 128 MiB.
pub const DEFAULT_MEM: usize = 128 << 20;
/// Largest accepted `--mem`: 16 GiB.
pub const MAX_MEM: usize = 16 << 30;
/// RAM is a whole number of 4 KiB pages.
pub const MEM_GRANULE: usize = 4 << 10;

/// `rvmmu --help`'s epilogue: the exit-status table.
const MAIN_HELP: &str = exit_status::TABLE;

const RUN_HELP: &str = "\
A bare-metal guest ends the run through HTIF (the `tohost` symbol, as in the
riscv-tests: tohost = code << 1 | 1) or the SiFive test finisher at 0x100000;
a user program by exit/exit_group (the firmware passes its status on).

Exit status: the guest's exit code, or one of rvmmu's own (the table in
`rvmmu --help`: 2 bad input, 124 a limit, 126/127 a user program that
cannot run, 129 gdb hung up, 130/143 Ctrl-C/SIGTERM, 137 out of memory,
141 stdout closed, 255 a code outside 0..=255).

Environment:
  RUST_LOG   log filter (env_logger syntax), e.g. RUST_LOG=debug";

const TEST_HELP: &str = "\
Runs every RV64 RISC-V ELF executable directly inside each DIR (no
recursion; other files such as .dump are skipped), each as its own
`rvmmu run` process, in parallel. A test passes when it exits 0; the
riscv-tests convention tohost = TESTNUM << 1 | 1 makes a failure exit with
TESTNUM, reported as `FAIL name: exit code N (test N)`. A hung test is
stopped by its instruction budget (--max-insns, default 100000000) or
killed after --timeout seconds of wall-clock time (default 120): TIMEOUT.
Crashed or unloadable ones are ERROR. The last line is `N passed, M failed`.

Exit status: 0 every test passed; 1 at least one test failed, timed out or
could not run; 2 usage error, or a DIR is missing or holds no tests.";

/// rvmmu: an RV64 emulator built around a bit-accurate Sv39 MMU.
#[derive(Debug, Parser)]
#[command(name = "rvmmu", version, about, after_help = MAIN_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one RV64 ELF program: bare metal in M-mode, or a Linux-ABI user
    /// program in U-mode under the built-in firmware.
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
    /// Run every test program in one or more directories.
    #[command(after_help = TEST_HELP)]
    Test(TestArgs),
    /// Boot a RISC-V Linux kernel Image: firmware (--bios), kernel,
    /// initrd and device tree, as QEMU's virt board does.
    #[command(after_help = crate::boot::command::BOOT_HELP)]
    Boot(crate::boot::command::BootArgs),
    /// List the ISA extensions rvmmu implements, with the specification
    /// and version of each, and the default --isa string.
    Isa,
    /// Run a user program once per replacement policy (fifo, clock, lru,
    /// lfu) under the same --frames and swap, and print one table with a
    /// last row `opt`: Belady's optimal replacement on the program's
    /// reference string, checked to be a lower bound of every row.
    #[command(after_help = POLICIES_HELP)]
    Policies(RunArgs),
    /// Run a user program at several frame limits and print page faults
    /// against frames (plotted with --report): the knee shows the working
    /// set.
    Sweep(SweepArgs),
}

const POLICIES_HELP: &str = "\
Without --swap the runs get a memory swap disk as large as --mem. The
guest's console output is not shown. Time is instruction-count time
(--time icount) unless --time says otherwise, so every run sees the same
timer ticks. Exit status: 0, 1 when OPT's faults
exceed a policy's (the runs did not see the same reference string), or
what `rvmmu run` would end with when a run does not end by itself.";

/// `rvmmu sweep`'s options: those of `rvmmu run` that apply, and a range
/// of frame limits.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The user program.
    pub file: PathBuf,
    /// The frame limits: A..B (B included, about 10 points) or A..B:STEP.
    #[arg(long, value_name = "A..B[:STEP]", value_parser = crate::report::compare::FrameRange::parse)]
    pub frames: crate::report::compare::FrameRange,
    /// The replacement policy (default clock).
    #[arg(long, value_enum, value_name = "POLICY")]
    pub policy: Option<PolicyArg>,
    /// As `rvmmu run --swap`; default: memory as large as --mem.
    #[arg(long, value_name = "FILE|mem:SIZE")]
    pub swap: Option<String>,
    /// As `rvmmu run --mem`.
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_mem_size)]
    pub mem: usize,
    /// Stop each run after N instructions (the sweep then stops, 124).
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,
    /// Stop the whole sweep after SECONDS of wall-clock time (124).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Write an HTML page with the plot of page faults against frames.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub mmu: MmuArgs,
    /// Arguments for the program (after `--`).
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

impl SweepArgs {
    /// The `rvmmu run` options of every run (frames set per run).
    pub fn run_args(&self) -> RunArgs {
        RunArgs {
            file: self.file.clone(),
            mem: self.mem,
            exec: ExecArgs {
                max_insns: self.max_insns,
                timeout: self.timeout,
                trace: false,
                trace_priv: None,
                trace_range: None,
                stats: false,
                mmu: self.mmu.clone(),
                debug: DebugArgs::default(),
                gdb: None,
            },
            bare: false,
            firmware: None,
            swap: self.swap.clone(),
            frames: None,
            debug_syscalls: false,
            strace: false,
            policy: self.policy,
            report: self.report.clone(),
            root: None,
            initrd: None,
            env: Vec::new(),
            epoch: None,
            args: self.args.clone(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The RV64 ELF executable (ET_EXEC) to run. Entry point at or above
    /// RAM (0x80000000): loaded at its physical addresses and started in
    /// M-mode with translation off. Entry point below RAM: a static Linux
    /// user program, run in U-mode under Sv39 by the firmware with demand
    /// paging (--bare and --firmware override the rule).
    pub file: PathBuf,
    /// RAM size at 0x80000000: bytes, or with a K, M or G suffix (128M, 1G,
    /// 64K, 65536); a multiple of 4 KiB, from 4K to 16G.
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_mem_size)]
    pub mem: usize,
    #[command(flatten)]
    pub exec: ExecArgs,
    /// Load FILE at its physical addresses and start it in M-mode, even if
    /// it looks like a user program.
    #[arg(long, conflicts_with = "firmware")]
    pub bare: bool,
    /// Run FILE as a user program under this supervisor image instead of
    /// the built-in firmware (implies a user program).
    #[arg(long, value_name = "IMAGE")]
    pub firmware: Option<PathBuf>,
    /// Give the firmware a swap disk: virtio-blk backed by the host file
    /// FILE (which must exist; rvmmu reads and writes it, never resizes it:
    /// create it with e.g. `truncate -s 64M FILE`), or by memory with
    /// `mem:SIZE` (e.g. mem:64M). The only way a guest reaches a host file.
    #[arg(long, value_name = "FILE|mem:SIZE")]
    pub swap: Option<String>,
    /// Cap the physical frames the firmware gives to user pages, so that a
    /// larger working set must page (user programs only); 0 means no cap
    /// (the default). Without --swap only clean pages of the program image
    /// can be evicted: a larger working set ends with exit 137.
    #[arg(long, value_name = "N")]
    pub frames: Option<u32>,
    /// Have the firmware print a line on the console for every system call
    /// it does not implement (which then returns -ENOSYS) (user programs
    /// only).
    #[arg(long)]
    pub debug_syscalls: bool,
    /// Like `strace -f`: the firmware prints one line per system call of
    /// every process, `[pid N] name(decoded args) = result` (errno names
    /// for failures), and names each unimplemented one (user programs
    /// only).
    #[arg(long)]
    pub strace: bool,
    /// The firmware's page-replacement policy (user programs only).
    #[arg(long, value_enum, value_name = "POLICY")]
    pub policy: Option<PolicyArg>,
    /// Record what virtual memory did and write it as one self-contained
    /// HTML page to FILE: resident pages and page-in rate over time with
    /// the --frames limit, each process's address space at exit, TLB hit
    /// rate over time, the page-walk depth histogram, the top faulting
    /// code addresses. README: "Watching virtual memory".
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Expose the host directory DIR as the user program's root file
    /// system, read-only (DIR or DIR:ro) or read-write (DIR:rw); /dev and
    /// /tmp stay the firmware's own. No guest path leaves DIR (`..` and
    /// symbolic links resolve as if DIR were `/`). Besides --swap, the only
    /// way a guest reaches host files.
    #[arg(long, value_name = "DIR[:rw]")]
    pub root: Option<String>,
    /// Use the cpio archive FILE (newc, as Linux's initramfs) as the user
    /// program's root file system (read in memory; the program itself is
    /// added as /bin/NAME).
    #[arg(long, value_name = "FILE.cpio", conflicts_with = "root")]
    pub initrd: Option<PathBuf>,
    /// Add KEY=VALUE to the user program's environment (repeatable; after
    /// the defaults PATH=/bin:/usr/bin, HOME=/, TERM from the host or
    /// vt100, replacing a default of the same KEY).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// CLOCK_REALTIME at the start of the run, in seconds since 1970
    /// (default: the host's clock), for reproducible runs.
    #[arg(long, value_name = "SECONDS")]
    pub epoch: Option<u64>,
    /// Arguments for a user program (after `--`): argv[1..]; argv[0] is
    /// FILE's name.
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

/// How a machine runs, shared by `rvmmu run` and `rvmmu boot`: limits,
/// tracing, statistics, the MMU settings and debugging, gdb.
#[derive(Debug, Clone, Args)]
pub struct ExecArgs {
    /// Stop after N instructions (exit code 124); default: no limit.
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,
    /// Stop after SECONDS of wall-clock time (decimals allowed; exit code
    /// 124); checked at least every 65,536 instructions; default: no limit.
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Log every retired instruction to stderr (log target rvmmu::trace):
    /// the privilege it ran in, pc, bits, disassembly, register written.
    #[arg(long)]
    pub trace: bool,
    /// With --trace: only instructions that ran at these privileges, e.g.
    /// U or S,U.
    #[arg(long, value_name = "U|S|M[,...]", requires = "trace", value_parser = crate::debug::filter::parse_privileges)]
    pub trace_priv: Option<[bool; 4]>,
    /// With --trace: only instructions whose pc lies in LO..HI (HI
    /// excluded), e.g. 0x10000..0x20000.
    #[arg(long, value_name = "LO..HI", requires = "trace", value_parser = crate::debug::filter::parse_va_range)]
    pub trace_range: Option<(u64, u64)>,
    /// Print statistics to stderr at exit: instructions, traps by cause,
    /// TLB hits and misses per access type, walks, PTE reads and writes,
    /// page faults by reason, sfence.vma by scope.
    #[arg(long)]
    pub stats: bool,
    #[command(flatten)]
    pub mmu: MmuArgs,
    #[command(flatten)]
    pub debug: DebugArgs,
    /// Wait for gdb on 127.0.0.1:PORT (0: any free port, printed) before
    /// the first instruction, and run under its control; `monitor help` in
    /// gdb lists the MMU commands. After `detach` the guest runs on alone.
    #[arg(long, value_name = "PORT")]
    pub gdb: Option<u16>,
}

/// MMU debugging options of `rvmmu run` (README: "Debugging the MMU").
#[derive(Debug, Args, Clone, PartialEq, Eq, Default)]
pub struct DebugArgs {
    /// Print every page-table walk (every translation that misses the TLB)
    /// as a block: satp, the VA split into VPNs and offset, each level's
    /// PTE address, value and flags, and the outcome (log target
    /// rvmmu::mmu, on stderr).
    #[arg(long)]
    pub trace_mmu: bool,
    /// With --trace-mmu: only walks of virtual addresses in LO..HI (HI
    /// excluded), e.g. 0x80000000..0x80200000.
    #[arg(long, value_name = "LO..HI", requires = "trace_mmu", value_parser = crate::debug::filter::parse_va_range)]
    pub trace_mmu_range: Option<(u64, u64)>,
    /// With --trace-mmu: only walks of accesses made at these privileges
    /// (the effective privilege, MPRV included), e.g. U or S,U.
    #[arg(long, value_name = "U|S|M[,...]", requires = "trace_mmu", value_parser = crate::debug::filter::parse_privileges)]
    pub trace_mmu_priv: Option<[bool; 4]>,
    /// Explain every page fault and access fault the guest takes: cause,
    /// pc with its symbol, the instruction, the access and address, the
    /// reason in words and the rule of the spec (log target rvmmu::fault);
    /// =json writes one JSON object per line on stderr instead.
    #[arg(long, value_enum, value_name = "FORMAT", num_args = 0..=1, require_equals = true, default_missing_value = "text")]
    pub explain_faults: Option<ExplainArg>,
    /// Dump the page tables (merged ranges with every flag) on stderr at
    /// exit, or with =on-fault at the first page fault under the satp of
    /// the faulting access.
    #[arg(long, value_enum, value_name = "WHEN", num_args = 0..=1, require_equals = true, default_missing_value = "exit")]
    pub dump_pt: Option<DumpArg>,
    /// Print the --stats report on stderr every N retired instructions.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub stats_every: Option<u64>,
    /// Write a commit log to FILE (created or truncated): one line per
    /// retired instruction in Spike's --log-commits format, each memory
    /// access followed by its physical address.
    #[arg(long, value_name = "FILE")]
    pub log_commits: Option<PathBuf>,
    /// Name functions of another program in fault explanations and stop
    /// messages (`<do_page_fault+0x3c>`): the symbols of FILE, an ELF file
    /// (a kernel's vmlinux) or a System.map (`nm -n` format, as
    /// /proc/kallsyms prints it), added to those of the program run.
    #[arg(long, value_name = "FILE")]
    pub symbols: Option<PathBuf>,
}

/// `--explain-faults` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainArg {
    Text,
    Json,
}

/// When `--dump-pt` dumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpArg {
    Exit,
    OnFault,
}

impl DebugArgs {
    /// `base` (the symbols of the program run) with those of `--symbols
    /// FILE` added; the error is one line naming the file.
    pub fn with_symbols(
        &self,
        mut base: crate::symbols::SymbolTable,
    ) -> Result<crate::symbols::SymbolTable, String> {
        let Some(path) = &self.symbols else {
            return Ok(base);
        };
        let what = |e: String| format!("--symbols {}: {e}", path.display());
        let bytes = std::fs::read(path).map_err(|e| what(e.to_string()))?;
        base.merge(crate::symbols::SymbolTable::from_symbol_file(&bytes).map_err(what)?);
        Ok(base)
    }

    /// The session options; opens the commit log (the only file written).
    pub fn options(&self, trace_insns: Option<TraceFilter>) -> Result<DebugOptions, String> {
        let trace_mmu = self.trace_mmu.then(|| WalkFilter {
            range: self.trace_mmu_range,
            privileges: self.trace_mmu_priv.unwrap_or([true; 4]),
        });
        let commit_log = match &self.log_commits {
            Some(path) => Some(std::io::BufWriter::new(
                std::fs::File::create(path)
                    .map_err(|e| format!("--log-commits {}: {e}", path.display()))?,
            )),
            None => None,
        };
        Ok(DebugOptions {
            trace_insns,
            trace_mmu,
            explain_faults: self.explain_faults.map(|f| match f {
                ExplainArg::Text => ExplainFormat::Text,
                ExplainArg::Json => ExplainFormat::Json,
            }),
            dump_pt: self.dump_pt.map(|d| match d {
                DumpArg::Exit => DumpWhen::Exit,
                DumpArg::OnFault => DumpWhen::OnFault,
            }),
            stats_every: self.stats_every,
            commit_log,
        })
    }
}

/// MMU settings shared by `run` and `test`.
#[derive(Debug, Args, Clone, PartialEq, Eq)]
pub struct MmuArgs {
    /// How accessed/dirty bits are maintained (Privileged 4.3.1): svade
    /// raises a page fault when A = 0, or D = 0 on a store (as Spike);
    /// svadu sets them in the PTE with an atomic update (as QEMU).
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = AdArg::Svade)]
    pub ad: AdArg,
    /// TLB geometry: ENTRIES for the 4 KiB array (a power of two up to
    /// 65536), optionally xWAYS (the associativity of every array, a power
    /// of two up to ENTRIES and at most 64; the 16-entry superpage arrays
    /// use at most 16), e.g. 64x4 (default), 256x8, 16x16 (fully
    /// associative); 0 disables the TLB (every access walks).
    #[arg(long, value_name = "ENTRIES[xWAYS]", default_value = "64x4", value_parser = parse_tlb)]
    pub tlb: TlbSpec,
    /// Compare every TLB hit with a side-effect-free walk of the current
    /// page tables and warn (once per page, log target mmu::stale) when the
    /// entry is stale: the guest changed a PTE without the sfence.vma that
    /// makes the change visible (Privileged 4.2.1). The stale entry is still
    /// used, as hardware would. Slower: the hart's page caches are off.
    #[arg(long)]
    pub check_tlb: bool,
    /// The ISA to offer: an ISA string such as rv64gc or rv64imac_zicsr_zba
    /// (`rvmmu isa` lists the extensions). An instruction of an extension
    /// not listed is illegal; misa and the device tree list exactly these.
    /// Default: everything implemented.
    #[arg(long, value_name = "ISA")]
    pub isa: Option<String>,
    /// The satp modes the hart implements (Privileged 4.1.11): a comma
    /// list of bare, sv39, sv48, sv57; Sv48 needs Sv39 and Sv57 needs Sv48,
    /// Bare is always there. A satp write with another MODE is ignored.
    #[arg(long, value_name = "MODES", default_value = "sv39,sv48,sv57", value_parser = SatpModes::parse)]
    pub satp_modes: SatpModes,
    /// Implemented PMP entries, 0 to 64 (Privileged 3.7.1; the lowest
    /// numbered ones). With 0 nothing is checked and S/U-mode runs without
    /// PMP setup; otherwise S/U accesses need a matching entry.
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u8).range(0..=64))]
    pub pmp_entries: u8,
    /// PMP granularity G: every region is at least 2^(G+2) bytes and NA4 is
    /// not selectable when G >= 1 (Privileged 3.7.1). 0 (4 bytes) as QEMU
    /// and Spike.
    #[arg(long, value_name = "G", default_value_t = 0,
          value_parser = clap::value_parser!(u8).range(0..=52))]
    pub pmp_granularity: u8,
    /// Where mtime (and the time CSR) come from, at the device tree's 10
    /// MHz: host follows the host's monotonic clock from the start of the
    /// run and a wfi with nothing pending sleeps the host thread; icount
    /// advances one tick per 100 retired instructions and wfi skips to the
    /// next timer deadline, so runs are reproducible (like QEMU's -icount).
    /// Default: host for `run`, icount for `test`.
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub time: Option<TimeArg>,
    /// The compiling tier: on compiles hot blocks to host code (Cranelift);
    /// off runs the block interpreter only; verify runs every compiled
    /// block and then the interpreter from the same state and stops at the
    /// first difference (exit status 3). Off under --trace, --check-tlb,
    /// the debugging options and --gdb, whatever is given.
    #[arg(long, value_enum, value_name = "MODE", default_value_t = JitArg::On)]
    pub jit: JitArg,
    /// Bound on the host memory of compiled code (e.g. 64M); when full,
    /// all compiled code is dropped and hot blocks compile again.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_mem_size)]
    pub jit_cache: usize,
    /// Compile a block after it was entered N times (1 to 65534; 1
    /// compiles every block at once, which makes --jit verify check
    /// everything).
    #[arg(long, value_name = "N", default_value_t = crate::jit::HOT_THRESHOLD,
          value_parser = clap::value_parser!(u16).range(1..=65534))]
    pub jit_hot: u16,
    /// Compile threads: 1 compiles hot blocks on a thread of its own while
    /// the hart goes on interpreting them; 0 compiles on the hart's thread
    /// (a hot block then runs compiled at once). Always 0 under --jit
    /// verify.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u8).range(0..=1))]
    pub jit_threads: u8,
}

/// `--jit`: which tier runs hot blocks (see [`crate::jit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JitArg {
    On,
    Off,
    Verify,
}

impl From<JitArg> for crate::jit::JitMode {
    fn from(j: JitArg) -> crate::jit::JitMode {
        match j {
            JitArg::On => crate::jit::JitMode::On,
            JitArg::Off => crate::jit::JitMode::Off,
            JitArg::Verify => crate::jit::JitMode::Verify,
        }
    }
}

/// `--time`: the time source (see [`crate::hart::time`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeArg {
    Host,
    Icount,
}

impl From<TimeArg> for TimeSource {
    fn from(t: TimeArg) -> TimeSource {
        match t {
            TimeArg::Host => TimeSource::Host,
            TimeArg::Icount => TimeSource::Icount,
        }
    }
}

/// The firmware's page-replacement policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyArg {
    /// First in, first out.
    Fifo,
    /// Second chance on the PTE's A bit.
    Clock,
    /// Least recently used, approximated by aging A bits on timer ticks.
    Lru,
    /// Least frequently used: A bits counted on every scan, the counts
    /// halved every 32 scans.
    Lfu,
}

/// The A/D policy as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdArg {
    Svade,
    Svadu,
}

impl From<AdArg> for AdPolicy {
    fn from(a: AdArg) -> AdPolicy {
        match a {
            AdArg::Svade => AdPolicy::Svade,
            AdArg::Svadu => AdPolicy::Svadu,
        }
    }
}

/// A requested TLB geometry (`--tlb ENTRIES[xWAYS]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlbSpec {
    pub entries: usize,
    pub ways: usize,
}

impl MmuArgs {
    /// The hart configuration these options ask for.
    pub fn hart_config(&self) -> HartConfig {
        let d = MmuConfig::default();
        let mmu = if self.tlb.entries == 0 {
            MmuConfig::without_tlb()
        } else {
            MmuConfig {
                tlb_entries: self.tlb.entries,
                tlb_ways: self.tlb.ways,
                superpage_entries: d.superpage_entries,
            }
        };
        HartConfig {
            ad: self.ad.into(),
            mmu,
            check_tlb: self.check_tlb,
            isa: self.extensions().unwrap_or_default(),
            satp_modes: self.satp_modes,
            pmp: PmpConfig {
                entries: self.pmp_entries,
                granularity: self.pmp_granularity,
                ..PmpConfig::default()
            },
            time: self.time.map_or(TimeSource::Host, TimeSource::from),
            jit: crate::jit::JitConfig {
                mode: self.jit.into(),
                cache_bytes: self.jit_cache,
                hot: self.jit_hot,
                threads: self.jit_threads,
            },
        }
    }
    /// The same options as `rvmmu run` arguments (for `rvmmu test`).
    pub fn to_run_args(&self) -> Vec<String> {
        let ad = value_name(self.ad);
        let mut args = vec![
            "--ad".into(),
            ad,
            "--tlb".into(),
            format!("{}x{}", self.tlb.entries, self.tlb.ways),
        ];
        if self.check_tlb {
            args.push("--check-tlb".into());
        }
        if let Some(isa) = &self.isa {
            args.extend(["--isa".into(), isa.clone()]);
        }
        if self.satp_modes != SatpModes::default() {
            args.push("--satp-modes".into());
            args.push(self.satp_modes.to_string());
        }
        let pmp = PmpConfig::default();
        if self.pmp_entries != pmp.entries {
            args.extend(["--pmp-entries".into(), self.pmp_entries.to_string()]);
        }
        if self.pmp_granularity != pmp.granularity {
            args.extend(["--pmp-granularity".into(), self.pmp_granularity.to_string()]);
        }
        if let Some(t) = self.time {
            args.extend(["--time".into(), value_name(t)]);
        }
        if self.jit != JitArg::On {
            args.extend(["--jit".into(), value_name(self.jit)]);
        }
        if self.jit_hot != crate::jit::HOT_THRESHOLD {
            args.extend(["--jit-hot".into(), self.jit_hot.to_string()]);
        }
        if self.jit_threads != 1 {
            args.extend(["--jit-threads".into(), self.jit_threads.to_string()]);
        }
        if self.jit_cache != crate::jit::DEFAULT_CACHE_BYTES {
            args.extend(["--jit-cache".into(), self.jit_cache.to_string()]);
        }
        args
    }

    /// The extensions `--isa` selects (all but the off-by-default ones by
    /// default), or the one-line reason the ISA string is refused.
    pub fn extensions(&self) -> Result<Extensions, String> {
        match &self.isa {
            Some(s) => Extensions::parse(s).map_err(|e| format!("--isa {s}: {e}")),
            None => Ok(Extensions::default()),
        }
    }
}

/// The most ways `--tlb` accepts: a lookup compares every way of a set, so
/// more ways cost time on every TLB access.
pub const MAX_TLB_WAYS: usize = 64;

/// Parses `ENTRIES[xWAYS]`: ENTRIES 0 or a power of two up to 65536, WAYS
/// (default 4, or ENTRIES when smaller) a power of two dividing ENTRIES, at
/// most [`MAX_TLB_WAYS`].
pub fn parse_tlb(s: &str) -> Result<TlbSpec, String> {
    let t = s.trim().to_ascii_lowercase();
    let (e, w) = match t.split_once('x') {
        Some((e, w)) => (e, Some(w)),
        None => (t.as_str(), None),
    };
    let entries: usize = e
        .parse()
        .map_err(|_| format!("{s:?} is not ENTRIES[xWAYS], e.g. 64x4"))?;
    if entries == 0 {
        if w.is_some() {
            return Err(format!(
                "{s:?}: 0 entries disables the TLB; give 0 alone, without xWAYS"
            ));
        }
        return Ok(TlbSpec {
            entries: 0,
            ways: 1,
        });
    }
    if !entries.is_power_of_two() || entries > 65536 {
        return Err(format!(
            "TLB entries must be 0 or a power of two up to 65536, not {entries}"
        ));
    }
    let ways = match w {
        Some(w) => w
            .parse::<usize>()
            .map_err(|_| format!("{s:?}: WAYS must be a number, e.g. 64x4"))?,
        None => entries.min(4),
    };
    let most = entries.min(MAX_TLB_WAYS);
    if ways == 0 || !ways.is_power_of_two() || ways > most {
        return Err(format!(
            "TLB ways must be a power of two from 1 to {most} (at most ENTRIES and at most {MAX_TLB_WAYS}), not {ways}"
        ));
    }
    Ok(TlbSpec { entries, ways })
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Directories holding test executables (e.g. riscv-tests/isa).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Kill a test that runs longer than SECONDS of wall-clock time
    /// (decimals allowed). Generous, so that a loaded machine does not fail
    /// tests: the instruction budget (--max-insns) stops a hung test first.
    #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// Run N tests at once; default: the number of CPUs.
    #[arg(long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Stop each test after N instructions (it then fails, TIMEOUT): the
    /// budget that does not depend on the machine's load; a riscv-test
    /// needs well under a million.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TEST_MAX_INSNS)]
    pub max_insns: u64,
    #[command(flatten)]
    pub mmu: MmuArgs,
}

impl Cli {
    /// The run options of `run` and `boot`.
    fn exec(&self) -> Option<&ExecArgs> {
        match &self.command {
            Command::Run(r) => Some(&r.exec),
            Command::Boot(b) => Some(&b.exec),
            _ => None,
        }
    }

    /// True when instruction tracing was asked for (the binary sets up
    /// logging accordingly).
    pub fn trace(&self) -> bool {
        matches!(&self.command, Command::Run(r) if r.exec.trace)
    }

    /// The log targets to enable at info level: `rvmmu::trace` for
    /// `--trace`, `rvmmu::mmu` for `--trace-mmu`, `rvmmu::fault` for
    /// `--explain-faults` (text).
    pub fn log_targets(&self) -> Vec<&'static str> {
        let Some(r) = self.exec() else {
            return Vec::new();
        };
        let mut targets = Vec::new();
        if r.trace {
            targets.push("rvmmu::trace");
        }
        if r.debug.trace_mmu {
            targets.push("rvmmu::mmu");
        }
        if r.debug.explain_faults == Some(ExplainArg::Text) {
            targets.push("rvmmu::fault");
        }
        targets
    }
}

/// Runs the command and returns the process exit code.
pub fn execute(cli: Cli) -> u8 {
    let mmu = match &cli.command {
        Command::Run(args) => Some(&args.exec.mmu),
        Command::Boot(args) => Some(&args.exec.mmu),
        Command::Test(args) => Some(&args.mmu),
        Command::Policies(args) => Some(&args.exec.mmu),
        Command::Sweep(args) => Some(&args.mmu),
        Command::Isa => None,
    };
    if let Some(Err(msg)) = mmu.map(MmuArgs::extensions) {
        eprintln!("rvmmu: {msg}");
        return EXIT_USAGE;
    }
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Boot(args) => crate::boot::command::boot(&args),
        Command::Policies(args) => {
            start_limits(args.exec.timeout);
            crate::report::compare::policies(&args)
        }
        Command::Sweep(args) => {
            start_limits(args.timeout);
            crate::report::compare::sweep(&args.run_args(), args.frames)
        }
        Command::Isa => {
            print!("{}", isa_listing());
            0
        }
        Command::Test(args) => {
            let exe = match std::env::current_exe() {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("rvmmu: cannot find my own executable: {e}");
                    return EXIT_USAGE;
                }
            };
            let jobs = args
                .jobs
                .or_else(|| std::thread::available_parallelism().ok())
                .map_or(1, NonZeroUsize::get);
            runner::run_tests(&RunnerConfig {
                dirs: args.dirs,
                timeout: args.timeout,
                jobs,
                max_insns: Some(args.max_insns),
                run_args: test_run_args(&args.mmu),
                exe,
            })
        }
    }
}

/// The `rvmmu run` options of `rvmmu test`'s children: the MMU options,
/// and deterministic time unless `--time` says otherwise.
fn test_run_args(mmu: &MmuArgs) -> Vec<String> {
    let mut args = mmu.to_run_args();
    if mmu.time.is_none() {
        args.extend(["--time".into(), value_name(TimeArg::Icount)]);
    }
    args
}

/// Ctrl-C, SIGTERM and `--timeout` for a command of several runs.
fn start_limits(timeout: Option<Duration>) {
    crate::stop::handle_signals();
    if let Some(t) = timeout {
        crate::stop::start_timer(t);
    }
}

/// `rvmmu run`: load, run, turn the stop reason into an exit code.
pub fn run(args: &RunArgs) -> u8 {
    // Ctrl-C and SIGTERM end the run at its next check point, with the
    // console flushed and --stats printed (a second one ends it at once).
    crate::stop::handle_signals();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "rvmmu: {}: {}",
                args.file.display(),
                loader::LoadError::from(e)
            );
            return EXIT_USAGE;
        }
    };
    let kind = if args.bare {
        ProgramKind::BareMetal
    } else if args.firmware.is_some() {
        ProgramKind::User
    } else {
        boot::classify(&bytes)
    };
    // --report: the file is created before the run, the port added.
    let report = match &args.report {
        Some(p) => match std::fs::File::create(p) {
            Ok(_) => Some(p.clone()),
            Err(e) => {
                eprintln!("rvmmu: --report {}: {e}", p.display());
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let mut bus = Bus::new(args.mem);
    if report.is_some() {
        bus.vm_events = Some(Default::default());
    }
    if let Some(spec) = &args.swap {
        match swap_backing(spec) {
            Ok(backing) => bus.virtio = Some(VirtioBlk::new(backing)),
            Err(msg) => {
                eprintln!("rvmmu: --swap {spec}: {msg}");
                return EXIT_USAGE;
            }
        }
    }
    if kind == ProgramKind::BareMetal
        && (args.frames.is_some()
            || args.policy.is_some()
            || args.debug_syscalls
            || args.strace
            || crate::boot::user_io::requested(args))
    {
        eprintln!(
            "rvmmu: {}: --frames, --policy, --debug-syscalls, --strace, --root, --initrd, --env and --epoch need a user program (see --firmware)",
            args.file.display()
        );
        return EXIT_USAGE;
    }
    let user_symbols = (kind == ProgramKind::User)
        .then(|| crate::symbols::SymbolTable::from_elf(&bytes).ok())
        .flatten();
    let (entry, symbols, a1) = match kind {
        ProgramKind::BareMetal => {
            if !args.args.is_empty() {
                eprintln!(
                    "rvmmu: {}: arguments after -- need a user program (see --firmware)",
                    args.file.display()
                );
                return EXIT_USAGE;
            }
            match loader::load_into_bus(&bytes, &mut bus) {
                Ok(image) => (image.entry, image.symbols, 0),
                Err(e) => {
                    eprintln!("rvmmu: {}: {e}", args.file.display());
                    return EXIT_USAGE;
                }
            }
        }
        ProgramKind::User => match boot::executable::check(&bytes) {
            Err(e) => {
                eprintln!("rvmmu: {}: {}", args.file.display(), e.reason);
                return e.status;
            }
            Ok(()) => match boot_user_program(args, &bytes, &mut bus) {
                Ok(b) => (b.firmware.entry, b.firmware.symbols, b.dtb_addr),
                Err(msg) => {
                    eprintln!("rvmmu: {}: {msg}", args.file.display());
                    return EXIT_USAGE;
                }
            },
        },
    };
    let user = (kind == ProgramKind::User).then(|| UserLimits {
        frames: args.frames,
        swap: args.swap.clone(),
        mem: args.mem,
    });
    let report = report.map(|path| ReportRequest {
        path,
        program: args
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        policy: crate::report::compare::policy_name(args.policy.unwrap_or(PolicyArg::Clock)),
        frames: args.frames,
    });
    // The RISC-V Linux boot protocol: a0 = hart id, a1 = device tree.
    run_machine(
        bus,
        HartStart {
            entry,
            a: [0, a1, 0],
        },
        &args.exec,
        symbols,
        user_symbols,
        user,
        report,
    )
}

/// `--report FILE.html`: where to write the report and what it names.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub path: PathBuf,
    /// The program's file name.
    pub program: String,
    /// The replacement policy's name.
    pub policy: String,
    pub frames: Option<u32>,
}

/// Where the hart starts: the pc (in M-mode) and a0, a1, a2.
#[derive(Debug, Clone, Copy)]
pub struct HartStart {
    pub entry: u64,
    pub a: [u64; 3],
}

/// Runs a loaded machine to its end from `start`: the console on stdout,
/// `exec`'s limits, tracing, debugging and gdb; prints --stats and the stop
/// reason, returns the exit status. `user` is set for a user program under
/// the firmware (its memory limits, for the out-of-memory message).
pub fn run_machine(
    mut bus: Bus,
    HartStart { entry, a }: HartStart,
    exec: &ExecArgs,
    symbols: SymbolTable,
    user_symbols: Option<SymbolTable>,
    user: Option<UserLimits>,
    report: Option<ReportRequest>,
) -> u8 {
    // --symbols FILE: the kernel's (or another image's) names as well.
    let symbols = match exec.debug.with_symbols(symbols) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("rvmmu: {msg}");
            return EXIT_USAGE;
        }
    };
    bus.console = Console::Stdout;
    // The UART reads host stdin once the guest consumes console input
    // (unless the caller connected it already, e.g. to read at once). A
    // user program reads stdin through hostio: the UART stays unconnected,
    // so that only one reader takes the host's bytes.
    if bus.uart.input().is_none() && bus.hostio.is_none() {
        bus.connect_console_input();
    }
    let mut config = exec.mmu.hart_config();
    if exec.gdb.is_some() {
        // gdb steps, breakpoints and watchpoints see the interpreter.
        config.jit.mode = crate::jit::JitMode::Off;
    }
    if config.time == crate::hart::time::TimeSource::Icount {
        // Deterministic time: the RTC counts from a fixed epoch too.
        bus.rtc.clock = crate::devices::rtc::RtcClock::Fixed {
            epoch_ns: crate::devices::rtc::FIXED_EPOCH_NS,
            timebase_hz: crate::board::TIMEBASE_HZ,
        };
    }
    let mut hart = Hart::new(bus, entry, config);
    hart.x[10..13].copy_from_slice(&a);
    let trace_filter = exec.trace.then(|| TraceFilter {
        range: exec.trace_range,
        privileges: exec.trace_priv.unwrap_or([true; 4]),
    });
    let options = match exec.debug.options(trace_filter) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("rvmmu: {msg}");
            return EXIT_USAGE;
        }
    };
    let mut session = DebugSession::new(options, symbols.clone());
    let report_symbols = report.as_ref().map(|_| crate::report::CodeSymbols {
        user: user_symbols.clone(),
        firmware: user.is_some().then(|| symbols.clone()),
    });
    session.user_symbols = user_symbols;
    let trace = trace_filter.map_or(TraceMode::Off, TraceMode::Instructions);
    let max = exec.max_insns.unwrap_or(u64::MAX);
    let debug_loop = session.options.needs_debug_loop();
    let mut samples = Vec::new();
    let started = std::time::Instant::now();
    let mut run_for = |hart: &mut Hart, max: u64| {
        if debug_loop {
            hart.run_debug(max, &mut session)
        } else {
            hart.run(max, trace)
        }
    };
    let mut run = |hart: &mut Hart| match report {
        Some(_) => crate::report::run_sampled(hart, max, &mut samples, &mut run_for),
        None => run_for(hart, max),
    };
    if let Some(t) = exec.timeout {
        crate::stop::start_timer(t);
    }
    let reason = match exec.gdb {
        None => run(&mut hart),
        Some(port) => match crate::gdb::serve(&mut hart, port) {
            Ok(crate::gdb::SessionEnd::Exited(code)) => StopReason::Exit(code),
            Ok(crate::gdb::SessionEnd::Stopped(reason)) => reason,
            Ok(crate::gdb::SessionEnd::Detached) => run(&mut hart),
            Ok(crate::gdb::SessionEnd::Killed) => {
                hart.bus.console.flush();
                eprintln!("rvmmu: killed by gdb at pc {:#x}", hart.pc);
                return exit_status::KILLED;
            }
            Ok(crate::gdb::SessionEnd::HungUp(why)) => {
                hart.bus.console.flush();
                eprintln!("rvmmu: gdb hung up at pc {:#x}: {why}", hart.pc);
                return exit_status::GDB_HANGUP;
            }
            Err(msg) => {
                eprintln!("rvmmu: --gdb: {msg}");
                return EXIT_USAGE;
            }
        },
    };
    hart.bus.console.flush();
    let wall = started.elapsed();
    session.finish(&mut hart);
    if let (Some(path), Some(symbols)) = (&report, &report_symbols) {
        let mut rec = crate::report::Recording::collect(&mut hart, samples);
        rec.program = path.program.clone();
        rec.policy = path.policy.clone();
        rec.frames = path.frames;
        rec.wall = wall;
        rec.exit = match reason {
            StopReason::Exit(c) => Some(c),
            _ => None,
        };
        if let Err(msg) = crate::report::compare::write_run_report(&path.path, &rec, symbols) {
            eprintln!("rvmmu: {msg}");
            return EXIT_USAGE;
        }
    }
    if exec.stats {
        eprint!("{}", crate::stats::report(&hart));
    }
    let context = RunContext {
        max_insns: exec.max_insns,
        timeout: exec.timeout,
        user,
    };
    crate::run_end::report(reason, &hart, &symbols, &context)
}

/// Opens the swap disk's backing: `mem:SIZE` or an existing host file
/// (opened read-write, never created, truncated or resized).
pub(crate) fn swap_backing(spec: &str) -> Result<Backing, String> {
    if let Some(size) = spec.strip_prefix("mem:") {
        let bytes = parse_mem_size(size)?;
        return Ok(Backing::memory(bytes));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(spec)
        .map_err(|e| {
            format!("cannot open the swap file: {e} (it must exist; e.g. truncate -s 64M {spec})")
        })?;
    let backing =
        Backing::file(file).map_err(|e| format!("cannot read the swap file's size: {e}"))?;
    if backing.size() < 4096 {
        return Err("the swap file is smaller than one 4 KiB page".into());
    }
    Ok(backing)
}

/// The name a value has on the command line (clap's own spelling), also
/// used where rvmmu passes it on: to `rvmmu test`'s children and to the
/// firmware's boot arguments.
fn value_name<V: ValueEnum>(v: V) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

/// Sets up a user program under the firmware: the image, the device tree,
/// the boot arguments.
pub(crate) fn boot_user_program(
    args: &RunArgs,
    program: &[u8],
    bus: &mut Bus,
) -> Result<boot::UserBoot, String> {
    let firmware: std::borrow::Cow<'static, [u8]> = match &args.firmware {
        Some(path) => std::fs::read(path)
            .map_err(|e| format!("cannot read firmware image {}: {e}", path.display()))?
            .into(),
        None => match boot::firmware::builtin() {
            Some(image) => image.into(),
            None => return Err("this is a user program, but this rvmmu has no built-in firmware: use --firmware IMAGE or --bare".into()),
        },
    };
    let mut options = Vec::new();
    if args.exec.stats {
        options.push("stats".to_string());
    }
    if args.debug_syscalls {
        options.push("debug".to_string());
    }
    if args.strace {
        options.push("strace".to_string());
    }
    if let Some(n) = args.frames {
        options.push(format!("frames={n}"));
    }
    if let Some(p) = args.policy {
        options.push(format!("policy={}", value_name(p)));
    }
    let name = args
        .file
        .file_name()
        .map_or_else(|| "prog".into(), |n| n.to_string_lossy().into_owned());
    // argv travels in /chosen rvmmu,argv (verbatim); bootargs keep the options.
    let bootargs = boot::bootargs(&options, "program", &[])?;
    let frames: Vec<(&str, u32)> = args.frames.iter().map(|n| ("rvmmu,frames", *n)).collect();
    let isa = args.exec.mmu.extensions()?;
    let (user, initrd) = boot::user_io::setup(args, &name, program, bus)?;
    boot::boot_user_with(
        bus,
        &firmware,
        &initrd,
        &bootargs,
        &frames,
        isa,
        Some(&user),
    )
    .map_err(|e| e.to_string())
}

/// `rvmmu isa`: the default ISA string, then one line per extension.
fn isa_listing() -> String {
    use std::fmt::Write;
    let mut out = format!("{}\n", Extensions::default().isa_string());
    for (_, name, spec) in crate::isa::extensions::ALL {
        let _ = writeln!(out, "{name:<12} {spec}");
    }
    out
}

/// Parses a RAM size: decimal bytes with an optional K, M or G suffix
/// (binary multiples; `KiB`/`KB` spellings accepted), a multiple of 4 KiB
/// between 4 KiB and 16 GiB.
pub fn parse_mem_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, suffix) = t.split_at(digits_end);
    if digits.is_empty() {
        return Err(format!(
            "{s:?} is not a size; use e.g. 128M, 1G, 64K or 65536"
        ));
    }
    let shift = match suffix.to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => {
            return Err(format!(
                "unknown size suffix {suffix:?}; use K, M or G (e.g. 128M)"
            ))
        }
    };
    let too_big = || format!("{s} is more than the 16G maximum");
    let n: u64 = digits.parse().map_err(|_| too_big())?;
    let bytes = n.checked_mul(1u64 << shift).ok_or_else(too_big)?;
    if bytes > MAX_MEM as u64 {
        return Err(too_big());
    }
    if bytes < MEM_GRANULE as u64 {
        return Err(format!("{s} is less than the 4K minimum"));
    }
    if bytes % MEM_GRANULE as u64 != 0 {
        return Err(format!("{s} is not a multiple of 4K"));
    }
    usize::try_from(bytes).map_err(|_| too_big())
}

/// Parses a timeout in seconds (decimals allowed), more than zero.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if secs.is_nan() || secs <= 0.0 {
        return Err(format!("the timeout must be more than 0 seconds, not {s}"));
    }
    Duration::try_from_secs_f64(secs).map_err(|_| format!("{s} seconds is too long"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn mem_sizes_parse_with_binary_suffixes() {
        for (text, want) in [
            ("128M", 128 << 20),
            ("128m", 128 << 20),
            ("1G", 1 << 30),
            ("16G", 16 << 30),
            ("64K", 64 << 10),
            ("4K", 4096),
            ("65536", 65536),
            ("2MiB", 2 << 20),
            ("8KB", 8 << 10),
        ] {
            assert_eq!(parse_mem_size(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn bad_mem_sizes_are_refused_with_the_reason() {
        for (text, reason) in [
            ("", "not a size"),
            ("M", "not a size"),
            ("-4K", "not a size"),
            ("12X", "unknown size suffix"),
            ("1.5G", "unknown size suffix"),
            ("0", "minimum"),
            ("2K", "minimum"),
            ("4097", "multiple of 4K"),
            ("17G", "maximum"),
            ("99999999999999999999999", "maximum"),
            ("18446744073709551615G", "maximum"),
        ] {
            let err = parse_mem_size(text).expect_err(text);
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn timeouts_parse_as_positive_seconds() {
        assert_eq!(parse_timeout("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_timeout("0.5"), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "abc", "NaN", "inf", "1e300"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn run_parses_every_option() {
        let cli = Cli::try_parse_from([
            "rvmmu",
            "run",
            "prog",
            "--mem",
            "64M",
            "--max-insns",
            "1000",
            "--trace",
        ])
        .unwrap();
        assert!(cli.trace());
        let Command::Run(r) = cli.command else {
            panic!("not run")
        };
        assert_eq!(
            (r.mem, r.exec.max_insns, r.exec.trace),
            (64 << 20, Some(1000), true)
        );
        let Command::Run(r) = Cli::try_parse_from(["rvmmu", "run", "prog"])
            .unwrap()
            .command
        else {
            panic!("not run")
        };
        assert_eq!(
            (r.mem, r.exec.max_insns, r.exec.trace),
            (DEFAULT_MEM, None, false)
        );
    }

    #[test]
    fn tlb_geometry_parses_and_refuses_what_cannot_be_indexed() {
        assert_eq!(
            parse_tlb("64x4"),
            Ok(TlbSpec {
                entries: 64,
                ways: 4
            })
        );
        assert_eq!(
            parse_tlb("256"),
            Ok(TlbSpec {
                entries: 256,
                ways: 4
            })
        );
        assert_eq!(
            parse_tlb("2"),
            Ok(TlbSpec {
                entries: 2,
                ways: 2
            })
        );
        assert_eq!(
            parse_tlb("0"),
            Ok(TlbSpec {
                entries: 0,
                ways: 1
            })
        );
        assert_eq!(
            parse_tlb("16X16"),
            Ok(TlbSpec {
                entries: 16,
                ways: 16
            })
        );
        for (bad, reason) in [
            ("3", "power of two"),
            ("64x3", "power of two"),
            ("64x128", "from 1 to 64"),
            ("256x128", "from 1 to 64"),
            ("1024x1024", "at most 64"),
            ("0x4", "without xWAYS"),
            ("64x0", "from 1 to 64"),
            ("131072", "up to 65536"),
            ("x4", "not ENTRIES"),
            ("64xq", "WAYS must be a number"),
        ] {
            let err = parse_tlb(bad).expect_err(bad);
            assert!(err.contains(reason), "{bad}: {err}");
        }
    }

    #[test]
    fn mmu_options_reach_the_hart_config_and_the_test_children() {
        let cli = Cli::try_parse_from([
            "rvmmu", "run", "p", "--ad", "svadu", "--tlb", "0", "--stats",
        ])
        .unwrap();
        let Command::Run(r) = cli.command else {
            panic!("not run")
        };
        assert!(r.exec.stats);
        let cfg = r.exec.mmu.hart_config();
        assert_eq!(cfg.ad, AdPolicy::Svadu);
        assert_eq!(cfg.mmu, MmuConfig::without_tlb());
        let Command::Test(t) =
            Cli::try_parse_from(["rvmmu", "test", "d", "--ad", "svadu", "--tlb", "128x8"])
                .unwrap()
                .command
        else {
            panic!("not test")
        };
        assert_eq!(t.mmu.to_run_args(), ["--ad", "svadu", "--tlb", "128x8"]);
        let Command::Test(t) =
            Cli::try_parse_from(["rvmmu", "test", "d", "--satp-modes", "bare,sv39"])
                .unwrap()
                .command
        else {
            panic!("not test")
        };
        assert_eq!(
            t.mmu.to_run_args(),
            [
                "--ad",
                "svade",
                "--tlb",
                "64x4",
                "--satp-modes",
                "bare,sv39"
            ],
            "a non-default --satp-modes reaches each test"
        );
        assert_eq!(
            t.mmu.hart_config().satp_modes.largest(),
            mmu::SatpMode::Sv39
        );
        assert!(!cfg.check_tlb, "--check-tlb is off by default");
        let Command::Test(t) = Cli::try_parse_from(["rvmmu", "test", "d", "--check-tlb"])
            .unwrap()
            .command
        else {
            panic!("not test")
        };
        assert!(t.mmu.hart_config().check_tlb);
        assert_eq!(t.mmu.hart_config().pmp, PmpConfig::default());
        assert_eq!(
            t.mmu.to_run_args(),
            ["--ad", "svade", "--tlb", "64x4", "--check-tlb"]
        );
        let Command::Run(r) = Cli::try_parse_from(["rvmmu", "run", "p"]).unwrap().command else {
            panic!("not run")
        };
        assert_eq!(
            r.exec.mmu.hart_config().ad,
            AdPolicy::Svade,
            "Svade is the default"
        );
    }

    #[test]
    fn pmp_entries_and_granularity_parse_within_their_ranges() {
        let Command::Test(t) = Cli::try_parse_from([
            "rvmmu",
            "test",
            "d",
            "--pmp-entries",
            "64",
            "--pmp-granularity",
            "10",
        ])
        .unwrap()
        .command
        else {
            panic!("not test")
        };
        let pmp = t.mmu.hart_config().pmp;
        assert_eq!((pmp.entries, pmp.granularity), (64, 10));
        assert_eq!(
            t.mmu.to_run_args(),
            [
                "--ad",
                "svade",
                "--tlb",
                "64x4",
                "--pmp-entries",
                "64",
                "--pmp-granularity",
                "10"
            ]
        );
        for bad in [
            ["--pmp-entries", "65"],
            ["--pmp-granularity", "53"],
            ["--pmp-entries", "-1"],
        ] {
            let args = ["rvmmu", "run", "p", bad[0], bad[1]];
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn test_parses_every_option() {
        let cli = Cli::try_parse_from([
            "rvmmu",
            "test",
            "a",
            "b",
            "--timeout",
            "2.5",
            "--jobs",
            "3",
            "--max-insns",
            "9",
        ])
        .unwrap();
        let Command::Test(t) = cli.command else {
            panic!("not test")
        };
        assert_eq!(t.dirs, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(t.timeout, Duration::from_millis(2500));
        assert_eq!(t.jobs.map(NonZeroUsize::get), Some(3));
        assert_eq!(t.max_insns, 9);
        assert!(Cli::try_parse_from(["rvmmu", "test"]).is_err());
        assert!(Cli::try_parse_from(["rvmmu", "test", "d", "--jobs", "0"]).is_err());
    }

    #[test]
    fn time_is_host_for_run_and_icount_for_the_test_children() {
        let mmu = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
            Command::Run(r) => r.exec.mmu,
            Command::Test(t) => t.mmu,
            _ => unreachable!(),
        };
        let run = mmu(&["rvmmu", "run", "p"]);
        assert_eq!(run.hart_config().time, TimeSource::Host);
        let run = mmu(&["rvmmu", "run", "p", "--time", "icount"]);
        assert_eq!(run.hart_config().time, TimeSource::Icount);
        let test = mmu(&["rvmmu", "test", "d"]);
        assert!(test_run_args(&test).ends_with(&["--time".into(), "icount".into()]));
        let test = mmu(&["rvmmu", "test", "d", "--time", "host"]);
        assert!(test_run_args(&test).ends_with(&["--time".into(), "host".into()]));
        assert!(Cli::try_parse_from(["rvmmu", "run", "p", "--time", "wall"]).is_err());
    }
}
