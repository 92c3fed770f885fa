//! Synchronous exceptions and interrupts (Privileged 20211203, section
//! 3.1.15, Table 3.6).

use mmu::{Fault, FaultCause};

/// Synchronous exception causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exception {
    InstructionAddressMisaligned = 0,
    InstructionAccessFault = 1,
    IllegalInstruction = 2,
    Breakpoint = 3,
    LoadAddressMisaligned = 4,
    LoadAccessFault = 5,
    StoreAddressMisaligned = 6,
    StoreAccessFault = 7,
    EcallFromU = 8,
    /// From HS-mode (Privileged 20211203, Table 8.6: "Environment call
    /// from HS-mode" keeps code 9).
    EcallFromS = 9,
    /// From VS-mode (H, code 10).
    EcallFromVs = 10,
    EcallFromM = 11,
    InstructionPageFault = 12,
    LoadPageFault = 13,
    StorePageFault = 15,
    /// H (section 8.6.1): G-stage translation failed.
    InstructionGuestPageFault = 20,
    LoadGuestPageFault = 21,
    /// H: an HS-qualified instruction not permitted in VS/VU-mode.
    VirtualInstruction = 22,
    StoreGuestPageFault = 23,
}

impl Exception {
    /// The exception code written to `mcause`/`scause`.
    #[inline]
    pub const fn code(self) -> u64 {
        self as u64
    }
}

/// A synchronous trap on its way to the handler: the cause and `xtval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trap {
    pub cause: Exception,
    pub tval: u64,
}

impl Trap {
    #[inline]
    pub const fn new(cause: Exception, tval: u64) -> Trap {
        Trap { cause, tval }
    }
    /// An illegal-instruction trap; `mtval` holds the instruction bits.
    #[inline]
    pub const fn illegal(raw: u32) -> Trap {
        Trap {
            cause: Exception::IllegalInstruction,
            tval: raw as u64,
        }
    }
    /// A virtual-instruction trap (H, section 8.6.1): "On a
    /// virtual-instruction trap, mtval or stval is written the same as for
    /// an illegal-instruction trap."
    #[inline]
    pub const fn virtual_instruction(raw: u32) -> Trap {
        Trap {
            cause: Exception::VirtualInstruction,
            tval: raw as u64,
        }
    }
}

impl From<Fault> for Trap {
    #[inline]
    fn from(f: Fault) -> Trap {
        let cause = match f.cause {
            FaultCause::InstructionAccessFault => Exception::InstructionAccessFault,
            FaultCause::LoadAccessFault => Exception::LoadAccessFault,
            FaultCause::StoreAccessFault => Exception::StoreAccessFault,
            FaultCause::InstructionPageFault => Exception::InstructionPageFault,
            FaultCause::LoadPageFault => Exception::LoadPageFault,
            FaultCause::StorePageFault => Exception::StorePageFault,
        };
        Trap {
            cause,
            tval: f.tval,
        }
    }
}

/// Interrupt causes (mcause with the interrupt bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interrupt {
    SupervisorSoftware = 1,
    /// H: the VS-level interrupts (codes 2, 6, 10 in mcause/scause; a VS
    /// handler sees them as 1, 5, 9) and the supervisor guest external
    /// interrupt 12 (never pending: GEILEN = 0).
    VirtualSupervisorSoftware = 2,
    MachineSoftware = 3,
    SupervisorTimer = 5,
    VirtualSupervisorTimer = 6,
    MachineTimer = 7,
    SupervisorExternal = 9,
    VirtualSupervisorExternal = 10,
    MachineExternal = 11,
}
