//! Architectural exceptions produced by translation (Privileged 20211203,
//! section 3.1.15, Table 3.6).

use core::fmt;

use crate::access::AccessType;
use crate::addr::{PhysAddr, VirtAddr};
use crate::perm::PermissionRule;
use crate::pmp::PmpDenial;
use crate::pte::{Pte, PteFlags};

/// The exception cause codes translation can raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultCause {
    InstructionAccessFault = 1,
    LoadAccessFault = 5,
    StoreAccessFault = 7,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    StorePageFault = 15,
}

impl FaultCause {
    /// The page fault raised for `access` (step 3 onwards of section 4.3.2
    /// "raise a page-fault exception corresponding to the original access type").
    #[inline]
    pub const fn page_fault(access: AccessType) -> FaultCause {
        match access {
            AccessType::Fetch => FaultCause::InstructionPageFault,
            AccessType::Load => FaultCause::LoadPageFault,
            AccessType::Store => FaultCause::StorePageFault,
        }
    }
    /// The access fault raised for `access` (PMA/PMP violations, including a
    /// PTE read from a non-memory physical address).
    #[inline]
    pub const fn access_fault(access: AccessType) -> FaultCause {
        match access {
            AccessType::Fetch => FaultCause::InstructionAccessFault,
            AccessType::Load => FaultCause::LoadAccessFault,
            AccessType::Store => FaultCause::StoreAccessFault,
        }
    }
    /// The `mcause`/`scause` exception code.
    #[inline]
    pub const fn code(self) -> u64 {
        self as u64
    }
}

/// A translation fault: the cause and the value for `mtval`/`stval` (the
/// faulting virtual address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fault {
    pub cause: FaultCause,
    pub tval: u64,
}

/// Why a walk (or a TLB hit re-check) refused a translation: the step of
/// section 4.3.2 that stopped it. Small and `Copy`, so the MMU can keep the
/// last one for fault explanations without allocating.
///
/// `level` is the page-table level *i* at which the walk stopped (LEVELS − 1
/// is the root: 2 for Sv39, 3 for Sv48, 4 for Sv57; 0 the last level).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WalkError {
    /// Sections 4.4.1, 4.5.1, 4.6.1: bits 63:`va_bits` of the address
    /// differ from bit `va_bits` − 1 (`va_bits` = 39, 48 or 57).
    NonCanonical { va_bits: u8 },
    /// Step 2: the PTE address is not readable main memory (PMA/PMP).
    PteAccessFault { level: u8, pte_addr: PhysAddr },
    /// Step 3: pte.v = 0.
    InvalidPte { level: u8, pte: Pte },
    /// Step 3: pte.r = 0 and pte.w = 1 (a reserved encoding).
    WriteWithoutRead { level: u8, pte: Pte },
    /// Step 3: one of the reserved bits 60:54 is set.
    ReservedBits { level: u8, pte: Pte },
    /// Step 3 (Svpbmt): PBMT ≠ 0 in a pointer, PBMT = 3, or PBMT ≠ 0 while
    /// menvcfg.PBMTE = 0.
    PbmtReserved { level: u8, pte: Pte },
    /// Step 3 (Svnapot): N = 1 in a pointer, in a superpage leaf, or with
    /// ppn\[0\]\[3:0\] ≠ 1000 (only 64 KiB ranges are defined).
    NapotReserved { level: u8, pte: Pte },
    /// Step 3: a pointer (non-leaf) PTE with D, A or U set, bits that are
    /// "reserved for future standard use" in non-leaf PTEs (section 4.3.1).
    NonLeafWithAdu { level: u8, pte: Pte },
    /// Step 4: a pointer at level 0 (i < 0 after the decrement).
    NoLeaf { pte: Pte },
    /// Step 5: the leaf does not permit this access.
    PermissionDenied {
        level: u8,
        pte: Pte,
        rule: PermissionRule,
    },
    /// Step 6: i > 0 and pte.ppn\[i-1:0\] ≠ 0.
    MisalignedSuperpage { level: u8, pte: Pte },
    /// Step 7 under Svade: pte.a = 0.
    AccessedClear { level: u8, pte: Pte },
    /// Step 7 under Svade: a store and pte.d = 0.
    DirtyClear { level: u8, pte: Pte },
    /// Step 7 under Svadu: the A/D update's store to the PTE would violate a
    /// PMA/PMP check.
    PteUpdateAccessFault { level: u8, pte_addr: PhysAddr },
    /// Step 2 (`update` = false: the PTE read) or step 7 under Svadu
    /// (`update` = true: the A/D write): the PMP denied this implicit
    /// access, checked as an S-mode access (section 3.7.1: "the effective
    /// privilege mode is S" for page-table accesses). Carries the entry
    /// that denied it.
    PtePmpDenied {
        level: u8,
        pte_addr: PhysAddr,
        update: bool,
        denial: PmpDenial,
    },
}

impl WalkError {
    /// The one place a walk error becomes an architectural exception:
    /// "raise an access-fault exception corresponding to the original access
    /// type" for the PTE accesses (steps 2 and 7), "raise a page-fault
    /// exception corresponding to the original access type" otherwise. The
    /// trap value is the faulting virtual address (section 4.1.9, `stval`).
    #[inline]
    pub const fn to_fault(self, access: AccessType, va: VirtAddr) -> Fault {
        let cause = match self {
            WalkError::PteAccessFault { .. }
            | WalkError::PteUpdateAccessFault { .. }
            | WalkError::PtePmpDenied { .. } => FaultCause::access_fault(access),
            _ => FaultCause::page_fault(access),
        };
        Fault { cause, tval: va.0 }
    }

    /// True for the errors that become access faults rather than page faults.
    #[inline]
    pub const fn is_access_fault(self) -> bool {
        matches!(
            self,
            WalkError::PteAccessFault { .. }
                | WalkError::PteUpdateAccessFault { .. }
                | WalkError::PtePmpDenied { .. }
        )
    }

    /// The step of section 4.3.2 that raised this error (0 for the
    /// canonical-address check of section 4.4.1).
    pub const fn step(self) -> u8 {
        match self {
            WalkError::NonCanonical { .. } => 0,
            WalkError::PteAccessFault { .. } => 2,
            WalkError::PtePmpDenied { update, .. } => {
                if update {
                    7
                } else {
                    2
                }
            }
            WalkError::InvalidPte { .. }
            | WalkError::WriteWithoutRead { .. }
            | WalkError::ReservedBits { .. }
            | WalkError::PbmtReserved { .. }
            | WalkError::NapotReserved { .. }
            | WalkError::NonLeafWithAdu { .. } => 3,
            WalkError::NoLeaf { .. } => 4,
            WalkError::PermissionDenied { .. } => 5,
            WalkError::MisalignedSuperpage { .. } => 6,
            WalkError::AccessedClear { .. }
            | WalkError::DirtyClear { .. }
            | WalkError::PteUpdateAccessFault { .. } => 7,
        }
    }
}

impl fmt::Display for WalkError {
    /// One line for `--explain-faults` style reports (off the hot path).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flags = |pte: &Pte| PteFlags(*pte);
        match self {
            WalkError::NonCanonical { va_bits } => write!(
                f,
                "bits 63:{va_bits} of the address differ from bit {}",
                va_bits.saturating_sub(1)
            ),
            WalkError::PteAccessFault { level, pte_addr } => {
                write!(
                    f,
                    "step 2: level {level} PTE at {:#x} is not in RAM",
                    pte_addr.0
                )
            }
            WalkError::InvalidPte { level, pte } => {
                write!(f, "step 3: level {level} PTE {:#x} has V=0", pte.0)
            }
            WalkError::WriteWithoutRead { level, pte } => write!(
                f,
                "step 3: level {level} PTE {:#x} [{}] has W=1 with R=0",
                pte.0,
                flags(pte)
            ),
            WalkError::ReservedBits { level, pte } => write!(
                f,
                "step 3: level {level} PTE {:#x} sets reserved bits 60:54",
                pte.0
            ),
            WalkError::PbmtReserved { level, pte } => write!(
                f,
                "step 3: level {level} PTE {:#x} has a reserved PBMT encoding ({})",
                pte.0,
                pte.pbmt()
            ),
            WalkError::NapotReserved { level, pte } => write!(
                f,
                "step 3: level {level} PTE {:#x} has a reserved NAPOT encoding (N=1)",
                pte.0
            ),
            WalkError::NonLeafWithAdu { level, pte } => write!(
                f,
                "step 3: level {level} pointer PTE {:#x} [{}] sets D, A or U",
                pte.0,
                flags(pte)
            ),
            WalkError::NoLeaf { pte } => {
                write!(
                    f,
                    "step 4: level 0 PTE {:#x} is a pointer, no leaf found",
                    pte.0
                )
            }
            WalkError::PermissionDenied { level, pte, rule } => write!(
                f,
                "step 5: level {level} leaf {:#x} [{}]: {}",
                pte.0,
                flags(pte),
                rule.describe()
            ),
            WalkError::MisalignedSuperpage { level, pte } => write!(
                f,
                "step 6: level {level} superpage leaf {:#x} has a misaligned PPN {:#x}",
                pte.0,
                pte.ppn().0
            ),
            WalkError::AccessedClear { level, pte } => write!(
                f,
                "step 7: level {level} leaf {:#x} [{}] has A=0 (Svade)",
                pte.0,
                flags(pte)
            ),
            WalkError::DirtyClear { level, pte } => write!(
                f,
                "step 7: level {level} leaf {:#x} [{}] has D=0 on a store (Svade)",
                pte.0,
                flags(pte)
            ),
            WalkError::PteUpdateAccessFault { level, pte_addr } => write!(
                f,
                "step 7: A/D update of the level {level} PTE at {:#x} is not to RAM",
                pte_addr.0
            ),
            WalkError::PtePmpDenied {
                level,
                pte_addr,
                update,
                denial,
            } => write!(
                f,
                "step {}: {} denies the S-mode {} of the level {level} PTE at {:#x}",
                if *update { 7 } else { 2 },
                denial,
                if *update { "A/D update" } else { "read" },
                pte_addr.0
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pte_access_errors_are_access_faults_others_page_faults() {
        let va = VirtAddr(0x1234_5000);
        let pte_addr = PhysAddr(0x10);
        let pte = Pte(0);
        let table: &[(WalkError, AccessType, FaultCause)] = &[
            (
                WalkError::PteAccessFault { level: 2, pte_addr },
                AccessType::Fetch,
                FaultCause::InstructionAccessFault,
            ),
            (
                WalkError::PteAccessFault { level: 1, pte_addr },
                AccessType::Load,
                FaultCause::LoadAccessFault,
            ),
            (
                WalkError::PteUpdateAccessFault { level: 0, pte_addr },
                AccessType::Store,
                FaultCause::StoreAccessFault,
            ),
            (
                WalkError::PtePmpDenied {
                    level: 1,
                    pte_addr,
                    update: false,
                    denial: crate::pmp::PmpDenial {
                        entry: Some(3),
                        cfg: 0,
                        rule: crate::pmp::PmpRule::NotPermitted,
                    },
                },
                AccessType::Fetch,
                FaultCause::InstructionAccessFault,
            ),
            (
                WalkError::NonCanonical { va_bits: 48 },
                AccessType::Fetch,
                FaultCause::InstructionPageFault,
            ),
            (
                WalkError::PbmtReserved { level: 0, pte },
                AccessType::Store,
                FaultCause::StorePageFault,
            ),
            (
                WalkError::NapotReserved { level: 1, pte },
                AccessType::Fetch,
                FaultCause::InstructionPageFault,
            ),
            (
                WalkError::InvalidPte { level: 2, pte },
                AccessType::Load,
                FaultCause::LoadPageFault,
            ),
            (
                WalkError::DirtyClear { level: 0, pte },
                AccessType::Store,
                FaultCause::StorePageFault,
            ),
        ];
        for &(err, access, cause) in table {
            let fault = err.to_fault(access, va);
            assert_eq!(fault.cause, cause, "{err:?}");
            assert_eq!(fault.tval, va.0);
            assert_eq!(err.is_access_fault(), !matches!(cause.code(), 12 | 13 | 15));
        }
    }
}
