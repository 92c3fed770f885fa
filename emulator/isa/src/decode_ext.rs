//! Decoding of the 32-bit encodings of the ratified extensions beyond
//! RV64GC, reached from `decode.rs` only for what the base decoder does
//! not recognise, so the base paths stay as they were:
//!
//! - Zba, Zbb, Zbc, Zbs (RISC-V Bit-Manipulation ISA-extensions 1.0.0,
//!   chapter 2, RV64 forms), Zbkb, Zbkc, Zbkx (Scalar Cryptography 1.0.1,
//!   sections 2.1-2.3); RV64 has no zip/unzip.
//! - Zicond 1.0.0 (czero.eqz/nez), Zimop 1.0 (mop.r.n, mop.rr.n),
//!   Zawrs 1.01 (wrs.nto/sto), Zacas 1.0.0 (amocas.w/d/q), Zicbom and
//!   Zicboz (CMO 1.0.1, cbo.*).
//!
//! The HINT encodings of Zicbop (prefetch.*: ORI with rd = 0), Zihintpause
//! (pause: FENCE) and Zihintntl (ntl.*: ADD with rd = 0) decode in the base
//! decoder as the instruction they are encoded in, which has no effect.
//! Whether an enabled extension allows the result is `extensions.rs`'s
//! business.

use super::decode::{funct3, imm_i, make, rd, rs1, rs2};
use super::{Instr, Op};

fn illegal(raw: u32) -> Instr {
    Instr::illegal(raw, 4)
}
fn r_type(op: Op, raw: u32) -> Instr {
    make(op, rd(raw), rs1(raw), rs2(raw), 0, raw)
}
/// A unary operation: rd, rs1 (`rs2` = 0, `imm` = 0).
fn unary(op: Op, raw: u32) -> Instr {
    make(op, rd(raw), rs1(raw), 0, 0, raw)
}
/// A shift-immediate form with `bits` of shift amount in inst[25:20].
fn shift(op: Op, raw: u32, bits: u32) -> Instr {
    let shamt = ((raw >> 20) & ((1 << bits) - 1)) as i32;
    make(op, rd(raw), rs1(raw), 0, shamt, raw)
}

/// OP (0110011) beyond RV64IM: funct7 and funct3 (Bit-Manipulation 1.0.0,
/// Table "Zba/Zbb/Zbc/Zbs instructions"; Zicond 1.0.0 chapter 2).
pub(super) fn op(raw: u32) -> Instr {
    let op = match (raw >> 25, funct3(raw)) {
        (0b001_0000, 2) => Op::Sh1add,
        (0b001_0000, 4) => Op::Sh2add,
        (0b001_0000, 6) => Op::Sh3add,
        (0b010_0000, 7) => Op::Andn,
        (0b010_0000, 6) => Op::Orn,
        (0b010_0000, 4) => Op::Xnor,
        (0b000_0101, 6) => Op::Max,
        (0b000_0101, 7) => Op::Maxu,
        (0b000_0101, 4) => Op::Min,
        (0b000_0101, 5) => Op::Minu,
        (0b000_0101, 1) => Op::Clmul,
        (0b000_0101, 2) => Op::Clmulr,
        (0b000_0101, 3) => Op::Clmulh,
        (0b011_0000, 1) => Op::Rol,
        (0b011_0000, 5) => Op::Ror,
        (0b010_0100, 1) => Op::Bclr,
        (0b010_0100, 5) => Op::Bext,
        (0b011_0100, 1) => Op::Binv,
        (0b001_0100, 1) => Op::Bset,
        (0b000_0100, 4) => Op::Pack,
        (0b000_0100, 7) => Op::Packh,
        (0b001_0100, 2) => Op::Xperm4,
        (0b001_0100, 4) => Op::Xperm8,
        (0b000_0111, 5) => Op::CzeroEqz,
        (0b000_0111, 7) => Op::CzeroNez,
        _ => return illegal(raw),
    };
    r_type(op, raw)
}

/// OP-32 (0111011) beyond RV64IM. zext.h is packw with rs2 = x0 (the
/// same result); it decodes as zext.h.
pub(super) fn op_32(raw: u32) -> Instr {
    let op = match (raw >> 25, funct3(raw)) {
        (0b000_0100, 0) => Op::AddUw,
        (0b001_0000, 2) => Op::Sh1addUw,
        (0b001_0000, 4) => Op::Sh2addUw,
        (0b001_0000, 6) => Op::Sh3addUw,
        (0b011_0000, 1) => Op::Rolw,
        (0b011_0000, 5) => Op::Rorw,
        (0b000_0100, 4) if rs2(raw) == 0 => return unary(Op::ZextH, raw),
        (0b000_0100, 4) => Op::Packw,
        _ => return illegal(raw),
    };
    r_type(op, raw)
}

/// OP-IMM (0010011) funct3 = 001 and 101 beyond the RV64I shifts: the
/// unary Zbb operations (funct12), rori, the Zbs immediates, orc.b, rev8
/// and brev8.
pub(super) fn op_imm(raw: u32) -> Instr {
    let funct12 = raw >> 20;
    let funct6 = raw >> 26;
    match (funct3(raw), funct6) {
        (1, _) => match funct12 {
            0x600 => unary(Op::Clz, raw),
            0x601 => unary(Op::Ctz, raw),
            0x602 => unary(Op::Cpop, raw),
            0x604 => unary(Op::SextB, raw),
            0x605 => unary(Op::SextH, raw),
            _ => match funct6 {
                0b01_0010 => shift(Op::Bclri, raw, 6),
                0b01_1010 => shift(Op::Binvi, raw, 6),
                0b00_1010 => shift(Op::Bseti, raw, 6),
                _ => illegal(raw),
            },
        },
        (5, _) => match funct12 {
            0x287 => unary(Op::OrcB, raw),
            0x6b8 => unary(Op::Rev8, raw),
            0x687 => unary(Op::Brev8, raw),
            _ => match funct6 {
                0b01_1000 => shift(Op::Rori, raw, 6),
                0b01_0010 => shift(Op::Bexti, raw, 6),
                _ => illegal(raw),
            },
        },
        _ => illegal(raw),
    }
}

/// OP-IMM-32 (0011011) beyond RV64I: slli.uw (6-bit shamt), the unary
/// word counts, roriw (5-bit shamt).
pub(super) fn op_imm_32(raw: u32) -> Instr {
    match (funct3(raw), raw >> 26, raw >> 20) {
        (1, 0b00_0010, _) => shift(Op::SlliUw, raw, 6),
        (1, _, 0x600) => unary(Op::Clzw, raw),
        (1, _, 0x601) => unary(Op::Ctzw, raw),
        (1, _, 0x602) => unary(Op::Cpopw, raw),
        (5, _, _) if raw >> 25 == 0b011_0000 => shift(Op::Roriw, raw, 5),
        _ => illegal(raw),
    }
}

/// MISC-MEM funct3 = 010: the cache-block operations (CMO 1.0.1, chapter
/// 2.5 and 2.6): rd = 0, funct12 selects, rs1 holds the address.
pub(super) fn misc_mem(raw: u32) -> Instr {
    if funct3(raw) != 2 || rd(raw) != 0 {
        return illegal(raw);
    }
    let op = match imm_i(raw) {
        0 => Op::CboInval,
        1 => Op::CboClean,
        2 => Op::CboFlush,
        4 => Op::CboZero,
        _ => return illegal(raw),
    };
    make(op, 0, rs1(raw), 0, 0, raw)
}

/// AMO funct5 = 00101: AMOCAS (Zacas 1.0.0); funct3 010 .W, 011 .D,
/// 100 .Q. For .Q, rd and rs2 name even-odd register pairs: odd numbers
/// are reserved.
pub(super) fn amo(raw: u32) -> Instr {
    if raw >> 27 != 0b00101 {
        return illegal(raw);
    }
    let op = match funct3(raw) {
        2 => Op::AmocasW,
        3 => Op::AmocasD,
        4 if rd(raw) & 1 == 0 && rs2(raw) & 1 == 0 => Op::AmocasQ,
        _ => return illegal(raw),
    };
    r_type(op, raw)
}

/// WRS.NTO and WRS.STO (Zawrs 1.01): fully fixed SYSTEM encodings.
pub(super) const WRS_NTO: u32 = 0x00d0_0073;
pub(super) const WRS_STO: u32 = 0x01d0_0073;

/// SYSTEM funct3 = 100: the may-be-operations (Zimop 1.0). mop.r.n:
/// inst[31] = 1, inst[30] = n[4], inst[27:26] = n[3:2], inst[25:22] =
/// 0111, inst[21:20] = n[1:0]; mop.rr.n: inst[31] = 1, inst[30] = n[2],
/// inst[27:26] = n[1:0], inst[25] = 1, rs2 free. inst[29:28] = 00.
pub(super) fn system_mop(raw: u32) -> Instr {
    const R_MASK: u32 = 0xb3c0_707f;
    const R_MATCH: u32 = 0x81c0_4073;
    const RR_MASK: u32 = 0xb200_707f;
    const RR_MATCH: u32 = 0x8200_4073;
    if raw & R_MASK == R_MATCH {
        let n = (raw >> 30 & 1) << 4 | (raw >> 26 & 3) << 2 | (raw >> 20 & 3);
        make(Op::MopR, rd(raw), rs1(raw), 0, n as i32, raw)
    } else if raw & RR_MASK == RR_MATCH {
        let n = (raw >> 30 & 1) << 2 | (raw >> 26 & 3);
        make(Op::MopRr, rd(raw), rs1(raw), rs2(raw), n as i32, raw)
    } else {
        illegal(raw)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::decode;

    /// (bits, op, rd, rs1, rs2, imm) for what binutils 2.40 cannot
    /// assemble, encoded by hand from the specs' encoding figures:
    /// Zicond 1.0.0, Zimop 1.0, Zacas 1.0.0; and Zawrs, Zicbo* fields.
    #[rustfmt::skip]
    const FIELDS: &[(u32, Op, u8, u8, u8, i32)] = &[
        (0x0ec5_d533, Op::CzeroEqz, 10, 11, 12, 0),   // czero.eqz a0, a1, a2
        (0x0ec5_f533, Op::CzeroNez, 10, 11, 12, 0),   // czero.nez a0, a1, a2
        (0x81c5_c573, Op::MopR, 10, 11, 0, 0),        // mop.r.0 a0, a1
        (0xcdff_cff3, Op::MopR, 31, 31, 0, 31),       // mop.r.31 t6, t6
        (0x81d5_c573, Op::MopR, 10, 11, 0, 1),        // mop.r.1 a0, a1 (n[0] = inst[20])
        (0x82c5_c573, Op::MopRr, 10, 11, 12, 0),      // mop.rr.0 a0, a1, a2
        (0xcec5_c573, Op::MopRr, 10, 11, 12, 7),      // mop.rr.7 a0, a1, a2
        (0x00d0_0073, Op::WrsNto, 0, 0, 0, 0),
        (0x01d0_0073, Op::WrsSto, 0, 0, 0, 0),
        (0x28c5_a52f, Op::AmocasW, 10, 11, 12, 0),    // amocas.w a0, a2, (a1)
        (0x2ec5_b52f, Op::AmocasD, 10, 11, 12, 0),    // amocas.d.aqrl a0, a2, (a1)
        (0x28c5_c52f, Op::AmocasQ, 10, 11, 12, 0),    // amocas.q a0, a2, (a1)
        (0x2800_402f, Op::AmocasQ, 0, 0, 0, 0),       // amocas.q zero, zero, (zero)
        (0x0015_200f, Op::CboClean, 0, 10, 0, 0),     // cbo.clean (a0)
        (0x004d_a00f, Op::CboZero, 0, 27, 0, 0),      // cbo.zero (s11)
    ];

    #[test]
    fn decodes_the_hand_encoded_forms_into_their_fields() {
        for &(raw, op, rd, rs1, rs2, imm) in FIELDS {
            assert_eq!(decode(raw), make(op, rd, rs1, rs2, imm, raw), "{raw:#010x}");
        }
    }

    #[test]
    fn every_mop_number_decodes_back() {
        for n in 0..32u32 {
            let raw = 0x81c0_4073 | (n >> 4 & 1) << 30 | (n >> 2 & 3) << 26 | (n & 3) << 20;
            assert_eq!((decode(raw).op, decode(raw).imm), (Op::MopR, n as i32));
        }
        for n in 0..8u32 {
            let raw = 0x8200_4073 | (n >> 2 & 1) << 30 | (n & 3) << 26;
            assert_eq!((decode(raw).op, decode(raw).imm), (Op::MopRr, n as i32));
        }
    }
}
