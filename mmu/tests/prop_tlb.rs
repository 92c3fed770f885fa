//! TLB coherence: after random PTE changes, each followed by the
//! `sfence.vma` the spec asks software to issue (section 4.2.1), every
//! translation equals a fresh walk of the reference.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod reference;

use mmu::{AccessType, AdPolicy, Asid, Mmu, Privilege, VirtAddr};
use proptest::prelude::*;
use reference::{gen, Phys};

#[derive(Clone, Debug)]
enum Op {
    Access {
        space: usize,
        va: u64,
        access: AccessType,
        state: (Privilege, bool, bool),
    },
    /// Software rewrites one PTE, then fences: with the narrowest scopes
    /// that cover it, or with rs1 = rs2 = x0 when `fence_all`.
    Modify {
        table: usize,
        slot: usize,
        pte: u64,
        fence_all: bool,
    },
}

fn op(spaces: usize, allow_global: bool) -> impl Strategy<Value = Op> {
    let access = (0..spaces, gen::va(), gen::access(), gen::hart_state()).prop_map(
        |(space, va, access, state)| Op::Access {
            space,
            va,
            access,
            state,
        },
    );
    let modify = (
        0..8usize,
        0..gen::SLOTS.len(),
        gen::pte(allow_global),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(table, slot, pte, fence_all)| Op::Modify {
            table,
            slot,
            pte,
            fence_all,
        });
    prop_oneof![4 => access, 1 => modify]
}

/// Address spaces: (root table, ASID).
const SPACES: [(usize, u16); 2] = [(0, 1), (1, 2)];

/// The fences that make a change of the PTE at `addr` visible, computed on
/// the tables before the change: for each address space and address whose
/// walk reads that PTE, `sfence.vma va` if it was the last PTE read (the
/// leaf), `sfence.vma x0` if a pointer; with rs2 = the ASID unless a PTE of
/// the path was global, then rs2 = x0.
fn fences(
    old: &Phys,
    addr: u64,
    spaces: usize,
    mode: gen::Mode,
) -> Vec<(Option<VirtAddr>, Option<Asid>)> {
    let mut out = Vec::new();
    for &(root, asid) in &SPACES[..spaces] {
        for va in gen::all_vas(mode.levels) {
            let (visited, global) = reference::path(old, va, gen::table_ppn(root), mode.levels);
            if let Some(pos) = visited.iter().position(|a| *a == addr) {
                let asid = if global { None } else { Some(Asid(asid)) };
                let vaddr = (pos + 1 == visited.len()).then_some(VirtAddr(va));
                out.push((vaddr, asid));
            }
        }
    }
    out.sort_by_key(|(v, a)| (v.map(|v| v.0), a.map(|a| a.0)));
    out.dedup();
    out
}

fn check(
    mmu: &mut Mmu,
    mine: &mut Phys,
    theirs: &mut Phys,
    (space, va, access, state): (usize, u64, AccessType, (Privilege, bool, bool)),
    (ad, mode): (AdPolicy, gen::Mode),
) -> Result<(), TestCaseError> {
    let (root, asid) = SPACES[space];
    let (ctx, st) = gen::contexts(root, asid, state, ad, mode);
    let got = mmu.translate(VirtAddr(va), access, &ctx, mine);
    let want = reference::translate(theirs, va, gen::kind(access), &st);
    let got = got.map(|pa| pa.0).map_err(|f| f.cause.code());
    prop_assert_eq!(
        got,
        want,
        "space {} va {:#x} {:?} {:?}: reason {:?}",
        space,
        va,
        access,
        state,
        mmu.last_fault_reason()
    );
    prop_assert_eq!(mine.nonzero(), theirs.nonzero());
    Ok(())
}

fn coherence(
    memory: Phys,
    config: mmu::MmuConfig,
    (ad, mode): (AdPolicy, gen::Mode),
    spaces: usize,
    ops: Vec<Op>,
    final_state: (Privilege, bool, bool),
) -> Result<(), TestCaseError> {
    let mut mine = memory.clone();
    let mut theirs = memory;
    let mut mmu = Mmu::with_config(config);
    for op in ops {
        match op {
            Op::Access {
                space,
                va,
                access,
                state,
            } => check(
                &mut mmu,
                &mut mine,
                &mut theirs,
                (space, va, access, state),
                (ad, mode),
            )?,
            Op::Modify {
                table,
                slot,
                pte,
                fence_all,
            } => {
                let addr = gen::pte_addr(table, slot);
                let scopes = if fence_all {
                    vec![(None, None)]
                } else {
                    fences(&theirs, addr, spaces, mode)
                };
                mine.poke(addr, pte);
                theirs.poke(addr, pte);
                for (vaddr, asid) in scopes {
                    mmu.sfence_vma(vaddr, asid);
                }
            }
        }
    }
    for space in 0..spaces {
        for va in gen::all_vas(mode.levels) {
            for access in [AccessType::Fetch, AccessType::Load, AccessType::Store] {
                check(
                    &mut mmu,
                    &mut mine,
                    &mut theirs,
                    (space, va, access, final_state),
                    (ad, mode),
                )?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// One address space, global mappings allowed: fences with rs2 ≠ x0
    /// must spare global entries, and the test fences them with rs2 = x0.
    #[test]
    fn tlb_coherent_after_fenced_changes_one_asid(
        memory in gen::memory(true),
        config in gen::config(),
        ad in gen::ad_policy(),
        mode in gen::mode(),
        ops in prop::collection::vec(op(1, true), 1..60),
        final_state in gen::hart_state(),
    ) {
        coherence(memory, config, (ad, mode), 1, ops, final_state)?;
    }

    /// Two address spaces sharing lower-level tables, switched by writing
    /// `satp` (which flushes nothing), no global mappings (a global mapping
    /// that differs between address spaces is a software bug).
    #[test]
    fn tlb_coherent_after_fenced_changes_two_asids(
        memory in gen::memory(false),
        config in gen::config(),
        ad in gen::ad_policy(),
        mode in gen::mode(),
        ops in prop::collection::vec(op(2, false), 1..60),
        final_state in gen::hart_state(),
    ) {
        coherence(memory, config, (ad, mode), 2, ops, final_state)?;
    }
}
