//! Two-stage address translation (Privileged 20211203, section 8.5): the
//! guest virtual address goes through the VS-stage walk of section 4.3.2
//! under `vsatp`, every one of whose PTE accesses is itself a guest
//! physical access translated by the G-stage ("memory accesses made in
//! support of VS-stage address translation ... are subject to G-stage
//! address translation alone", section 8.5), then the resulting guest
//! physical address goes through the G-stage ([`crate::gstage`]) for the
//! original access type.
//!
//! The VS-stage walk is the unchanged walker reading memory through
//! `GStagePort`, a [`PtePort`] whose addresses are guest physical: each
//! PTE read is G-stage translated as a load, each Svadu A/D update as a
//! store ("permissions are checked as though for a load or store, not for
//! the original access type"), and a G-stage failure is remembered so that
//! it can be reported as a guest-page fault on the implicit access ("any
//! exception is always reported for the original access type").

use crate::access::{AccessType, TranslationContext};
use crate::addr::{PhysAddr, VirtAddr};
use crate::fault::WalkError;
use crate::gstage::{g_stage_address, g_stage_walk};
use crate::guest::{GStageError, GuestContext, GuestPhysAddr, ImplicitAccess, TwoStageError};
use crate::mmu::with_pmp_denial;
use crate::perm;
use crate::pmp::PmpDenial;
use crate::port::PtePort;
use crate::pte::Pte;
use crate::stats::MmuStats;
use crate::trace::WalkTrace;
use crate::walk::{self, Leaf, StageRules};

/// Where a successful two-stage walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TwoStageLeaf {
    /// The VS-stage leaf (PTE address guest physical); `None` when `vsatp`
    /// is Bare.
    pub vs: Option<Leaf>,
    /// The guest physical address of the access.
    pub gpa: GuestPhysAddr,
    /// The G-stage leaf of `gpa`; `None` when `hgatp` is Bare.
    pub g: Option<Leaf>,
    /// The supervisor physical address.
    pub pa: PhysAddr,
    /// Some VS-level PTE read succeeded only because of the HS-level MXR
    /// (its G-stage leaf is execute-only): the implicit accesses are loads,
    /// and "Setting MXR at HS-level ... overrides both VS-stage and G-stage
    /// execute-only permissions". A cached translation must then not serve
    /// an access with sstatus.MXR = 0.
    pub implicit_needs_mxr: bool,
}

impl TwoStageLeaf {
    /// The level of the TLB entry that caches this translation: the
    /// smaller page of the two stages (a gva-aligned block of that size
    /// maps to one gpa-aligned block inside one G-stage page).
    pub fn level(&self) -> u32 {
        let vs = self.vs.map_or(u32::MAX, |l| l.level);
        let g = self.g.map_or(u32::MAX, |l| l.level);
        vs.min(g)
    }
}

/// One G-stage translation a two-stage walk made, for traces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GStageWalk {
    pub gpa: GuestPhysAddr,
    /// Load for a VS-level PTE read, store for its A/D update, the original
    /// access type for the final guest physical address.
    pub access: AccessType,
    /// A VS-level PTE access (`true`), or the final gpa.
    pub implicit: bool,
    /// The walk, `None` when it did not start (gpa out of range).
    pub trace: Option<WalkTrace>,
    pub result: Result<PhysAddr, GStageError>,
}

/// The first G-stage failure of an implicit access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ImplicitFailure {
    gpa: GuestPhysAddr,
    error: GStageError,
    write: bool,
}

/// The VS-stage walk's window onto memory: guest physical addresses,
/// translated by the G-stage, then read through `mem` (whose PMP, if any,
/// checks the supervisor physical address).
struct GStagePort<'a, P: PtePort> {
    mem: &'a mut P,
    ctx: &'a GuestContext,
    /// Counters of the G-stage walks (merged by the caller).
    stats: MmuStats,
    failure: Option<ImplicitFailure>,
    /// A G-stage leaf of a VS-level PTE read had R = 0 (MXR let it through).
    needs_mxr: bool,
    /// `--trace-mmu`: every G-stage walk, in order (this debugging path
    /// allocates).
    walks: Option<&'a mut Vec<GStageWalk>>,
}

impl<P: PtePort> GStagePort<'_, P> {
    /// The G-stage translation of the VS-level PTE at `gpa`, as a load
    /// (`write` = false) or store.
    fn translate(&mut self, gpa: GuestPhysAddr, write: bool) -> Option<PhysAddr> {
        let access = if write {
            AccessType::Store
        } else {
            AccessType::Load
        };
        let result = g_stage_traced(
            gpa,
            access,
            true,
            self.ctx,
            false,
            self.mem,
            &mut self.stats,
            self.walks.as_deref_mut(),
        );
        match result {
            Ok((pa, leaf)) => {
                self.needs_mxr |= leaf.is_some_and(|l| !l.pte.r());
                Some(pa)
            }
            Err(error) => {
                self.failure = Some(ImplicitFailure { gpa, error, write });
                None
            }
        }
    }
}

impl<P: PtePort> PtePort for GStagePort<'_, P> {
    fn read_pte(&mut self, gpa: PhysAddr) -> Option<u64> {
        let pa = self.translate(GuestPhysAddr(gpa.0), false)?;
        self.mem.read_pte(pa)
    }
    fn compare_exchange_pte(&mut self, gpa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        let pa = self.translate(GuestPhysAddr(gpa.0), true)?;
        self.mem.compare_exchange_pte(pa, old, new)
    }
    fn take_pmp_denial(&mut self) -> Option<PmpDenial> {
        match self.failure {
            Some(_) => None,
            None => self.mem.take_pmp_denial(),
        }
    }
}

/// A G-stage translation: the supervisor physical address and the leaf
/// (`None` for Bare), recorded in `walks` when tracing.
#[allow(clippy::too_many_arguments)]
fn g_stage_traced<P: PtePort>(
    gpa: GuestPhysAddr,
    access: AccessType,
    implicit: bool,
    ctx: &GuestContext,
    hlvx: bool,
    mem: &mut P,
    stats: &mut MmuStats,
    walks: Option<&mut Vec<GStageWalk>>,
) -> Result<(PhysAddr, Option<Leaf>), GStageError> {
    let with_pa = |leaf: Option<Leaf>| (g_stage_address(gpa, leaf.as_ref()), leaf);
    let Some(walks) = walks else {
        return g_stage_walk(gpa, access, ctx, hlvx, mem, stats, &mut ()).map(with_pa);
    };
    let g_ctx = crate::gstage::g_context(ctx);
    let mut trace = WalkTrace::new(VirtAddr(gpa.0), access, &g_ctx);
    let leaf = g_stage_walk(gpa, access, ctx, hlvx, mem, stats, &mut trace);
    let walked = match leaf {
        Ok(Some(l)) => {
            trace.finish(Ok(l));
            true
        }
        Err(GStageError::Walk(e)) => {
            trace.finish(Err(e));
            true
        }
        _ => false,
    };
    let result = leaf.map(with_pa);
    walks.push(GStageWalk {
        gpa,
        access,
        implicit,
        trace: walked.then_some(trace),
        result: result.map(|(pa, _)| pa),
    });
    result
}

/// The context of the VS-stage walk: `vsatp`, VS/VU, vsstatus.SUM, and
/// MXR = vsstatus.MXR or the HS-level MXR ("Setting MXR at HS-level ...
/// overrides both VS-stage and G-stage execute-only permissions").
#[inline]
pub(crate) fn vs_context(ctx: &GuestContext) -> TranslationContext {
    TranslationContext {
        privilege: ctx.vs_privilege(),
        mxr: ctx.vs.mxr || ctx.hs_mxr,
        ..ctx.vs
    }
}

/// What a traced two-stage walk records besides the G-stage walks.
pub(crate) struct TraceSink<'a> {
    pub vs: &'a mut Option<WalkTrace>,
    pub g_walks: &'a mut Vec<GStageWalk>,
}

/// Translates `gva` for `access` through both stages (section 8.5).
/// `stats` counts the PTE reads and writes of both stages.
pub(crate) fn walk_two_stage<P: PtePort>(
    gva: VirtAddr,
    access: AccessType,
    ctx: &GuestContext,
    mem: &mut P,
    stats: &mut MmuStats,
    trace: Option<TraceSink<'_>>,
) -> Result<TwoStageLeaf, TwoStageError> {
    let (vs_slot, mut g_walks) = match trace {
        Some(TraceSink { vs, g_walks }) => (Some(vs), Some(g_walks)),
        None => (None, None),
    };
    // The VS-stage, unless vsatp is Bare (then gpa = gva).
    let vs_leaf = if ctx.vs_is_bare() {
        None
    } else {
        let vs_ctx = vs_context(ctx);
        let rules = StageRules {
            g_stage: false,
            hlvx: ctx.hlvx,
        };
        let mut port = GStagePort {
            mem: &mut *mem,
            ctx,
            stats: MmuStats::default(),
            failure: None,
            needs_mxr: false,
            walks: g_walks.as_deref_mut(),
        };
        let result = match vs_slot {
            Some(slot) => {
                let mut t = WalkTrace::new(gva, access, &vs_ctx);
                let r = walk::walk_steps(gva, access, &vs_ctx, rules, &mut port, stats, &mut t);
                t.finish(r);
                *slot = Some(t);
                r
            }
            None => walk::walk_steps(gva, access, &vs_ctx, rules, &mut port, stats, &mut ()),
        };
        stats.pte_reads = stats.pte_reads.wrapping_add(port.stats.pte_reads);
        stats.pte_writes = stats.pte_writes.wrapping_add(port.stats.pte_writes);
        stats.walk_restarts = stats.walk_restarts.wrapping_add(port.stats.walk_restarts);
        match result {
            Ok(leaf) => Some((leaf, port.needs_mxr)),
            Err(e) => return Err(implicit_or_vs_error(e, port.failure, &mut port)),
        }
    };
    let (vs_leaf, implicit_needs_mxr) = match vs_leaf {
        Some((leaf, needs_mxr)) => (Some(leaf), needs_mxr),
        None => (None, false),
    };
    let gpa = GuestPhysAddr(match vs_leaf {
        Some(l) => l.physical_address(gva).0,
        None => gva.0,
    });
    // The G-stage of the final guest physical address, for the original
    // access type (HLVX: execute in place of read).
    let (pa, g_leaf) = g_stage_traced(gpa, access, false, ctx, ctx.hlvx, mem, stats, g_walks)
        .map_err(|error| TwoStageError::G {
            gpa,
            error,
            implicit: None,
        })?;
    Ok(TwoStageLeaf {
        vs: vs_leaf,
        gpa,
        g: g_leaf,
        pa,
        implicit_needs_mxr,
    })
}

/// A VS-stage walk error: a G-stage failure of the implicit access that
/// caused it, else the VS-stage error (a PMP denial of the PTE's
/// supervisor physical address named).
fn implicit_or_vs_error<P: PtePort>(
    error: WalkError,
    failure: Option<ImplicitFailure>,
    port: &mut GStagePort<'_, P>,
) -> TwoStageError {
    let level = match error {
        WalkError::PteAccessFault { level, .. } | WalkError::PteUpdateAccessFault { level, .. } => {
            Some(level)
        }
        _ => None,
    };
    match (failure, level) {
        (Some(f), Some(vs_level)) => TwoStageError::G {
            gpa: f.gpa,
            error: f.error,
            implicit: Some(ImplicitAccess {
                vs_level,
                write: f.write,
            }),
        },
        _ => TwoStageError::Vs(with_pmp_denial(error, port)),
    }
}

/// The bit of the G-stage half of [`combined_grants`] for `access` under
/// the HS-level MXR: 3 access types × MXR, above the 24 bits of
/// [`perm::grant_mask`].
#[inline(always)]
pub(crate) const fn g_grant_bit(access: AccessType, hs_mxr: bool) -> u32 {
    1 << (24 + (access as u32) * 2 + hs_mxr as u32)
}

/// The grant mask of a V = 1 TLB entry: [`perm::grant_mask`] of the
/// VS-stage leaf (all ones when vsatp is Bare) in bits 23:0, and the
/// G-stage leaf's grants (U-mode, HS-level MXR; all ones when hgatp is
/// Bare) in bits 29:24. A hit needs its VS bit and its G bit.
pub(crate) fn combined_grants(vs: Option<Pte>, g: Option<Pte>) -> u32 {
    let vs_mask = vs.map_or(0x00ff_ffff, perm::grant_mask);
    let g_mask = match g {
        None => 0x3f << 24,
        Some(pte) => {
            let mut m = 0;
            for access in [AccessType::Fetch, AccessType::Load, AccessType::Store] {
                let needed = perm::required_ad(access);
                for mxr in [false, true] {
                    let ok = pte.0 & needed == needed
                        && perm::check_leaf(pte, access, crate::Privilege::User, false, mxr)
                            .is_ok();
                    if ok {
                        m |= g_grant_bit(access, mxr);
                    }
                }
            }
            m
        }
    };
    vs_mask | g_mask
}

/// The G-stage grant bits of accesses with sstatus.MXR = 0.
pub(crate) const G_GRANTS_WITHOUT_MXR: u32 = g_grant_bit(AccessType::Fetch, false)
    | g_grant_bit(AccessType::Load, false)
    | g_grant_bit(AccessType::Store, false);

/// The grant bits a TLB hit needs for `access` under `ctx`.
#[inline(always)]
pub(crate) fn needed_grants(access: AccessType, ctx: &GuestContext) -> u32 {
    perm::grant_bit(
        access,
        ctx.vs_privilege(),
        ctx.vs.sum,
        ctx.vs.mxr || ctx.hs_mxr,
    ) | g_grant_bit(access, ctx.hs_mxr)
}
