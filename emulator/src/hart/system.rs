//! CSR instructions, privileged instructions, trap entry and interrupts.

use super::{Hart, Trap};
use crate::isa::Instr;

impl Hart {
    /// csrrw/csrrs/csrrc and their immediate forms (Zicsr).
    pub(super) fn exec_csr(&mut self, i: Instr) -> Result<(), Trap> {
        Err(Trap::illegal(i.raw))
    }
    /// ecall, ebreak, mret, sret, wfi, sfence.vma.
    pub(super) fn exec_system(&mut self, i: Instr) -> Result<(), Trap> {
        Err(Trap::illegal(i.raw))
    }
}
