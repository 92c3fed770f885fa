//! The hart's side of the compiling tier (`crate::jit`): the layout of the
//! hart fields that generated code reads and writes (kept here, in one
//! place, with `offset_of!`), the run loop that enters compiled blocks
//! exactly where the interpreter looks a block up, and the slow paths the
//! generated code calls.
//!
//! # Where compiled code runs
//!
//! A compiled block is the compiled form of one decoded block (`blocks.rs`),
//! keyed by its arena index. The loop below enters it only at an index
//! that the interpreter itself would have entered as a block start (a
//! lookup through the fetch page, `Hart::block_at`, or a same-page link),
//! so it inherits the decoded blocks' invariants: the fetch translation
//! was done by `fetch.rs` for the current context (every satp, ASID,
//! privilege or mstatus change forgets the fetch page), and the page's
//! bytes are those the block was decoded from (a write to the page drops
//! its block map; a rebuilt block at the same arena index forgets the
//! compiled code first, see `Hart::enter_block`).
//!
//! A compiled block of `n` instructions is entered only when
//! `retired + n <= next_check`, so it never runs past the point where the
//! interpreter would stop to look at interrupts, timers and devices; an
//! access whose slow path lowers `next_check` (a store to a device or to a
//! code page) ends the compiled block after that instruction, as the
//! interpreter's loop would.
//!
//! A compiled block that ends normally goes on to the next block's
//! compiled code itself (a tail call) when the loop below would enter it:
//! the same lookup through the fetch page's block map (so only on the
//! fetch page, which every context change, `sfence.vma` and code write
//! forgets), the same `next_check` bound. It returns here otherwise, and
//! always after a trap or a helper's `CHECK`, and under `--jit verify`.

use super::blocks::RESERVED;
use super::data_pages;
use super::{Hart, Trap};
use crate::jit::{CompiledBlock, JitMode};
use core::mem::offset_of;

/// Byte offsets (from the hart's address) of what generated code reads
/// and writes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HartLayout {
    /// `x[0]`; register `r` is at `x + 8 * r`.
    pub x: i32,
    pub pc: i32,
    pub retired: i32,
    /// `next_check` (`u64`).
    pub next_check: i32,
    /// `data_bare` (a `bool`, one byte 0 or 1).
    pub data_bare: i32,
    /// Per access type (0 load, 1 store): the first entry of its page
    /// cache, and its epoch.
    pub page_entries: [i32; 2],
    pub page_epoch: [i32; 2],
    /// Size of a page-cache entry and the offsets of its RAM tag and
    /// host-address delta (`data_pages.rs`).
    pub entry_size: i64,
    pub entry_ram_vpn: i32,
    pub entry_host: i32,
    /// `(va >> 12) & index_mask` picks the entry.
    pub index_mask: i64,
    /// Page-cache hits of compiled code per access type (`u64` each), folded
    /// into the MMU's statistics by [`Hart::fold_jit_hits`].
    pub hits: [i32; 2],
    /// The fetch page's virtual page (`u64`) and block-map base (`usize`,
    /// 0 for no page), for the lookup of the next block.
    pub fetch_va_page: i32,
    pub fetch_base: i32,
    pub fetch_ram_page: i32,
    /// The recent fetch pages (`fetch_pages.rs`): the first entry, the
    /// epoch (`u64`), the entry size (a power of two), the offsets of an
    /// entry's key and of its `FetchPage` copy, the number of entries (a
    /// power of two, indexed by the low bits of `va >> 12`).
    pub pages_entries: i32,
    pub pages_epoch: i32,
    pub pages_entry_size: i64,
    pub pages_key: i32,
    pub pages_page: i32,
    pub pages_slots: i64,
    /// `fp.f[0]` (register `r` at `f + 8 * r`), `csr.mstatus` (`u64`) and
    /// `virt` (a `bool`), for FP loads and stores.
    pub f: i32,
    /// `fp.fflags` and `fp.frm` (`u8` each), for FP arithmetic.
    pub fflags: i32,
    pub frm: i32,
    pub mstatus: i32,
    pub virt: i32,
    /// Offsets inside a `FetchPage` copy.
    pub page_va_page: i32,
    pub page_base: i32,
    pub page_ram_page: i32,
}

/// Offsets fit in `i32`: the hart is a few KiB.
const fn off(o: usize) -> i32 {
    o as i32
}

impl HartLayout {
    pub(crate) const HART: HartLayout = HartLayout {
        x: off(offset_of!(Hart, x)),
        pc: off(offset_of!(Hart, pc)),
        retired: off(offset_of!(Hart, retired)),
        next_check: off(offset_of!(Hart, next_check)),
        data_bare: off(offset_of!(Hart, data_bare)),
        page_entries: [
            off(offset_of!(Hart, load_pages) + data_pages::layout::ENTRIES),
            off(offset_of!(Hart, store_pages) + data_pages::layout::ENTRIES),
        ],
        page_epoch: [
            off(offset_of!(Hart, load_pages) + data_pages::layout::EPOCH),
            off(offset_of!(Hart, store_pages) + data_pages::layout::EPOCH),
        ],
        entry_size: data_pages::layout::ENTRY_SIZE as i64,
        entry_ram_vpn: off(data_pages::layout::ENTRY_RAM_VPN),
        entry_host: off(data_pages::layout::ENTRY_HOST),
        index_mask: data_pages::layout::INDEX_MASK as i64,
        hits: [
            off(offset_of!(Hart, jit) + crate::jit::HITS_OFFSET),
            off(offset_of!(Hart, jit) + crate::jit::HITS_OFFSET + 8),
        ],
        fetch_va_page: off(offset_of!(Hart, fetch_page) + super::fetch::layout::VA_PAGE),
        fetch_base: off(offset_of!(Hart, fetch_page) + super::fetch::layout::BASE),
        fetch_ram_page: off(offset_of!(Hart, fetch_page) + super::fetch::layout::RAM_PAGE),
        pages_entries: off(offset_of!(Hart, fetch_pages) + super::fetch_pages::layout::ENTRIES),
        pages_epoch: off(offset_of!(Hart, fetch_pages) + super::fetch_pages::layout::EPOCH),
        pages_entry_size: super::fetch_pages::layout::ENTRY_SIZE as i64,
        pages_key: off(super::fetch_pages::layout::KEY),
        pages_page: off(super::fetch_pages::layout::PAGE),
        pages_slots: super::fetch_pages::layout::SLOTS as i64,
        f: off(offset_of!(Hart, fp) + offset_of!(super::fp::FpState, f)),
        fflags: off(offset_of!(Hart, fp) + offset_of!(super::fp::FpState, fflags)),
        frm: off(offset_of!(Hart, fp) + offset_of!(super::fp::FpState, frm)),
        mstatus: off(offset_of!(Hart, csr) + offset_of!(super::csr::Csrs, mstatus)),
        virt: off(offset_of!(Hart, virt)),
        page_va_page: off(super::fetch::layout::VA_PAGE),
        page_base: off(super::fetch::layout::BASE),
        page_ram_page: off(super::fetch::layout::RAM_PAGE),
    };
}

/// What a slow-path helper tells the generated code.
pub(crate) mod status {
    /// Go on with the next instruction.
    pub const CONTINUE: u32 = 0;
    /// The access trapped (`pending_trap` is set): leave with pc and
    /// retired at the faulting instruction.
    pub const TRAPPED: u32 = 1;
    /// The access is done but the run loop must look at events (it lowered
    /// `next_check`): leave after this instruction.
    pub const CHECK: u32 = 2;
}

impl Hart {
    /// [`Hart::run_block`](super::run) with the compiling tier: the same
    /// loop, which at every block start it enters runs the block's compiled
    /// code instead when there is some (and counts the entries of blocks
    /// that have none, compiling those that get hot).
    pub(super) fn run_block_jit(&mut self) {
        let mut pc = self.pc;
        let mut retired = self.retired;
        let mut k = self.block_at(pc);
        // Whether `k` is a block start found by a lookup, a link or a chain
        // entry (not the next instruction in the same block).
        let mut at_start = true;
        while retired < self.next_check {
            if at_start && k >= RESERVED {
                let block = match self.jit.lookup(k) {
                    Ok(b) => Some(b),
                    Err(true) => self.jit_compile(k),
                    Err(false) => None,
                };
                if let Some(block) = block {
                    if retired.saturating_add(u64::from(block.len)) <= self.next_check {
                        self.pc = pc;
                        self.retired = retired;
                        self.run_compiled(block, k);
                        pc = self.pc;
                        self.jit.retired += self.retired.saturating_sub(retired);
                        retired = self.retired;
                        k = self.block_at(pc);
                        continue;
                    }
                }
            }
            let i = self.blocks.instr(k);
            if i.len == 0 {
                // A chain entry: enter the block here (as the tracing loop
                // does), so that it counts as entered and can be compiled.
                match self.enter_block(pc) {
                    Ok(entered) => k = entered,
                    Err(t) => {
                        self.retired = retired;
                        self.take_exception(t, pc);
                        pc = self.pc;
                        k = self.block_at(pc);
                    }
                }
                at_start = true;
                continue;
            }
            let before = k;
            let next = self.exec_at::<true>(i, pc, retired, &mut k);
            at_start = k != before + 1;
            pc = next;
            retired += 1;
        }
        self.end_block(pc, retired);
    }

    /// Runs compiled block `block` (arena index `k`) from `self.pc` and
    /// `self.retired`, and takes the trap it raised, if any.
    fn run_compiled(&mut self, block: CompiledBlock, k: usize) {
        if self.jit.mode == JitMode::Verify {
            crate::jit::verify::run_and_check(self, block, k);
        } else {
            block.call(self);
        }
        if let Some(t) = self.pending_trap.take() {
            let pc = self.pc;
            self.take_exception(t, pc);
        }
    }

    /// Compiles the block at arena index `k`, which just became hot.
    #[cold]
    #[inline(never)]
    fn jit_compile(&mut self, k: usize) -> Option<CompiledBlock> {
        let instrs: Vec<_> = (k..k + super::blocks::MAX_BLOCK)
            .map(|at| self.blocks.instr(at))
            .take_while(|i| i.len != 0)
            .collect();
        let ram = self.bus.ram.host_view();
        let start_of = self.blocks.start_of_ptr();
        let tag = self.blocks.flushes;
        self.jit.install_ready(tag);
        self.jit.compile(k, &instrs, ram, start_of, tag)
    }

    /// The physical address a load or store of `size` bytes at `va` would
    /// use, by the interpreter's translation (for verify); `None` if it
    /// crosses a page or faults.
    pub(crate) fn jit_data_pa(
        &mut self,
        va: u64,
        size: u64,
        access: mmu::AccessType,
    ) -> Option<u64> {
        if (va & (mmu::PAGE_SIZE - 1)) + size > mmu::PAGE_SIZE {
            return None;
        }
        self.translate_data(va, size, access).ok()
    }

    /// A slow-path load (0) or store (1) of compiled code succeeded: its
    /// own translation counted it in the MMU's statistics, and the compiled
    /// code counts every access that goes on as a page-cache hit
    /// (`compiler::Translator::slow_path`), so one hit is taken off here.
    /// Under bare data accesses compiled code counts nothing.
    pub(crate) fn jit_uncount_hit(&mut self, which: usize) {
        if !self.data_bare {
            if let Some(h) = self.jit.hits.get_mut(which) {
                *h = h.wrapping_sub(1);
            }
        }
    }

    /// A slow-path access of compiled code at `va` succeeded: under bare
    /// data accesses, its page enters the page cache of `access` (compiled
    /// code looks the caches up in bare mode too, `Hart::fill_bare`).
    #[inline]
    pub(crate) fn jit_fill_bare(&mut self, va: u64, access: mmu::AccessType) {
        if self.data_bare {
            self.fill_bare(va, access);
        }
    }

    /// Installs what the compile thread finished (`jit/worker.rs`): between
    /// blocks, at the run loop's check points.
    #[inline]
    pub(super) fn jit_install_ready(&mut self) {
        self.jit.install_ready(self.blocks.flushes);
    }

    /// Compiled code's page-cache hits, added to the MMU's TLB hit counts
    /// (a page-cache hit counts as a TLB hit, see `data_pages.rs`).
    pub(super) fn fold_jit_hits(&mut self) {
        let [load, store] = std::mem::take(&mut self.jit.hits);
        self.mmu.count_tlb_hits(mmu::AccessType::Load, load);
        self.mmu.count_tlb_hits(mmu::AccessType::Store, store);
    }

    /// The compiling tier's counts, one line for `--stats`.
    pub fn jit_stats(&self) -> String {
        let j = &self.jit;
        let mut s = format!(
            "hart.jit              compiled {} flushes {} retired {}",
            j.compiled, j.flushes, j.retired
        );
        if j.mode == JitMode::Verify {
            s += &format!(
                " verified {} skipped {}",
                j.verify.checked, j.verify.skipped
            );
        }
        s
    }

    /// The interpreter's arena entry `k` (for the compiler and verify).
    pub(crate) fn jit_instr(&self, k: usize) -> crate::isa::Instr {
        self.blocks.instr(k)
    }

    /// The status after a slow-path access that succeeded, by an
    /// instruction after which the pc is `next_pc` and `retired` is
    /// `retired_after`: when it lowered `next_check` to there, the block
    /// ends after it (pc and `retired` set for the exit).
    pub(crate) fn jit_status(&mut self, next_pc: u64, retired_after: u64) -> u32 {
        if self.next_check <= retired_after {
            self.pc = next_pc;
            self.retired = retired_after;
            status::CHECK
        } else {
            status::CONTINUE
        }
    }

    /// A slow-path access of the instruction at `pc` trapped: the trap is
    /// stashed as the interpreter does, and the block ends with pc and
    /// `retired` at the faulting instruction (precise).
    pub(crate) fn jit_trap(&mut self, t: Trap, pc: u64, retired: u64) -> u32 {
        self.pc = pc;
        self.retired = retired;
        self.stash_trap(t, pc);
        status::TRAPPED
    }

    /// Runs the instruction at arena index `at` (at `pc`, with `retired`
    /// before it) as the run loop would, for compiled code: it stays in its
    /// block (`compiler::interpreted`), so it either goes on to the next
    /// instruction or traps. The status says whether the block goes on.
    pub(crate) fn jit_exec(&mut self, at: usize, pc: u64, retired: u64) -> u32 {
        let i = self.blocks.instr(at);
        if self.jit.mode == JitMode::Verify {
            crate::jit::verify::note_interpreted(self, i);
        }
        let mut k = at;
        let next = self.exec_at::<true>(i, pc, retired, &mut k);
        if self.pending_trap.is_some() {
            // Stashed by `exec_at`; precise: pc and `retired` at it.
            self.pc = pc;
            self.retired = retired;
            return status::TRAPPED;
        }
        self.jit_status(next, retired + 1)
    }

    /// The pending trap and `next_check` (for verify, which runs a block
    /// twice from the same state).
    pub(crate) fn jit_pending(&self) -> (Option<Trap>, u64) {
        (self.pending_trap, self.next_check)
    }

    pub(crate) fn jit_set_pending(&mut self, pending: (Option<Trap>, u64)) {
        (self.pending_trap, self.next_check) = pending;
    }

    /// Runs the interpreter on the instructions of the block at arena index
    /// `k` from `self.pc`, as `run_block` would, until `retired` reaches
    /// `stop_at`, a trap, a jump out of the straight line (other than back
    /// to the block's start), or the end of the block (for verify). Returns the store accesses it made
    /// `(va, size, value)` in order. A trap is left in `pending_trap`.
    pub(crate) fn jit_interpret_block(&mut self, k: usize, stop_at: u64) -> Vec<(u64, u64, u64)> {
        let mut stores = Vec::new();
        let mut at = k;
        let mut pc = self.pc;
        let start_pc = pc;
        while self.retired < stop_at && self.retired < self.next_check {
            let i = self.blocks.instr(at);
            if i.len == 0 {
                break;
            }
            if let Some(size) = crate::jit::store_size(i.op) {
                let va = self.reg(i.rs1).wrapping_add(i.imm as i64 as u64);
                let val = self.reg(i.rs2) & crate::jit::size_mask(size);
                stores.push((va, size, val));
            }
            let mut next_k = at;
            let next = self.exec_at::<true>(i, pc, self.retired, &mut next_k);
            if self.pending_trap.is_some() {
                stores.pop_if(|_| crate::jit::store_size(i.op).is_some());
                break;
            }
            self.retired += 1;
            pc = next;
            at = if next_k == at + 1 {
                next_k
            } else if pc == start_pc {
                k // the compiled code loops back to its start too
            } else {
                break;
            };
        }
        self.pc = pc;
        stores
    }
}

// A compiled block's exit looks its successor up as `Hart::block_at` does
// (`jit::compiler::Translator::chain`), relying on this: a forgotten fetch
// page has base 0, whose parcels all name `CHAIN`, an arena index that
// never has compiled code.
const _: () = assert!(super::blocks::NO_BASE == 0 && super::blocks::CHAIN == 0);
const _: () = assert!(super::blocks::CHAIN < RESERVED);

// Generated code scales a page-cache index by a shift.
const _: () = assert!(data_pages::layout::ENTRY_SIZE.is_power_of_two());
const _: () = assert!(super::fetch_pages::layout::ENTRY_SIZE.is_power_of_two());
const _: () = assert!(super::fetch_pages::layout::SLOTS.is_power_of_two());

// The hart must be reachable from generated code through one pointer, with
// `x` first (`Hart` is `repr(C)`).
const _: () = assert!(offset_of!(Hart, x) == 0);
