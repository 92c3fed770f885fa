//! The instruction set: one decoded form ([`Instr`]) produced by one decoder
//! ([`decode`]) for both 32-bit and compressed encodings, executed by the
//! hart and printed by the disassembler, so the two can never disagree.
//!
//! Unprivileged ISA 20191213: RV64I (ch. 2, 5), M (ch. 7), A (ch. 8),
//! F (ch. 11), D (ch. 12), C (ch. 16), Zicsr (ch. 9), Zifencei (ch. 3),
//! Zfh/Zfhmin (ratified Zfh v1.0, the "Zfh" chapter of later editions);
//! Privileged 20211203:
//! mret/sret (3.3.2), wfi (3.3.3), sfence.vma (4.2.1). Ratified extensions:
//! Zba, Zbb, Zbc, Zbs, Zbkb, Zbkc, Zbkx (Bit-Manipulation 1.0.0, Scalar
//! Cryptography 1.0.1), Zicond, Zcb, Zimop, Zcmop, Zawrs, Zacas, Zicbom,
//! Zicboz, Zicbop, Zihintpause, Zihintntl (see `extensions.rs`).

mod compressed;
pub mod decode;
mod decode_ext;
mod decode_fp;
pub mod disasm;
mod disasm_ext;
pub mod disasm_fp;
pub mod extensions;

pub use decode::decode;

/// The operation of a decoded instruction. Compressed instructions decode to
/// the 32-bit operation they expand to (Unprivileged 20191213, ch. 16).
/// Two bytes: with every ratified extension there are more than 256
/// operations; [`Instr`] stays 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Op {
    /// Any reserved or unsupported encoding: raises illegal instruction.
    Illegal,
    // RV64I
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Ld,
    Lbu,
    Lhu,
    Lwu,
    Sb,
    Sh,
    Sw,
    Sd,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Addiw,
    Slliw,
    Srliw,
    Sraiw,
    Addw,
    Subw,
    Sllw,
    Srlw,
    Sraw,
    Fence,
    FenceI,
    Ecall,
    Ebreak,
    // M
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    Mulw,
    Divw,
    Divuw,
    Remw,
    Remuw,
    // A (aq/rl are in `raw`; rvmmu has one hart and executes them in order)
    LrW,
    ScW,
    AmoswapW,
    AmoaddW,
    AmoxorW,
    AmoandW,
    AmoorW,
    AmominW,
    AmomaxW,
    AmominuW,
    AmomaxuW,
    LrD,
    ScD,
    AmoswapD,
    AmoaddD,
    AmoxorD,
    AmoandD,
    AmoorD,
    AmominD,
    AmomaxD,
    AmominuD,
    AmomaxuD,
    // Zicsr: the CSR number is `imm` (0..=4095); the *i forms keep uimm in `rs1`.
    Csrrw,
    Csrrs,
    Csrrc,
    Csrrwi,
    Csrrsi,
    Csrrci,
    // Privileged
    Mret,
    Sret,
    Wfi,
    SfenceVma,
    // Svinval (Privileged 20211203, chapter 8)
    SinvalVma,
    SfenceWInval,
    SfenceInvalIr,
    // F and D (chapters 11, 12): see `fp_ops!` and the field conventions in
    // decode.rs.
    Flw,
    Fsw,
    FmaddS,
    FmsubS,
    FnmsubS,
    FnmaddS,
    FaddS,
    FsubS,
    FmulS,
    FdivS,
    FsqrtS,
    FsgnjS,
    FsgnjnS,
    FsgnjxS,
    FminS,
    FmaxS,
    FcvtWS,
    FcvtWuS,
    FcvtLS,
    FcvtLuS,
    FmvXW,
    FeqS,
    FltS,
    FleS,
    FclassS,
    FcvtSW,
    FcvtSWu,
    FcvtSL,
    FcvtSLu,
    FmvWX,
    Fld,
    Fsd,
    FmaddD,
    FmsubD,
    FnmsubD,
    FnmaddD,
    FaddD,
    FsubD,
    FmulD,
    FdivD,
    FsqrtD,
    FsgnjD,
    FsgnjnD,
    FsgnjxD,
    FminD,
    FmaxD,
    FcvtSD,
    FcvtDS,
    FeqD,
    FltD,
    FleD,
    FclassD,
    FcvtWD,
    FcvtWuD,
    FcvtLD,
    FcvtLuD,
    FcvtDW,
    FcvtDWu,
    FcvtDL,
    FcvtDLu,
    FmvXD,
    FmvDX,
    // Zba (Bit-Manipulation 1.0.0, ch. 2.1): add.uw keeps rs2, slli.uw the
    // shift amount in `imm`.
    AddUw,
    Sh1add,
    Sh2add,
    Sh3add,
    Sh1addUw,
    Sh2addUw,
    Sh3addUw,
    SlliUw,
    // Zbb (ch. 2.2); the unary ones have `rs2` = 0, the immediate
    // rotations the shift amount in `imm`.
    Andn,
    Orn,
    Xnor,
    Clz,
    Clzw,
    Ctz,
    Ctzw,
    Cpop,
    Cpopw,
    Max,
    Maxu,
    Min,
    Minu,
    SextB,
    SextH,
    ZextH,
    Rol,
    Rolw,
    Ror,
    Rori,
    Roriw,
    Rorw,
    OrcB,
    Rev8,
    // Zbc (ch. 2.3), Zbkc: carry-less multiplication.
    Clmul,
    Clmulh,
    Clmulr,
    // Zbs (ch. 2.4): the *i forms keep the bit index in `imm`.
    Bclr,
    Bclri,
    Bext,
    Bexti,
    Binv,
    Binvi,
    Bset,
    Bseti,
    // Zbkb (ch. 2.5) beyond Zbb, Zbkx (ch. 2.7).
    Pack,
    Packh,
    Packw,
    Brev8,
    Xperm4,
    Xperm8,
    // Zicond 1.0.0.
    CzeroEqz,
    CzeroNez,
    // Zimop 1.0: `imm` = n of mop.r.n (0..=31) / mop.rr.n (0..=7).
    MopR,
    MopRr,
    // Zcmop 1.0: c.mop.n, `imm` = n (1, 3, .., 15); writes no register.
    CMop,
    // Zawrs 1.01.
    WrsNto,
    WrsSto,
    // Zacas 1.0.0 (aq/rl in `raw`); rd is also a source.
    AmocasW,
    AmocasD,
    AmocasQ,
    // Zicbom, Zicboz (CMO 1.0.1): `rs1` is the address.
    CboClean,
    CboFlush,
    CboInval,
    CboZero,
    // Zfh and Zfhmin (half precision, Zfh v1.0): see `zfh_ops!` and
    // hart/fp/half.rs.
    Flh,
    Fsh,
    FmaddH,
    FmsubH,
    FnmsubH,
    FnmaddH,
    FaddH,
    FsubH,
    FmulH,
    FdivH,
    FsqrtH,
    FsgnjH,
    FsgnjnH,
    FsgnjxH,
    FminH,
    FmaxH,
    FcvtSH,
    FcvtHS,
    FcvtDH,
    FcvtHD,
    FcvtWH,
    FcvtWuH,
    FcvtLH,
    FcvtLuH,
    FcvtHW,
    FcvtHWu,
    FcvtHL,
    FcvtHLu,
    FmvXH,
    FmvHX,
    FeqH,
    FltH,
    FleH,
    FclassH,
}

/// A pattern matching every F, D and Zfh operation (the hart forwards them
/// all to `hart/fp.rs`).
macro_rules! fp_ops {
    () => {
        $crate::isa::Op::Flw
            | $crate::isa::Op::Fsw
            | $crate::isa::Op::FmaddS
            | $crate::isa::Op::FmsubS
            | $crate::isa::Op::FnmsubS
            | $crate::isa::Op::FnmaddS
            | $crate::isa::Op::FaddS
            | $crate::isa::Op::FsubS
            | $crate::isa::Op::FmulS
            | $crate::isa::Op::FdivS
            | $crate::isa::Op::FsqrtS
            | $crate::isa::Op::FsgnjS
            | $crate::isa::Op::FsgnjnS
            | $crate::isa::Op::FsgnjxS
            | $crate::isa::Op::FminS
            | $crate::isa::Op::FmaxS
            | $crate::isa::Op::FcvtWS
            | $crate::isa::Op::FcvtWuS
            | $crate::isa::Op::FcvtLS
            | $crate::isa::Op::FcvtLuS
            | $crate::isa::Op::FmvXW
            | $crate::isa::Op::FeqS
            | $crate::isa::Op::FltS
            | $crate::isa::Op::FleS
            | $crate::isa::Op::FclassS
            | $crate::isa::Op::FcvtSW
            | $crate::isa::Op::FcvtSWu
            | $crate::isa::Op::FcvtSL
            | $crate::isa::Op::FcvtSLu
            | $crate::isa::Op::FmvWX
            | $crate::isa::Op::Fld
            | $crate::isa::Op::Fsd
            | $crate::isa::Op::FmaddD
            | $crate::isa::Op::FmsubD
            | $crate::isa::Op::FnmsubD
            | $crate::isa::Op::FnmaddD
            | $crate::isa::Op::FaddD
            | $crate::isa::Op::FsubD
            | $crate::isa::Op::FmulD
            | $crate::isa::Op::FdivD
            | $crate::isa::Op::FsqrtD
            | $crate::isa::Op::FsgnjD
            | $crate::isa::Op::FsgnjnD
            | $crate::isa::Op::FsgnjxD
            | $crate::isa::Op::FminD
            | $crate::isa::Op::FmaxD
            | $crate::isa::Op::FcvtSD
            | $crate::isa::Op::FcvtDS
            | $crate::isa::Op::FeqD
            | $crate::isa::Op::FltD
            | $crate::isa::Op::FleD
            | $crate::isa::Op::FclassD
            | $crate::isa::Op::FcvtWD
            | $crate::isa::Op::FcvtWuD
            | $crate::isa::Op::FcvtLD
            | $crate::isa::Op::FcvtLuD
            | $crate::isa::Op::FcvtDW
            | $crate::isa::Op::FcvtDWu
            | $crate::isa::Op::FcvtDL
            | $crate::isa::Op::FcvtDLu
            | $crate::isa::Op::FmvXD
            | $crate::isa::Op::FmvDX
            | $crate::isa::zfh_ops!()
    };
}
pub(crate) use fp_ops;

/// A pattern matching every Zfh/Zfhmin operation (part of `fp_ops!`).
macro_rules! zfh_ops {
    () => {
        $crate::isa::Op::Flh
            | $crate::isa::Op::Fsh
            | $crate::isa::Op::FmaddH
            | $crate::isa::Op::FmsubH
            | $crate::isa::Op::FnmsubH
            | $crate::isa::Op::FnmaddH
            | $crate::isa::Op::FaddH
            | $crate::isa::Op::FsubH
            | $crate::isa::Op::FmulH
            | $crate::isa::Op::FdivH
            | $crate::isa::Op::FsqrtH
            | $crate::isa::Op::FsgnjH
            | $crate::isa::Op::FsgnjnH
            | $crate::isa::Op::FsgnjxH
            | $crate::isa::Op::FminH
            | $crate::isa::Op::FmaxH
            | $crate::isa::Op::FcvtSH
            | $crate::isa::Op::FcvtHS
            | $crate::isa::Op::FcvtDH
            | $crate::isa::Op::FcvtHD
            | $crate::isa::Op::FcvtWH
            | $crate::isa::Op::FcvtWuH
            | $crate::isa::Op::FcvtLH
            | $crate::isa::Op::FcvtLuH
            | $crate::isa::Op::FcvtHW
            | $crate::isa::Op::FcvtHWu
            | $crate::isa::Op::FcvtHL
            | $crate::isa::Op::FcvtHLu
            | $crate::isa::Op::FmvXH
            | $crate::isa::Op::FmvHX
            | $crate::isa::Op::FeqH
            | $crate::isa::Op::FltH
            | $crate::isa::Op::FleH
            | $crate::isa::Op::FclassH
    };
}
pub(crate) use zfh_ops;

/// A pattern matching the Zicsr operations (the hart forwards them to
/// `exec_csr`).
macro_rules! csr_ops {
    () => {
        $crate::isa::Op::Csrrw
            | $crate::isa::Op::Csrrs
            | $crate::isa::Op::Csrrc
            | $crate::isa::Op::Csrrwi
            | $crate::isa::Op::Csrrsi
            | $crate::isa::Op::Csrrci
    };
}
pub(crate) use csr_ops;

/// A pattern matching the privileged and environment operations (the hart
/// forwards them to `exec_system`).
macro_rules! system_ops {
    () => {
        $crate::isa::Op::Ecall
            | $crate::isa::Op::Ebreak
            | $crate::isa::Op::Mret
            | $crate::isa::Op::Sret
            | $crate::isa::Op::Wfi
            | $crate::isa::Op::SfenceVma
            | $crate::isa::Op::WrsNto
            | $crate::isa::Op::WrsSto
            | $crate::isa::Op::SinvalVma
            | $crate::isa::Op::SfenceWInval
            | $crate::isa::Op::SfenceInvalIr
    };
}
pub(crate) use system_ops;

/// One decoded instruction: 16 bytes, `Copy`, cheap to cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instr {
    pub op: Op,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    /// Length in bytes: 2 (compressed) or 4.
    pub len: u8,
    /// The sign-extended immediate (branch/jump offsets in bytes, LUI/AUIPC
    /// already shifted left by 12, shift amounts, the CSR number).
    pub imm: i32,
    /// The instruction bits as fetched (16 or 32 bits, zero-extended); this
    /// is what `mtval` holds on an illegal-instruction trap.
    pub raw: u32,
}

// The decoded-block arena holds 256 Ki of them: keep them 16 bytes.
const _: () = assert!(std::mem::size_of::<Instr>() == 16);

impl Instr {
    /// An illegal instruction carrying its raw bits.
    pub const fn illegal(raw: u32, len: u8) -> Instr {
        Instr {
            op: Op::Illegal,
            rd: 0,
            rs1: 0,
            rs2: 0,
            len,
            imm: 0,
            raw,
        }
    }
}
