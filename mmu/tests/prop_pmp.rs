//! Property tests of the PMP (`mmu::pmp`) against a separate reference
//! written from the text of Privileged 20211203 section 3.7.1, byte by
//! byte: random CSR writes (locks and WARL rules included), then random
//! accesses at every privilege; the CSR reads, every decision and the
//! deciding entry must agree, and a page the PMP calls uniform must be.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use mmu::{AccessType, PageOutcome, PhysAddr, Pmp, PmpConfig, Privilege};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// The reference: raw CSR state and the rules as the spec words them.
struct Reference {
    n: usize,
    g: u32,
    cfg: [u8; 64],
    addr: [u64; 64],
}

const L: u8 = 0x80;

impl Reference {
    fn new(n: usize, g: u32) -> Self {
        Reference {
            n,
            g,
            cfg: [0; 64],
            addr: [0; 64],
        }
    }
    fn a(&self, i: usize) -> u8 {
        (self.cfg[i] >> 3) & 3
    }
    /// "Writes to pmpcfg are ignored when L is set"; bits 6:5 read zero;
    /// R=0 W=1 is reserved (stored as W=0); NA4 is not selectable for G≥1.
    fn write_cfg(&mut self, reg: usize, v: u64) {
        for b in 0..8 {
            let i = reg / 2 * 8 + b;
            if i >= self.n || self.cfg[i] & L != 0 {
                continue;
            }
            let mut c = ((v >> (8 * b)) & 0xff) as u8 & 0b1001_1111;
            if c & 1 == 0 {
                c &= !2;
            }
            if self.g >= 1 && (c >> 3) & 3 == 2 {
                c |= 3 << 3;
            }
            self.cfg[i] = c;
        }
    }
    /// "writes to pmpaddri are ignored" when entry i is locked, or when
    /// entry i+1 is locked and TOR.
    fn write_addr(&mut self, i: usize, v: u64) {
        if i >= self.n || self.cfg[i] & L != 0 {
            return;
        }
        if i + 1 < self.n && self.cfg[i + 1] & L != 0 && self.a(i + 1) == 1 {
            return;
        }
        self.addr[i] = v & ((1 << 54) - 1);
    }
    fn read_cfg(&self, reg: usize) -> u64 {
        (0..8)
            .map(|b| reg / 2 * 8 + b)
            .map(|i| {
                if i < self.n {
                    u64::from(self.cfg[i])
                } else {
                    0
                }
            })
            .enumerate()
            .fold(0, |v, (b, c)| v | c << (8 * b))
    }
    /// "If G ≥ 2 and pmpcfgi.A[1] is set ... bits pmpaddri[G-2:0] read as
    /// all ones. If G ≥ 1 and pmpcfgi.A[1] is clear ... bits
    /// pmpaddri[G-1:0] read as all zeros."
    fn read_addr(&self, i: usize) -> u64 {
        if i >= self.n {
            return 0;
        }
        let v = self.addr[i];
        let a1 = self.cfg[i] & 0x10 != 0;
        if self.g >= 2 && a1 {
            v | ((1 << (self.g - 1)) - 1)
        } else if self.g >= 1 && !a1 {
            v >> self.g << self.g
        } else {
            v
        }
    }
    /// Whether entry i matches byte address `b` (u128: no overflow).
    fn matches(&self, i: usize, b: u128) -> bool {
        let word = b >> 2;
        let tor = |v: u64| u128::from(v >> self.g << self.g);
        match self.a(i) {
            1 => {
                let bottom = if i == 0 { 0 } else { tor(self.addr[i - 1]) };
                bottom <= word && word < tor(self.addr[i])
            }
            2 => word == u128::from(self.addr[i]),
            3 => {
                // pmpaddr = yyyy...y0111: the bits above the first zero
                // give the base.
                let y = u128::from(self.read_addr(i));
                let k = (!y).trailing_zeros() + 1;
                word >> k == y >> k
            }
            _ => false,
        }
    }
    /// The decision and the deciding entry.
    fn check(
        &self,
        addr: u64,
        size: u64,
        access: AccessType,
        p: Privilege,
    ) -> (bool, Option<usize>) {
        let bytes: Vec<u128> = (0..size)
            .map(|k| u128::from(addr) + u128::from(k))
            .collect();
        for i in 0..self.n {
            let hits = bytes.iter().filter(|&&b| self.matches(i, b)).count();
            if hits == 0 {
                continue;
            }
            if hits < bytes.len() {
                return (false, Some(i));
            }
            let c = self.cfg[i];
            let bit = match access {
                AccessType::Load => 1,
                AccessType::Store => 2,
                AccessType::Fetch => 4,
            };
            let ok = (p == Privilege::Machine && c & L == 0) || c & bit != 0;
            return (ok, Some(i));
        }
        (p == Privilege::Machine || self.n == 0, None)
    }
}

#[derive(Clone, Debug)]
enum Write {
    Cfg(usize, u64),
    Addr(usize, u64),
}

/// pmpaddr values near 0x8000_0000 (so that regions meet the accesses),
/// with runs of trailing ones for NAPOT, and the occasional all-ones.
fn pmpaddr() -> impl Strategy<Value = u64> {
    prop_oneof![
        8 => (0u64..0x240, 0u32..9).prop_map(|(off, ones)| {
            // ones-1 trailing ones above a zero: a NAPOT of 2^(ones+2) bytes
            (((0x8000_0000u64 >> 2) + off) & !((1u64 << ones) - 1)) | (((1u64 << ones) - 1) >> 1)
        }),
        1 => Just(u64::MAX),
        1 => any::<u64>(),
    ]
}

/// A pmpcfg byte: any mode and permissions, sometimes locked, sometimes
/// with reserved bits.
fn cfg_byte() -> impl Strategy<Value = u64> {
    (
        0u64..8,
        0u64..4,
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(rwx, a, l, junk)| rwx | a << 3 | u64::from(l) << 7 | u64::from(junk) << 5)
}

fn writes(n: usize) -> impl Strategy<Value = Vec<Write>> {
    let n = n.max(1);
    let w = prop_oneof![
        (0..2usize, prop::collection::vec(cfg_byte(), 8)).prop_map(|(reg, bytes)| {
            Write::Cfg(
                reg * 2,
                bytes
                    .iter()
                    .enumerate()
                    .fold(0, |v, (b, c)| v | c << (8 * b)),
            )
        }),
        (0..(16usize.min(n) + 1), pmpaddr()).prop_map(|(i, v)| Write::Addr(i, v)),
    ];
    prop::collection::vec(w, 0..40)
}

fn privilege() -> impl Strategy<Value = Privilege> {
    prop_oneof![
        Just(Privilege::User),
        Just(Privilege::Supervisor),
        Just(Privilege::Machine)
    ]
}

fn access() -> impl Strategy<Value = AccessType> {
    prop_oneof![
        Just(AccessType::Fetch),
        Just(AccessType::Load),
        Just(AccessType::Store)
    ]
}

fn setup() -> impl Strategy<Value = (usize, u32, Vec<Write>)> {
    (
        prop_oneof![Just(0usize), Just(1), Just(4), Just(16), Just(64)],
        prop_oneof![Just(0u32), Just(1), Just(2), Just(3), Just(10)],
    )
        .prop_flat_map(|(n, g)| (Just(n), Just(g), writes(n)))
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn pmp_matches_reference(
        (n, g, ws) in setup(),
        accesses in prop::collection::vec(
            (prop_oneof![4 => 0x7fff_ffc0u64..0x8000_0a00, 1 => 0x7fff_f000u64..0x8000_3000],
             prop_oneof![Just(1u64), Just(2), Just(4), Just(8)], access(), privilege()),
            1..64),
    ) {
        let mut pmp = Pmp::new(PmpConfig { entries: n as u8, granularity: g as u8, smepmp: true });
        let mut reference = Reference::new(n, g);
        for w in &ws {
            match *w {
                Write::Cfg(reg, v) => {
                    pmp.write_pmpcfg(reg, v);
                    reference.write_cfg(reg, v);
                }
                Write::Addr(i, v) => {
                    pmp.write_pmpaddr(i, v);
                    reference.write_addr(i, v);
                }
            }
        }
        for reg in (0..16).step_by(2) {
            prop_assert_eq!(pmp.read_pmpcfg(reg), reference.read_cfg(reg), "pmpcfg{}", reg);
        }
        for i in 0..64 {
            prop_assert_eq!(pmp.read_pmpaddr(i), reference.read_addr(i), "pmpaddr{}", i);
        }
        for (addr, size, a, p) in accesses {
            let got = pmp.check(PhysAddr(addr), size, a, p);
            let (ok, entry) = reference.check(addr, size, a, p);
            prop_assert_eq!(got.is_ok(), ok, "{:#x}+{} {:?} {:?}: {:?}", addr, size, a, p, got);
            if let Err(d) = got {
                prop_assert_eq!(d.entry.map(usize::from), entry);
            }
            // A page the PMP calls uniform is: sample it.
            let page = addr & !0xfff;
            let outcome = pmp.page_outcome(PhysAddr(page), a, p);
            if outcome != PageOutcome::Mixed {
                for off in (0..4096).step_by(4) {
                    let (ok, _) = reference.check(page + off, 4, a, p);
                    prop_assert_eq!(ok, outcome == PageOutcome::Allowed, "page {:#x} off {:#x}", page, off);
                }
            }
        }
    }
}
