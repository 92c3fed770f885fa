//! A deliberately simple reference for Sv39, Sv48 and Sv57 translation with
//! Svnapot and Svpbmt, written apart from `mmu/src/walk.rs` (Privileged
//! 20211203, sections 4.3.2, 4.4–4.6, chapters 6 and 7): plain
//! `u64` arithmetic, one function, no shared code with the crate under test
//! beyond the `PtePort` trait the memory implements.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashMap;

use mmu::{PhysAddr, PtePort};

/// RAM: 8 pages at 0x8000_0000. ROM: 1 page at 0x1000_0000 (PTEs there can
/// be read, but an A/D update is not a RAM store). Everything else is not
/// memory.
pub const RAM_BASE: u64 = 0x8000_0000;
pub const RAM_PAGES: u64 = 8;
pub const ROM_BASE: u64 = 0x1000_0000;

/// Physical memory holding page tables, as 8-byte words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Phys {
    pub words: HashMap<u64, u64>,
}

pub fn is_ram(pa: u64) -> bool {
    pa & 7 == 0 && (RAM_BASE..RAM_BASE + RAM_PAGES * 4096).contains(&pa)
}

pub fn is_rom(pa: u64) -> bool {
    pa & 7 == 0 && (ROM_BASE..ROM_BASE + 4096).contains(&pa)
}

impl Phys {
    pub fn load(&self, pa: u64) -> Option<u64> {
        if is_ram(pa) || is_rom(pa) {
            Some(self.words.get(&pa).copied().unwrap_or(0))
        } else {
            None
        }
    }
    /// A store to RAM; `false` if `pa` is not RAM.
    pub fn store(&mut self, pa: u64, value: u64) -> bool {
        if is_ram(pa) {
            self.words.insert(pa, value);
            true
        } else {
            false
        }
    }
    /// Sets a word of RAM or ROM (test setup, not a guest store).
    pub fn poke(&mut self, pa: u64, value: u64) {
        assert!(is_ram(pa) || is_rom(pa));
        self.words.insert(pa, value);
    }
    /// The words that are not zero, for comparing two memories.
    pub fn nonzero(&self) -> Vec<(u64, u64)> {
        let mut v: Vec<_> = self
            .words
            .iter()
            .filter(|(_, w)| **w != 0)
            .map(|(a, w)| (*a, *w))
            .collect();
        v.sort_unstable();
        v
    }
}

impl PtePort for Phys {
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        self.load(pa.0)
    }
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        if !is_ram(pa.0) {
            return None;
        }
        if self.load(pa.0) != Some(old) {
            return Some(false);
        }
        self.store(pa.0, new);
        Some(true)
    }
}

/// The hart state the reference needs.
#[derive(Clone, Copy, Debug)]
pub struct RefState {
    pub user: bool,
    pub sum: bool,
    pub mxr: bool,
    pub root_ppn: u64,
    pub hardware_ad: bool,
    /// 3 (Sv39), 4 (Sv48) or 5 (Sv57).
    pub levels: u64,
    /// menvcfg.PBMTE.
    pub pbmte: bool,
}

/// Whether `va` is canonical with `levels` levels: the bits above the
/// VA width are copies of its top bit.
pub fn canonical(va: u64, levels: u64) -> bool {
    let width = 12 + 9 * levels;
    let top = va >> (width - 1);
    top == 0 || top == (1u64 << (65 - width)) - 1
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Fetch,
    Load,
    Store,
}

/// Translates `va`; `Err(cause)` with the exception code on a fault.
pub fn translate(mem: &mut Phys, va: u64, kind: Kind, st: &RefState) -> Result<u64, u64> {
    let page_fault = match kind {
        Kind::Fetch => 12,
        Kind::Load => 13,
        Kind::Store => 15,
    };
    let access_fault = match kind {
        Kind::Fetch => 1,
        Kind::Load => 5,
        Kind::Store => 7,
    };
    if !canonical(va, st.levels) {
        return Err(page_fault);
    }
    let bit = |pte: u64, n: u32| (pte >> n) & 1 == 1;
    let mut table = st.root_ppn * 4096;
    let mut level: i32 = st.levels as i32 - 1;
    while level >= 0 {
        let index = (va >> (12 + 9 * level as u64)) % 512;
        let where_ = table + index * 8;
        let pte = match mem.load(where_) {
            Some(p) => p,
            None => return Err(access_fault),
        };
        let (v, r, w, x, u, a, d) = (
            bit(pte, 0),
            bit(pte, 1),
            bit(pte, 2),
            bit(pte, 3),
            bit(pte, 4),
            bit(pte, 6),
            bit(pte, 7),
        );
        if !v || (w && !r) || (pte >> 54) % 128 != 0 {
            return Err(page_fault);
        }
        let ppn = (pte >> 10) % (1 << 44);
        let napot = bit(pte, 63);
        let memory_type = (pte >> 61) % 4;
        let is_leaf = r || x;
        // Svpbmt: types 1 and 2 in leaves, and only while PBMTE is set.
        if memory_type != 0 && !(st.pbmte && is_leaf && memory_type < 3) {
            return Err(page_fault);
        }
        // Svnapot: only 64 KiB ranges, only in level-0 leaves.
        if napot && !(is_leaf && level == 0 && ppn % 16 == 8) {
            return Err(page_fault);
        }
        if !r && !x {
            if u || a || d || level == 0 {
                return Err(page_fault);
            }
            table = ppn * 4096;
            level -= 1;
            continue;
        }
        // A leaf: who may touch it, then what they may do.
        let may_touch = if st.user {
            u
        } else {
            !u || (st.sum && kind != Kind::Fetch)
        };
        let may_do = match kind {
            Kind::Fetch => x,
            Kind::Load => r || (x && st.mxr),
            Kind::Store => w,
        };
        if !may_touch || !may_do {
            return Err(page_fault);
        }
        let pages_in_leaf = 1u64 << (9 * level as u64);
        if ppn % pages_in_leaf != 0 {
            return Err(page_fault);
        }
        let needs_d = kind == Kind::Store;
        if !a || (needs_d && !d) {
            if !st.hardware_ad {
                return Err(page_fault);
            }
            let updated = pte | 0x40 | if needs_d { 0x80 } else { 0 };
            if !mem.store(where_, updated) {
                return Err(access_fault);
            }
        }
        if napot {
            // The implicit read gives ppn[0][3:0] = vpn[0][3:0].
            let page_in_range = (va >> 12) % 16;
            return Ok((ppn - 8 + page_in_range) * 4096 + va % 4096);
        }
        let size = 4096 * pages_in_leaf;
        return Ok(ppn * 4096 + va % size);
    }
    Err(page_fault)
}

/// The PTE addresses a walk of `va` reads before it stops (whatever the
/// access type), and whether any of them had G set: what a cached
/// translation of `va` can depend on.
pub fn path(mem: &Phys, va: u64, root_ppn: u64, levels: u64) -> (Vec<u64>, bool) {
    let mut visited = Vec::new();
    let mut global = false;
    if !canonical(va, levels) {
        return (visited, global);
    }
    let mut table = root_ppn * 4096;
    for level in (0..levels).rev() {
        let where_ = table + ((va >> (12 + 9 * level)) % 512) * 8;
        visited.push(where_);
        let Some(pte) = mem.load(where_) else { break };
        global |= pte & 0x20 != 0;
        let pointer = pte & 1 == 1 && pte & 0xe == 0;
        if !pointer {
            break;
        }
        table = ((pte >> 10) % (1 << 44)) * 4096;
    }
    (visited, global)
}

pub mod gen;
