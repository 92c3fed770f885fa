//! The stale-TLB check (`--check-tlb`): compare a cached translation with
//! what a side-effect-free walk of the current page tables gives.
//!
//! A stale entry is legal: after a PTE change, an implementation may keep
//! using the old translation until an `SFENCE.VMA` orders the change before
//! later accesses (Privileged 20211203, section 4.2.1), so rvmmu keeps
//! serving it, as hardware would. The check only tells the
//! person debugging a guest that the guest changed a PTE and forgot the
//! fence that would make the change visible.

use core::fmt;

use crate::access::TranslationContext;
use crate::addr::{PhysAddr, VirtAddr, PAGE_SHIFT};
use crate::explain::explain;
use crate::fault::WalkError;
use crate::pte::{Pte, PteFlags};
use crate::tlb::CachedTranslation;
use crate::trace::{page_size_name, WalkOutcome, WalkTrace};

/// The flag bits whose change matters for access (V R W X U G).
const PERMISSION_BITS: u8 = (Pte::V | Pte::R | Pte::W | Pte::X | Pte::U | Pte::G) as u8;
/// A and D.
const AD_BITS: u8 = (Pte::A | Pte::D) as u8;

/// How a cached entry differs from the page tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaleKind {
    /// A walk now faults for the access the entry allowed.
    NowFaults(WalkError),
    /// The walk now maps the address to another physical byte or memory
    /// type (a page of another size that maps it to the same byte with the
    /// same bits is not stale for that address).
    Remapped,
    /// Same page, different V/R/W/X/U/G bits.
    Permissions,
    /// Same page and permissions, but A or D is clear in memory and set in
    /// the entry: software cleared it without a fence (Linux does this on
    /// purpose when it ages pages), so the bit will not be set again until
    /// the entry leaves the TLB.
    AccessedDirtyCleared,
}

/// A TLB entry that disagrees with the page tables: the address, the
/// cached translation and the current walk. `Display` gives one line with
/// the cached and the current PTE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staleness {
    pub kind: StaleKind,
    pub cached: CachedTranslation,
    /// The side-effect-free walk of the same address ([`crate::probe()`]).
    pub current: WalkTrace,
}

impl Staleness {
    /// The virtual address checked.
    pub const fn va(&self) -> VirtAddr {
        self.current.va
    }
    /// The first byte of the cached virtual page (the unit a warning should
    /// be given once for).
    pub const fn page(&self) -> VirtAddr {
        let low = (1u64 << (PAGE_SHIFT + 9 * self.cached.level)) - 1;
        VirtAddr(self.current.va.0 & !low)
    }
}

/// The leaf a walk found, as it stands in memory (before any A/D update
/// the walk made or would make), with its level; for a walk that failed at
/// step 5, 6 or 7, the leaf that refused.
fn current_leaf(trace: &WalkTrace) -> Option<(u32, Pte)> {
    let level = match trace.outcome {
        WalkOutcome::Translated(leaf) => leaf.level,
        WalkOutcome::Failed(
            WalkError::PermissionDenied { level, .. }
            | WalkError::MisalignedSuperpage { level, .. }
            | WalkError::AccessedClear { level, .. }
            | WalkError::DirtyClear { level, .. },
        ) => u32::from(level),
        _ => return None,
    };
    trace
        .level(level)
        .and_then(|r| r.pte)
        .map(|pte| (level, pte))
}

/// Compares a cached translation with a side-effect-free walk of the same
/// virtual address, for the access the TLB just granted. `None` when they
/// agree (D set in memory but not in the entry counts as agreeing: a store
/// through that entry goes back to the walker anyway), or when `probe` did
/// not walk (M-mode or Bare: the TLB is not consulted then).
pub fn tlb_entry_is_stale(cached: &CachedTranslation, probe: &WalkTrace) -> Option<Staleness> {
    let stale = |kind| {
        Some(Staleness {
            kind,
            cached: *cached,
            current: *probe,
        })
    };
    if let WalkOutcome::Bare = probe.outcome {
        return None;
    }
    let Some((level, pte)) = current_leaf(probe) else {
        return match probe.outcome {
            WalkOutcome::Failed(e) => stale(StaleKind::NowFaults(e)),
            _ => None,
        };
    };
    // Step 8 for the probed address, under the current leaf and under the
    // cached entry: a superpage split into (or built from) smaller pages
    // that map this address to the same byte with the same bits is not
    // stale for this access (Linux splits its linear map this way).
    let now = crate::walk::Leaf {
        pte,
        level,
        pte_addr: PhysAddr(0),
        global: false,
    };
    if now.physical_address(probe.va) != cached.physical_address(probe.va)
        || pte.memory_type() != cached.memory_type
    {
        return stale(StaleKind::Remapped);
    }
    let now = pte.0 as u8;
    if (now ^ cached.flags) & PERMISSION_BITS != 0 {
        return stale(StaleKind::Permissions);
    }
    if cached.flags & AD_BITS & !now != 0 {
        return stale(StaleKind::AccessedDirtyCleared);
    }
    if let WalkOutcome::Failed(e) = probe.outcome {
        // The same page and flags, yet a fault: a superpage PPN that lost
        // its alignment, or an access the entry should not have granted.
        return stale(StaleKind::NowFaults(e));
    }
    None
}

/// Checks the entry `tlb` holds for `va` against a probe of the current
/// page tables: the one call `--check-tlb` makes after a TLB hit.
pub fn check<R: crate::port::PteReader + ?Sized>(
    cached: Option<CachedTranslation>,
    va: VirtAddr,
    access: crate::AccessType,
    ctx: &TranslationContext,
    mem: &mut R,
) -> Option<Staleness> {
    let cached = cached?;
    let (_, trace) = crate::probe::probe(va, access, ctx, mem);
    tlb_entry_is_stale(&cached, &trace)
}

impl fmt::Display for Staleness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.cached;
        let t = &self.current;
        write!(
            f,
            "stale TLB entry for va {:#x} (asid {}{}): cached {} page pa {:#x} [{}]",
            t.va.0,
            c.asid.0,
            if c.global { ", global" } else { "" },
            page_size_name(c.level),
            c.pa_base.0,
            PteFlags(Pte(u64::from(c.flags)))
        )?;
        // The lowest level the walk read: the PTE that now decides.
        let last = (0..3u32).find_map(|i| t.level(i).map(|r| (i, r)));
        match (self.kind, last) {
            (StaleKind::NowFaults(e), Some((i, read))) => write!(
                f,
                ", but the level {i} PTE at {:#x} is now {}: {}",
                read.pte_addr.0,
                RawPte(read.pte),
                explain(e, t.access, t.privilege)
            )?,
            (StaleKind::NowFaults(e), None) => write!(
                f,
                ", but a walk now faults: {}",
                explain(e, t.access, t.privilege)
            )?,
            (kind, Some((i, read))) => {
                let what = match kind {
                    StaleKind::Remapped => "remapped",
                    StaleKind::Permissions => "permissions changed",
                    _ => "A/D cleared",
                };
                let pa = read.pte.map_or(PhysAddr(0), |p| {
                    PhysAddr(p.ppn().base().0 & !((1u64 << (PAGE_SHIFT + 9 * i)) - 1))
                });
                write!(
                    f,
                    ", current level {i} PTE at {:#x} = {}: {} page pa {:#x} ({what})",
                    read.pte_addr.0,
                    RawPte(read.pte),
                    page_size_name(i),
                    pa.0
                )?
            }
            (_, None) => {}
        }
        write!(
            f,
            " — sfence.vma missing after a PTE change? (Privileged 20211203 §4.2.1)"
        )
    }
}

/// A PTE value with its flags, or "not main memory".
struct RawPte(Option<Pte>);

impl fmt::Display for RawPte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(p) => write!(
                f,
                "{:#018x} [{}{}]",
                p.0,
                if p.is_valid() { 'v' } else { '-' },
                PteFlags(p)
            ),
            None => write!(f, "(not main memory)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AccessType, AdPolicy};
    use crate::mmu::Mmu;
    use crate::test_memory::*;
    use AccessType::{Load, Store};

    const RWAD: u64 = Pte::R | Pte::W | Pte::A | Pte::D;

    /// root[1] -> page 1 -> page 2; page2[3] = `leaf_pte`; a 2 MiB leaf in
    /// page1[5].
    fn tables(leaf_pte: u64) -> (TestMemory, crate::PhysAddr) {
        let mut m = TestMemory::new(3);
        m.set_pte(0, 1, pointer(1));
        m.set_pte(1, 2, pointer(2));
        m.set_pte(1, 5, leaf(0x80400, RWAD));
        let at = m.set_pte(2, 3, leaf_pte);
        (m, at)
    }

    /// Fills the TLB for `v` with `access`, applies `change` to memory, and
    /// checks the entry.
    fn after_change(
        leaf_pte: u64,
        v: VirtAddr,
        access: AccessType,
        change: impl FnOnce(&mut TestMemory, crate::PhysAddr),
    ) -> Option<Staleness> {
        let (mut m, at) = tables(leaf_pte);
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        mmu.translate(v, access, &c, &mut m).unwrap();
        assert!(
            mmu.check_tlb_entry(v, access, &c, &mut m).is_none(),
            "fresh entry"
        );
        change(&mut m, at);
        // The TLB still serves the old translation (no sfence.vma)...
        let walks = mmu.stats().walks;
        assert!(mmu.translate(v, access, &c, &mut m).is_ok());
        assert_eq!(mmu.stats().walks, walks, "served by the TLB");
        // ...and the check sees the difference, without touching the TLB.
        let found = mmu.check_tlb_entry(v, access, &c, &mut m);
        assert_eq!(mmu.stats().walks, walks);
        // After a fence the entry is gone and nothing is stale.
        mmu.sfence_vma(Some(v), None);
        assert!(mmu.check_tlb_entry(v, access, &c, &mut m).is_none());
        found
    }

    #[test]
    fn pte_change_without_sfence_is_detected_by_kind() {
        let v = va(1, 2, 3, 0x40);
        // (change to the leaf, expected kind); None: nothing to report.
        let table: &[(u64, Option<StaleKind>)] = &[
            (leaf(0x12345, RWAD), None),
            (leaf(0x54321, RWAD), Some(StaleKind::Remapped)),
            (
                leaf(0x12345, Pte::R | Pte::A | Pte::D),
                Some(StaleKind::Permissions),
            ),
            (leaf(0x12345, RWAD | Pte::U), Some(StaleKind::Permissions)),
            (
                leaf(0x12345, Pte::R | Pte::W | Pte::A),
                Some(StaleKind::AccessedDirtyCleared),
            ),
        ];
        for &(new, kind) in table {
            let got = after_change(leaf(0x12345, RWAD), v, Store, |m, at| m.set(at, new));
            assert_eq!(got.map(|s| s.kind), kind, "new pte {new:#x}");
        }
        // Invalidated: the walk now faults at step 3.
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, at| m.set(at, 0)).unwrap();
        assert!(matches!(
            got.kind,
            StaleKind::NowFaults(WalkError::InvalidPte { level: 0, .. })
        ));
        // A/D cleared under Svade: the walk faults on A, but that is the
        // A/D kind, not a fault of the mapping.
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, at| {
            m.set(at, leaf(0x12345, Pte::R | Pte::W))
        });
        assert_eq!(got.map(|s| s.kind), Some(StaleKind::AccessedDirtyCleared));
        // D set in memory but not in the entry: nothing to report.
        let got = after_change(leaf(0x12345, Pte::R | Pte::A), v, Load, |m, at| {
            m.set(at, leaf(0x12345, Pte::R | Pte::A | Pte::D))
        });
        assert_eq!(got, None);
    }

    #[test]
    fn pointer_change_and_superpage_are_detected() {
        // The level 1 pointer now points at an empty table.
        let v = va(1, 2, 3, 0);
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, _| {
            m.set_pte(1, 2, pointer(0));
        })
        .unwrap();
        assert!(matches!(
            got.kind,
            StaleKind::NowFaults(WalkError::InvalidPte { level: 0, .. })
        ));
        // A 2 MiB leaf replaced by a pointer to 4 KiB pages.
        let v = va(1, 5, 3, 0);
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, _| {
            m.set_pte(1, 5, pointer(2));
        })
        .unwrap();
        assert_eq!(got.kind, StaleKind::Remapped);
        assert_eq!(got.cached.level, 1);
        assert_eq!(got.page(), va(1, 5, 0, 0));
        // Split into 4 KiB pages that map this byte where the megapage did,
        // with the same bits: the cached entry still gives the right answer.
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, _| {
            m.set_pte(1, 5, pointer(2));
            m.set_pte(2, 3, leaf(0x80403, RWAD));
        });
        assert_eq!(got, None);
        // The megapage's PPN loses its alignment: the walk now faults.
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, _| {
            m.set_pte(1, 5, leaf(0x80401, RWAD));
        })
        .unwrap();
        assert!(matches!(
            got.kind,
            StaleKind::NowFaults(WalkError::MisalignedSuperpage { level: 1, .. })
        ));
    }

    #[test]
    fn staleness_display_golden() {
        let v = va(1, 2, 3, 0x40);
        let got = after_change(leaf(0x12345, RWAD), v, Store, |m, at| {
            m.set(at, leaf(0x54321, RWAD))
        })
        .unwrap();
        assert_eq!(
            got.to_string(),
            "stale TLB entry for va 0x40403040 (asid 1): cached 4 KiB page pa 0x12345000 \
             [rw---ad], current level 0 PTE at 0x80002018 = 0x00000000150c84c7 [vrw---ad]: \
             4 KiB page pa 0x54321000 (remapped) — sfence.vma missing after a PTE change? \
             (Privileged 20211203 §4.2.1)"
        );
        let got = after_change(leaf(0x12345, RWAD), v, Load, |m, at| m.set(at, 0)).unwrap();
        assert_eq!(
            got.to_string(),
            "stale TLB entry for va 0x40403040 (asid 1): cached 4 KiB page pa 0x12345000 \
             [rw---ad], but the level 0 PTE at 0x80002018 is now 0x0000000000000000 \
             [--------]: nothing is mapped there: the level 0 PTE has V=0 — Privileged \
             20211203 §4.3.2 step 3 — sfence.vma missing after a PTE change? \
             (Privileged 20211203 §4.2.1)"
        );
    }

    #[test]
    fn entries_of_the_old_satp_are_not_reported_until_the_fence() {
        let v = va(1, 2, 3, 0);
        let (mut m, at) = tables(leaf(0x12345, RWAD));
        let mut mmu = Mmu::new();
        let c = ctx(AdPolicy::Svade);
        mmu.translate(v, Load, &c, &mut m).unwrap();
        // The "new" tables map v elsewhere; satp written, no fence yet.
        m.set(at, leaf(0x54321, RWAD));
        mmu.note_satp_write();
        assert_eq!(mmu.check_tlb_entry(v, Load, &c, &mut m), None);
        // A fence ends the window (it also empties the entry: refill it).
        mmu.sfence_vma(Some(va(2, 0, 0, 0)), None);
        assert_eq!(
            mmu.check_tlb_entry(v, Load, &c, &mut m).map(|s| s.kind),
            Some(StaleKind::Remapped)
        );
    }
}
