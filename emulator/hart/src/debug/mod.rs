//! MMU debugging for `rvmmu run` (issue 6): `--trace-mmu`,
//! `--explain-faults[=json]`, `--dump-pt[=on-fault]`, `--stats-every N`
//! and `--log-commits FILE`.
//!
//! None of it touches the fast run loop: when any of these options is on,
//! the hart runs [`crate::hart::Hart::run_debug`], a separate loop that
//! executes one instruction at a time and calls the hooks of
//! [`DebugSession`] between instructions. Files, one concern each:
//! [`filter`] (which walks to print), [`access`] (the data access of a
//! decoded instruction), [`explain`] (faults in words; [`explain_guest`]
//! for two-stage ones), [`json`] (the same
//! as JSON lines), [`commit_log`] (Spike's commit-log format).

pub mod access;
pub mod commit_log;
pub mod explain;
pub mod explain_guest;
pub mod filter;
pub mod json;

use crate::hart::{Hart, Trap};
use crate::isa::Instr;
use crate::symbols::SymbolTable;
use explain::{explain_trap, is_page_fault};
use explain_guest::explain_guest_trap;
use filter::WalkFilter;
use mmu::{Privilege, Satp, WalkTrace};
use std::io::Write;

/// How `--explain-faults` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplainFormat {
    /// One line per fault, log target `rvmmu::fault` at info.
    Text,
    /// One JSON object per fault and line, on stderr.
    Json,
}

/// When `--dump-pt` dumps the page tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpWhen {
    /// At exit, under the satp then in force.
    Exit,
    /// At the first page fault, under the satp of the faulting access.
    OnFault,
}

/// What the debugging options ask for.
#[derive(Debug, Default)]
pub struct DebugOptions {
    /// `--trace`: the retired instructions that pass the filter (log
    /// target `rvmmu::trace`).
    pub trace_insns: Option<crate::debug::filter::TraceFilter>,
    /// `--trace-mmu`: the walks that pass the filter.
    pub trace_mmu: Option<WalkFilter>,
    pub explain_faults: Option<ExplainFormat>,
    pub dump_pt: Option<DumpWhen>,
    /// `--stats-every N`.
    pub stats_every: Option<u64>,
    /// `--log-commits FILE`, already opened.
    pub commit_log: Option<std::io::BufWriter<std::fs::File>>,
}

impl DebugOptions {
    /// Whether any option needs the debug loop (`--dump-pt` at exit and
    /// `--trace` alone do not).
    pub fn needs_debug_loop(&self) -> bool {
        self.trace_mmu.is_some()
            || self.explain_faults.is_some()
            || self.dump_pt == Some(DumpWhen::OnFault)
            || self.stats_every.is_some()
            || self.commit_log.is_some()
    }
}

/// The options of one run and the state they need between instructions.
#[derive(Debug)]
pub struct DebugSession {
    pub options: DebugOptions,
    /// Symbols of the program running in M/S-mode (the bare ELF or the
    /// firmware).
    pub symbols: SymbolTable,
    /// Symbols of the user program under the firmware, for U-mode pcs.
    pub user_symbols: Option<SymbolTable>,
    /// Instructions retired at which `--stats-every` prints next.
    next_stats: u64,
    /// The page tables were dumped at a fault already.
    dumped_on_fault: bool,
    /// A commit-log write failed (reported once).
    log_failed: bool,
    line: String,
}

impl DebugSession {
    pub fn new(options: DebugOptions, symbols: SymbolTable) -> DebugSession {
        DebugSession {
            next_stats: options.stats_every.unwrap_or(u64::MAX),
            options,
            symbols,
            user_symbols: None,
            dumped_on_fault: false,
            log_failed: false,
            line: String::new(),
        }
    }

    /// Prepares the hart: walk tracing on for `--trace-mmu`.
    pub fn attach(&mut self, hart: &mut Hart) {
        if self.options.trace_mmu.is_some() {
            hart.mmu.set_walk_tracing(true);
        }
        if let Some(n) = self.options.stats_every {
            self.next_stats = hart.retired.saturating_add(n);
        }
    }

    /// Whether retired instructions need [`DebugSession::retired`].
    pub fn wants_commits(&self) -> bool {
        self.options.commit_log.is_some()
    }

    /// Prints the walk the last translation made, if any and if it passes
    /// the filter (log target `rvmmu::mmu`, info).
    pub fn walks(&mut self, hart: &mut Hart) {
        let Some(filter) = self.options.trace_mmu else {
            return;
        };
        if let Some(trace) = hart.mmu.take_walk_trace() {
            print_walk(&filter, &trace);
        }
        // H: a two-stage walk, as the mmu's nested tree (every VS-level
        // PTE address with its own G-stage walk under it).
        if let Some(trace) = hart.mmu.take_two_stage_trace() {
            let block = trace.to_string();
            log::info!(target: "rvmmu::mmu", "{}", block.trim_end());
        }
    }

    /// The symbols for a pc executed at `privilege`.
    fn symbols_for(&self, privilege: Privilege) -> &SymbolTable {
        match (&self.user_symbols, privilege) {
            (Some(u), Privilege::User) => u,
            _ => &self.symbols,
        }
    }

    /// Trap `t` raised at `pc` by `insn` (`None`: the fetch failed), before
    /// trap entry: explanation and page-table dump.
    pub fn exception(&mut self, hart: &mut Hart, t: Trap, pc: u64, insn: Option<Instr>) {
        let walk_fault = hart.mmu.take_last_fault();
        let pmp_fault = hart.take_last_pmp_fault();
        // H: a two-stage fault names its stage, level, gva and gpa.
        let guest_fault = hart.mmu.take_last_guest_fault();
        if let (Some(format), Some(rec)) = (self.options.explain_faults, guest_fault) {
            if rec.gva.0 == t.tval {
                match format {
                    ExplainFormat::Text => {
                        log::info!(target: "rvmmu::fault", "pc {pc:#x}: {}", rec.explain())
                    }
                    ExplainFormat::Json => {
                        let symbols = self.symbols_for(hart.privilege);
                        let g = explain_guest_trap(hart, t, pc, insn, &rec, symbols);
                        eprintln!("{}", json::guest_fault_line(&g));
                    }
                }
                return;
            }
        }
        if let Some(format) = self.options.explain_faults {
            let symbols = self.symbols_for(hart.privilege);
            let faults = (walk_fault, pmp_fault);
            if let Some(report) = explain_trap(hart, t, pc, insn, faults, symbols) {
                match format {
                    ExplainFormat::Text => log::info!(target: "rvmmu::fault", "{report}"),
                    ExplainFormat::Json => eprintln!("{}", json::fault_line(&report)),
                }
            }
        }
        if self.options.dump_pt == Some(DumpWhen::OnFault)
            && !self.dumped_on_fault
            && is_page_fault(t.cause)
        {
            self.dumped_on_fault = true;
            let access = explain::fault_access(t.cause).unwrap_or(mmu::AccessType::Load);
            let satp = hart.context(access).satp;
            eprintln!(
                "rvmmu: page tables at the first page fault (pc {pc:#x}, va {:#x}):",
                t.tval
            );
            eprint!("{}", dump(hart, satp));
        }
    }

    /// After an instruction retired: the commit log.
    pub fn retired(&mut self, hart: &mut Hart, pending: &commit_log::Pending) {
        let Some(log) = self.options.commit_log.as_mut() else {
            return;
        };
        self.line.clear();
        commit_log::write_line(hart, pending, &mut self.line);
        if let Err(e) = log.write_all(self.line.as_bytes()) {
            if !self.log_failed {
                self.log_failed = true;
                eprintln!("rvmmu: --log-commits: {e}");
            }
        }
    }

    /// Between instructions: `--stats-every`.
    #[inline]
    pub fn tick(&mut self, hart: &Hart) {
        if hart.retired >= self.next_stats {
            self.print_stats(hart);
        }
    }

    #[cold]
    fn print_stats(&mut self, hart: &Hart) {
        let n = self.options.stats_every.unwrap_or(u64::MAX);
        eprintln!("rvmmu: stats after {} instructions:", hart.retired);
        eprint!("{}", crate::stats::report(hart));
        self.next_stats = hart.retired.saturating_add(n);
    }

    /// At the end of the run: flush the commit log, dump the page tables.
    pub fn finish(&mut self, hart: &mut Hart) {
        if let Some(log) = self.options.commit_log.as_mut() {
            if let Err(e) = log.flush() {
                eprintln!("rvmmu: --log-commits: {e}");
            }
        }
        if self.options.dump_pt == Some(DumpWhen::Exit) {
            let satp = hart.context(mmu::AccessType::Load).satp;
            eprintln!("rvmmu: page tables at exit:");
            eprint!("{}", dump(hart, satp));
        }
    }
}

/// The page tables under `satp`, read without side effects.
fn dump(hart: &mut Hart, satp: Satp) -> mmu::PageTableDump {
    let pbmte = hart.context(mmu::AccessType::Load).pbmte;
    mmu::dump_page_tables(satp, pbmte, None, &mut hart.bus)
}

/// Logs one walk if it passes `filter`.
#[cold]
fn print_walk(filter: &WalkFilter, trace: &WalkTrace) {
    if filter.accepts(trace) {
        let block = trace.to_string();
        log::info!(target: "rvmmu::mmu", "{}", block.trim_end());
    }
}
