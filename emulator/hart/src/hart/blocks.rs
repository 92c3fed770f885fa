//! The decoded-block cache: straight-line runs of decoded instructions,
//! laid out one after the other so that the run loop steps through a block
//! by incrementing an index.
//!
//! Why blocks: with one decoded entry per 2-byte parcel, the address of the
//! next entry depends on the length of the current instruction, which is
//! itself loaded from the entry; every instruction then waits for the load
//! of the one before. In a block the next entry is simply the next element,
//! and only a taken branch or a jump looks the target up again.
//!
//! # Structure
//!
//! - The arena holds the blocks. A block is decoded from one physical page
//!   of RAM, starting at the parcel it was entered at, and runs until an
//!   instruction that ends it ([`ends_block`]), the end of the page (or an
//!   instruction straddling it), or [`MAX_BLOCK`] instructions. Conditional
//!   branches do not end a block: not taken, execution goes on in it.
//! - Every block is followed by a *chain entry* ([`CHAIN_ENTRY`], an entry
//!   of length 0): executing it looks up (or builds) the block at the
//!   current pc and runs its first instruction (`Hart::enter_block`). Arena
//!   index [`CHAIN`] is a chain entry on its own: what a lookup returns when
//!   no block is known, so a lookup never fails and never translates.
//! - Per physical page held decoded (a *slot*), one `u32` per parcel: the
//!   arena index of the block starting there, or [`CHAIN`].
//! - Per arena entry, a *link*: for a taken branch or a `jal` whose target
//!   lies on the same page, the arena index of the target's block, filled
//!   the first time the jump is taken ([`Blocks::link`]), so that jumping
//!   again needs no lookup. Only same-page links can arise: the lookup
//!   (`Hart::block_at`) finds blocks on the fetch page alone, and that is
//!   the page of the jump.
//!
//! # Invariant
//!
//! A block's instructions are exactly those in RAM at its parcels, because
//! the page's `CODE` mark in [`Ram`] was set before the block was decoded,
//! any write to the page clears the mark, and a page whose mark is gone has
//! its block map emptied before it is used again ([`Blocks::page_base`]).
//! The hart, for its part, leaves a block at every write to a marked page:
//! the store asks the run loop for a check (`Hart::notice_code_writes`), the
//! loop ends, and the next lookup goes through the fetch page again, which
//! the write invalidated.
//!
//! In a block, a destination x0 is replaced by the hart's sink register
//! ([`sink_x0`]).
//!
//! Blocks hold no translation: they are per physical page and shared by all
//! virtual aliases. Translation is done by the fetch page (`fetch.rs`).
//! A link stays within one physical page, so it holds no translation
//! either: the target is on the virtual page of the jump, translated as
//! the jump was; and a link can only be followed from the block it belongs
//! to, so it is forgotten together with its page's blocks.

use super::X_SINK;
use crate::isa::extensions::{gate, Extensions};
use crate::isa::{csr_ops, decode, fp_ops, system_ops, Instr, Op};
use crate::ram::{Ram, CODE_PAGE_SHIFT};
use mmu::PAGE_SIZE;

/// Parcels (2-byte units) per page.
pub(super) const PARCELS: usize = (PAGE_SIZE / 2) as usize;
/// The most pages held decoded at once; beyond that, slots are recycled
/// round robin.
const MAX_SLOTS: usize = 2048;
/// `slot_of_page` value of a page with no slot.
const NO_SLOT: u32 = u32::MAX;
/// The longest block, in instructions. Blocks entered in the middle of
/// another block copy its tail, so this bounds the copying too.
pub(super) const MAX_BLOCK: usize = 64;
/// Entries of the arena (4 MiB of `Instr`s); when a block no longer fits,
/// the arena is emptied. A power of two: indices are taken modulo it, so
/// that the compiler can drop the bounds check.
pub(crate) const ARENA_SIZE: usize = 1 << 18;

/// Arena index of the lone chain entry: "no block known here".
pub(super) const CHAIN: usize = 0;
/// Arena index of the scratch block: one instruction that is not kept (a
/// straddling instruction, an odd pc) or that must not lead on to the next
/// without a fetch (under `--check-tlb`), followed by a chain entry.
pub(super) const SCRATCH: usize = 1;
/// Entries before the first block: the chain entry and the scratch block.
pub(super) const RESERVED: usize = 3;
/// `FetchPage::base` of no page: the first `PARCELS` entries of the block
/// maps, which all stay [`CHAIN`].
pub(super) const NO_BASE: usize = 0;

/// A chain entry: no decoded instruction has length 0.
pub(super) const CHAIN_ENTRY: Instr = Instr::illegal(0, 0);

/// Whether `op` ends a block. These operations leave the block by a lookup
/// of their successor (a jump), or may change the translation context, or
/// trap for sure. Correctness does not depend on this list: every block
/// is followed by a chain entry.
fn ends_block(op: Op) -> bool {
    matches!(
        op,
        Op::Jal | Op::Jalr | csr_ops!() | system_ops!() | Op::Illegal
    )
}

/// `i` as kept in a block: a destination x0 becomes [`X_SINK`], so the run
/// loop can write every result without zeroing x0 again. Not for the F/D,
/// CSR and privileged operations, whose `rd` is an f register or is looked
/// at by their out-of-line code.
fn sink_x0(mut i: Instr) -> Instr {
    // AMOCAS reads rd; a cache-block operation's rd is 0 and unused.
    let keep = matches!(
        i.op,
        fp_ops!()
            | csr_ops!()
            | system_ops!()
            | Op::Illegal
            | Op::AmocasW
            | Op::AmocasD
            | Op::AmocasQ
            | Op::CboClean
            | Op::CboFlush
            | Op::CboInval
            | Op::CboZero
    );
    if i.rd == 0 && !keep {
        i.rd = X_SINK;
    }
    i
}

/// Decoded blocks of the RAM pages the hart executes from.
#[derive(Debug)]
pub(super) struct Blocks {
    /// The chain entry, the scratch block, then the blocks, up to `used`.
    arena: Box<[Instr; ARENA_SIZE]>,
    /// Per arena entry: its link, or `CHAIN`.
    links: Box<[u32; ARENA_SIZE]>,
    /// Arena entries in use.
    used: usize,
    /// `PARCELS` entries for no page (all `CHAIN`), then `PARCELS` per slot:
    /// the arena index of the block starting at each parcel, or `CHAIN`.
    /// Allocated once for `MAX_SLOTS` (zeroed, so the host commits only the
    /// pages of slots in use) and never moved: compiled code reads it at
    /// the address [`Blocks::start_of_ptr`] gives (`jit_bridge.rs`).
    start_of: Box<[u32]>,
    /// Per RAM page (offset >> 12): its slot, or `NO_SLOT`.
    slot_of_page: Vec<u32>,
    /// Per slot: the RAM page it holds.
    page_of_slot: Vec<u32>,
    /// The slot recycled next once all `MAX_SLOTS` are in use.
    next_victim: usize,
    /// Set when a map slot was given to another page (see
    /// [`Blocks::take_recycled`]).
    recycled: bool,
    /// Blocks decoded, and times the arena was emptied (for `--stats`).
    pub(super) built: u64,
    pub(super) flushes: u64,
    /// The enabled extensions: what they do not allow decodes as illegal.
    pub(super) isa: Extensions,
}

impl Blocks {
    pub(super) fn new(ram_size: u64) -> Blocks {
        let pages = (ram_size >> CODE_PAGE_SHIFT) as usize + 1;
        Blocks {
            arena: boxed_array(CHAIN_ENTRY),
            links: boxed_array(CHAIN as u32),
            used: RESERVED,
            start_of: vec![CHAIN as u32; PARCELS * (MAX_SLOTS + 1)].into_boxed_slice(),
            slot_of_page: vec![NO_SLOT; pages],
            page_of_slot: Vec::new(),
            next_victim: 0,
            recycled: false,
            built: 0,
            flushes: 0,
            isa: Extensions::all(),
        }
    }

    /// The arena entry `k`.
    #[inline(always)]
    pub(super) fn instr(&self, k: usize) -> Instr {
        self.arena[k % ARENA_SIZE]
    }

    /// The link of arena entry `k` (a taken jump's target block), or
    /// [`CHAIN`].
    #[inline(always)]
    pub(super) fn link(&self, k: usize) -> usize {
        self.links[k % ARENA_SIZE] as usize
    }

    /// Records `target`, a block on the same page, as the link of the jump
    /// at arena entry `k` (not in the scratch block, which is not kept).
    #[inline]
    pub(super) fn set_link(&mut self, k: usize, target: usize) {
        if k >= RESERVED && target >= RESERVED {
            self.links[k % ARENA_SIZE] = target as u32;
        }
    }

    /// The address of the block maps (`PARCELS * (MAX_SLOTS + 1)` arena
    /// indices as `u32`), fixed for the life of the hart: compiled code
    /// looks the next block up there as [`Blocks::start`] does.
    pub(crate) fn start_of_ptr(&self) -> *const u32 {
        self.start_of.as_ptr()
    }

    /// The block starting at parcel `idx` of `start_of`, or [`CHAIN`].
    #[inline(always)]
    pub(super) fn start(&self, idx: usize) -> usize {
        self.start_of.get(idx).map_or(CHAIN, |&k| k as usize)
    }

    /// The index in `start_of` of RAM page `page`'s first parcel, giving the
    /// page a slot if it has none and emptying its block map if the page
    /// was written since its blocks were decoded (then it is marked as
    /// holding code again). `None` if `page` lies outside RAM.
    pub(super) fn page_base(&mut self, page: usize, ram: &mut Ram) -> Option<usize> {
        let slot = match *self.slot_of_page.get(page)? {
            NO_SLOT => self.allocate(page, ram)?,
            s => s as usize,
        };
        let base = (slot + 1) * PARCELS;
        if !ram.is_code(page) {
            if let Some(map) = self.start_of.get_mut(base..base + PARCELS) {
                map.fill(CHAIN as u32);
            }
            ram.mark_code(page);
        }
        Some(base)
    }

    /// Whether a map slot was given to another page since the last call: a
    /// base [`Blocks::page_base`] returned earlier may now be that page's.
    #[inline]
    pub(super) fn take_recycled(&mut self) -> bool {
        std::mem::take(&mut self.recycled)
    }

    #[cold]
    fn allocate(&mut self, page: usize, ram: &mut Ram) -> Option<usize> {
        let slot = if self.page_of_slot.len() < MAX_SLOTS {
            self.page_of_slot.push(page as u32);
            self.page_of_slot.len() - 1
        } else {
            let victim = self.next_victim;
            self.next_victim = (victim + 1) % MAX_SLOTS;
            let old = std::mem::replace(self.page_of_slot.get_mut(victim)?, page as u32);
            if let Some(s) = self.slot_of_page.get_mut(old as usize) {
                *s = NO_SLOT;
            }
            ram.unmark_code(old as usize);
            self.recycled = true;
            victim
        };
        // A fresh or recycled slot holds nothing of `page` yet.
        ram.unmark_code(page);
        *self.slot_of_page.get_mut(page)? = slot as u32;
        Some(slot)
    }

    /// Decodes the block of at most `max` (1..=[`MAX_BLOCK`]) instructions
    /// starting at RAM offset `off` (an even offset in the page whose
    /// parcel `idx` of `start_of` it is), records it and returns its arena
    /// index. `None` if the first instruction straddles the end of the page
    /// (it is never kept).
    pub(super) fn build(&mut self, ram: &Ram, idx: usize, off: usize, max: usize) -> Option<usize> {
        if idx < PARCELS {
            return None; // no page's parcel: nothing may be recorded there
        }
        if self.used + MAX_BLOCK + 1 > ARENA_SIZE {
            self.flush();
        }
        let start = self.used;
        let page_end = (off | (PAGE_SIZE as usize - 1)) + 1;
        let mut at = off;
        let max = max.clamp(1, MAX_BLOCK);
        while at < page_end && self.used - start < max {
            let lo = ram.read::<2>(at).unwrap_or(0) as u32;
            let i = if lo & 3 != 3 {
                decode(lo)
            } else if at + 4 <= page_end {
                decode(ram.read::<4>(at).unwrap_or(0) as u32)
            } else {
                break; // straddles the page end
            };
            let i = gate(i, self.isa);
            self.push(sink_x0(i));
            at += usize::from(i.len);
            if ends_block(i.op) {
                break;
            }
        }
        if self.used == start {
            return None;
        }
        self.push(CHAIN_ENTRY);
        *self.start_of.get_mut(idx)? = start as u32;
        self.built += 1;
        Some(start)
    }

    /// Appends `i` to the arena, with no link (`build` made room).
    fn push(&mut self, i: Instr) {
        let k = self.used % ARENA_SIZE;
        self.arena[k] = i;
        self.links[k] = CHAIN as u32;
        self.used += 1;
    }

    /// Puts `i` in the scratch block and returns its index.
    pub(super) fn scratch(&mut self, i: Instr) -> usize {
        self.arena[SCRATCH] = sink_x0(i);
        SCRATCH
    }

    /// Forgets every block (the arena is full). The slots and the pages'
    /// `CODE` marks stay: the maps are only emptied.
    #[cold]
    fn flush(&mut self) {
        log::debug!(target: "rvmmu::blocks", "decoded-block arena full: emptied");
        self.used = RESERVED;
        // Only the maps of slots in use: the others were never written.
        let in_use = PARCELS * (self.page_of_slot.len() + 1);
        if let Some(maps) = self.start_of.get_mut(..in_use) {
            maps.fill(CHAIN as u32);
        }
        self.flushes += 1;
    }
}

/// The most host memory the decoded-block store of a hart with `ram_size`
/// bytes of RAM can take: the arena and its links, the parcel maps of
/// every slot, the page and slot maps (for the README's memory ceiling,
/// `emulator::footprint`).
pub const fn max_host_bytes(ram_size: usize) -> usize {
    let pages = (ram_size >> CODE_PAGE_SHIFT) + 1;
    ARENA_SIZE * (std::mem::size_of::<Instr>() + 4)
        + PARCELS * (MAX_SLOTS + 1) * 4
        + pages * 4
        + MAX_SLOTS * 4
}

/// A boxed array of `ARENA_SIZE` copies of `v`, built on the heap.
fn boxed_array<T: Copy>(v: T) -> Box<[T; ARENA_SIZE]> {
    match vec![v; ARENA_SIZE].into_boxed_slice().try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("the vector has ARENA_SIZE elements"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ADDI: u32 = 0x0010_0513; // addi a0, zero, 1
    const C_ADDI: u32 = 0x0505; // c.addi a0, 1
    const JAL: u32 = 0x0000_006f; // jal zero, 0
    const BEQ: u32 = 0x0000_0063; // beq zero, zero, 0

    fn ram_with(words: &[(usize, u32, usize)]) -> Ram {
        let mut ram = Ram::new(0x8000_0000, 1 << 16);
        for &(off, w, n) in words {
            match n {
                2 => ram.write::<2>(off, u64::from(w)).unwrap(),
                _ => ram.write::<4>(off, u64::from(w)).unwrap(),
            };
        }
        ram
    }

    fn block(b: &Blocks, k: usize) -> Vec<Op> {
        (k..)
            .map(|k| b.instr(k))
            .take_while(|i| i.len != 0)
            .map(|i| i.op)
            .collect()
    }

    #[test]
    fn a_block_runs_past_branches_and_ends_at_a_jump() {
        let mut ram = ram_with(&[
            (0, ADDI, 4),
            (4, C_ADDI, 2),
            (6, BEQ, 4),
            (10, JAL, 4),
            (14, ADDI, 4),
        ]);
        let mut b = Blocks::new(ram.size());
        let base = b.page_base(0, &mut ram).unwrap();
        let k = b.build(&ram, base, 0, MAX_BLOCK).unwrap();
        assert_eq!(block(&b, k), [Op::Addi, Op::Addi, Op::Beq, Op::Jal]);
        assert_eq!(b.start(base), k, "recorded at its first parcel");
        assert_eq!(b.start(base + 2), CHAIN, "nothing known at the next one");
        // Entered in the middle: a block of its own.
        let k2 = b.build(&ram, base + 2, 4, MAX_BLOCK).unwrap();
        assert_eq!(block(&b, k2), [Op::Addi, Op::Beq, Op::Jal]);
    }

    #[test]
    fn a_block_stops_at_the_page_end_and_before_a_straddling_instruction() {
        let page = PAGE_SIZE as usize;
        let mut ram = ram_with(&[
            (page - 8, ADDI, 4),
            (page - 4, C_ADDI, 2),
            (page - 2, ADDI, 4),
        ]);
        let mut b = Blocks::new(ram.size());
        let base = b.page_base(0, &mut ram).unwrap();
        let k = b
            .build(&ram, base + PARCELS - 4, page - 8, MAX_BLOCK)
            .unwrap();
        assert_eq!(block(&b, k), [Op::Addi, Op::Addi]);
        assert_eq!(b.build(&ram, base + PARCELS - 1, page - 2, MAX_BLOCK), None);
        // A page of 2-byte instructions ends at its last parcel.
        let k = b
            .build(&ram, base + PARCELS - 2, page - 4, MAX_BLOCK)
            .unwrap();
        assert_eq!(block(&b, k), [Op::Addi]);
    }

    #[test]
    fn a_block_is_at_most_max_block_long() {
        let words: Vec<_> = (0..200).map(|n| (4 * n, ADDI, 4)).collect();
        let mut ram = ram_with(&words);
        let mut b = Blocks::new(ram.size());
        let base = b.page_base(0, &mut ram).unwrap();
        let k = b.build(&ram, base, 0, MAX_BLOCK).unwrap();
        assert_eq!(block(&b, k).len(), MAX_BLOCK);
        // A shorter limit (--check-tlb builds blocks of one).
        let k = b.build(&ram, base + 2, 4, 1).unwrap();
        assert_eq!(block(&b, k), [Op::Addi]);
    }

    #[test]
    fn a_written_page_has_its_blocks_forgotten() {
        let mut ram = ram_with(&[(0, ADDI, 4), (4, JAL, 4)]);
        let mut b = Blocks::new(ram.size());
        let base = b.page_base(0, &mut ram).unwrap();
        let k = b.build(&ram, base, 0, MAX_BLOCK).unwrap();
        assert_eq!(b.page_base(0, &mut ram), Some(base));
        assert_eq!(b.start(base), k, "unwritten: kept");
        ram.write::<4>(0, u64::from(JAL)).unwrap();
        assert_eq!(b.page_base(0, &mut ram), Some(base));
        assert_eq!(b.start(base), CHAIN, "written: forgotten");
        assert!(ram.is_code(0), "marked again");
    }

    #[test]
    fn a_full_arena_is_emptied_and_blocks_are_rebuilt() {
        let mut ram = ram_with(&[(0, ADDI, 4), (4, JAL, 4)]);
        let mut b = Blocks::new(ram.size());
        let base = b.page_base(0, &mut ram).unwrap();
        let first = b.build(&ram, base, 0, MAX_BLOCK).unwrap();
        while b.used + MAX_BLOCK < ARENA_SIZE {
            b.build(&ram, base + 2, 4, MAX_BLOCK).unwrap();
        }
        let again = b.build(&ram, base + 2, 4, MAX_BLOCK).unwrap();
        assert_eq!(b.flushes, 1);
        assert_eq!(again, RESERVED, "the arena starts over");
        assert_eq!(b.start(base), CHAIN, "older blocks forgotten");
        assert_eq!(b.build(&ram, base, 0, MAX_BLOCK), Some(RESERVED + 2));
        assert_eq!(first, RESERVED);
    }
}
