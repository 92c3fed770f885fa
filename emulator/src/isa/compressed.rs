//! The C extension (Unprivileged 20191213, chapter 16).

use super::Instr;

/// Decodes a 16-bit parcel into the instruction it expands to.
pub(super) fn decode_compressed(raw: u32) -> Instr {
    Instr::illegal(raw, 2)
}
