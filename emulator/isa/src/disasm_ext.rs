//! Disassembly of the extensions beyond RV64GC (see `decode_ext.rs`), in
//! the syntax of GNU objdump 2.40 (`-M no-aliases`) where it knows the
//! instruction, otherwise in the syntax of the extension's specification
//! (Zicond, Zimop, Zcmop, Zacas, Zihintntl: the names binutils 2.41 and
//! later print). Also the named HINTs: prefetch.i/r/w (Zicbop, ORI with
//! rd = 0), pause (Zihintpause, a FENCE) and ntl.* (Zihintntl, ADD with
//! rd = rs1 = 0).

use super::disasm::{aqrl, reg_name};
use super::{Instr, Op};
use std::fmt;

/// The mnemonic of an extension operation (MOPs without their number).
pub(super) fn mnemonic(op: Op) -> &'static str {
    match op {
        Op::AddUw => "add.uw",
        Op::Sh1add => "sh1add",
        Op::Sh2add => "sh2add",
        Op::Sh3add => "sh3add",
        Op::Sh1addUw => "sh1add.uw",
        Op::Sh2addUw => "sh2add.uw",
        Op::Sh3addUw => "sh3add.uw",
        Op::SlliUw => "slli.uw",
        Op::Andn => "andn",
        Op::Orn => "orn",
        Op::Xnor => "xnor",
        Op::Clz => "clz",
        Op::Clzw => "clzw",
        Op::Ctz => "ctz",
        Op::Ctzw => "ctzw",
        Op::Cpop => "cpop",
        Op::Cpopw => "cpopw",
        Op::Max => "max",
        Op::Maxu => "maxu",
        Op::Min => "min",
        Op::Minu => "minu",
        Op::SextB => "sext.b",
        Op::SextH => "sext.h",
        Op::ZextH => "zext.h",
        Op::Rol => "rol",
        Op::Rolw => "rolw",
        Op::Ror => "ror",
        Op::Rori => "rori",
        Op::Roriw => "roriw",
        Op::Rorw => "rorw",
        Op::OrcB => "orc.b",
        Op::Rev8 => "rev8",
        Op::Clmul => "clmul",
        Op::Clmulh => "clmulh",
        Op::Clmulr => "clmulr",
        Op::Bclr => "bclr",
        Op::Bclri => "bclri",
        Op::Bext => "bext",
        Op::Bexti => "bexti",
        Op::Binv => "binv",
        Op::Binvi => "binvi",
        Op::Bset => "bset",
        Op::Bseti => "bseti",
        Op::Pack => "pack",
        Op::Packh => "packh",
        Op::Packw => "packw",
        Op::Brev8 => "brev8",
        Op::Xperm4 => "xperm4",
        Op::Xperm8 => "xperm8",
        Op::CzeroEqz => "czero.eqz",
        Op::CzeroNez => "czero.nez",
        Op::MopR => "mop.r",
        Op::MopRr => "mop.rr",
        Op::CMop => "c.mop",
        Op::WrsNto => "wrs.nto",
        Op::WrsSto => "wrs.sto",
        Op::AmocasW => "amocas.w",
        Op::AmocasD => "amocas.d",
        Op::AmocasQ => "amocas.q",
        Op::CboClean => "cbo.clean",
        Op::CboFlush => "cbo.flush",
        Op::CboInval => "cbo.inval",
        Op::CboZero => "cbo.zero",
        _ => "?",
    }
}

/// Writes an extension instruction whose mnemonic is `m`.
pub(super) fn write_ext(i: &Instr, m: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (rd, rs1, rs2) = (reg_name(i.rd), reg_name(i.rs1), reg_name(i.rs2));
    match i.op {
        Op::Clz
        | Op::Clzw
        | Op::Ctz
        | Op::Ctzw
        | Op::Cpop
        | Op::Cpopw
        | Op::SextB
        | Op::SextH
        | Op::ZextH
        | Op::OrcB
        | Op::Rev8
        | Op::Brev8 => write!(f, "{m} {rd}, {rs1}"),
        Op::SlliUw | Op::Rori | Op::Roriw | Op::Bclri | Op::Bexti | Op::Binvi | Op::Bseti => {
            write!(f, "{m} {rd}, {rs1}, {:#x}", i.imm)
        }
        Op::MopR => write!(f, "{m}.{} {rd}, {rs1}", i.imm),
        Op::MopRr => write!(f, "{m}.{} {rd}, {rs1}, {rs2}", i.imm),
        Op::CMop => write!(f, "{m}.{}", i.imm),
        Op::WrsNto | Op::WrsSto => f.write_str(m),
        Op::AmocasW | Op::AmocasD | Op::AmocasQ => {
            write!(f, "{m}{} {rd}, {rs2}, ({rs1})", aqrl(i.raw))
        }
        Op::CboClean | Op::CboFlush | Op::CboInval | Op::CboZero => write!(f, "{m} ({rs1})"),
        _ => write!(f, "{m} {rd}, {rs1}, {rs2}"),
    }
}

/// The name of a HINT the assembler has a mnemonic for, if `i` is one.
fn hint_name(i: &Instr) -> Option<&'static str> {
    match i.op {
        // Zicbop: ORI rd = x0 with imm[4:0] = 0 (i), 1 (r), 3 (w).
        Op::Ori if i.rd == 0 && i.len == 4 => match i.imm & 31 {
            0 => Some("prefetch.i"),
            1 => Some("prefetch.r"),
            3 => Some("prefetch.w"),
            _ => None,
        },
        // Zihintpause: FENCE with pred = W, succ = 0, fm = 0, rd = rs1 = 0.
        Op::Fence if i.raw == 0x0100_000f => Some("pause"),
        // Zihintntl: ADD x0, x0, x2..x5; C.ADD x0, x2..x5 (c.ntl.*) print
        // as their expansion, as every compressed instruction.
        Op::Add if i.rd == 0 && i.rs1 == 0 => match i.rs2 {
            2 => Some("ntl.p1"),
            3 => Some("ntl.pall"),
            4 => Some("ntl.s1"),
            5 => Some("ntl.all"),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `i` is a HINT printed by its own name.
pub(super) fn is_named_hint(i: &Instr) -> bool {
    hint_name(i).is_some()
}

/// Writes a named HINT (see [`is_named_hint`]).
pub(super) fn write_hint(i: &Instr, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let name = hint_name(i).unwrap_or("?");
    if i.op == Op::Ori {
        write!(f, "{name} {}({})", i.imm & !31, reg_name(i.rs1))
    } else {
        f.write_str(name)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::disasm::mismatches;

    /// (bits, pc, text) printed by GNU objdump 2.40 (`-d -M no-aliases`,
    /// `-march=rv64gc_zba_zbb_zbc_zbs_zbkb_zbkc_zbkx_zicbom_zicboz_zicbop_
    /// zihintpause_zawrs`) for assembled source, with ", " between operands.
    const OBJDUMP_EXT: &[(u32, u64, &str)] = &[
        (0x08c5853b, 0x0, "add.uw a0, a1, a2"),
        (0x0803043b, 0x4, "add.uw s0, t1, zero"),
        (0x20c5a533, 0x8, "sh1add a0, a1, a2"),
        (0x207342b3, 0xc, "sh2add t0, t1, t2"),
        (0x2149e933, 0x10, "sh3add s2, s3, s4"),
        (0x20c5a53b, 0x14, "sh1add.uw a0, a1, a2"),
        (0x20f746bb, 0x18, "sh2add.uw a3, a4, a5"),
        (0x2128e83b, 0x1c, "sh3add.uw a6, a7, s2"),
        (0x0805951b, 0x20, "slli.uw a0, a1, 0x0"),
        (0x0bf5951b, 0x24, "slli.uw a0, a1, 0x3f"),
        (0x091e9e1b, 0x28, "slli.uw t3, t4, 0x11"),
        (0x40c5f533, 0x2c, "andn a0, a1, a2"),
        (0x40c5e533, 0x30, "orn a0, a1, a2"),
        (0x40c5c533, 0x34, "xnor a0, a1, a2"),
        (0x60059513, 0x38, "clz a0, a1"),
        (0x6003129b, 0x3c, "clzw t0, t1"),
        (0x60159513, 0x40, "ctz a0, a1"),
        (0x6013129b, 0x44, "ctzw t0, t1"),
        (0x60259513, 0x48, "cpop a0, a1"),
        (0x6023129b, 0x4c, "cpopw t0, t1"),
        (0x0ac5e533, 0x50, "max a0, a1, a2"),
        (0x0ac5f533, 0x54, "maxu a0, a1, a2"),
        (0x0ac5c533, 0x58, "min a0, a1, a2"),
        (0x0ac5d533, 0x5c, "minu a0, a1, a2"),
        (0x60459513, 0x60, "sext.b a0, a1"),
        (0x60559513, 0x64, "sext.h a0, a1"),
        (0x0805c53b, 0x68, "zext.h a0, a1"),
        (0x60c59533, 0x6c, "rol a0, a1, a2"),
        (0x60c5953b, 0x70, "rolw a0, a1, a2"),
        (0x60c5d533, 0x74, "ror a0, a1, a2"),
        (0x6005d513, 0x78, "rori a0, a1, 0x0"),
        (0x63f5d513, 0x7c, "rori a0, a1, 0x3f"),
        (0x61f5d51b, 0x80, "roriw a0, a1, 0x1f"),
        (0x6055d51b, 0x84, "roriw a0, a1, 0x5"),
        (0x60c5d53b, 0x88, "rorw a0, a1, a2"),
        (0x2875d513, 0x8c, "orc.b a0, a1"),
        (0x6b85d513, 0x90, "rev8 a0, a1"),
        (0x0ac59533, 0x94, "clmul a0, a1, a2"),
        (0x0ac5b533, 0x98, "clmulh a0, a1, a2"),
        (0x0ac5a533, 0x9c, "clmulr a0, a1, a2"),
        (0x48c59533, 0xa0, "bclr a0, a1, a2"),
        (0x4bf59513, 0xa4, "bclri a0, a1, 0x3f"),
        (0x48c5d533, 0xa8, "bext a0, a1, a2"),
        (0x4855d513, 0xac, "bexti a0, a1, 0x5"),
        (0x68c59533, 0xb0, "binv a0, a1, a2"),
        (0x68059513, 0xb4, "binvi a0, a1, 0x0"),
        (0x28c59533, 0xb8, "bset a0, a1, a2"),
        (0x2a059513, 0xbc, "bseti a0, a1, 0x20"),
        (0x08c5c533, 0xc0, "pack a0, a1, a2"),
        (0x08c5f533, 0xc4, "packh a0, a1, a2"),
        (0x08c5c53b, 0xc8, "packw a0, a1, a2"),
        (0x6875d513, 0xcc, "brev8 a0, a1"),
        (0x28c5a533, 0xd0, "xperm4 a0, a1, a2"),
        (0x28c5c533, 0xd4, "xperm8 a0, a1, a2"),
        (0x0015200f, 0xd8, "cbo.clean (a0)"),
        (0x0023200f, 0xdc, "cbo.flush (t1)"),
        (0x0001200f, 0xe0, "cbo.inval (sp)"),
        (0x004da00f, 0xe4, "cbo.zero (s11)"),
        (0x00056013, 0xe8, "prefetch.i 0(a0)"),
        (0x0215e013, 0xec, "prefetch.r 32(a1)"),
        (0xfc316013, 0xf0, "prefetch.w -64(sp)"),
        (0x0100000f, 0xf4, "pause"),
        (0x00d00073, 0xf8, "wrs.nto"),
        (0x01d00073, 0xfc, "wrs.sto"),
        (0x00556013, 0x112, "ori zero, a0, 5"),
    ];

    /// What objdump 2.40 does not know, in the syntax of the specs (and of
    /// binutils 2.41 and later): Zicond, Zimop, Zcmop, Zacas, Zihintntl,
    /// and the Zcb parcels, which print as their expansion.
    const SPEC_SYNTAX: &[(u32, &str)] = &[
        (0x0ec5_d533, "czero.eqz a0, a1, a2"),
        (0x0ec5_f533, "czero.nez a0, a1, a2"),
        (0xcdff_cff3, "mop.r.31 t6, t6"),
        (0xcec5_c573, "mop.rr.7 a0, a1, a2"),
        (0x6781, "c.mop.15"),
        (0x28c5_a52f, "amocas.w a0, a2, (a1)"),
        (0x2ec5_b52f, "amocas.d.aqrl a0, a2, (a1)"),
        (0x2cc5_c52f, "amocas.q.aq a0, a2, (a1)"),
        (0x0020_0033, "ntl.p1"),
        (0x0030_0033, "ntl.pall"),
        (0x0040_0033, "ntl.s1"),
        (0x0050_0033, "ntl.all"),
        (0x900a, "ntl.p1"), // c.ntl.p1
        (0x0060_0033, "add zero, zero, t1"),
        (0x81e8, "lbu a0, 3(a1)"),       // c.lbu
        (0x9cf1, "add.uw s1, s1, zero"), // c.zext.w
        (0x9cf5, "xori s1, s1, -1"),     // c.not
        (0x9d4d, "mul a0, a0, a1"),      // c.mul
    ];

    #[test]
    fn extensions_match_objdump_and_the_specs() {
        let spec = SPEC_SYNTAX.iter().map(|&(raw, t)| (raw, 0, t));
        let bad = mismatches(OBJDUMP_EXT.iter().copied().chain(spec));
        assert!(
            bad.is_empty(),
            "{} mismatches:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }
}
