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
//!
//! Crate `rvmmu-isa`: it depends on nothing else in rvmmu (no hart, no
//! memory). The emulator re-exports it as `emulator::isa`. The pattern
//! macros ([`fp_ops!`], [`zfh_ops!`], [`csr_ops!`], [`system_ops!`]) are
//! exported at this crate's root, so `crate::isa::fp_ops!()` works there.

mod compressed;
pub mod decode;
mod decode_ext;
mod decode_fp;
mod decode_h;
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
    // H (Privileged 20211203, section 8.2): hypervisor virtual-machine
    // loads and stores (rd, rs1; HSV's value in rs2) and the fences
    // (rs1, rs2 as sfence.vma). See `decode_h.rs`.
    HlvB,
    HlvBu,
    HlvH,
    HlvHu,
    HlvxHu,
    HlvW,
    HlvWu,
    HlvxWu,
    HlvD,
    HsvB,
    HsvH,
    HsvW,
    HsvD,
    /// HFENCE.VVMA, and HINVAL.VVMA (Svinval) when raw bit 26 is set (see
    /// `decode_h::is_hinval`): the same operation on this hart.
    HfenceVvma,
    /// HFENCE.GVMA, and HINVAL.GVMA likewise.
    HfenceGvma,
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
#[macro_export]
macro_rules! fp_ops {
    () => {
        $crate::Op::Flw
            | $crate::Op::Fsw
            | $crate::Op::FmaddS
            | $crate::Op::FmsubS
            | $crate::Op::FnmsubS
            | $crate::Op::FnmaddS
            | $crate::Op::FaddS
            | $crate::Op::FsubS
            | $crate::Op::FmulS
            | $crate::Op::FdivS
            | $crate::Op::FsqrtS
            | $crate::Op::FsgnjS
            | $crate::Op::FsgnjnS
            | $crate::Op::FsgnjxS
            | $crate::Op::FminS
            | $crate::Op::FmaxS
            | $crate::Op::FcvtWS
            | $crate::Op::FcvtWuS
            | $crate::Op::FcvtLS
            | $crate::Op::FcvtLuS
            | $crate::Op::FmvXW
            | $crate::Op::FeqS
            | $crate::Op::FltS
            | $crate::Op::FleS
            | $crate::Op::FclassS
            | $crate::Op::FcvtSW
            | $crate::Op::FcvtSWu
            | $crate::Op::FcvtSL
            | $crate::Op::FcvtSLu
            | $crate::Op::FmvWX
            | $crate::Op::Fld
            | $crate::Op::Fsd
            | $crate::Op::FmaddD
            | $crate::Op::FmsubD
            | $crate::Op::FnmsubD
            | $crate::Op::FnmaddD
            | $crate::Op::FaddD
            | $crate::Op::FsubD
            | $crate::Op::FmulD
            | $crate::Op::FdivD
            | $crate::Op::FsqrtD
            | $crate::Op::FsgnjD
            | $crate::Op::FsgnjnD
            | $crate::Op::FsgnjxD
            | $crate::Op::FminD
            | $crate::Op::FmaxD
            | $crate::Op::FcvtSD
            | $crate::Op::FcvtDS
            | $crate::Op::FeqD
            | $crate::Op::FltD
            | $crate::Op::FleD
            | $crate::Op::FclassD
            | $crate::Op::FcvtWD
            | $crate::Op::FcvtWuD
            | $crate::Op::FcvtLD
            | $crate::Op::FcvtLuD
            | $crate::Op::FcvtDW
            | $crate::Op::FcvtDWu
            | $crate::Op::FcvtDL
            | $crate::Op::FcvtDLu
            | $crate::Op::FmvXD
            | $crate::Op::FmvDX
            | $crate::zfh_ops!()
    };
}

/// A pattern matching every Zfh/Zfhmin operation (part of `fp_ops!`).
#[macro_export]
macro_rules! zfh_ops {
    () => {
        $crate::Op::Flh
            | $crate::Op::Fsh
            | $crate::Op::FmaddH
            | $crate::Op::FmsubH
            | $crate::Op::FnmsubH
            | $crate::Op::FnmaddH
            | $crate::Op::FaddH
            | $crate::Op::FsubH
            | $crate::Op::FmulH
            | $crate::Op::FdivH
            | $crate::Op::FsqrtH
            | $crate::Op::FsgnjH
            | $crate::Op::FsgnjnH
            | $crate::Op::FsgnjxH
            | $crate::Op::FminH
            | $crate::Op::FmaxH
            | $crate::Op::FcvtSH
            | $crate::Op::FcvtHS
            | $crate::Op::FcvtDH
            | $crate::Op::FcvtHD
            | $crate::Op::FcvtWH
            | $crate::Op::FcvtWuH
            | $crate::Op::FcvtLH
            | $crate::Op::FcvtLuH
            | $crate::Op::FcvtHW
            | $crate::Op::FcvtHWu
            | $crate::Op::FcvtHL
            | $crate::Op::FcvtHLu
            | $crate::Op::FmvXH
            | $crate::Op::FmvHX
            | $crate::Op::FeqH
            | $crate::Op::FltH
            | $crate::Op::FleH
            | $crate::Op::FclassH
    };
}

/// A pattern matching the Zicsr operations (the hart forwards them to
/// `exec_csr`).
#[macro_export]
macro_rules! csr_ops {
    () => {
        $crate::Op::Csrrw
            | $crate::Op::Csrrs
            | $crate::Op::Csrrc
            | $crate::Op::Csrrwi
            | $crate::Op::Csrrsi
            | $crate::Op::Csrrci
    };
}

/// A pattern matching the H extension's instructions (part of
/// [`system_ops!`]: they run out of line, in `exec_system`).
#[macro_export]
macro_rules! h_ops {
    () => {
        $crate::Op::HlvB
            | $crate::Op::HlvBu
            | $crate::Op::HlvH
            | $crate::Op::HlvHu
            | $crate::Op::HlvxHu
            | $crate::Op::HlvW
            | $crate::Op::HlvWu
            | $crate::Op::HlvxWu
            | $crate::Op::HlvD
            | $crate::Op::HsvB
            | $crate::Op::HsvH
            | $crate::Op::HsvW
            | $crate::Op::HsvD
            | $crate::Op::HfenceVvma
            | $crate::Op::HfenceGvma
    };
}

/// A pattern matching the privileged and environment operations (the hart
/// forwards them to `exec_system`).
#[macro_export]
macro_rules! system_ops {
    () => {
        $crate::Op::Ecall
            | $crate::Op::Ebreak
            | $crate::Op::Mret
            | $crate::Op::Sret
            | $crate::Op::Wfi
            | $crate::Op::SfenceVma
            | $crate::Op::WrsNto
            | $crate::Op::WrsSto
            | $crate::Op::SinvalVma
            | $crate::Op::SfenceWInval
            | $crate::Op::SfenceInvalIr
            | $crate::h_ops!()
    };
}

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
