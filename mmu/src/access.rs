//! What is being translated, and under which state of the hart.

use crate::satp::{Satp, SatpMode};

/// The kind of memory access (Privileged 20211203, section 4.3.2: "the
/// original access type"). SC and every AMO are stores; LR is a load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessType {
    Fetch = 0,
    Load = 1,
    Store = 2,
}

/// A privilege level (Privileged 20211203, section 1.2, Table 1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Privilege {
    User = 0,
    Supervisor = 1,
    Machine = 3,
}

impl Privilege {
    /// Decodes a 2-bit privilege field (MPP). The reserved encoding 2 is
    /// never stored in MPP (WARL), so it maps to User defensively.
    #[inline]
    pub const fn from_bits(bits: u64) -> Privilege {
        match bits & 3 {
            3 => Privilege::Machine,
            1 => Privilege::Supervisor,
            _ => Privilege::User,
        }
    }
    /// The one-letter name used in traces (`U`, `S`, `M`).
    pub const fn letter(self) -> char {
        match self {
            Privilege::User => 'U',
            Privilege::Supervisor => 'S',
            Privilege::Machine => 'M',
        }
    }
}

/// How the accessed (A) and dirty (D) bits are maintained (Privileged
/// 20211203, section 4.3.1 and step 7 of 4.3.2). The spec allows both; the
/// default is Svade, as in Spike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum AdPolicy {
    /// Raise a page fault when A = 0, or when D = 0 on a store (Svade).
    #[default]
    Svade,
    /// The walker sets A (and D on a store) with an atomic update of the
    /// PTE (Svadu-style hardware update).
    Svadu,
}

/// Everything translation depends on, computed by the hart for one access
/// type (MPRV makes loads/stores differ from fetches in M-mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TranslationContext {
    /// The effective privilege: for loads and stores with mstatus.MPRV = 1
    /// in M-mode this is mstatus.MPP (section 3.1.6.3).
    pub privilege: Privilege,
    /// mstatus.SUM: S-mode may load/store U pages.
    pub sum: bool,
    /// mstatus.MXR: execute-only pages are readable.
    pub mxr: bool,
    /// The `satp` in force.
    pub satp: Satp,
    /// The A/D maintenance policy in force: Svadu only when hardware
    /// updating is implemented (`--ad svadu`) and menvcfg.ADUE = 1
    /// (section 3.1.18; Svadu: "When ADUE=0, the implementation behaves as
    /// though Svade were implemented").
    pub ad: AdPolicy,
    /// menvcfg.PBMTE (section 3.1.18): Svpbmt is available; when clear
    /// "the implementation behaves as though Svpbmt were not implemented",
    /// so PTE bits 62:61 are reserved.
    pub pbmte: bool,
    /// Svnapot is implemented (`--isa`; chapter 6). When it is not, PTE
    /// bit 63 (N) is one of the reserved bits 63:54 of section 4.4.1, and
    /// a PTE with N = 1 raises a page fault.
    pub napot: bool,
}

impl TranslationContext {
    /// True when addresses are not translated: effective privilege M, or
    /// `satp.MODE` = Bare (section 4.1.11). A reserved MODE never reaches
    /// `satp` (the write is ignored) and counts as Bare here.
    #[inline]
    pub const fn is_bare(&self) -> bool {
        matches!(self.privilege, Privilege::Machine)
            || !matches!(
                self.satp.mode(),
                Some(SatpMode::Sv39 | SatpMode::Sv48 | SatpMode::Sv57)
            )
    }
}
