//! The decoder for 32-bit and 16-bit encodings.
//!
//! 32-bit encodings follow the opcode map of Unprivileged 20191213, chapter
//! 24 (Tables 24.1 and 24.2, the RV32/64 instruction listings); the
//! privileged encodings follow Privileged 20211203, chapter 9 (Table 9.1).
//! Compressed parcels are expanded by [`super::compressed`].
//!
//! Field conventions of the produced [`Instr`] (see `lib.rs`): fields an
//! instruction format does not have are zero, so an instruction has exactly
//! one decoded form whatever encoding it came from:
//! - R-type: `rd`, `rs1`, `rs2`; `imm` = 0.
//! - I-type (loads, OP-IMM, JALR): `rd`, `rs1`, `imm`; shifts keep the shift
//!   amount in `imm`.
//! - S/B-type: `rs1`, `rs2`, `imm` (branch offsets in bytes).
//! - U/J-type: `rd`, `imm` (LUI/AUIPC already shifted left by 12).
//! - AMOs: `rd`, `rs1`, `rs2` (LR has `rs2` = 0); aq/rl stay in `raw`.
//! - CSR: `rd`, `rs1` (the uimm for the *i forms), `imm` = CSR number.
//! - FENCE: `imm` = bits 31:20 (fm, pred, succ); FENCE.I, ECALL, EBREAK,
//!   MRET, SRET, WFI: all zero; SFENCE.VMA: `rs1`, `rs2`.
//! - F/D (Unprivileged 20191213, chapters 11 and 12): register numbers
//!   name f or x registers as the operation says. FLW/FLD are I-type and
//!   FSW/FSD S-type. The others are R-type with `rs2` = 0 when inst[24:20]
//!   selects the operation (FSQRT, FCVT, FMV, FCLASS); those that round
//!   keep the rm field in `imm` (0..=4, or 7 = dynamic: the reserved 5 and
//!   6 decode as illegal); the fused ones (R4-type) also keep rs3 in
//!   `imm[7:3]`, so `imm` = rs3 << 3 | rm.

use super::{Instr, Op};

// Major opcodes (Unprivileged 20191213, Table 24.1), with inst[6:5],
// inst[4:2] and inst[1:0] in the comment.
const LOAD: u32 = 0x03; // 00 000 11
const LOAD_FP: u32 = 0x07; // 00 001 11
const MISC_MEM: u32 = 0x0f; // 00 011 11
const OP_IMM: u32 = 0x13; // 00 100 11
const AUIPC: u32 = 0x17; // 00 101 11
const OP_IMM_32: u32 = 0x1b; // 00 110 11
const STORE: u32 = 0x23; // 01 000 11
const STORE_FP: u32 = 0x27; // 01 001 11
const AMO: u32 = 0x2f; // 01 011 11
const OP: u32 = 0x33; // 01 100 11
const LUI: u32 = 0x37; // 01 101 11
const OP_32: u32 = 0x3b; // 01 110 11
const MADD: u32 = 0x43; // 10 000 11
const MSUB: u32 = 0x47; // 10 001 11
const NMSUB: u32 = 0x4b; // 10 010 11
const NMADD: u32 = 0x4f; // 10 011 11
const OP_FP: u32 = 0x53; // 10 100 11
const BRANCH: u32 = 0x63; // 11 000 11
const JALR: u32 = 0x67; // 11 001 11
const JAL: u32 = 0x6f; // 11 011 11
const SYSTEM: u32 = 0x73; // 11 100 11

// Fully fixed SYSTEM encodings (Unprivileged 20191213, section 2.8;
// Privileged 20211203, sections 3.3.2 and 3.3.3).
const ECALL: u32 = 0x0000_0073;
const EBREAK: u32 = 0x0010_0073;
const SRET: u32 = 0x1020_0073;
const MRET: u32 = 0x3020_0073;
const WFI: u32 = 0x1050_0073;
/// SFENCE.VMA: funct7 = 0001001, rd = 0, funct3 = 0 (Privileged 20211203,
/// section 4.2.1); rs1 and rs2 are free.
const SFENCE_VMA_MASK: u32 = 0xfe00_7fff;
const SFENCE_VMA: u32 = 0x1200_0073;
/// Svinval (Privileged 20211203, chapter 8): sinval.vma has the
/// sfence.vma layout with funct7 = 0001011; the two fences are fixed words.
const SINVAL_VMA: u32 = 0x1600_0073;
const SFENCE_W_INVAL: u32 = 0x1800_0073;
const SFENCE_INVAL_IR: u32 = 0x1810_0073;

/// Decodes one instruction. `raw` holds 32 bits when its low two bits are
/// 0b11, otherwise a 16-bit compressed parcel in the low half (the upper
/// half is ignored).
pub fn decode(raw: u32) -> Instr {
    if raw & 3 == 3 {
        decode_32(raw)
    } else {
        super::compressed::decode_compressed(raw & 0xffff)
    }
}

#[inline]
pub(super) fn rd(raw: u32) -> u8 {
    ((raw >> 7) & 31) as u8
}
#[inline]
pub(super) fn rs1(raw: u32) -> u8 {
    ((raw >> 15) & 31) as u8
}
#[inline]
pub(super) fn rs2(raw: u32) -> u8 {
    ((raw >> 20) & 31) as u8
}
#[inline]
pub(super) fn funct3(raw: u32) -> u32 {
    (raw >> 12) & 7
}
#[inline]
fn funct7(raw: u32) -> u32 {
    raw >> 25
}

/// I-type immediate: inst[31:20], sign-extended.
#[inline]
pub(super) fn imm_i(raw: u32) -> i32 {
    (raw as i32) >> 20
}
/// S-type immediate: inst[31:25] | inst[11:7], sign-extended.
#[inline]
pub(super) fn imm_s(raw: u32) -> i32 {
    (((raw & 0xfe00_0000) as i32) >> 20) | ((raw >> 7) & 0x1f) as i32
}
/// B-type immediate: imm[12|10:5] in inst[31:25], imm[4:1|11] in inst[11:7].
#[inline]
fn imm_b(raw: u32) -> i32 {
    (((raw & 0x8000_0000) as i32) >> 19)
        | ((raw & 0x80) << 4) as i32
        | ((raw >> 20) & 0x7e0) as i32
        | ((raw >> 7) & 0x1e) as i32
}
/// U-type immediate: inst[31:12] << 12.
#[inline]
fn imm_u(raw: u32) -> i32 {
    (raw & 0xffff_f000) as i32
}
/// J-type immediate: imm[20|10:1|11|19:12] in inst[31:12].
#[inline]
fn imm_j(raw: u32) -> i32 {
    (((raw & 0x8000_0000) as i32) >> 11)
        | (raw & 0x000f_f000) as i32
        | ((raw >> 9) & 0x800) as i32
        | ((raw >> 20) & 0x7fe) as i32
}

/// A decoded 32-bit instruction (`len` 4).
pub(super) const fn make(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i32, raw: u32) -> Instr {
    Instr {
        op,
        rd,
        rs1,
        rs2,
        len: 4,
        imm,
        raw,
    }
}

fn r_type(op: Op, raw: u32) -> Instr {
    make(op, rd(raw), rs1(raw), rs2(raw), 0, raw)
}
fn i_type(op: Op, raw: u32) -> Instr {
    make(op, rd(raw), rs1(raw), 0, imm_i(raw), raw)
}
fn illegal(raw: u32) -> Instr {
    Instr::illegal(raw, 4)
}

/// Decodes a 32-bit encoding.
fn decode_32(raw: u32) -> Instr {
    match raw & 0x7f {
        LUI => make(Op::Lui, rd(raw), 0, 0, imm_u(raw), raw),
        AUIPC => make(Op::Auipc, rd(raw), 0, 0, imm_u(raw), raw),
        JAL => make(Op::Jal, rd(raw), 0, 0, imm_j(raw), raw),
        JALR if funct3(raw) == 0 => i_type(Op::Jalr, raw),
        BRANCH => decode_branch(raw),
        LOAD => decode_load(raw),
        STORE => decode_store(raw),
        OP_IMM => decode_op_imm(raw),
        OP_IMM_32 => decode_op_imm_32(raw),
        OP => decode_op(raw),
        OP_32 => decode_op_32(raw),
        MISC_MEM => decode_misc_mem(raw),
        AMO => decode_amo(raw),
        SYSTEM => decode_system(raw),
        LOAD_FP | STORE_FP | MADD | MSUB | NMSUB | NMADD | OP_FP => {
            super::decode_fp::decode_fp(raw)
        }
        _ => illegal(raw),
    }
}

/// Conditional branches (Unprivileged 20191213, section 2.5).
fn decode_branch(raw: u32) -> Instr {
    let op = match funct3(raw) {
        0 => Op::Beq,
        1 => Op::Bne,
        4 => Op::Blt,
        5 => Op::Bge,
        6 => Op::Bltu,
        7 => Op::Bgeu,
        _ => return illegal(raw),
    };
    make(op, 0, rs1(raw), rs2(raw), imm_b(raw), raw)
}

/// Loads (sections 2.6 and 5.3).
fn decode_load(raw: u32) -> Instr {
    let op = match funct3(raw) {
        0 => Op::Lb,
        1 => Op::Lh,
        2 => Op::Lw,
        3 => Op::Ld,
        4 => Op::Lbu,
        5 => Op::Lhu,
        6 => Op::Lwu,
        _ => return illegal(raw),
    };
    i_type(op, raw)
}

/// Stores (sections 2.6 and 5.3).
fn decode_store(raw: u32) -> Instr {
    let op = match funct3(raw) {
        0 => Op::Sb,
        1 => Op::Sh,
        2 => Op::Sw,
        3 => Op::Sd,
        _ => return illegal(raw),
    };
    make(op, 0, rs1(raw), rs2(raw), imm_s(raw), raw)
}

/// OP-IMM (sections 2.4.1 and 5.2.1). RV64 shifts take a 6-bit shamt, so
/// only inst[31:26] is the function field.
fn decode_op_imm(raw: u32) -> Instr {
    let shamt = ((raw >> 20) & 0x3f) as i32;
    let funct6 = raw >> 26;
    let op = match funct3(raw) {
        0 => Op::Addi,
        2 => Op::Slti,
        3 => Op::Sltiu,
        4 => Op::Xori,
        6 => Op::Ori,
        7 => Op::Andi,
        1 if funct6 == 0 => return make(Op::Slli, rd(raw), rs1(raw), 0, shamt, raw),
        5 if funct6 == 0 => return make(Op::Srli, rd(raw), rs1(raw), 0, shamt, raw),
        5 if funct6 == 0b01_0000 => return make(Op::Srai, rd(raw), rs1(raw), 0, shamt, raw),
        _ => return super::decode_ext::op_imm(raw),
    };
    i_type(op, raw)
}

/// OP-IMM-32 (section 5.2.1). The *IW shifts with inst[25] (shamt[5]) set
/// are reserved, which the full funct7 comparison rejects.
fn decode_op_imm_32(raw: u32) -> Instr {
    let shamt = ((raw >> 20) & 0x1f) as i32;
    match (funct3(raw), funct7(raw)) {
        (0, _) => i_type(Op::Addiw, raw),
        (1, 0) => make(Op::Slliw, rd(raw), rs1(raw), 0, shamt, raw),
        (5, 0) => make(Op::Srliw, rd(raw), rs1(raw), 0, shamt, raw),
        (5, 0b010_0000) => make(Op::Sraiw, rd(raw), rs1(raw), 0, shamt, raw),
        _ => super::decode_ext::op_imm_32(raw),
    }
}

/// OP: RV64I register-register (section 2.4.2) and M (section 7.1, 7.2).
fn decode_op(raw: u32) -> Instr {
    let op = match (funct7(raw), funct3(raw)) {
        (0, 0) => Op::Add,
        (0b010_0000, 0) => Op::Sub,
        (0, 1) => Op::Sll,
        (0, 2) => Op::Slt,
        (0, 3) => Op::Sltu,
        (0, 4) => Op::Xor,
        (0, 5) => Op::Srl,
        (0b010_0000, 5) => Op::Sra,
        (0, 6) => Op::Or,
        (0, 7) => Op::And,
        (1, 0) => Op::Mul,
        (1, 1) => Op::Mulh,
        (1, 2) => Op::Mulhsu,
        (1, 3) => Op::Mulhu,
        (1, 4) => Op::Div,
        (1, 5) => Op::Divu,
        (1, 6) => Op::Rem,
        (1, 7) => Op::Remu,
        _ => return super::decode_ext::op(raw),
    };
    r_type(op, raw)
}

/// OP-32: the RV64 word forms (sections 5.2.2, 7.1, 7.2).
fn decode_op_32(raw: u32) -> Instr {
    let op = match (funct7(raw), funct3(raw)) {
        (0, 0) => Op::Addw,
        (0b010_0000, 0) => Op::Subw,
        (0, 1) => Op::Sllw,
        (0, 5) => Op::Srlw,
        (0b010_0000, 5) => Op::Sraw,
        (1, 0) => Op::Mulw,
        (1, 4) => Op::Divw,
        (1, 5) => Op::Divuw,
        (1, 6) => Op::Remw,
        (1, 7) => Op::Remuw,
        _ => return super::decode_ext::op_32(raw),
    };
    r_type(op, raw)
}

/// MISC-MEM: FENCE (section 2.7) and FENCE.I (chapter 3). Their unused
/// fields are ignored for forward compatibility, as both sections require.
fn decode_misc_mem(raw: u32) -> Instr {
    match funct3(raw) {
        0 => make(Op::Fence, 0, 0, 0, (raw >> 20) as i32, raw),
        1 => make(Op::FenceI, 0, 0, 0, 0, raw),
        _ => super::decode_ext::misc_mem(raw),
    }
}

/// AMO: the A extension (chapter 8, Table 24.2 RV32A/RV64A).
fn decode_amo(raw: u32) -> Instr {
    let word = match funct3(raw) {
        2 => true,
        3 => false,
        _ => return super::decode_ext::amo(raw),
    };
    let funct5 = raw >> 27;
    let (w, d) = match funct5 {
        0b00010 => {
            // LR: rs2 must be zero.
            if rs2(raw) != 0 {
                return illegal(raw);
            }
            (Op::LrW, Op::LrD)
        }
        0b00011 => (Op::ScW, Op::ScD),
        0b00001 => (Op::AmoswapW, Op::AmoswapD),
        0b00000 => (Op::AmoaddW, Op::AmoaddD),
        0b00100 => (Op::AmoxorW, Op::AmoxorD),
        0b01100 => (Op::AmoandW, Op::AmoandD),
        0b01000 => (Op::AmoorW, Op::AmoorD),
        0b10000 => (Op::AmominW, Op::AmominD),
        0b10100 => (Op::AmomaxW, Op::AmomaxD),
        0b11000 => (Op::AmominuW, Op::AmominuD),
        0b11100 => (Op::AmomaxuW, Op::AmomaxuD),
        _ => return super::decode_ext::amo(raw),
    };
    r_type(if word { w } else { d }, raw)
}

/// SYSTEM: ECALL/EBREAK (section 2.8), Zicsr (chapter 9), and the
/// privileged instructions (Privileged 20211203, Table 9.1).
fn decode_system(raw: u32) -> Instr {
    let csr = (raw >> 20) as i32;
    let op = match funct3(raw) {
        0 => {
            let op = match raw {
                ECALL => Op::Ecall,
                EBREAK => Op::Ebreak,
                SRET => Op::Sret,
                MRET => Op::Mret,
                WFI => Op::Wfi,
                super::decode_ext::WRS_NTO => Op::WrsNto,
                super::decode_ext::WRS_STO => Op::WrsSto,
                SFENCE_W_INVAL => Op::SfenceWInval,
                SFENCE_INVAL_IR => Op::SfenceInvalIr,
                _ if raw & SFENCE_VMA_MASK == SFENCE_VMA => {
                    return make(Op::SfenceVma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ if raw & SFENCE_VMA_MASK == SINVAL_VMA => {
                    return make(Op::SinvalVma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ if raw & SFENCE_VMA_MASK == super::decode_h::HFENCE_VVMA => {
                    return make(Op::HfenceVvma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ if raw & SFENCE_VMA_MASK == super::decode_h::HFENCE_GVMA => {
                    return make(Op::HfenceGvma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ if raw & SFENCE_VMA_MASK == super::decode_h::HINVAL_VVMA => {
                    return make(Op::HfenceVvma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ if raw & SFENCE_VMA_MASK == super::decode_h::HINVAL_GVMA => {
                    return make(Op::HfenceGvma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ => return illegal(raw),
            };
            return make(op, 0, 0, 0, 0, raw);
        }
        1 => Op::Csrrw,
        2 => Op::Csrrs,
        3 => Op::Csrrc,
        4 => return super::decode_h::system_funct3_4(raw),
        5 => Op::Csrrwi,
        6 => Op::Csrrsi,
        7 => Op::Csrrci,
        _ => return illegal(raw),
    };
    make(op, rd(raw), rs1(raw), 0, csr, raw)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// (bits, op, rd, rs1, rs2, imm): encodings from GNU as 2.40, expected
    /// fields written out by hand from the assembly text.
    #[rustfmt::skip]
    const FIELDS: &[(u32, Op, u8, u8, u8, i32)] = &[
        // U-type: imm already shifted, sign-extended from bit 31.
        (0x12345537, Op::Lui, 10, 0, 0, 0x1234_5000),    // lui a0, 0x12345
        (0xfffff4b7, Op::Lui, 9, 0, 0, -4096),            // lui s1, 0xfffff
        (0x80000cb7, Op::Lui, 25, 0, 0, i32::MIN),        // lui s9, 0x80000
        (0xfffff997, Op::Auipc, 19, 0, 0, -4096),         // auipc s3, 0xfffff
        // J-type: offsets in bytes, extremes.
        (0x7ffff46f, Op::Jal, 8, 0, 0, 0xf_fffe),         // jal s0, .+0xffffe
        (0x8000006f, Op::Jal, 0, 0, 0, -0x10_0000),       // jal zero, .-0x100000
        (0x00200f6f, Op::Jal, 30, 0, 0, 2),               // jal t5, .+2
        (0xfa1ff86f, Op::Jal, 16, 0, 0, -96),             // jal a6, .-96
        // I-type.
        (0x7ff30f67, Op::Jalr, 30, 6, 0, 2047),           // jalr t5, 2047(t1)
        (0x800c8de7, Op::Jalr, 27, 25, 0, -2048),         // jalr s11, -2048(s9)
        (0x800c8503, Op::Lb, 10, 25, 0, -2048),           // lb a0, -2048(s9)
        (0x7ffa9e03, Op::Lh, 28, 21, 0, 2047),            // lh t3, 2047(s5)
        (0x7ff4bd83, Op::Ld, 27, 9, 0, 2047),             // ld s11, 2047(s1)
        (0x80074803, Op::Lbu, 16, 14, 0, -2048),          // lbu a6, -2048(a4)
        (0x800d5003, Op::Lhu, 0, 26, 0, -2048),           // lhu zero, -2048(s10)
        (0x7ff5e683, Op::Lwu, 13, 11, 0, 2047),           // lwu a3, 2047(a1)
        (0x80048b93, Op::Addi, 23, 9, 0, -2048),          // addi s7, s1, -2048
        (0x80072c93, Op::Slti, 25, 14, 0, -2048),         // slti s9, a4, -2048
        (0x7ff2eb13, Op::Ori, 22, 5, 0, 2047),            // ori s6, t0, 2047
        (0x8000f413, Op::Andi, 8, 1, 0, -2048),           // andi s0, ra, -2048
        (0x7ff3001b, Op::Addiw, 0, 6, 0, 2047),           // addiw zero, t1, 2047
        // Shifts: shamt in imm, 6 bits on RV64, 5 bits for the W forms.
        (0x03fd1e93, Op::Slli, 29, 26, 0, 63),            // slli t4, s10, 0x3f
        (0x03fa5193, Op::Srli, 3, 20, 0, 63),             // srli gp, s4, 0x3f
        (0x43fa5e13, Op::Srai, 28, 20, 0, 63),            // srai t3, s4, 0x3f
        (0x41fe5313, Op::Srai, 6, 28, 0, 31),             // srai t1, t3, 0x1f
        (0x01f41e1b, Op::Slliw, 28, 8, 0, 31),            // slliw t3, s0, 0x1f
        (0x01f25d9b, Op::Srliw, 27, 4, 0, 31),            // srliw s11, tp, 0x1f
        (0x41fed41b, Op::Sraiw, 8, 29, 0, 31),            // sraiw s0, t4, 0x1f
        // S-type.
        (0x7ecb0fa3, Op::Sb, 0, 22, 12, 2047),            // sb a2, 2047(s6)
        (0x80591023, Op::Sh, 0, 18, 5, -2048),            // sh t0, -2048(s2)
        (0xfe113c23, Op::Sd, 0, 2, 1, -8),                // sd ra, -8(sp)
        // B-type.
        (0x7f248fe3, Op::Beq, 0, 9, 18, 4094),            // beq s1, s2, .+4094
        (0x80248063, Op::Beq, 0, 9, 2, -4096),            // beq s1, sp, .-4096
        (0xfe8d98e3, Op::Bne, 0, 27, 8, -16),             // bne s11, s0, .-16
        (0xfe6bc0e3, Op::Blt, 0, 23, 6, -32),             // blt s7, t1, .-32
        (0x304ed663, Op::Bge, 0, 29, 4, 780),             // bge t4, tp, .+780
        (0x2ed7ee63, Op::Bltu, 0, 15, 13, 764),           // bltu a5, a3, .+764
        (0x7e467fe3, Op::Bgeu, 0, 12, 4, 4094),           // bgeu a2, tp, .+4094
        // R-type, M.
        (0x40d18bb3, Op::Sub, 23, 3, 13, 0),              // sub s7, gp, a3
        (0x41fb0abb, Op::Subw, 21, 22, 31, 0),            // subw s5, s6, t6
        (0x4126d1bb, Op::Sraw, 3, 13, 18, 0),             // sraw gp, a3, s2
        (0x02b50533, Op::Mul, 10, 10, 11, 0),             // mul a0, a0, a1
        (0x02b52533, Op::Mulhsu, 10, 10, 11, 0),          // mulhsu a0, a0, a1
        (0x02b5753b, Op::Remuw, 10, 10, 11, 0),           // remuw a0, a0, a1
        // A.
        (0x06b6252f, Op::AmoaddW, 10, 12, 11, 0),         // amoadd.w.aqrl a0, a1, (a2)
        (0x1405b52f, Op::LrD, 10, 11, 0, 0),              // lr.d.aq a0, (a1)
        (0x18c5a52f, Op::ScW, 10, 11, 12, 0),             // sc.w a0, a2, (a1)
        (0xe0c5b52f, Op::AmomaxuD, 10, 11, 12, 0),        // amomaxu.d a0, a2, (a1)
        // Zicsr: the CSR number is unsigned; the *i forms keep uimm in rs1.
        (0x300312f3, Op::Csrrw, 5, 6, 0, 0x300),          // csrrw t0, mstatus, t1
        (0xc00022f3, Op::Csrrs, 5, 0, 0, 0xc00),          // csrrs t0, cycle, zero
        (0xf1403573, Op::Csrrc, 10, 0, 0, 0xf14),         // csrrc a0, mhartid, zero
        (0x30075373, Op::Csrrwi, 6, 14, 0, 0x300),        // csrrwi t1, mstatus, 14
        (0x7c0fe073, Op::Csrrsi, 0, 31, 0, 0x7c0),        // csrrsi zero, 0x7c0, 31
        (0xfff0f073, Op::Csrrci, 0, 1, 0, 0xfff),         // csrrci zero, 0xfff, 1
        // Fences and privileged.
        (0x0ff0000f, Op::Fence, 0, 0, 0, 0x0ff),          // fence iorw, iorw
        (0x8330000f, Op::Fence, 0, 0, 0, 0x833),          // fence.tso
        (0x0000100f, Op::FenceI, 0, 0, 0, 0),             // fence.i
        (0x00000073, Op::Ecall, 0, 0, 0, 0),
        (0x00100073, Op::Ebreak, 0, 0, 0, 0),
        (0x30200073, Op::Mret, 0, 0, 0, 0),
        (0x10200073, Op::Sret, 0, 0, 0, 0),
        (0x10500073, Op::Wfi, 0, 0, 0, 0),
        (0x12b50073, Op::SfenceVma, 0, 10, 11, 0),        // sfence.vma a0, a1
        (0x12000073, Op::SfenceVma, 0, 0, 0, 0),          // sfence.vma
        (0x16b50073, Op::SinvalVma, 0, 10, 11, 0),        // sinval.vma a0, a1
        (0x16000073, Op::SinvalVma, 0, 0, 0, 0),          // sinval.vma
        (0x18000073, Op::SfenceWInval, 0, 0, 0, 0),       // sfence.w.inval
        (0x18100073, Op::SfenceInvalIr, 0, 0, 0, 0),      // sfence.inval.ir
    ];

    #[test]
    fn decodes_every_format_into_its_fields() {
        for &(raw, op, rd, rs1, rs2, imm) in FIELDS {
            assert_eq!(decode(raw), make(op, rd, rs1, rs2, imm, raw), "{raw:#010x}");
        }
    }

    /// Reserved or unsupported 32-bit encodings.
    const ILLEGAL: &[(u32, &str)] = &[
        (0xffff_ffff, "all ones"),
        (0x0000_0007, "LOAD-FP funct3=0 (no V)"),
        (0x0000_0027, "STORE-FP funct3=0 (no V)"),
        (0x0600_0043, "FMADD.Q (no Q)"),
        (0x0000_5053, "OP-FP rm=5"),
        (0x0000_0057, "OP-V (no V)"),
        (0x0000_000b, "custom-0"),
        (0x0000_106b, "reserved opcode 1101011"),
        (0x0000_1067, "JALR funct3=1"),
        (0x0000_2063, "branch funct3=2"),
        (0x0000_3063, "branch funct3=3"),
        (0x0000_7003, "load funct3=7"),
        (0x0000_4023, "store funct3=4"),
        (0x0400_1013, "SLLI funct6=000001"),
        (0x4000_1013, "SLLI funct6=010000"),
        (0x8000_5013, "SRLI funct6=100000"),
        (0x0200_101b, "SLLIW shamt[5]=1"),
        (0x0200_501b, "SRLIW shamt[5]=1"),
        (0x4200_501b, "SRAIW shamt[5]=1"),
        (0x4000_101b, "SLLIW funct7=0100000"),
        (0x0000_201b, "OP-IMM-32 funct3=2"),
        (0x4000_1033, "SLL funct7=0100000"),
        (0x0400_0033, "OP funct7=0000010"),
        (0x0200_103b, "MULW funct3=1 (no such)"),
        (0x0000_203b, "OP-32 funct3=2"),
        (0x4000_103b, "OP-32 funct7=0100000 funct3=1"),
        (0x0030_200f, "MISC-MEM funct3=2 funct12=3 (no such CBO)"),
        (0x0040_208f, "CBO.ZERO with rd=1"),
        (0x0000_300f, "MISC-MEM funct3=3"),
        (0x0000_102f, "AMO funct3=1"),
        (0x0000_402f, "AMO funct3=4 (AMO.Q)"),
        (0x1010_252f, "LR.W with rs2=1"),
        (0x2800_40af, "AMOCAS.Q with odd rd"),
        (0x2810_402f, "AMOCAS.Q with odd rs2"),
        (0x2800_502f, "AMO funct5=00101 funct3=5"),
        (0x81c0_0073, "MOP.R pattern with funct3=0"),
        (0x00e0_0073, "WRS funct12=0x00e"),
        (0x6035_1513, "OP-IMM funct12=0x603"),
        (0x0c00_0033, "OP funct7=0000110"),
        (0x2a00_5013, "BSETI in funct3=5"),
        (0x0000_4073, "SYSTEM funct3=4"),
        (0x0000_00f3, "ECALL with rd=1"),
        (0x0008_0073, "ECALL with rs1=16"),
        (0x0020_0073, "URET (removed)"),
        (0x3020_8073, "MRET with rs1=1"),
        (0x7b20_0073, "DRET (no debug mode)"),
        (0x1200_00f3, "SFENCE.VMA with rd=1"),
        (0x2200_00f3, "HFENCE.VVMA with rd=1"),
        (0x1600_00f3, "SINVAL.VMA with rd=1"),
        (0x1820_0073, "SFENCE.W.INVAL-like with rs2=2"),
        (0x1800_8073, "SFENCE.W.INVAL-like with rs1=1"),
    ];

    #[test]
    fn reserved_32_bit_encodings_are_illegal() {
        for &(raw, what) in ILLEGAL {
            assert_eq!(decode(raw), Instr::illegal(raw, 4), "{raw:#010x} ({what})");
        }
    }

    #[test]
    fn parcels_go_to_the_compressed_decoder_and_ignore_the_upper_half() {
        // c.addi a0, 1 with garbage in the upper half.
        let i = decode(0xdead_0505);
        assert_eq!(
            (i.op, i.rd, i.rs1, i.imm, i.len, i.raw),
            (Op::Addi, 10, 10, 1, 2, 0x0505)
        );
        assert_eq!(decode(0xffff_0000), Instr::illegal(0, 2));
    }
}
