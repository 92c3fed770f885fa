//! Execution of decoded instructions.

use super::{Hart, Trap};
use crate::isa::{Instr, Op};

impl Hart {
    /// Executes `i` at `self.pc`. On success the pc points at the next
    /// instruction; on a trap nothing architectural has changed.
    #[inline(always)]
    pub(super) fn execute(&mut self, i: Instr) -> Result<(), Trap> {
        match i.op {
            Op::Csrrw | Op::Csrrs | Op::Csrrc | Op::Csrrwi | Op::Csrrsi | Op::Csrrci => {
                self.exec_csr(i)
            }
            Op::Ecall | Op::Ebreak | Op::Mret | Op::Sret | Op::Wfi | Op::SfenceVma => {
                self.exec_system(i)
            }
            _ => Err(Trap::illegal(i.raw)),
        }
    }
}
