//! A fake physical memory for unit tests: a few pages of RAM at
//! 0x8000_0000, optionally with read-only pages (readable PTEs whose A/D
//! update is not a RAM store) and a one-shot interfering store before the
//! next compare-exchange (another agent changing the PTE mid-update).
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]

use crate::access::{AccessType, AdPolicy, Privilege, TranslationContext};
use crate::addr::{Asid, PhysAddr, Ppn, VirtAddr};
use crate::port::PtePort;
use crate::pte::Pte;
use crate::satp::{Satp, SatpMode};

pub const BASE: u64 = 0x8000_0000;
pub const BASE_PPN: u64 = BASE >> 12;

#[derive(Debug, Clone)]
pub struct TestMemory {
    words: Vec<u64>,
    /// Pages (indices from BASE) whose PTEs can be read but not updated.
    pub read_only_pages: Vec<u64>,
    /// Written just before the next compare-exchange, then cleared.
    pub interfere: Option<(PhysAddr, u64)>,
    pub cas_calls: u32,
}

impl TestMemory {
    pub fn new(pages: usize) -> TestMemory {
        TestMemory {
            words: vec![0; pages * 512],
            read_only_pages: Vec::new(),
            interfere: None,
            cas_calls: 0,
        }
    }
    /// The physical address of page `n` of RAM.
    pub fn page(n: u64) -> PhysAddr {
        PhysAddr(BASE + n * 4096)
    }
    fn index(&self, pa: PhysAddr) -> Option<usize> {
        let off = pa.0.checked_sub(BASE)?;
        let i = (off / 8) as usize;
        (off % 8 == 0 && i < self.words.len()).then_some(i)
    }
    pub fn get(&self, pa: PhysAddr) -> u64 {
        self.words[self.index(pa).unwrap()]
    }
    pub fn set(&mut self, pa: PhysAddr, value: u64) {
        let i = self.index(pa).unwrap();
        self.words[i] = value;
    }
    /// Writes entry `index` of the table in page `table`.
    pub fn set_pte(&mut self, table: u64, index: u64, pte: u64) -> PhysAddr {
        let pa = PhysAddr(Self::page(table).0 + index * 8);
        self.set(pa, pte);
        pa
    }
}

impl PtePort for TestMemory {
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        self.index(pa).map(|i| self.words[i])
    }
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        self.cas_calls += 1;
        if let Some((at, value)) = self.interfere.take() {
            self.set(at, value);
        }
        let i = self.index(pa)?;
        if self.read_only_pages.contains(&((pa.0 - BASE) >> 12)) {
            return None;
        }
        if self.words[i] != old {
            return Some(false);
        }
        self.words[i] = new;
        Some(true)
    }
}

/// A pointer PTE to RAM page `page`.
pub fn pointer(page: u64) -> u64 {
    ((BASE_PPN + page) << 10) | Pte::V
}

/// A leaf PTE mapping physical page number `ppn` with `flags` (V added).
pub fn leaf(ppn: u64, flags: u64) -> u64 {
    (ppn << 10) | flags | Pte::V
}

/// Sv39 with the root table in RAM page 0, ASID 1, S-mode, SUM = MXR = 0.
pub fn ctx(ad: AdPolicy) -> TranslationContext {
    TranslationContext {
        privilege: Privilege::Supervisor,
        sum: false,
        mxr: false,
        satp: Satp::new(SatpMode::Sv39, Asid(1), Ppn(BASE_PPN)),
        ad,
        pbmte: true,
        napot: true,
    }
}

/// The virtual address with the given VPNs and offset, sign-extended.
pub fn va(vpn2: u64, vpn1: u64, vpn0: u64, offset: u64) -> VirtAddr {
    let raw = (vpn2 << 30) | (vpn1 << 21) | (vpn0 << 12) | offset;
    VirtAddr(((raw << 25) as i64 >> 25) as u64)
}

pub const ALL_ACCESSES: [AccessType; 3] = [AccessType::Fetch, AccessType::Load, AccessType::Store];
