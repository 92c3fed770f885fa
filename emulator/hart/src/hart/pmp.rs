//! Physical memory protection of fetches, loads, stores, LR/SC and AMOs
//! (Privileged 20211203, section 3.7): the check after translation, on the
//! slow paths only. The rules themselves are `mmu::pmp`; page-table
//! accesses are checked by the walker's port (`mmu::PmpCheckedPort`).
//!
//! # Invariant: the caches never bypass a PMP decision
//!
//! Every fetch, load and store either reaches [`Hart::pmp_check`] (through
//! a fetch-page or load/store-page miss, a page-crossing access, an atomic)
//! or hits a cache entry that was filled only after [`Pmp::page_outcome`]
//! found its whole 4 KiB physical page `Allowed` for that access type at
//! that effective privilege — so any access inside the page would pass.
//! Pages whose outcome is `Mixed` (an entry begins or ends inside them) are
//! never cached: every access to them is checked, and their code runs one
//! instruction at a time from the scratch block (no decoded block, no
//! link), as Spike checks each access of a non-homogeneous page.
//!
//! What the entries do not record — the PMP state and the privilege — is
//! why every pmpcfg/pmpaddr/mseccfg write empties the TLB, the fetch page
//! and the load/store pages ([`Hart::pmp_changed`]), and every change of
//! privilege or MPRV empties the page caches (`Hart::update_contexts`).
//! The TLB holds translations, not PMP outcomes: the check after a TLB hit
//! is still made; the flush is for the PTE reads its walks made under the
//! old PMP (section 3.7.2 lets a write wait for `sfence.vma`; rvmmu does
//! not wait).
//!
//! When the PMP cannot deny anything at the effective privilege (M-mode
//! without a locked entry or Smepmp's MML/MMWP), `fetch_pmp`/`data_pmp`
//! are false and nothing here runs: bare M-mode keeps its fast path.

use super::{Exception, Hart, Trap};
use mmu::{AccessType, PageOutcome, PhysAddr, PmpDenial, Privilege};

/// The last PMP denial of a fetch, load or store, for `--explain-faults`
/// (`Copy`, no allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmpFaultRecord {
    /// The virtual address the trap reports (tval).
    pub va: u64,
    /// The physical address checked and the size of the access.
    pub pa: u64,
    pub size: u64,
    pub access: AccessType,
    /// The effective privilege of the access.
    pub privilege: Privilege,
    pub denial: PmpDenial,
}

/// The access fault of `access` (section 3.7.1: "PMP violations are always
/// trapped precisely"; causes 1, 5, 7).
fn access_fault(access: AccessType) -> Exception {
    match access {
        AccessType::Fetch => Exception::InstructionAccessFault,
        AccessType::Load => Exception::LoadAccessFault,
        AccessType::Store => Exception::StoreAccessFault,
    }
}

impl Hart {
    /// Checks a physical access of `size` bytes at `pa` (from `va`) that
    /// does not cross a page. `Ok(true)` when the whole page is allowed
    /// for this access type and privilege (the access may fill a page
    /// cache; always so when the PMP cannot deny anything there),
    /// `Ok(false)` when only this access is, else the access fault with
    /// `va` in tval.
    #[cold]
    #[inline(never)]
    pub(super) fn pmp_check(
        &mut self,
        va: u64,
        pa: u64,
        size: u64,
        access: AccessType,
    ) -> Result<bool, Trap> {
        let enforced = match access {
            AccessType::Fetch => self.fetch_pmp,
            _ => self.data_pmp,
        };
        if !enforced {
            return Ok(true);
        }
        let privilege = self.context(access).privilege;
        let denial = match self.pmp.page_outcome(PhysAddr(pa), access, privilege) {
            PageOutcome::Allowed => return Ok(true),
            PageOutcome::Denied(d) => d,
            PageOutcome::Mixed => match self.pmp.check(PhysAddr(pa), size, access, privilege) {
                Ok(()) => return Ok(false),
                Err(d) => d,
            },
        };
        let record = PmpFaultRecord {
            va,
            pa,
            size,
            access,
            privilege,
            denial,
        };
        Err(self.pmp_denied(record))
    }

    /// Counts, logs and records a denial; the trap it raises.
    fn pmp_denied(&mut self, record: PmpFaultRecord) -> Trap {
        self.mmu.count_pmp_denial(record.access);
        if log::log_enabled!(target: "mmu", log::Level::Debug) {
            log::debug!(
                target: "mmu",
                "PMP: {} (va {:#x})",
                pmp_explanation(&record),
                record.va
            );
        }
        self.last_pmp_fault = Some(record);
        Trap::new(access_fault(record.access), record.va)
    }

    /// Opens the PMP as firmware does before it leaves M-mode (OpenSBI,
    /// riscv-tests' `p` environment): entry 0 NAPOT over every address,
    /// RWX. For unit tests that put the hart in S or U mode directly.
    #[cfg(test)]
    pub(crate) fn open_pmp(&mut self) {
        use mmu::pmp::cfg;
        self.pmp.write_pmpaddr(0, u64::MAX);
        self.pmp
            .write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::R | cfg::W | cfg::X));
        self.pmp_changed();
    }

    /// The most recent PMP denial of a fetch, load or store, forgetting it
    /// (`--explain-faults` takes it before an instruction and after a trap).
    pub fn take_last_pmp_fault(&mut self) -> Option<PmpFaultRecord> {
        self.last_pmp_fault.take()
    }
}

/// A denial in words (`mmu::explain::PmpExplanation`).
pub fn pmp_explanation(r: &PmpFaultRecord) -> mmu::explain::PmpExplanation {
    mmu::explain::PmpExplanation {
        denial: r.denial,
        access: r.access,
        privilege: r.privilege,
        addr: PhysAddr(r.pa),
        target: mmu::explain::PmpTarget::Data { size: r.size },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
