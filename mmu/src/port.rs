//! The walker's window onto physical memory.

use crate::addr::PhysAddr;

/// How the walker reaches physical memory to read (and, under Svadu, update)
/// page-table entries. Implemented by the emulator's bus; tests plug in a
/// fake memory. Generic, never `dyn`: the walk is monomorphised per port.
pub trait PtePort {
    /// Reads the 8-byte PTE at `pa`; `None` when `pa` is not readable main
    /// memory (the walk then raises an access fault, section 4.3.2 step 2).
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64>;
    /// Atomically replaces the PTE at `pa` with `new` if it still equals
    /// `old`. `Some(true)` when written, `Some(false)` when the PTE changed
    /// meanwhile, `None` when `pa` is not writable main memory.
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool>;
}

/// A read-only window onto physical memory, for inspection that must leave
/// the machine as it was: [`crate::probe()`], page-table dumps and the
/// stale-TLB check. Every [`PtePort`] is one (its `read_pte` has no side
/// effect), so the emulator's bus needs no extra code.
///
/// What a reader cannot tell is whether a PTE it can read could also be
/// written: a probe under Svadu assumes the A/D update of a readable PTE
/// would succeed.
pub trait PteReader {
    /// The 8-byte PTE at `pa`; `None` when `pa` is not readable main memory.
    fn peek_pte(&mut self, pa: PhysAddr) -> Option<u64>;
}

impl<P: PtePort + ?Sized> PteReader for P {
    #[inline]
    fn peek_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        self.read_pte(pa)
    }
}
