//! The C extension (Unprivileged 20191213, chapter 16), RV64 column of the
//! opcode map (Tables 16.5, 16.6 and 16.7).
//!
//! Every compressed instruction expands to the [`Instr`] of its 32-bit
//! equivalent (section 16.1), with `len` = 2 and `raw` holding the parcel.
//! Reserved code points decode to [`Op::Illegal`]; HINTs (section 16.7) are
//! valid and decode to their expansion, which has no architectural effect
//! (e.g. C.SLLI with shamt = 0, C.LI with rd = x0).
//!
//! The compressed loads and stores of D (C.FLD, C.FSD, C.FLDSP, C.FSDSP)
//! expand to FLD/FSD; RV64 has no C.FLW/C.FSW (their code points are
//! C.LD/C.SD).

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
        (0, 1) => expand(Op::Fld, rd_p(raw), rs1_p(raw), 0, cl_d_offset(raw), raw),
        (0, 3) => expand(Op::Ld, rd_p(raw), rs1_p(raw), 0, cl_d_offset(raw), raw),
        (0, 5) => expand(Op::Fsd, 0, rs1_p(raw), rs2_p(raw), cl_d_offset(raw), raw),
        (0, 6) => {
            let off = bits(raw, 12, 10) << 3 | bit(raw, 6) << 2 | bit(raw, 5) << 6;
            expand(Op::Sw, 0, rs1_p(raw), rs2_p(raw), off as i32, raw)
        }
        (0, 7) => expand(Op::Sd, 0, rs1_p(raw), rs2_p(raw), cl_d_offset(raw), raw),
        // Zcb loads and stores (funct3 = 100).
        (0, 4) => c_zcb_load_store(raw),
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
        // C.FLDSP: f0 is a valid destination.
        (2, 1) => expand(Op::Fld, rd_full(raw), SP, 0, ci_ldsp_offset(raw), raw),
        (2, 3) => {
            // C.LDSP; rd = x0 is reserved.
            let r = rd_full(raw);
            if r == 0 {
                return illegal(raw);
            }
            expand(Op::Ld, r, SP, 0, ci_ldsp_offset(raw), raw)
        }
        (2, 4) => c_jr_mv_add(raw),
        (2, 6) => {
            let off = bits(raw, 12, 9) << 2 | bits(raw, 8, 7) << 6;
            expand(Op::Sw, 0, SP, rs2_full(raw), off as i32, raw)
        }
        (2, 5) => expand(Op::Fsd, 0, SP, rs2_full(raw), css_sdsp_offset(raw), raw),
        (2, 7) => expand(Op::Sd, 0, SP, rs2_full(raw), css_sdsp_offset(raw), raw),
        // Anything that is not a 16-bit parcel.
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
/// C.LDSP/C.FLDSP offset: uimm[5] at bit 12, uimm[4:3|8:6] at bits 6:2.
#[inline]
fn ci_ldsp_offset(raw: u32) -> i32 {
    (bit(raw, 12) << 5 | bits(raw, 6, 5) << 3 | bits(raw, 4, 2) << 6) as i32
}
/// C.SDSP/C.FSDSP offset: uimm[5:3|8:6] at bits 12:7.
#[inline]
fn css_sdsp_offset(raw: u32) -> i32 {
    (bits(raw, 12, 10) << 3 | bits(raw, 9, 7) << 6) as i32
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
        if v == 0 && r & 1 == 1 && r < 16 {
            // C.MOP.n (Zcmop 1.0): the reserved C.LUI xn, 0 with odd n < 16.
            return expand(Op::CMop, 0, 0, 0, i32::from(r), raw);
        }
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
                // bit 12 = 1, funct2 = 10: C.MUL (Zcb).
                (1, 2) => Op::Mul,
                // bit 12 = 1, funct2 = 11: the Zcb unary operations.
                _ => return c_zcb_unary(raw),
            };
            expand(op, r, r, rs2_p(raw), 0, raw)
        }
    }
}

/// Quadrant 0, funct3 = 100: C.LBU, C.LHU, C.LH, C.SB, C.SH (Zcb 1.0.0):
/// uimm[1] at bit 5, uimm[0] at bit 6 for the byte forms; bit 6 selects
/// C.LH from C.LHU; the halfword store with bit 6 set and funct6 = 100111
/// are reserved.
fn c_zcb_load_store(raw: u32) -> Instr {
    let (rd, rs1, rs2) = (rd_p(raw), rs1_p(raw), rs2_p(raw));
    let byte_off = (bit(raw, 5) << 1 | bit(raw, 6)) as i32;
    let half_off = (bit(raw, 5) << 1) as i32;
    match (bits(raw, 12, 10), bit(raw, 6)) {
        (0b000, _) => expand(Op::Lbu, rd, rs1, 0, byte_off, raw),
        (0b001, 0) => expand(Op::Lhu, rd, rs1, 0, half_off, raw),
        (0b001, _) => expand(Op::Lh, rd, rs1, 0, half_off, raw),
        (0b010, _) => expand(Op::Sb, 0, rs1, rs2, byte_off, raw),
        (0b011, 0) => expand(Op::Sh, 0, rs1, rs2, half_off, raw),
        _ => illegal(raw),
    }
}

/// Quadrant 1, funct6 = 100111, funct2 = 11: the Zcb unary operations on
/// rd' selected by bits 4:2; 110 and 111 are reserved. C.ZEXT.B and C.NOT
/// expand to ANDI/XORI, C.ZEXT.W to ADD.UW rd, rd, x0.
fn c_zcb_unary(raw: u32) -> Instr {
    let r = rs1_p(raw);
    match bits(raw, 4, 2) {
        0 => expand(Op::Andi, r, r, 0, 0xff, raw),
        1 => expand(Op::SextB, r, r, 0, 0, raw),
        2 => expand(Op::ZextH, r, r, 0, 0, raw),
        3 => expand(Op::SextH, r, r, 0, 0, raw),
        4 => expand(Op::AddUw, r, r, 0, 0, raw),
        5 => expand(Op::Xori, r, r, 0, -1, raw),
        _ => illegal(raw),
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::decode;

    /// (compressed parcel, the 32-bit instruction it expands to), both
    /// produced by GNU as 2.40 from the same assembly text: for each
    /// compressed form, its extreme immediates and two random instances.
    const EXPANSIONS: &[(u32, u32)] = &[
        (0x0040, 0x00410413), // addi s0, sp, 4
        (0x1ffc, 0x3fc10793), // addi a5, sp, 1020
        (0x19dc, 0x0f410793), // addi a5, sp, 244
        (0x1494, 0x26010693), // addi a3, sp, 608
        (0x4000, 0x00042403), // lw s0, 0(s0)
        (0x5ffc, 0x07c7a783), // lw a5, 124(a5)
        (0x5118, 0x02052703), // lw a4, 32(a0)
        (0x4eec, 0x05c6a583), // lw a1, 92(a3)
        (0x6000, 0x00043403), // ld s0, 0(s0)
        (0x7ffc, 0x0f87b783), // ld a5, 248(a5)
        (0x7974, 0x0f053683), // ld a3, 240(a0)
        (0x7090, 0x0204b603), // ld a2, 32(s1)
        (0xc000, 0x00842023), // sw s0, 0(s0)
        (0xdffc, 0x06f7ae23), // sw a5, 124(a5)
        (0xc314, 0x00d72023), // sw a3, 0(a4)
        (0xdc24, 0x06942c23), // sw s1, 120(s0)
        (0xe000, 0x00843023), // sd s0, 0(s0)
        (0xfffc, 0x0ef7bc23), // sd a5, 248(a5)
        (0xe258, 0x08e63023), // sd a4, 128(a2)
        (0xfbbc, 0x06f7b823), // sd a5, 112(a5)
        (0x1081, 0xfe008093), // addi ra, ra, -32
        (0x127d, 0xfff20213), // addi tp, tp, -1 # 0xffffffffffffffff
        (0x11b5, 0xfed18193), // addi gp, gp, -19
        (0x06c1, 0x01068693), // addi a3, a3, 16
        (0x1001, 0xfe000013), // addi zero, zero, -32
        (0x007d, 0x01f00013), // addi zero, zero, 31
        (0x0071, 0x01c00013), // addi zero, zero, 28
        (0x0049, 0x01200013), // addi zero, zero, 18
        (0x3081, 0xfe00809b), // addiw ra, ra, -32
        (0x327d, 0xfff2021b), // addiw tp, tp, -1 # 0xffffffffffffffff
        (0x242d, 0x00b4041b), // addiw s0, s0, 11
        (0x2ee5, 0x019e8e9b), // addiw t4, t4, 25
        (0x5001, 0xfe000013), // addi zero, zero, -32
        (0x4ffd, 0x01f00f93), // addi t6, zero, 31
        (0x544d, 0xff300413), // addi s0, zero, -13
        (0x5af5, 0xffd00a93), // addi s5, zero, -3
        (0x7101, 0xe0010113), // addi sp, sp, -512
        (0x617d, 0x1f010113), // addi sp, sp, 496
        (0x7155, 0xf3010113), // addi sp, sp, -208
        (0x6151, 0x11010113), // addi sp, sp, 272
        (0x6085, 0x000010b7), // lui ra, 0x1
        (0x7ffd, 0xffffffb7), // lui t6, 0xfffff
        (0x7a4d, 0xffff3a37), // lui s4, 0xffff3
        (0x6189, 0x000021b7), // lui gp, 0x2
        (0x6005, 0x00001037), // lui zero, 0x1
        (0x707d, 0xfffff037), // lui zero, 0xfffff
        (0x702d, 0xfffeb037), // lui zero, 0xfffeb
        (0x7049, 0xffff2037), // lui zero, 0xffff2
        (0x9c21, 0x0084043b), // addw s0, s0, s0
        (0x9fbd, 0x00f787bb), // addw a5, a5, a5
        (0x9e21, 0x0086063b), // addw a2, a2, s0
        (0x9d25, 0x0095053b), // addw a0, a0, s1
        (0x8c61, 0x00847433), // and s0, s0, s0
        (0x8ffd, 0x00f7f7b3), // and a5, a5, a5
        (0x8d69, 0x00a57533), // and a0, a0, a0
        (0x8f71, 0x00c77733), // and a4, a4, a2
        (0x9801, 0xfe047413), // andi s0, s0, -32
        (0x8bfd, 0x01f7f793), // andi a5, a5, 31
        (0x9b8d, 0xfe37f793), // andi a5, a5, -29
        (0x8989, 0x0025f593), // andi a1, a1, 2
        (0x8c41, 0x00846433), // or s0, s0, s0
        (0x8fdd, 0x00f7e7b3), // or a5, a5, a5
        (0x8e5d, 0x00f66633), // or a2, a2, a5
        (0x8cd9, 0x00e4e4b3), // or s1, s1, a4
        (0x8401, 0x40045413), // srai s0, s0, 0x0
        (0x97fd, 0x43f7d793), // srai a5, a5, 0x3f
        (0x96d9, 0x4366d693), // srai a3, a3, 0x36
        (0x9649, 0x43265613), // srai a2, a2, 0x32
        (0x8001, 0x00045413), // srli s0, s0, 0x0
        (0x93fd, 0x03f7d793), // srli a5, a5, 0x3f
        (0x93e1, 0x0387d793), // srli a5, a5, 0x38
        (0x80c5, 0x0114d493), // srli s1, s1, 0x11
        (0x8c01, 0x40840433), // sub s0, s0, s0
        (0x8f9d, 0x40f787b3), // sub a5, a5, a5
        (0x8f15, 0x40d70733), // sub a4, a4, a3
        (0x8f01, 0x40870733), // sub a4, a4, s0
        (0x9c01, 0x4084043b), // subw s0, s0, s0
        (0x9f9d, 0x40f787bb), // subw a5, a5, a5
        (0x9d01, 0x4085053b), // subw a0, a0, s0
        (0x9c0d, 0x40b4043b), // subw s0, s0, a1
        (0x8c21, 0x00844433), // xor s0, s0, s0
        (0x8fbd, 0x00f7c7b3), // xor a5, a5, a5
        (0x8ead, 0x00b6c6b3), // xor a3, a3, a1
        (0xb001, 0x801ff06f), // jal zero, .-2048
        (0xaffd, 0x7fe0006f), // jal zero, .+2046
        (0xa081, 0x0400006f), // jal zero, .+64
        (0xabd5, 0x5f40006f), // jal zero, .+1524
        (0xd001, 0xf00400e3), // beq s0, zero, .-256
        (0xcffd, 0x0e078f63), // beq a5, zero, .+254
        (0xc895, 0x02048a63), // beq s1, zero, .+52
        (0xc6dd, 0x0a068763), // beq a3, zero, .+174
        (0xf001, 0xf00410e3), // bne s0, zero, .-256
        (0xeffd, 0x0e079f63), // bne a5, zero, .+254
        (0xe649, 0x08061563), // bne a2, zero, .+138
        (0xe2bd, 0x06069363), // bne a3, zero, .+102
        (0x0082, 0x00009093), // slli ra, ra, 0x0
        (0x1ffe, 0x03ff9f93), // slli t6, t6, 0x3f
        (0x148e, 0x02349493), // slli s1, s1, 0x23
        (0x1a9a, 0x026a9a93), // slli s5, s5, 0x26
        (0x0002, 0x00001013), // slli zero, zero, 0x0
        (0x107e, 0x03f01013), // slli zero, zero, 0x3f
        (0x1052, 0x03401013), // slli zero, zero, 0x34
        (0x0076, 0x01d01013), // slli zero, zero, 0x1d
        (0x4082, 0x00012083), // lw ra, 0(sp)
        (0x5ffe, 0x0fc12f83), // lw t6, 252(sp)
        (0x5bbe, 0x0ec12b83), // lw s7, 236(sp)
        (0x4466, 0x05812403), // lw s0, 88(sp)
        (0x6082, 0x00013083), // ld ra, 0(sp)
        (0x7ffe, 0x1f813f83), // ld t6, 504(sp)
        (0x7136, 0x16813103), // ld sp, 360(sp)
        (0x781e, 0x1e013803), // ld a6, 480(sp)
        (0x9086, 0x001080b3), // add ra, ra, ra
        (0x9fee, 0x01bf8fb3), // add t6, t6, s11
        (0x9b6e, 0x01bb0b33), // add s6, s6, s11
        (0x928a, 0x002282b3), // add t0, t0, sp
        (0x8006, 0x00100033), // add zero, zero, ra
        (0x906e, 0x01b00033), // add zero, zero, s11
        (0x8cde, 0x01700cb3), // add s9, zero, s7
        (0x8926, 0x00900933), // add s2, zero, s1
        (0x9002, 0x00100073), // ebreak
        (0x9f82, 0x000f80e7), // jalr ra, 0(t6)
        (0x9082, 0x000080e7), // jalr ra, 0(ra)
        (0x9482, 0x000480e7), // jalr ra, 0(s1)
        (0x9202, 0x000200e7), // jalr ra, 0(tp)
        (0x8f82, 0x000f8067), // jalr zero, 0(t6)
        (0x8082, 0x00008067), // jalr zero, 0(ra)
        (0x8a82, 0x000a8067), // jalr zero, 0(s5)
        (0xc006, 0x00112023), // sw ra, 0(sp)
        (0xdffe, 0x0ff12e23), // sw t6, 252(sp)
        (0xc766, 0x09912623), // sw s9, 140(sp)
        (0xd7e2, 0x0f812623), // sw s8, 236(sp)
        (0xc002, 0x00012023), // sw zero, 0(sp)
        (0xdf82, 0x0e012e23), // sw zero, 252(sp)
        (0xda02, 0x02012a23), // sw zero, 52(sp)
        (0xd682, 0x06012623), // sw zero, 108(sp)
        (0xe006, 0x00113023), // sd ra, 0(sp)
        (0xfffe, 0x1ff13c23), // sd t6, 504(sp)
        (0xe6ea, 0x15a13423), // sd s10, 328(sp)
        (0xfb7a, 0x1be13823), // sd t5, 432(sp)
        (0xe002, 0x00013023), // sd zero, 0(sp)
        (0xff82, 0x1e013c23), // sd zero, 504(sp)
        (0xea02, 0x10013823), // sd zero, 272(sp)
        (0xf202, 0x12013023), // sd zero, 288(sp)
        (0x2000, 0x00043407), // fld fs0, 0(s0)
        (0x3ffc, 0x0f87b787), // fld fa5, 248(a5)
        (0xa000, 0x00843027), // fsd fs0, 0(s0)
        (0xbffc, 0x0ef7bc27), // fsd fa5, 248(a5)
        (0x2002, 0x00013007), // fld ft0, 0(sp)
        (0x3ffe, 0x1f813f87), // fld ft11, 504(sp)
        (0xa002, 0x00013027), // fsd ft0, 0(sp)
        (0xbffe, 0x1ff13c27), // fsd ft11, 504(sp)
    ];

    #[test]
    fn expands_to_the_same_instr_as_the_32_bit_form() {
        for &(c, w) in EXPANSIONS {
            let ci = decode(c);
            let wi = decode(w);
            assert_ne!(wi.op, Op::Illegal, "{w:#010x}");
            assert_eq!(ci.len, 2, "{c:#06x}");
            assert_eq!(ci.raw, c, "{c:#06x}");
            assert_eq!(
                Instr {
                    len: 4,
                    raw: w,
                    ..ci
                },
                wi,
                "{c:#06x} should expand to {w:#010x}"
            );
        }
    }
    /// Reserved code points of Tables 16.5-16.7 (RV64 column).
    const RESERVED: &[(u32, &str)] = &[
        (0x0000, "all-zero parcel"),
        (0x0004, "C.ADDI4SPN nzuimm=0, rd'=s1"),
        (0x001c, "C.ADDI4SPN nzuimm=0, rd'=a5"),
        (0x8c40, "Zcb funct6=100011 with bit 6 set"),
        (0x9000, "quadrant 0 funct6=100100"),
        (0x9ffc, "quadrant 0 funct6=100111"),
        (0x2001, "C.ADDIW rd=0"),
        (0x307d, "C.ADDIW rd=0 imm=-1"),
        (0x6101, "C.ADDI16SP nzimm=0"),
        (0x6501, "C.LUI a0 nzimm=0"),
        (0x6001, "C.LUI zero nzimm=0"),
        (0x6f81, "C.LUI t6 nzimm=0"),
        (0x9cf9, "Zcb unary 110"),
        (0x9cfd, "Zcb unary 111"),
        (0x4002, "C.LWSP rd=0"),
        (0x5006, "C.LWSP rd=0 offset"),
        (0x6002, "C.LDSP rd=0"),
        (0x707e, "C.LDSP rd=0 offset"),
        (0x8002, "C.JR rs1=0"),
    ];

    #[test]
    fn reserved_encodings_are_illegal() {
        for &(c, what) in RESERVED {
            let i = decode(c);
            assert_eq!(i, Instr::illegal(c, 2), "{c:#06x} ({what})");
        }
    }

    /// HINTs (section 16.7) are valid instructions without effect.
    const HINTS: &[(u32, Op, &str)] = &[
        (0x0001, Op::Addi, "C.NOP"),
        (0x0501, Op::Addi, "C.ADDI a0, 0"),
        (0x0081, Op::Addi, "C.NOP with imm"),
        (0x4001, Op::Addi, "C.LI zero, 0"),
        (0x6005, Op::Lui, "C.LUI zero, 1"),
        (0x0502, Op::Slli, "C.SLLI a0, 0"),
        (0x0006, Op::Slli, "C.SLLI zero, 1"),
        (0x8001, Op::Srli, "C.SRLI s0, 0"),
        (0x8401, Op::Srai, "C.SRAI s0, 0"),
        (0x800a, Op::Add, "C.MV zero, sp"),
        (0x900a, Op::Add, "C.ADD zero, sp"),
    ];

    #[test]
    fn hints_decode_to_their_expansion() {
        for &(c, op, what) in HINTS {
            let i = decode(c);
            assert_eq!(i.op, op, "{c:#06x} ({what})");
            let writes_zero_or_self = i.rd == 0 || (i.rd == i.rs1 && i.imm == 0);
            assert!(
                writes_zero_or_self,
                "{c:#06x} ({what}) is not a no-op: {i:?}"
            );
        }
    }

    /// Over all 49152 16-bit parcels, the number of illegal ones is the sum
    /// of the reserved classes: C.ADDI4SPN nzuimm=0 (8), quadrant 0
    /// funct3=100 beyond Zcb (2048 - 3 x 256 - 128), C.ADDIW rd=0 (64),
    /// C.LUI/C.ADDI16SP with zero immediate except C.MOP.n (32 - 8),
    /// funct6 = 100111 funct2 = 11 with bits 4:2 = 11x (8 x 2), C.LWSP/
    /// C.LDSP rd=0 (2 x 64), C.JR x0 (1).
    #[test]
    fn reserved_classes_account_for_every_illegal_parcel() {
        let illegal = (0u32..0x1_0000)
            .filter(|c| c & 3 != 3)
            .filter(|&c| decode(c).op == Op::Illegal)
            .count();
        assert_eq!(
            illegal,
            8 + (2048 - 3 * 256 - 128) + 64 + (32 - 8) + 16 + 2 * 64 + 1
        );
    }

    /// Zcb 1.0.0 and Zcmop 1.0 parcels (encoded by hand from the specs'
    /// tables, as binutils 2.40 knows neither) and what they expand to.
    #[rustfmt::skip]
    const ZCB: &[(u32, Op, u8, u8, u8, i32, &str)] = &[
        (0x81e8, Op::Lbu, 10, 11, 0, 3, "c.lbu a0, 3(a1)"),
        (0x84b0, Op::Lhu, 12, 9, 0, 2, "c.lhu a2, 2(s1)"),
        (0x875c, Op::Lh, 15, 14, 0, 0, "c.lh a5, 0(a4)"),
        (0x8940, Op::Sb, 0, 10, 8, 1, "c.sb s0, 1(a0)"),
        (0x8eac, Op::Sh, 0, 13, 11, 2, "c.sh a1, 2(a3)"),
        (0x9ce1, Op::Andi, 9, 9, 0, 255, "c.zext.b s1"),
        (0x9ce5, Op::SextB, 9, 9, 0, 0, "c.sext.b s1"),
        (0x9ce9, Op::ZextH, 9, 9, 0, 0, "c.zext.h s1"),
        (0x9ced, Op::SextH, 9, 9, 0, 0, "c.sext.h s1"),
        (0x9cf1, Op::AddUw, 9, 9, 0, 0, "c.zext.w s1"),
        (0x9cf5, Op::Xori, 9, 9, 0, -1, "c.not s1"),
        (0x9d4d, Op::Mul, 10, 10, 11, 0, "c.mul a0, a1"),
        (0x6081, Op::CMop, 0, 0, 0, 1, "c.mop.1"),
        (0x6781, Op::CMop, 0, 0, 0, 15, "c.mop.15"),
    ];

    #[test]
    fn zcb_and_zcmop_expand_as_the_spec_says() {
        for &(c, op, rd, rs1, rs2, imm, what) in ZCB {
            assert_eq!(
                decode(c),
                expand(op, rd, rs1, rs2, imm, c),
                "{c:#06x} ({what})"
            );
        }
    }
}
