//! Proptest generators: small random page tables (valid, invalid,
//! superpages aligned or not at every level, NAPOT and PBMT encodings good
//! and bad, every A/D combination), a translation mode (Sv39, Sv48, Sv57,
//! menvcfg.PBMTE) and random accesses over the addresses those tables can
//! map.

use proptest::prelude::*;

use super::{Kind, Phys, RAM_BASE, ROM_BASE};
use mmu::{
    AccessType, AdPolicy, Asid, MmuConfig, Ppn, Privilege, Satp, SatpMode, TranslationContext,
};

/// The entries of each table the tests use (511: the upper half).
pub const SLOTS: [u64; 5] = [0, 1, 2, 3, 511];
/// The entries VPN\[3\] and VPN\[4\] take (Sv48, Sv57): fewer, so that
/// the exhaustive sweeps over all addresses stay affordable.
pub const TOP_SLOTS: [u64; 2] = [0, 511];
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
    // Now and then N or PBMT in a pointer: reserved.
    let odd_pointer = (
        pointer.clone(),
        prop::sample::select(vec![1u64 << 63, 1 << 61, 2 << 61]),
    )
        .prop_map(|(p, bits)| p | bits);
    let leaf_ppn = prop_oneof![
        4 => Just(1u64 << 36),    // 256 TiB aligned
        1 => Just(1u64 << 27),    // 512 GiB aligned
        6 => Just(0x4_0000u64),   // 1 GiB aligned
        2 => Just(0x8_0200u64),   // 2 MiB aligned only
        2 => Just(0x8_0201u64),   // 4 KiB only
        4 => Just(0x8_0208u64),   // the NAPOT 64 KiB encoding
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
        prop::bool::weighted(0.95),                 // V
        prop::bool::ANY,                            // U
        prop::bool::ANY,                            // G
        prop::bool::weighted(0.7),                  // A
        prop::bool::weighted(0.6),                  // D
        0u64..4,                                    // RSW
        prop_oneof![6 => Just(0u64), 1 => 1u64..4], // PBMT
        prop::bool::weighted(0.9),                  // N on the NAPOT PPN
        prop::bool::weighted(0.03),                 // N on any other
    )
        .prop_map(|(ppn, rwx, v, u, g, a, d, rsw, pbmt, napot, stray_n)| {
            let n = (ppn == 0x8_0208 && napot) || stray_n;
            (n as u64) << 63
                | pbmt << 61
                | (ppn << 10)
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
        1 => odd_pointer,
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

/// The translation mode of a test case: LEVELS (3 = Sv39, 4 = Sv48,
/// 5 = Sv57) and menvcfg.PBMTE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    pub levels: u64,
    pub pbmte: bool,
}

pub fn mode() -> impl Strategy<Value = Mode> {
    (3u64..=5, prop::bool::weighted(0.8)).prop_map(|(levels, pbmte)| Mode { levels, pbmte })
}

/// `raw` sign-extended from a `levels`-level VA width.
fn extend(raw: u64, levels: u64) -> u64 {
    let unused = 64 - (12 + 9 * levels);
    ((raw << unused) as i64 >> unused) as u64
}

/// A virtual address over the slots at five levels (VPN\[0\] 0..3 and
/// 511 are pages 0..3 and 15 of their NAPOT ranges), sign-extended from
/// the width of Sv39, Sv48 or Sv57 (so canonical under some modes only),
/// and with one random high bit flipped one time in 8.
pub fn va() -> impl Strategy<Value = u64> {
    (
        prop::collection::vec(0..SLOTS.len(), 5),
        0u64..4096,
        3u64..=5,
        0u32..8,
        39u32..64,
    )
        .prop_map(|(vpns, low, width, k, flip)| {
            let mut raw = low;
            for (i, s) in vpns.iter().enumerate() {
                let slot = if i < 3 { SLOTS[*s] } else { TOP_SLOTS[*s % 2] };
                raw |= slot << (12 + 9 * i as u64);
            }
            let canonical = extend(raw, width);
            if k == 0 {
                canonical ^ (1 << flip)
            } else {
                canonical
            }
        })
}

/// The canonical addresses of every slot combination at `levels` levels
/// (offset 0x18).
pub fn all_vas(levels: u64) -> Vec<u64> {
    let mut v = vec![0x18u64];
    for level in 0..levels {
        let slots: &[u64] = if level < 3 { &SLOTS } else { &TOP_SLOTS };
        v = v
            .into_iter()
            .flat_map(|va| slots.iter().map(move |s| va | s << (12 + 9 * level)))
            .collect();
    }
    v.into_iter().map(|raw| extend(raw, levels)).collect()
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
    mode: Mode,
) -> (TranslationContext, super::RefState) {
    let satp_mode = match mode.levels {
        3 => SatpMode::Sv39,
        4 => SatpMode::Sv48,
        _ => SatpMode::Sv57,
    };
    let ctx = TranslationContext {
        privilege,
        sum,
        mxr,
        satp: Satp::new(satp_mode, Asid(asid), Ppn(table_ppn(root))),
        ad,
        pbmte: mode.pbmte,
        napot: true,
    };
    let st = super::RefState {
        user: privilege == Privilege::User,
        sum,
        mxr,
        root_ppn: table_ppn(root),
        hardware_ad: ad == AdPolicy::Svadu,
        levels: mode.levels,
        pbmte: mode.pbmte,
    };
    (ctx, st)
}
