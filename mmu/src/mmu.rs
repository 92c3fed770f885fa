//! The one translation entry point the hart calls for every fetch, load,
//! store, LR/SC and AMO: a TLB probe on the fast path, the page walk of
//! [`crate::walk`] on the slow path.

use crate::access::{AccessType, TranslationContext};
use crate::addr::{Asid, PhysAddr, VirtAddr};
use crate::config::{Geometry, MmuConfig};
use crate::fault::{Fault, WalkError};
use crate::perm;
pub use crate::port::PtePort;
use crate::port::PteReader;
use crate::stale::Staleness;
use crate::stats::MmuStats;
use crate::tlb::{CachedTranslation, Tlb};
use crate::trace::WalkTrace;
use crate::walk;
use std::collections::BTreeSet;

/// The last translation fault and why it happened, kept for fault
/// explanations (`Copy`, no allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultRecord {
    pub va: VirtAddr,
    pub access: AccessType,
    /// The effective privilege of the access.
    pub privilege: crate::access::Privilege,
    pub error: WalkError,
}

/// The MMU of one hart: configuration, TLB and counters.
#[derive(Debug, Clone)]
pub struct Mmu {
    config: MmuConfig,
    tlb: Tlb,
    pub(crate) stats: MmuStats,
    last_fault: Option<FaultRecord>,
    /// Record a [`WalkTrace`] of every walk (`--trace-mmu`).
    walk_tracing: bool,
    /// The trace of the last walk while `walk_tracing` is on.
    last_walk: Option<WalkTrace>,
    /// `--check-tlb`: check every TLB hit against the page tables.
    check_tlb: bool,
    /// Pages already warned about by the TLB check (a warning is given once
    /// per page; this debugging path may allocate).
    stale_pages: BTreeSet<u64>,
    /// satp was written and no `sfence.vma` has followed yet: until one
    /// does, using translations cached under the old satp is what the
    /// spec allows (section 4.1.11), so the TLB check stays quiet.
    satp_unfenced: bool,
    /// Two-stage translation (V = 1): its TLB, last fault and trace, in
    /// [`crate::virt`].
    pub(crate) guest: crate::virt::GuestState,
}

impl Default for Mmu {
    fn default() -> Self {
        Mmu::new()
    }
}

impl Mmu {
    /// An MMU with the default TLB ([`MmuConfig::default`]).
    pub fn new() -> Mmu {
        Mmu::with_config(MmuConfig::default())
    }

    /// An MMU with the given TLB geometry (rounded as [`Geometry::new`]
    /// describes; see [`Mmu::tlb_geometry`] for the result).
    pub fn with_config(config: MmuConfig) -> Mmu {
        Mmu {
            config,
            tlb: Tlb::new(&config),
            stats: MmuStats::default(),
            last_fault: None,
            walk_tracing: false,
            last_walk: None,
            check_tlb: false,
            stale_pages: BTreeSet::new(),
            satp_unfenced: false,
            guest: crate::virt::GuestState::new(&config),
        }
    }

    /// The configuration this MMU was built with.
    pub fn config(&self) -> &MmuConfig {
        &self.config
    }

    /// The geometry of the 4 KiB, 2 MiB, 1 GiB, 512 GiB and 256 TiB TLB
    /// arrays.
    pub fn tlb_geometry(&self) -> [Geometry; crate::satp::MAX_LEVELS as usize] {
        self.tlb.geometry()
    }

    /// Empties the TLB because something its entries do not record
    /// changed: satp.MODE, menvcfg.PBMTE or ADUE, or a PMP CSR (see the
    /// invariant of [`crate::tlb::Tlb`]; Privileged 20211203 section 3.7.2
    /// lets PMP changes wait for an `SFENCE.VMA`, rvmmu flushes at the
    /// write). Not an `sfence.vma`, and not counted as one.
    pub fn flush_tlb(&mut self) {
        if log::log_enabled!(target: "mmu", log::Level::Trace) {
            log::trace!(target: "mmu", "TLB flushed (satp.MODE, menvcfg or PMP changed)");
        }
        self.tlb.flush();
        self.guest.tlb.flush();
    }

    /// How many TLB entries currently hold a translation.
    pub fn tlb_occupancy(&self) -> usize {
        self.tlb.occupancy()
    }

    /// The event counters (`Display` formats them for `--stats`).
    pub fn stats(&self) -> &MmuStats {
        &self.stats
    }

    /// Zeroes the event counters.
    pub fn reset_stats(&mut self) {
        self.stats = MmuStats::default();
    }

    /// The most recent translation fault, with its address and access.
    pub fn last_fault(&self) -> Option<FaultRecord> {
        self.last_fault
    }

    /// Why the most recent translation fault happened.
    pub fn last_fault_reason(&self) -> Option<WalkError> {
        self.last_fault.map(|f| f.error)
    }

    /// Turns walk tracing on or off. While on, every walk (every TLB miss
    /// of [`Mmu::translate`]) leaves its [`WalkTrace`] for
    /// [`Mmu::take_walk_trace`]; while off it costs one test of a flag per
    /// walk and nothing on a TLB hit.
    pub fn set_walk_tracing(&mut self, on: bool) {
        self.walk_tracing = on;
        if !on {
            self.last_walk = None;
        }
    }

    /// Whether walks are traced.
    pub fn walk_tracing(&self) -> bool {
        self.walk_tracing
    }

    /// The trace of the last walk since the previous call, if tracing is on
    /// and a walk happened: call it after a `translate` to see whether that
    /// translation missed the TLB, and how the walk went.
    pub fn take_walk_trace(&mut self) -> Option<WalkTrace> {
        self.last_walk.take()
    }

    /// The TLB entry a translation of `va` under `asid` would hit, without
    /// touching counters or replacement state.
    pub fn peek_tlb(&self, va: VirtAddr, asid: Asid) -> Option<CachedTranslation> {
        self.tlb.peek(va, asid)
    }

    /// `--check-tlb`: compares the TLB entry for `va` (if any) with a
    /// side-effect-free walk of the current page tables for `access` under
    /// `ctx`; `Some` when the entry is stale (see
    /// [`crate::stale::tlb_entry_is_stale`]). Changes nothing, counts
    /// nothing. Call it after a `translate` that hit.
    pub fn check_tlb_entry<R: PteReader + ?Sized>(
        &self,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
        mem: &mut R,
    ) -> Option<Staleness> {
        if ctx.is_bare() || self.satp_unfenced {
            return None;
        }
        crate::stale::check(self.peek_tlb(va, ctx.satp.asid()), va, access, ctx, mem)
    }

    /// Turns the stale-TLB check (`--check-tlb`) on or off. While on, every
    /// TLB hit of [`Mmu::translate`] is compared with a side-effect-free walk
    /// of the current page tables ([`Mmu::check_tlb_entry`]); the first
    /// disagreement on each page is logged as a warning (target
    /// `mmu::stale`) and counted in [`MmuStats::stale_tlb_warnings`]. The hit
    /// still answers with the cached translation, as hardware would. While
    /// off it costs one predictable branch per hit.
    pub fn set_check_tlb(&mut self, on: bool) {
        self.check_tlb = on;
    }

    /// Whether TLB hits are checked against the page tables.
    #[inline]
    pub fn check_tlb(&self) -> bool {
        self.check_tlb
    }

    /// Counts a fetch, load or store the caller's PMP check denied after
    /// translation (`--stats`: `mmu.pmp_denials`).
    #[cold]
    pub fn count_pmp_denial(&mut self, access: AccessType) {
        self.stats.pmp_denials.bump(access);
    }

    /// Counts a translation the caller answered from its own cache of
    /// earlier successful translations (the hart's page caches, which only
    /// ever hold what a TLB hit would give): for the counters it is a TLB
    /// hit, a translation satisfied without a walk.
    #[inline(always)]
    pub fn count_tlb_hit(&mut self, access: AccessType) {
        self.stats.tlb_hits.bump(access);
    }

    /// Counts `n` translations of `access` satisfied by a cache of the TLB
    /// (the emulator's compiled code counts its page-cache hits in bulk).
    #[inline]
    pub fn count_tlb_hits(&mut self, access: AccessType, n: u64) {
        let c = match access {
            AccessType::Fetch => &mut self.stats.tlb_hits.fetch,
            AccessType::Load => &mut self.stats.tlb_hits.load,
            AccessType::Store => &mut self.stats.tlb_hits.store,
        };
        *c = c.wrapping_add(n);
    }

    /// The `--check-tlb` check of a TLB hit: warn once per page whose entry
    /// disagrees with the page tables.
    #[cold]
    #[inline(never)]
    fn check_hit<R: PteReader + ?Sized>(
        &mut self,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
        mem: &mut R,
    ) {
        let Some(stale) = self.check_tlb_entry(va, access, ctx, mem) else {
            return;
        };
        if self.stale_pages.insert(stale.page().0) {
            self.stats.stale_tlb_warnings = self.stats.stale_tlb_warnings.wrapping_add(1);
            log::warn!(target: "mmu::stale", "{stale}");
        }
    }

    /// Translates `va` for `access` under `ctx` (section 4.3.2).
    ///
    /// Fast path: a TLB hit whose cached leaf flags pass the step 5 check
    /// for the current privilege, SUM and MXR and have the A/D bits this
    /// access needs. Anything else goes to the walker, which answers exactly
    /// as the spec's algorithm does and refills the TLB on success.
    #[inline]
    pub fn translate<P: PtePort>(
        &mut self,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
        mem: &mut P,
    ) -> Result<PhysAddr, Fault> {
        if ctx.is_bare() {
            return Ok(PhysAddr(va.0));
        }
        if let Some(hit) = self.tlb.lookup(va, ctx.satp.asid()) {
            // Step 5 and the A/D needs of step 7 on the cached flags: one
            // bit of their precomputed grant mask.
            if hit.grants & perm::grant_bit(access, ctx.privilege, ctx.sum, ctx.mxr) != 0 {
                self.stats.tlb_hits.bump(access);
                if self.check_tlb {
                    self.check_hit(va, access, ctx, mem);
                }
                return Ok(hit.pa);
            }
        }
        self.translate_slow(va, access, ctx, mem)
    }

    /// A TLB miss, or a hit the cached flags could not grant: walk, fill on
    /// success, record and count the reason on failure.
    #[cold]
    #[inline(never)]
    fn translate_slow<P: PtePort>(
        &mut self,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
        mem: &mut P,
    ) -> Result<PhysAddr, Fault> {
        self.stats.tlb_misses.bump(access);
        self.stats.walks = self.stats.walks.wrapping_add(1);
        let reads_before = self.stats.pte_reads;
        let result = if self.walk_tracing {
            self.walk_traced(va, access, ctx, mem)
        } else {
            walk::walk(va, access, ctx, mem, &mut self.stats).map_err(|e| with_pmp_denial(e, mem))
        };
        let depth = self.stats.pte_reads.wrapping_sub(reads_before);
        let slot = usize::try_from(depth).map_or(crate::stats::WALK_DEPTH_SLOTS - 1, |d| {
            d.min(crate::stats::WALK_DEPTH_SLOTS - 1)
        });
        if let Some(c) = self.stats.walk_depth.get_mut(slot) {
            *c = c.wrapping_add(1);
        }
        match result {
            Ok(leaf) => {
                self.tlb.fill(va, ctx.satp.asid(), &leaf);
                Ok(leaf.physical_address(va))
            }
            Err(error) => {
                self.stats.faults.bump(error);
                self.last_fault = Some(FaultRecord {
                    va,
                    access,
                    privilege: ctx.privilege,
                    error,
                });
                let fault = error.to_fault(access, va);
                if log::log_enabled!(target: "mmu", log::Level::Debug) {
                    log::debug!(
                        target: "mmu",
                        "{:?} fault (cause {}) at va {:#x}, {}-mode: {}",
                        access,
                        fault.cause.code(),
                        va.0,
                        ctx.privilege.letter(),
                        error
                    );
                }
                Err(fault)
            }
        }
    }

    /// The walk of [`Mmu::translate_slow`] while walk tracing is on, out of
    /// line (a [`WalkTrace`] is large): walks recording the trace and
    /// keeps it for [`Mmu::take_walk_trace`].
    #[cold]
    #[inline(never)]
    fn walk_traced<P: PtePort>(
        &mut self,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
        mem: &mut P,
    ) -> Result<walk::Leaf, WalkError> {
        let mut trace = WalkTrace::new(va, access, ctx);
        let result = walk::walk_observed(va, access, ctx, mem, &mut self.stats, &mut trace);
        let result = result.map_err(|e| with_pmp_denial(e, mem));
        trace.finish(result);
        self.last_walk = Some(trace);
        result
    }

    /// `sfence.vma` (section 4.2.1): `vaddr` is rs1's value when rs1 ≠ x0,
    /// `asid` is rs2's value when rs2 ≠ x0. See [`Tlb::sfence_vma`] for the
    /// four scopes.
    pub fn sfence_vma(&mut self, vaddr: Option<VirtAddr>, asid: Option<Asid>) {
        let s = &mut self.stats.sfence;
        let c = match (vaddr, asid) {
            (None, None) => &mut s.all,
            (None, Some(_)) => &mut s.asid,
            (Some(_), None) => &mut s.addr,
            (Some(_), Some(_)) => &mut s.addr_asid,
        };
        *c = c.wrapping_add(1);
        if log::log_enabled!(target: "mmu", log::Level::Trace) {
            log::trace!(target: "mmu", "sfence.vma vaddr={vaddr:x?} asid={asid:?}");
        }
        self.tlb.sfence_vma(vaddr, asid);
        self.satp_unfenced = false;
    }

    /// A write to satp (section 4.1.11): it "does not imply any
    /// invalidation of address-translation caches", so entries cached
    /// under the old root may serve until the next `sfence.vma`; the
    /// stale-TLB check does not report them in that window (Linux writes
    /// satp and fences right after: not a missing fence).
    pub fn note_satp_write(&mut self) {
        self.satp_unfenced = true;
    }

    /// The most recent translation fault, forgetting it: a front end that
    /// takes it before an instruction and after a trap knows whether the
    /// walker raised that trap (`--explain-faults`).
    pub fn take_last_fault(&mut self) -> Option<FaultRecord> {
        self.last_fault.take()
    }
}

/// A PTE access fault the port's PMP caused becomes
/// [`WalkError::PtePmpDenied`], naming the entry (the walk itself only
/// sees that the port refused the access).
pub(crate) fn with_pmp_denial<P: PtePort>(error: WalkError, mem: &mut P) -> WalkError {
    let (level, pte_addr, update) = match error {
        WalkError::PteAccessFault { level, pte_addr } => (level, pte_addr, false),
        WalkError::PteUpdateAccessFault { level, pte_addr } => (level, pte_addr, true),
        other => return other,
    };
    match mem.take_pmp_denial() {
        Some(denial) => WalkError::PtePmpDenied {
            level,
            pte_addr,
            update,
            denial,
        },
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AdPolicy, Privilege};
    use crate::fault::FaultCause;
    use crate::port::PmpCheckedPort;
    use crate::pte::Pte;
    use crate::test_memory::*;
    use AccessType::{Fetch, Load, Store};

    const RW: u64 = Pte::R | Pte::W;

    /// root[1] -> page 1, page1[2] -> page 2, page2[3] = `leaf_pte`, and a
    /// 1 GiB leaf in root[2] mapping PA 0xc000_0000.
    fn tables(leaf_pte: u64) -> (TestMemory, PhysAddr) {
        let mut m = TestMemory::new(3);
        m.set_pte(0, 1, pointer(1));
        m.set_pte(1, 2, pointer(2));
        m.set_pte(0, 2, leaf(0xc0000, RW | Pte::A | Pte::D));
        let at = m.set_pte(2, 3, leaf_pte);
        (m, at)
    }

    fn page_va() -> VirtAddr {
        va(1, 2, 3, 0x10)
    }

    #[test]
    fn bare_passes_addresses_through_without_touching_the_tlb() {
        let mut mmu = Mmu::new();
        let mut m = TestMemory::new(1);
        let mut c = ctx(AdPolicy::Svade);
        c.privilege = Privilege::Machine;
        let got = mmu.translate(VirtAddr(0xdead_beef), Load, &c, &mut m);
        assert_eq!(got, Ok(PhysAddr(0xdead_beef)));
        assert_eq!(mmu.stats().translations(), 0);
    }

    #[test]
    fn second_access_hits_the_tlb_and_reads_no_pte() {
        let (mut m, _) = tables(leaf(0x12345, RW | Pte::A | Pte::D));
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        let first = mmu.translate(page_va(), Load, &c, &mut m);
        let second = mmu.translate(page_va(), Store, &c, &mut m);
        assert_eq!(first, Ok(PhysAddr(0x1234_5010)));
        assert_eq!(second, first);
        let s = mmu.stats();
        assert_eq!(
            (s.tlb_misses.load, s.tlb_hits.store, s.walks, s.pte_reads),
            (1, 1, 1, 3)
        );
    }

    #[test]
    fn superpage_fills_one_entry_that_serves_the_whole_gigapage() {
        let (mut m, _) = tables(0);
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        for offset in [0u64, 0x1000, 0x20_0000, 0x3fff_fff8] {
            let got = mmu.translate(VirtAddr((2 << 30) + offset), Load, &c, &mut m);
            assert_eq!(got, Ok(PhysAddr(0xc000_0000 + offset)));
        }
        assert_eq!(mmu.stats().walks, 1);
        assert_eq!(mmu.tlb_occupancy(), 1);
    }

    #[test]
    fn tlb_hit_rechecks_privilege_sum_and_mxr() {
        // A user page, readable and executable.
        let (mut m, _) = tables(leaf(0x12345, Pte::R | Pte::X | Pte::U | Pte::A));
        let mut mmu = Mmu::new();
        let mut c = ctx(AdPolicy::Svade);
        c.privilege = Privilege::User;
        assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
        // Same entry, S-mode without SUM: load page fault; with SUM: ok.
        c.privilege = Privilege::Supervisor;
        let err = mmu.translate(page_va(), Load, &c, &mut m).unwrap_err();
        assert_eq!(err.cause, FaultCause::LoadPageFault);
        c.sum = true;
        assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
        // S-mode never fetches from a U page.
        let err = mmu.translate(page_va(), Fetch, &c, &mut m).unwrap_err();
        assert_eq!(err.cause, FaultCause::InstructionPageFault);
        assert!(matches!(
            mmu.last_fault_reason(),
            Some(WalkError::PermissionDenied {
                rule: crate::PermissionRule::SupervisorFetchFromUserPage,
                ..
            })
        ));
        // MXR on an execute-only page, through the TLB.
        let (mut m, _) = tables(leaf(0x12345, Pte::X | Pte::A));
        let mut mmu = Mmu::new();
        let mut c = ctx(AdPolicy::Svade);
        assert!(mmu.translate(page_va(), Fetch, &c, &mut m).is_ok());
        assert!(mmu.translate(page_va(), Load, &c, &mut m).is_err());
        c.mxr = true;
        assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
        assert_eq!(mmu.stats().walks, 2, "the refused hit went to the walker");
    }

    #[test]
    fn store_hitting_clean_entry_goes_to_the_walker() {
        // Svade: the load fills an entry with D = 0; the store faults.
        let (mut m, at) = tables(leaf(0x12345, RW | Pte::A));
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
        let err = mmu.translate(page_va(), Store, &c, &mut m).unwrap_err();
        assert_eq!(
            err,
            Fault {
                cause: FaultCause::StorePageFault,
                tval: page_va().0
            }
        );
        assert!(matches!(
            mmu.last_fault_reason(),
            Some(WalkError::DirtyClear { .. })
        ));
        assert_eq!(m.get(at), leaf(0x12345, RW | Pte::A));
        // Svadu: the store walks, sets D, and refills; the next store hits.
        let c = ctx(AdPolicy::Svadu);
        assert!(mmu.translate(page_va(), Store, &c, &mut m).is_ok());
        assert_eq!(m.get(at), leaf(0x12345, RW | Pte::A | Pte::D));
        let walks = mmu.stats().walks;
        assert!(mmu.translate(page_va(), Store, &c, &mut m).is_ok());
        assert_eq!(mmu.stats().walks, walks);
    }

    #[test]
    fn stale_entry_serves_until_a_covering_sfence() {
        let (mut m, at) = tables(leaf(0x12345, RW | Pte::A | Pte::D));
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        let old = mmu.translate(page_va(), Load, &c, &mut m);
        m.set(at, leaf(0x54321, RW | Pte::A | Pte::D));
        assert_eq!(mmu.translate(page_va(), Load, &c, &mut m), old);
        // A fence for another page or another ASID leaves the entry.
        mmu.sfence_vma(Some(VirtAddr(page_va().0 + 0x1000)), None);
        mmu.sfence_vma(Some(page_va()), Some(Asid(7)));
        assert_eq!(mmu.translate(page_va(), Load, &c, &mut m), old);
        mmu.sfence_vma(Some(page_va()), Some(Asid(1)));
        assert_eq!(
            mmu.translate(page_va(), Load, &c, &mut m),
            Ok(PhysAddr(0x5432_1010))
        );
        let s = mmu.stats().sfence;
        assert_eq!((s.all, s.asid, s.addr, s.addr_asid), (0, 0, 1, 2));
    }

    #[test]
    fn check_tlb_warns_once_per_stale_page_and_not_after_sfence() {
        let (m, at) = tables(leaf(0x12345, RW | Pte::A | Pte::D));
        let c = ctx(AdPolicy::Svade);
        let warnings = |check: bool| {
            let mut m = m.clone();
            let mut mmu = Mmu::new();
            mmu.set_check_tlb(check);
            let mut counts = [0u64; 4];
            assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
            counts[0] = mmu.stats().stale_tlb_warnings;
            // The guest remaps the page without sfence.vma: the entry is stale.
            m.set(at, leaf(0x54321, RW | Pte::A | Pte::D));
            for _ in 0..3 {
                let got = mmu.translate(page_va(), Load, &c, &mut m);
                assert_eq!(
                    got,
                    Ok(PhysAddr(0x1234_5010)),
                    "the stale entry still serves"
                );
            }
            counts[1] = mmu.stats().stale_tlb_warnings;
            // Another offset of the same page: no second warning.
            let _ = mmu.translate(VirtAddr(page_va().0 + 8), Store, &c, &mut m);
            counts[2] = mmu.stats().stale_tlb_warnings;
            mmu.sfence_vma(Some(page_va()), None);
            for _ in 0..2 {
                let got = mmu.translate(page_va(), Load, &c, &mut m);
                assert_eq!(got, Ok(PhysAddr(0x5432_1010)));
            }
            counts[3] = mmu.stats().stale_tlb_warnings;
            counts
        };
        assert_eq!(warnings(true), [0, 1, 1, 1]);
        assert_eq!(warnings(false), [0; 4]);
    }

    #[test]
    fn asid_switch_without_flush_keeps_address_spaces_apart() {
        // Two roots (pages 0 and 3) map the same VA to different pages.
        let mut m = TestMemory::new(4);
        m.set_pte(0, 1, leaf(0x40000, RW | Pte::A | Pte::D));
        m.set_pte(3, 1, leaf(0x80000, RW | Pte::A | Pte::D));
        let mut mmu = Mmu::new();
        let c1 = ctx(AdPolicy::Svade);
        let mut c2 = c1;
        c2.satp = crate::Satp::new(crate::SatpMode::Sv39, Asid(2), crate::Ppn(BASE_PPN + 3));
        let v = va(1, 0, 0, 8);
        for _ in 0..2 {
            assert_eq!(
                mmu.translate(v, Load, &c1, &mut m),
                Ok(PhysAddr(0x4000_0008))
            );
            assert_eq!(
                mmu.translate(v, Load, &c2, &mut m),
                Ok(PhysAddr(0x8000_0008))
            );
        }
        assert_eq!(mmu.stats().walks, 2);
    }

    #[test]
    fn faults_are_counted_by_reason_and_never_cached() {
        let (mut m, _) = tables(leaf(0x12345, RW));
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        for _ in 0..2 {
            assert!(mmu.translate(page_va(), Load, &c, &mut m).is_err());
        }
        assert!(mmu.translate(VirtAddr(1 << 63), Load, &c, &mut m).is_err());
        let f = mmu.stats().faults;
        assert_eq!(
            (f.accessed_clear, f.non_canonical, f.page_faults()),
            (2, 1, 3)
        );
        assert_eq!(mmu.tlb_occupancy(), 0);
        let last = mmu.last_fault().unwrap();
        assert_eq!(
            (last.va, last.access, last.error),
            (
                VirtAddr(1 << 63),
                Load,
                WalkError::NonCanonical { va_bits: 39 }
            )
        );
    }

    /// A PMP with entry 0 NAPOT read-only over `(base, size)` and entry 1
    /// open (RWX) over everything.
    fn pmp_read_only(base: u64, size: u64) -> crate::Pmp {
        use crate::pmp::cfg;
        let mut p = crate::Pmp::default();
        p.write_pmpaddr(0, (base >> 2) | ((size >> 3) - 1));
        p.write_pmpaddr(1, u64::MAX);
        let c0 = cfg::NAPOT | cfg::R;
        let c1 = cfg::NAPOT | cfg::R | cfg::W | cfg::X;
        p.write_pmpcfg(0, u64::from(c0) | (u64::from(c1) << 8));
        p
    }

    #[test]
    fn pmp_denied_pte_read_is_an_access_fault_naming_the_entry() {
        let (mut m, _) = tables(leaf(0x12345, RW | Pte::U | Pte::A | Pte::D));
        // Entry 0 grants nothing over page 1 (the level 1 table).
        let mut pmp = pmp_read_only(TestMemory::page(1).0, 4096);
        pmp.write_pmpcfg(
            0,
            pmp.read_pmpcfg(0) & !0xff | u64::from(crate::pmp::cfg::NAPOT),
        );
        let mut mmu = Mmu::new();
        mmu.set_walk_tracing(true);
        let mut c = ctx(AdPolicy::Svade);
        c.privilege = Privilege::User;
        let got = mmu.translate(page_va(), Load, &c, &mut PmpCheckedPort::new(&mut m, &pmp));
        let trace = mmu.take_walk_trace().unwrap().to_string();
        assert!(trace.contains("= (denied by PMP)"), "{trace}");
        assert!(trace.contains("PMP entry 0 [NAPOT ---] denies"), "{trace}");
        assert_eq!(
            got,
            Err(Fault {
                cause: FaultCause::LoadAccessFault,
                tval: page_va().0
            })
        );
        let Some(WalkError::PtePmpDenied {
            level: 1,
            pte_addr,
            update: false,
            denial,
        }) = mmu.last_fault_reason()
        else {
            panic!("{:?}", mmu.last_fault_reason());
        };
        assert_eq!(pte_addr, PhysAddr(TestMemory::page(1).0 + 2 * 8));
        assert_eq!(denial.entry, Some(0));
        assert_eq!(mmu.stats().faults.pte_pmp, 1);
        // Without the PMP the same walk succeeds.
        assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
    }

    #[test]
    fn pmp_denied_ad_update_is_a_store_access_fault_and_writes_nothing() {
        // Svadu must set D in the leaf PTE on page 2, which PMP makes
        // read-only for S-mode (the effective privilege of the walk).
        let (mut m, at) = tables(leaf(0x12345, RW | Pte::A));
        let pmp = pmp_read_only(TestMemory::page(2).0, 4096);
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svadu);
        let mut port = PmpCheckedPort::new(&mut m, &pmp);
        assert!(mmu.translate(page_va(), Load, &c, &mut port).is_ok());
        let err = mmu.translate(page_va(), Store, &c, &mut port).unwrap_err();
        assert_eq!(err.cause, FaultCause::StoreAccessFault);
        assert!(matches!(
            mmu.last_fault_reason(),
            Some(WalkError::PtePmpDenied {
                level: 0,
                update: true,
                ..
            })
        ));
        assert_eq!(m.get(at), leaf(0x12345, RW | Pte::A));
    }

    #[test]
    fn without_tlb_every_translation_walks() {
        let (mut m, _) = tables(leaf(0x12345, RW | Pte::A | Pte::D));
        let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
        let c = ctx(AdPolicy::Svade);
        for _ in 0..3 {
            assert!(mmu.translate(page_va(), Load, &c, &mut m).is_ok());
        }
        assert_eq!((mmu.stats().walks, mmu.stats().tlb_hits.total()), (3, 0));
    }
}
