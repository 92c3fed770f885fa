//! One table of instruction encodings (name, extensions, format, opcode
//! fields) and a small assembler on top of it. Every instruction the
//! generators emit, the test scaffolding's included, is encoded from this
//! table, so adding an extension to the differential tests is adding rows.
//!
//! Encodings: Unprivileged 20191213, chapter 24 (RV32/64G listings);
//! Privileged 20211203, section 9.1 (Table 9.1); the bit-manipulation
//! extensions from "RISC-V Bit-Manipulation ISA-extensions" 1.0.0 (Zba,
//! Zbb, Zbc, Zbs) and the scalar cryptography spec 1.0.1 (Zbkb, Zbkc,
//! Zbkx); Zicond 1.0.

/// Major opcodes (Unprivileged 20191213, Table 24.1).
pub const LOAD: u32 = 0x03;
pub const MISC_MEM: u32 = 0x0f;
pub const OP_IMM: u32 = 0x13;
pub const AUIPC: u32 = 0x17;
pub const OP_IMM_32: u32 = 0x1b;
pub const STORE: u32 = 0x23;
pub const AMO: u32 = 0x2f;
pub const OP: u32 = 0x33;
pub const LUI: u32 = 0x37;
pub const OP_32: u32 = 0x3b;
pub const BRANCH: u32 = 0x63;
pub const JALR: u32 = 0x67;
pub const JAL: u32 = 0x6f;
pub const SYSTEM: u32 = 0x73;

/// How the operands go into the 32 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rd, rs1, rs2; `f7` in bits 31:25.
    R,
    /// rd, rs1; bits 31:20 fixed to `f7` (the unary bit-manipulation
    /// operations: clz, rev8, sext.b, ...).
    Unary,
    /// rd, rs1, 12-bit signed immediate.
    I,
    /// rd, rs1, shift amount 0..63; `f7` >> 1 (funct6) in bits 31:26.
    Shift64,
    /// rd, rs1, shift amount 0..31; `f7` in bits 31:25.
    Shift32,
    /// rs2 to memory at rs1 + imm.
    S,
    /// rs1, rs2, 13-bit branch offset.
    B,
    /// rd, 20-bit upper immediate.
    U,
    /// rd, 21-bit jump offset.
    J,
    /// rd, rs1 (address), rs2; funct5 = `f7` >> 2, aq = rl = 0.
    Amo,
    /// rd, rs1, CSR number in the immediate.
    Csr,
    /// All 32 bits fixed (`f7` unused): ecall, mret, fence.i, ...
    Fixed(u32),
}

/// Instruction classes the random-program generator draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Register results only, no memory, no control flow: what the
    /// straight-line generator may emit.
    Alu,
    /// Everything else (memory, control, system).
    Other,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub name: &'static str,
    /// The extensions that provide it (any of them enables it).
    pub exts: &'static [&'static str],
    pub class: Class,
    pub format: Format,
    pub opcode: u32,
    pub f3: u32,
    pub f7: u32,
}

const fn row(
    name: &'static str,
    exts: &'static [&'static str],
    class: Class,
    format: Format,
    opcode: u32,
    f3: u32,
    f7: u32,
) -> Spec {
    Spec {
        name,
        exts,
        class,
        format,
        opcode,
        f3,
        f7,
    }
}

use Class::{Alu, Other};
use Format::*;

const RV64I: &[&str] = &["i"];
const M: &[&str] = &["m"];
const A: &[&str] = &["a"];
const ZBA: &[&str] = &["zba"];
const ZBB: &[&str] = &["zbb"];
const ZBB_ZBKB: &[&str] = &["zbb", "zbkb"];
const ZBKB: &[&str] = &["zbkb"];
const ZBC: &[&str] = &["zbc"];
const ZBC_ZBKC: &[&str] = &["zbc", "zbkc"];
const ZBS: &[&str] = &["zbs"];
const ZBKX: &[&str] = &["zbkx"];
const ZICOND: &[&str] = &["zicond"];
const PRIV: &[&str] = &["priv"];

/// The table.
pub const TABLE: &[Spec] = &[
    // RV64I (Unprivileged 20191213, chapters 2 and 5).
    row("lui", RV64I, Alu, U, LUI, 0, 0),
    row("auipc", RV64I, Alu, U, AUIPC, 0, 0),
    row("jal", RV64I, Other, J, JAL, 0, 0),
    row("jalr", RV64I, Other, I, JALR, 0, 0),
    row("beq", RV64I, Other, B, BRANCH, 0, 0),
    row("bne", RV64I, Other, B, BRANCH, 1, 0),
    row("blt", RV64I, Other, B, BRANCH, 4, 0),
    row("bge", RV64I, Other, B, BRANCH, 5, 0),
    row("bltu", RV64I, Other, B, BRANCH, 6, 0),
    row("bgeu", RV64I, Other, B, BRANCH, 7, 0),
    row("lb", RV64I, Other, I, LOAD, 0, 0),
    row("lh", RV64I, Other, I, LOAD, 1, 0),
    row("lw", RV64I, Other, I, LOAD, 2, 0),
    row("ld", RV64I, Other, I, LOAD, 3, 0),
    row("lbu", RV64I, Other, I, LOAD, 4, 0),
    row("lhu", RV64I, Other, I, LOAD, 5, 0),
    row("lwu", RV64I, Other, I, LOAD, 6, 0),
    row("sb", RV64I, Other, S, STORE, 0, 0),
    row("sh", RV64I, Other, S, STORE, 1, 0),
    row("sw", RV64I, Other, S, STORE, 2, 0),
    row("sd", RV64I, Other, S, STORE, 3, 0),
    row("addi", RV64I, Alu, I, OP_IMM, 0, 0),
    row("slti", RV64I, Alu, I, OP_IMM, 2, 0),
    row("sltiu", RV64I, Alu, I, OP_IMM, 3, 0),
    row("xori", RV64I, Alu, I, OP_IMM, 4, 0),
    row("ori", RV64I, Alu, I, OP_IMM, 6, 0),
    row("andi", RV64I, Alu, I, OP_IMM, 7, 0),
    row("slli", RV64I, Alu, Shift64, OP_IMM, 1, 0x00),
    row("srli", RV64I, Alu, Shift64, OP_IMM, 5, 0x00),
    row("srai", RV64I, Alu, Shift64, OP_IMM, 5, 0x20),
    row("add", RV64I, Alu, R, OP, 0, 0x00),
    row("sub", RV64I, Alu, R, OP, 0, 0x20),
    row("sll", RV64I, Alu, R, OP, 1, 0x00),
    row("slt", RV64I, Alu, R, OP, 2, 0x00),
    row("sltu", RV64I, Alu, R, OP, 3, 0x00),
    row("xor", RV64I, Alu, R, OP, 4, 0x00),
    row("srl", RV64I, Alu, R, OP, 5, 0x00),
    row("sra", RV64I, Alu, R, OP, 5, 0x20),
    row("or", RV64I, Alu, R, OP, 6, 0x00),
    row("and", RV64I, Alu, R, OP, 7, 0x00),
    row("addiw", RV64I, Alu, I, OP_IMM_32, 0, 0),
    row("slliw", RV64I, Alu, Shift32, OP_IMM_32, 1, 0x00),
    row("srliw", RV64I, Alu, Shift32, OP_IMM_32, 5, 0x00),
    row("sraiw", RV64I, Alu, Shift32, OP_IMM_32, 5, 0x20),
    row("addw", RV64I, Alu, R, OP_32, 0, 0x00),
    row("subw", RV64I, Alu, R, OP_32, 0, 0x20),
    row("sllw", RV64I, Alu, R, OP_32, 1, 0x00),
    row("srlw", RV64I, Alu, R, OP_32, 5, 0x00),
    row("sraw", RV64I, Alu, R, OP_32, 5, 0x20),
    row("fence.i", RV64I, Other, Fixed(0x0000_100f), MISC_MEM, 1, 0),
    row("ecall", RV64I, Other, Fixed(0x0000_0073), SYSTEM, 0, 0),
    // M (chapter 7).
    row("mul", M, Alu, R, OP, 0, 0x01),
    row("mulh", M, Alu, R, OP, 1, 0x01),
    row("mulhsu", M, Alu, R, OP, 2, 0x01),
    row("mulhu", M, Alu, R, OP, 3, 0x01),
    row("div", M, Alu, R, OP, 4, 0x01),
    row("divu", M, Alu, R, OP, 5, 0x01),
    row("rem", M, Alu, R, OP, 6, 0x01),
    row("remu", M, Alu, R, OP, 7, 0x01),
    row("mulw", M, Alu, R, OP_32, 0, 0x01),
    row("divw", M, Alu, R, OP_32, 4, 0x01),
    row("divuw", M, Alu, R, OP_32, 5, 0x01),
    row("remw", M, Alu, R, OP_32, 6, 0x01),
    row("remuw", M, Alu, R, OP_32, 7, 0x01),
    // A (chapter 8): f7 = funct5 << 2.
    row("lr.w", A, Other, Amo, AMO, 2, 0x02 << 2),
    row("sc.w", A, Other, Amo, AMO, 2, 0x03 << 2),
    row("amoswap.w", A, Other, Amo, AMO, 2, 0x01 << 2),
    row("amoadd.w", A, Other, Amo, AMO, 2, 0x00 << 2),
    row("amoxor.w", A, Other, Amo, AMO, 2, 0x04 << 2),
    row("amoand.w", A, Other, Amo, AMO, 2, 0x0c << 2),
    row("amoor.w", A, Other, Amo, AMO, 2, 0x08 << 2),
    row("amomin.w", A, Other, Amo, AMO, 2, 0x10 << 2),
    row("amomax.w", A, Other, Amo, AMO, 2, 0x14 << 2),
    row("amominu.w", A, Other, Amo, AMO, 2, 0x18 << 2),
    row("amomaxu.w", A, Other, Amo, AMO, 2, 0x1c << 2),
    row("lr.d", A, Other, Amo, AMO, 3, 0x02 << 2),
    row("sc.d", A, Other, Amo, AMO, 3, 0x03 << 2),
    row("amoswap.d", A, Other, Amo, AMO, 3, 0x01 << 2),
    row("amoadd.d", A, Other, Amo, AMO, 3, 0x00 << 2),
    row("amoxor.d", A, Other, Amo, AMO, 3, 0x04 << 2),
    row("amoand.d", A, Other, Amo, AMO, 3, 0x0c << 2),
    row("amoor.d", A, Other, Amo, AMO, 3, 0x08 << 2),
    row("amomin.d", A, Other, Amo, AMO, 3, 0x10 << 2),
    row("amomax.d", A, Other, Amo, AMO, 3, 0x14 << 2),
    row("amominu.d", A, Other, Amo, AMO, 3, 0x18 << 2),
    row("amomaxu.d", A, Other, Amo, AMO, 3, 0x1c << 2),
    // Zicsr (chapter 9) and the privileged instructions (Table 9.1).
    row("csrrw", PRIV, Other, Csr, SYSTEM, 1, 0),
    row("csrrs", PRIV, Other, Csr, SYSTEM, 2, 0),
    row("csrrc", PRIV, Other, Csr, SYSTEM, 3, 0),
    row("mret", PRIV, Other, Fixed(0x3020_0073), SYSTEM, 0, 0),
    row("sfence.vma", PRIV, Other, R, SYSTEM, 0, 0x09),
    // Zba.
    row("sh1add", ZBA, Alu, R, OP, 2, 0x10),
    row("sh2add", ZBA, Alu, R, OP, 4, 0x10),
    row("sh3add", ZBA, Alu, R, OP, 6, 0x10),
    row("add.uw", ZBA, Alu, R, OP_32, 0, 0x04),
    row("sh1add.uw", ZBA, Alu, R, OP_32, 2, 0x10),
    row("sh2add.uw", ZBA, Alu, R, OP_32, 4, 0x10),
    row("sh3add.uw", ZBA, Alu, R, OP_32, 6, 0x10),
    row("slli.uw", ZBA, Alu, Shift64, OP_IMM_32, 1, 0x04),
    // Zbb (andn, orn, xnor, rol*, ror*, rev8 also in Zbkb).
    row("andn", ZBB_ZBKB, Alu, R, OP, 7, 0x20),
    row("orn", ZBB_ZBKB, Alu, R, OP, 6, 0x20),
    row("xnor", ZBB_ZBKB, Alu, R, OP, 4, 0x20),
    row("clz", ZBB, Alu, Unary, OP_IMM, 1, 0x600),
    row("clzw", ZBB, Alu, Unary, OP_IMM_32, 1, 0x600),
    row("ctz", ZBB, Alu, Unary, OP_IMM, 1, 0x601),
    row("ctzw", ZBB, Alu, Unary, OP_IMM_32, 1, 0x601),
    row("cpop", ZBB, Alu, Unary, OP_IMM, 1, 0x602),
    row("cpopw", ZBB, Alu, Unary, OP_IMM_32, 1, 0x602),
    row("max", ZBB, Alu, R, OP, 6, 0x05),
    row("maxu", ZBB, Alu, R, OP, 7, 0x05),
    row("min", ZBB, Alu, R, OP, 4, 0x05),
    row("minu", ZBB, Alu, R, OP, 5, 0x05),
    row("sext.b", ZBB, Alu, Unary, OP_IMM, 1, 0x604),
    row("sext.h", ZBB, Alu, Unary, OP_IMM, 1, 0x605),
    row("zext.h", ZBB, Alu, Unary, OP_32, 4, 0x080),
    row("rol", ZBB_ZBKB, Alu, R, OP, 1, 0x30),
    row("rolw", ZBB_ZBKB, Alu, R, OP_32, 1, 0x30),
    row("ror", ZBB_ZBKB, Alu, R, OP, 5, 0x30),
    row("rorw", ZBB_ZBKB, Alu, R, OP_32, 5, 0x30),
    row("rori", ZBB_ZBKB, Alu, Shift64, OP_IMM, 5, 0x30),
    row("roriw", ZBB_ZBKB, Alu, Shift32, OP_IMM_32, 5, 0x30),
    row("orc.b", ZBB, Alu, Unary, OP_IMM, 5, 0x287),
    row("rev8", ZBB_ZBKB, Alu, Unary, OP_IMM, 5, 0x6b8),
    // Zbc (clmul, clmulh also in Zbkc).
    row("clmul", ZBC_ZBKC, Alu, R, OP, 1, 0x05),
    row("clmulh", ZBC_ZBKC, Alu, R, OP, 3, 0x05),
    row("clmulr", ZBC, Alu, R, OP, 2, 0x05),
    // Zbs.
    row("bclr", ZBS, Alu, R, OP, 1, 0x24),
    row("bclri", ZBS, Alu, Shift64, OP_IMM, 1, 0x24),
    row("bext", ZBS, Alu, R, OP, 5, 0x24),
    row("bexti", ZBS, Alu, Shift64, OP_IMM, 5, 0x24),
    row("binv", ZBS, Alu, R, OP, 1, 0x34),
    row("binvi", ZBS, Alu, Shift64, OP_IMM, 1, 0x34),
    row("bset", ZBS, Alu, R, OP, 1, 0x14),
    row("bseti", ZBS, Alu, Shift64, OP_IMM, 1, 0x14),
    // Zbkb.
    row("pack", ZBKB, Alu, R, OP, 4, 0x04),
    row("packh", ZBKB, Alu, R, OP, 7, 0x04),
    row("packw", ZBKB, Alu, R, OP_32, 4, 0x04),
    row("brev8", ZBKB, Alu, Unary, OP_IMM, 5, 0x687),
    // Zbkx.
    row("xperm4", ZBKX, Alu, R, OP, 2, 0x14),
    row("xperm8", ZBKX, Alu, R, OP, 4, 0x14),
    // Zicond.
    row("czero.eqz", ZICOND, Alu, R, OP, 5, 0x07),
    row("czero.nez", ZICOND, Alu, R, OP, 7, 0x07),
];

/// The row named `name`. The generators only use names of this table; an
/// unknown one is a bug of the generator, not of the code under test.
pub fn spec(name: &str) -> &'static Spec {
    match TABLE.iter().find(|s| s.name == name) {
        Some(s) => s,
        None => unreachable!("no instruction {name} in the table"),
    }
}

/// Encodes `s` with the operands its format uses (the others are ignored).
pub fn encode(s: &Spec, rd: u8, rs1: u8, rs2: u8, imm: i64) -> u32 {
    let (rd, rs1, rs2) = (u32::from(rd) & 31, u32::from(rs1) & 31, u32::from(rs2) & 31);
    let imm = imm as u32;
    let base = s.opcode | (s.f3 << 12);
    match s.format {
        R => base | (rd << 7) | (rs1 << 15) | (rs2 << 20) | (s.f7 << 25),
        Unary => base | (rd << 7) | (rs1 << 15) | (s.f7 << 20),
        I | Csr => base | (rd << 7) | (rs1 << 15) | ((imm & 0xfff) << 20),
        Shift64 => base | (rd << 7) | (rs1 << 15) | ((imm & 63) << 20) | ((s.f7 >> 1) << 26),
        Shift32 => base | (rd << 7) | (rs1 << 15) | ((imm & 31) << 20) | (s.f7 << 25),
        S => base | ((imm & 31) << 7) | (rs1 << 15) | (rs2 << 20) | ((imm >> 5 & 0x7f) << 25),
        B => {
            base | ((imm >> 11 & 1) << 7)
                | ((imm >> 1 & 15) << 8)
                | (rs1 << 15)
                | (rs2 << 20)
                | ((imm >> 5 & 0x3f) << 25)
                | ((imm >> 12 & 1) << 31)
        }
        U => s.opcode | (rd << 7) | ((imm & 0xfffff) << 12),
        J => {
            s.opcode
                | (rd << 7)
                | (imm & 0xff000)
                | ((imm >> 11 & 1) << 20)
                | ((imm >> 1 & 0x3ff) << 21)
                | ((imm >> 20 & 1) << 31)
        }
        Amo => base | (rd << 7) | (rs1 << 15) | (rs2 << 20) | (s.f7 << 25),
        Fixed(bits) => bits,
    }
}

/// Register numbers by ABI name (Unprivileged 20191213, Table 25.1).
pub mod reg {
    pub const ZERO: u8 = 0;
    pub const T0: u8 = 5;
    pub const T1: u8 = 6;
    pub const T2: u8 = 7;
    pub const S0: u8 = 8;
    pub const S1: u8 = 9;
    pub const A0: u8 = 10;
    pub const A1: u8 = 11;
    pub const S8: u8 = 24;
    pub const S9: u8 = 25;
    pub const S10: u8 = 26;
    pub const S11: u8 = 27;
    pub const T3: u8 = 28;
    pub const T4: u8 = 29;
    pub const T5: u8 = 30;
    pub const T6: u8 = 31;
}

/// CSR numbers (Privileged 20211203, Tables 2.2 to 2.5).
pub mod csr {
    pub const MSTATUS: u16 = 0x300;
    pub const MTVEC: u16 = 0x305;
    pub const MSCRATCH: u16 = 0x340;
    pub const MEPC: u16 = 0x341;
    pub const MCAUSE: u16 = 0x342;
    pub const MTVAL: u16 = 0x343;
    pub const SATP: u16 = 0x180;
    pub const PMPCFG0: u16 = 0x3a0;
    pub const PMPADDR0: u16 = 0x3b0;
}

/// A forward or backward branch target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(usize);

/// Machine code at a known address, with labels for branches and jumps.
#[derive(Debug)]
pub struct Asm {
    pub base: u64,
    pub words: Vec<u32>,
    labels: Vec<Option<usize>>,
    /// Branches and jumps to patch: (word index, label, instruction,
    /// rd or rs1, rs2).
    fixups: Vec<(usize, Label, &'static Spec, u8, u8)>,
}

impl Asm {
    pub fn new(base: u64) -> Asm {
        Asm {
            base,
            words: Vec::new(),
            labels: Vec::new(),
            fixups: Vec::new(),
        }
    }
    /// The address of the next instruction.
    pub fn pc(&self) -> u64 {
        self.base + 4 * self.words.len() as u64
    }
    pub fn emit(&mut self, w: u32) {
        self.words.push(w);
    }
    /// Emits `name` with its operands.
    pub fn op(&mut self, name: &str, rd: u8, rs1: u8, rs2: u8, imm: i64) {
        self.emit(encode(spec(name), rd, rs1, rs2, imm));
    }
    pub fn i(&mut self, name: &str, rd: u8, rs1: u8, imm: i64) {
        self.op(name, rd, rs1, 0, imm);
    }
    pub fn r(&mut self, name: &str, rd: u8, rs1: u8, rs2: u8) {
        self.op(name, rd, rs1, rs2, 0);
    }
    /// `name rs2, imm(rs1)` (a store).
    pub fn store(&mut self, name: &str, rs2: u8, imm: i64, rs1: u8) {
        self.op(name, 0, rs1, rs2, imm);
    }
    pub fn fixed(&mut self, name: &str) {
        self.op(name, 0, 0, 0, 0);
    }
    pub fn csrw(&mut self, csr: u16, rs1: u8) {
        self.op("csrrw", 0, rs1, 0, i64::from(csr));
    }
    pub fn csrr(&mut self, rd: u8, csr: u16) {
        self.op("csrrs", rd, 0, 0, i64::from(csr));
    }
    pub fn csrs(&mut self, csr: u16, rs1: u8) {
        self.op("csrrs", 0, rs1, 0, i64::from(csr));
    }
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }
    pub fn bind(&mut self, l: Label) {
        self.labels[l.0] = Some(self.words.len());
    }
    /// A branch (`beq`, `bne`, ...) or `jal` (rs1 = rd) to `l`.
    pub fn jump(&mut self, name: &str, rs1: u8, rs2: u8, l: Label) {
        self.fixups
            .push((self.words.len(), l, spec(name), rs1, rs2));
        self.emit(0); // patched by `finish`
    }
    /// `li rd, value` as lui/addiw/slli/addi (the usual expansion).
    pub fn li(&mut self, rd: u8, value: u64) {
        let v = value as i64;
        let lo = (v << 52) >> 52;
        if v == i64::from(v as i32) {
            let hi20 = (v.wrapping_sub(lo) >> 12) & 0xfffff;
            if hi20 == 0 {
                self.i("addi", rd, reg::ZERO, lo);
            } else {
                self.op("lui", rd, 0, 0, hi20);
                if lo != 0 {
                    self.i("addiw", rd, rd, lo);
                }
            }
            return;
        }
        let hi = v.wrapping_sub(lo) >> 12;
        let shift = hi.trailing_zeros();
        self.li(rd, (hi >> shift) as u64);
        self.i("slli", rd, rd, i64::from(12 + shift));
        if lo != 0 {
            self.i("addi", rd, rd, lo);
        }
    }
    /// The code, with every jump patched.
    pub fn finish(mut self) -> Vec<u32> {
        for (at, l, s, a, b) in std::mem::take(&mut self.fixups) {
            let Some(target) = self.labels[l.0] else {
                unreachable!("unbound label")
            };
            let off = 4 * (target as i64 - at as i64);
            self.words[at] = encode(s, a, a, b, off);
        }
        self.words
    }
}
