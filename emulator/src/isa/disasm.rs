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
fn aqrl(raw: u32) -> &'static str {
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
        Op::SfenceVma => write!(f, "{m} {rs1}, {rs2}"),
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
