//! Zfh and Zfhmin, half-precision floating point (the "Zfh" and "Zfhmin"
//! chapter of the ratified Unprivileged ISA, 20191213 + Zfh v1.0): IEEE 754
//! binary16 in the 64-bit f registers, NaN-boxed (bits 63:16 all ones, or
//! the value reads as the canonical NaN 0x7e00), with the rounding, flags
//! and FS rules of F and D (`fp.rs` checks FS before it gets here).
//!
//! Zfhmin is FLH, FSH, FMV.X.H, FMV.H.X and the four conversions between
//! H and S/D; Zfh adds the arithmetic, comparisons, FCLASS.H and the
//! integer conversions. rvmmu implements both.

use super::Out;
use crate::fpu::{box_h, box_s, flagged, unbox_h, unbox_s, H};
use crate::hart::{Hart, Trap};
use crate::isa::{Instr, Op};
use softfloat_wrapper::{Float, F16, F32, F64};

/// The sign bit of binary16.
const SIGN_H: u16 = 1 << 15;

impl Hart {
    /// Executes one Zfh/Zfhmin instruction (every `Op` that `zfh_ops!`
    /// matches) up to its write-back: the result and the flags it raised.
    /// Only FSH changes anything here (memory, last); a fault or a
    /// reserved rounding mode traps before any result exists (the
    /// contract of `exec_fp`).
    pub(super) fn exec_h(&mut self, i: &Instr) -> Result<(Out, u8), Trap> {
        let (rs1, rs2) = (i.rs1, i.rs2);
        let rs3 = ((i.imm >> 3) & 31) as u8;
        let addr = || self.reg(rs1).wrapping_add(i.imm as i64 as u64);
        // Operands: binary16 and binary32 unboxed, binary64 as it is.
        let h_bits = |r: u8| unbox_h(self.freg(r));
        let h = |r: u8| F16::from_bits(h_bits(r));
        let neg_h = |r: u8| F16::from_bits(h_bits(r) ^ SIGN_H);
        let s = |r: u8| F32::from_bits(unbox_s(self.freg(r)));
        let d = |r: u8| F64::from_bits(self.freg(r));
        let x = |r: u8| self.reg(r);
        let half = |(v, fl): (F16, u8)| (Out::F(box_h(v.to_bits())), fl);
        let single = |(v, fl): (F32, u8)| (Out::F(box_s(v.to_bits())), fl);
        let double = |(v, fl): (F64, u8)| (Out::F(v.to_bits()), fl);
        let sext32 = |v: u32| v as i32 as i64 as u64;
        let int = |(v, fl): (u64, u8)| (Out::X(v), fl);

        Ok(match i.op {
            // Loads and stores (Zfhmin): FLH NaN-boxes, FSH stores bits
            // 15:0 unchanged, boxed or not.
            Op::Flh => (Out::F(box_h(self.load(addr(), 2)? as u16)), 0),
            Op::Fsh => {
                self.store(addr(), 2, self.freg(rs2) & 0xffff)?;
                (Out::Nothing, 0)
            }

            // Fused multiply-add, one rounding.
            Op::FmaddH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).fused_mul_add(h(rs2), h(rs3), r)))
            }
            Op::FmsubH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).fused_mul_add(h(rs2), neg_h(rs3), r)))
            }
            Op::FnmsubH => {
                let r = self.rounding(i)?;
                half(flagged(|| neg_h(rs1).fused_mul_add(h(rs2), h(rs3), r)))
            }
            Op::FnmaddH => {
                let r = self.rounding(i)?;
                half(flagged(|| neg_h(rs1).fused_mul_add(h(rs2), neg_h(rs3), r)))
            }

            // Arithmetic.
            Op::FaddH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).add(h(rs2), r)))
            }
            Op::FsubH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).sub(h(rs2), r)))
            }
            Op::FmulH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).mul(h(rs2), r)))
            }
            Op::FdivH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).div(h(rs2), r)))
            }
            Op::FsqrtH => {
                let r = self.rounding(i)?;
                half(flagged(|| h(rs1).sqrt(r)))
            }

            // Sign injection, min/max: bit logic on the unboxed values.
            Op::FsgnjH | Op::FsgnjnH | Op::FsgnjxH => {
                let kind = super::sign_kind(i.op);
                let v = H.sign_inject(u64::from(h_bits(rs1)), u64::from(h_bits(rs2)), kind);
                (Out::F(box_h(v as u16)), 0)
            }
            Op::FminH | Op::FmaxH => {
                let max = i.op == Op::FmaxH;
                let (v, fl) = H.min_max(u64::from(h_bits(rs1)), u64::from(h_bits(rs2)), max);
                (Out::F(box_h(v as u16)), fl)
            }

            // Between formats (Zfhmin): H to S/D is exact (NV for a
            // signalling NaN only); S/D to H rounds.
            Op::FcvtSH => {
                let r = self.rounding(i)?;
                single(flagged(|| h(rs1).to_f32(r)))
            }
            Op::FcvtDH => {
                let r = self.rounding(i)?;
                double(flagged(|| h(rs1).to_f64(r)))
            }
            Op::FcvtHS => {
                let r = self.rounding(i)?;
                half(flagged(|| s(rs1).to_f16(r)))
            }
            Op::FcvtHD => {
                let r = self.rounding(i)?;
                half(flagged(|| d(rs1).to_f16(r)))
            }

            // Float to integer: saturating as Table 11.4 (F), 32-bit
            // results sign-extended.
            Op::FcvtWH => {
                let r = self.rounding(i)?;
                int(flagged(|| sext32(h(rs1).to_i32(r, true) as u32)))
            }
            Op::FcvtWuH => {
                let r = self.rounding(i)?;
                int(flagged(|| sext32(h(rs1).to_u32(r, true))))
            }
            Op::FcvtLH => {
                let r = self.rounding(i)?;
                int(flagged(|| h(rs1).to_i64(r, true) as u64))
            }
            Op::FcvtLuH => {
                let r = self.rounding(i)?;
                int(flagged(|| h(rs1).to_u64(r, true)))
            }

            // Integer to float: rounds, and overflows for |x| >= 65520.
            Op::FcvtHW => {
                let r = self.rounding(i)?;
                half(flagged(|| F16::from_i32(x(rs1) as i32, r)))
            }
            Op::FcvtHWu => {
                let r = self.rounding(i)?;
                half(flagged(|| F16::from_u32(x(rs1) as u32, r)))
            }
            Op::FcvtHL => {
                let r = self.rounding(i)?;
                half(flagged(|| F16::from_i64(x(rs1) as i64, r)))
            }
            Op::FcvtHLu => {
                let r = self.rounding(i)?;
                half(flagged(|| F16::from_u64(x(rs1), r)))
            }

            // Moves (Zfhmin): bits 15:0 unchanged, no NaN boxing checked;
            // FMV.X.H sign-extends.
            Op::FmvXH => (Out::X(self.freg(rs1) as u16 as i16 as i64 as u64), 0),
            Op::FmvHX => (Out::F(box_h(x(rs1) as u16)), 0),

            // Comparisons: FEQ.H quiet, FLT.H/FLE.H signalling.
            Op::FeqH => int(flagged(|| u64::from(h(rs1).eq(h(rs2))))),
            Op::FltH => int(flagged(|| u64::from(h(rs1).lt(h(rs2))))),
            Op::FleH => int(flagged(|| u64::from(h(rs1).le(h(rs2))))),

            Op::FclassH => (Out::X(H.classify(u64::from(h_bits(rs1)))), 0),

            _ => return Err(Trap::illegal(i.raw)),
        })
    }
}

#[cfg(test)]
mod tests;
