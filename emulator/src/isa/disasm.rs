//! The disassembler: prints a decoded [`Instr`] in assembler syntax.

use super::Instr;
use std::fmt;

impl fmt::Display for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.op)
    }
}
