//! MMU event counters, printed by `rvmmu run --stats`.
//!
//! Plain `u64` fields, bumped with wrapping adds; nothing here allocates.

use core::fmt;

use crate::access::AccessType;
use crate::fault::WalkError;

/// One counter per access type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerAccess {
    pub fetch: u64,
    pub load: u64,
    pub store: u64,
}

impl PerAccess {
    #[inline]
    pub fn bump(&mut self, access: AccessType) {
        let c = match access {
            AccessType::Fetch => &mut self.fetch,
            AccessType::Load => &mut self.load,
            AccessType::Store => &mut self.store,
        };
        *c = c.wrapping_add(1);
    }
    /// The sum over the three access types.
    pub const fn total(&self) -> u64 {
        self.fetch.wrapping_add(self.load).wrapping_add(self.store)
    }
}

/// Translation faults by the reason the walk gave (see [`WalkError`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub non_canonical: u64,
    pub pte_access: u64,
    pub invalid: u64,
    pub write_without_read: u64,
    /// Reserved encodings of step 3: bits 60:54, PBMT (Svpbmt) and N
    /// (Svnapot).
    pub reserved_bits: u64,
    pub non_leaf_adu: u64,
    pub no_leaf: u64,
    pub permission: u64,
    pub misaligned_superpage: u64,
    pub accessed_clear: u64,
    pub dirty_clear: u64,
    pub pte_update_access: u64,
    /// PTE reads and A/D updates the PMP denied.
    pub pte_pmp: u64,
}

impl FaultCounts {
    #[inline]
    pub fn bump(&mut self, err: WalkError) {
        let c = match err {
            WalkError::NonCanonical { .. } => &mut self.non_canonical,
            WalkError::PteAccessFault { .. } => &mut self.pte_access,
            WalkError::InvalidPte { .. } => &mut self.invalid,
            WalkError::WriteWithoutRead { .. } => &mut self.write_without_read,
            WalkError::ReservedBits { .. }
            | WalkError::PbmtReserved { .. }
            | WalkError::NapotReserved { .. } => &mut self.reserved_bits,
            WalkError::NonLeafWithAdu { .. } => &mut self.non_leaf_adu,
            WalkError::NoLeaf { .. } => &mut self.no_leaf,
            WalkError::PermissionDenied { .. } => &mut self.permission,
            WalkError::MisalignedSuperpage { .. } => &mut self.misaligned_superpage,
            WalkError::AccessedClear { .. } => &mut self.accessed_clear,
            WalkError::DirtyClear { .. } => &mut self.dirty_clear,
            WalkError::PteUpdateAccessFault { .. } => &mut self.pte_update_access,
            WalkError::PtePmpDenied { .. } => &mut self.pte_pmp,
        };
        *c = c.wrapping_add(1);
    }
    /// Page faults (every reason except the two PTE access faults).
    pub const fn page_faults(&self) -> u64 {
        self.non_canonical
            .wrapping_add(self.invalid)
            .wrapping_add(self.write_without_read)
            .wrapping_add(self.reserved_bits)
            .wrapping_add(self.non_leaf_adu)
            .wrapping_add(self.no_leaf)
            .wrapping_add(self.permission)
            .wrapping_add(self.misaligned_superpage)
            .wrapping_add(self.accessed_clear)
            .wrapping_add(self.dirty_clear)
    }
    /// Access faults raised by PTE reads or A/D updates.
    pub const fn access_faults(&self) -> u64 {
        self.pte_access
            .wrapping_add(self.pte_update_access)
            .wrapping_add(self.pte_pmp)
    }
}

/// `sfence.vma` executions by scope (section 4.2.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SfenceCounts {
    /// rs1 = x0, rs2 = x0.
    pub all: u64,
    /// rs1 = x0, rs2 ≠ x0.
    pub asid: u64,
    /// rs1 ≠ x0, rs2 = x0.
    pub addr: u64,
    /// rs1 ≠ x0, rs2 ≠ x0.
    pub addr_asid: u64,
}

/// Everything the MMU counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MmuStats {
    /// Translations satisfied without a walk: TLB hits, plus the loads
    /// and stores a front end answered from its own cache of earlier
    /// successful translations ([`crate::Mmu::count_tlb_hit`]). rvmmu's
    /// hart counts its load/store page caches here; fetches that stay on
    /// the hart's current fetch page are not translated and not counted.
    pub tlb_hits: PerAccess,
    /// Translations that went to the walker (a miss, or a hit whose cached
    /// flags did not allow the access).
    pub tlb_misses: PerAccess,
    /// Page-table walks started (restarts after a failed A/D update are
    /// counted in `walk_restarts`).
    pub walks: u64,
    /// A/D updates that found the PTE changed and went back to step 2.
    pub walk_restarts: u64,
    /// PTE reads (step 2).
    pub pte_reads: u64,
    /// Successful PTE writes (A/D updates, step 7).
    pub pte_writes: u64,
    /// Faults by reason.
    pub faults: FaultCounts,
    /// `sfence.vma` by scope.
    pub sfence: SfenceCounts,
    /// `--check-tlb` warnings: pages whose TLB entry was found stale.
    pub stale_tlb_warnings: u64,
    /// Fetches, loads and stores the PMP denied after translation (counted
    /// by the hart through [`crate::Mmu::count_pmp_denial`]; PTE accesses
    /// are in `faults.pte_pmp`).
    pub pmp_denials: PerAccess,
    /// Walks by the PTEs they read (restarts included): index n counts
    /// the walks that read n PTEs, the last slot those that read
    /// [`WALK_DEPTH_SLOTS`] - 1 or more (an Sv39 walk to a 4 KiB leaf
    /// reads 3; Sv57 up to 5). For `rvmmu run --report`'s histogram.
    pub walk_depth: [u64; WALK_DEPTH_SLOTS],
    /// Two-stage walks started (H, section 8.5: V = 1 accesses and
    /// HLV/HLVX/HSV that missed the V = 1 TLB); not counted in `walks`.
    /// Their PTE reads and writes, of both stages, are in `pte_reads` and
    /// `pte_writes`; their TLB hits and misses in `tlb_hits`/`tlb_misses`.
    pub two_stage_walks: u64,
    /// Guest-page faults (causes 20, 21, 23: the G-stage refused the
    /// access or a VS-level PTE access), by access type; not counted in
    /// `faults`. VS-stage page faults and G-stage access faults are.
    pub guest_page_faults: PerAccess,
}

/// Slots of [`MmuStats::walk_depth`].
pub const WALK_DEPTH_SLOTS: usize = 8;

impl MmuStats {
    /// Translations that were counted (hits plus misses).
    pub const fn translations(&self) -> u64 {
        self.tlb_hits.total().wrapping_add(self.tlb_misses.total())
    }
}

impl fmt::Display for MmuStats {
    /// A block of `name value` lines for `rvmmu run --stats`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.tlb_hits;
        let m = &self.tlb_misses;
        let rate = |hits: u64, misses: u64| {
            let n = hits.saturating_add(misses);
            if n == 0 {
                0.0
            } else {
                100.0 * hits as f64 / n as f64
            }
        };
        writeln!(
            f,
            "mmu.tlb.hits          fetch {} load {} store {}",
            h.fetch, h.load, h.store
        )?;
        writeln!(
            f,
            "mmu.tlb.misses        fetch {} load {} store {}",
            m.fetch, m.load, m.store
        )?;
        writeln!(
            f,
            "mmu.tlb.hit_rate      {:.2}%",
            rate(h.total(), m.total())
        )?;
        writeln!(
            f,
            "mmu.walks             {} (restarts {})",
            self.walks, self.walk_restarts
        )?;
        writeln!(
            f,
            "mmu.pte               reads {} writes {}",
            self.pte_reads, self.pte_writes
        )?;
        let c = &self.faults;
        writeln!(
            f,
            "mmu.page_faults       {} (non-canonical {} invalid {} w-without-r {} reserved {} \
             non-leaf-adu {} no-leaf {} permission {} misaligned {} a-clear {} d-clear {})",
            c.page_faults(),
            c.non_canonical,
            c.invalid,
            c.write_without_read,
            c.reserved_bits,
            c.non_leaf_adu,
            c.no_leaf,
            c.permission,
            c.misaligned_superpage,
            c.accessed_clear,
            c.dirty_clear
        )?;
        writeln!(
            f,
            "mmu.access_faults     {} (pte-read {} pte-update {} pte-pmp {})",
            c.access_faults(),
            c.pte_access,
            c.pte_update_access,
            c.pte_pmp
        )?;
        let p = &self.pmp_denials;
        writeln!(
            f,
            "mmu.pmp_denials       {} (fetch {} load {} store {} pte {})",
            p.total().wrapping_add(c.pte_pmp),
            p.fetch,
            p.load,
            p.store,
            c.pte_pmp
        )?;
        let s = &self.sfence;
        write!(
            f,
            "mmu.sfence.vma        all {} asid {} addr {} addr+asid {}",
            s.all, s.asid, s.addr, s.addr_asid
        )?;
        let g = &self.guest_page_faults;
        if self.two_stage_walks != 0 || g.total() != 0 {
            write!(
                f,
                "\nmmu.two_stage         walks {} guest-page-faults {} (fetch {} load {} store {})",
                self.two_stage_walks,
                g.total(),
                g.fetch,
                g.load,
                g.store
            )?;
        }
        if self.stale_tlb_warnings != 0 {
            write!(
                f,
                "\nmmu.stale_tlb         {} pages warned about (--check-tlb)",
                self.stale_tlb_warnings
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::PhysAddr;
    use crate::pte::Pte;

    #[test]
    fn per_access_counts_each_type_separately() {
        let mut c = PerAccess::default();
        c.bump(AccessType::Load);
        c.bump(AccessType::Load);
        c.bump(AccessType::Store);
        assert_eq!((c.fetch, c.load, c.store, c.total()), (0, 2, 1, 3));
    }

    #[test]
    fn fault_counts_split_page_and_access_faults() {
        let mut c = FaultCounts::default();
        c.bump(WalkError::NonCanonical { va_bits: 39 });
        c.bump(WalkError::InvalidPte {
            level: 2,
            pte: Pte(0),
        });
        c.bump(WalkError::PteAccessFault {
            level: 1,
            pte_addr: PhysAddr(0),
        });
        assert_eq!(c.page_faults(), 2);
        assert_eq!(c.access_faults(), 1);
        assert_eq!(c.invalid, 1);
    }

    #[test]
    fn display_names_every_group() {
        let mut s = MmuStats::default();
        s.tlb_hits.bump(AccessType::Fetch);
        s.tlb_misses.bump(AccessType::Fetch);
        let text = s.to_string();
        for key in [
            "mmu.tlb.hits",
            "mmu.walks",
            "mmu.page_faults",
            "mmu.pmp_denials",
            "mmu.sfence.vma",
        ] {
            assert!(text.contains(key), "{key} missing from {text}");
        }
        assert!(text.contains("50.00%"), "{text}");
    }
}
