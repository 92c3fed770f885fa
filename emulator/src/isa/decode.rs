//! The decoder for 32-bit and 16-bit encodings.

use super::Instr;

/// Decodes one instruction. `raw` holds 32 bits when its low two bits are
/// 0b11, otherwise a 16-bit compressed parcel in the low half.
pub fn decode(raw: u32) -> Instr {
    if raw & 3 == 3 {
        Instr::illegal(raw, 4)
    } else {
        super::compressed::decode_compressed(raw & 0xffff)
    }
}
