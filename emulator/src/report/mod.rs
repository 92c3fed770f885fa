//! Watching virtual memory: the recorder behind `rvmmu run --report`,
//! `rvmmu policies` and `rvmmu sweep`.
//!
//! Two sources, neither on the hot path:
//! - the firmware's VM events (page faults, evictions, swap I/O, A-bit
//!   scan references, munmaps, each process's areas and pages at its
//!   end), sent through the VM event port
//!   ([`crate::devices::vm_events`]) that exists only when a run records;
//! - the MMU's own counters (TLB hits and misses, walk depths), sampled
//!   every [`SAMPLE_EVERY`] instructions by running the hart in slices.
//!
//! A run that does not record has no port, no device-tree node, and the
//! firmware sends nothing; the hart runs its usual loop in one piece.

pub mod compare;
pub mod events;
pub mod html;
pub mod opt;
mod plots;

use crate::hart::{Hart, StopReason};
use crate::symbols::SymbolTable;
use events::VmEvent;
use mmu::stats::WALK_DEPTH_SLOTS;
use std::time::Duration;

/// Instructions between two samples of the MMU counters.
pub const SAMPLE_EVERY: u64 = 100_000;

/// The MMU counters at one moment (cumulative since the start).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TlbSample {
    /// Instructions retired.
    pub instret: u64,
    /// TLB hits of every access type (fetch, load, store).
    pub hits: u64,
    /// TLB misses of every access type.
    pub misses: u64,
}

impl TlbSample {
    fn of(hart: &Hart) -> TlbSample {
        let s = hart.mmu.stats();
        TlbSample {
            instret: hart.retired,
            hits: s.tlb_hits.fetch + s.tlb_hits.load + s.tlb_hits.store,
            misses: s.tlb_misses.fetch + s.tlb_misses.load + s.tlb_misses.store,
        }
    }
}

/// Runs `run` (the hart's fast or debug loop, given a step budget) in
/// slices of [`SAMPLE_EVERY`] steps until it stops for another reason or
/// `max` steps have run, sampling the MMU counters after each slice.
pub fn run_sampled(
    hart: &mut Hart,
    max: u64,
    samples: &mut Vec<TlbSample>,
    mut run: impl FnMut(&mut Hart, u64) -> StopReason,
) -> StopReason {
    let mut left = max;
    samples.push(TlbSample::of(hart));
    loop {
        let before = hart.steps();
        let reason = run(hart, left.min(SAMPLE_EVERY));
        left = left.saturating_sub(hart.steps().wrapping_sub(before));
        samples.push(TlbSample::of(hart));
        if reason != StopReason::InsnLimit || left == 0 {
            return reason;
        }
    }
}

/// Everything one recorded run yields.
#[derive(Debug, Clone, Default)]
pub struct Recording {
    /// The program's file name.
    pub program: String,
    /// The replacement policy's name.
    pub policy: String,
    /// `--frames` (None or 0: no cap).
    pub frames: Option<u32>,
    pub events: Vec<VmEvent>,
    /// Raw events the port could not keep or decode.
    pub lost: u64,
    pub samples: Vec<TlbSample>,
    /// Walks by PTEs read ([`mmu::MmuStats::walk_depth`]).
    pub walk_depth: [u64; WALK_DEPTH_SLOTS],
    /// Guest instructions retired.
    pub instret: u64,
    /// Wall-clock time of the run.
    pub wall: Duration,
    /// How the guest ended (its exit code), if it did.
    pub exit: Option<i32>,
}

impl Recording {
    /// Collects the events of the hart's port and its counters.
    pub fn collect(hart: &mut Hart, samples: Vec<TlbSample>) -> Recording {
        let (raw, dropped) = match hart.bus.vm_events.as_mut() {
            Some(p) => (std::mem::take(&mut p.events), p.dropped),
            None => (Vec::new(), 0),
        };
        let events: Vec<VmEvent> = raw.iter().filter_map(events::decode).collect();
        let lost = dropped + (raw.len() - events.len()) as u64;
        Recording {
            events,
            lost,
            samples,
            walk_depth: hart.mmu.stats().walk_depth,
            instret: hart.retired,
            ..Recording::default()
        }
    }

    /// The counts of the run.
    pub fn counts(&self) -> events::Counts {
        events::Counts::of(&self.events)
    }
}

/// The symbols to name code addresses with: the user program's below RAM,
/// the firmware's above.
#[derive(Debug, Default)]
pub struct CodeSymbols {
    pub user: Option<SymbolTable>,
    pub firmware: Option<SymbolTable>,
}

impl CodeSymbols {
    /// `name+0xoff`, or an empty string.
    pub fn name(&self, pc: u64) -> String {
        if pc == 0 {
            // sepc before the process ever ran: the kernel building its
            // initial stack.
            return "(kernel, before the first user instruction)".into();
        }
        let table = if pc < crate::bus::RAM_BASE {
            self.user.as_ref()
        } else {
            self.firmware.as_ref()
        };
        match table.and_then(|t| t.describe(pc)) {
            Some((name, 0)) => name.to_string(),
            Some((name, off)) => format!("{name}+{off:#x}"),
            None => String::new(),
        }
    }
}
