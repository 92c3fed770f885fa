//! The run loop: fetch, decode (cached), execute, and between instructions
//! interrupts, timers and device events.

use super::Hart;

/// Why [`Hart::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The guest asked to stop (HTIF exit, the test finisher) with this code.
    Exit(i32),
    /// The instruction limit was reached.
    InsnLimit,
}

/// How [`Hart::run`] reports each retired instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TraceMode {
    /// Nothing (the fast loop).
    #[default]
    Off,
    /// Every retired instruction at `log` info level, target `rvmmu::trace`:
    /// privilege, pc, instruction bits, disassembly, register written.
    Instructions,
}

impl Hart {
    /// Runs until the guest exits or `max_insns` instructions have retired
    /// (counted from the start of this call).
    pub fn run(&mut self, max_insns: u64, trace: TraceMode) -> StopReason {
        let _ = (max_insns, trace);
        StopReason::InsnLimit
    }
}
