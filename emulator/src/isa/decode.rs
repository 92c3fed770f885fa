//! The decoder for 32-bit and 16-bit encodings.
//!
//! 32-bit encodings follow the opcode map of Unprivileged 20191213, chapter
//! 24 (Tables 24.1 and 24.2, the RV32/64 instruction listings); the
//! privileged encodings follow Privileged 20211203, chapter 9 (Table 9.1).
//! Compressed parcels are expanded by [`super::compressed`].
//!
//! Field conventions of the produced [`Instr`] (see `isa/mod.rs`): fields an
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

use super::{Instr, Op};

// Major opcodes (Unprivileged 20191213, Table 24.1).
const LOAD: u32 = 0b00_000_11;
const MISC_MEM: u32 = 0b00_011_11;
const OP_IMM: u32 = 0b00_100_11;
const AUIPC: u32 = 0b00_101_11;
const OP_IMM_32: u32 = 0b00_110_11;
const STORE: u32 = 0b01_000_11;
const AMO: u32 = 0b01_011_11;
const OP: u32 = 0b01_100_11;
const LUI: u32 = 0b01_101_11;
const OP_32: u32 = 0b01_110_11;
const BRANCH: u32 = 0b11_000_11;
const JALR: u32 = 0b11_001_11;
const JAL: u32 = 0b11_011_11;
const SYSTEM: u32 = 0b11_100_11;

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
fn rd(raw: u32) -> u8 {
    ((raw >> 7) & 31) as u8
}
#[inline]
fn rs1(raw: u32) -> u8 {
    ((raw >> 15) & 31) as u8
}
#[inline]
fn rs2(raw: u32) -> u8 {
    ((raw >> 20) & 31) as u8
}
#[inline]
fn funct3(raw: u32) -> u32 {
    (raw >> 12) & 7
}
#[inline]
fn funct7(raw: u32) -> u32 {
    raw >> 25
}

/// I-type immediate: inst[31:20], sign-extended.
#[inline]
fn imm_i(raw: u32) -> i32 {
    (raw as i32) >> 20
}
/// S-type immediate: inst[31:25] | inst[11:7], sign-extended.
#[inline]
fn imm_s(raw: u32) -> i32 {
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

const fn make(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i32, raw: u32) -> Instr {
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
        _ => return illegal(raw),
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
        _ => illegal(raw),
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
        _ => return illegal(raw),
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
        _ => return illegal(raw),
    };
    r_type(op, raw)
}

/// MISC-MEM: FENCE (section 2.7) and FENCE.I (chapter 3). Their unused
/// fields are ignored for forward compatibility, as both sections require.
fn decode_misc_mem(raw: u32) -> Instr {
    match funct3(raw) {
        0 => make(Op::Fence, 0, 0, 0, (raw >> 20) as i32, raw),
        1 => make(Op::FenceI, 0, 0, 0, 0, raw),
        _ => illegal(raw),
    }
}

/// AMO: the A extension (chapter 8, Table 24.2 RV32A/RV64A).
fn decode_amo(raw: u32) -> Instr {
    let word = match funct3(raw) {
        2 => true,
        3 => false,
        _ => return illegal(raw),
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
        _ => return illegal(raw),
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
                _ if raw & SFENCE_VMA_MASK == SFENCE_VMA => {
                    return make(Op::SfenceVma, 0, rs1(raw), rs2(raw), 0, raw)
                }
                _ => return illegal(raw),
            };
            return make(op, 0, 0, 0, 0, raw);
        }
        1 => Op::Csrrw,
        2 => Op::Csrrs,
        3 => Op::Csrrc,
        5 => Op::Csrrwi,
        6 => Op::Csrrsi,
        7 => Op::Csrrci,
        _ => return illegal(raw),
    };
    make(op, rd(raw), rs1(raw), 0, csr, raw)
}
