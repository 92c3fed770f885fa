//! Address translation for rvmmu: RISC-V Privileged Architecture 20211203,
//! chapter 4 (Supervisor-Level ISA), sections 4.1.11 (`satp`), 4.3 (Sv32
//! translation process, which Sv39 reuses) and 4.4 (Sv39).
//!
//! The crate holds no CPU. The hart hands it a [`TranslationContext`] (the
//! effective privilege, SUM, MXR, `satp`, the A/D policy) and a port to
//! physical memory ([`PtePort`]); it answers with a physical address or a
//! [`Fault`] that the hart turns into a trap.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod access;
pub mod addr;
pub mod fault;
pub mod mmu;
pub mod pte;
pub mod satp;

pub use access::{AccessType, AdPolicy, Privilege, TranslationContext};
pub use addr::{Asid, PhysAddr, Ppn, VirtAddr, PAGE_SHIFT, PAGE_SIZE};
pub use fault::{Fault, FaultCause};
pub use mmu::{Mmu, PtePort};
pub use pte::Pte;
pub use satp::{Satp, SatpMode};
