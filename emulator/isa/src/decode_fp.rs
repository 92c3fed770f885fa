//! The decoder for the F and D extensions (Unprivileged 20191213, chapters
//! 11 and 12; opcode map Table 24.1, listings RV32F/RV64F/RV32D/RV64D in
//! Table 24.2) and for Zfh/Zfhmin (ratified Zfh v1.0: the same encodings
//! with fmt = H, FLH/FSH with funct3 = 001). Field conventions are those
//! of `decode.rs`.
//!
//! The fmt field (inst[26:25]) is 00 for S, 01 for D and 10 for H; Q (11)
//! is not implemented and decodes as illegal. A static rounding mode of 5
//! or 6 is reserved (section 11.2) and decodes as illegal; dynamic (7) is
//! resolved against `frm` when the instruction executes.

use super::decode::{funct3, imm_i, imm_s, make, rd, rs1, rs2};
use super::{Instr, Op};

const LOAD_FP: u32 = 0x07;
const STORE_FP: u32 = 0x27;
const MADD: u32 = 0x43;
const MSUB: u32 = 0x47;
const NMSUB: u32 = 0x4b;
const NMADD: u32 = 0x4f;

fn illegal(raw: u32) -> Instr {
    Instr::illegal(raw, 4)
}

/// The rm field, or `None` for the reserved values 5 and 6.
#[inline]
fn rm(raw: u32) -> Option<i32> {
    match funct3(raw) {
        5 | 6 => None,
        m => Some(m as i32),
    }
}

/// Picks the S, D or H operation from the fmt field.
#[inline]
fn by_fmt(raw: u32, s: Op, d: Op, h: Op) -> Option<Op> {
    match (raw >> 25) & 3 {
        0 => Some(s),
        1 => Some(d),
        2 => Some(h),
        _ => None,
    }
}

/// Decodes a 32-bit encoding whose major opcode is LOAD-FP, STORE-FP,
/// MADD, MSUB, NMSUB, NMADD or OP-FP.
pub(super) fn decode_fp(raw: u32) -> Instr {
    decode(raw).unwrap_or_else(|| illegal(raw))
}

fn decode(raw: u32) -> Option<Instr> {
    Some(match raw & 0x7f {
        // FLH/FLW/FLD (sections 11.5, 12.3, Zfh); funct3 also encodes FLQ
        // and the vector loads.
        LOAD_FP => {
            let op = match funct3(raw) {
                1 => Op::Flh,
                2 => Op::Flw,
                3 => Op::Fld,
                _ => return None,
            };
            make(op, rd(raw), rs1(raw), 0, imm_i(raw), raw)
        }
        STORE_FP => {
            let op = match funct3(raw) {
                1 => Op::Fsh,
                2 => Op::Fsw,
                3 => Op::Fsd,
                _ => return None,
            };
            make(op, 0, rs1(raw), rs2(raw), imm_s(raw), raw)
        }
        // Fused multiply-add, R4-type (sections 11.6, 12.4).
        MADD | MSUB | NMSUB | NMADD => {
            let (s, d, h) = match raw & 0x7f {
                MADD => (Op::FmaddS, Op::FmaddD, Op::FmaddH),
                MSUB => (Op::FmsubS, Op::FmsubD, Op::FmsubH),
                NMSUB => (Op::FnmsubS, Op::FnmsubD, Op::FnmsubH),
                _ => (Op::FnmaddS, Op::FnmaddD, Op::FnmaddH),
            };
            let op = by_fmt(raw, s, d, h)?;
            let rs3 = (raw >> 27) as i32;
            make(op, rd(raw), rs1(raw), rs2(raw), rs3 << 3 | rm(raw)?, raw)
        }
        _ => op_fp(raw)?,
    })
}

/// OP-FP (sections 11.6-11.9, 12.4-12.6): funct5 = inst[31:27].
fn op_fp(raw: u32) -> Option<Instr> {
    let funct5 = raw >> 27;
    let f3 = funct3(raw);
    let sel = rs2(raw);
    let (rd, rs1, rs2) = (rd(raw), rs1(raw), rs2(raw));
    // Rounding operations keep rm in imm; unary ones have rs2 = 0.
    let rounding = |op: Op| Some(make(op, rd, rs1, rs2, rm(raw)?, raw));
    let unary = |op: Op| Some(make(op, rd, rs1, 0, rm(raw)?, raw));
    let fixed = |op: Op| Some(make(op, rd, rs1, rs2, 0, raw));
    let fixed_unary = |op: Op| Some(make(op, rd, rs1, 0, 0, raw));
    match funct5 {
        0b00000 => rounding(by_fmt(raw, Op::FaddS, Op::FaddD, Op::FaddH)?),
        0b00001 => rounding(by_fmt(raw, Op::FsubS, Op::FsubD, Op::FsubH)?),
        0b00010 => rounding(by_fmt(raw, Op::FmulS, Op::FmulD, Op::FmulH)?),
        0b00011 => rounding(by_fmt(raw, Op::FdivS, Op::FdivD, Op::FdivH)?),
        0b01011 if sel == 0 => unary(by_fmt(raw, Op::FsqrtS, Op::FsqrtD, Op::FsqrtH)?),
        0b00100 => fixed(match f3 {
            0 => by_fmt(raw, Op::FsgnjS, Op::FsgnjD, Op::FsgnjH)?,
            1 => by_fmt(raw, Op::FsgnjnS, Op::FsgnjnD, Op::FsgnjnH)?,
            2 => by_fmt(raw, Op::FsgnjxS, Op::FsgnjxD, Op::FsgnjxH)?,
            _ => return None,
        }),
        0b00101 => fixed(match f3 {
            0 => by_fmt(raw, Op::FminS, Op::FminD, Op::FminH)?,
            1 => by_fmt(raw, Op::FmaxS, Op::FmaxD, Op::FmaxH)?,
            _ => return None,
        }),
        // FCVT.fmt.fmt': fmt is the destination, rs2 the source format
        // (S 0, D 1, H 2); FCVT.S.D, FCVT.D.S, and Zfhmin's four.
        0b01000 => match ((raw >> 25) & 3, sel) {
            (0, 1) => unary(Op::FcvtSD),
            (1, 0) => unary(Op::FcvtDS),
            (0, 2) => unary(Op::FcvtSH),
            (2, 0) => unary(Op::FcvtHS),
            (1, 2) => unary(Op::FcvtDH),
            (2, 1) => unary(Op::FcvtHD),
            _ => None,
        },
        0b10100 => fixed(match f3 {
            2 => by_fmt(raw, Op::FeqS, Op::FeqD, Op::FeqH)?,
            1 => by_fmt(raw, Op::FltS, Op::FltD, Op::FltH)?,
            0 => by_fmt(raw, Op::FleS, Op::FleD, Op::FleH)?,
            _ => return None,
        }),
        // FCVT.{W,WU,L,LU}.fmt: float to integer.
        0b11000 => unary(match sel {
            0 => by_fmt(raw, Op::FcvtWS, Op::FcvtWD, Op::FcvtWH)?,
            1 => by_fmt(raw, Op::FcvtWuS, Op::FcvtWuD, Op::FcvtWuH)?,
            2 => by_fmt(raw, Op::FcvtLS, Op::FcvtLD, Op::FcvtLH)?,
            3 => by_fmt(raw, Op::FcvtLuS, Op::FcvtLuD, Op::FcvtLuH)?,
            _ => return None,
        }),
        // FCVT.fmt.{W,WU,L,LU}: integer to float.
        0b11010 => unary(match sel {
            0 => by_fmt(raw, Op::FcvtSW, Op::FcvtDW, Op::FcvtHW)?,
            1 => by_fmt(raw, Op::FcvtSWu, Op::FcvtDWu, Op::FcvtHWu)?,
            2 => by_fmt(raw, Op::FcvtSL, Op::FcvtDL, Op::FcvtHL)?,
            3 => by_fmt(raw, Op::FcvtSLu, Op::FcvtDLu, Op::FcvtHLu)?,
            _ => return None,
        }),
        0b11100 if sel == 0 => fixed_unary(match f3 {
            0 => by_fmt(raw, Op::FmvXW, Op::FmvXD, Op::FmvXH)?,
            1 => by_fmt(raw, Op::FclassS, Op::FclassD, Op::FclassH)?,
            _ => return None,
        }),
        0b11110 if sel == 0 && f3 == 0 => {
            fixed_unary(by_fmt(raw, Op::FmvWX, Op::FmvDX, Op::FmvHX)?)
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::decode::make;
    use crate::{decode, Instr, Op};

    /// (bits, op, rd, rs1, rs2, imm) from GNU as 2.40 (`-march=rv64gc`), the
    /// fields written out by hand from the assembly text.
    #[rustfmt::skip]
    const FIELDS: &[(u32, Op, u8, u8, u8, i32)] = &[
        (0x0085a507, Op::Flw, 10, 11, 0, 8),              // flw fa0, 8(a1)
        (0x8005b007, Op::Fld, 0, 11, 0, -2048),           // fld ft0, -2048(a1)
        (0x00a5a427, Op::Fsw, 0, 11, 10, 8),              // fsw fa0, 8(a1)
        (0x7ea5bfa7, Op::Fsd, 0, 11, 10, 2047),           // fsd fa0, 2047(a1)
        (0x60c5f543, Op::FmaddS, 10, 11, 12, 12 << 3 | 7),// fmadd.s fa0, fa1, fa2, fa2
        (0x6ac58547, Op::FmsubD, 10, 11, 12, 13 << 3),    // fmsub.d fa0, fa1, fa2, fa3, rne
        (0x68c5954b, Op::FnmsubS, 10, 11, 12, 13 << 3 | 1), // fnmsub.s ..., rtz
        (0xfbfff7cf, Op::FnmaddD, 15, 31, 31, 31 << 3 | 7), // fnmadd.d fa5, ft11, ft11, ft11
        (0x00c5f553, Op::FaddS, 10, 11, 12, 7),           // fadd.s fa0, fa1, fa2
        (0x02c5c553, Op::FaddD, 10, 11, 12, 4),           // fadd.d fa0, fa1, fa2, rmm
        (0x0ac5b553, Op::FsubD, 10, 11, 12, 3),           // fsub.d fa0, fa1, fa2, rup
        (0x12c5a553, Op::FmulD, 10, 11, 12, 2),           // fmul.d fa0, fa1, fa2, rdn
        (0x18c5f553, Op::FdivS, 10, 11, 12, 7),           // fdiv.s fa0, fa1, fa2
        (0x5a05f553, Op::FsqrtD, 10, 11, 0, 7),           // fsqrt.d fa0, fa1
        (0x20c58553, Op::FsgnjS, 10, 11, 12, 0),          // fsgnj.s fa0, fa1, fa2
        (0x22c59553, Op::FsgnjnD, 10, 11, 12, 0),         // fsgnjn.d fa0, fa1, fa2
        (0x20c5a553, Op::FsgnjxS, 10, 11, 12, 0),         // fsgnjx.s fa0, fa1, fa2
        (0x2ac59553, Op::FmaxD, 10, 11, 12, 0),           // fmax.d fa0, fa1, fa2
        (0x28c58553, Op::FminS, 10, 11, 12, 0),           // fmin.s fa0, fa1, fa2
        (0x4015f553, Op::FcvtSD, 10, 11, 0, 7),           // fcvt.s.d fa0, fa1
        (0x42058553, Op::FcvtDS, 10, 11, 0, 0),           // fcvt.d.s fa0, fa1
        (0xa2b62553, Op::FeqD, 10, 12, 11, 0),            // feq.d a0, fa2, fa1
        (0xa0b61553, Op::FltS, 10, 12, 11, 0),            // flt.s a0, fa2, fa1
        (0xa2b60553, Op::FleD, 10, 12, 11, 0),            // fle.d a0, fa2, fa1
        (0xc0059553, Op::FcvtWS, 10, 11, 0, 1),           // fcvt.w.s a0, fa1, rtz
        (0xc2159553, Op::FcvtWuD, 10, 11, 0, 1),          // fcvt.wu.d a0, fa1, rtz
        (0xc025f553, Op::FcvtLS, 10, 11, 0, 7),           // fcvt.l.s a0, fa1
        (0xc235f553, Op::FcvtLuD, 10, 11, 0, 7),          // fcvt.lu.d a0, fa1
        (0xd005f553, Op::FcvtSW, 10, 11, 0, 7),           // fcvt.s.w fa0, a1
        (0xd2158553, Op::FcvtDWu, 10, 11, 0, 0),          // fcvt.d.wu fa0, a1
        (0xd225f553, Op::FcvtDL, 10, 11, 0, 7),           // fcvt.d.l fa0, a1
        (0xd035f553, Op::FcvtSLu, 10, 11, 0, 7),          // fcvt.s.lu fa0, a1
        (0xe0058553, Op::FmvXW, 10, 11, 0, 0),            // fmv.x.w a0, fa1
        (0xe2058553, Op::FmvXD, 10, 11, 0, 0),            // fmv.x.d a0, fa1
        (0xe0059553, Op::FclassS, 10, 11, 0, 0),          // fclass.s a0, fa1
        (0xe2059553, Op::FclassD, 10, 11, 0, 0),          // fclass.d a0, fa1
        (0xf0058553, Op::FmvWX, 10, 11, 0, 0),            // fmv.w.x fa0, a1
        (0xf2058553, Op::FmvDX, 10, 11, 0, 0),            // fmv.d.x fa0, a1
        // Zfh (`-march=rv64gc_zfh`).
        (0x00859507, Op::Flh, 10, 11, 0, 8),              // flh fa0, 8(a1)
        (0x80059007, Op::Flh, 0, 11, 0, -2048),           // flh ft0, -2048(a1)
        (0x7ea59fa7, Op::Fsh, 0, 11, 10, 2047),           // fsh fa0, 2047(a1)
        (0x6cc5f543, Op::FmaddH, 10, 11, 12, 13 << 3 | 7), // fmadd.h fa0, fa1, fa2, fa3
        (0x6cc58547, Op::FmsubH, 10, 11, 12, 13 << 3),    // fmsub.h ..., rne
        (0x6cc5954b, Op::FnmsubH, 10, 11, 12, 13 << 3 | 1), // fnmsub.h ..., rtz
        (0xfdfff7cf, Op::FnmaddH, 15, 31, 31, 31 << 3 | 7), // fnmadd.h fa5, ft11, ft11, ft11
        (0x04c5f553, Op::FaddH, 10, 11, 12, 7),           // fadd.h fa0, fa1, fa2
        (0x0cc5b553, Op::FsubH, 10, 11, 12, 3),           // fsub.h fa0, fa1, fa2, rup
        (0x14c5a553, Op::FmulH, 10, 11, 12, 2),           // fmul.h fa0, fa1, fa2, rdn
        (0x1cc5c553, Op::FdivH, 10, 11, 12, 4),           // fdiv.h fa0, fa1, fa2, rmm
        (0x5c05f553, Op::FsqrtH, 10, 11, 0, 7),           // fsqrt.h fa0, fa1
        (0x24c58553, Op::FsgnjH, 10, 11, 12, 0),          // fsgnj.h fa0, fa1, fa2
        (0x24c59553, Op::FsgnjnH, 10, 11, 12, 0),         // fsgnjn.h fa0, fa1, fa2
        (0x24c5a553, Op::FsgnjxH, 10, 11, 12, 0),         // fsgnjx.h fa0, fa1, fa2
        (0x2cc58553, Op::FminH, 10, 11, 12, 0),           // fmin.h fa0, fa1, fa2
        (0x2cc59553, Op::FmaxH, 10, 11, 12, 0),           // fmax.h fa0, fa1, fa2
        (0x40258553, Op::FcvtSH, 10, 11, 0, 0),           // fcvt.s.h fa0, fa1
        (0x4405f553, Op::FcvtHS, 10, 11, 0, 7),           // fcvt.h.s fa0, fa1
        (0x44059553, Op::FcvtHS, 10, 11, 0, 1),           // fcvt.h.s fa0, fa1, rtz
        (0x42258553, Op::FcvtDH, 10, 11, 0, 0),           // fcvt.d.h fa0, fa1
        (0x4415f553, Op::FcvtHD, 10, 11, 0, 7),           // fcvt.h.d fa0, fa1
        (0xc405f553, Op::FcvtWH, 10, 11, 0, 7),           // fcvt.w.h a0, fa1
        (0xc4159553, Op::FcvtWuH, 10, 11, 0, 1),          // fcvt.wu.h a0, fa1, rtz
        (0xc425f553, Op::FcvtLH, 10, 11, 0, 7),           // fcvt.l.h a0, fa1
        (0xc435a553, Op::FcvtLuH, 10, 11, 0, 2),          // fcvt.lu.h a0, fa1, rdn
        (0xd405f553, Op::FcvtHW, 10, 11, 0, 7),           // fcvt.h.w fa0, a1
        (0xd4158553, Op::FcvtHWu, 10, 11, 0, 0),          // fcvt.h.wu fa0, a1, rne
        (0xd425f553, Op::FcvtHL, 10, 11, 0, 7),           // fcvt.h.l fa0, a1
        (0xd435b553, Op::FcvtHLu, 10, 11, 0, 3),          // fcvt.h.lu fa0, a1, rup
        (0xe4058553, Op::FmvXH, 10, 11, 0, 0),            // fmv.x.h a0, fa1
        (0xf4058553, Op::FmvHX, 10, 11, 0, 0),            // fmv.h.x fa0, a1
        (0xa4c5a553, Op::FeqH, 10, 11, 12, 0),            // feq.h a0, fa1, fa2
        (0xa4c59553, Op::FltH, 10, 11, 12, 0),            // flt.h a0, fa1, fa2
        (0xa4c58553, Op::FleH, 10, 11, 12, 0),            // fle.h a0, fa1, fa2
        (0xe4059553, Op::FclassH, 10, 11, 0, 0),          // fclass.h a0, fa1
    ];

    #[test]
    fn decodes_every_fp_format_into_its_fields() {
        for &(raw, op, rd, rs1, rs2, imm) in FIELDS {
            assert_eq!(decode(raw), make(op, rd, rs1, rs2, imm, raw), "{raw:#010x}");
        }
    }

    const ILLEGAL: &[(u32, &str)] = &[
        (0x0085_4507, "FLQ (no Q)"),
        (0x0000_0007, "LOAD-FP funct3=0 (vector)"),
        (0x00a5_c427, "FSQ (no Q)"),
        (0x0000_5043, "FMADD.S rm=5"),
        (0x0000_6043, "FMADD.S rm=6"),
        (0x0400_5043, "FMADD.H rm=5"),
        (0x0600_004f, "FNMADD.Q (fmt=11)"),
        (0x0000_5053, "FADD.S rm=5"),
        (0x0000_6053, "FADD.S rm=6"),
        (0x0400_6053, "FADD.H rm=6"),
        (0x0600_0053, "FADD.Q (fmt=11)"),
        (0x4420_0053, "FCVT.H.H"),
        (0x4430_0053, "FCVT.H.Q"),
        (0x4620_0053, "FCVT.Q.H"),
        (0x5c10_0053, "FSQRT.H rs2=1"),
        (0x2400_3053, "FSGNJ.H funct3=3"),
        (0xa400_3053, "FEQ.H funct3=3"),
        (0xc440_0053, "FCVT.?.H rs2=4"),
        (0xd450_0053, "FCVT.H.? rs2=5"),
        (0xe410_0053, "FMV.X.H rs2=1"),
        (0xe400_2053, "FMV.X.H funct3=2"),
        (0xf400_1053, "FMV.H.X funct3=1"),
        (0x5810_0053, "FSQRT.S rs2=1"),
        (0x2000_3053, "FSGNJ funct3=3"),
        (0x2800_2053, "FMIN funct3=2"),
        (0x4000_0053, "FCVT.S.S"),
        (0x4210_0053, "FCVT.D.D"),
        (0x4030_0053, "FCVT.S.Q"),
        (0xa000_3053, "FEQ funct3=3"),
        (0xc040_0053, "FCVT.?.S rs2=4"),
        (0xd050_0053, "FCVT.S.? rs2=5"),
        (0xe000_2053, "FMV.X.W funct3=2"),
        (0xe010_0053, "FMV.X.W rs2=1"),
        (0xf000_1053, "FMV.W.X funct3=1"),
        (0xf010_0053, "FMV.W.X rs2=1"),
        (0xd800_0053, "funct5=11011"),
        (0x3000_0053, "funct5=00110"),
    ];

    #[test]
    fn reserved_fp_encodings_are_illegal() {
        for &(raw, what) in ILLEGAL {
            assert_eq!(decode(raw), Instr::illegal(raw, 4), "{raw:#010x} ({what})");
        }
    }

    /// Every rounding operation accepts rm 0..=4 and 7, and rejects 5, 6.
    #[test]
    fn rounding_mode_field_is_kept_or_rejected() {
        for base in [
            0x00c5_8553u32,
            0x5805_8553,
            0xc005_8553,
            0xd005_8553,
            0x60c5_8543,
        ] {
            for rm in 0..8u32 {
                let i = decode(base | rm << 12);
                if rm == 5 || rm == 6 {
                    assert_eq!(i.op, Op::Illegal, "{base:#x} rm={rm}");
                } else {
                    assert_ne!(i.op, Op::Illegal, "{base:#x} rm={rm}");
                    assert_eq!(i.imm & 7, rm as i32, "{base:#x} rm={rm}");
                }
            }
        }
    }
}
