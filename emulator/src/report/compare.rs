//! `rvmmu policies` (every replacement policy on one program, and OPT)
//! and `rvmmu sweep` (one policy at several frame limits): recorded runs
//! of a user program in this process, one after the other, with the
//! guest's console output kept out of the way.

use super::events::Counts;
use super::opt::{self, StringSource};
use super::plots::{self, Series};
use super::{html, CodeSymbols, Recording};
use crate::boot::{self, ProgramKind};
use crate::bus::Bus;
use crate::cli::{PolicyArg, RunArgs};
use crate::devices::console::Console;
use crate::devices::virtio::VirtioBlk;
use crate::exit_status;
use crate::hart::{Hart, StopReason, TraceMode};
use crate::run_end::{RunContext, UserLimits};
use clap::ValueEnum;
use std::fmt::Write;
use std::time::Instant;

/// Why a comparison stopped before its table.
#[derive(Debug)]
pub struct Failed(pub u8);

/// Runs FILE once under `args` (a user program), recording, with the
/// console captured. A run the guest did not end itself (a limit, a
/// signal) is reported as `rvmmu run` would and ends the comparison.
pub fn record_run(args: &RunArgs, bytes: &[u8]) -> Result<Recording, Failed> {
    let mut bus = Bus::new(args.mem);
    if let Some(spec) = &args.swap {
        match crate::cli::swap_backing(spec) {
            Ok(backing) => bus.virtio = Some(VirtioBlk::new(backing)),
            Err(msg) => {
                eprintln!("rvmmu: --swap {spec}: {msg}");
                return Err(Failed(exit_status::BAD_INPUT));
            }
        }
    }
    bus.vm_events = Some(Default::default());
    let booted = match crate::cli::boot_user_program(args, bytes, &mut bus) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("rvmmu: {}: {msg}", args.file.display());
            return Err(Failed(exit_status::BAD_INPUT));
        }
    };
    bus.console = Console::Capture(Vec::new());
    // Every run sees the same timer ticks (LRU and LFU age on them):
    // instruction-count time unless --time says otherwise.
    let mut config = args.exec.mmu.hart_config();
    if args.exec.mmu.time.is_none() {
        config.time = crate::hart::time::TimeSource::Icount;
    }
    let mut hart = Hart::new(bus, booted.firmware.entry, config);
    hart.x[11] = booted.dtb_addr;
    let start = Instant::now();
    let mut samples = Vec::new();
    let max = args.exec.max_insns.unwrap_or(u64::MAX);
    let reason = super::run_sampled(&mut hart, max, &mut samples, |h, n| {
        h.run(n, TraceMode::Off)
    });
    let wall = start.elapsed();
    let StopReason::Exit(code) = reason else {
        let ctx = RunContext {
            max_insns: args.exec.max_insns,
            timeout: args.exec.timeout,
            user: Some(UserLimits {
                frames: args.frames,
                swap: args.swap.clone(),
                mem: args.mem,
            }),
        };
        return Err(Failed(crate::run_end::report(
            reason,
            &hart,
            &booted.firmware.symbols,
            &ctx,
        )));
    };
    let mut rec = Recording::collect(&mut hart, samples);
    rec.program = program_name(args);
    rec.policy = policy_name(args.policy.unwrap_or(PolicyArg::Clock));
    rec.frames = args.frames;
    rec.wall = wall;
    rec.exit = Some(code);
    Ok(rec)
}

fn program_name(args: &RunArgs) -> String {
    args.file
        .file_name()
        .map_or_else(|| "program".into(), |n| n.to_string_lossy().into_owned())
}

/// The policy's command-line name.
pub fn policy_name(p: PolicyArg) -> String {
    p.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// Reads FILE and checks that it is a user program; the one error line
/// and status otherwise. The options that watch one run (gdb, traces,
/// the MMU debugging options) are refused: the runs here are unattended.
fn read_user_program(args: &RunArgs, command: &str) -> Result<Vec<u8>, Failed> {
    if args.exec.gdb.is_some()
        || args.exec.trace
        || args.exec.debug != crate::cli::DebugArgs::default()
    {
        eprintln!(
            "rvmmu {command}: --gdb, --trace and the MMU debugging options are for rvmmu run"
        );
        return Err(Failed(exit_status::BAD_INPUT));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| {
        eprintln!(
            "rvmmu: {}: {}",
            args.file.display(),
            crate::loader::LoadError::from(e)
        );
        Failed(exit_status::BAD_INPUT)
    })?;
    if args.firmware.is_none() && boot::classify(&bytes) != ProgramKind::User || args.bare {
        eprintln!(
            "rvmmu {command}: {}: not a user program (the policies are the firmware's)",
            args.file.display()
        );
        return Err(Failed(exit_status::BAD_INPUT));
    }
    if let Err(e) = boot::executable::check(&bytes) {
        eprintln!("rvmmu: {}: {}", args.file.display(), e.reason);
        return Err(Failed(e.status));
    }
    Ok(bytes)
}

/// The runs' swap: `--swap`, or a memory disk as large as `--mem`, so that
/// every policy can evict dirty pages.
fn with_default_swap(args: &RunArgs) -> RunArgs {
    let mut a = args.clone();
    if a.swap.is_none() {
        a.swap = Some(format!("mem:{}K", args.mem >> 10));
    }
    a
}

const POLICIES: [PolicyArg; 4] = [
    PolicyArg::Fifo,
    PolicyArg::Clock,
    PolicyArg::Lru,
    PolicyArg::Lfu,
];

/// What the note under the tables says about OPT's string.
fn string_note(src: StringSource) -> &'static str {
    match src {
        StringSource::MergedRuns => "opt: Belady's optimal replacement on the union of these runs' page-in faults and munmaps, each placed by the user instructions retired before it: points of the program's one reference string, so a lower bound for every row",
        StringSource::FirstRun => "opt: Belady's optimal replacement on the first run's own page-in faults and munmaps (several processes: their interleaving may differ from run to run, so the other rows may have seen another string)",
    }
}

/// One row of the comparison tables.
fn row(name: &str, c: &Counts, rec: &Recording) -> String {
    format!(
        "{name:<8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>13} {:>8.2}",
        c.minor,
        c.major,
        c.page_ins,
        c.evictions,
        c.dirty_evictions,
        c.swap_reads,
        c.swap_writes,
        rec.instret,
        rec.wall.as_secs_f64()
    )
}

/// The header of [`row`]'s columns, the first one named `first`.
fn header(first: &str) -> String {
    format!(
        "{first:<8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>13} {:>8}",
        "minor",
        "major",
        "page-ins",
        "evictions",
        "dirty-wb",
        "swap-rd",
        "swap-wr",
        "guest-insns",
        "wall-s"
    )
}

/// `rvmmu policies`: the table, the OPT check, and with `--report` a page.
pub fn policies(args: &RunArgs) -> u8 {
    match policies_inner(args) {
        Ok(code) => code,
        Err(Failed(code)) => code,
    }
}

fn policies_inner(args: &RunArgs) -> Result<u8, Failed> {
    if args.policy.is_some() {
        eprintln!("rvmmu policies: it runs every policy; drop --policy");
        return Err(Failed(exit_status::BAD_INPUT));
    }
    let Some(frames) = args.frames.filter(|&f| f > 0) else {
        eprintln!(
            "rvmmu policies: give --frames N (N > 0): without a frame limit no policy ever evicts"
        );
        return Err(Failed(exit_status::BAD_INPUT));
    };
    let report = open_report(args)?;
    let bytes = read_user_program(args, "policies")?;
    let base = with_default_swap(args);
    let mut runs = Vec::new();
    for p in POLICIES {
        let mut a = base.clone();
        a.policy = Some(p);
        runs.push(record_run(&a, &bytes)?);
    }
    let events: Vec<&[_]> = runs.iter().map(|r| r.events.as_slice()).collect();
    let (refs, src) = opt::reference_string(&events);
    let opt_faults = opt::opt_faults(&refs, u64::from(frames));
    let mut table = format!("{}\n", header("policy"));
    for r in &runs {
        let _ = writeln!(table, "{}", row(&r.policy, &r.counts(), r));
    }
    let _ = writeln!(
        table,
        "{:<8} {:>9} {:>9} {:>9} {:>9}",
        "opt", "-", "-", opt_faults, "-"
    );
    to_stdout(&format!(
        "{table}frames {frames}, swap {}; page-ins = zero + file + swap-in faults; {} ({} references)\n",
        base.swap.as_deref().unwrap_or("none"),
        string_note(src),
        refs.len()
    ))?;
    if let Some((file, path)) = report {
        let bars: Vec<(String, u64)> = runs
            .iter()
            .map(|r| (r.policy.clone(), r.counts().page_ins))
            .chain([("opt".to_string(), opt_faults)])
            .collect();
        let chart = plots::bars("Page-ins by policy", "policy", "page-ins", &bars);
        let intro = format!(
            "Program <b>{}</b>, --frames {frames}.",
            html::esc(&program_name(args))
        );
        write_comparison(file, &path, "rvmmu policies", &intro, chart, &table, src)?;
    }
    let worst = runs
        .iter()
        .filter(|r| r.counts().page_ins < opt_faults)
        .map(|r| format!("{} ({})", r.policy, r.counts().page_ins))
        .collect::<Vec<_>>();
    if !worst.is_empty() {
        eprintln!(
            "rvmmu policies: OPT's {opt_faults} page-ins exceed those of {}: the runs did not see the same reference string ({})",
            worst.join(", "),
            string_note(src)
        );
        return Ok(exit_status::CHECK_FAILED);
    }
    Ok(exit_status::SUCCESS)
}

/// Prints a table; stdout closed (EPIPE) ends the command as `rvmmu run`
/// would (141), with one line.
fn to_stdout(text: &str) -> Result<(), Failed> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            eprintln!("rvmmu: cannot write the table to stdout: {e}");
            Failed(exit_status::CONSOLE_CLOSED)
        })
}

/// Creates the `--report` file before any run, so a bad path fails at once.
fn open_report(args: &RunArgs) -> Result<Option<(std::fs::File, std::path::PathBuf)>, Failed> {
    match &args.report {
        None => Ok(None),
        Some(p) => std::fs::File::create(p)
            .map(|f| Some((f, p.clone())))
            .map_err(|e| {
                eprintln!("rvmmu: --report {}: {e}", p.display());
                Failed(exit_status::BAD_INPUT)
            }),
    }
}

/// Writes the page of `policies` or `sweep`: `intro` (HTML), the chart,
/// the table and the note on OPT's string.
fn write_comparison(
    mut file: std::fs::File,
    path: &std::path::Path,
    title: &str,
    intro: &str,
    chart: Result<String, String>,
    table: &str,
    src: StringSource,
) -> Result<(), Failed> {
    use std::io::Write as _;
    let chart = chart.map_err(|m| {
        eprintln!("rvmmu: --report: {m}");
        Failed(exit_status::BAD_INPUT)
    })?;
    let body = format!(
        "<p>{intro}</p>\n{chart}\n<pre>{}</pre>\n<p class=\"note\">{}</p>\n",
        html::esc(table),
        html::esc(string_note(src))
    );
    file.write_all(html::page(title, &body).as_bytes())
        .map_err(|e| {
            eprintln!("rvmmu: --report {}: {e}", path.display());
            Failed(exit_status::BAD_INPUT)
        })
}

/// `A..B[:STEP]` of `rvmmu sweep --frames`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRange {
    pub from: u32,
    pub to: u32,
    pub step: u32,
}

/// Most runs one sweep makes.
pub const MAX_SWEEP_POINTS: u32 = 64;

impl FrameRange {
    /// Parses `A..B[:STEP]` (B included; default STEP: about 10 points).
    pub fn parse(s: &str) -> Result<FrameRange, String> {
        let bad = || format!("{s:?} is not A..B[:STEP], e.g. 8..64:8");
        let (range, step) = match s.split_once(':') {
            Some((r, st)) => (r, Some(st.trim().parse::<u32>().map_err(|_| bad())?)),
            None => (s, None),
        };
        let (a, b) = range.split_once("..").ok_or_else(bad)?;
        let from: u32 = a.trim().parse().map_err(|_| bad())?;
        let to: u32 = b.trim().parse().map_err(|_| bad())?;
        if from == 0 || to < from {
            return Err(format!("{s:?}: need 1 <= A <= B"));
        }
        let step = step.unwrap_or(((to - from) / 9).max(1));
        if step == 0 {
            return Err(format!("{s:?}: STEP must be at least 1"));
        }
        let r = FrameRange { from, to, step };
        if r.points().count() as u32 > MAX_SWEEP_POINTS {
            return Err(format!(
                "{s:?} makes {} runs; at most {MAX_SWEEP_POINTS} (give a larger STEP)",
                r.points().count()
            ));
        }
        Ok(r)
    }

    /// The frame limits, in increasing order (B always included).
    pub fn points(&self) -> impl Iterator<Item = u32> + '_ {
        let extra = (!(self.to - self.from).is_multiple_of(self.step)).then_some(self.to);
        (self.from..=self.to)
            .step_by(self.step as usize)
            .chain(extra)
    }
}

/// `rvmmu sweep`: `args` with `frames` unset, `range` the limits.
pub fn sweep(args: &RunArgs, range: FrameRange) -> u8 {
    match sweep_inner(args, range) {
        Ok(code) => code,
        Err(Failed(code)) => code,
    }
}

fn sweep_inner(args: &RunArgs, range: FrameRange) -> Result<u8, Failed> {
    let report = open_report(args)?;
    let bytes = read_user_program(args, "sweep")?;
    let base = with_default_swap(args);
    let mut runs = Vec::new();
    for f in range.points() {
        let mut a = base.clone();
        a.frames = Some(f);
        runs.push((f, record_run(&a, &bytes)?));
    }
    let events: Vec<&[_]> = runs.iter().map(|(_, r)| r.events.as_slice()).collect();
    let (refs, src) = opt::reference_string(&events);
    let mut table = format!("{} {:>8}\n", header("frames"), "opt");
    let mut pts = Vec::new();
    let mut opt_pts = Vec::new();
    for (f, r) in &runs {
        let c = r.counts();
        let o = opt::opt_faults(&refs, u64::from(*f));
        let _ = writeln!(table, "{f:<8}{} {o:>8}", &row("", &c, r)[8..]);
        pts.push((f64::from(*f), c.page_ins as f64));
        opt_pts.push((f64::from(*f), o as f64));
    }
    let policy = policy_name(args.policy.unwrap_or(PolicyArg::Clock));
    to_stdout(&format!(
        "{table}policy {policy}, swap {}; page-ins = zero + file + swap-in faults; {}\n",
        base.swap.as_deref().unwrap_or("none"),
        string_note(src)
    ))?;
    if let Some((file, path)) = report {
        let chart = plots::lines(
            "Page-ins against frames",
            "--frames (resident user pages allowed)",
            "page-ins",
            &[
                Series {
                    name: &policy,
                    color: plots::BLUE_,
                    points: pts,
                },
                Series {
                    name: "opt",
                    color: plots::GREY_,
                    points: opt_pts,
                },
            ],
            None,
        );
        let intro = format!(
            "Program <b>{}</b>, policy {policy}. The knee of the curve is the working set: below it the program thrashes.",
            html::esc(&program_name(args))
        );
        write_comparison(file, &path, "rvmmu sweep", &intro, chart, &table, src)?;
    }
    Ok(exit_status::SUCCESS)
}

/// Writes the report of one recorded `rvmmu run` (and, later, `rvmmu
/// boot`): the hook both call after the run.
pub fn write_run_report(
    path: &std::path::Path,
    rec: &Recording,
    symbols: &CodeSymbols,
) -> Result<(), String> {
    let text = html::run_report(rec, symbols)?;
    std::fs::write(path, text).map_err(|e| format!("--report {}: {e}", path.display()))
}
