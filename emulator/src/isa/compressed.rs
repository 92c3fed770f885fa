//! The C extension (Unprivileged 20191213, chapter 16), RV64 column of the
//! opcode map (Tables 16.5, 16.6 and 16.7).
//!
//! Every compressed instruction expands to the [`Instr`] of its 32-bit
//! equivalent (section 16.1), with `len` = 2 and `raw` holding the parcel.
//! Reserved code points decode to [`Op::Illegal`]; HINTs (section 16.7) are
//! valid and decode to their expansion, which has no architectural effect
//! (e.g. C.SLLI with shamt = 0, C.LI with rd = x0).
//!
//! The compressed loads and stores of F and D (C.FLD, C.FSD, C.FLDSP,
//! C.FSDSP) are illegal: rvmmu has no floating point.

use super::{Instr, Op};

const SP: u8 = 2;
const RA: u8 = 1;

/// Decodes a 16-bit parcel (`raw` < 0x1_0000, `raw & 3 != 3`) into the
/// instruction it expands to.
pub(super) fn decode_compressed(raw: u32) -> Instr {
    let funct3 = (raw >> 13) & 7;
    match (raw & 3, funct3) {
        (0, 0) => c_addi4spn(raw),
        (0, 2) => {
            let off = bits(raw, 12, 10) << 3 | bit(raw, 6) << 2 | bit(raw, 5) << 6;
            expand(Op::Lw, rd_p(raw), rs1_p(raw), 0, off as i32, raw)
        }
        (0, 3) => expand(Op::Ld, rd_p(raw), rs1_p(raw), 0, cl_d_offset(raw), raw),
        (0, 6) => {
            let off = bits(raw, 12, 10) << 3 | bit(raw, 6) << 2 | bit(raw, 5) << 6;
            expand(Op::Sw, 0, rs1_p(raw), rs2_p(raw), off as i32, raw)
        }
        (0, 7) => expand(Op::Sd, 0, rs1_p(raw), rs2_p(raw), cl_d_offset(raw), raw),
        // C.FLD, reserved (100), C.FSD.
        (0, _) => illegal(raw),

        (1, 0) => {
            // C.ADDI; rd = x0 is C.NOP or a HINT, imm = 0 a HINT.
            let r = rd_full(raw);
            expand(Op::Addi, r, r, 0, ci_imm(raw), raw)
        }
        (1, 1) => {
            // C.ADDIW (RV64); rd = x0 is reserved.
            let r = rd_full(raw);
            if r == 0 {
                return illegal(raw);
            }
            expand(Op::Addiw, r, r, 0, ci_imm(raw), raw)
        }
        // C.LI; rd = x0 is a HINT.
        (1, 2) => expand(Op::Addi, rd_full(raw), 0, 0, ci_imm(raw), raw),
        (1, 3) => c_lui_addi16sp(raw),
        (1, 4) => c_misc_alu(raw),
        (1, 5) => expand(Op::Jal, 0, 0, 0, cj_offset(raw), raw),
        (1, 6) => expand(Op::Beq, 0, rs1_p(raw), 0, cb_offset(raw), raw),
        (1, 7) => expand(Op::Bne, 0, rs1_p(raw), 0, cb_offset(raw), raw),

        (2, 0) => {
            // C.SLLI; rd = x0 and shamt = 0 are HINTs (section 16.5).
            let r = rd_full(raw);
            expand(Op::Slli, r, r, 0, shamt(raw), raw)
        }
        (2, 2) => {
            // C.LWSP; rd = x0 is reserved.
            let r = rd_full(raw);
            let off = bit(raw, 12) << 5 | bits(raw, 6, 4) << 2 | bits(raw, 3, 2) << 6;
            if r == 0 {
                return illegal(raw);
            }
            expand(Op::Lw, r, SP, 0, off as i32, raw)
        }
        (2, 3) => {
            // C.LDSP; rd = x0 is reserved.
            let r = rd_full(raw);
            let off = bit(raw, 12) << 5 | bits(raw, 6, 5) << 3 | bits(raw, 4, 2) << 6;
            if r == 0 {
                return illegal(raw);
            }
            expand(Op::Ld, r, SP, 0, off as i32, raw)
        }
        (2, 4) => c_jr_mv_add(raw),
        (2, 6) => {
            let off = bits(raw, 12, 9) << 2 | bits(raw, 8, 7) << 6;
            expand(Op::Sw, 0, SP, rs2_full(raw), off as i32, raw)
        }
        (2, 7) => {
            let off = bits(raw, 12, 10) << 3 | bits(raw, 9, 7) << 6;
            expand(Op::Sd, 0, SP, rs2_full(raw), off as i32, raw)
        }
        // C.FLDSP, C.FSDSP, and anything that is not a 16-bit parcel.
        _ => illegal(raw),
    }
}

/// Bit `n` of `raw`.
#[inline]
fn bit(raw: u32, n: u32) -> u32 {
    (raw >> n) & 1
}
/// Bits `hi..=lo` of `raw`, shifted down.
#[inline]
fn bits(raw: u32, hi: u32, lo: u32) -> u32 {
    (raw >> lo) & ((1 << (hi - lo + 1)) - 1)
}
/// Sign-extends the low `width` bits of `v`.
#[inline]
fn sext(v: u32, width: u32) -> i32 {
    let s = 32 - width;
    ((v << s) as i32) >> s
}

/// rd/rs1 in bits 11:7.
#[inline]
fn rd_full(raw: u32) -> u8 {
    bits(raw, 11, 7) as u8
}
/// rs2 in bits 6:2.
#[inline]
fn rs2_full(raw: u32) -> u8 {
    bits(raw, 6, 2) as u8
}
/// rd' in bits 4:2 (x8..x15, Table 16.2).
#[inline]
fn rd_p(raw: u32) -> u8 {
    8 + bits(raw, 4, 2) as u8
}
/// rs2' in bits 4:2.
#[inline]
fn rs2_p(raw: u32) -> u8 {
    rd_p(raw)
}
/// rs1' / rd' in bits 9:7.
#[inline]
fn rs1_p(raw: u32) -> u8 {
    8 + bits(raw, 9, 7) as u8
}

/// CI-format immediate: imm[5] at bit 12, imm[4:0] at bits 6:2, signed.
#[inline]
fn ci_imm(raw: u32) -> i32 {
    sext(bit(raw, 12) << 5 | bits(raw, 6, 2), 6)
}
/// The 6-bit shift amount of C.SLLI/C.SRLI/C.SRAI (shamt[5] at bit 12).
#[inline]
fn shamt(raw: u32) -> i32 {
    (bit(raw, 12) << 5 | bits(raw, 6, 2)) as i32
}
/// C.LD/C.SD offset: uimm[5:3] at bits 12:10, uimm[7:6] at bits 6:5.
#[inline]
fn cl_d_offset(raw: u32) -> i32 {
    (bits(raw, 12, 10) << 3 | bits(raw, 6, 5) << 6) as i32
}
/// C.J offset: offset[11|4|9:8|10|6|7|3:1|5] at bits 12:2.
#[inline]
fn cj_offset(raw: u32) -> i32 {
    let v = bit(raw, 12) << 11
        | bit(raw, 11) << 4
        | bits(raw, 10, 9) << 8
        | bit(raw, 8) << 10
        | bit(raw, 7) << 6
        | bit(raw, 6) << 7
        | bits(raw, 5, 3) << 1
        | bit(raw, 2) << 5;
    sext(v, 12)
}
/// C.BEQZ/C.BNEZ offset: offset[8|4:3] at bits 12:10, offset[7:6|2:1|5] at
/// bits 6:2.
#[inline]
fn cb_offset(raw: u32) -> i32 {
    let v = bit(raw, 12) << 8
        | bits(raw, 11, 10) << 3
        | bits(raw, 6, 5) << 6
        | bits(raw, 4, 3) << 1
        | bit(raw, 2) << 5;
    sext(v, 9)
}

#[inline]
const fn expand(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i32, raw: u32) -> Instr {
    Instr {
        op,
        rd,
        rs1,
        rs2,
        len: 2,
        imm,
        raw,
    }
}

#[inline]
fn illegal(raw: u32) -> Instr {
    Instr::illegal(raw, 2)
}

/// C.ADDI4SPN: addi rd', x2, nzuimm; nzuimm[5:4|9:6|2|3] at bits 12:5.
/// nzuimm = 0 is reserved (this includes the all-zero parcel).
fn c_addi4spn(raw: u32) -> Instr {
    let imm = bits(raw, 12, 11) << 4 | bits(raw, 10, 7) << 6 | bit(raw, 6) << 2 | bit(raw, 5) << 3;
    if imm == 0 {
        return illegal(raw);
    }
    expand(Op::Addi, rd_p(raw), SP, 0, imm as i32, raw)
}

/// Quadrant 1, funct3 = 011: C.ADDI16SP when rd = x2, otherwise C.LUI.
/// A zero immediate is reserved for both; C.LUI with rd = x0 is a HINT.
fn c_lui_addi16sp(raw: u32) -> Instr {
    let r = rd_full(raw);
    if r == SP {
        let v = bit(raw, 12) << 9
            | bit(raw, 6) << 4
            | bit(raw, 5) << 6
            | bits(raw, 4, 3) << 7
            | bit(raw, 2) << 5;
        if v == 0 {
            return illegal(raw);
        }
        expand(Op::Addi, SP, SP, 0, sext(v, 10), raw)
    } else {
        let v = bit(raw, 12) << 17 | bits(raw, 6, 2) << 12;
        if v == 0 {
            return illegal(raw);
        }
        expand(Op::Lui, r, 0, 0, sext(v, 18), raw)
    }
}

/// Quadrant 1, funct3 = 100: C.SRLI, C.SRAI, C.ANDI and the CA-format
/// register-register operations (Table 16.6).
fn c_misc_alu(raw: u32) -> Instr {
    let r = rs1_p(raw);
    match bits(raw, 11, 10) {
        // shamt = 0 is a HINT on RV64 (section 16.5).
        0 => expand(Op::Srli, r, r, 0, shamt(raw), raw),
        1 => expand(Op::Srai, r, r, 0, shamt(raw), raw),
        2 => expand(Op::Andi, r, r, 0, ci_imm(raw), raw),
        _ => {
            let op = match (bit(raw, 12), bits(raw, 6, 5)) {
                (0, 0) => Op::Sub,
                (0, 1) => Op::Xor,
                (0, 2) => Op::Or,
                (0, 3) => Op::And,
                (1, 0) => Op::Subw,
                (1, 1) => Op::Addw,
                // bit 12 = 1, funct2 = 10/11: reserved.
                _ => return illegal(raw),
            };
            expand(op, r, r, rs2_p(raw), 0, raw)
        }
    }
}

/// Quadrant 2, funct3 = 100: C.JR, C.MV, C.EBREAK, C.JALR, C.ADD.
fn c_jr_mv_add(raw: u32) -> Instr {
    let r1 = rd_full(raw);
    let r2 = rs2_full(raw);
    match (bit(raw, 12), r1, r2) {
        // C.JR with rs1 = x0 is reserved.
        (0, 0, 0) => illegal(raw),
        (0, _, 0) => expand(Op::Jalr, 0, r1, 0, 0, raw),
        // C.MV; rd = x0 is a HINT.
        (0, _, _) => expand(Op::Add, r1, 0, r2, 0, raw),
        (_, 0, 0) => expand(Op::Ebreak, 0, 0, 0, 0, raw),
        (_, _, 0) => expand(Op::Jalr, RA, r1, 0, 0, raw),
        // C.ADD; rd = x0 is a HINT.
        _ => expand(Op::Add, r1, r1, r2, 0, raw),
    }
}
