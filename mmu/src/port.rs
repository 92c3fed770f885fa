//! The walker's window onto physical memory.

use crate::access::{AccessType, Privilege};
use crate::addr::PhysAddr;
use crate::pmp::{Pmp, PmpDenial};

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
    /// Why the last `None` came from a PMP check, if it did: the walk then
    /// reports [`crate::WalkError::PtePmpDenied`] instead of a plain PTE
    /// access fault. Ports without a PMP never deny.
    #[inline]
    fn take_pmp_denial(&mut self) -> Option<PmpDenial> {
        None
    }
}

/// A port whose PTE accesses pass the PMP first (Privileged 20211203,
/// section 3.7.1: "PMP checks are also applied to page-table accesses for
/// virtual-address translation, for which the effective privilege mode is
/// S"; section 4.3.2 step 2). A PTE read is an 8-byte load, an A/D update
/// an 8-byte store; a denied access answers `None` and is remembered for
/// [`PtePort::take_pmp_denial`].
#[derive(Debug)]
pub struct PmpCheckedPort<'a, P: PtePort> {
    inner: &'a mut P,
    pmp: &'a Pmp,
    denial: Option<PmpDenial>,
}

impl<'a, P: PtePort> PmpCheckedPort<'a, P> {
    #[inline(always)]
    pub fn new(inner: &'a mut P, pmp: &'a Pmp) -> Self {
        PmpCheckedPort {
            inner,
            pmp,
            denial: None,
        }
    }

    fn allowed(&mut self, pa: PhysAddr, access: AccessType) -> bool {
        match self.pmp.check(pa, 8, access, Privilege::Supervisor) {
            Ok(()) => true,
            Err(d) => {
                self.denial = Some(d);
                false
            }
        }
    }
}

impl<P: PtePort> PtePort for PmpCheckedPort<'_, P> {
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        if !self.allowed(pa, AccessType::Load) {
            return None;
        }
        self.inner.read_pte(pa)
    }
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        if !self.allowed(pa, AccessType::Store) {
            return None;
        }
        self.inner.compare_exchange_pte(pa, old, new)
    }
    fn take_pmp_denial(&mut self) -> Option<PmpDenial> {
        self.denial.take()
    }
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
