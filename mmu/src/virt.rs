//! The entry points of two-stage translation on [`Mmu`] (Privileged
//! 20211203, section 8.5): `translate_guest` for every access with V = 1
//! and for HLV/HLVX/HSV, the HFENCE.VVMA and HFENCE.GVMA flushes (section
//! 8.3.1), and the last guest fault for `--explain-faults`.
//!
//! Kept apart from [`crate::mmu`] so that the V = 0 path stays exactly as
//! it was: a V = 1 translation never touches the V = 0 TLB and vice versa.

use std::collections::BTreeSet;

use crate::access::AccessType;
use crate::addr::{Asid, PhysAddr, VirtAddr};
use crate::config::MmuConfig;
use crate::guest::{GuestContext, GuestFault, GuestFaultCause, GuestPhysAddr, TwoStageError};
use crate::hgatp::Vmid;
use crate::mmu::Mmu;
use crate::port::{PtePort, PteReader};
use crate::probe::WouldWrite;
use crate::stale_guest::GuestStaleness;
use crate::stats::MmuStats;
use crate::tlb::{CachedTranslation, FilledPage, GuestSpace, Tlb};
use crate::trace_two_stage::TwoStageTrace;
use crate::two_stage::{self, TraceSink, TwoStageLeaf};

/// The last two-stage translation fault and why it happened (`Copy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuestFaultRecord {
    /// The guest virtual address.
    pub gva: VirtAddr,
    pub access: AccessType,
    /// The context of the access (privilege VS/VU, vsatp, hgatp, MXR ...).
    pub ctx: GuestContext,
    pub error: TwoStageError,
}

/// The two-stage part of an [`Mmu`].
///
/// # The V = 1 TLB
///
/// A TLB of its own (the V = 0 path never looks at it), whose entries are
/// tagged with [`GuestSpace`]: the VMID of `hgatp` and the ASID of `vsatp`
/// (or "vsatp Bare"). An entry caches the *combined* translation of one
/// successful two-stage walk: guest virtual page → supervisor physical
/// page, of the smaller page size of the two stages, with the grant masks
/// of both leaves ([`two_stage::combined_grants`]), so a hit re-checks VS/VU,
/// vsstatus.SUM, both MXRs and the A/D needs of both leaves with one mask
/// test and answers exactly what a fresh two-stage walk would, until the
/// tables change. HLVX never hits (it walks), as its permission rule is
/// not in the mask.
///
/// It does not record the VS-level PTEs above the leaf, the G-stage
/// translations of the VS-level page tables, or the G-stage tables: so
/// HFENCE.GVMA drops every entry of its VMID whatever the address (the
/// spec allows invalidating more than asked), and HFENCE.VVMA (or
/// SFENCE.VMA with V = 1) drops the entries of its VMID by address and
/// ASID. It does not record vsatp.MODE, hgatp.MODE, henvcfg or menvcfg:
/// a change of any of them calls [`Mmu::flush_guest_tlb`] (a change of
/// menvcfg or PMP also empties it through [`Mmu::flush_tlb`]).
#[derive(Clone, Debug)]
pub(crate) struct GuestState {
    pub(crate) tlb: Tlb<GuestSpace>,
    last_fault: Option<GuestFaultRecord>,
    last_walk: Option<TwoStageTrace>,
    /// Guest pages already warned about by `--check-tlb` (by VMID, gva page).
    stale_pages: BTreeSet<(u16, u64)>,
}

impl GuestState {
    pub(crate) fn new(config: &MmuConfig) -> GuestState {
        GuestState {
            tlb: Tlb::new(config),
            last_fault: None,
            last_walk: None,
            stale_pages: BTreeSet::new(),
        }
    }
}

/// The V = 1 TLB tag of an access under `ctx`.
#[inline]
fn space(ctx: &GuestContext) -> GuestSpace {
    let asid = if ctx.vs_is_bare() {
        None
    } else {
        Some(ctx.asid())
    };
    GuestSpace::new(ctx.vmid(), asid)
}

/// What the V = 1 TLB caches of a successful two-stage walk of `gva`.
fn filled_page(leaf: &TwoStageLeaf) -> FilledPage {
    let vs_pbmt = leaf.vs.map_or(0, |l| l.pte.pbmt());
    let g_pbmt = leaf.g.map_or(0, |l| l.pte.pbmt());
    let level = leaf.level();
    FilledPage {
        level,
        pa: leaf.pa,
        global: leaf.vs.is_some_and(|l| l.global),
        napot: level == 0
            && (leaf.vs.is_some_and(|l| l.pte.n()) || leaf.g.is_some_and(|l| l.pte.n())),
        // Svpbmt with two stages: a non-zero VS-stage PBMT overrides the
        // G-stage's, which overrides the PMA.
        pbmt: if vs_pbmt != 0 { vs_pbmt } else { g_pbmt } as u8,
        flags: leaf.vs.or(leaf.g).map_or(0xff, |l| l.pte.0 as u8),
        grants: two_stage::combined_grants(leaf.vs.map(|l| l.pte), leaf.g.map(|l| l.pte))
            & if leaf.implicit_needs_mxr {
                !two_stage::G_GRANTS_WITHOUT_MXR
            } else {
                !0
            },
    }
}

impl Mmu {
    /// Translates the guest virtual address `gva` for `access` through
    /// both stages (section 8.5): the VS-stage under `ctx.vs` (skipped
    /// when vsatp is Bare), each of whose PTE accesses is itself
    /// translated by the G-stage as a load (read) or store (A/D update),
    /// then the G-stage of the resulting guest physical address for the
    /// original access type (skipped when hgatp is Bare). Answers the
    /// supervisor physical address, or the fault with `tval` (gva), `htval`
    /// (gpa >> 2) and `htinst` (implicit-access pseudoinstruction).
    ///
    /// `mem` is the supervisor-physical port (wrap it in a
    /// [`crate::PmpCheckedPort`] to apply PMP to the PTE accesses of both
    /// stages). The caller applies PMP/PMA to the returned address.
    #[inline]
    pub fn translate_guest<P: PtePort>(
        &mut self,
        gva: VirtAddr,
        access: AccessType,
        ctx: &GuestContext,
        mem: &mut P,
    ) -> Result<PhysAddr, GuestFault> {
        if ctx.vs_is_bare() && ctx.hgatp.is_bare() {
            return Ok(PhysAddr(gva.0));
        }
        if !ctx.hlvx {
            if let Some(hit) = self.guest.tlb.lookup(gva, space(ctx)) {
                let need = two_stage::needed_grants(access, ctx);
                if hit.grants & need == need {
                    self.stats.tlb_hits.bump(access);
                    if self.check_tlb() {
                        self.check_guest_hit(gva, access, ctx, mem);
                    }
                    return Ok(hit.pa);
                }
            }
        }
        self.translate_guest_slow(gva, access, ctx, mem)
    }

    /// A V = 1 TLB miss: walk both stages, fill on success, record the
    /// reason on failure.
    #[cold]
    #[inline(never)]
    fn translate_guest_slow<P: PtePort>(
        &mut self,
        gva: VirtAddr,
        access: AccessType,
        ctx: &GuestContext,
        mem: &mut P,
    ) -> Result<PhysAddr, GuestFault> {
        self.stats.tlb_misses.bump(access);
        self.stats.two_stage_walks = self.stats.two_stage_walks.wrapping_add(1);
        let result = if self.walk_tracing() {
            let (result, trace) = traced_walk(gva, access, ctx, mem, &mut self.stats);
            self.guest.last_walk = Some(trace);
            result
        } else {
            two_stage::walk_two_stage(gva, access, ctx, mem, &mut self.stats, None)
        };
        match result {
            Ok(leaf) => {
                self.guest
                    .tlb
                    .fill_page(gva, space(ctx), filled_page(&leaf));
                Ok(leaf.pa)
            }
            Err(error) => {
                let fault = error.to_fault(access, gva);
                match (error, fault.cause) {
                    (_, GuestFaultCause::GuestPageFault(_)) => {
                        self.stats.guest_page_faults.bump(access)
                    }
                    (
                        TwoStageError::Vs(e)
                        | TwoStageError::G {
                            error: crate::GStageError::Walk(e),
                            ..
                        },
                        _,
                    ) => self.stats.faults.bump(e),
                    _ => {}
                }
                if log::log_enabled!(target: "mmu", log::Level::Debug) {
                    log::debug!(target: "mmu", "two-stage {access:?} gva={:#x}: {error}", gva.0);
                }
                self.guest.last_fault = Some(GuestFaultRecord {
                    gva,
                    access,
                    ctx: *ctx,
                    error,
                });
                Err(fault)
            }
        }
    }

    /// HFENCE.VVMA (section 8.3.1) for the VMID in `hgatp` (`vmid`):
    /// `vaddr` is rs1 when rs1 ≠ x0 (a guest virtual address), `asid` rs2
    /// when rs2 ≠ x0 (a VS-level ASID; global entries are kept, as for
    /// SFENCE.VMA). SFENCE.VMA executed with V = 1 is this fence too
    /// (section 8.2: "SFENCE.VMA ... in VS-mode ... applies to the current
    /// VMID"). Entries of other VMIDs and V = 0 entries stay.
    pub fn hfence_vvma(&mut self, vmid: Vmid, vaddr: Option<VirtAddr>, asid: Option<Asid>) {
        if log::log_enabled!(target: "mmu", log::Level::Trace) {
            log::trace!(target: "mmu", "hfence.vvma vmid={} vaddr={vaddr:x?} asid={asid:?}", vmid.0);
        }
        self.guest.tlb.flush_where(vaddr, |tag, global| {
            tag.vmid() == vmid
                && match asid {
                    None => true,
                    Some(a) => !global && tag.asid() == Some(a),
                }
        });
    }

    /// HFENCE.GVMA (section 8.3.1): `gaddr` is rs1 when rs1 ≠ x0, the guest
    /// physical address (the instruction's rs1 holds it shifted right by
    /// 2: the hart passes `GuestPhysAddr(rs1 << 2)`), `vmid` rs2 when
    /// rs2 ≠ x0 (the hart drops bits at and above VMIDLEN). Because the
    /// TLB caches combined VS+G translations, every entry of the VMID (all
    /// VMIDs for `None`) is dropped whatever `gaddr` is: over-flushing is
    /// allowed.
    pub fn hfence_gvma(&mut self, gaddr: Option<GuestPhysAddr>, vmid: Option<Vmid>) {
        if log::log_enabled!(target: "mmu", log::Level::Trace) {
            log::trace!(target: "mmu", "hfence.gvma gaddr={gaddr:x?} vmid={vmid:?}");
        }
        self.guest
            .tlb
            .flush_where(None, |tag, _| vmid.is_none_or(|v| tag.vmid() == v));
    }

    /// Empties the V = 1 TLB because something its entries do not record
    /// changed: vsatp.MODE, hgatp.MODE, henvcfg.PBMTE or ADUE (see
    /// the invariant of the V = 1 TLB in `virt.rs`). Not a fence.
    pub fn flush_guest_tlb(&mut self) {
        self.guest.tlb.flush();
    }

    /// How many V = 1 TLB entries hold a translation.
    pub fn guest_tlb_occupancy(&self) -> usize {
        self.guest.tlb.occupancy()
    }

    /// The V = 1 TLB entry a translation of `gva` under `ctx` would hit,
    /// changing nothing.
    pub fn peek_guest_tlb(&self, gva: VirtAddr, ctx: &GuestContext) -> Option<CachedTranslation> {
        self.guest
            .tlb
            .peek_tagged(gva, space(ctx))
            .map(|(c, tag)| CachedTranslation {
                asid: tag.asid().unwrap_or_default(),
                ..c
            })
    }

    /// The trace of the last two-stage walk since the previous call (with
    /// [`Mmu::set_walk_tracing`] on): `Some` when that translation walked.
    pub fn take_two_stage_trace(&mut self) -> Option<TwoStageTrace> {
        self.guest.last_walk.take()
    }

    /// `--check-tlb` for V = 1: compares the V = 1 TLB entry for `gva` (if
    /// any) with a side-effect-free two-stage walk under `ctx`; `Some` when
    /// the entry is stale, naming the HFENCE that is missing. Changes
    /// nothing.
    pub fn check_guest_tlb_entry<R: PteReader + ?Sized>(
        &self,
        gva: VirtAddr,
        access: AccessType,
        ctx: &GuestContext,
        mem: &mut R,
    ) -> Option<GuestStaleness> {
        let cached = self.peek_guest_tlb(gva, ctx)?;
        crate::stale_guest::check(cached, gva, access, ctx, mem)
    }

    /// The `--check-tlb` check of a V = 1 hit: warn once per guest page.
    #[cold]
    #[inline(never)]
    fn check_guest_hit<R: PteReader + ?Sized>(
        &mut self,
        gva: VirtAddr,
        access: AccessType,
        ctx: &GuestContext,
        mem: &mut R,
    ) {
        let Some(stale) = self.check_guest_tlb_entry(gva, access, ctx, mem) else {
            return;
        };
        if self
            .guest
            .stale_pages
            .insert((ctx.vmid().0, stale.page().0))
        {
            self.stats.stale_tlb_warnings = self.stats.stale_tlb_warnings.wrapping_add(1);
            log::warn!(target: "mmu::stale", "{stale}");
        }
    }

    /// The most recent two-stage translation fault.
    pub fn last_guest_fault(&self) -> Option<GuestFaultRecord> {
        self.guest.last_fault
    }

    /// The most recent two-stage translation fault, forgetting it.
    pub fn take_last_guest_fault(&mut self) -> Option<GuestFaultRecord> {
        self.guest.last_fault.take()
    }
}

/// A two-stage walk that records its [`TwoStageTrace`].
fn traced_walk<P: PtePort>(
    gva: VirtAddr,
    access: AccessType,
    ctx: &GuestContext,
    mem: &mut P,
    stats: &mut MmuStats,
) -> (Result<TwoStageLeaf, TwoStageError>, TwoStageTrace) {
    let mut vs = None;
    let mut g_walks = Vec::new();
    let sink = TraceSink {
        vs: &mut vs,
        g_walks: &mut g_walks,
    };
    let result = two_stage::walk_two_stage(gva, access, ctx, mem, stats, Some(sink));
    let trace = TwoStageTrace {
        gva,
        access,
        ctx: *ctx,
        vs,
        g_walks,
        result: result.map(|l| l.pa),
    };
    (result, trace)
}

/// Translates `gva` for `access` under `ctx` as [`Mmu::translate_guest`]
/// would on a TLB miss, without any side effect (Svadu updates are "would
/// set"), for `monitor translate`, explanations and the stale-TLB check.
/// A declined update is still seen by the rest of the walk ([`WouldWrite`]):
/// when the VS-level leaf is also a G-stage PTE of the same translation,
/// the G-stage reads it with the A bit the VS update would have set.
pub fn probe_two_stage<R: PteReader + ?Sized>(
    gva: VirtAddr,
    access: AccessType,
    ctx: &GuestContext,
    mem: &mut R,
) -> (Result<TwoStageLeaf, TwoStageError>, TwoStageTrace) {
    let mut scratch = MmuStats::default();
    let (result, mut trace) =
        traced_walk(gva, access, ctx, &mut WouldWrite::new(mem), &mut scratch);
    if let Some(t) = trace.vs.as_mut() {
        t.probe = true;
    }
    (result, trace)
}

/// Guest physical memory as a [`PteReader`]: each address is G-stage
/// translated under `ctx` as a VS-level PTE read would be (a load,
/// section 8.5.1), without side effects, then read from `mem`. With it
/// [`crate::dump_page_tables`]`(vsatp, ...)` dumps the VS-level tree
/// (gdb `monitor pt`) and [`crate::probe()`] walks the VS-stage alone.
#[derive(Debug)]
pub struct GuestPhysReader<'a, R: PteReader + ?Sized> {
    pub ctx: &'a GuestContext,
    pub mem: &'a mut R,
}

impl<R: PteReader + ?Sized> PteReader for GuestPhysReader<'_, R> {
    fn peek_pte(&mut self, gpa: PhysAddr) -> Option<u64> {
        let gpa = GuestPhysAddr(gpa.0);
        let mut scratch = MmuStats::default();
        let mut port = WouldWrite::new(&mut *self.mem);
        let leaf = crate::gstage::g_stage_walk(
            gpa,
            AccessType::Load,
            self.ctx,
            false,
            &mut port,
            &mut scratch,
            &mut (),
        )
        .ok()?;
        self.mem
            .peek_pte(crate::gstage::g_stage_address(gpa, leaf.as_ref()))
    }
}

#[cfg(test)]
mod tests;
