//! Two-stage translation against a composed reference (Privileged
//! 20211203, section 8.5): random page tables serve as VS-level tables (in
//! guest physical space) and as G-stage tables (in supervisor physical
//! space); every `translate_guest`, TLB hit or walk, must equal the
//! reference's VS walk whose PTE addresses go through the reference G
//! walk, with the same cause, `htval` and `htinst`, and leave memory (A/D
//! updates) as the reference does. Two guests (VMIDs) with different
//! G-stage roots share the TLB; random HFENCEs come and go; a changed PTE
//! is followed by HFENCE.GVMA of all VMIDs, which must make it visible.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod reference;

use mmu::{
    AccessType, AdPolicy, Asid, GStageMode, GuestContext, GuestPhysAddr, Hgatp, Mmu, Ppn,
    Privilege, Satp, SatpMode, TranslationContext, VirtAddr, Vmid,
};
use proptest::prelude::*;
use reference::two_stage::{self, StageRef};
use reference::{gen, Phys};

/// A guest: (VMID, G-stage root table (16 KiB aligned), VS root table).
const GUESTS: [(u16, usize, usize); 2] = [(1, 0, 4), (2, 4, 5)];

/// The guest-side state of one access.
#[derive(Clone, Copy, Debug)]
struct State {
    user: bool,
    sum: bool,
    vs_mxr: bool,
    hs_mxr: bool,
    hlvx: bool,
}

fn state() -> impl Strategy<Value = State> {
    (
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(user, sum, vs_mxr, hs_mxr, hlvx)| State {
            user,
            sum,
            vs_mxr,
            hs_mxr,
            hlvx,
        })
}

/// The translation modes of a test case.
#[derive(Clone, Copy, Debug)]
struct Modes {
    /// VS LEVELS (0 = vsatp Bare).
    vs_levels: u64,
    /// G LEVELS (0 = hgatp Bare).
    g_levels: u64,
    vs_ad: AdPolicy,
    g_ad: AdPolicy,
    vs_pbmte: bool,
    g_pbmte: bool,
}

fn modes() -> impl Strategy<Value = Modes> {
    (
        prop_oneof![1 => Just(0u64), 6 => Just(3u64), 1 => 4u64..=5],
        prop_oneof![1 => Just(0u64), 6 => Just(3u64), 1 => 4u64..=5],
        gen::ad_policy(),
        gen::ad_policy(),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(vs_levels, g_levels, vs_ad, g_ad, vs_pbmte, g_pbmte)| Modes {
                vs_levels,
                g_levels,
                vs_ad,
                g_ad,
                vs_pbmte,
                g_pbmte,
            },
        )
}

/// Random tables, with G-stage root entry 2 of each guest (gpa
/// 0x8000_0000..0xbfff_ffff under Sv39x4, where the tables live) mostly an
/// identity gigapage, so that VS-level tables are reachable.
fn memory() -> impl Strategy<Value = Phys> {
    let flags = prop_oneof![
        6 => Just(0xdfu64), // V R W X U A D
        1 => prop::sample::select(vec![0xcfu64, 0x5b, 0x9b, 0xd9, 0xd3, 0x53]),
    ];
    (
        gen::memory(true),
        prop::collection::vec(prop::option::weighted(0.85, flags), 2),
    )
        .prop_map(|(mut m, identity)| {
            for (i, f) in identity.into_iter().enumerate() {
                if let Some(f) = f {
                    let root = gen::table_ppn(GUESTS[i].1) * 4096;
                    m.poke(root + 2 * 8, (0x80000 << 10) | f);
                }
            }
            m
        })
}

#[derive(Clone, Debug)]
enum Op {
    Access {
        guest: usize,
        gva: u64,
        access: AccessType,
        state: State,
    },
    /// A PTE changes, then HFENCE.GVMA x0, x0.
    Modify {
        table: usize,
        slot: usize,
        pte: u64,
    },
    /// An extra fence (never needed, never harmful).
    Vvma {
        vmid: u16,
        gva: Option<u64>,
        asid: Option<u16>,
    },
    Gvma {
        vmid: Option<u16>,
    },
}

/// Guest virtual addresses: the reference generator's, and now and then
/// one near the tables' guest physical addresses (for vsatp Bare).
fn gva() -> impl Strategy<Value = u64> {
    prop_oneof![
        6 => gen::va(),
        1 => (0u64..9, 0u64..4096).prop_map(|(t, off)| 0x8000_0000 + t * 4096 + off),
        1 => (0u64..(1 << 12)).prop_map(|p| p << 30),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let access =
        (0..2usize, gva(), gen::access(), state()).prop_map(|(guest, gva, access, state)| {
            Op::Access {
                guest,
                gva,
                access,
                state,
            }
        });
    let modify = (0..8usize, 0..gen::SLOTS.len(), gen::pte(true))
        .prop_map(|(table, slot, pte)| Op::Modify { table, slot, pte });
    let vvma = (1u16..=3, prop::option::of(gva()), prop::option::of(0u16..3))
        .prop_map(|(vmid, gva, asid)| Op::Vvma { vmid, gva, asid });
    let gvma = prop::option::of(1u16..=3).prop_map(|vmid| Op::Gvma { vmid });
    prop_oneof![8 => access, 2 => modify, 1 => vvma, 1 => gvma]
}

fn mode_of(levels: u64) -> SatpMode {
    match levels {
        0 => SatpMode::Bare,
        3 => SatpMode::Sv39,
        4 => SatpMode::Sv48,
        _ => SatpMode::Sv57,
    }
}

/// The crate's context and the reference's stages for one access.
fn contexts(
    guest: usize,
    s: State,
    access: AccessType,
    m: Modes,
) -> (GuestContext, Option<StageRef>, Option<StageRef>) {
    let (vmid, g_root, vs_root) = GUESTS[guest];
    let hlvx = s.hlvx && access == AccessType::Load;
    let vs_ppn = gen::table_ppn(vs_root);
    let g_ppn = gen::table_ppn(g_root);
    let g_mode = match m.g_levels {
        0 => GStageMode::Bare,
        3 => GStageMode::Sv39x4,
        4 => GStageMode::Sv48x4,
        _ => GStageMode::Sv57x4,
    };
    let ctx = GuestContext {
        vs: TranslationContext {
            privilege: if s.user {
                Privilege::User
            } else {
                Privilege::Supervisor
            },
            sum: s.sum,
            mxr: s.vs_mxr,
            satp: Satp::new(mode_of(m.vs_levels), Asid(guest as u16), Ppn(vs_ppn)),
            ad: m.vs_ad,
            pbmte: m.vs_pbmte,
            napot: true,
        },
        hgatp: Hgatp::new(g_mode, Vmid(vmid), Ppn(g_ppn)),
        hs_mxr: s.hs_mxr,
        g_ad: m.g_ad,
        g_pbmte: m.g_pbmte,
        hlvx,
    };
    let vs = (m.vs_levels != 0).then_some(StageRef {
        levels: m.vs_levels,
        root_ppn: vs_ppn,
        user: s.user,
        sum: s.sum,
        mxr: s.vs_mxr || s.hs_mxr,
        hardware_ad: m.vs_ad == AdPolicy::Svadu,
        pbmte: m.vs_pbmte,
        g: false,
        hlvx,
    });
    let g = (m.g_levels != 0).then_some(StageRef {
        levels: m.g_levels,
        root_ppn: g_ppn,
        user: true,
        sum: false,
        mxr: s.hs_mxr,
        hardware_ad: m.g_ad == AdPolicy::Svadu,
        pbmte: m.g_pbmte,
        g: true,
        hlvx,
    });
    (ctx, vs, g)
}

fn check(
    mmu: &mut Mmu,
    mine: &mut Phys,
    theirs: &mut Phys,
    (guest, gva, access, s): (usize, u64, AccessType, State),
    m: Modes,
) -> Result<(), TestCaseError> {
    let (ctx, vs, g) = contexts(guest, s, access, m);
    // A probe first: it must change nothing and, but where a PTE update
    // would be an access fault (it cannot know), agree with the reference.
    let before = mine.nonzero();
    let (probed, _) = mmu::probe_two_stage(VirtAddr(gva), access, &ctx, mine);
    prop_assert_eq!(&mine.nonzero(), &before);
    let hits = mmu.stats().tlb_hits.total();
    let got = mmu
        .translate_guest(VirtAddr(gva), access, &ctx, mine)
        .map(|pa| pa.0)
        .map_err(|f| (f.cause.code(), f.htval, f.htinst));
    let want = two_stage::translate(theirs, gva, gen::kind(access), vs.as_ref(), g.as_ref());
    if !matches!(want, Err((1 | 5 | 7, _, _))) {
        let probed = probed
            .map(|l| l.pa.0)
            .map_err(|e| e.to_fault(access, VirtAddr(gva)))
            .map_err(|f| (f.cause.code(), f.htval, f.htinst));
        prop_assert_eq!(probed, want, "probe of gva {:#x}", gva);
    }
    // Every change was fenced: the stale-TLB check must stay quiet on hits.
    if mmu.stats().tlb_hits.total() != hits {
        let stale = mmu.check_guest_tlb_entry(VirtAddr(gva), access, &ctx, mine);
        prop_assert!(
            stale.is_none(),
            "{}",
            stale.map(|s| s.to_string()).unwrap_or_default()
        );
    }
    prop_assert_eq!(
        got,
        want,
        "guest {} gva {:#x} {:?} {:?}: {:?}",
        guest,
        gva,
        access,
        s,
        mmu.last_guest_fault().map(|f| f.error)
    );
    if let Err((_, _, _)) = got {
        prop_assert_eq!(mmu.last_guest_fault().unwrap().gva, VirtAddr(gva));
    }
    prop_assert_eq!(mine.nonzero(), theirs.nonzero());
    Ok(())
}

fn run(
    memory: Phys,
    config: mmu::MmuConfig,
    m: Modes,
    ops: Vec<Op>,
    final_state: State,
) -> Result<(), TestCaseError> {
    let mut mine = memory.clone();
    let mut theirs = memory;
    let mut mmu = Mmu::with_config(config);
    for op in ops {
        match op {
            Op::Access {
                guest,
                gva,
                access,
                state,
            } => check(
                &mut mmu,
                &mut mine,
                &mut theirs,
                (guest, gva, access, state),
                m,
            )?,
            Op::Modify { table, slot, pte } => {
                let addr = gen::pte_addr(table, slot);
                mine.poke(addr, pte);
                theirs.poke(addr, pte);
                mmu.hfence_gvma(None, None);
            }
            Op::Vvma { vmid, gva, asid } => {
                mmu.hfence_vvma(Vmid(vmid), gva.map(VirtAddr), asid.map(Asid));
            }
            Op::Gvma { vmid } => {
                mmu.hfence_gvma(Some(GuestPhysAddr(0x8000_0000)), vmid.map(Vmid));
            }
        }
    }
    for guest in 0..2 {
        for gva in gen::all_vas(m.vs_levels.max(3)) {
            for access in [AccessType::Fetch, AccessType::Load, AccessType::Store] {
                check(
                    &mut mmu,
                    &mut mine,
                    &mut theirs,
                    (guest, gva, access, final_state),
                    m,
                )?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn two_stage_translation_equals_the_composed_reference(
        memory in memory(),
        config in gen::config(),
        m in modes(),
        ops in prop::collection::vec(op(), 1..60),
        final_state in state(),
    ) {
        run(memory, config, m, ops, final_state)?;
    }
}
