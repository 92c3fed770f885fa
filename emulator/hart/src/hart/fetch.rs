//! Instruction fetch: the fetch page, and the way into the decoded-block
//! cache (`blocks.rs`).
//!
//! Fetch translates the pc through the MMU, except while it stays on the
//! virtual page of the last translated fetch (`FetchPage`), which is
//! forgotten on every change of translation context, on `sfence.vma` and on
//! every write to a page that holds decoded code. A page becomes the fetch
//! page (and has blocks decoded from it) only if the PMP lets the hart
//! execute the whole page; otherwise every instruction on it is checked
//! and run alone (`pmp.rs`), and every PMP CSR write forgets the page.
//!
//! Self-modifying code (Unprivileged 20191213, chapter 3; rv64uziccid
//! modifies code without `fence.i`, Linux patches it through a second
//! virtual alias): RAM marks the pages the hart holds decoded code of
//! ([`Ram::mark_code`](crate::ram::Ram::mark_code)) and any write to
//! such a page, by any virtual alias or by a device, clears the mark and
//! ends the running block. A page whose mark is gone is decoded afresh
//! before the hart executes from it again. A 32-bit instruction that
//! straddles two pages is never kept: it is fetched and decoded each time.

use super::blocks::{CHAIN, MAX_BLOCK, NO_BASE, PARCELS};
use super::{Exception, Hart, Trap};
use crate::isa::{decode, Instr};
use crate::ram::CODE_PAGE_SHIFT;
use mmu::{AccessType, PAGE_SIZE};

/// The virtual page of the last fetch and where its blocks are.
#[derive(Clone, Copy, Debug)]
pub(super) struct FetchPage {
    /// Virtual page base.
    va_page: u64,
    /// Index in the block maps of the page's first parcel, or `NO_BASE`.
    base: usize,
    /// RAM offset of the page.
    ram_page: usize,
}

/// Where generated code finds the fetch page's fields (`jit_bridge.rs`).
pub(super) mod layout {
    use super::FetchPage;
    use core::mem::offset_of;
    pub(in crate::hart) const VA_PAGE: usize = offset_of!(FetchPage, va_page);
    pub(in crate::hart) const BASE: usize = offset_of!(FetchPage, base);
    pub(in crate::hart) const RAM_PAGE: usize = offset_of!(FetchPage, ram_page);
}

impl Default for FetchPage {
    fn default() -> FetchPage {
        FetchPage {
            va_page: 0,
            base: NO_BASE,
            ram_page: 0,
        }
    }
}

impl FetchPage {
    #[cfg(test)]
    pub(super) fn new(va_page: u64, base: usize, ram_page: usize) -> FetchPage {
        FetchPage {
            va_page,
            base,
            ram_page,
        }
    }

    #[inline(always)]
    pub(super) fn va_page(&self) -> u64 {
        self.va_page
    }

    #[inline]
    pub(super) fn invalidate(&mut self) {
        self.base = NO_BASE;
    }

    /// The block-map index of the parcel at `pc`, if `pc` is even and on
    /// this page (`NO_BASE`'s parcels otherwise, which map to no block).
    #[inline(always)]
    fn parcel(&self, pc: u64) -> usize {
        // An odd offset rotates into the top bit: out of range.
        let p = pc.wrapping_sub(self.va_page).rotate_right(1);
        if p < PARCELS as u64 {
            self.base + p as usize
        } else {
            NO_BASE
        }
    }

    /// The block-map index of the parcel at `pc`, if this page is valid and
    /// `pc` is even and on it.
    #[inline]
    fn parcel_on_page(&self, pc: u64) -> Option<usize> {
        let p = pc.wrapping_sub(self.va_page).rotate_right(1);
        (self.base != NO_BASE && p < PARCELS as u64).then(|| self.base + p as usize)
    }
}

impl Hart {
    /// The arena index of the block starting at `pc` if one is known on
    /// the fetch page, else [`CHAIN`] (executing it enters the block the
    /// slow way, see [`Hart::enter_block`]). Never translates, never traps.
    #[inline(always)]
    pub(super) fn block_at(&self, pc: u64) -> usize {
        self.blocks.start(self.fetch_page.parcel(pc))
    }

    /// Forgets the fetch page and ends the running block if a write hit a
    /// page holding decoded code.
    #[inline(always)]
    pub(super) fn notice_code_writes(&mut self) {
        if self.bus.ram.flagged_write() {
            self.bus.ram.take_flagged_write();
            self.fetch_page.invalidate();
            self.fetch_pages.clear();
            self.request_check();
        }
    }

    /// Empties the store page cache if RAM flagged a page that had no flag
    /// (a code mark, a watch): it holds unflagged pages only, so that a
    /// store which hits it needs no look at the flags (`data_pages.rs`).
    #[inline]
    pub(super) fn notice_new_flags(&mut self) {
        if self.bus.ram.take_newly_flagged() {
            self.store_pages.clear();
        }
    }

    /// The arena index of a block whose first instruction is the one at
    /// `pc`: a known block, a block decoded now, or the scratch block.
    /// Translates the pc when it leaves the fetch page; the trap is that of
    /// the fetch.
    #[cold]
    #[inline(never)]
    pub(super) fn enter_block(&mut self, pc: u64) -> Result<usize, Trap> {
        let (off, parcel) = self.fetch_place(pc)?;
        if let Some(idx) = parcel {
            // --check-tlb: every fetch must reach the TLB, so blocks are one
            // instruction long and run from the scratch block, which the
            // next fetch enters through a translation again.
            let check_tlb = self.mmu.check_tlb();
            let mut k = self.blocks.start(idx);
            if k == CHAIN {
                let max = if check_tlb { 1 } else { MAX_BLOCK };
                k = self
                    .blocks
                    .build(&self.bus.ram, idx, off, max)
                    .unwrap_or(CHAIN);
                // Compiled code of an earlier block at this arena index is
                // not this block's (`jit_bridge.rs`).
                self.jit.forget(k);
            }
            match k {
                CHAIN => {} // straddles the page end
                _ if check_tlb => return Ok(self.blocks.scratch(self.blocks.instr(k))),
                _ => return Ok(k),
            }
        }
        // Straddling or odd: one instruction, not kept.
        let i = self.decode_at(pc, off)?;
        Ok(self.blocks.scratch(i))
    }

    /// The instruction at `pc`, fetched as the run loop would fetch it
    /// (through the fetch page) but not kept: for the debugging loop.
    pub(super) fn fetch_decoded(&mut self, pc: u64) -> Result<Instr, Trap> {
        let (off, _) = self.fetch_place(pc)?;
        self.decode_at(pc, off)
    }

    /// Where the instruction at `pc` is: its RAM offset and, if `pc` is even
    /// and its page can hold blocks, its parcel's index in the block maps.
    /// From the fetch page if `pc` is on it, else from a recent fetch page
    /// (`fetch_pages.rs`; it becomes the fetch page), else by translating
    /// the pc (the trap is that of the fetch).
    fn fetch_place(&mut self, pc: u64) -> Result<(usize, Option<usize>), Trap> {
        if let Some(idx) = self.fetch_page.parcel_on_page(pc) {
            let off = self.fetch_page.ram_page + (pc & (PAGE_SIZE - 1)) as usize;
            return Ok((off, Some(idx)));
        }
        if let Some(page) = self.fetch_pages.lookup(pc) {
            // Blocks of the page's current bytes only (`fetch_pages.rs`).
            if self.bus.ram.is_code(page.ram_page >> CODE_PAGE_SHIFT) {
                self.fetch_page = page;
                if let Some(idx) = self.fetch_page.parcel_on_page(pc) {
                    let off = page.ram_page + (pc & (PAGE_SIZE - 1)) as usize;
                    return Ok((off, Some(idx)));
                }
            }
        }
        let (off, parcel) = self.fetch_translate(pc)?;
        Ok((off, parcel.filter(|_| pc & 1 == 0)))
    }

    /// Translates the pc and makes its page the fetch page (unless
    /// `--check-tlb` wants every fetch to reach the TLB). Returns the RAM
    /// offset of the pc and, when its page can hold blocks, the block-map
    /// index of its parcel.
    fn fetch_translate(&mut self, pc: u64) -> Result<(usize, Option<usize>), Trap> {
        let pa = self.translate(pc, AccessType::Fetch)?;
        // The translation may have written a PTE (A/D) on a code page.
        self.notice_code_writes();
        if !self.pmp_check_fetch(pc, pa)? {
            // Not the whole page passes the PMP: this one instruction did;
            // run it alone, keep no fetch page and no block (`pmp.rs`).
            let off = self
                .bus
                .ram
                .offset(pa, 2)
                .ok_or(Trap::new(Exception::InstructionAccessFault, pc))?;
            return Ok((off, None));
        }
        let Some(off) = self.bus.ram.offset(pa, 2) else {
            return Err(Trap::new(Exception::InstructionAccessFault, pc));
        };
        let in_page = (pc & (PAGE_SIZE - 1)) as usize;
        let ram_page = off - in_page;
        let base = if ram_page.is_multiple_of(PAGE_SIZE as usize) {
            self.blocks
                .page_base(ram_page >> CODE_PAGE_SHIFT, &mut self.bus.ram)
        } else {
            None
        };
        // The page may have just been marked as holding code.
        self.notice_new_flags();
        if self.blocks.take_recycled() {
            // A cached page's map may now be another page's.
            self.fetch_pages.clear();
        }
        if let Some(base) = base.filter(|_| !self.mmu.check_tlb()) {
            self.fetch_page = FetchPage {
                va_page: pc & !(PAGE_SIZE - 1),
                base,
                ram_page,
            };
            self.fetch_pages.fill(self.fetch_page);
        }
        Ok((off, base.map(|b| b + (in_page >> 1))))
    }

    /// The PMP check (if enforced) of the instruction at `pc` (physical
    /// `pa`), parcel by parcel as Spike fetches: `Ok(true)` when its whole
    /// page may be executed (the page may become the fetch page), `Ok(false)` when only
    /// this instruction was checked (its second parcel too, when it is a
    /// 32-bit instruction inside the page; a straddling one is checked by
    /// [`Hart::fetch_straddling`]).
    fn pmp_check_fetch(&mut self, pc: u64, pa: u64) -> Result<bool, Trap> {
        if self.pmp_check(pc, pa, 2, AccessType::Fetch)? {
            return Ok(true);
        }
        let lo = self
            .bus
            .ram
            .offset(pa, 2)
            .and_then(|o| self.bus.ram.read::<2>(o));
        let wide = lo.is_some_and(|lo| lo & 3 == 3);
        if wide && pc & (PAGE_SIZE - 1) <= PAGE_SIZE - 4 {
            self.pmp_check(pc.wrapping_add(2), pa.wrapping_add(2), 2, AccessType::Fetch)?;
        }
        Ok(false)
    }

    /// Decodes the instruction at `pc`, whose first parcel is at RAM offset
    /// `off`. An instruction that straddles a page boundary is fetched part
    /// by part (tval is then the address of the part that faulted; the
    /// trap's epc is still the pc).
    fn decode_at(&mut self, pc: u64, off: usize) -> Result<Instr, Trap> {
        let i = self.decode_at_ungated(pc, off)?;
        Ok(crate::isa::extensions::gate(i, self.config.isa))
    }

    /// [`Hart::decode_at`] before the enabled extensions are applied.
    fn decode_at_ungated(&mut self, pc: u64, off: usize) -> Result<Instr, Trap> {
        let lo = self.bus.ram.read::<2>(off).unwrap_or(0) as u32;
        if lo & 3 != 3 {
            return Ok(decode(lo));
        }
        if pc & (PAGE_SIZE - 1) <= PAGE_SIZE - 4 {
            let Some(word) = self.bus.ram.read::<4>(off) else {
                return Err(Trap::new(Exception::InstructionAccessFault, pc));
            };
            return Ok(decode(word as u32));
        }
        self.fetch_straddling(pc, off, lo)
    }

    /// The second half of a 32-bit instruction whose first parcel `lo` (at
    /// RAM offset `off`) is the last of its page.
    #[cold]
    fn fetch_straddling(&mut self, pc: u64, off: usize, lo: u32) -> Result<Instr, Trap> {
        let pc2 = pc.wrapping_add(2);
        let off2 = if pc2 & (PAGE_SIZE - 1) == 0 {
            let pa2 = self.translate(pc2, AccessType::Fetch)?;
            self.notice_code_writes();
            self.pmp_check(pc2, pa2, 2, AccessType::Fetch)?;
            self.bus
                .ram
                .offset(pa2, 2)
                .ok_or(Trap::new(Exception::InstructionAccessFault, pc2))?
        } else {
            // An odd pc at the page's last byte: the parcel runs on in RAM.
            off + 2
        };
        let Some(hi) = self.bus.ram.read::<2>(off2) else {
            return Err(Trap::new(Exception::InstructionAccessFault, pc2));
        };
        Ok(decode(lo | ((hi as u32) << 16)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{Hart, HartConfig, StopReason, TraceMode};
    use crate::bus::{Bus, RAM_BASE};
    use mmu::Privilege;

    const A0: u32 = 10;
    const A1: u32 = 11;
    const T0: u32 = 5;
    const T1: u32 = 6;
    const T2: u32 = 7;

    fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
        ((imm as u32 & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13
    }
    fn sw(rs2: u32, rs1: u32, imm: i32) -> u32 {
        let imm = imm as u32;
        ((imm >> 5 & 0x7f) << 25)
            | (rs2 << 20)
            | (rs1 << 15)
            | (2 << 12)
            | ((imm & 0x1f) << 7)
            | 0x23
    }
    fn bne(rs1: u32, rs2: u32, off: i32) -> u32 {
        let o = off as u32;
        ((o >> 12 & 1) << 31)
            | ((o >> 5 & 0x3f) << 25)
            | (rs2 << 20)
            | (rs1 << 15)
            | (1 << 12)
            | ((o >> 1 & 0xf) << 8)
            | ((o >> 11 & 1) << 7)
            | 0x63
    }

    /// A loop of three rounds over the instruction at RAM_BASE + 8. Each
    /// round stores t1 through the address in t0, then sets t1 = t2: the
    /// first round rewrites the same bits, the second writes the new
    /// instruction, so by then every instruction of the loop is decoded.
    /// a0 counts: 1 per old instruction, 100 per new one.
    fn self_modifying_hart(store_va: u64) -> Hart {
        let code = [
            addi(A0, 0, 0),
            addi(A1, 0, 3),
            addi(A0, A0, 1), // replaced by addi a0, a0, 100
            sw(T1, T0, 0),
            addi(T1, T2, 0),
            addi(A1, A1, -1),
            bne(A1, 0, -16),
        ];
        let mut bus = Bus::new(1 << 20);
        for (k, w) in code.iter().enumerate() {
            bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
        }
        let mut h = Hart::new(bus, RAM_BASE, HartConfig::default());
        h.open_pmp();
        h.x[T0 as usize] = store_va;
        h.x[T1 as usize] = u64::from(addi(A0, A0, 1));
        h.x[T2 as usize] = u64::from(addi(A0, A0, 100));
        h
    }

    fn run_loop(h: &mut Hart) {
        assert_eq!(h.run(17, TraceMode::Off), StopReason::InsnLimit);
        assert_eq!(h.pc, RAM_BASE + 28, "the loop ran to its end");
    }

    #[test]
    fn a_store_to_decoded_code_is_seen_by_the_next_fetch() {
        let mut h = self_modifying_hart(RAM_BASE + 8);
        run_loop(&mut h);
        assert_eq!(h.x[A0 as usize], 102);
    }

    #[test]
    fn a_store_through_another_virtual_alias_is_seen_by_the_next_fetch() {
        // Sv39, two 1 GiB leaves on the same RAM: 0x8000_0000 (RWX, where
        // the code runs) and 0xc000_0000 (RW, where it stores).
        const ROOT: u64 = RAM_BASE + 0x8_0000;
        const LEAF: u64 = ((RAM_BASE >> 12) << 10) | 0xc7; // V R W A D
        let mut h = self_modifying_hart(0xc000_0008);
        let root = h.bus.ram.offset(ROOT, 4096).unwrap();
        h.bus.ram.write::<8>(root + 2 * 8, LEAF | 0x8).unwrap(); // + X
        h.bus.ram.write::<8>(root + 3 * 8, LEAF).unwrap();
        h.csr.satp = (8 << 60) | (ROOT >> 12);
        h.privilege = Privilege::Supervisor;
        h.update_contexts();
        run_loop(&mut h);
        assert_eq!(h.x[A0 as usize], 102);
    }

    #[test]
    fn code_rewritten_from_outside_the_hart_is_decoded_afresh() {
        // Run the loop once, rewrite its target from outside (as a device
        // or the loader would), and run it again.
        let mut h = self_modifying_hart(RAM_BASE + 0x1000);
        run_loop(&mut h);
        assert_eq!(h.x[A0 as usize], 3);
        h.bus.ram.write::<4>(8, u64::from(addi(A0, A0, 7))).unwrap();
        h.pc = RAM_BASE;
        run_loop(&mut h);
        assert_eq!(h.x[A0 as usize], 21);
    }
}
