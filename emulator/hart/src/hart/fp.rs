//! The F and D extensions (Unprivileged 20191213, chapters 11 and 12): the
//! FP register file, fcsr, and the execution of every F/D instruction;
//! Zfh/Zfhmin in `fp/half.rs`.
//!
//! mstatus.FS (Privileged 20211203, section 3.1.6.6): with FS = Off every
//! FP instruction and every access to fflags/frm/fcsr is illegal; any
//! change of FP state (an f register written, a flag raised, an fcsr
//! write) sets FS = Dirty. SD is derived from FS on read (csr.rs).
//!
//! Contract (as in exec.rs): on a trap nothing has changed; memory is
//! accessed, and the rounding mode checked, before any register write.

use super::csr::MSTATUS_FS;
use super::{Hart, Trap};
use crate::fpu::host::{self, Op2};
use crate::fpu::{box_s, flagged, unbox_s, Rounding, SignInjection, D, S};
use crate::isa::{Instr, Op};
use softfloat_wrapper::{Float, RoundingMode, F32, F64};

/// The rm value meaning "use frm" (section 11.2).
const RM_DYNAMIC: u8 = 7;

/// CSR numbers of the FP control and status register (section 11.2).
pub mod addr {
    pub const FFLAGS: u16 = 0x001;
    pub const FRM: u16 = 0x002;
    pub const FCSR: u16 = 0x003;
}

/// The FP state of a hart: f0..f31 (FLEN = 64) and fcsr.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FpState {
    /// f0..f31; binary32 and binary16 values are NaN-boxed (section 12.2).
    pub f: [u64; 32],
    /// fcsr[4:0]: the accrued exception flags NV DZ OF UF NX.
    pub fflags: u8,
    /// fcsr[7:5]: the dynamic rounding mode (any 3-bit value; 5..7 make
    /// dynamic-rm instructions illegal).
    pub frm: u8,
}

impl FpState {
    /// fcsr: frm in bits 7:5, fflags in bits 4:0 (Figure 11.2).
    #[inline]
    pub fn fcsr(&self) -> u64 {
        u64::from(self.frm) << 5 | u64::from(self.fflags)
    }

    /// fflags, frm or fcsr (`n` = 1, 2, 3; any other number reads fcsr),
    /// whatever mstatus.FS is: the hart's checks are in `fp_csr_read`.
    pub fn csr(&self, n: u16) -> u64 {
        match n {
            addr::FFLAGS => u64::from(self.fflags),
            addr::FRM => u64::from(self.frm),
            _ => self.fcsr(),
        }
    }

    /// Sets fflags, frm or fcsr (any other `n` writes fcsr); fcsr bits
    /// 31:8 are reserved and ignored.
    fn set_csr(&mut self, n: u16, v: u64) {
        match n {
            addr::FFLAGS => self.fflags = (v & 0x1f) as u8,
            addr::FRM => self.frm = (v & 7) as u8,
            _ => {
                self.fflags = (v & 0x1f) as u8;
                self.frm = ((v >> 5) & 7) as u8;
            }
        }
    }
}

/// Where an FP instruction's result goes.
enum Out {
    F(u64),
    X(u64),
    /// Nowhere (a store).
    Nothing,
}

const SIGN_S: u32 = 1 << 31;
const SIGN_D: u64 = 1 << 63;

impl Hart {
    /// Reads f register `r`.
    #[inline]
    pub fn freg(&self, r: u8) -> u64 {
        self.fp.f[(r & 31) as usize]
    }

    /// Sets mstatus.FS = Dirty, and with V = 1 vsstatus.FS too
    /// (Privileged 20211203, section 8.2.11).
    #[inline]
    fn fs_dirty(&mut self) {
        self.csr.mstatus |= MSTATUS_FS;
        if self.virt {
            self.csr.h.vsstatus |= MSTATUS_FS;
        }
    }

    /// Whether FP instructions and CSRs are off: mstatus.FS = Off, or
    /// with V = 1 vsstatus.FS = Off (an illegal instruction either way,
    /// section 8.6.1).
    #[inline]
    fn fp_off(&self) -> bool {
        self.csr.mstatus & MSTATUS_FS == 0 || (self.virt && self.csr.h.vsstatus & MSTATUS_FS == 0)
    }

    /// The rounding mode of `i`: its rm field, or frm when rm is dynamic.
    /// Illegal when the mode is reserved (section 11.2).
    #[inline]
    fn rounding(&self, i: &Instr) -> Result<RoundingMode, Trap> {
        let rm = (i.imm & 7) as u8;
        let rm = if rm == RM_DYNAMIC { self.fp.frm } else { rm };
        match Rounding::from_bits(rm) {
            Some(r) => Ok(r.softfloat()),
            None => Err(Trap::illegal(i.raw)),
        }
    }

    /// Whether the host's arithmetic may answer (`fpu::host`): the
    /// rounding is RNE.
    #[inline(always)]
    fn host_fp(&self, r: RoundingMode) -> bool {
        matches!(r, RoundingMode::TiesToEven)
    }

    /// Executes one F/D/Zfh instruction (every `Op` that `fp_ops!`
    /// matches).
    pub(super) fn exec_fp(&mut self, i: Instr) -> Result<(), Trap> {
        if self.fp_off() {
            return Err(Trap::illegal(i.raw));
        }
        let (rd, rs1, rs2) = (i.rd, i.rs1, i.rs2);
        let rs3 = ((i.imm >> 3) & 31) as u8;
        let addr = || self.reg(rs1).wrapping_add(i.imm as i64 as u64);
        // Operands: binary32 values unboxed, binary64 as they are.
        let s_bits = |r: u8| unbox_s(self.freg(r));
        let s = |r: u8| F32::from_bits(s_bits(r));
        let d = |r: u8| F64::from_bits(self.freg(r));
        let neg_s = |r: u8| F32::from_bits(s_bits(r) ^ SIGN_S);
        let neg_d = |r: u8| F64::from_bits(self.freg(r) ^ SIGN_D);
        let x = |r: u8| self.reg(r);
        let boxed = |(v, fl): (F32, u8)| (Out::F(box_s(v.to_bits())), fl);
        let double = |(v, fl): (F64, u8)| (Out::F(v.to_bits()), fl);
        let sext32 = |v: u32| v as i32 as i64 as u64;
        let int = |(v, fl): (u64, u8)| (Out::X(v), fl);

        let (out, fl) = match i.op {
            // Loads and stores (sections 11.5, 12.3): FLW NaN-boxes, FSW and
            // FSD store the register bits unchanged.
            Op::Flw => (Out::F(box_s(self.load(addr(), 4)? as u32)), 0),
            Op::Fld => (Out::F(self.load(addr(), 8)?), 0),
            Op::Fsw => return self.store(addr(), 4, self.freg(rs2) & 0xffff_ffff),
            Op::Fsd => return self.store(addr(), 8, self.freg(rs2)),

            // Fused multiply-add, one rounding (section 11.6).
            Op::FmaddS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::fma_s(s(rs1).to_bits(), s_bits(rs2), s(rs3).to_bits(), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| s(rs1).fused_mul_add(s(rs2), s(rs3), r))),
                }
            }
            Op::FmsubS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::fma_s(s(rs1).to_bits(), s_bits(rs2), neg_s(rs3).to_bits(), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| s(rs1).fused_mul_add(s(rs2), neg_s(rs3), r))),
                }
            }
            Op::FnmsubS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::fma_s(neg_s(rs1).to_bits(), s_bits(rs2), s(rs3).to_bits(), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| neg_s(rs1).fused_mul_add(s(rs2), s(rs3), r))),
                }
            }
            Op::FnmaddS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self.host_fp(r).then(|| {
                    host::fma_s(neg_s(rs1).to_bits(), s_bits(rs2), neg_s(rs3).to_bits(), nx)
                });
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| neg_s(rs1).fused_mul_add(s(rs2), neg_s(rs3), r))),
                }
            }
            Op::FmaddD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::fma_d(d(rs1).to_bits(), self.freg(rs2), d(rs3).to_bits(), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| d(rs1).fused_mul_add(d(rs2), d(rs3), r))),
                }
            }
            Op::FmsubD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self.host_fp(r).then(|| {
                    host::fma_d(d(rs1).to_bits(), self.freg(rs2), neg_d(rs3).to_bits(), nx)
                });
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| d(rs1).fused_mul_add(d(rs2), neg_d(rs3), r))),
                }
            }
            Op::FnmsubD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self.host_fp(r).then(|| {
                    host::fma_d(neg_d(rs1).to_bits(), self.freg(rs2), d(rs3).to_bits(), nx)
                });
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| neg_d(rs1).fused_mul_add(d(rs2), d(rs3), r))),
                }
            }
            Op::FnmaddD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self.host_fp(r).then(|| {
                    host::fma_d(
                        neg_d(rs1).to_bits(),
                        self.freg(rs2),
                        neg_d(rs3).to_bits(),
                        nx,
                    )
                });
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| neg_d(rs1).fused_mul_add(d(rs2), neg_d(rs3), r))),
                }
            }

            // Arithmetic (section 11.6).
            Op::FaddS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::s2(Op2::Add, s_bits(rs1), s_bits(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| s(rs1).add(s(rs2), r))),
                }
            }
            Op::FsubS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::s2(Op2::Sub, s_bits(rs1), s_bits(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| s(rs1).sub(s(rs2), r))),
                }
            }
            Op::FmulS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::s2(Op2::Mul, s_bits(rs1), s_bits(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| s(rs1).mul(s(rs2), r))),
                }
            }
            Op::FdivS => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::s2(Op2::Div, s_bits(rs1), s_bits(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(box_s(v)), fl),
                    None => boxed(flagged(|| s(rs1).div(s(rs2), r))),
                }
            }
            Op::FsqrtS => {
                let r = self.rounding(&i)?;
                boxed(flagged(|| s(rs1).sqrt(r)))
            }
            Op::FaddD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::d2(Op2::Add, self.freg(rs1), self.freg(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| d(rs1).add(d(rs2), r))),
                }
            }
            Op::FsubD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::d2(Op2::Sub, self.freg(rs1), self.freg(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| d(rs1).sub(d(rs2), r))),
                }
            }
            Op::FmulD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::d2(Op2::Mul, self.freg(rs1), self.freg(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| d(rs1).mul(d(rs2), r))),
                }
            }
            Op::FdivD => {
                let r = self.rounding(&i)?;
                let nx = self.fp.fflags & crate::fpu::flags::NX != 0;
                let host = self
                    .host_fp(r)
                    .then(|| host::d2(Op2::Div, self.freg(rs1), self.freg(rs2), nx));
                match host.flatten() {
                    Some((v, fl)) => (Out::F(v), fl),
                    None => double(flagged(|| d(rs1).div(d(rs2), r))),
                }
            }
            Op::FsqrtD => {
                let r = self.rounding(&i)?;
                double(flagged(|| d(rs1).sqrt(r)))
            }

            // Sign injection, min/max (section 11.6).
            Op::FsgnjS | Op::FsgnjnS | Op::FsgnjxS => {
                let kind = sign_kind(i.op);
                let v = S.sign_inject(u64::from(s_bits(rs1)), u64::from(s_bits(rs2)), kind);
                (Out::F(box_s(v as u32)), 0)
            }
            Op::FsgnjD | Op::FsgnjnD | Op::FsgnjxD => {
                let v = D.sign_inject(self.freg(rs1), self.freg(rs2), sign_kind(i.op));
                (Out::F(v), 0)
            }
            Op::FminS | Op::FmaxS => {
                let max = i.op == Op::FmaxS;
                let (v, fl) = S.min_max(u64::from(s_bits(rs1)), u64::from(s_bits(rs2)), max);
                (Out::F(box_s(v as u32)), fl)
            }
            Op::FminD | Op::FmaxD => {
                let max = i.op == Op::FmaxD;
                let (v, fl) = D.min_max(self.freg(rs1), self.freg(rs2), max);
                (Out::F(v), fl)
            }

            // Float to integer: saturating, NV on NaN or out of range, NX
            // when inexact (section 11.7, Table 11.4). The 32-bit results,
            // FCVT.WU included, are sign-extended.
            Op::FcvtWS => {
                let r = self.rounding(&i)?;
                int(flagged(|| sext32(s(rs1).to_i32(r, true) as u32)))
            }
            Op::FcvtWuS => {
                let r = self.rounding(&i)?;
                int(flagged(|| sext32(s(rs1).to_u32(r, true))))
            }
            Op::FcvtLS => {
                let r = self.rounding(&i)?;
                int(flagged(|| s(rs1).to_i64(r, true) as u64))
            }
            Op::FcvtLuS => {
                let r = self.rounding(&i)?;
                int(flagged(|| s(rs1).to_u64(r, true)))
            }
            Op::FcvtWD => {
                let r = self.rounding(&i)?;
                int(flagged(|| sext32(d(rs1).to_i32(r, true) as u32)))
            }
            Op::FcvtWuD => {
                let r = self.rounding(&i)?;
                int(flagged(|| sext32(d(rs1).to_u32(r, true))))
            }
            Op::FcvtLD => {
                let r = self.rounding(&i)?;
                int(flagged(|| d(rs1).to_i64(r, true) as u64))
            }
            Op::FcvtLuD => {
                let r = self.rounding(&i)?;
                int(flagged(|| d(rs1).to_u64(r, true)))
            }

            // Integer to float (section 11.7).
            Op::FcvtSW => {
                let r = self.rounding(&i)?;
                boxed(flagged(|| F32::from_i32(x(rs1) as i32, r)))
            }
            Op::FcvtSWu => {
                let r = self.rounding(&i)?;
                boxed(flagged(|| F32::from_u32(x(rs1) as u32, r)))
            }
            Op::FcvtSL => {
                let r = self.rounding(&i)?;
                boxed(flagged(|| F32::from_i64(x(rs1) as i64, r)))
            }
            Op::FcvtSLu => {
                let r = self.rounding(&i)?;
                boxed(flagged(|| F32::from_u64(x(rs1), r)))
            }
            Op::FcvtDW => {
                let r = self.rounding(&i)?;
                double(flagged(|| F64::from_i32(x(rs1) as i32, r)))
            }
            Op::FcvtDWu => {
                let r = self.rounding(&i)?;
                double(flagged(|| F64::from_u32(x(rs1) as u32, r)))
            }
            Op::FcvtDL => {
                let r = self.rounding(&i)?;
                double(flagged(|| F64::from_i64(x(rs1) as i64, r)))
            }
            Op::FcvtDLu => {
                let r = self.rounding(&i)?;
                double(flagged(|| F64::from_u64(x(rs1), r)))
            }

            // Between formats (section 12.5).
            Op::FcvtSD => {
                let r = self.rounding(&i)?;
                boxed(flagged(|| d(rs1).to_f32(r)))
            }
            Op::FcvtDS => {
                let r = self.rounding(&i)?;
                double(flagged(|| s(rs1).to_f64(r)))
            }

            // Moves: bit patterns unchanged, no NaN boxing checked
            // (sections 11.7, 12.6).
            Op::FmvXW => (Out::X(sext32(self.freg(rs1) as u32)), 0),
            Op::FmvWX => (Out::F(box_s(x(rs1) as u32)), 0),
            Op::FmvXD => (Out::X(self.freg(rs1)), 0),
            Op::FmvDX => (Out::F(x(rs1)), 0),

            // Comparisons (section 11.8): FEQ is quiet (NV on sNaN only),
            // FLT and FLE signal NV on any NaN.
            Op::FeqS => int(flagged(|| u64::from(s(rs1).eq(s(rs2))))),
            Op::FltS => int(flagged(|| u64::from(s(rs1).lt(s(rs2))))),
            Op::FleS => int(flagged(|| u64::from(s(rs1).le(s(rs2))))),
            Op::FeqD => int(flagged(|| u64::from(d(rs1).eq(d(rs2))))),
            Op::FltD => int(flagged(|| u64::from(d(rs1).lt(d(rs2))))),
            Op::FleD => int(flagged(|| u64::from(d(rs1).le(d(rs2))))),

            // Classification (section 11.9).
            Op::FclassS => (Out::X(S.classify(u64::from(s_bits(rs1)))), 0),
            Op::FclassD => (Out::X(D.classify(self.freg(rs1))), 0),

            crate::isa::zfh_ops!() => self.exec_h(&i)?,

            _ => return Err(Trap::illegal(i.raw)),
        };
        match out {
            Out::F(v) => {
                self.fp.f[(rd & 31) as usize] = v;
                self.fs_dirty();
            }
            Out::X(v) => self.set_reg(rd, v),
            Out::Nothing => {}
        }
        if fl != 0 {
            self.fp.fflags |= fl;
            self.fs_dirty();
        }
        Ok(())
    }

    /// Reads fflags, frm or fcsr; illegal when mstatus.FS = Off.
    pub(crate) fn fp_csr_read(&self, n: u16, raw: u32) -> Result<u64, Trap> {
        if self.fp_off() {
            return Err(Trap::illegal(raw));
        }
        Ok(self.fp.csr(n))
    }

    /// Writes fflags, frm or fcsr (after a successful `fp_csr_read`);
    /// fcsr bits 31:8 are reserved and ignored. Sets FS = Dirty.
    pub(crate) fn fp_csr_write(&mut self, n: u16, v: u64) {
        self.fp.set_csr(n, v);
        self.fs_dirty();
    }

    /// A debugger's write of f register `r` (gdb): the register changes
    /// whatever mstatus.FS is; FS becomes Dirty unless it is Off, as when
    /// a debug module runs an FMV with FS enabled for the access and then
    /// restores mstatus (RISC-V Debug Support 0.13, "Access Register").
    pub fn debug_write_freg(&mut self, r: u8, v: u64) {
        self.fp.f[(r & 31) as usize] = v;
        self.debug_fs_dirty();
    }

    /// A debugger's write of fflags, frm or fcsr (`n` = 1, 2, 3), with the
    /// FS rule of [`Hart::debug_write_freg`].
    pub fn debug_write_fp_csr(&mut self, n: u16, v: u64) {
        self.fp.set_csr(n, v);
        self.debug_fs_dirty();
    }

    fn debug_fs_dirty(&mut self) {
        if self.csr.mstatus & MSTATUS_FS != 0 {
            self.fs_dirty();
        }
    }
}

/// The sign-injection kind of FSGNJ*/FSGNJN*/FSGNJX* (S, D and H).
#[inline]
fn sign_kind(op: Op) -> SignInjection {
    match op {
        Op::FsgnjS | Op::FsgnjD | Op::FsgnjH => SignInjection::Copy,
        Op::FsgnjnS | Op::FsgnjnD | Op::FsgnjnH => SignInjection::Negate,
        _ => SignInjection::Xor,
    }
}

mod half;
#[cfg(test)]
mod tests;
