//! G-stage translation: guest physical → supervisor physical under
//! `hgatp` (Privileged 20211203, section 8.5.1, "Guest Physical Address
//! Translation"), as the walk of section 4.3.2 with the differences the
//! section lists:
//! - "hgatp substitutes for the usual satp", the root table is 16 KiB
//!   ("the size of the incoming address is widened by 2 bits");
//! - for Sv39x4 "address bits 63:41 must all be zeros, or else a
//!   guest-page-fault exception occurs" (63:50 Sv48x4, 63:59 Sv57x4);
//! - "when checking the U bit, the current privilege mode is always taken
//!   to be U-mode";
//! - only the HS-level MXR applies ("Setting MXR at VS-level does not
//!   override guest-physical page protections");
//! - "guest-page-fault exceptions are raised instead of regular page-fault
//!   exceptions" (see [`crate::guest::TwoStageError::to_fault`]).

use crate::access::{AccessType, Privilege, TranslationContext};
use crate::addr::{PhysAddr, VirtAddr};
use crate::guest::{GStageError, GuestContext, GuestPhysAddr};
use crate::mmu::with_pmp_denial;
use crate::port::PtePort;
use crate::stats::MmuStats;
use crate::walk::{self, Leaf, StageRules, WalkObserver};

/// The context the walk of section 4.3.2 runs under for the G-stage: the
/// `satp`-shaped view of `hgatp`, U-mode, SUM irrelevant, the HS-level
/// MXR, and menvcfg's A/D policy and PBMTE.
#[inline]
pub(crate) fn g_context(ctx: &GuestContext) -> TranslationContext {
    TranslationContext {
        privilege: Privilege::User,
        sum: false,
        mxr: ctx.hs_mxr,
        satp: ctx.hgatp.as_satp(),
        ad: ctx.g_ad,
        pbmte: ctx.g_pbmte,
        napot: ctx.vs.napot,
    }
}

/// Translates `gpa` for `access` through the G-stage. `Ok(None)` when
/// `hgatp` is Bare ("guest physical addresses are equal to supervisor
/// physical addresses without modification, and no memory protection
/// applies"); `hlvx` asks for execute permission in place of read.
pub(crate) fn g_stage_walk<P: PtePort, O: WalkObserver>(
    gpa: GuestPhysAddr,
    access: AccessType,
    ctx: &GuestContext,
    hlvx: bool,
    mem: &mut P,
    stats: &mut MmuStats,
    observer: &mut O,
) -> Result<Option<Leaf>, GStageError> {
    let Some(mode) = ctx.hgatp.mode().filter(|m| m.levels() != 0) else {
        return Ok(None);
    };
    let gpa_bits = mode.gpa_bits();
    if gpa.0 >> gpa_bits != 0 {
        return Err(GStageError::OutOfRange {
            gpa_bits: gpa_bits as u8,
        });
    }
    let rules = StageRules {
        g_stage: true,
        hlvx,
    };
    walk::walk_steps(
        VirtAddr(gpa.0),
        access,
        &g_context(ctx),
        rules,
        mem,
        stats,
        observer,
    )
    .map(Some)
    .map_err(|e| GStageError::Walk(with_pmp_denial(e, mem)))
}

/// The supervisor physical address of `gpa` through `leaf` (identity for
/// Bare).
#[inline]
pub(crate) fn g_stage_address(gpa: GuestPhysAddr, leaf: Option<&Leaf>) -> PhysAddr {
    match leaf {
        Some(l) => l.physical_address(VirtAddr(gpa.0)),
        None => PhysAddr(gpa.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::AdPolicy;
    use crate::fault::WalkError;
    use crate::hgatp::{GStageMode, Hgatp, Vmid};
    use crate::perm::PermissionRule;
    use crate::pte::Pte;
    use crate::test_memory::*;
    use crate::Ppn;
    use AccessType::{Fetch, Load, Store};

    const URWX: u64 = Pte::U | Pte::R | Pte::W | Pte::X | Pte::A | Pte::D;

    /// A guest context whose G-stage root is the 16 KiB table in pages
    /// 0..=3 (the VS-stage Bare).
    fn gctx(mode: GStageMode) -> GuestContext {
        GuestContext {
            vs: ctx(AdPolicy::Svade),
            hgatp: Hgatp::new(mode, Vmid(1), Ppn(BASE_PPN)),
            hs_mxr: false,
            g_ad: AdPolicy::Svade,
            g_pbmte: false,
            hlvx: false,
        }
    }

    fn run(
        m: &mut TestMemory,
        gpa: u64,
        access: AccessType,
        c: &GuestContext,
    ) -> Result<Option<Leaf>, GStageError> {
        g_stage_walk(
            GuestPhysAddr(gpa),
            access,
            c,
            c.hlvx,
            m,
            &mut MmuStats::default(),
            &mut (),
        )
    }

    #[test]
    fn sv39x4_root_index_has_11_bits_over_a_16_kib_table() {
        // gpa 0x1ff_4000_0000 has VPN[2] = 0x7fd: entry 0x7fd of the root,
        // which lies in its fourth page (0x7fd * 8 = 0x3fe8).
        let mut m = TestMemory::new(4);
        let gpa = 0x1ff_4000_0000u64;
        assert_eq!(gpa >> 30, 0x7fd);
        m.set_pte(3, 0x1fd, leaf(0x40000, URWX));
        let got = run(&mut m, gpa + 0x123, Load, &gctx(GStageMode::Sv39x4));
        let leaf = got.unwrap().unwrap();
        assert_eq!(leaf.pte_addr, PhysAddr(BASE + 0x3fe8));
        assert_eq!(
            g_stage_address(GuestPhysAddr(gpa + 0x123), Some(&leaf)),
            PhysAddr(0x4000_0123)
        );
    }

    #[test]
    fn gpa_bits_above_the_mode_width_are_a_guest_page_fault() {
        let mut m = TestMemory::new(4);
        // (mode, first gpa that is out of range)
        let table = [
            (GStageMode::Sv39x4, 1u64 << 41),
            (GStageMode::Sv48x4, 1 << 50),
            (GStageMode::Sv57x4, 1 << 59),
        ];
        for (mode, bad) in table {
            let want = Err(GStageError::OutOfRange {
                gpa_bits: mode.gpa_bits() as u8,
            });
            for gpa in [bad, bad | 0x1000, u64::MAX] {
                assert_eq!(
                    run(&mut m, gpa, Load, &gctx(mode)),
                    want,
                    "{mode:?} {gpa:#x}"
                );
            }
            // The highest in-range gpa walks (and finds V = 0).
            let err = run(&mut m, bad - 1, Load, &gctx(mode)).unwrap_err();
            assert!(matches!(
                err,
                GStageError::Walk(WalkError::InvalidPte { .. })
            ));
        }
    }

    #[test]
    fn g_stage_leaf_with_u_clear_faults_every_access() {
        let mut m = TestMemory::new(4);
        m.set_pte(0, 1, leaf(0x40000, URWX & !Pte::U));
        for access in [Fetch, Load, Store] {
            let err = run(&mut m, 1 << 30, access, &gctx(GStageMode::Sv39x4)).unwrap_err();
            assert!(
                matches!(
                    err,
                    GStageError::Walk(WalkError::PermissionDenied {
                        rule: PermissionRule::UserNeedsU,
                        ..
                    })
                ),
                "{access:?}: {err:?}"
            );
        }
    }

    #[test]
    fn g_stage_superpages_at_every_level() {
        // Sv57x4: a leaf at level 4 (256 TiB), 3, 2, 1 and 0.
        for level in 0..5u32 {
            let mut m = TestMemory::new(8);
            let gpa = 0x0000_1234_5678_9abcu64;
            let mut table = 0u64;
            for i in (level + 1..5).rev() {
                let vpn = if i == 4 {
                    (gpa >> 48) & 0x7ff
                } else {
                    (gpa >> (12 + 9 * i)) & 0x1ff
                };
                let next = 4 + (4 - i) as u64;
                m.set(PhysAddr(TestMemory::page(table).0 + vpn * 8), pointer(next));
                table = next;
            }
            let vpn = if level == 4 {
                (gpa >> 48) & 0x7ff
            } else {
                (gpa >> (12 + 9 * level)) & 0x1ff
            };
            let spa_base = 1u64 << 50;
            m.set(
                PhysAddr(TestMemory::page(table).0 + vpn * 8),
                leaf(spa_base >> 12, URWX),
            );
            let l = run(&mut m, gpa, Store, &gctx(GStageMode::Sv57x4))
                .unwrap()
                .unwrap();
            let low = (1u64 << (12 + 9 * level)) - 1;
            assert_eq!(l.level, level);
            assert_eq!(
                g_stage_address(GuestPhysAddr(gpa), Some(&l)),
                PhysAddr(spa_base | (gpa & low)),
                "level {level}"
            );
        }
    }

    #[test]
    fn g_bit_is_ignored_in_g_stage_ptes() {
        let mut m = TestMemory::new(4);
        m.set_pte(0, 1, leaf(0x40000, URWX | Pte::G));
        let l = run(&mut m, 1 << 30, Load, &gctx(GStageMode::Sv39x4))
            .unwrap()
            .unwrap();
        assert!(!l.global);
    }

    #[test]
    fn hs_mxr_makes_execute_only_g_stage_pages_readable_and_hlvx_needs_x() {
        let mut m = TestMemory::new(4);
        m.set_pte(0, 1, leaf(0x40000, Pte::U | Pte::X | Pte::A));
        m.set_pte(0, 2, leaf(0x80000, Pte::U | Pte::R | Pte::A));
        let mut c = gctx(GStageMode::Sv39x4);
        assert!(run(&mut m, 1 << 30, Load, &c).is_err());
        c.hs_mxr = true;
        assert!(run(&mut m, 1 << 30, Load, &c).is_ok());
        c.hs_mxr = false;
        c.hlvx = true;
        assert!(
            run(&mut m, 1 << 30, Load, &c).is_ok(),
            "X without R: HLVX reads"
        );
        let err = run(&mut m, 2 << 30, Load, &c).unwrap_err();
        assert!(matches!(
            err,
            GStageError::Walk(WalkError::PermissionDenied {
                rule: PermissionRule::HlvxNotExecutable,
                ..
            })
        ));
    }

    #[test]
    fn bare_hgatp_is_the_identity() {
        let mut m = TestMemory::new(1);
        let got = run(&mut m, u64::MAX - 7, Store, &gctx(GStageMode::Bare));
        assert_eq!(got, Ok(None));
        assert_eq!(
            g_stage_address(GuestPhysAddr(0x1234), None),
            PhysAddr(0x1234)
        );
    }
}
