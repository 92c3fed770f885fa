//! The Sv39 walker and TLB (`mmu`) against the separate reference walker of
//! `mmu/tests/reference` (Privileged 20211203, sections 4.3.2 and 4.4), on
//! page tables, satp roots, hart states and access sequences taken from
//! the fuzzer's bytes: every translation gives the reference's physical
//! address or its exception (cause and tval), and memory (the A/D updates
//! of Svadu) ends the same after every access. Between accesses, PTEs may
//! be rewritten, each change followed by `sfence.vma x0, x0` (section
//! 4.2.1), and `sfence.vma` of any scope may run (flushing more than needed
//! never changes a result).
//!
//! The debugging views of the same tables must agree and never panic: the
//! side-effect-free probe (`monitor translate`, `--explain-faults`) gives
//! the walk's outcome and writes nothing (except where it cannot know: an
//! A/D update of a PTE outside RAM, see `mmu/src/probe.rs`), the fault
//! explanation and walk trace print, the stale-TLB check runs after every
//! translation, and the page-table dump (`--dump-pt`) prints.

#[allow(dead_code, clippy::all)]
#[path = "../../../mmu/tests/reference/mod.rs"]
mod reference;

use crate::Bytes;
use mmu::{
    AccessType, AdPolicy, Asid, DumpView, Mmu, MmuConfig, PhysAddr, Privilege, VirtAddr, WalkError,
};
use reference::gen::{self, SLOTS, TABLES};
use reference::Phys;

/// Leaf PPNs worth hitting: 1 GiB aligned, 2 MiB aligned only, 4 KiB only,
/// the top of the PPN space.
const LEAF_PPNS: [u64; 4] = [0x4_0000, 0x8_0200, 0x8_0201, 0xf_ffff_ffff];

/// A PTE from 8 bytes: a quarter raw, the rest with a PPN that names a
/// table (RAM, ROM or no memory) or an interesting leaf.
fn pte(raw: u64) -> u64 {
    let flags = raw & 0x3ff;
    match raw >> 62 {
        0 => raw,
        1 => (LEAF_PPNS[(raw >> 10) as usize % LEAF_PPNS.len()] << 10) | flags,
        _ => (gen::table_ppn((raw >> 10) as usize % (TABLES + 1)) << 10) | flags,
    }
}

/// A virtual address over the table slots; non-canonical when asked.
fn va(b: &mut Bytes) -> u64 {
    let pick = b.u16();
    let off = u64::from(b.u16() & 0xfff);
    let slot = |k: u32| SLOTS[usize::from((pick >> (3 * k)) & 7) % SLOTS.len()];
    let raw = (slot(2) << 30) | (slot(1) << 21) | (slot(0) << 12) | off;
    let canonical = ((raw << 25) as i64 >> 25) as u64;
    if pick >> 15 == 1 {
        canonical ^ (1 << (39 + u32::from(b.u8()) % 25))
    } else {
        canonical
    }
}

fn config(k: u8) -> MmuConfig {
    match k % 4 {
        0 => MmuConfig::default(),
        1 => MmuConfig {
            tlb_entries: 4,
            tlb_ways: 2,
            superpage_entries: 2,
        },
        2 => MmuConfig {
            tlb_entries: 1,
            tlb_ways: 1,
            superpage_entries: 1,
        },
        _ => MmuConfig::without_tlb(),
    }
}

pub fn check(data: &[u8]) {
    let mut b = Bytes::new(data);
    let setup = b.u8();
    let ad = if setup & 1 == 0 {
        AdPolicy::Svade
    } else {
        AdPolicy::Svadu
    };
    // Two address spaces (ASIDs 1 and 2 on two roots) or one. With two,
    // no PTE is global: a global mapping must be the same in every
    // address space (section 4.3.1), which random tables are not.
    let two_spaces = setup & 2 != 0;
    // Sv39 (the tables and addresses are Sv39's); menvcfg.PBMTE from the
    // top bit of the setup byte.
    let mode = gen::Mode {
        levels: 3,
        pbmte: setup & 0x80 != 0,
    };
    let roots = [
        usize::from(b.u8()) % (TABLES + 1),
        usize::from(b.u8()) % (TABLES + 1),
    ];
    let mut mmu = Mmu::with_config(config(setup >> 2));
    let mut mine = Phys::default();
    for t in 0..TABLES {
        for slot in 0..SLOTS.len() {
            let mut p = pte(b.u64());
            if two_spaces {
                p &= !0x20;
            }
            mine.poke(gen::pte_addr(t, slot), p);
        }
    }
    let mut theirs = mine.clone();
    while !b.is_empty() {
        let op = b.u8();
        match op % 8 {
            // Rewrite one PTE, then fence everything.
            0 => {
                let (t, slot) = (usize::from(b.u8()) % TABLES, usize::from(b.u8()));
                let mut p = pte(b.u64());
                if two_spaces {
                    p &= !0x20;
                }
                mine.poke(gen::pte_addr(t, slot), p);
                theirs.poke(gen::pte_addr(t, slot), p);
                mmu.sfence_vma(None, None);
            }
            // A fence of any scope.
            1 => {
                let scope = b.u8();
                let addr = (scope & 1 != 0).then(|| VirtAddr(va(&mut b)));
                let asid = (scope & 2 != 0).then(|| Asid(u16::from(scope >> 2) % 3));
                mmu.sfence_vma(addr, asid);
            }
            _ => {
                let space = usize::from(two_spaces && op & 8 != 0);
                let va = va(&mut b);
                let how = b.u8();
                let access =
                    [AccessType::Fetch, AccessType::Load, AccessType::Store][usize::from(how % 3)];
                let privilege = if how & 4 != 0 {
                    Privilege::User
                } else {
                    Privilege::Supervisor
                };
                let state = (privilege, how & 8 != 0, how & 16 != 0);
                let (ctx, st) = gen::contexts(roots[space], 1 + space as u16, state, ad, mode);
                let before = mine.clone();
                let (probed, trace) = mmu::probe(VirtAddr(va), access, &ctx, &mut mine);
                assert_eq!(mine, before, "a probe wrote memory");
                let _ = trace.to_string();
                let got = mmu.translate(VirtAddr(va), access, &ctx, &mut mine);
                let unknowable = matches!(
                    mmu.last_fault_reason(),
                    Some(WalkError::PteUpdateAccessFault { .. })
                );
                if !unknowable {
                    assert_eq!(
                        probed.map_err(|_| ()),
                        got.map_err(|_| ()),
                        "probe of va {va:#x}"
                    );
                }
                if got.is_err() {
                    if let Some(f) = mmu.last_fault() {
                        let _ = f.explain().to_string();
                    }
                }
                let _ = mmu.check_tlb_entry(VirtAddr(va), access, &ctx, &mut mine);
                if how & 32 != 0 {
                    let view = DumpView {
                        privilege,
                        sum: state.1,
                        mxr: state.2,
                    };
                    let dump = mmu::dump_page_tables(ctx.satp, ctx.pbmte, Some(view), &mut mine);
                    let _ = dump.to_string();
                }
                let want = reference::translate(&mut theirs, va, gen::kind(access), &st);
                match (got, want) {
                    (Ok(pa), Ok(expected)) => assert_eq!(pa, PhysAddr(expected)),
                    (Err(fault), Err(cause)) => {
                        assert_eq!(fault.cause.code(), cause, "{:?}", mmu.last_fault_reason());
                        assert_eq!(fault.tval, va);
                    }
                    (got, want) => panic!(
                        "va {va:#x} {access:?} {state:?}: mmu {got:x?}, reference {want:x?}, reason {:?}",
                        mmu.last_fault_reason()
                    ),
                }
                assert_eq!(mine.nonzero(), theirs.nonzero(), "memory after va {va:#x}");
            }
        }
    }
}
