//! Encodings the shared table of `rvmmu-diff` (`tests/diff/src/isa.rs`)
//! does not hold: F/D (Unprivileged 20191213, chapters 11 and 12, Table
//! 24.2), the compressed instructions (chapter 16, Tables 16.5 to 16.7) and
//! the immediate CSR forms (chapter 9).

/// Major opcodes of F/D (Table 24.1).
const LOAD_FP: u32 = 0x07;
const STORE_FP: u32 = 0x27;
const OP_FP: u32 = 0x53;
const SYSTEM: u32 = 0x73;

/// An OP-FP instruction: funct5, fmt (0 S, 1 D), rm (or the funct3 that
/// selects the operation), registers. funct5 sits where the fused
/// operations keep rs3 (Figure 24.2).
pub fn op_fp(funct5: u32, fmt: u32, rm: u32, rd: u8, rs1: u8, rs2: u8) -> u32 {
    fused(OP_FP, fmt, rm, rd, rs1, rs2, funct5 as u8)
}

/// FMADD/FMSUB/FNMSUB/FNMADD (`opcode` 0x43, 0x47, 0x4b, 0x4f).
pub fn fused(opcode: u32, fmt: u32, rm: u32, rd: u8, rs1: u8, rs2: u8, rs3: u8) -> u32 {
    u32::from(rs3 & 31) << 27
        | fmt << 25
        | u32::from(rs2 & 31) << 20
        | u32::from(rs1 & 31) << 15
        | (rm & 7) << 12
        | u32::from(rd & 31) << 7
        | opcode
}

/// FLW (`width` 2) or FLD (3): `rd`, `imm(rs1)`.
pub fn fp_load(width: u32, rd: u8, rs1: u8, imm: i64) -> u32 {
    (imm as u32 & 0xfff) << 20
        | u32::from(rs1 & 31) << 15
        | width << 12
        | u32::from(rd & 31) << 7
        | LOAD_FP
}

/// FSW (`width` 2) or FSD (3): `rs2` to `imm(rs1)`.
pub fn fp_store(width: u32, rs2: u8, rs1: u8, imm: i64) -> u32 {
    let imm = imm as u32;
    (imm >> 5 & 0x7f) << 25
        | u32::from(rs2 & 31) << 20
        | u32::from(rs1 & 31) << 15
        | width << 12
        | (imm & 31) << 7
        | STORE_FP
}

/// CSRRWI/CSRRSI/CSRRCI (`funct3` 5, 6, 7) with a 5-bit immediate.
pub fn csr_imm(funct3: u32, rd: u8, csr: u16, uimm: u32) -> u32 {
    u32::from(csr) << 20 | (uimm & 31) << 15 | funct3 << 12 | u32::from(rd & 31) << 7 | SYSTEM
}

/// Compressed instructions (16 bits, in the low half).
pub mod c {
    /// x8..x15 as a 3-bit register field.
    fn r3(r: u8) -> u16 {
        u16::from(r.wrapping_sub(8) & 7)
    }
    fn r5(r: u8) -> u16 {
        u16::from(r & 31)
    }
    /// CI format: funct3, imm[5] at bit 12, rd, imm[4:0], quadrant.
    fn ci(funct3: u16, rd: u8, imm: i64, quadrant: u16) -> u16 {
        let imm = imm as u16;
        funct3 << 13 | (imm >> 5 & 1) << 12 | r5(rd) << 7 | (imm & 31) << 2 | quadrant
    }
    pub fn addi(rd: u8, imm: i64) -> u16 {
        ci(0, rd, imm, 1)
    }
    pub fn addiw(rd: u8, imm: i64) -> u16 {
        ci(1, rd, imm, 1)
    }
    pub fn li(rd: u8, imm: i64) -> u16 {
        ci(2, rd, imm, 1)
    }
    /// C.LUI rd, nzimm[17:12] (rd not 0 or 2, nzimm not 0).
    pub fn lui(rd: u8, imm6: i64) -> u16 {
        ci(3, rd, imm6, 1)
    }
    pub fn slli(rd: u8, shamt: u32) -> u16 {
        ci(0, rd, i64::from(shamt), 2)
    }
    /// C.SRLI (`funct2` 0), C.SRAI (1), C.ANDI (2) on rd' (x8..x15).
    pub fn shift_andi(funct2: u16, rd: u8, imm: i64) -> u16 {
        let imm = imm as u16;
        4 << 13 | (imm >> 5 & 1) << 12 | funct2 << 10 | r3(rd) << 7 | (imm & 31) << 2 | 1
    }
    /// C.SUB, C.XOR, C.OR, C.AND (`word` false, `op` 0..3), C.SUBW, C.ADDW
    /// (`word` true, `op` 0..1) on x8..x15.
    pub fn arith(word: bool, op: u16, rd: u8, rs2: u8) -> u16 {
        4 << 13 | u16::from(word) << 12 | 3 << 10 | r3(rd) << 7 | (op & 3) << 5 | r3(rs2) << 2 | 1
    }
    /// C.MV (`add` false) or C.ADD (`add` true); rs2 not 0.
    pub fn mv_add(add: bool, rd: u8, rs2: u8) -> u16 {
        4 << 13 | u16::from(add) << 12 | r5(rd) << 7 | r5(rs2) << 2 | 2
    }
    /// C.LW/C.SW (`double` false, offset a multiple of 4 below 128) or
    /// C.LD/C.SD (`double` true, a multiple of 8 below 256): `funct3` 2/3
    /// (loads) or 6/7 (stores); `r` is rd' or rs2'.
    pub fn mem(store: bool, double: bool, r: u8, rs1: u8, offset: u32) -> u16 {
        let o = offset as u16;
        let funct3: u16 = u16::from(double) + if store { 6 } else { 2 };
        let low = if double {
            o >> 6 & 3
        } else {
            (o >> 2 & 1) << 1 | (o >> 6 & 1)
        };
        funct3 << 13 | (o >> 3 & 7) << 10 | r3(rs1) << 7 | low << 5 | r3(r) << 2
    }
    /// C.LWSP (`double` false) / C.LDSP (true): rd not 0.
    pub fn load_sp(double: bool, rd: u8, offset: u32) -> u16 {
        let o = offset as u16;
        let low = if double {
            (o >> 3 & 3) << 3 | (o >> 6 & 7)
        } else {
            (o >> 2 & 7) << 2 | (o >> 6 & 3)
        };
        (2 + u16::from(double)) << 13 | (o >> 5 & 1) << 12 | r5(rd) << 7 | low << 2 | 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emulator::isa::disasm::disasm_at;
    use emulator::isa::{decode, Op};

    fn text(raw: u32) -> String {
        disasm_at(&decode(raw), 0)
    }

    /// The decoder reads back what these functions encode.
    #[test]
    fn encodings_decode_as_intended() {
        let cases: &[(u32, &str)] = &[
            (op_fp(0, 1, 7, 1, 2, 3), "fadd.d"),
            (op_fp(0x1c, 0, 1, 5, 2, 0), "fclass.s"),
            (op_fp(0x18, 1, 1, 5, 2, 2), "fcvt.l.d"),
            (fused(0x43, 0, 0, 1, 2, 3, 4), "fmadd.s"),
            (fp_load(3, 1, 18, -8), "fld"),
            (fp_store(2, 1, 18, 12), "fsw"),
            (csr_imm(5, 1, 0x140, 3), "csrrwi"),
            (u32::from(c::addi(5, -3)), "addi"),
            (u32::from(c::lui(5, 3)), "lui"),
            (u32::from(c::shift_andi(1, 9, 3)), "srai"),
            (u32::from(c::arith(true, 1, 9, 10)), "addw"),
            (u32::from(c::mv_add(true, 5, 6)), "add"),
            (u32::from(c::mem(false, true, 9, 10, 248)), "ld"),
            (u32::from(c::mem(true, false, 9, 10, 124)), "sw"),
            (u32::from(c::load_sp(false, 5, 252)), "lw"),
        ];
        for &(raw, name) in cases {
            let t = text(raw);
            assert!(t.starts_with(name), "{raw:#x}: {t}, expected {name}");
            assert_ne!(decode(raw).op, Op::Illegal);
        }
        assert_eq!(decode(u32::from(c::mem(false, true, 9, 10, 248))).imm, 248);
        assert_eq!(decode(u32::from(c::mem(true, false, 9, 10, 68))).imm, 68);
        assert_eq!(decode(u32::from(c::load_sp(true, 5, 0x1f8))).imm, 0x1f8);
        assert_eq!(decode(u32::from(c::load_sp(false, 5, 0xfc))).imm, 0xfc);
        assert_eq!(decode(fp_store(3, 1, 18, -2047)).imm, -2047);
    }
}
