//! The disassembler: prints a decoded [`Instr`] in assembler syntax.
//!
//! The text follows GNU objdump with `-M no-aliases` (canonical mnemonics,
//! ABI register names from the psABI, CSR names, shift amounts and LUI/AUIPC
//! immediates in hex), with ", " between operands. Compressed instructions
//! print as the 32-bit instruction they expand to. `Display` prints branch
//! and jump targets relative to the instruction (`pc + 12`); [`disasm_at`]
//! prints them as absolute addresses. Off the hot path.

use super::{Instr, Op};
use std::fmt;

/// ABI names of x0..x31 (RISC-V psABI, Table "Integer register convention").
const ABI_NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];

/// The ABI name of register `r`.
pub fn reg_name(r: u8) -> &'static str {
    ABI_NAMES.get(usize::from(r)).copied().unwrap_or("?")
}

/// A CSR number printed by name when it is a standard CSR (Privileged
/// 20211203, Tables 2.2-2.6), otherwise in hex.
#[derive(Clone, Copy, Debug)]
pub struct CsrName(pub u16);

impl fmt::Display for CsrName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        let name = match n {
            0x001 => "fflags",
            0x002 => "frm",
            0x003 => "fcsr",
            0xc00 => "cycle",
            0xc01 => "time",
            0xc02 => "instret",
            0xc03..=0xc1f => return write!(f, "hpmcounter{}", n - 0xc00),
            0xc80 => "cycleh",
            0xc81 => "timeh",
            0xc82 => "instreth",
            0xc83..=0xc9f => return write!(f, "hpmcounter{}h", n - 0xc80),
            0x100 => "sstatus",
            0x104 => "sie",
            0x105 => "stvec",
            0x106 => "scounteren",
            0x10a => "senvcfg",
            0x140 => "sscratch",
            0x141 => "sepc",
            0x142 => "scause",
            0x143 => "stval",
            0x144 => "sip",
            0x180 => "satp",
            0x200 => "vsstatus",
            0x204 => "vsie",
            0x205 => "vstvec",
            0x240 => "vsscratch",
            0x241 => "vsepc",
            0x242 => "vscause",
            0x243 => "vstval",
            0x244 => "vsip",
            0x280 => "vsatp",
            0x600 => "hstatus",
            0x602 => "hedeleg",
            0x603 => "hideleg",
            0x604 => "hie",
            0x605 => "htimedelta",
            0x606 => "hcounteren",
            0x607 => "hgeie",
            0x60a => "henvcfg",
            0x643 => "htval",
            0x644 => "hip",
            0x645 => "hvip",
            0x64a => "htinst",
            0x680 => "hgatp",
            0xe12 => "hgeip",
            0x5a8 => "scontext",
            0xf11 => "mvendorid",
            0xf12 => "marchid",
            0xf13 => "mimpid",
            0xf14 => "mhartid",
            0xf15 => "mconfigptr",
            0x300 => "mstatus",
            0x301 => "misa",
            0x302 => "medeleg",
            0x303 => "mideleg",
            0x304 => "mie",
            0x305 => "mtvec",
            0x306 => "mcounteren",
            0x30a => "menvcfg",
            0x310 => "mstatush",
            0x31a => "menvcfgh",
            0x340 => "mscratch",
            0x341 => "mepc",
            0x342 => "mcause",
            0x343 => "mtval",
            0x344 => "mip",
            0x34a => "mtinst",
            0x34b => "mtval2",
            0x3a0..=0x3af => return write!(f, "pmpcfg{}", n - 0x3a0),
            0x3b0..=0x3ef => return write!(f, "pmpaddr{}", n - 0x3b0),
            0x747 => "mseccfg",
            0x757 => "mseccfgh",
            0xb00 => "mcycle",
            0xb02 => "minstret",
            0xb03..=0xb1f => return write!(f, "mhpmcounter{}", n - 0xb00),
            0xb80 => "mcycleh",
            0xb82 => "minstreth",
            0xb83..=0xb9f => return write!(f, "mhpmcounter{}h", n - 0xb80),
            0x320 => "mcountinhibit",
            0x323..=0x33f => return write!(f, "mhpmevent{}", n - 0x320),
            0x7a0 => "tselect",
            0x7a1 => "tdata1",
            0x7a2 => "tdata2",
            0x7a3 => "tdata3",
            0x7a8 => "mcontext",
            0x7b0 => "dcsr",
            0x7b1 => "dpc",
            0x7b2 => "dscratch0",
            0x7b3 => "dscratch1",
            _ => return write!(f, "{:#x}", n),
        };
        f.write_str(name)
    }
}

/// The mnemonic of `op` without ordering suffixes.
pub fn mnemonic(op: Op) -> &'static str {
    match op {
        Op::Illegal => "illegal",
        Op::Lui => "lui",
        Op::Auipc => "auipc",
        Op::Jal => "jal",
        Op::Jalr => "jalr",
        Op::Beq => "beq",
        Op::Bne => "bne",
        Op::Blt => "blt",
        Op::Bge => "bge",
        Op::Bltu => "bltu",
        Op::Bgeu => "bgeu",
        Op::Lb => "lb",
        Op::Lh => "lh",
        Op::Lw => "lw",
        Op::Ld => "ld",
        Op::Lbu => "lbu",
        Op::Lhu => "lhu",
        Op::Lwu => "lwu",
        Op::Sb => "sb",
        Op::Sh => "sh",
        Op::Sw => "sw",
        Op::Sd => "sd",
        Op::Addi => "addi",
        Op::Slti => "slti",
        Op::Sltiu => "sltiu",
        Op::Xori => "xori",
        Op::Ori => "ori",
        Op::Andi => "andi",
        Op::Slli => "slli",
        Op::Srli => "srli",
        Op::Srai => "srai",
        Op::Add => "add",
        Op::Sub => "sub",
        Op::Sll => "sll",
        Op::Slt => "slt",
        Op::Sltu => "sltu",
        Op::Xor => "xor",
        Op::Srl => "srl",
        Op::Sra => "sra",
        Op::Or => "or",
        Op::And => "and",
        Op::Addiw => "addiw",
        Op::Slliw => "slliw",
        Op::Srliw => "srliw",
        Op::Sraiw => "sraiw",
        Op::Addw => "addw",
        Op::Subw => "subw",
        Op::Sllw => "sllw",
        Op::Srlw => "srlw",
        Op::Sraw => "sraw",
        Op::Fence => "fence",
        Op::FenceI => "fence.i",
        Op::Ecall => "ecall",
        Op::Ebreak => "ebreak",
        Op::Mul => "mul",
        Op::Mulh => "mulh",
        Op::Mulhsu => "mulhsu",
        Op::Mulhu => "mulhu",
        Op::Div => "div",
        Op::Divu => "divu",
        Op::Rem => "rem",
        Op::Remu => "remu",
        Op::Mulw => "mulw",
        Op::Divw => "divw",
        Op::Divuw => "divuw",
        Op::Remw => "remw",
        Op::Remuw => "remuw",
        Op::LrW => "lr.w",
        Op::ScW => "sc.w",
        Op::AmoswapW => "amoswap.w",
        Op::AmoaddW => "amoadd.w",
        Op::AmoxorW => "amoxor.w",
        Op::AmoandW => "amoand.w",
        Op::AmoorW => "amoor.w",
        Op::AmominW => "amomin.w",
        Op::AmomaxW => "amomax.w",
        Op::AmominuW => "amominu.w",
        Op::AmomaxuW => "amomaxu.w",
        Op::LrD => "lr.d",
        Op::ScD => "sc.d",
        Op::AmoswapD => "amoswap.d",
        Op::AmoaddD => "amoadd.d",
        Op::AmoxorD => "amoxor.d",
        Op::AmoandD => "amoand.d",
        Op::AmoorD => "amoor.d",
        Op::AmominD => "amomin.d",
        Op::AmomaxD => "amomax.d",
        Op::AmominuD => "amominu.d",
        Op::AmomaxuD => "amomaxu.d",
        Op::Csrrw => "csrrw",
        Op::Csrrs => "csrrs",
        Op::Csrrc => "csrrc",
        Op::Csrrwi => "csrrwi",
        Op::Csrrsi => "csrrsi",
        Op::Csrrci => "csrrci",
        Op::Mret => "mret",
        Op::Sret => "sret",
        Op::Wfi => "wfi",
        Op::SfenceVma => "sfence.vma",
        Op::SinvalVma => "sinval.vma",
        Op::SfenceWInval => "sfence.w.inval",
        Op::SfenceInvalIr => "sfence.inval.ir",
        super::fp_ops!() => super::disasm_fp::fp_mnemonic(op).unwrap_or("?"),
        crate::h_ops!() => super::decode_h::mnemonic(op),
        _ => super::disasm_ext::mnemonic(op),
    }
}

/// How a branch or jump target is printed.
#[derive(Clone, Copy)]
enum Target {
    /// Relative to the instruction: `pc + 12`, `pc - 8`.
    Relative,
    /// The absolute address, given the instruction's pc.
    At(u64),
}

/// FENCE predecessor/successor set letters (Unprivileged 20191213, 2.7).
struct FenceSet(u32);

impl fmt::Display for FenceSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 & 0xf == 0 {
            return f.write_str("0");
        }
        for (bit, c) in [(8, "i"), (4, "o"), (2, "r"), (1, "w")] {
            if self.0 & bit != 0 {
                f.write_str(c)?;
            }
        }
        Ok(())
    }
}

/// The aq/rl suffix of an AMO, from inst[26] (aq) and inst[25] (rl).
pub(super) fn aqrl(raw: u32) -> &'static str {
    match (raw >> 25) & 3 {
        0 => "",
        1 => ".rl",
        2 => ".aq",
        _ => ".aqrl",
    }
}

fn write_instr(i: &Instr, target: Target, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let rd = reg_name(i.rd);
    let rs1 = reg_name(i.rs1);
    let rs2 = reg_name(i.rs2);
    let m = mnemonic(i.op);
    let imm = i.imm;
    let write_target = |f: &mut fmt::Formatter<'_>| match target {
        Target::Relative if imm < 0 => write!(f, "pc - {}", imm.unsigned_abs()),
        Target::Relative => write!(f, "pc + {}", imm),
        Target::At(pc) => write!(f, "{:#x}", pc.wrapping_add(imm as i64 as u64)),
    };
    match i.op {
        Op::Illegal if i.len == 2 => write!(f, ".short {:#06x}", i.raw),
        Op::Illegal => write!(f, ".word {:#010x}", i.raw),
        Op::Lui | Op::Auipc => write!(f, "{m} {rd}, {:#x}", (imm as u32) >> 12),
        Op::Jal => {
            write!(f, "{m} {rd}, ")?;
            write_target(f)
        }
        Op::Jalr | Op::Lb | Op::Lh | Op::Lw | Op::Ld | Op::Lbu | Op::Lhu | Op::Lwu => {
            write!(f, "{m} {rd}, {imm}({rs1})")
        }
        Op::Beq | Op::Bne | Op::Blt | Op::Bge | Op::Bltu | Op::Bgeu => {
            write!(f, "{m} {rs1}, {rs2}, ")?;
            write_target(f)
        }
        Op::Sb | Op::Sh | Op::Sw | Op::Sd => write!(f, "{m} {rs2}, {imm}({rs1})"),
        Op::Ori | Op::Fence | Op::Add if super::disasm_ext::is_named_hint(i) => {
            super::disasm_ext::write_hint(i, f)
        }
        Op::Addi | Op::Slti | Op::Sltiu | Op::Xori | Op::Ori | Op::Andi | Op::Addiw => {
            write!(f, "{m} {rd}, {rs1}, {imm}")
        }
        Op::Slli | Op::Srli | Op::Srai | Op::Slliw | Op::Srliw | Op::Sraiw => {
            write!(f, "{m} {rd}, {rs1}, {imm:#x}")
        }
        Op::Fence => {
            let bits = imm as u32;
            if bits >> 8 == 0b1000 && bits & 0xff == 0x33 {
                f.write_str("fence.tso")
            } else {
                write!(f, "{m} {}, {}", FenceSet(bits >> 4), FenceSet(bits))
            }
        }
        Op::FenceI | Op::Ecall | Op::Ebreak | Op::Mret | Op::Sret | Op::Wfi => f.write_str(m),
        Op::SfenceVma | Op::SinvalVma => write!(f, "{m} {rs1}, {rs2}"),
        Op::SfenceWInval | Op::SfenceInvalIr => f.write_str(m),
        Op::LrW | Op::LrD => write!(f, "{m}{} {rd}, ({rs1})", aqrl(i.raw)),
        Op::ScW
        | Op::ScD
        | Op::AmoswapW
        | Op::AmoaddW
        | Op::AmoxorW
        | Op::AmoandW
        | Op::AmoorW
        | Op::AmominW
        | Op::AmomaxW
        | Op::AmominuW
        | Op::AmomaxuW
        | Op::AmoswapD
        | Op::AmoaddD
        | Op::AmoxorD
        | Op::AmoandD
        | Op::AmoorD
        | Op::AmominD
        | Op::AmomaxD
        | Op::AmominuD
        | Op::AmomaxuD => write!(f, "{m}{} {rd}, {rs2}, ({rs1})", aqrl(i.raw)),
        Op::Csrrw | Op::Csrrs | Op::Csrrc => {
            write!(f, "{m} {rd}, {}, {rs1}", CsrName(imm as u16))
        }
        Op::Csrrwi | Op::Csrrsi | Op::Csrrci => {
            write!(f, "{m} {rd}, {}, {}", CsrName(imm as u16), i.rs1)
        }
        Op::Add
        | Op::Sub
        | Op::Sll
        | Op::Slt
        | Op::Sltu
        | Op::Xor
        | Op::Srl
        | Op::Sra
        | Op::Or
        | Op::And
        | Op::Addw
        | Op::Subw
        | Op::Sllw
        | Op::Srlw
        | Op::Sraw
        | Op::Mul
        | Op::Mulh
        | Op::Mulhsu
        | Op::Mulhu
        | Op::Div
        | Op::Divu
        | Op::Rem
        | Op::Remu
        | Op::Mulw
        | Op::Divw
        | Op::Divuw
        | Op::Remw
        | Op::Remuw => write!(f, "{m} {rd}, {rs1}, {rs2}"),
        super::fp_ops!() => super::disasm_fp::write_fp(i, m, f),
        crate::h_ops!() => super::decode_h::write_h(i, m, f),
        _ => super::disasm_ext::write_ext(i, m, f),
    }
}

impl fmt::Display for Instr {
    /// Assembler text with branch/jump targets relative to the instruction.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_instr(self, Target::Relative, f)
    }
}

/// `i` located at `pc`, printed with absolute branch/jump targets.
struct At<'a>(&'a Instr, u64);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_instr(self.0, Target::At(self.1), f)
    }
}

/// The assembler text of `i` located at `pc`, with absolute branch and jump
/// targets (for traces).
pub fn disasm_at(i: &Instr, pc: u64) -> String {
    At(i, pc).to_string()
}

/// The (bits, pc, expected text) rows that disassemble otherwise, one
/// message each (the comparisons with objdump).
#[cfg(test)]
pub(super) fn mismatches<'a>(rows: impl IntoIterator<Item = (u32, u64, &'a str)>) -> Vec<String> {
    rows.into_iter()
        .filter_map(|(raw, pc, want)| {
            let got = disasm_at(&super::decode(raw), pc);
            (got != want).then(|| format!("{raw:#010x}: got `{got}`, want `{want}`"))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::decode;

    /// (instruction bits, pc, text) produced by GNU objdump 2.40
    /// (`riscv64-unknown-elf-objdump -d -M no-aliases`) from assembled
    /// source, with ", " between operands and `0x` on branch targets.
    /// objdump 2.40 prints menvcfg (0x30a) and senvcfg (0x10a) as numbers;
    /// those four rows use the names Privileged 20211203 gives them.
    const OBJDUMP_32: &[(u32, u64, &str)] = &[
        (0x01948a33, 0x0, "add s4, s1, s9"),
        (0x006201b3, 0x4, "add gp, tp, t1"),
        (0x40d18bb3, 0x8, "sub s7, gp, a3"),
        (0x41b28133, 0xc, "sub sp, t0, s11"),
        (0x00f21d33, 0x10, "sll s10, tp, a5"),
        (0x003d92b3, 0x14, "sll t0, s11, gp"),
        (0x003723b3, 0x18, "slt t2, a4, gp"),
        (0x00e1acb3, 0x1c, "slt s9, gp, a4"),
        (0x01243133, 0x20, "sltu sp, s0, s2"),
        (0x0074bd33, 0x24, "sltu s10, s1, t2"),
        (0x0065c9b3, 0x28, "xor s3, a1, t1"),
        (0x006bc633, 0x2c, "xor a2, s7, t1"),
        (0x00d1d233, 0x30, "srl tp, gp, a3"),
        (0x014ddfb3, 0x34, "srl t6, s11, s4"),
        (0x417edeb3, 0x38, "sra t4, t4, s7"),
        (0x40b7d9b3, 0x3c, "sra s3, a5, a1"),
        (0x0132e7b3, 0x40, "or a5, t0, s3"),
        (0x01caefb3, 0x44, "or t6, s5, t3"),
        (0x00727933, 0x48, "and s2, tp, t2"),
        (0x01557d33, 0x4c, "and s10, a0, s5"),
        (0x01af84bb, 0x50, "addw s1, t6, s10"),
        (0x0142013b, 0x54, "addw sp, tp, s4"),
        (0x41fb0abb, 0x58, "subw s5, s6, t6"),
        (0x40520ebb, 0x5c, "subw t4, tp, t0"),
        (0x004f18bb, 0x60, "sllw a7, t5, tp"),
        (0x01c991bb, 0x64, "sllw gp, s3, t3"),
        (0x016c593b, 0x68, "srlw s2, s8, s6"),
        (0x016ed0bb, 0x6c, "srlw ra, t4, s6"),
        (0x41f3d53b, 0x70, "sraw a0, t2, t6"),
        (0x4126d1bb, 0x74, "sraw gp, a3, s2"),
        (0x03978433, 0x78, "mul s0, a5, s9"),
        (0x025f8cb3, 0x7c, "mul s9, t6, t0"),
        (0x039e1533, 0x80, "mulh a0, t3, s9"),
        (0x03b418b3, 0x84, "mulh a7, s0, s11"),
        (0x036d28b3, 0x88, "mulhsu a7, s10, s6"),
        (0x02972c33, 0x8c, "mulhsu s8, a4, s1"),
        (0x0295b2b3, 0x90, "mulhu t0, a1, s1"),
        (0x02073733, 0x94, "mulhu a4, a4, zero"),
        (0x0305cfb3, 0x98, "div t6, a1, a6"),
        (0x02904933, 0x9c, "div s2, zero, s1"),
        (0x034bdd33, 0xa0, "divu s10, s7, s4"),
        (0x03d1d433, 0xa4, "divu s0, gp, t4"),
        (0x039cecb3, 0xa8, "rem s9, s9, s9"),
        (0x03e36cb3, 0xac, "rem s9, t1, t5"),
        (0x02c1fcb3, 0xb0, "remu s9, gp, a2"),
        (0x03c6f233, 0xb4, "remu tp, a3, t3"),
        (0x0353853b, 0xb8, "mulw a0, t2, s5"),
        (0x020301bb, 0xbc, "mulw gp, t1, zero"),
        (0x037344bb, 0xc0, "divw s1, t1, s7"),
        (0x02d240bb, 0xc4, "divw ra, tp, a3"),
        (0x0304dc3b, 0xc8, "divuw s8, s1, a6"),
        (0x03ebdb3b, 0xcc, "divuw s6, s7, t5"),
        (0x03f3e3bb, 0xd0, "remw t2, t2, t6"),
        (0x03ef6ebb, 0xd4, "remw t4, t5, t5"),
        (0x0292f9bb, 0xd8, "remuw s3, t0, s1"),
        (0x030af33b, 0xdc, "remuw t1, s5, a6"),
        (0x00150f13, 0xe0, "addi t5, a0, 1"),
        (0x80048b93, 0xe4, "addi s7, s1, -2048"),
        (0x80028993, 0xe8, "addi s3, t0, -2048"),
        (0x00152b93, 0xec, "slti s7, a0, 1"),
        (0x00172a93, 0xf0, "slti s5, a4, 1"),
        (0x80072c93, 0xf4, "slti s9, a4, -2048"),
        (0x000b3f93, 0xf8, "sltiu t6, s6, 0"),
        (0x001f3893, 0xfc, "sltiu a7, t5, 1"),
        (0xfffe3b13, 0x100, "sltiu s6, t3, -1"),
        (0x00174293, 0x104, "xori t0, a4, 1"),
        (0x00164f13, 0x108, "xori t5, a2, 1"),
        (0x75704f13, 0x10c, "xori t5, zero, 1879"),
        (0x7ff2eb13, 0x110, "ori s6, t0, 2047"),
        (0x7fff6613, 0x114, "ori a2, t5, 2047"),
        (0x7ff2ea93, 0x118, "ori s5, t0, 2047"),
        (0x0012fc93, 0x11c, "andi s9, t0, 1"),
        (0x8000f413, 0x120, "andi s0, ra, -2048"),
        (0x72d4fe93, 0x124, "andi t4, s1, 1837"),
        (0x00048b1b, 0x128, "addiw s6, s1, 0"),
        (0x7ff3001b, 0x12c, "addiw zero, t1, 2047"),
        (0xfff6861b, 0x130, "addiw a2, a3, -1"),
        (0x00079913, 0x134, "slli s2, a5, 0x0"),
        (0x00181a13, 0x138, "slli s4, a6, 0x1"),
        (0x01f41d13, 0x13c, "slli s10, s0, 0x1f"),
        (0x020b1193, 0x140, "slli gp, s6, 0x20"),
        (0x03fd1e93, 0x144, "slli t4, s10, 0x3f"),
        (0x01b49413, 0x148, "slli s0, s1, 0x1b"),
        (0x0005de13, 0x14c, "srli t3, a1, 0x0"),
        (0x0014d013, 0x150, "srli zero, s1, 0x1"),
        (0x01f4d593, 0x154, "srli a1, s1, 0x1f"),
        (0x0203df13, 0x158, "srli t5, t2, 0x20"),
        (0x03fa5193, 0x15c, "srli gp, s4, 0x3f"),
        (0x00235f13, 0x160, "srli t5, t1, 0x2"),
        (0x40065793, 0x164, "srai a5, a2, 0x0"),
        (0x40115893, 0x168, "srai a7, sp, 0x1"),
        (0x41fe5313, 0x16c, "srai t1, t3, 0x1f"),
        (0x42025093, 0x170, "srai ra, tp, 0x20"),
        (0x43fa5e13, 0x174, "srai t3, s4, 0x3f"),
        (0x4078d613, 0x178, "srai a2, a7, 0x7"),
        (0x00079f1b, 0x17c, "slliw t5, a5, 0x0"),
        (0x0016181b, 0x180, "slliw a6, a2, 0x1"),
        (0x01f41e1b, 0x184, "slliw t3, s0, 0x1f"),
        (0x01c39d1b, 0x188, "slliw s10, t2, 0x1c"),
        (0x000a5e1b, 0x18c, "srliw t3, s4, 0x0"),
        (0x0017d21b, 0x190, "srliw tp, a5, 0x1"),
        (0x01f25d9b, 0x194, "srliw s11, tp, 0x1f"),
        (0x0199d69b, 0x198, "srliw a3, s3, 0x19"),
        (0x400bd49b, 0x19c, "sraiw s1, s7, 0x0"),
        (0x4018549b, 0x1a0, "sraiw s1, a6, 0x1"),
        (0x41fed41b, 0x1a4, "sraiw s0, t4, 0x1f"),
        (0x4073571b, 0x1a8, "sraiw a4, t1, 0x7"),
        (0x00170c83, 0x1ac, "lb s9, 1(a4)"),
        (0x800c8503, 0x1b0, "lb a0, -2048(s9)"),
        (0x001b0a83, 0x1b4, "lb s5, 1(s6)"),
        (0xaf3b9a03, 0x1b8, "lh s4, -1293(s7)"),
        (0x800e9083, 0x1bc, "lh ra, -2048(t4)"),
        (0x7ffa9e03, 0x1c0, "lh t3, 2047(s5)"),
        (0x00072903, 0x1c4, "lw s2, 0(a4)"),
        (0xfff8a303, 0x1c8, "lw t1, -1(a7)"),
        (0xfff42103, 0x1cc, "lw sp, -1(s0)"),
        (0x7ff4bd83, 0x1d0, "ld s11, 2047(s1)"),
        (0x0008bf83, 0x1d4, "ld t6, 0(a7)"),
        (0x7ff23183, 0x1d8, "ld gp, 2047(tp)"),
        (0x8892c883, 0x1dc, "lbu a7, -1911(t0)"),
        (0x80074803, 0x1e0, "lbu a6, -2048(a4)"),
        (0x000ec203, 0x1e4, "lbu tp, 0(t4)"),
        (0x800d5003, 0x1e8, "lhu zero, -2048(s10)"),
        (0x0007d883, 0x1ec, "lhu a7, 0(a5)"),
        (0xfff1d383, 0x1f0, "lhu t2, -1(gp)"),
        (0xfff9e583, 0x1f4, "lwu a1, -1(s3)"),
        (0x7ff5e683, 0x1f8, "lwu a3, 2047(a1)"),
        (0x00086883, 0x1fc, "lwu a7, 0(a6)"),
        (0x00060167, 0x200, "jalr sp, 0(a2)"),
        (0x7ff30f67, 0x204, "jalr t5, 2047(t1)"),
        (0x800c8de7, 0x208, "jalr s11, -2048(s9)"),
        (0x013a80a3, 0x20c, "sb s3, 1(s5)"),
        (0x7ecb0fa3, 0x210, "sb a2, 2047(s6)"),
        (0x00320023, 0x214, "sb gp, 0(tp)"),
        (0x010190a3, 0x218, "sh a6, 1(gp)"),
        (0x80591023, 0x21c, "sh t0, -2048(s2)"),
        (0x00fe9023, 0x220, "sh a5, 0(t4)"),
        (0xfebe2fa3, 0x224, "sw a1, -1(t3)"),
        (0xfe0aafa3, 0x228, "sw zero, -1(s5)"),
        (0x0149a023, 0x22c, "sw s4, 0(s3)"),
        (0x00d030a3, 0x230, "sd a3, 1(zero)"),
        (0x015f3023, 0x234, "sd s5, 0(t5)"),
        (0x011030a3, 0x238, "sd a7, 1(zero)"),
        (0x00000837, 0x23c, "lui a6, 0x0"),
        (0x000012b7, 0x240, "lui t0, 0x1"),
        (0xfffff4b7, 0x244, "lui s1, 0xfffff"),
        (0x80000cb7, 0x248, "lui s9, 0x80000"),
        (0x2e841137, 0x24c, "lui sp, 0x2e841"),
        (0x00000097, 0x250, "auipc ra, 0x0"),
        (0x00001997, 0x254, "auipc s3, 0x1"),
        (0xfffff997, 0x258, "auipc s3, 0xfffff"),
        (0x80000717, 0x25c, "auipc a4, 0x80000"),
        (0xc9b79297, 0x260, "auipc t0, 0xc9b79"),
        (0x01848063, 0x264, "beq s1, s8, 0x264"),
        (0x33fa0e63, 0x268, "beq s4, t6, 0x5a4"),
        (0x7f248fe3, 0x26c, "beq s1, s2, 0x126a"),
        (0x80248063, 0x270, "beq s1, sp, 0xfffffffffffff270"),
        (0xfe8d98e3, 0x274, "bne s11, s0, 0x264"),
        (0x32e09663, 0x278, "bne ra, a4, 0x5a4"),
        (0x7e129fe3, 0x27c, "bne t0, ra, 0x127a"),
        (0x80811063, 0x280, "bne sp, s0, 0xfffffffffffff280"),
        (0xfe6bc0e3, 0x284, "blt s7, t1, 0x264"),
        (0x31cc4e63, 0x288, "blt s8, t3, 0x5a4"),
        (0x7e11cfe3, 0x28c, "blt gp, ra, 0x128a"),
        (0x81f7c063, 0x290, "blt a5, t6, 0xfffffffffffff290"),
        (0xfc0858e3, 0x294, "bge a6, zero, 0x264"),
        (0x304ed663, 0x298, "bge t4, tp, 0x5a4"),
        (0x7e42dfe3, 0x29c, "bge t0, tp, 0x129a"),
        (0x810f5063, 0x2a0, "bge t5, a6, 0xfffffffffffff2a0"),
        (0xfd0260e3, 0x2a4, "bltu tp, a6, 0x264"),
        (0x2ed7ee63, 0x2a8, "bltu a5, a3, 0x5a4"),
        (0x7fd76fe3, 0x2ac, "bltu a4, t4, 0x12aa"),
        (0x818fe063, 0x2b0, "bltu t6, s8, 0xfffffffffffff2b0"),
        (0xfbe278e3, 0x2b4, "bgeu tp, t5, 0x264"),
        (0x2e297663, 0x2b8, "bgeu s2, sp, 0x5a4"),
        (0x7e467fe3, 0x2bc, "bgeu a2, tp, 0x12ba"),
        (0x8154f063, 0x2c0, "bgeu s1, s5, 0xfffffffffffff2c0"),
        (0xfa1ff86f, 0x2c4, "jal a6, 0x264"),
        (0x2dc009ef, 0x2c8, "jal s3, 0x5a4"),
        (0x7ffff46f, 0x2cc, "jal s0, 0x1002ca"),
        (0x8000006f, 0x2d0, "jal zero, 0xfffffffffff002d0"),
        (0x00200f6f, 0x2d4, "jal t5, 0x2d6"),
        (0x100fa1af, 0x2d8, "lr.w gp, (t6)"),
        (0x140328af, 0x2dc, "lr.w.aq a7, (t1)"),
        (0x120fa6af, 0x2e0, "lr.w.rl a3, (t6)"),
        (0x1609292f, 0x2e4, "lr.w.aqrl s2, (s2)"),
        (0x100ebeaf, 0x2e8, "lr.d t4, (t4)"),
        (0x1403beaf, 0x2ec, "lr.d.aq t4, (t2)"),
        (0x1209b62f, 0x2f0, "lr.d.rl a2, (s3)"),
        (0x160f32af, 0x2f4, "lr.d.aqrl t0, (t5)"),
        (0x192ea0af, 0x2f8, "sc.w ra, s2, (t4)"),
        (0x1dc8a22f, 0x2fc, "sc.w.aq tp, t3, (a7)"),
        (0x1ad6ac2f, 0x300, "sc.w.rl s8, a3, (a3)"),
        (0x1e54a22f, 0x304, "sc.w.aqrl tp, t0, (s1)"),
        (0x1974382f, 0x308, "sc.d a6, s7, (s0)"),
        (0x1c7bb8af, 0x30c, "sc.d.aq a7, t2, (s7)"),
        (0x1bffb72f, 0x310, "sc.d.rl a4, t6, (t6)"),
        (0x1e153caf, 0x314, "sc.d.aqrl s9, ra, (a0)"),
        (0x09fe202f, 0x318, "amoswap.w zero, t6, (t3)"),
        (0x0d34acaf, 0x31c, "amoswap.w.aq s9, s3, (s1)"),
        (0x016c2d2f, 0x320, "amoadd.w s10, s6, (s8)"),
        (0x047aaa2f, 0x324, "amoadd.w.aq s4, t2, (s5)"),
        (0x214aa02f, 0x328, "amoxor.w zero, s4, (s5)"),
        (0x24762caf, 0x32c, "amoxor.w.aq s9, t2, (a2)"),
        (0x6128202f, 0x330, "amoand.w zero, s2, (a6)"),
        (0x644cabaf, 0x334, "amoand.w.aq s7, tp, (s9)"),
        (0x404bac2f, 0x338, "amoor.w s8, tp, (s7)"),
        (0x4511adaf, 0x33c, "amoor.w.aq s11, a7, (gp)"),
        (0x8061a8af, 0x340, "amomin.w a7, t1, (gp)"),
        (0x8497a92f, 0x344, "amomin.w.aq s2, s1, (a5)"),
        (0xa1ba28af, 0x348, "amomax.w a7, s11, (s4)"),
        (0xa57da62f, 0x34c, "amomax.w.aq a2, s7, (s11)"),
        (0xc196a0af, 0x350, "amominu.w ra, s9, (a3)"),
        (0xc43d22af, 0x354, "amominu.w.aq t0, gp, (s10)"),
        (0xe0892e2f, 0x358, "amomaxu.w t3, s0, (s2)"),
        (0xe4342faf, 0x35c, "amomaxu.w.aq t6, gp, (s0)"),
        (0x09ed352f, 0x360, "amoswap.d a0, t5, (s10)"),
        (0x0d29baaf, 0x364, "amoswap.d.aq s5, s2, (s3)"),
        (0x010cb82f, 0x368, "amoadd.d a6, a6, (s9)"),
        (0x053f37af, 0x36c, "amoadd.d.aq a5, s3, (t5)"),
        (0x20753caf, 0x370, "amoxor.d s9, t2, (a0)"),
        (0x2446b52f, 0x374, "amoxor.d.aq a0, tp, (a3)"),
        (0x60ee3faf, 0x378, "amoand.d t6, a4, (t3)"),
        (0x65cdbaaf, 0x37c, "amoand.d.aq s5, t3, (s11)"),
        (0x40c7b42f, 0x380, "amoor.d s0, a2, (a5)"),
        (0x44bab2af, 0x384, "amoor.d.aq t0, a1, (s5)"),
        (0x8147b2af, 0x388, "amomin.d t0, s4, (a5)"),
        (0x85063baf, 0x38c, "amomin.d.aq s7, a6, (a2)"),
        (0xa1ac30af, 0x390, "amomax.d ra, s10, (s8)"),
        (0xa4dc3d2f, 0x394, "amomax.d.aq s10, a3, (s8)"),
        (0xc151b8af, 0x398, "amominu.d a7, s5, (gp)"),
        (0xc51bbfaf, 0x39c, "amominu.d.aq t6, a7, (s7)"),
        (0xe0d2b42f, 0x3a0, "amomaxu.d s0, a3, (t0)"),
        (0xe4fc38af, 0x3a4, "amomaxu.d.aq a7, a5, (s8)"),
        (0x03cdbcaf, 0x3a8, "amoadd.d.rl s9, t3, (s11)"),
        (0x061439af, 0x3ac, "amoadd.d.aqrl s3, ra, (s0)"),
        (0xe3bf212f, 0x3b0, "amomaxu.w.rl sp, s11, (t5)"),
        (0xe6022faf, 0x3b4, "amomaxu.w.aqrl t6, zero, (tp)"),
        (0x300e2ef3, 0x3b8, "csrrs t4, mstatus, t3"),
        (0x30075373, 0x3bc, "csrrwi t1, mstatus, 14"),
        (0x301314f3, 0x3c0, "csrrw s1, misa, t1"),
        (0x3012fef3, 0x3c4, "csrrci t4, misa, 5"),
        (0x30203173, 0x3c8, "csrrc sp, medeleg, zero"),
        (0x30215773, 0x3cc, "csrrwi a4, medeleg, 2"),
        (0x303439f3, 0x3d0, "csrrc s3, mideleg, s0"),
        (0x303df873, 0x3d4, "csrrci a6, mideleg, 27"),
        (0x304333f3, 0x3d8, "csrrc t2, mie, t1"),
        (0x304659f3, 0x3dc, "csrrwi s3, mie, 12"),
        (0x30572873, 0x3e0, "csrrs a6, mtvec, a4"),
        (0x30507073, 0x3e4, "csrrci zero, mtvec, 0"),
        (0x306eb9f3, 0x3e8, "csrrc s3, mcounteren, t4"),
        (0x3067ea73, 0x3ec, "csrrsi s4, mcounteren, 15"),
        (0x3407a7f3, 0x3f0, "csrrs a5, mscratch, a5"),
        (0x3409dd73, 0x3f4, "csrrwi s10, mscratch, 19"),
        (0x341610f3, 0x3f8, "csrrw ra, mepc, a2"),
        (0x3412ed73, 0x3fc, "csrrsi s10, mepc, 5"),
        (0x342da773, 0x400, "csrrs a4, mcause, s11"),
        (0x342fe773, 0x404, "csrrsi a4, mcause, 31"),
        (0x343d1af3, 0x408, "csrrw s5, mtval, s10"),
        (0x34366cf3, 0x40c, "csrrsi s9, mtval, 12"),
        (0x34421973, 0x410, "csrrw s2, mip, tp"),
        (0x34465ff3, 0x414, "csrrwi t6, mip, 12"),
        (0x10072673, 0x418, "csrrs a2, sstatus, a4"),
        (0x10086773, 0x41c, "csrrsi a4, sstatus, 16"),
        (0x104fa373, 0x420, "csrrs t1, sie, t6"),
        (0x104775f3, 0x424, "csrrci a1, sie, 14"),
        (0x1051ad73, 0x428, "csrrs s10, stvec, gp"),
        (0x105cf4f3, 0x42c, "csrrci s1, stvec, 25"),
        (0x106096f3, 0x430, "csrrw a3, scounteren, ra"),
        (0x106d74f3, 0x434, "csrrci s1, scounteren, 26"),
        (0x140591f3, 0x438, "csrrw gp, sscratch, a1"),
        (0x140a6e73, 0x43c, "csrrsi t3, sscratch, 20"),
        (0x1412b3f3, 0x440, "csrrc t2, sepc, t0"),
        (0x14165af3, 0x444, "csrrwi s5, sepc, 12"),
        (0x14211ef3, 0x448, "csrrw t4, scause, sp"),
        (0x142bec73, 0x44c, "csrrsi s8, scause, 23"),
        (0x14352e73, 0x450, "csrrs t3, stval, a0"),
        (0x1432d073, 0x454, "csrrwi zero, stval, 5"),
        (0x144b22f3, 0x458, "csrrs t0, sip, s6"),
        (0x1446e3f3, 0x45c, "csrrsi t2, sip, 13"),
        (0x1809ab73, 0x460, "csrrs s6, satp, s3"),
        (0x1801e2f3, 0x464, "csrrsi t0, satp, 3"),
        (0xc0063f73, 0x468, "csrrc t5, cycle, a2"),
        (0xc0066e73, 0x46c, "csrrsi t3, cycle, 12"),
        (0xc01f2bf3, 0x470, "csrrs s7, time, t5"),
        (0xc017dd73, 0x474, "csrrwi s10, time, 15"),
        (0xc0213cf3, 0x478, "csrrc s9, instret, sp"),
        (0xc02ee173, 0x47c, "csrrsi sp, instret, 29"),
        (0xf14811f3, 0x480, "csrrw gp, mhartid, a6"),
        (0xf14ad273, 0x484, "csrrwi tp, mhartid, 21"),
        (0xf11aa8f3, 0x488, "csrrs a7, mvendorid, s5"),
        (0xf1187173, 0x48c, "csrrci sp, mvendorid, 16"),
        (0xf128ba73, 0x490, "csrrc s4, marchid, a7"),
        (0xf1226073, 0x494, "csrrsi zero, marchid, 4"),
        (0xf1331773, 0x498, "csrrw a4, mimpid, t1"),
        (0xf13c6ef3, 0x49c, "csrrsi t4, mimpid, 24"),
        (0x3a0fadf3, 0x4a0, "csrrs s11, pmpcfg0, t6"),
        (0x3a05dff3, 0x4a4, "csrrwi t6, pmpcfg0, 11"),
        (0x3a2499f3, 0x4a8, "csrrw s3, pmpcfg2, s1"),
        (0x3a2a77f3, 0x4ac, "csrrci a5, pmpcfg2, 20"),
        (0x3b0baef3, 0x4b0, "csrrs t4, pmpaddr0, s7"),
        (0x3b0672f3, 0x4b4, "csrrci t0, pmpaddr0, 12"),
        (0x3bf7a573, 0x4b8, "csrrs a0, pmpaddr15, a5"),
        (0x3bf16273, 0x4bc, "csrrsi tp, pmpaddr15, 2"),
        (0xb0052a73, 0x4c0, "csrrs s4, mcycle, a0"),
        (0xb0026373, 0x4c4, "csrrsi t1, mcycle, 4"),
        (0xb026a2f3, 0x4c8, "csrrs t0, minstret, a3"),
        (0xb02fdd73, 0x4cc, "csrrwi s10, minstret, 31"),
        (0xc035be73, 0x4d0, "csrrc t3, hpmcounter3, a1"),
        (0xc03d5473, 0x4d4, "csrrwi s0, hpmcounter3, 26"),
        (0xb1f3a7f3, 0x4d8, "csrrs a5, mhpmcounter31, t2"),
        (0xb1f8e973, 0x4dc, "csrrsi s2, mhpmcounter31, 17"),
        (0x323bb8f3, 0x4e0, "csrrc a7, mhpmevent3, s7"),
        (0x32366873, 0x4e4, "csrrsi a6, mhpmevent3, 12"),
        (0x7a05a7f3, 0x4e8, "csrrs a5, tselect, a1"),
        (0x7a04d7f3, 0x4ec, "csrrwi a5, tselect, 9"),
        (0x7a1a2673, 0x4f0, "csrrs a2, tdata1, s4"),
        (0x7a185cf3, 0x4f4, "csrrwi s9, tdata1, 16"),
        (0x7a231773, 0x4f8, "csrrw a4, tdata2, t1"),
        (0x7a217ef3, 0x4fc, "csrrci t4, tdata2, 2"),
        (0x7b0f1073, 0x500, "csrrw zero, dcsr, t5"),
        (0x7b0bde73, 0x504, "csrrwi t3, dcsr, 23"),
        (0x7b171973, 0x508, "csrrw s2, dpc, a4"),
        (0x7b1651f3, 0x50c, "csrrwi gp, dpc, 12"),
        (0x7b223673, 0x510, "csrrc a2, dscratch0, tp"),
        (0x7b2e65f3, 0x514, "csrrsi a1, dscratch0, 28"),
        (0x00303873, 0x518, "csrrc a6, fcsr, zero"),
        (0x0036db73, 0x51c, "csrrwi s6, fcsr, 13"),
        (0x001a9bf3, 0x520, "csrrw s7, fflags, s5"),
        (0x0016d173, 0x524, "csrrwi sp, fflags, 13"),
        (0x0026a173, 0x528, "csrrs sp, frm, a3"),
        (0x002d5a73, 0x52c, "csrrwi s4, frm, 26"),
        (0x3205bbf3, 0x530, "csrrc s7, mcountinhibit, a1"),
        (0x320279f3, 0x534, "csrrci s3, mcountinhibit, 4"),
        (0x30af9173, 0x538, "csrrw sp, menvcfg, t6"),
        (0x30a27f73, 0x53c, "csrrci t5, menvcfg, 4"),
        (0x10aca373, 0x540, "csrrs t1, senvcfg, s9"),
        (0x10a2f4f3, 0x544, "csrrci s1, senvcfg, 5"),
        (0x7c0cb573, 0x548, "csrrc a0, 0x7c0, s9"),
        (0x7c0d78f3, 0x54c, "csrrci a7, 0x7c0, 26"),
        (0x5c0d29f3, 0x550, "csrrs s3, 0x5c0, s10"),
        (0x5c0b59f3, 0x554, "csrrwi s3, 0x5c0, 22"),
        (0xbc00ad73, 0x558, "csrrs s10, 0xbc0, ra"),
        (0xbc0ce673, 0x55c, "csrrsi a2, 0xbc0, 25"),
        (0x8006bcf3, 0x560, "csrrc s9, 0x800, a3"),
        (0x80055df3, 0x564, "csrrwi s11, 0x800, 10"),
        (0x00000073, 0x568, "ecall"),
        (0x00100073, 0x56c, "ebreak"),
        (0x30200073, 0x570, "mret"),
        (0x10200073, 0x574, "sret"),
        (0x10500073, 0x578, "wfi"),
        (0x0000100f, 0x57c, "fence.i"),
        (0x0ff0000f, 0x580, "fence iorw, iorw"),
        (0x8330000f, 0x584, "fence.tso"),
        (0x0210000f, 0x588, "fence r, w"),
        (0x0f40000f, 0x58c, "fence iorw, o"),
        (0x0830000f, 0x590, "fence i, rw"),
        (0x12b50073, 0x594, "sfence.vma a0, a1"),
        (0x12000073, 0x598, "sfence.vma zero, zero"),
        (0x12028073, 0x59c, "sfence.vma t0, zero"),
        (0x12600073, 0x5a0, "sfence.vma zero, t1"),
        (0x16b50073, 0x5a4, "sinval.vma a0, a1"),
        (0x16000073, 0x5a8, "sinval.vma zero, zero"),
        (0x18000073, 0x5ac, "sfence.w.inval"),
        (0x18100073, 0x5b0, "sfence.inval.ir"),
    ];

    #[test]
    fn matches_objdump_on_every_32_bit_form() {
        let bad = mismatches(OBJDUMP_32.iter().copied());
        assert!(
            bad.is_empty(),
            "{} mismatches:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }

    #[test]
    fn display_prints_targets_relative_to_the_instruction() {
        let cases: &[(u32, &str)] = &[
            (0xfeb50ee3, "beq a0, a1, pc - 4"),
            (0x00c000ef, "jal ra, pc + 12"),
            (0xb001, "jal zero, pc - 2048"), // c.j .-2048
        ];
        for &(raw, want) in cases {
            assert_eq!(decode(raw).to_string(), want, "{raw:#010x}");
        }
    }

    #[test]
    fn disasm_at_prints_absolute_targets() {
        assert_eq!(
            disasm_at(&decode(0xfeb50ee3), 0x8000_0004),
            "beq a0, a1, 0x80000000"
        );
        assert_eq!(
            disasm_at(&decode(0x00c000ef), 0x8000_0008),
            "jal ra, 0x80000014"
        );
        assert_eq!(
            disasm_at(&decode(0xb001), 0x8000_0000),
            "jal zero, 0x7ffff800"
        );
    }

    #[test]
    fn compressed_prints_as_its_expansion_and_illegal_as_data() {
        let cases: &[(u32, &str)] = &[
            (0x0505, "addi a0, a0, 1"),   // c.addi a0, 1
            (0x60a2, "ld ra, 8(sp)"),     // c.ldsp ra, 8(sp)
            (0x8082, "jalr zero, 0(ra)"), // c.jr ra
            (0x9002, "ebreak"),           // c.ebreak
            (0x0000, ".short 0x0000"),
            (0x6101, ".short 0x6101"), // c.addi16sp sp, 0 (reserved)
            (0xffff_ffff, ".word 0xffffffff"),
            (0x0000_0007, ".word 0x00000007"),
        ];
        for &(raw, want) in cases {
            assert_eq!(decode(raw).to_string(), want, "{raw:#010x}");
        }
    }

    #[test]
    fn unnamed_csrs_print_in_hex_and_ranges_by_index() {
        assert_eq!(CsrName(0x7c0).to_string(), "0x7c0");
        assert_eq!(CsrName(0x3b5).to_string(), "pmpaddr5");
        assert_eq!(CsrName(0xb1f).to_string(), "mhpmcounter31");
        assert_eq!(CsrName(0x33f).to_string(), "mhpmevent31");
    }
}
