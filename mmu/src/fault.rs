//! Architectural exceptions produced by translation (Privileged 20211203,
//! section 3.1.15, Table 3.6).

use crate::access::AccessType;

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
