//! Proptest generators: small random page tables (valid, invalid,
//! superpages aligned or not, bad encodings, every A/D combination) and
//! random accesses over the addresses those tables can map.

use proptest::prelude::*;

use super::{Kind, Phys, RAM_BASE, ROM_BASE};
use mmu::{
    AccessType, AdPolicy, Asid, MmuConfig, Ppn, Privilege, Satp, SatpMode, TranslationContext,
};

/// The entries of each table the tests use (511: the upper half).
pub const SLOTS: [u64; 5] = [0, 1, 2, 3, 511];
/// Tables: the 8 RAM pages, then the ROM page.
pub const TABLES: usize = 9;
/// A PPN that is neither RAM nor ROM.
pub const NOWHERE_PPN: u64 = 0x100;

const V: u64 = 1;
const G: u64 = 1 << 5;

/// The PPN of table `t` (`TABLES` means "not memory").
pub fn table_ppn(t: usize) -> u64 {
    match t {
        0..=7 => (RAM_BASE >> 12) + t as u64,
        8 => ROM_BASE >> 12,
        _ => NOWHERE_PPN,
    }
}

/// The physical address of entry `slot` of table `t`.
pub fn pte_addr(t: usize, slot: usize) -> u64 {
    table_ppn(t) * 4096 + SLOTS[slot % SLOTS.len()] * 8
}

/// One random PTE, weighted so that a good share of walks succeed.
pub fn pte(allow_global: bool) -> impl Strategy<Value = u64> {
    let target = prop_oneof![12 => 0..8usize, 1 => Just(8usize), 1 => Just(TABLES)];
    let stray = prop_oneof![
        12 => Just(0u64),
        1 => prop::sample::select(vec![G, 1 << 6, 1 << 7, 1 << 4, 0x300]),
    ];
    let pointer = (target, stray).prop_map(|(t, extra)| (table_ppn(t) << 10) | V | extra);
    let leaf_ppn = prop_oneof![
        6 => Just(0x4_0000u64),   // 1 GiB aligned
        2 => Just(0x8_0200u64),   // 2 MiB aligned only
        2 => Just(0x8_0201u64),   // 4 KiB only
        1 => Just(0xf_ffff_ffffu64), // top of the PPN space
    ];
    // X W R: the five legal leaf encodings, and now and then W without R.
    let rwx = prop_oneof![
        10 => prop::sample::select(vec![0b001u64, 0b011, 0b100, 0b101, 0b111]),
        1 => prop::sample::select(vec![0b010u64, 0b110]),
    ];
    let leaf = (
        leaf_ppn,
        rwx,
        prop::bool::weighted(0.95), // V
        prop::bool::ANY,            // U
        prop::bool::ANY,            // G
        prop::bool::weighted(0.7),  // A
        prop::bool::weighted(0.6),  // D
        0u64..4,                    // RSW
    )
        .prop_map(|(ppn, rwx, v, u, g, a, d, rsw)| {
            (ppn << 10)
                | (rsw << 8)
                | (d as u64) << 7
                | (a as u64) << 6
                | (g as u64) << 5
                | (u as u64) << 4
                | rwx << 1
                | v as u64
        });
    let reserved = (leaf.clone(), 54u32..64).prop_map(|(p, b)| p | (1 << b));
    prop_oneof![
        8 => pointer,
        8 => leaf,
        1 => reserved,
        1 => any::<u64>(),
        1 => Just(0u64),
    ]
    .prop_map(move |p| if allow_global { p } else { p & !G })
}

/// Every (table, slot) entry of the memory, random.
pub fn memory(allow_global: bool) -> impl Strategy<Value = Phys> {
    prop::collection::vec(pte(allow_global), TABLES * SLOTS.len()).prop_map(|ptes| {
        let mut m = Phys::default();
        for (i, p) in ptes.into_iter().enumerate() {
            m.poke(pte_addr(i / SLOTS.len(), i % SLOTS.len()), p);
        }
        m
    })
}

/// A virtual address over the slots, canonical 7 times in 8.
pub fn va() -> impl Strategy<Value = u64> {
    (
        0..5usize,
        0..5usize,
        0..5usize,
        0u64..4096,
        0u32..8,
        39u32..64,
    )
        .prop_map(|(a, b, c, off, k, flip)| {
            let raw = (SLOTS[a] << 30) | (SLOTS[b] << 21) | (SLOTS[c] << 12) | off;
            let canonical = ((raw << 25) as i64 >> 25) as u64;
            if k == 0 {
                canonical ^ (1 << flip)
            } else {
                canonical
            }
        })
}

/// The canonical addresses of every slot combination (offset 0x18).
pub fn all_vas() -> Vec<u64> {
    let mut v = Vec::new();
    for a in SLOTS {
        for b in SLOTS {
            for c in SLOTS {
                let raw = (a << 30) | (b << 21) | (c << 12) | 0x18;
                v.push(((raw << 25) as i64 >> 25) as u64);
            }
        }
    }
    v
}

pub fn access() -> impl Strategy<Value = AccessType> {
    prop::sample::select(vec![AccessType::Fetch, AccessType::Load, AccessType::Store])
}

/// Privilege (U or S; M with MPRV arrives as the MPP privilege), SUM, MXR.
pub fn hart_state() -> impl Strategy<Value = (Privilege, bool, bool)> {
    (prop::bool::ANY, prop::bool::ANY, prop::bool::ANY).prop_map(|(user, sum, mxr)| {
        (
            if user {
                Privilege::User
            } else {
                Privilege::Supervisor
            },
            sum,
            mxr,
        )
    })
}

/// The root table: mostly RAM page 0, sometimes another RAM page, the ROM
/// page or no memory at all.
pub fn root() -> impl Strategy<Value = usize> {
    prop_oneof![6 => Just(0usize), 1 => 0..=TABLES]
}

pub fn config() -> impl Strategy<Value = MmuConfig> {
    prop::sample::select(vec![
        MmuConfig::default(),
        MmuConfig {
            tlb_entries: 4,
            tlb_ways: 2,
            superpage_entries: 2,
        },
        MmuConfig {
            tlb_entries: 1,
            tlb_ways: 1,
            superpage_entries: 1,
        },
        MmuConfig::without_tlb(),
    ])
}

pub fn ad_policy() -> impl Strategy<Value = AdPolicy> {
    prop::sample::select(vec![AdPolicy::Svade, AdPolicy::Svadu])
}

pub fn kind(a: AccessType) -> Kind {
    match a {
        AccessType::Fetch => Kind::Fetch,
        AccessType::Load => Kind::Load,
        AccessType::Store => Kind::Store,
    }
}

/// The crate's context and the reference's state for the same hart state.
pub fn contexts(
    root: usize,
    asid: u16,
    (privilege, sum, mxr): (Privilege, bool, bool),
    ad: AdPolicy,
) -> (TranslationContext, super::RefState) {
    let ctx = TranslationContext {
        privilege,
        sum,
        mxr,
        satp: Satp::new(SatpMode::Sv39, Asid(asid), Ppn(table_ppn(root))),
        ad,
    };
    let st = super::RefState {
        user: privilege == Privilege::User,
        sum,
        mxr,
        root_ppn: table_ppn(root),
        hardware_ad: ad == AdPolicy::Svadu,
    };
    (ctx, st)
}
