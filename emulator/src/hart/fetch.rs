//! Instruction fetch and the decoded-instruction cache.
//!
//! Decoded instructions are kept per physical page of RAM, one entry per
//! 2-byte parcel, filled lazily as the hart executes them. Fetch translates
//! the pc through the MMU, except while it stays on the virtual page of the
//! last translated fetch (`FetchPage`), which is forgotten on every change
//! of translation context, on `sfence.vma` and on every write to a page that
//! holds decoded code.
//!
//! Self-modifying code (Unprivileged 20191213, chapter 3; rv64uziccid
//! modifies code without `fence.i`, Linux patches it through a second
//! virtual alias): RAM marks the pages the hart holds decoded code of
//! ([`Ram::mark_code`]) and any write to such a page, by any virtual alias
//! or by a device, clears the mark. A page whose mark is gone is decoded
//! afresh before the hart executes from it again. A 32-bit instruction that
//! straddles two pages is never cached: it is fetched and decoded each time.

use super::{Exception, Hart, Trap};
use crate::bus::ram::{Ram, CODE_PAGE_SHIFT};
use crate::isa::{decode, Instr};
use mmu::{AccessType, PAGE_SIZE};

/// Entries of a decoded page: one per 2-byte parcel.
const ENTRIES: usize = (PAGE_SIZE / 2) as usize;
/// The most pages held decoded at once (32 KiB each); beyond that, pages are
/// recycled round robin.
const MAX_SLOTS: usize = 2048;
/// `slot_of_page` value of a page with no decoded copy.
const NO_SLOT: u32 = u32::MAX;
/// An entry not decoded yet: no decoded instruction has length 0.
const EMPTY: Instr = Instr::illegal(0, 0);
/// What a fetch outside the fetch page finds.
static EMPTY_ENTRY: Instr = EMPTY;
/// `FetchPage::base` of the empty fetch page: the first `ENTRIES` entries,
/// which always stay `EMPTY`, so a fetch through it takes the slow path.
const NO_BASE: usize = 0;

/// The virtual page of the last fetch and where its decoded entries are.
#[derive(Debug)]
pub(super) struct FetchPage {
    /// Virtual page base.
    va_page: u64,
    /// Index in `DecodedPages::entries` of the page's first parcel, or
    /// `NO_BASE`.
    base: usize,
}

impl Default for FetchPage {
    fn default() -> FetchPage {
        FetchPage {
            va_page: 0,
            base: NO_BASE,
        }
    }
}

impl FetchPage {
    #[inline]
    pub(super) fn invalidate(&mut self) {
        self.base = NO_BASE;
    }
}

/// Decoded instructions of the RAM pages the hart executes from.
#[derive(Debug)]
pub(super) struct DecodedPages {
    /// `ENTRIES` entries for the empty page, then `ENTRIES` per slot.
    entries: Vec<Instr>,
    /// Per RAM page (offset >> 12): its slot, or `NO_SLOT`.
    slot_of_page: Vec<u32>,
    /// Per slot: the RAM page it holds.
    page_of_slot: Vec<u32>,
    /// The slot recycled next once all `MAX_SLOTS` are in use.
    next_victim: usize,
}

impl DecodedPages {
    pub(super) fn new(ram_size: u64) -> DecodedPages {
        let pages = (ram_size >> CODE_PAGE_SHIFT) as usize + 1;
        DecodedPages {
            entries: vec![EMPTY; ENTRIES],
            slot_of_page: vec![NO_SLOT; pages],
            page_of_slot: Vec::new(),
            next_victim: 0,
        }
    }

    /// The first entry index of RAM page `page`'s decoded copy, allocating
    /// it if needed and emptying it if the page was written since it was
    /// decoded. `None` if `page` lies outside RAM.
    fn page_base(&mut self, page: usize, ram: &mut Ram) -> Option<usize> {
        let slot = match *self.slot_of_page.get(page)? {
            NO_SLOT => self.allocate(page, ram)?,
            s => s as usize,
        };
        let base = (slot + 1) * ENTRIES;
        if !ram.is_code(page) {
            if let Some(block) = self.entries.get_mut(base..base + ENTRIES) {
                block.fill(EMPTY);
            }
            ram.mark_code(page);
        }
        Some(base)
    }

    #[cold]
    fn allocate(&mut self, page: usize, ram: &mut Ram) -> Option<usize> {
        let slot = if self.page_of_slot.len() < MAX_SLOTS {
            self.page_of_slot.push(page as u32);
            self.entries.extend(std::iter::repeat(EMPTY).take(ENTRIES));
            self.page_of_slot.len() - 1
        } else {
            let victim = self.next_victim;
            self.next_victim = (victim + 1) % MAX_SLOTS;
            let old = std::mem::replace(self.page_of_slot.get_mut(victim)?, page as u32);
            if let Some(s) = self.slot_of_page.get_mut(old as usize) {
                *s = NO_SLOT;
            }
            ram.unmark_code(old as usize);
            victim
        };
        // A fresh or recycled slot holds nothing of `page` yet.
        ram.unmark_code(page);
        *self.slot_of_page.get_mut(page)? = slot as u32;
        Some(slot)
    }
}

impl Hart {
    /// The decoded instruction at `pc` if the fetch page holds it, else
    /// an empty entry (`len == 0`, executed as `illegal_or_undecoded`,
    /// which calls [`Hart::fetch_slow`]).
    #[inline(always)]
    pub(super) fn fetch_cached(&self, pc: u64) -> Instr {
        let off = pc.wrapping_sub(self.fetch_page.va_page);
        let idx = if off < PAGE_SIZE {
            self.fetch_page.base + (off >> 1) as usize
        } else {
            NO_BASE
        };
        *self.decoded.entries.get(idx).unwrap_or(&EMPTY_ENTRY)
    }

    /// Forgets the fetch page if a write hit a page holding decoded code.
    #[inline(always)]
    pub(super) fn notice_code_writes(&mut self) {
        if self.bus.ram.flagged_write() {
            self.bus.ram.take_flagged_write();
            self.fetch_page.invalidate();
        }
    }

    /// Translates the pc, refills the fetch page, decodes and caches the
    /// instruction. An instruction that straddles a page boundary is
    /// fetched part by part (tval is then the address of the part that
    /// faulted; the trap's epc is still the pc) and not cached.
    #[cold]
    #[inline(never)]
    pub(super) fn fetch_slow(&mut self, pc: u64) -> Result<Instr, Trap> {
        let pa = self.translate(pc, AccessType::Fetch)?;
        // The translation may have written a PTE (A/D) on a code page.
        self.notice_code_writes();
        let Some(off) = self.bus.ram.offset(pa, 2) else {
            return Err(Trap::new(Exception::InstructionAccessFault, pc));
        };
        let in_page = pc & (PAGE_SIZE - 1);
        let page = self
            .bus
            .ram
            .offset(pa & !(PAGE_SIZE - 1), PAGE_SIZE)
            .filter(|start| start % PAGE_SIZE as usize == 0)
            .and_then(|start| {
                self.decoded
                    .page_base(start >> CODE_PAGE_SHIFT, &mut self.bus.ram)
            });
        if let Some(base) = page {
            // Under --check-tlb every fetch must reach the TLB: the fetch
            // page stays empty, the decoded entries are still used.
            if !self.mmu.check_tlb() {
                self.fetch_page = FetchPage {
                    va_page: pc & !(PAGE_SIZE - 1),
                    base,
                };
            } else if let Some(&done) = self
                .decoded
                .entries
                .get(base + (in_page >> 1) as usize)
                .filter(|e| e.len != 0 && in_page & 1 == 0)
            {
                return Ok(done);
            }
        }
        let lo = self.bus.ram.read::<2>(off).unwrap_or(0) as u32;
        let instr = if lo & 3 != 3 {
            decode(lo)
        } else if in_page <= PAGE_SIZE - 4 {
            let Some(word) = self.bus.ram.read::<4>(off) else {
                return Err(Trap::new(Exception::InstructionAccessFault, pc));
            };
            decode(word as u32)
        } else {
            return self.fetch_straddling(pc, pa, lo);
        };
        // IALIGN = 16 keeps the pc even; an odd pc (only ever set from
        // outside) is decoded but not cached.
        if let Some(base) = page.filter(|_| in_page & 1 == 0) {
            if let Some(e) = self.decoded.entries.get_mut(base + (in_page >> 1) as usize) {
                *e = instr;
            }
        }
        Ok(instr)
    }

    /// The second half of a 32-bit instruction whose first parcel `lo` is
    /// the last of its page.
    #[cold]
    fn fetch_straddling(&mut self, pc: u64, pa: u64, lo: u32) -> Result<Instr, Trap> {
        let pc2 = pc.wrapping_add(2);
        let off2 = if pc2 & (PAGE_SIZE - 1) == 0 {
            let pa2 = self.translate(pc2, AccessType::Fetch)?;
            self.notice_code_writes();
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
        Ok(decode(lo | (hi << 16)))
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
