//! A deliberately simple reference for Sv39, Sv48 and Sv57 translation with
//! Svnapot and Svpbmt, written apart from `mmu/src/walk.rs` (Privileged
//! 20211203, sections 4.3.2, 4.4–4.6, chapters 6 and 7): plain
//! `u64` arithmetic, one function per stage ([`two_stage::stage`]), no
//! shared code with the crate under test beyond the `PtePort` trait the
//! memory implements.
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

/// Translates `va`; `Err(cause)` with the exception code on a fault: the
/// one-stage walk of [`two_stage::stage`] (two-stage translation with
/// hgatp Bare).
pub fn translate(mem: &mut Phys, va: u64, kind: Kind, st: &RefState) -> Result<u64, u64> {
    let stage = two_stage::StageRef {
        levels: st.levels,
        root_ppn: st.root_ppn,
        user: st.user,
        sum: st.sum,
        mxr: st.mxr,
        hardware_ad: st.hardware_ad,
        pbmte: st.pbmte,
        g: false,
        hlvx: false,
    };
    two_stage::translate(mem, va, kind, Some(&stage), None).map_err(|(cause, _, _)| cause)
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
pub mod two_stage;
