//! One RV64IMAC hart with M, S and U modes.
//!
//! The hart owns its bus and its MMU. Every instruction fetch, load, store,
//! LR/SC and AMO goes through [`Hart::translate`], the single entry point
//! into `mmu` (see `memory.rs`).

mod bitmanip;
mod blocks;
pub use blocks::max_host_bytes as max_block_store_bytes;
pub(crate) use blocks::ARENA_SIZE;
pub mod cache_block;
mod cas;
pub mod csr;
mod data_pages;
mod epoch;
mod exec;
mod fetch;
mod fetch_pages;
pub mod fp;
pub mod hyper;
mod hyper_mem;
pub(crate) mod jit_bridge;
mod memory;
mod pmp;
pub mod run;
mod system;
pub mod time;
pub mod trap;

use crate::bus::Bus;
use crate::isa::extensions::Extension;
use blocks::Blocks;
use csr::Csrs;
use data_pages::DataPages;
use fetch::FetchPage;
pub use fp::FpState;
use mmu::{
    AccessType, AdPolicy, Mmu, MmuConfig, Pmp, PmpConfig, Privilege, SatpModes, TranslationContext,
};
pub use pmp::{pmp_explanation, PmpFaultRecord};
pub use run::{StopReason, TraceMode};
pub use time::TimeSource;
pub use trap::{Exception, Interrupt, Trap};

/// Entries of [`Hart::x`]: one per possible register index (`u8`).
pub const X_ENTRIES: usize = 256;
/// The entry of [`Hart::x`] that receives what the run loop writes to x0.
pub(crate) const X_SINK: u8 = 32;

/// No LR reservation is held (a value no aligned address can take).
const NO_RESERVATION: u64 = u64::MAX;

/// Settings of the hart that the spec leaves to the implementation.
#[derive(Clone, Copy, Debug, Default)]
pub struct HartConfig {
    /// How A and D bits are maintained (default Svade). `Svadu`: hardware
    /// updating is implemented (Svadu), menvcfg.ADUE is writable and resets
    /// to 1, and it is in force while ADUE = 1; `Svade`: ADUE is read-only
    /// zero.
    pub ad: AdPolicy,
    /// The TLB's geometry.
    pub mmu: MmuConfig,
    /// `--check-tlb`: every access reaches the MMU's TLB (the hart's page
    /// caches stay off), so that each hit can be checked against the page
    /// tables. The MMU's own switch is [`Mmu::set_check_tlb`].
    pub check_tlb: bool,
    /// The enabled ISA extensions (`--isa`; default all implemented).
    pub isa: crate::isa::extensions::Extensions,
    /// The `satp` modes implemented (`--satp-modes`, default Sv39, Sv48
    /// and Sv57).
    pub satp_modes: SatpModes,
    /// Physical memory protection: entries and granularity
    /// (`--pmp-entries`, `--pmp-granularity`; default 16 entries, G = 0).
    pub pmp: PmpConfig,
    /// Where mtime's time base comes from (`--time`; default here
    /// `Icount`, deterministic; `rvmmu run` defaults to `Host`). See
    /// `time.rs`.
    pub time: TimeSource,
    /// The compiling tier (`--jit`, `--jit-cache`; see `crate::jit`).
    pub jit: crate::jit::JitConfig,
}

/// The architectural state of one hart plus the caches that make it fast.
///
/// `repr(C)` with `x` first: the register file is at the address of the
/// hart itself, so the run loop reaches a register from the one pointer it
/// keeps in a register anyway (one instruction less per instruction).
#[derive(Debug)]
#[repr(C)]
pub struct Hart {
    /// x0..x31 in `x[0..32]`; x0 is kept zero by [`Hart::set_reg`]. The
    /// entries above are not architectural: an index of 256 entries can be
    /// any `u8`, so the run loop reads registers without masking the index,
    /// and it writes the results meant for x0 to [`X_SINK`] instead (see
    /// [`blocks`]), so that it never has to zero x0 again.
    pub x: [u64; X_ENTRIES],
    pub pc: u64,
    pub privilege: Privilege,
    pub csr: Csrs,
    pub mmu: Mmu,
    /// pmpcfg/pmpaddr/mseccfg and the checks they make (`mmu::pmp`).
    pub pmp: Pmp,
    pub bus: Bus,
    pub config: HartConfig,
    /// Instructions retired since reset (the base of mcycle/minstret/time).
    pub retired: u64,
    /// Cycles spent waiting in `wfi` (they advance time and mcycle, not
    /// minstret).
    pub idle: u64,
    /// The host clock behind the time base under `--time host`.
    clock: time::HostClock,
    /// Traps taken since reset (exceptions and interrupts).
    pub traps: u64,
    /// Traps taken, by cause: exceptions 0..32, interrupts 32 + code.
    pub trap_counts: [u64; 48],
    /// The LR reservation: the reserved address, or `NO_RESERVATION`.
    reservation: u64,
    /// Translation context for fetches, and for loads/stores (they differ
    /// under mstatus.MPRV).
    ctx_fetch: TranslationContext,
    ctx_data: TranslationContext,
    /// `ctx_fetch.is_bare()`, and for loads/stores `ctx_data.is_bare()`
    /// when the PMP cannot deny an access at their effective privilege:
    /// the one test of the bare fast path.
    fetch_bare: bool,
    data_bare: bool,
    /// Whether the PMP can deny a fetch (a load/store) at the current
    /// effective privilege ([`Pmp::is_enforced`]); when false, the slow
    /// paths skip the check (M-mode with no locked entry).
    fetch_pmp: bool,
    data_pmp: bool,
    fetch_page: FetchPage,
    /// Recent fetch pages (`fetch_pages.rs`).
    fetch_pages: fetch_pages::FetchPages,
    /// Decoded blocks of the pages the hart executes from (`blocks.rs`).
    blocks: Blocks,
    /// Recent load and store page translations (see `data_pages.rs`).
    load_pages: DataPages,
    store_pages: DataPages,
    /// `retired` value at which the run loop next looks at interrupts,
    /// timers and device events.
    next_check: u64,
    /// Set when `wfi` asked the run loop to wait for an interrupt.
    waiting: bool,
    /// [`Hart::run`] returns after every host wait slice of a `wfi` (see
    /// [`Hart::set_yield_when_waiting`]).
    yield_when_waiting: bool,
    /// f0..f31 and fcsr (F and D extensions, see `fp.rs`).
    pub fp: FpState,
    /// The trap raised by the instruction `exec_at` just ran, if any.
    pending_trap: Option<Trap>,
    /// The last PMP denial of a fetch, load or store (`pmp.rs`).
    last_pmp_fault: Option<PmpFaultRecord>,
    /// The virtualization mode V of the H extension (Privileged 20211203,
    /// section 8.1): with `privilege` S it is VS-mode, with U VU-mode.
    pub virt: bool,
    /// What the trap of a guest-page fault records beside its cause and
    /// tval (`hyper_mem.rs`).
    guest_fault: hyper_mem::GuestFault,
    /// With V = 1 (or MPRV with MPV), the two-stage translation of
    /// fetches and of loads/stores (`hyper_mem.rs`).
    fetch_two_stage: hyper_mem::TwoStage,
    data_two_stage: hyper_mem::TwoStage,
    /// Compiled blocks and their code cache (`crate::jit`).
    pub(crate) jit: crate::jit::Jit,
}

impl Hart {
    /// A hart at reset (Privileged 20211203, section 3.4): M-mode, pc at
    /// `reset_pc`, a0 = hart id 0.
    pub fn new(bus: Bus, reset_pc: u64, config: HartConfig) -> Hart {
        let ctx = TranslationContext {
            privilege: Privilege::Machine,
            sum: false,
            mxr: false,
            satp: mmu::Satp(0),
            ad: config.ad,
            pbmte: false,
            napot: config.isa.has(Extension::Svnapot),
        };
        let mut blocks = Blocks::new(bus.ram.size());
        blocks.isa = config.isa;
        let mut mmu = Mmu::with_config(config.mmu);
        mmu.set_check_tlb(config.check_tlb);
        let pmp = Pmp::new(config.pmp);
        Hart {
            x: [0; X_ENTRIES],
            pc: reset_pc,
            privilege: Privilege::Machine,
            csr: Csrs {
                menvcfg: csr::menvcfg_reset(config.ad),
                stimecmp: u64::MAX,
                ..Csrs::default()
            },
            mmu,
            pmp,
            bus,
            config,
            retired: 0,
            idle: 0,
            clock: time::HostClock::new(),
            traps: 0,
            trap_counts: [0; 48],
            reservation: NO_RESERVATION,
            ctx_fetch: ctx,
            ctx_data: ctx,
            fetch_bare: ctx.is_bare(),
            data_bare: ctx.is_bare(),
            fetch_pmp: false,
            data_pmp: false,
            fetch_page: FetchPage::default(),
            fetch_pages: fetch_pages::FetchPages::default(),
            blocks,
            load_pages: DataPages::default(),
            store_pages: DataPages::default(),
            next_check: 0,
            waiting: false,
            yield_when_waiting: false,
            fp: FpState::default(),
            pending_trap: None,
            last_pmp_fault: None,
            virt: false,
            guest_fault: hyper_mem::GuestFault::default(),
            fetch_two_stage: hyper_mem::TwoStage::OFF,
            data_two_stage: hyper_mem::TwoStage::OFF,
            jit: crate::jit::Jit::new(config.jit),
        }
    }

    /// Reads register `r` (0..31).
    #[inline(always)]
    pub fn reg(&self, r: u8) -> u64 {
        self.x[usize::from(r)]
    }

    /// Writes register `r`; writes to x0 are discarded (x0 is written,
    /// then zeroed again: cheaper than a branch).
    #[inline(always)]
    pub fn set_reg(&mut self, r: u8, v: u64) {
        self.x[usize::from(r)] = v;
        self.x[0] = 0;
    }

    /// Decoded blocks built, and times the block arena was emptied (see
    /// `blocks.rs`), for `--stats`.
    pub fn block_stats(&self) -> (u64, u64) {
        (self.blocks.built, self.blocks.flushes)
    }

    /// The architectural registers x0..x31.
    pub fn xregs(&self) -> &[u64; 32] {
        match self.x.first_chunk::<32>() {
            Some(x) => x,
            None => unreachable!("X_ENTRIES >= 32"),
        }
    }

    /// Recomputes the cached translation contexts after a change of
    /// privilege, mstatus or satp, and drops the page caches (the fetch page
    /// and the load/store pages), which do not record the context they were
    /// filled under.
    pub fn update_contexts(&mut self) {
        let ms = self.csr.mstatus;
        let satp = mmu::Satp(self.csr.satp);
        let sum = ms & csr::MSTATUS_SUM != 0;
        let mxr = ms & csr::MSTATUS_MXR != 0;
        let menvcfg = self.csr.menvcfg;
        // menvcfg.ADUE is writable only with Svadu (see csr::menvcfg_mask).
        let ad = if menvcfg & csr::MENVCFG_ADUE != 0 {
            AdPolicy::Svadu
        } else {
            AdPolicy::Svade
        };
        self.ctx_fetch = TranslationContext {
            privilege: self.privilege,
            sum,
            mxr,
            satp,
            ad,
            pbmte: menvcfg & csr::MENVCFG_PBMTE != 0,
            napot: self.config.isa.has(Extension::Svnapot),
        };
        let (data_priv, data_virt) =
            if self.privilege == Privilege::Machine && ms & csr::MSTATUS_MPRV != 0 {
                // With H, MPRV translates as V = MPV too (section 8.4.1).
                let mpp = Privilege::from_bits(ms >> csr::MSTATUS_MPP_SHIFT);
                let mpv = ms & hyper::MSTATUS_MPV != 0 && mpp != Privilege::Machine;
                (mpp, mpv)
            } else {
                (self.privilege, self.virt)
            };
        self.ctx_data = TranslationContext {
            privilege: data_priv,
            ..self.ctx_fetch
        };
        self.fetch_two_stage = hyper_mem::TwoStage::OFF;
        self.data_two_stage = hyper_mem::TwoStage::OFF;
        if self.virt {
            self.ctx_fetch = self.vs_context(self.privilege);
            self.fetch_two_stage = self.two_stage(self.privilege);
        }
        if data_virt {
            self.ctx_data = self.vs_context(data_priv);
            self.data_two_stage = self.two_stage(data_priv);
        }
        self.fetch_pmp = self.pmp.is_enforced(self.ctx_fetch.privilege);
        self.data_pmp = self.pmp.is_enforced(data_priv);
        self.fetch_bare = self.ctx_fetch.is_bare() && !self.fetch_two_stage.on;
        self.data_bare = self.ctx_data.is_bare() && !self.data_two_stage.on && !self.data_pmp;
        self.drop_page_caches();
    }

    /// After any write of pmpcfg, pmpaddr or mseccfg: no cached translation
    /// or fetch page may keep a PMP outcome the write changed, so the TLB
    /// (whose walks read PTEs under the old PMP), the fetch page and the
    /// load/store pages are emptied and the contexts recomputed (see
    /// `pmp.rs` for the invariant).
    pub(crate) fn pmp_changed(&mut self) {
        self.mmu.flush_tlb();
        self.update_contexts();
    }

    /// Whether the load/store page caches may be filled: not under
    /// `--check-tlb` (every access must reach the TLB to be checked; the
    /// fetch page is off then too), nor with the TLB disabled (every load
    /// and store walks, as asked).
    #[inline]
    pub(crate) fn page_caches_allowed(&self) -> bool {
        !self.mmu.check_tlb() && self.config.mmu.tlb_entries > 0
    }

    /// Forgets the fetch page and the load/store pages: on every context
    /// change and on every `sfence.vma`, whatever its scope. A few stores:
    /// clearing the page caches whole here, inlined into the run loop, made
    /// bare mode 20 % slower (the loop lost registers).
    #[inline]
    pub(crate) fn drop_page_caches(&mut self) {
        self.fetch_page.invalidate();
        self.fetch_pages.clear();
        self.load_pages.clear();
        self.store_pages.clear();
    }

    /// The translation context used for `access`.
    #[inline]
    pub fn context(&self, access: AccessType) -> &TranslationContext {
        match access {
            AccessType::Fetch => &self.ctx_fetch,
            _ => &self.ctx_data,
        }
    }

    /// Asks the run loop to look at interrupts and events before the next
    /// instruction.
    #[inline]
    pub fn request_check(&mut self) {
        self.next_check = 0;
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests_hyper;
#[cfg(test)]
mod tests_timers;
