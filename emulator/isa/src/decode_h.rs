//! The H extension's instructions (Privileged 20211203, section 8.2,
//! "Hypervisor Instructions"; encodings in chapter 9's table): decoding
//! and disassembly in the syntax of GNU objdump 2.40 (`-M no-aliases`).
//!
//! SYSTEM, funct3 = 100: HLV.*/HLVX.* (funct7 0110xx0, rd, rs1, the rs2
//! field selects the variant), HSV.* (funct7 0110xx1, rs1, rs2, rd = 0).
//! SYSTEM, funct3 = 000, rd = 0: HFENCE.VVMA (funct7 0010001) and
//! HFENCE.GVMA (funct7 0110001). Every other funct3 = 100 encoding is
//! left to Zimop.

use super::decode::make;
use super::disasm::reg_name;
use super::{Instr, Op};
use std::fmt;

/// HFENCE.VVMA and HFENCE.GVMA with rs1 = rs2 = 0 (match under the mask of
/// SFENCE.VMA: funct7, rd, funct3, opcode).
pub(super) const HFENCE_VVMA: u32 = 0x2200_0073;
pub(super) const HFENCE_GVMA: u32 = 0x6200_0073;
/// Svinval (Privileged 20211203, chapter 7) with H: HINVAL.VVMA (funct7
/// 0010011) and HINVAL.GVMA (funct7 0110011), the same mask. They decode
/// to [`Op::HfenceVvma`]/[`Op::HfenceGvma`]: as SINVAL.VMA is SFENCE.VMA
/// here (every access is ordered), HINVAL is its HFENCE; the raw bits
/// tell them apart for the disassembly and the Svinval check.
pub(super) const HINVAL_VVMA: u32 = 0x2600_0073;
pub(super) const HINVAL_GVMA: u32 = 0x6600_0073;

/// Whether an [`Op::HfenceVvma`]/[`Op::HfenceGvma`] is an HINVAL (funct7
/// bit 1, raw bit 26).
pub(crate) const fn is_hinval(i: &Instr) -> bool {
    matches!(i.op, Op::HfenceVvma | Op::HfenceGvma) && i.raw & (1 << 26) != 0
}

/// SYSTEM funct3 = 100: the hypervisor loads and stores, else Zimop.
pub(super) fn system_funct3_4(raw: u32) -> Instr {
    let funct7 = raw >> 25;
    let rd = ((raw >> 7) & 31) as u8;
    let rs1 = ((raw >> 15) & 31) as u8;
    let rs2 = ((raw >> 20) & 31) as u8;
    let load = match (funct7, rs2) {
        (0b011_0000, 0) => Some(Op::HlvB),
        (0b011_0000, 1) => Some(Op::HlvBu),
        (0b011_0010, 0) => Some(Op::HlvH),
        (0b011_0010, 1) => Some(Op::HlvHu),
        (0b011_0010, 3) => Some(Op::HlvxHu),
        (0b011_0100, 0) => Some(Op::HlvW),
        (0b011_0100, 1) => Some(Op::HlvWu),
        (0b011_0100, 3) => Some(Op::HlvxWu),
        (0b011_0110, 0) => Some(Op::HlvD),
        _ => None,
    };
    if let Some(op) = load {
        return make(op, rd, rs1, 0, 0, raw);
    }
    let store = match funct7 {
        0b011_0001 => Some(Op::HsvB),
        0b011_0011 => Some(Op::HsvH),
        0b011_0101 => Some(Op::HsvW),
        0b011_0111 => Some(Op::HsvD),
        _ => None,
    };
    match store {
        Some(op) if rd == 0 => make(op, 0, rs1, rs2, 0, raw),
        _ => super::decode_ext::system_mop(raw),
    }
}

/// The mnemonic of an H operation.
pub(super) fn mnemonic(op: Op) -> &'static str {
    match op {
        Op::HlvB => "hlv.b",
        Op::HlvBu => "hlv.bu",
        Op::HlvH => "hlv.h",
        Op::HlvHu => "hlv.hu",
        Op::HlvxHu => "hlvx.hu",
        Op::HlvW => "hlv.w",
        Op::HlvWu => "hlv.wu",
        Op::HlvxWu => "hlvx.wu",
        Op::HlvD => "hlv.d",
        Op::HsvB => "hsv.b",
        Op::HsvH => "hsv.h",
        Op::HsvW => "hsv.w",
        Op::HsvD => "hsv.d",
        Op::HfenceVvma => "hfence.vvma",
        Op::HfenceGvma => "hfence.gvma",
        _ => "?",
    }
}

/// Writes an H instruction: `hlv.w rd, (rs1)`, `hsv.w rs2, (rs1)`,
/// `hfence.gvma rs1, rs2`.
pub(super) fn write_h(i: &Instr, m: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (rd, rs1, rs2) = (reg_name(i.rd), reg_name(i.rs1), reg_name(i.rs2));
    match i.op {
        Op::HsvB | Op::HsvH | Op::HsvW | Op::HsvD => write!(f, "{m} {rs2}, ({rs1})"),
        Op::HfenceVvma | Op::HfenceGvma if is_hinval(i) => {
            let m = if i.op == Op::HfenceVvma {
                "hinval.vvma"
            } else {
                "hinval.gvma"
            };
            write!(f, "{m} {rs1}, {rs2}")
        }
        Op::HfenceVvma | Op::HfenceGvma => write!(f, "{m} {rs1}, {rs2}"),
        _ => write!(f, "{m} {rd}, ({rs1})"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::{decode, Op};

    /// (bits, op, rd, rs1, rs2, text): the bits assembled by GNU as 2.40
    /// (`-march=rv64gh`), the text as objdump 2.40 prints it with rvmmu's
    /// spacing after commas.
    #[rustfmt::skip]
    const TABLE: &[(u32, Op, u8, u8, u8, &str)] = &[
        (0x6005_c573, Op::HlvB, 10, 11, 0, "hlv.b a0, (a1)"),
        (0x6015_c573, Op::HlvBu, 10, 11, 0, "hlv.bu a0, (a1)"),
        (0x6405_c573, Op::HlvH, 10, 11, 0, "hlv.h a0, (a1)"),
        (0x6415_c573, Op::HlvHu, 10, 11, 0, "hlv.hu a0, (a1)"),
        (0x6435_c573, Op::HlvxHu, 10, 11, 0, "hlvx.hu a0, (a1)"),
        (0x6805_c573, Op::HlvW, 10, 11, 0, "hlv.w a0, (a1)"),
        (0x6815_c573, Op::HlvWu, 10, 11, 0, "hlv.wu a0, (a1)"),
        (0x6835_c573, Op::HlvxWu, 10, 11, 0, "hlvx.wu a0, (a1)"),
        (0x6c05_c573, Op::HlvD, 10, 11, 0, "hlv.d a0, (a1)"),
        (0x62c5_c073, Op::HsvB, 0, 11, 12, "hsv.b a2, (a1)"),
        (0x66c5_c073, Op::HsvH, 0, 11, 12, "hsv.h a2, (a1)"),
        (0x6ac5_c073, Op::HsvW, 0, 11, 12, "hsv.w a2, (a1)"),
        (0x6ec5_c073, Op::HsvD, 0, 11, 12, "hsv.d a2, (a1)"),
        (0x22b5_0073, Op::HfenceVvma, 0, 10, 11, "hfence.vvma a0, a1"),
        (0x62b5_0073, Op::HfenceGvma, 0, 10, 11, "hfence.gvma a0, a1"),
        (0x2200_0073, Op::HfenceVvma, 0, 0, 0, "hfence.vvma zero, zero"),
        (0x6200_0073, Op::HfenceGvma, 0, 0, 0, "hfence.gvma zero, zero"),
        (0x26b5_0073, Op::HfenceVvma, 0, 10, 11, "hinval.vvma a0, a1"),
        (0x66a7_8073, Op::HfenceGvma, 0, 15, 10, "hinval.gvma a5, a0"),
    ];

    #[test]
    fn decodes_and_prints_every_h_instruction_as_binutils_does() {
        for &(raw, op, rd, rs1, rs2, text) in TABLE {
            let i = decode(raw);
            assert_eq!((i.op, i.rd, i.rs1, i.rs2), (op, rd, rs1, rs2), "{raw:#x}");
            assert_eq!(i.to_string(), text, "{raw:#x}");
        }
    }

    #[test]
    fn reserved_h_encodings_are_illegal() {
        for raw in [
            0x6025_c573, // hlv.b with rs2 = 2
            0x6035_c573, // "hlvx.bu": no such instruction
            0x6c35_c573, // "hlvx.d"
            0x6c15_c573, // "hlv.du"
            0x62c5_c0f3, // hsv.b with rd = 1
            0x22b5_00f3, // hfence.vvma with rd = 1
        ] {
            assert_eq!(decode(raw).op, Op::Illegal, "{raw:#x}");
        }
    }
}
