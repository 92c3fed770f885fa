//! Host floating point for the common case, QEMU's "hardfloat" idea: the
//! host's IEEE 754 binary32/binary64 add, subtract, multiply, divide and
//! fused multiply-add round to nearest-even exactly as SoftFloat does, so
//! where they cannot raise a flag other than NX, and NX is known, their
//! result is the architectural one at a fraction of SoftFloat's cost.
//!
//! The caller (`hart/fp.rs`) asks only when the rounding mode is RNE. Each
//! function answers `None` — SoftFloat must run — unless every operand is
//! a normal number or zero (no NaN, infinity or subnormal: no NV, no DZ)
//! and the result is exact zero or a normal number above the least one (no
//! OF, no UF). NX: when fflags.NX is already set (fflags accrue, section
//! 11.2) it need not be known; otherwise it is computed exactly, from the
//! rounding error of a sum (TwoSum) or of a product (`fma(a, b, -p)`); a
//! quotient, or a fused multiply-add whose product is inexact, is then
//! left to SoftFloat.
//!
//! x86-64 and aarch64 compute `f32`/`f64` arithmetic in IEEE single and
//! double precision with round-to-nearest-even (Rust never changes the
//! host's rounding mode or enables flush-to-zero), and `mul_add` is fused
//! (one rounding) by the standard library's contract. The property tests
//! below compare every answer with SoftFloat's, bits and flags.

/// A binary operation the host may compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op2 {
    Add,
    Sub,
    Mul,
    Div,
}

/// The host versions of one format: `$t` the host float, `$u` its bits,
/// `$min_exact`: the least product magnitude whose rounding error is
/// itself representable (2^(emin + p - 1)), so that `fma(a, b, -p)` gives
/// it exactly.
macro_rules! host_format {
    ($two:ident, $fma:ident, $t:ty, $u:ty, $min_exact:expr) => {
        /// `a op b` rounded to nearest-even with its fflags (NX or
        /// nothing), or `None` when SoftFloat must answer. `nx_set`:
        /// fflags.NX is already set, so an inexact result may be taken
        /// without knowing it is inexact (division needs that).
        #[inline]
        pub fn $two(op: Op2, a: $u, b: $u, nx_set: bool) -> Option<($u, u8)> {
            let (a, b) = (<$t>::from_bits(a), <$t>::from_bits(b));
            if !plain(a) || !plain(b) {
                return None;
            }
            match op {
                Op2::Add => sum(a, b),
                Op2::Sub => sum(a, -b),
                Op2::Mul => {
                    let p = a * b;
                    if p == 0.0 {
                        // Exact only from a zero operand (else underflow).
                        return (a == 0.0 || b == 0.0).then_some((p.to_bits(), 0));
                    }
                    if !normal_result(p) {
                        return None;
                    }
                    if nx_set {
                        return Some((p.to_bits(), 0));
                    }
                    if p.abs() < $min_exact {
                        return None;
                    }
                    // The product's rounding error, exactly.
                    Some((p.to_bits(), inexact(a.mul_add(b, -p) != 0.0)))
                }
                Op2::Div => {
                    let q = a / b;
                    (nx_set && b != 0.0 && normal_result(q)).then_some((q.to_bits(), 0))
                }
            }
        }

        /// `a * b + c` with one rounding to nearest-even, with its fflags
        /// (NX or nothing), or `None` (see [`d2`]).
        #[inline]
        pub fn $fma(a: $u, b: $u, c: $u, nx_set: bool) -> Option<($u, u8)> {
            let (a, b, c) = (<$t>::from_bits(a), <$t>::from_bits(b), <$t>::from_bits(c));
            if !plain(a) || !plain(b) || !plain(c) {
                return None;
            }
            if nx_set {
                let r = a.mul_add(b, c);
                return normal_result(r).then_some((r.to_bits(), 0));
            }
            // Exact product: the fused result is the rounded sum p + c.
            let p = a * b;
            let exact = if p == 0.0 {
                a == 0.0 || b == 0.0
            } else {
                normal_result(p) && p.abs() >= $min_exact && a.mul_add(b, -p) == 0.0
            };
            if !exact {
                return None;
            }
            sum(p, c)
        }

        /// An operand the host may take: normal, or a zero.
        #[inline(always)]
        fn plain(x: $t) -> bool {
            x.is_normal() || x == 0.0
        }

        /// A result whose rounding cannot have raised OF or UF: finite and
        /// above the least normal number in magnitude.
        #[inline(always)]
        fn normal_result(r: $t) -> bool {
            r.is_finite() && r.abs() > <$t>::MIN_POSITIVE
        }

        /// `a + b` with its NX, by the error-free TwoSum (Knuth): the
        /// rounding error exactly, without overflow for finite sums. A
        /// zero sum of two normal-or-zero numbers is exact (its sign is
        /// the IEEE one); a sum below the least normal number is left to
        /// SoftFloat.
        #[inline(always)]
        fn sum(a: $t, b: $t) -> Option<($u, u8)> {
            let s = a + b;
            if s == 0.0 {
                return Some((s.to_bits(), 0));
            }
            if !normal_result(s) {
                return None;
            }
            let bb = s - a;
            let err = (a - (s - bb)) + (b - bb);
            Some((s.to_bits(), inexact(err != 0.0)))
        }
    };
}

/// NX when `yes`.
#[inline(always)]
fn inexact(yes: bool) -> u8 {
    if yes {
        super::flags::NX
    } else {
        0
    }
}

/// Binary64 (D).
pub mod double {
    use super::{inexact, Op2};
    host_format!(d2, fma_d, f64, u64, f64::from_bits((1023 - 970) << 52)); // 2^-970
}

/// Binary32 (F).
pub mod single {
    use super::{inexact, Op2};
    host_format!(s2, fma_s, f32, u32, f32::from_bits((127 - 103) << 23)); // 2^-103
}

pub use double::{d2, fma_d};
pub use single::{fma_s, s2};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::fpu::{flagged, flags};
    use proptest::prelude::*;
    use softfloat_wrapper::{Float, RoundingMode, F32, F64};

    const RNE: RoundingMode = RoundingMode::TiesToEven;

    /// Any bit pattern, with normal numbers of every exponent, zeros and
    /// the values near the edges of the normal range well represented.
    fn bits64() -> impl Strategy<Value = u64> {
        prop_oneof![
            any::<u64>(),
            (any::<bool>(), 1u64..0x7ff, any::<u64>())
                .prop_map(|(s, e, m)| (u64::from(s) << 63) | (e << 52) | (m & ((1 << 52) - 1))),
            (any::<bool>(), 0x3f0u64..0x410, any::<u64>())
                .prop_map(|(s, e, m)| (u64::from(s) << 63) | (e << 52) | (m & ((1 << 52) - 1))),
            Just(0),
            Just(1 << 63),
        ]
    }

    fn bits32() -> impl Strategy<Value = u32> {
        prop_oneof![
            any::<u32>(),
            (any::<bool>(), 1u32..0xff, any::<u32>())
                .prop_map(|(s, e, m)| (u32::from(s) << 31) | (e << 23) | (m & ((1 << 23) - 1))),
            (any::<bool>(), 0x70u32..0x90, any::<u32>())
                .prop_map(|(s, e, m)| (u32::from(s) << 31) | (e << 23) | (m & ((1 << 23) - 1))),
            Just(0),
            Just(1 << 31),
        ]
    }

    /// Where the host answers, SoftFloat gives the same bits; with NX
    /// already set it raises nothing but NX, otherwise exactly the flags
    /// the host reported.
    fn agrees<T: PartialEq + std::fmt::Debug>(
        host: Option<(T, u8)>,
        (soft, fl): (T, u8),
        nx_set: bool,
    ) {
        if let Some((h, hfl)) = host {
            assert_eq!(h, soft, "result bits");
            if nx_set {
                assert_eq!(fl & !flags::NX, 0, "SoftFloat raised {fl:#x}");
            } else {
                assert_eq!(hfl, fl, "flags");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn binary64_matches_softfloat(a in bits64(), b in bits64(), c in bits64(), nx in any::<bool>()) {
            let (x, y, z) = (F64::from_bits(a), F64::from_bits(b), F64::from_bits(c));
            agrees(d2(Op2::Add, a, b, nx), flagged(|| x.add(y, RNE).to_bits()), nx);
            agrees(d2(Op2::Sub, a, b, nx), flagged(|| x.sub(y, RNE).to_bits()), nx);
            agrees(d2(Op2::Mul, a, b, nx), flagged(|| x.mul(y, RNE).to_bits()), nx);
            agrees(d2(Op2::Div, a, b, nx), flagged(|| x.div(y, RNE).to_bits()), nx);
            agrees(fma_d(a, b, c, nx), flagged(|| x.fused_mul_add(y, z, RNE).to_bits()), nx);
        }

        #[test]
        fn binary32_matches_softfloat(a in bits32(), b in bits32(), c in bits32(), nx in any::<bool>()) {
            let (x, y, z) = (F32::from_bits(a), F32::from_bits(b), F32::from_bits(c));
            agrees(s2(Op2::Add, a, b, nx), flagged(|| x.add(y, RNE).to_bits()), nx);
            agrees(s2(Op2::Sub, a, b, nx), flagged(|| x.sub(y, RNE).to_bits()), nx);
            agrees(s2(Op2::Mul, a, b, nx), flagged(|| x.mul(y, RNE).to_bits()), nx);
            agrees(s2(Op2::Div, a, b, nx), flagged(|| x.div(y, RNE).to_bits()), nx);
            agrees(fma_s(a, b, c, nx), flagged(|| x.fused_mul_add(y, z, RNE).to_bits()), nx);
        }

        /// Small multiples of 1/32 (as in a matrix of exact values): the
        /// host answers and its NX is SoftFloat's.
        #[test]
        fn exact_values_are_answered_by_the_host(a in -4096i32..4096, b in -4096i32..4096, c in -4096i32..4096) {
            let v = |k: i32| (f64::from(k) / 32.0).to_bits();
            let (x, y, z) = (F64::from_bits(v(a)), F64::from_bits(v(b)), F64::from_bits(v(c)));
            let h = fma_d(v(a), v(b), v(c), false);
            prop_assert!(h.is_some());
            agrees(h, flagged(|| x.fused_mul_add(y, z, RNE).to_bits()), false);
            agrees(d2(Op2::Mul, v(a), v(b), false), flagged(|| x.mul(y, RNE).to_bits()), false);
        }
    }

    #[test]
    fn the_host_declines_what_could_raise_a_flag() {
        let one = 1.0f64.to_bits();
        let zero = 0.0f64.to_bits();
        let max = f64::MAX.to_bits();
        let tiny = f64::MIN_POSITIVE.to_bits();
        let nan = f64::NAN.to_bits();
        assert_eq!(d2(Op2::Div, one, zero, true), None, "DZ");
        assert_eq!(
            d2(Op2::Div, one, one, false),
            None,
            "a quotient's NX is unknown"
        );
        assert_eq!(d2(Op2::Add, max, max, true), None, "OF");
        assert_eq!(d2(Op2::Mul, tiny, 0.5f64.to_bits(), true), None, "UF");
        assert_eq!(d2(Op2::Add, nan, one, true), None, "NaN operand");
        assert_eq!(d2(Op2::Sub, one, one, false), Some((zero, 0)), "exact zero");
        assert_eq!(d2(Op2::Add, one, one, false), Some((2.0f64.to_bits(), 0)));
        let third = (1.0f64 / 3.0).to_bits();
        assert_eq!(
            d2(Op2::Add, third, one, false).map(|r| r.1),
            Some(flags::NX)
        );
        assert_eq!(fma_d(one, one, one, false), Some((2.0f64.to_bits(), 0)));
    }
}
