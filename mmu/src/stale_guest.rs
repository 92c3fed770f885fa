//! `--check-tlb` for V = 1 entries: a cached combined translation compared
//! with a fresh, side-effect-free two-stage walk, naming the fence the
//! guest or the hypervisor forgot (Privileged 20211203, section 8.3.1:
//! HFENCE.VVMA orders VS-level page-table stores before later implicit
//! VS-stage accesses, HFENCE.GVMA the G-stage's).

use core::fmt;

use crate::access::AccessType;
use crate::addr::{VirtAddr, PAGE_SHIFT};
use crate::guest::{GuestContext, Stage, TwoStageError};
use crate::hgatp::Vmid;
use crate::port::PteReader;
use crate::tlb::CachedTranslation;
use crate::trace_two_stage::TwoStageTrace;
use crate::two_stage::combined_grants;
use crate::virt::probe_two_stage;

/// How a cached V = 1 entry differs from the page tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuestStaleKind {
    /// A two-stage walk now faults for the access the entry allowed.
    NowFaults(TwoStageError),
    /// The gva now translates to another supervisor physical address.
    Remapped,
    /// Same address, but a leaf of one stage now grants less (R/W/X/U
    /// cleared, or A/D cleared).
    Permissions(Stage),
}

/// The fence that would have removed the entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingFence {
    /// The VS-level tables changed: HFENCE.VVMA (or SFENCE.VMA in the guest).
    Vvma,
    /// The G-stage tables changed: HFENCE.GVMA.
    Gvma,
    /// Both stages translate and the entry does not say which changed.
    VvmaOrGvma,
}

impl MissingFence {
    /// What to tell the user.
    pub const fn describe(self) -> &'static str {
        match self {
            MissingFence::Vvma => "HFENCE.VVMA (SFENCE.VMA in the guest)",
            MissingFence::Gvma => "HFENCE.GVMA",
            MissingFence::VvmaOrGvma => "HFENCE.VVMA or HFENCE.GVMA",
        }
    }
}

/// A stale V = 1 entry: what it caches and what a walk finds now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestStaleness {
    pub kind: GuestStaleKind,
    pub missing: MissingFence,
    pub vmid: Vmid,
    pub cached: CachedTranslation,
    /// The side-effect-free two-stage walk of the same gva.
    pub current: TwoStageTrace,
}

impl GuestStaleness {
    /// The first byte of the cached guest virtual page.
    pub const fn page(&self) -> VirtAddr {
        let low = (1u64 << (PAGE_SHIFT + 9 * self.cached.level)) - 1;
        VirtAddr(self.current.gva.0 & !low)
    }
}

/// Compares `cached` (the V = 1 entry for `gva`) with a fresh two-stage
/// walk for `access` under `ctx`; `None` when they agree.
pub(crate) fn check<R: PteReader + ?Sized>(
    cached: CachedTranslation,
    gva: VirtAddr,
    access: AccessType,
    ctx: &GuestContext,
    mem: &mut R,
) -> Option<GuestStaleness> {
    let (result, current) = probe_two_stage(gva, access, ctx, mem);
    let stale = |kind, missing| {
        Some(GuestStaleness {
            kind,
            missing,
            vmid: ctx.vmid(),
            cached,
            current: current.clone(),
        })
    };
    let both = if ctx.vs_is_bare() {
        MissingFence::Gvma
    } else if ctx.hgatp.is_bare() {
        MissingFence::Vvma
    } else {
        MissingFence::VvmaOrGvma
    };
    let leaf = match result {
        Ok(leaf) => leaf,
        Err(e) => {
            let missing = match e {
                TwoStageError::Vs(_) => MissingFence::Vvma,
                _ => MissingFence::Gvma,
            };
            return stale(GuestStaleKind::NowFaults(e), missing);
        }
    };
    if leaf.pa != cached.physical_address(gva) {
        return stale(GuestStaleKind::Remapped, both);
    }
    // Grants the entry has and a walk would not give now.
    let now = combined_grants(leaf.vs.map(|l| l.pte), leaf.g.map(|l| l.pte));
    let lost = cached.grants & !now;
    if lost & 0x00ff_ffff != 0 {
        return stale(GuestStaleKind::Permissions(Stage::Vs), MissingFence::Vvma);
    }
    if lost != 0 {
        return stale(GuestStaleKind::Permissions(Stage::G), MissingFence::Gvma);
    }
    None
}

impl fmt::Display for GuestStaleness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "stale V=1 TLB entry for gva {:#x} (VMID {}, asid {}): cached spa {:#x}",
            self.current.gva.0,
            self.vmid.0,
            self.cached.asid.0,
            self.cached.physical_address(self.current.gva).0
        )?;
        match (&self.kind, &self.current.result) {
            (GuestStaleKind::NowFaults(e), _) => {
                write!(f, ", but a two-stage walk now faults: {e}")?
            }
            (GuestStaleKind::Remapped, Ok(pa)) => {
                write!(f, ", but the tables now give spa {:#x}", pa.0)?
            }
            (GuestStaleKind::Remapped, Err(_)) => write!(f, ", but the tables changed")?,
            (GuestStaleKind::Permissions(stage), _) => {
                write!(f, ", but the {} leaf now grants less", stage.name())?
            }
        }
        write!(f, " (missing {})", self.missing.describe())
    }
}
