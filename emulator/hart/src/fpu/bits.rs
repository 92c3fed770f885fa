//! The F/D/Zfh operations that are bit logic rather than arithmetic: NaN
//! boxing (section 12.2), sign injection (11.6), FMIN/FMAX (11.6), FCLASS
//! (11.9). Values of any format travel in a `u64` (binary32 in the low 32
//! bits, binary16 in the low 16).

use super::flags;

/// The canonical NaN of binary32 (section 11.3).
pub const CANONICAL_NAN_S: u32 = 0x7fc0_0000;
/// The canonical NaN of binary64 (section 12.3).
pub const CANONICAL_NAN_D: u64 = 0x7ff8_0000_0000_0000;

/// The canonical NaN of binary16 (Zfh: "the canonical NaN ... 0x7e00").
pub const CANONICAL_NAN_H: u16 = 0x7e00;

/// The upper half of a NaN-boxed binary32 value.
const BOX: u64 = 0xffff_ffff_0000_0000;
/// Bits 63:16 of a NaN-boxed binary16 value.
const BOX_H: u64 = 0xffff_ffff_ffff_0000;

/// The value of a narrower format held in a 64-bit FP register whose
/// NaN box is `box_bits`: the register if the box is all ones, otherwise
/// `canonical_nan` (section 12.2; Zfh for binary16).
#[inline]
const fn unbox(r: u64, box_bits: u64, canonical_nan: u64) -> u64 {
    if r & box_bits == box_bits {
        r
    } else {
        canonical_nan
    }
}

/// NaN-boxes a binary32 value into a 64-bit FP register (section 12.2).
#[inline]
pub const fn box_s(v: u32) -> u64 {
    BOX | v as u64
}

/// The binary32 value held in a 64-bit FP register: its low half if it is
/// correctly NaN-boxed, otherwise the canonical NaN (section 12.2).
#[inline]
pub const fn unbox_s(r: u64) -> u32 {
    unbox(r, BOX, CANONICAL_NAN_S as u64) as u32
}

/// NaN-boxes a binary16 value into a 64-bit FP register (Zfh, as section
/// 12.2 for binary32).
#[inline]
pub const fn box_h(v: u16) -> u64 {
    BOX_H | v as u64
}

/// The binary16 value held in a 64-bit FP register: its low 16 bits if
/// bits 63:16 are all ones, otherwise the canonical NaN.
#[inline]
pub const fn unbox_h(r: u64) -> u16 {
    unbox(r, BOX_H, CANONICAL_NAN_H as u64) as u16
}

/// The layout of one IEEE 754 binary format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    sign: u64,
    exp: u64,
    frac: u64,
    /// The most significant fraction bit: set in quiet NaNs.
    quiet: u64,
    canonical_nan: u64,
}

/// binary16 (Zfh).
pub const H: Format = Format {
    sign: 1 << 15,
    exp: 0x1f << 10,
    frac: (1 << 10) - 1,
    quiet: 1 << 9,
    canonical_nan: CANONICAL_NAN_H as u64,
};

/// binary32.
pub const S: Format = Format {
    sign: 1 << 31,
    exp: 0xff << 23,
    frac: (1 << 23) - 1,
    quiet: 1 << 22,
    canonical_nan: CANONICAL_NAN_S as u64,
};

/// binary64.
pub const D: Format = Format {
    sign: 1 << 63,
    exp: 0x7ff << 52,
    frac: (1 << 52) - 1,
    quiet: 1 << 51,
    canonical_nan: CANONICAL_NAN_D,
};

/// Which sign-injection instruction (section 11.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInjection {
    /// FSGNJ: the sign of rs2.
    Copy,
    /// FSGNJN: the opposite of the sign of rs2.
    Negate,
    /// FSGNJX: the xor of both signs.
    Xor,
}

impl Format {
    #[inline]
    fn mask(self) -> u64 {
        self.sign | (self.sign - 1)
    }

    /// Whether `v` is a NaN.
    #[inline]
    pub const fn is_nan(self, v: u64) -> bool {
        v & self.exp == self.exp && v & self.frac != 0
    }

    /// Whether `v` is a signalling NaN (quiet bit clear).
    #[inline]
    pub const fn is_snan(self, v: u64) -> bool {
        self.is_nan(v) && v & self.quiet == 0
    }

    /// FSGNJ/FSGNJN/FSGNJX: the magnitude of `a` with a sign from `b`.
    #[inline]
    pub fn sign_inject(self, a: u64, b: u64, kind: SignInjection) -> u64 {
        let sign = match kind {
            SignInjection::Copy => b & self.sign,
            SignInjection::Negate => !b & self.sign,
            SignInjection::Xor => (a ^ b) & self.sign,
        };
        (a & (self.mask() & !self.sign)) | sign
    }

    /// A key whose unsigned order is the numeric order of non-NaN values,
    /// with -0 below +0.
    #[inline]
    fn order_key(self, v: u64) -> u64 {
        if v & self.sign != 0 {
            !v & self.mask()
        } else {
            v | self.sign
        }
    }

    /// FMIN (`max` = false) or FMAX (`max` = true), section 11.6 as
    /// amended for IEEE 754-2019 minimumNumber/maximumNumber: -0 is below
    /// +0; one NaN operand gives the other operand; two give the canonical
    /// NaN; a signalling NaN operand raises NV.
    pub fn min_max(self, a: u64, b: u64, max: bool) -> (u64, u8) {
        let fl = if self.is_snan(a) || self.is_snan(b) {
            flags::NV
        } else {
            0
        };
        let v = match (self.is_nan(a), self.is_nan(b)) {
            (true, true) => self.canonical_nan,
            (true, false) => b,
            (false, true) => a,
            (false, false) => {
                let a_less = self.order_key(a) < self.order_key(b);
                if a_less != max {
                    a
                } else {
                    b
                }
            }
        };
        (v, fl)
    }

    /// FCLASS (section 11.9, Table 11.5): a one-hot mask.
    pub fn classify(self, v: u64) -> u64 {
        let neg = v & self.sign != 0;
        let exp = v & self.exp;
        let frac = v & self.frac;
        let bit = if exp == self.exp {
            match (frac != 0, frac & self.quiet != 0, neg) {
                (true, true, _) => 9,
                (true, false, _) => 8,
                (false, _, true) => 0,
                (false, _, false) => 7,
            }
        } else if exp == 0 {
            match (frac != 0, neg) {
                (false, true) => 3,
                (false, false) => 4,
                (true, true) => 2,
                (true, false) => 5,
            }
        } else if neg {
            1
        } else {
            6
        };
        1 << bit
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const P0: u64 = 0;
    const N0: u64 = 0x8000_0000;
    const ONE: u64 = 0x3f80_0000;
    const NEG_ONE: u64 = 0xbf80_0000;
    const TWO: u64 = 0x4000_0000;
    const INF: u64 = 0x7f80_0000;
    const NEG_INF: u64 = 0xff80_0000;
    const QNAN: u64 = 0x7fc0_0001;
    const SNAN: u64 = 0x7f80_0001;
    const NEG_QNAN: u64 = 0xffc0_0000;
    const SUB: u64 = 0x0000_0001;
    const NEG_SUB: u64 = 0x807f_ffff;

    #[test]
    fn fclass_sets_one_bit_per_class_table_11_5() {
        let cases: &[(Format, u64, u32)] = &[
            (S, NEG_INF, 0),
            (S, NEG_ONE, 1),
            (S, NEG_SUB, 2),
            (S, N0, 3),
            (S, P0, 4),
            (S, SUB, 5),
            (S, ONE, 6),
            (S, INF, 7),
            (S, SNAN, 8),
            (S, 0xffbf_ffff, 8),
            (S, QNAN, 9),
            (S, NEG_QNAN, 9),
            (D, 0xfff0_0000_0000_0000, 0),
            (D, 0x8010_0000_0000_0000, 1),
            (D, 0x800f_ffff_ffff_ffff, 2),
            (D, 1 << 63, 3),
            (D, 0, 4),
            (D, 1, 5),
            (D, 0x7fef_ffff_ffff_ffff, 6),
            (D, 0x7ff0_0000_0000_0000, 7),
            (D, 0x7ff0_0000_0000_0001, 8),
            (D, CANONICAL_NAN_D, 9),
        ];
        for &(f, v, bit) in cases {
            assert_eq!(f.classify(v), 1 << bit, "{v:#x}");
        }
    }

    #[test]
    fn fmin_fmax_follow_section_11_6() {
        // (a, b, min, max, flags)
        let cases: &[(u64, u64, u64, u64, u8)] = &[
            (ONE, TWO, ONE, TWO, 0),
            (TWO, ONE, ONE, TWO, 0),
            (NEG_ONE, ONE, NEG_ONE, ONE, 0),
            (N0, P0, N0, P0, 0),
            (P0, N0, N0, P0, 0),
            (NEG_INF, INF, NEG_INF, INF, 0),
            (NEG_SUB, SUB, NEG_SUB, SUB, 0),
            (QNAN, ONE, ONE, ONE, 0),
            (ONE, NEG_QNAN, ONE, ONE, 0),
            (SNAN, ONE, ONE, ONE, flags::NV),
            (NEG_ONE, SNAN, NEG_ONE, NEG_ONE, flags::NV),
            (
                QNAN,
                QNAN,
                CANONICAL_NAN_S as u64,
                CANONICAL_NAN_S as u64,
                0,
            ),
            (
                SNAN,
                QNAN,
                CANONICAL_NAN_S as u64,
                CANONICAL_NAN_S as u64,
                flags::NV,
            ),
        ];
        for &(a, b, min, max, fl) in cases {
            assert_eq!(S.min_max(a, b, false), (min, fl), "fmin {a:#x} {b:#x}");
            assert_eq!(S.min_max(a, b, true), (max, fl), "fmax {a:#x} {b:#x}");
        }
        let d_one = 1.0f64.to_bits();
        let d_neg0 = (-0.0f64).to_bits();
        assert_eq!(D.min_max(d_one, d_neg0, false), (d_neg0, 0));
        assert_eq!(D.min_max(d_neg0, 0, false), (d_neg0, 0));
        assert_eq!(D.min_max(d_neg0, 0, true), (0, 0));
        assert_eq!(
            D.min_max(0x7ff0_0000_0000_0001, d_one, true),
            (d_one, flags::NV)
        );
    }

    #[test]
    fn sign_injection_takes_the_magnitude_of_rs1() {
        use SignInjection::*;
        let cases: &[(u64, u64, SignInjection, u64)] = &[
            (ONE, NEG_ONE, Copy, NEG_ONE),
            (NEG_ONE, ONE, Copy, ONE),
            (ONE, NEG_ONE, Negate, ONE),
            (ONE, ONE, Negate, NEG_ONE),
            (NEG_ONE, NEG_ONE, Xor, ONE),
            (NEG_ONE, ONE, Xor, NEG_ONE),
            (QNAN, N0, Copy, QNAN | N0),
            (SNAN, P0, Negate, SNAN | N0),
        ];
        for &(a, b, k, want) in cases {
            assert_eq!(S.sign_inject(a, b, k), want, "{a:#x} {b:#x} {k:?}");
        }
        assert_eq!(
            D.sign_inject(1.5f64.to_bits(), 1 << 63, Copy),
            (-1.5f64).to_bits()
        );
    }

    #[test]
    fn nan_boxing_reads_unboxed_values_as_the_canonical_nan() {
        assert_eq!(box_s(0x3f80_0000), 0xffff_ffff_3f80_0000);
        assert_eq!(unbox_s(0xffff_ffff_3f80_0000), 0x3f80_0000);
        for r in [0x3f80_0000, 0xffff_fffe_3f80_0000, 0x7fff_ffff_0000_0000, 0] {
            assert_eq!(unbox_s(r), CANONICAL_NAN_S, "{r:#x}");
        }
        assert_eq!(box_h(0x3c00), 0xffff_ffff_ffff_3c00);
        assert_eq!(unbox_h(0xffff_ffff_ffff_3c00), 0x3c00);
        // A boxed binary32 is not a boxed binary16 unless bits 31:16 are
        // ones too.
        assert_eq!(unbox_h(0xffff_ffff_ffff_ffff), 0xffff);
        for r in [0x3c00, 0xffff_ffff_0000_3c00, 0xfffe_ffff_ffff_3c00, 0] {
            assert_eq!(unbox_h(r), CANONICAL_NAN_H, "{r:#x}");
        }
    }

    #[test]
    fn binary16_bit_logic() {
        // fclass.h: -inf, -1, -subnormal, -0, +0, +subnormal, 1, +inf,
        // sNaN, qNaN.
        let classes = [
            0xfc00, 0xbc00, 0x83ff, 0x8000, 0, 1, 0x3c00, 0x7c00, 0x7c01, 0x7e00,
        ];
        for (bit, v) in classes.into_iter().enumerate() {
            assert_eq!(H.classify(v), 1 << bit, "{v:#x}");
        }
        assert!(H.is_snan(0xfd00) && !H.is_snan(0xfe00) && !H.is_nan(0x7c00));
        assert_eq!(H.min_max(0x8000, 0, false), (0x8000, 0));
        assert_eq!(H.min_max(0x7c01, 0x3c00, true), (0x3c00, flags::NV));
        assert_eq!(H.min_max(0x7e00, 0xfe00, true), (CANONICAL_NAN_H.into(), 0));
        assert_eq!(H.sign_inject(0x3c00, 0x8000, SignInjection::Copy), 0xbc00);
        assert_eq!(H.sign_inject(0xbc00, 0x8000, SignInjection::Xor), 0x3c00);
    }
}
