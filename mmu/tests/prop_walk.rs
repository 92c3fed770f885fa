//! Property tests of the walk (with and without the TLB) against the
//! separate reference in `reference/mod.rs`, and of the Svadu A/D update.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod reference;

use mmu::{AccessType, AdPolicy, Mmu, MmuConfig, PhysAddr, Pte, VirtAddr, WalkError, WalkOutcome};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reference::gen;

proptest! {
    #![proptest_config(Config { cases: 512, ..Config::default() })]

    /// Random tables, random accesses under every privilege/SUM/MXR: the
    /// MMU (whatever its TLB) answers as the reference, and leaves memory
    /// as the reference does (the A/D updates of Svadu included).
    #[test]
    fn translation_matches_reference(
        memory in gen::memory(true),
        root in gen::root(),
        config in gen::config(),
        ad in gen::ad_policy(),
        mode in gen::mode(),
        accesses in prop::collection::vec((gen::va(), gen::access(), gen::hart_state()), 1..40),
    ) {
        let mut mine = memory.clone();
        let mut theirs = memory;
        let mut mmu = Mmu::with_config(config);
        for (va, access, state) in accesses {
            let (ctx, st) = gen::contexts(root, 1, state, ad, mode);
            let got = mmu.translate(VirtAddr(va), access, &ctx, &mut mine);
            let want = reference::translate(&mut theirs, va, gen::kind(access), &st);
            match (got, want) {
                (Ok(pa), Ok(expected)) => prop_assert_eq!(pa, PhysAddr(expected)),
                (Err(fault), Err(cause)) => {
                    prop_assert_eq!(fault.cause.code(), cause, "{:?}", mmu.last_fault_reason());
                    prop_assert_eq!(fault.tval, va);
                }
                (got, want) => prop_assert!(
                    false,
                    "va {va:#x} {access:?} {state:?}: mmu {got:x?}, reference {want:x?}, reason {:?}",
                    mmu.last_fault_reason()
                ),
            }
            prop_assert_eq!(mine.nonzero(), theirs.nonzero());
        }
    }

    /// The walk of the common case (`walk::walk_fast`: no observer, no
    /// trace logging) is the walk of section 4.3.2 as `walk_observed`
    /// gives it: for random tables, contexts and accesses, the same leaf
    /// or the same error, the same counters and the same memory afterwards
    /// (Svadu's A/D updates included).
    #[test]
    fn fast_walk_equals_observed_walk(
        memory in gen::memory(true),
        root in gen::root(),
        ad in gen::ad_policy(),
        mode in gen::mode(),
        napot in any::<bool>(),
        accesses in prop::collection::vec((gen::va(), gen::access(), gen::hart_state()), 1..40),
    ) {
        let mut fast_mem = memory.clone();
        let mut slow_mem = memory;
        let mut fast_stats = mmu::MmuStats::default();
        let mut slow_stats = mmu::MmuStats::default();
        for (va, access, state) in accesses {
            let (mut ctx, _) = gen::contexts(root, 1, state, ad, mode);
            ctx.napot = napot;
            let va = VirtAddr(va);
            let fast = mmu::walk::walk_fast(va, access, &ctx, &mut fast_mem, &mut fast_stats);
            let slow = mmu::walk::walk_observed(va, access, &ctx, &mut slow_mem, &mut slow_stats, &mut ());
            prop_assert_eq!(fast, slow, "va {:#x} {:?} {:?}", va.0, access, state);
            prop_assert_eq!(
                (fast_stats.pte_reads, fast_stats.pte_writes, fast_stats.walk_restarts),
                (slow_stats.pte_reads, slow_stats.pte_writes, slow_stats.walk_restarts)
            );
            prop_assert_eq!(&fast_mem, &slow_mem);
        }
    }

    /// Svadu sets A (and D on a store) exactly when the access succeeds:
    /// where Svade succeeds, Svadu succeeds and writes nothing; where Svade
    /// stops only for A/D, Svadu writes that one leaf (or raises an access
    /// fault for a leaf outside RAM); any other fault writes nothing.
    #[test]
    fn svadu_updates_a_d_exactly_on_success(
        memory in gen::memory(true),
        root in gen::root(),
        mode in gen::mode(),
        accesses in prop::collection::vec((gen::va(), gen::access(), gen::hart_state()), 1..20),
    ) {
        let mut mem = memory;
        for (va, access, state) in accesses {
            let va = VirtAddr(va);
            let (svade, _) = gen::contexts(root, 1, state, AdPolicy::Svade, mode);
            let (svadu, _) = gen::contexts(root, 1, state, AdPolicy::Svadu, mode);
            let mut probe = Mmu::with_config(MmuConfig::without_tlb());
            let mut before = mem.clone();
            let strict = probe.translate(va, access, &svade, &mut before);
            prop_assert_eq!(&before, &mem, "Svade wrote memory");
            let reason = probe.last_fault_reason();

            let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
            let got = mmu.translate(va, access, &svadu, &mut mem);
            let needed = if access == AccessType::Store { Pte::A | Pte::D } else { Pte::A };
            match (strict, reason) {
                (Ok(pa), _) => {
                    prop_assert_eq!(got, Ok(pa));
                    prop_assert_eq!(&before, &mem);
                }
                (Err(_), Some(WalkError::AccessedClear { pte, .. } | WalkError::DirtyClear { pte, .. })) => {
                    let changed: Vec<_> = mem.nonzero().into_iter().filter(|(a, w)| before.load(*a) != Some(*w)).collect();
                    match got {
                        Ok(_) => {
                            prop_assert_eq!(changed.len(), 1);
                            let (addr, new) = changed[0];
                            prop_assert_eq!(before.load(addr), Some(pte.0));
                            prop_assert_eq!(new, pte.0 | needed);
                        }
                        Err(fault) => {
                            let update_fault = matches!(
                                mmu.last_fault_reason(),
                                Some(WalkError::PteUpdateAccessFault { .. })
                            );
                            prop_assert!(update_fault);
                            prop_assert_eq!(fault.cause, mmu::FaultCause::access_fault(access));
                            prop_assert!(changed.is_empty());
                        }
                    }
                }
                (Err(fault), _) => {
                    prop_assert_eq!(got, Err(fault));
                    prop_assert_eq!(&before, &mem);
                }
            }
        }
    }
}

/// The generators are only as good as the outcomes they reach: check that
/// random tables produce translations by leaves of every size (64 KiB NAPOT
/// included, and NC/IO memory types), page faults and access faults, so
/// the properties above are not vacuous.
#[test]
fn generators_reach_every_outcome() {
    let mut runner = TestRunner::deterministic();
    let strategy = (
        gen::memory(true),
        gen::root(),
        gen::va(),
        gen::access(),
        gen::hart_state(),
        gen::ad_policy(),
        gen::mode(),
    );
    // [4K, 2M, 1G, 512G, 256T, 64K NAPOT, NC or IO, page fault, access fault]
    let mut seen = [0u32; 9];
    for _ in 0..6000 {
        let (mut memory, root, va, access, state, ad, mode) =
            strategy.new_tree(&mut runner).unwrap().current();
        let (ctx, st) = gen::contexts(root, 1, state, ad, mode);
        // The translation decides; the probe's trace names the leaf (a
        // probe cannot tell that an A/D update would not reach memory).
        let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
        let got = mmu.translate(VirtAddr(va), access, &ctx, &mut memory.clone());
        let (_, trace) = mmu::probe(VirtAddr(va), access, &ctx, &mut memory.clone());
        let outcome = match (got, trace.outcome) {
            (Ok(_), WalkOutcome::Translated(leaf)) => {
                if leaf.pte.memory_type() != mmu::MemoryType::Pma {
                    seen[6] += 1;
                }
                if leaf.pte.n() {
                    5
                } else {
                    leaf.level as usize
                }
            }
            (Err(f), _) if f.cause.code() >= 12 => 7,
            _ => 8,
        };
        seen[outcome] += 1;
        // The reference agrees on success or failure (the property tests
        // check the details).
        assert_eq!(
            reference::translate(&mut memory, va, gen::kind(access), &st).is_ok(),
            outcome < 7,
            "{va:#x} {access:?} {mode:?}: {trace}"
        );
    }
    eprintln!("outcomes [4K, 2M, 1G, 512G, 256T, NAPOT, NC/IO, PF, AF]: {seen:?}");
    assert!(
        seen.iter().all(|&n| n >= 4),
        "outcomes [4K, 2M, 1G, 512G, 256T, NAPOT, NC/IO, PF, AF]: {seen:?}"
    );
}
