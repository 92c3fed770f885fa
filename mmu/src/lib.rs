//! Address translation for rvmmu: RISC-V Privileged Architecture 20211203,
//! chapter 4 (Supervisor-Level ISA), sections 4.1.11 (`satp`), 4.3 (Sv32
//! translation process, which Sv39, Sv48 and Sv57 reuse), 4.4 (Sv39), 4.5
//! (Sv48) and 4.6 (Sv57), with the Svnapot (chapter 6) and Svpbmt (chapter
//! 7) extensions; which `satp` modes exist is the [`SatpModes`] setting.
//!
//! The crate holds no CPU. The hart hands it a [`TranslationContext`] (the
//! effective privilege, SUM, MXR, `satp`, the A/D policy) and a port to
//! physical memory ([`PtePort`]); it answers with a physical address or a
//! [`Fault`] that the hart turns into a trap.
//!
//! Files, one concern each: [`satp`] (the register and the modes setting),
//! [`pte`] (entries, N and PBMT), [`walk`] (the numbered steps of section 4.3.2),
//! [`perm`] (step 5 as pure functions), [`fault`] (walk errors and the one
//! function that turns them into exceptions), [`tlb`] (the
//! address-translation cache and `sfence.vma`), [`stats`] (counters),
//! [`mmu`] (the entry point tying them together).
//!
//! Inspection for debugging, none of it on the translation path: [`trace`]
//! (what one walk read, `--trace-mmu`), [`mod@probe`] (a walk that changes
//! nothing), [`mod@explain`] (faults in words with the rule of the spec),
//! [`stale`] (TLB entries that disagree with the page tables) and [`dump`]
//! (the whole page-table tree as merged ranges).
//!
//! How a front end uses them (none costs anything while unused):
//! - `--trace-mmu`: [`Mmu::set_walk_tracing`]`(true)`, then after each
//!   `translate` print [`Mmu::take_walk_trace`] (`Some` only when that
//!   translation walked, i.e. missed the TLB).
//! - `--explain-faults`: on a trap from `translate`, print
//!   [`Mmu::last_fault`]`()?.explain()` ([`FaultExplanation`]).
//! - `--check-tlb`: after a `translate` that did not walk, call
//!   [`Mmu::check_tlb_entry`] and warn once per [`Staleness::page`].
//! - `--dump-pt` and `monitor info mem`: [`dump_page_tables`]`(satp, view,
//!   &mut bus)`; `monitor translate`: [`probe()`]`(va, access, &ctx, &mut bus)`.
//!
//! Logging: target `mmu`; `trace` for every walk step, `debug` for every
//! fault with its reason.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Unit tests may unwrap and index: a panic there is a failing test.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod access;
pub mod addr;
pub mod config;
pub mod dump;
pub mod explain;
pub mod fault;
pub mod mmu;
pub mod perm;
pub mod pmp;
pub mod port;
pub mod probe;
pub mod pte;
pub mod satp;
pub mod stale;
pub mod stats;
pub mod tlb;
pub mod trace;
pub mod walk;

#[cfg(test)]
mod test_memory;

pub use access::{AccessType, AdPolicy, Privilege, TranslationContext};
pub use addr::{Asid, PhysAddr, Ppn, VirtAddr, PAGE_SHIFT, PAGE_SIZE};
pub use config::{Geometry, MmuConfig};
pub use dump::{dump_page_tables, DumpView, PageTableDump};
pub use explain::{explain, Explanation, FaultExplanation};
pub use fault::{Fault, FaultCause, WalkError};
pub use mmu::{FaultRecord, Mmu};
pub use perm::PermissionRule;
pub use pmp::{PageOutcome, Pmp, PmpConfig, PmpDenial, PmpRule};
pub use port::{PmpCheckedPort, PtePort, PteReader};
pub use probe::probe;
pub use pte::{MemoryType, Pte, PteFlags};
pub use satp::{Satp, SatpMode, SatpModes, MAX_LEVELS};
pub use stale::{tlb_entry_is_stale, StaleKind, Staleness};
pub use stats::MmuStats;
pub use tlb::CachedTranslation;
pub use trace::{WalkOutcome, WalkTrace};
