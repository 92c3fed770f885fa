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
//! # Two-stage translation (hypervisor extension, chapter 8)
//!
//! For an access with V = 1, and for HLV/HLVX/HSV, the hart calls
//! [`Mmu::translate_guest`]`(gva, access, &GuestContext, &mut port)` instead
//! of `translate`. [`GuestContext`] holds the VS-stage context (`vs`: vsatp,
//! VS/VU privilege, vsstatus.SUM/MXR, henvcfg ADUE/PBMTE), [`Hgatp`]
//! (mode Sv39x4/48x4/57x4, [`Vmid`], root), the HS-level MXR, the G-stage
//! A/D policy and PBMTE (menvcfg) and the HLVX flag. A fault is a
//! [`GuestFault`]: the cause code (page fault 12/13/15, access fault
//! 1/5/7, or guest-page fault 20/21/23), `tval` (gva), `htval` (gpa >> 2)
//! and `htinst` (0x3000/0x3020 for a G-stage fault on a VS-level PTE
//! access). [`Mmu::last_guest_fault`] keeps the [`TwoStageError`] (which
//! stage, which step, which gpa).
//!
//! Fences: HFENCE.VVMA and SFENCE.VMA with V = 1 call
//! [`Mmu::hfence_vvma`]`(hgatp.VMID, vaddr, asid)`; HFENCE.GVMA calls
//! [`Mmu::hfence_gvma`]`(gpa, vmid)` (rs1 holds gpa >> 2). A change of
//! vsatp.MODE, hgatp.MODE or henvcfg.PBMTE/ADUE calls
//! [`Mmu::flush_guest_tlb`]; [`Mmu::flush_tlb`] (menvcfg, PMP, satp.MODE)
//! empties the V = 1 entries too. Writes of `hgatp` go through
//! [`HgatpConfig::write`] (WARL: an unsupported MODE keeps the old one by
//! default, VMIDLEN default 14, PPN\[1:0\] zero).
//!
//! Files: [`hgatp`] (the register, G-stage modes, VMID, WARL), [`guest`]
//! (the context, `TwoStageError`, `GuestFault` and its one `to_fault`),
//! [`gstage`] (the G-stage variation of the walk), [`two_stage`] (the
//! VS-stage walk whose PTE accesses go through the G-stage), [`virt`] (the
//! entry points and the V = 1 TLB, tagged by [`GuestSpace`] = VMID + ASID,
//! caching combined translations and grants). Debugging: a
//! [`TwoStageTrace`] ([`Mmu::take_two_stage_trace`], nested VS/G tree for
//! `--trace-mmu`), [`Mmu::last_guest_fault`]`()?.explain()`
//! ([`GuestFaultExplanation`], `--explain-faults`),
//! [`Mmu::check_guest_tlb_entry`] ([`GuestStaleness`] naming the missing
//! HFENCE, `--check-tlb`), [`probe_two_stage`] (`monitor translate`) and
//! [`dump_g_stage_tables`] (`monitor pt`, the G-stage tree; the VS tree is
//! a [`dump_page_tables`] of `vsatp` read through a [`GuestPhysReader`]).
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
pub mod explain_guest;
pub mod fault;
pub mod gstage;
pub mod guest;
pub mod hgatp;
pub mod mmu;
pub mod perm;
pub mod pmp;
pub mod port;
pub mod probe;
pub mod pte;
pub mod satp;
pub mod stale;
pub mod stale_guest;
pub mod stats;
pub mod tlb;
pub mod trace;
pub mod trace_two_stage;
pub mod two_stage;
pub mod virt;
pub mod walk;

#[cfg(test)]
mod test_memory;

pub use access::{AccessType, AdPolicy, Privilege, TranslationContext};
pub use addr::{Asid, PhysAddr, Ppn, VirtAddr, PAGE_SHIFT, PAGE_SIZE};
pub use config::{Geometry, MmuConfig};
pub use dump::{dump_g_stage_tables, dump_page_tables, DumpView, PageTableDump};
pub use explain::{explain, Explanation, FaultExplanation};
pub use explain_guest::{guest_cause_name, GuestFaultExplanation};
pub use fault::{Fault, FaultCause, WalkError};
pub use guest::{
    GStageError, GuestContext, GuestFault, GuestFaultCause, GuestPageFaultCause, GuestPhysAddr,
    ImplicitAccess, Stage, TwoStageError,
};
pub use hgatp::{GStageMode, Hgatp, HgatpConfig, UnsupportedHgatpMode, Vmid, VMID_MAX_BITS};
pub use mmu::{FaultRecord, Mmu};
pub use perm::PermissionRule;
pub use pmp::{PageOutcome, Pmp, PmpConfig, PmpDenial, PmpRule};
pub use port::{PmpCheckedPort, PtePort, PteReader};
pub use probe::probe;
pub use pte::{MemoryType, Pte, PteFlags};
pub use satp::{Satp, SatpMode, SatpModes, MAX_LEVELS};
pub use stale::{tlb_entry_is_stale, StaleKind, Staleness};
pub use stale_guest::{GuestStaleKind, GuestStaleness, MissingFence};
pub use stats::MmuStats;
pub use tlb::CachedTranslation;
pub use tlb::GuestSpace;
pub use trace::{WalkOutcome, WalkTrace};
pub use trace_two_stage::TwoStageTrace;
pub use two_stage::{GStageWalk, TwoStageLeaf};
pub use virt::{probe_two_stage, GuestFaultRecord, GuestPhysReader};
