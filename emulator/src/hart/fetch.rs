//! Instruction fetch and the decoded-instruction cache.
//!
//! Fetch translates the pc through the MMU, except while it stays on the
//! page of the last translated fetch (`FetchPage`), which is forgotten on
//! every change of translation context and on `sfence.vma`.
//!
//! Decoding is a pure function of the instruction bits, so the decode cache
//! is indexed by physical address and validated by the bits: a store that
//! modifies code (with or without `fence.i`) changes the bits and the next
//! fetch decodes again. Nothing ever needs invalidating.

use super::{Exception, Hart, Trap};
use crate::isa::{decode, Instr};
use mmu::{AccessType, PAGE_SIZE};

/// The virtual page of the last fetch and where it lies in RAM.
#[derive(Debug)]
pub(super) struct FetchPage {
    /// Virtual page base, or 1 (never a page base) when empty.
    va_page: u64,
    /// RAM offset of the page's first byte.
    ram_off: usize,
}

impl Default for FetchPage {
    fn default() -> FetchPage {
        FetchPage {
            va_page: 1,
            ram_off: 0,
        }
    }
}

impl FetchPage {
    #[inline]
    pub(super) fn invalidate(&mut self) {
        self.va_page = 1;
    }
}

const DECODE_CACHE_BITS: u32 = 16;

/// Direct-mapped cache of decoded instructions.
#[derive(Debug)]
pub(super) struct DecodeCache {
    entries: Vec<Instr>,
}

impl DecodeCache {
    pub(super) fn new() -> DecodeCache {
        // decode(0) is the defined-illegal all-zero parcel, so a fresh entry
        // is already a correct decoding of the bits it records.
        DecodeCache {
            entries: vec![decode(0); 1 << DECODE_CACHE_BITS],
        }
    }

    #[inline(always)]
    fn lookup(&mut self, ram_off: usize, word: u32) -> Instr {
        let raw = if word & 3 == 3 { word } else { word & 0xffff };
        let slot = (ram_off >> 1) & ((1 << DECODE_CACHE_BITS) - 1);
        match self.entries.get_mut(slot) {
            Some(e) if e.raw == raw => *e,
            Some(e) => {
                *e = decode(raw);
                *e
            }
            None => decode(raw),
        }
    }
}

impl Hart {
    /// Fetches and decodes the instruction at `pc`.
    #[inline(always)]
    pub(super) fn fetch(&mut self) -> Result<Instr, Trap> {
        let pc = self.pc;
        let in_page = pc & (PAGE_SIZE - 1);
        if pc & !(PAGE_SIZE - 1) == self.fetch_page.va_page && in_page <= PAGE_SIZE - 4 {
            let off = self.fetch_page.ram_off + in_page as usize;
            if let Some(word) = self.bus.ram.read::<4>(off) {
                return Ok(self.decode_cache.lookup(off, word as u32));
            }
        }
        self.fetch_slow(pc)
    }

    /// Translates the pc, refills the fetch page, and handles instructions
    /// that straddle a page boundary (tval is then the address of the part
    /// that faulted; the trap's epc is still the pc).
    #[cold]
    fn fetch_slow(&mut self, pc: u64) -> Result<Instr, Trap> {
        let pa = self.translate(pc, AccessType::Fetch)?;
        let Some(off) = self.bus.ram.offset(pa, 2) else {
            return Err(Trap::new(Exception::InstructionAccessFault, pc));
        };
        let page_off = off - (pc & (PAGE_SIZE - 1)) as usize;
        if self
            .bus
            .ram
            .offset(pa & !(PAGE_SIZE - 1), PAGE_SIZE)
            .is_some()
        {
            self.fetch_page = FetchPage {
                va_page: pc & !(PAGE_SIZE - 1),
                ram_off: page_off,
            };
        }
        let lo = self.bus.ram.read::<2>(off).unwrap_or(0) as u32;
        if lo & 3 != 3 {
            return Ok(self.decode_cache.lookup(off, lo));
        }
        let pc2 = pc.wrapping_add(2);
        let off2 = if pc2 & (PAGE_SIZE - 1) == 0 {
            let pa2 = self.translate(pc2, AccessType::Fetch)?;
            self.bus
                .ram
                .offset(pa2, 2)
                .ok_or(Trap::new(Exception::InstructionAccessFault, pc2))?
        } else {
            self.bus
                .ram
                .offset(pa + 2, 2)
                .ok_or(Trap::new(Exception::InstructionAccessFault, pc2))?
        };
        let hi = self.bus.ram.read::<2>(off2).unwrap_or(0) as u32;
        Ok(self.decode_cache.lookup(off, lo | (hi << 16)))
    }
}
