//! IEEE 754-2008 binary16/binary32/binary64 arithmetic as the Zfh, F and
//! D extensions define it (Unprivileged 20191213, chapters 11 and 12; Zfh
//! v1.0), on raw bit patterns.
//!
//! Rounded arithmetic, square root, fused multiply-add, comparisons and
//! conversions come from Berkeley SoftFloat 3 built with its RISC-V
//! specialisation (crate `softfloat-wrapper`): canonical NaN results,
//! tininess after rounding, RISC-V saturation values. What SoftFloat does
//! not provide (sign injection, FMIN/FMAX, FCLASS, NaN boxing) is bit logic
//! in `bits.rs`.
//!
//! SoftFloat keeps its exception flags in a thread-local C variable:
//! [`flagged`] clears them before an operation and reads them after, so
//! flags never leak between operations or between threads.

mod bits;
pub mod host;

pub use bits::*;
use softfloat_wrapper::{ExceptionFlags, RoundingMode};

/// fflags bits (section 11.2, Figure 11.3). SoftFloat's
/// `softfloat_flag_*` constants have exactly these values.
pub mod flags {
    /// Inexact.
    pub const NX: u8 = 1;
    /// Underflow.
    pub const UF: u8 = 2;
    /// Overflow.
    pub const OF: u8 = 4;
    /// Divide by zero.
    pub const DZ: u8 = 8;
    /// Invalid operation.
    pub const NV: u8 = 16;
}

/// A static rounding mode (section 11.2, Table 11.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Rounding {
    /// Round to nearest, ties to even.
    Rne = 0,
    /// Round towards zero.
    Rtz = 1,
    /// Round down (towards -inf).
    Rdn = 2,
    /// Round up (towards +inf).
    Rup = 3,
    /// Round to nearest, ties to max magnitude.
    Rmm = 4,
}

impl Rounding {
    /// The mode encoded as `rm` (or `frm`); `None` for 5, 6 and 7.
    #[inline]
    pub const fn from_bits(rm: u8) -> Option<Rounding> {
        Some(match rm {
            0 => Rounding::Rne,
            1 => Rounding::Rtz,
            2 => Rounding::Rdn,
            3 => Rounding::Rup,
            4 => Rounding::Rmm,
            _ => return None,
        })
    }

    /// The same mode for SoftFloat.
    #[inline]
    pub const fn softfloat(self) -> RoundingMode {
        match self {
            Rounding::Rne => RoundingMode::TiesToEven,
            Rounding::Rtz => RoundingMode::TowardZero,
            Rounding::Rdn => RoundingMode::TowardNegative,
            Rounding::Rup => RoundingMode::TowardPositive,
            Rounding::Rmm => RoundingMode::TiesToAway,
        }
    }
}

/// Runs one SoftFloat operation and returns its result with the exception
/// flags it raised (fflags bits).
#[inline]
pub fn flagged<T>(op: impl FnOnce() -> T) -> (T, u8) {
    ExceptionFlags::from_bits(0).set();
    let v = op();
    let mut fl = ExceptionFlags::default();
    fl.get();
    (v, fl.to_bits() & 0x1f)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use softfloat_wrapper::{Float, F32, F64};

    #[test]
    fn softfloat_flag_bits_are_the_fflags_bits() {
        let one = F64::from_bits(1.0f64.to_bits());
        let zero = F64::from_bits(0);
        let three = F64::from_bits(3.0f64.to_bits());
        let max = F64::from_bits(f64::MAX.to_bits());
        let tiny = F64::from_bits(f64::MIN_POSITIVE.to_bits());
        let rne = RoundingMode::TiesToEven;
        let cases: [(&str, (u64, u8), u8); 5] = [
            ("1/3", flagged(|| one.div(three, rne).to_bits()), flags::NX),
            ("1/0", flagged(|| one.div(zero, rne).to_bits()), flags::DZ),
            ("0/0", flagged(|| zero.div(zero, rne).to_bits()), flags::NV),
            (
                "max*max",
                flagged(|| max.mul(max, rne).to_bits()),
                flags::OF | flags::NX,
            ),
            (
                "min/3",
                flagged(|| tiny.div(three, rne).to_bits()),
                flags::UF | flags::NX,
            ),
        ];
        for (what, (_, got), want) in cases {
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn results_use_the_risc_v_canonical_nan() {
        let rne = RoundingMode::TiesToEven;
        let z32 = F32::from_bits(0);
        let inf64 = F64::from_bits(f64::INFINITY.to_bits());
        let (q, _) = flagged(|| z32.div(z32, rne).to_bits());
        assert_eq!(q, CANONICAL_NAN_S);
        let (d, fl) = flagged(|| inf64.sub(inf64, rne).to_bits());
        assert_eq!((d, fl), (CANONICAL_NAN_D, flags::NV));
        // A NaN operand propagates as the canonical NaN, not its payload.
        let payload = F64::from_bits(0xfff8_0000_dead_beef);
        let (d, fl) = flagged(|| payload.add(inf64, rne).to_bits());
        assert_eq!((d, fl), (CANONICAL_NAN_D, 0));
    }

    #[test]
    fn flags_do_not_leak_into_the_next_operation() {
        let rne = RoundingMode::TiesToEven;
        let z = F32::from_bits(0);
        let _ = flagged(|| z.div(z, rne));
        let one = F32::from_bits(1.0f32.to_bits());
        let (_, fl) = flagged(|| one.add(one, rne));
        assert_eq!(fl, 0);
    }

    #[test]
    fn rounding_modes_map_one_to_one() {
        for rm in 0..8u8 {
            match Rounding::from_bits(rm) {
                Some(r) => assert_eq!(r as u8, rm),
                None => assert!(rm >= 5),
            }
        }
        // 1 + 2^-24 is halfway between 1 and 1 + 2^-23 in binary32.
        let a = F32::from_bits(1.0f32.to_bits());
        let b = F32::from_bits(2f32.powi(-24).to_bits());
        let up = 1.0f32.to_bits() + 1;
        let down = 1.0f32.to_bits();
        for (r, want) in [
            (Rounding::Rne, down),
            (Rounding::Rtz, down),
            (Rounding::Rdn, down),
            (Rounding::Rup, up),
            (Rounding::Rmm, up),
        ] {
            let (v, fl) = flagged(|| a.add(b, r.softfloat()).to_bits());
            assert_eq!((v, fl), (want, flags::NX), "{r:?}");
        }
    }
}
