//! Disassembly of the F, D and Zfh instructions, in the style of GNU
//! objdump (`-M no-aliases`): FP registers by ABI name, and the rounding
//! mode as a last operand unless it is dynamic. FCVT.D.S, FCVT.D.W,
//! FCVT.D.WU, FCVT.S.H and FCVT.D.H are exact, and objdump prints them
//! without `rne` (the mode gas encodes).

use super::disasm::reg_name;
use super::{Instr, Op};
use std::fmt;

/// ABI names of f0..f31 (RISC-V psABI, "Floating-point register
/// convention").
const FP_ABI_NAMES: [&str; 32] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];

/// The ABI name of FP register `r`.
pub fn fp_reg_name(r: u8) -> &'static str {
    FP_ABI_NAMES.get(usize::from(r)).copied().unwrap_or("?")
}

/// Whether `op` writes its result to the f register `rd` (rather than to
/// an x register or nowhere).
pub fn writes_fp_reg(op: Op) -> bool {
    !matches!(
        op,
        Op::Fsw
            | Op::Fsd
            | Op::FcvtWS
            | Op::FcvtWuS
            | Op::FcvtLS
            | Op::FcvtLuS
            | Op::FcvtWD
            | Op::FcvtWuD
            | Op::FcvtLD
            | Op::FcvtLuD
            | Op::FmvXW
            | Op::FmvXD
            | Op::FeqS
            | Op::FltS
            | Op::FleS
            | Op::FeqD
            | Op::FltD
            | Op::FleD
            | Op::FclassS
            | Op::FclassD
            | Op::Fsh
            | Op::FcvtWH
            | Op::FcvtWuH
            | Op::FcvtLH
            | Op::FcvtLuH
            | Op::FmvXH
            | Op::FeqH
            | Op::FltH
            | Op::FleH
            | Op::FclassH
    ) && fp_mnemonic(op).is_some()
}

/// The mnemonic of an F/D/Zfh operation; `None` for any other operation.
pub fn fp_mnemonic(op: Op) -> Option<&'static str> {
    Some(match op {
        Op::Flw => "flw",
        Op::Fsw => "fsw",
        Op::FmaddS => "fmadd.s",
        Op::FmsubS => "fmsub.s",
        Op::FnmsubS => "fnmsub.s",
        Op::FnmaddS => "fnmadd.s",
        Op::FaddS => "fadd.s",
        Op::FsubS => "fsub.s",
        Op::FmulS => "fmul.s",
        Op::FdivS => "fdiv.s",
        Op::FsqrtS => "fsqrt.s",
        Op::FsgnjS => "fsgnj.s",
        Op::FsgnjnS => "fsgnjn.s",
        Op::FsgnjxS => "fsgnjx.s",
        Op::FminS => "fmin.s",
        Op::FmaxS => "fmax.s",
        Op::FcvtWS => "fcvt.w.s",
        Op::FcvtWuS => "fcvt.wu.s",
        Op::FcvtLS => "fcvt.l.s",
        Op::FcvtLuS => "fcvt.lu.s",
        Op::FmvXW => "fmv.x.w",
        Op::FeqS => "feq.s",
        Op::FltS => "flt.s",
        Op::FleS => "fle.s",
        Op::FclassS => "fclass.s",
        Op::FcvtSW => "fcvt.s.w",
        Op::FcvtSWu => "fcvt.s.wu",
        Op::FcvtSL => "fcvt.s.l",
        Op::FcvtSLu => "fcvt.s.lu",
        Op::FmvWX => "fmv.w.x",
        Op::Fld => "fld",
        Op::Fsd => "fsd",
        Op::FmaddD => "fmadd.d",
        Op::FmsubD => "fmsub.d",
        Op::FnmsubD => "fnmsub.d",
        Op::FnmaddD => "fnmadd.d",
        Op::FaddD => "fadd.d",
        Op::FsubD => "fsub.d",
        Op::FmulD => "fmul.d",
        Op::FdivD => "fdiv.d",
        Op::FsqrtD => "fsqrt.d",
        Op::FsgnjD => "fsgnj.d",
        Op::FsgnjnD => "fsgnjn.d",
        Op::FsgnjxD => "fsgnjx.d",
        Op::FminD => "fmin.d",
        Op::FmaxD => "fmax.d",
        Op::FcvtSD => "fcvt.s.d",
        Op::FcvtDS => "fcvt.d.s",
        Op::FeqD => "feq.d",
        Op::FltD => "flt.d",
        Op::FleD => "fle.d",
        Op::FclassD => "fclass.d",
        Op::FcvtWD => "fcvt.w.d",
        Op::FcvtWuD => "fcvt.wu.d",
        Op::FcvtLD => "fcvt.l.d",
        Op::FcvtLuD => "fcvt.lu.d",
        Op::FcvtDW => "fcvt.d.w",
        Op::FcvtDWu => "fcvt.d.wu",
        Op::FcvtDL => "fcvt.d.l",
        Op::FcvtDLu => "fcvt.d.lu",
        Op::FmvXD => "fmv.x.d",
        Op::FmvDX => "fmv.d.x",
        Op::Flh => "flh",
        Op::Fsh => "fsh",
        Op::FmaddH => "fmadd.h",
        Op::FmsubH => "fmsub.h",
        Op::FnmsubH => "fnmsub.h",
        Op::FnmaddH => "fnmadd.h",
        Op::FaddH => "fadd.h",
        Op::FsubH => "fsub.h",
        Op::FmulH => "fmul.h",
        Op::FdivH => "fdiv.h",
        Op::FsqrtH => "fsqrt.h",
        Op::FsgnjH => "fsgnj.h",
        Op::FsgnjnH => "fsgnjn.h",
        Op::FsgnjxH => "fsgnjx.h",
        Op::FminH => "fmin.h",
        Op::FmaxH => "fmax.h",
        Op::FcvtSH => "fcvt.s.h",
        Op::FcvtHS => "fcvt.h.s",
        Op::FcvtDH => "fcvt.d.h",
        Op::FcvtHD => "fcvt.h.d",
        Op::FcvtWH => "fcvt.w.h",
        Op::FcvtWuH => "fcvt.wu.h",
        Op::FcvtLH => "fcvt.l.h",
        Op::FcvtLuH => "fcvt.lu.h",
        Op::FcvtHW => "fcvt.h.w",
        Op::FcvtHWu => "fcvt.h.wu",
        Op::FcvtHL => "fcvt.h.l",
        Op::FcvtHLu => "fcvt.h.lu",
        Op::FmvXH => "fmv.x.h",
        Op::FmvHX => "fmv.h.x",
        Op::FeqH => "feq.h",
        Op::FltH => "flt.h",
        Op::FleH => "fle.h",
        Op::FclassH => "fclass.h",
        _ => return None,
    })
}

/// The `, rm` suffix: empty for dynamic, and for rne on the exact
/// conversions.
struct Rm(Op, i32);

impl fmt::Display for Rm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let exact = matches!(
            self.0,
            Op::FcvtDS | Op::FcvtDW | Op::FcvtDWu | Op::FcvtSH | Op::FcvtDH
        );
        let name = match self.1 & 7 {
            0 if exact => return Ok(()),
            0 => "rne",
            1 => "rtz",
            2 => "rdn",
            3 => "rup",
            4 => "rmm",
            _ => return Ok(()),
        };
        write!(f, ", {name}")
    }
}

/// Writes an F/D instruction; `m` is its mnemonic.
pub(super) fn write_fp(i: &Instr, m: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (frd, frs1, frs2) = (fp_reg_name(i.rd), fp_reg_name(i.rs1), fp_reg_name(i.rs2));
    let (xrd, xrs1) = (reg_name(i.rd), reg_name(i.rs1));
    let imm = i.imm;
    let rm = Rm(i.op, imm);
    match i.op {
        Op::Flw | Op::Fld | Op::Flh => write!(f, "{m} {frd}, {imm}({xrs1})"),
        Op::Fsw | Op::Fsd | Op::Fsh => write!(f, "{m} {frs2}, {imm}({xrs1})"),
        Op::FmaddS
        | Op::FmsubS
        | Op::FnmsubS
        | Op::FnmaddS
        | Op::FmaddD
        | Op::FmsubD
        | Op::FnmsubD
        | Op::FnmaddD
        | Op::FmaddH
        | Op::FmsubH
        | Op::FnmsubH
        | Op::FnmaddH => {
            let frs3 = fp_reg_name(((imm >> 3) & 31) as u8);
            write!(f, "{m} {frd}, {frs1}, {frs2}, {frs3}{rm}")
        }
        Op::FaddS
        | Op::FsubS
        | Op::FmulS
        | Op::FdivS
        | Op::FaddD
        | Op::FsubD
        | Op::FmulD
        | Op::FdivD
        | Op::FaddH
        | Op::FsubH
        | Op::FmulH
        | Op::FdivH => write!(f, "{m} {frd}, {frs1}, {frs2}{rm}"),
        Op::FsqrtS
        | Op::FsqrtD
        | Op::FcvtSD
        | Op::FcvtDS
        | Op::FsqrtH
        | Op::FcvtSH
        | Op::FcvtHS
        | Op::FcvtDH
        | Op::FcvtHD => write!(f, "{m} {frd}, {frs1}{rm}"),
        Op::FcvtWS
        | Op::FcvtWuS
        | Op::FcvtLS
        | Op::FcvtLuS
        | Op::FcvtWD
        | Op::FcvtWuD
        | Op::FcvtLD
        | Op::FcvtLuD
        | Op::FcvtWH
        | Op::FcvtWuH
        | Op::FcvtLH
        | Op::FcvtLuH => write!(f, "{m} {xrd}, {frs1}{rm}"),
        Op::FcvtSW
        | Op::FcvtSWu
        | Op::FcvtSL
        | Op::FcvtSLu
        | Op::FcvtDW
        | Op::FcvtDWu
        | Op::FcvtDL
        | Op::FcvtDLu
        | Op::FcvtHW
        | Op::FcvtHWu
        | Op::FcvtHL
        | Op::FcvtHLu => write!(f, "{m} {frd}, {xrs1}{rm}"),
        Op::FeqS
        | Op::FltS
        | Op::FleS
        | Op::FeqD
        | Op::FltD
        | Op::FleD
        | Op::FeqH
        | Op::FltH
        | Op::FleH => write!(f, "{m} {xrd}, {frs1}, {frs2}"),
        Op::FmvXW | Op::FmvXD | Op::FclassS | Op::FclassD | Op::FmvXH | Op::FclassH => {
            write!(f, "{m} {xrd}, {frs1}")
        }
        Op::FmvWX | Op::FmvDX | Op::FmvHX => write!(f, "{m} {frd}, {xrs1}"),
        // Sign injection, min/max.
        _ => write!(f, "{m} {frd}, {frs1}, {frs2}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::decode;

    /// (bits, text) from GNU objdump 2.40 (`-d -M no-aliases`, rv64gc and
    /// rv64gc_zfh), with ", " between operands.
    const OBJDUMP_FP: &[(u32, &str)] = &[
        (0x0085a507, "flw fa0, 8(a1)"),
        (0x8005b007, "fld ft0, -2048(a1)"),
        (0x00a5a427, "fsw fa0, 8(a1)"),
        (0x7ea5bfa7, "fsd fa0, 2047(a1)"),
        (0x60c5f543, "fmadd.s fa0, fa1, fa2, fa2"),
        (0x6ac58547, "fmsub.d fa0, fa1, fa2, fa3, rne"),
        (0x68c5954b, "fnmsub.s fa0, fa1, fa2, fa3, rtz"),
        (0xfbfff7cf, "fnmadd.d fa5, ft11, ft11, ft11"),
        (0x00c5f553, "fadd.s fa0, fa1, fa2"),
        (0x02c5c553, "fadd.d fa0, fa1, fa2, rmm"),
        (0x0ac5b553, "fsub.d fa0, fa1, fa2, rup"),
        (0x12c5a553, "fmul.d fa0, fa1, fa2, rdn"),
        (0x18c5f553, "fdiv.s fa0, fa1, fa2"),
        (0x5a05f553, "fsqrt.d fa0, fa1"),
        (0x5805c553, "fsqrt.s fa0, fa1, rmm"),
        (0x20c58553, "fsgnj.s fa0, fa1, fa2"),
        (0x22c59553, "fsgnjn.d fa0, fa1, fa2"),
        (0x20c5a553, "fsgnjx.s fa0, fa1, fa2"),
        (0x2ac59553, "fmax.d fa0, fa1, fa2"),
        (0x28c58553, "fmin.s fa0, fa1, fa2"),
        (0x4015f553, "fcvt.s.d fa0, fa1"),
        (0x42058553, "fcvt.d.s fa0, fa1"),
        (0xa2b62553, "feq.d a0, fa2, fa1"),
        (0xa0b61553, "flt.s a0, fa2, fa1"),
        (0xa2b60553, "fle.d a0, fa2, fa1"),
        (0xc0059553, "fcvt.w.s a0, fa1, rtz"),
        (0xc2159553, "fcvt.wu.d a0, fa1, rtz"),
        (0xc025f553, "fcvt.l.s a0, fa1"),
        (0xc235f553, "fcvt.lu.d a0, fa1"),
        (0xd005f553, "fcvt.s.w fa0, a1"),
        (0xd0058553, "fcvt.s.w fa0, a1, rne"),
        (0xd2158553, "fcvt.d.wu fa0, a1"),
        (0xd2058553, "fcvt.d.w fa0, a1"),
        (0xd225f553, "fcvt.d.l fa0, a1"),
        (0xd035f553, "fcvt.s.lu fa0, a1"),
        (0xe0058553, "fmv.x.w a0, fa1"),
        (0xe2058553, "fmv.x.d a0, fa1"),
        (0xe0059553, "fclass.s a0, fa1"),
        (0xe2059553, "fclass.d a0, fa1"),
        (0xf0058553, "fmv.w.x fa0, a1"),
        (0xf2058553, "fmv.d.x fa0, a1"),
        (0x00859507, "flh fa0, 8(a1)"),
        (0x80059007, "flh ft0, -2048(a1)"),
        (0x7ea59fa7, "fsh fa0, 2047(a1)"),
        (0x6cc5f543, "fmadd.h fa0, fa1, fa2, fa3"),
        (0x6cc58547, "fmsub.h fa0, fa1, fa2, fa3, rne"),
        (0x6cc5954b, "fnmsub.h fa0, fa1, fa2, fa3, rtz"),
        (0xfdfff7cf, "fnmadd.h fa5, ft11, ft11, ft11"),
        (0x04c5f553, "fadd.h fa0, fa1, fa2"),
        (0x0cc5b553, "fsub.h fa0, fa1, fa2, rup"),
        (0x14c5a553, "fmul.h fa0, fa1, fa2, rdn"),
        (0x1cc5c553, "fdiv.h fa0, fa1, fa2, rmm"),
        (0x5c05f553, "fsqrt.h fa0, fa1"),
        (0x24c58553, "fsgnj.h fa0, fa1, fa2"),
        (0x24c59553, "fsgnjn.h fa0, fa1, fa2"),
        (0x24c5a553, "fsgnjx.h fa0, fa1, fa2"),
        (0x2cc58553, "fmin.h fa0, fa1, fa2"),
        (0x2cc59553, "fmax.h fa0, fa1, fa2"),
        (0x40258553, "fcvt.s.h fa0, fa1"),
        (0x4405f553, "fcvt.h.s fa0, fa1"),
        (0x44059553, "fcvt.h.s fa0, fa1, rtz"),
        (0x42258553, "fcvt.d.h fa0, fa1"),
        (0x4415f553, "fcvt.h.d fa0, fa1"),
        (0x44158553, "fcvt.h.d fa0, fa1, rne"),
        (0xc405f553, "fcvt.w.h a0, fa1"),
        (0xc4159553, "fcvt.wu.h a0, fa1, rtz"),
        (0xc425f553, "fcvt.l.h a0, fa1"),
        (0xc435a553, "fcvt.lu.h a0, fa1, rdn"),
        (0xd405f553, "fcvt.h.w fa0, a1"),
        (0xd4158553, "fcvt.h.wu fa0, a1, rne"),
        (0xd425f553, "fcvt.h.l fa0, a1"),
        (0xd435b553, "fcvt.h.lu fa0, a1, rup"),
        (0xe4058553, "fmv.x.h a0, fa1"),
        (0xf4058553, "fmv.h.x fa0, a1"),
        (0xa4c5a553, "feq.h a0, fa1, fa2"),
        (0xa4c59553, "flt.h a0, fa1, fa2"),
        (0xa4c58553, "fle.h a0, fa1, fa2"),
        (0xe4059553, "fclass.h a0, fa1"),
        // Compressed forms print as their expansion.
        (0x3ffc, "fld fa5, 248(a5)"),
        (0xbffc, "fsd fa5, 248(a5)"),
        (0x3ffe, "fld ft11, 504(sp)"),
        (0xa002, "fsd ft0, 0(sp)"),
    ];

    #[test]
    fn only_fp_results_are_reported_as_f_registers() {
        use super::writes_fp_reg;
        use crate::Op;
        for (op, f) in [
            (Op::Flw, true),
            (Op::FaddD, true),
            (Op::FmvWX, true),
            (Op::FcvtDL, true),
            (Op::FcvtSD, true),
            (Op::Fsd, false),
            (Op::FeqS, false),
            (Op::FcvtLuD, false),
            (Op::FmvXD, false),
            (Op::FclassS, false),
            (Op::Flh, true),
            (Op::FcvtHL, true),
            (Op::FcvtSH, true),
            (Op::FcvtHD, true),
            (Op::FmvHX, true),
            (Op::Fsh, false),
            (Op::FmvXH, false),
            (Op::FcvtWuH, false),
            (Op::FleH, false),
            (Op::FclassH, false),
            (Op::Add, false),
            (Op::Ld, false),
        ] {
            assert_eq!(writes_fp_reg(op), f, "{op:?}");
        }
    }

    #[test]
    fn fp_instructions_match_objdump() {
        for &(raw, text) in OBJDUMP_FP {
            assert_eq!(decode(raw).to_string(), text, "{raw:#010x}");
        }
    }
}
