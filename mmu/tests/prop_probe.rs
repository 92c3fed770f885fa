//! Property tests of the inspection tools on random page tables (the
//! generators of `reference/gen.rs`): a probe answers as `translate` does
//! and never writes; the page-table dump covers exactly the addresses that
//! translate; a TLB entry is stale exactly when a PTE changed without a
//! fence.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod reference;

use mmu::dump::dump_page_tables;
use mmu::{
    probe, AccessType, AdPolicy, Mmu, MmuConfig, PhysAddr, Privilege, VirtAddr, WalkError,
    WalkOutcome,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use reference::gen;

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    /// Same result as a translation without TLB (the only difference
    /// allowed: an A/D update of a PTE outside RAM, which a reader cannot
    /// foresee), and memory untouched.
    #[test]
    fn probe_equals_translate_and_never_writes(
        memory in gen::memory(true),
        root in gen::root(),
        ad in gen::ad_policy(),
        mode in gen::mode(),
        accesses in prop::collection::vec((gen::va(), gen::access(), gen::hart_state()), 1..40),
    ) {
        let mut mem = memory.clone();
        for (va, access, state) in accesses {
            let (ctx, _) = gen::contexts(root, 1, state, ad, mode);
            let va = VirtAddr(va);
            let (got, trace) = probe(va, access, &ctx, &mut mem);
            prop_assert_eq!(&mem, &memory, "the probe wrote memory");
            prop_assert_eq!(trace.result(), got);
            let mut real_mem = memory.clone();
            let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
            let real = mmu.translate(va, access, &ctx, &mut real_mem);
            match (got, real) {
                (Ok(pa), Ok(real)) => prop_assert_eq!(pa, real),
                (Err(e), Err(fault)) => {
                    prop_assert_eq!(e.to_fault(access, va), fault);
                    prop_assert_eq!(mmu.last_fault_reason(), Some(e));
                }
                (Ok(_), Err(_)) => {
                    let update_fault = matches!(
                        mmu.last_fault_reason(),
                        Some(WalkError::PteUpdateAccessFault { .. })
                    );
                    prop_assert!(update_fault);
                }
                (Err(e), Ok(pa)) => prop_assert!(false, "probe {e:?}, translate {pa:x?}"),
            }
        }
    }

    /// Every canonical address of the slots: an S-mode load with SUM and
    /// MXR under Svadu succeeds exactly where the dump (no view) has a
    /// leaf whose flags allow it, and at the physical address the dump
    /// says.
    #[test]
    fn dump_covers_exactly_what_translates(
        memory in gen::memory(true),
        root in gen::root(),
        mode in gen::mode(),
    ) {
        let mut mem = memory;
        let (ctx, _) = gen::contexts(root, 1, (Privilege::Supervisor, true, true), AdPolicy::Svadu, mode);
        let dump = dump_page_tables(ctx.satp, ctx.pbmte, None, &mut mem);
        for va in gen::all_vas(mode.levels) {
            let va = VirtAddr(va);
            let (got, trace) = probe(va, AccessType::Load, &ctx, &mut mem);
            let range = dump.ranges.iter().find(|r| r.va_start <= va && va <= r.va_last());
            match (got, range) {
                (Ok(pa), Some(r)) => prop_assert_eq!(pa, PhysAddr(r.pa_start.0 + (va.0 - r.va_start.0))),
                (Ok(pa), None) => prop_assert!(false, "{va:x?} -> {pa:x?} missing from\n{dump}"),
                (Err(e), Some(r)) => {
                    // A leaf whose flags refuse the load (or a leaf the
                    // reader cannot update): listed, but no translation.
                    let refused = matches!(e, WalkError::PermissionDenied { .. });
                    prop_assert!(refused, "{va:x?}: {e:?} yet listed as {r:x?}\n{trace}");
                }
                (Err(_), None) => {}
            }
        }
    }

    /// After one random PTE is rewritten without a fence, the check flags
    /// the entry for every address whose probe now differs from the cached
    /// translation; after the fence, nothing is stale.
    #[test]
    fn stale_entries_are_found_until_the_fence(
        memory in gen::memory(true),
        vas in prop::collection::vec(gen::va(), 1..20),
        slot in (0..gen::TABLES - 1, 0..gen::SLOTS.len()),
        new_pte in gen::pte(true),
        mode in gen::mode(),
    ) {
        let mut mem = memory;
        let (ctx, _) = gen::contexts(0, 1, (Privilege::Supervisor, true, false), AdPolicy::Svadu, mode);
        let mut mmu = Mmu::new();
        let mut cached = Vec::new();
        for &va in &vas {
            if mmu.translate(VirtAddr(va), AccessType::Load, &ctx, &mut mem).is_ok() {
                prop_assert!(mmu.check_tlb_entry(VirtAddr(va), AccessType::Load, &ctx, &mut mem).is_none());
                cached.push(va);
            }
        }
        mem.poke(gen::pte_addr(slot.0, slot.1), new_pte);
        for &va in &cached {
            let va = VirtAddr(va);
            let Some(entry) = mmu.peek_tlb(va, ctx.satp.asid()) else { continue };
            let stale = mmu.check_tlb_entry(va, AccessType::Load, &ctx, &mut mem);
            let (now, trace) = probe(va, AccessType::Load, &ctx, &mut mem);
            // The same answer for this address: the same byte, memory
            // type and bits. A superpage split into smaller pages (or built
            // from them) that keep all three is not stale for this access
            // (mmu/src/stale.rs, step 8 under both), so the page size and
            // NAPOT may differ.
            let same = match (now, trace.outcome) {
                (Ok(pa), WalkOutcome::Translated(leaf)) => {
                    pa == entry.physical_address(va)
                        && leaf.pte.memory_type() == entry.memory_type
                        && trace.level(leaf.level).unwrap().pte.unwrap().0 as u8 & 0x3f == entry.flags & 0x3f
                }
                _ => false,
            };
            // A/D-only differences are reported too; anything else must
            // match the comparison above.
            if let Some(s) = stale {
                prop_assert!(!same || s.kind == mmu::StaleKind::AccessedDirtyCleared, "{s}");
            } else {
                prop_assert!(same, "not flagged: {va:x?} cached {entry:x?}\n{trace}");
            }
        }
        mmu.sfence_vma(None, None);
        for &va in &cached {
            prop_assert!(mmu.check_tlb_entry(VirtAddr(va), AccessType::Load, &ctx, &mut mem).is_none());
        }
    }
}
