//! The one translation entry point the hart calls for every fetch, load,
//! store, LR/SC and AMO.

use crate::access::{AccessType, TranslationContext};
use crate::addr::{PhysAddr, VirtAddr};
use crate::fault::Fault;

/// How the walker reaches physical memory to read (and, under Svadu, update)
/// page-table entries. Implemented by the emulator's bus; tests plug in a
/// fake memory.
pub trait PtePort {
    /// Reads the 8-byte PTE at `pa`; `None` when `pa` is not readable main
    /// memory (the walk then raises an access fault, section 4.3.2 step 2).
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64>;
    /// Atomically replaces the PTE at `pa` with `new` if it still equals
    /// `old`. `Some(true)` when written, `Some(false)` when the PTE changed
    /// meanwhile, `None` when `pa` is not writable main memory.
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool>;
}

/// The MMU of one hart: configuration, TLB and counters.
#[derive(Debug, Default)]
pub struct Mmu {}

impl Mmu {
    pub fn new() -> Mmu {
        Mmu {}
    }

    /// Translates `va` for `access` under `ctx` (section 4.3.2).
    #[inline]
    pub fn translate<P: PtePort>(
        &mut self,
        va: VirtAddr,
        _access: AccessType,
        ctx: &TranslationContext,
        _mem: &mut P,
    ) -> Result<PhysAddr, Fault> {
        if ctx.is_bare() {
            return Ok(PhysAddr(va.0));
        }
        // Sv39 arrives with the walker (issue 3); until then behave as Bare.
        Ok(PhysAddr(va.0))
    }

    /// `sfence.vma` (section 4.2.1): `vaddr` is rs1's value when rs1 ≠ x0,
    /// `asid` is rs2's value when rs2 ≠ x0.
    pub fn sfence_vma(&mut self, _vaddr: Option<VirtAddr>, _asid: Option<crate::addr::Asid>) {}
}
