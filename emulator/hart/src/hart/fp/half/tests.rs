//! Zfh/Zfhmin through the hart: NaN boxing, loads/stores and moves,
//! conversions at the rounding edges of every mode, FCLASS.H of each
//! class, fflags, FS gating; and every arithmetic operation against
//! SoftFloat. The expected values of the table tests are worked out by
//! hand from IEEE 754 binary16 (bias 15, 10 fraction bits).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::tests::{
    hart, hart_with_data, is_illegal, op_fp, reference, run, run_arithmetic, DATA, DYN, FS_INITIAL,
    PC,
};
use crate::fpu::{flags, Rounding};
use crate::hart::csr::MSTATUS_FS;
use crate::isa::decode;
use proptest::prelude::*;
use softfloat_wrapper::{Float, F16};

const BOX_H: u64 = 0xffff_ffff_ffff_0000;
const NAN_H: u64 = BOX_H | 0x7e00;
const ONE: u16 = 0x3c00;
/// 1 + 2^-10, the binary16 after 1.0.
const ONE_ULP: u16 = 0x3c01;
const MAX: u16 = 0x7bff; // 65504
const INF: u16 = 0x7c00;
const NX: u8 = flags::NX;
const OF_NX: u8 = flags::OF | flags::NX;
const UF_NX: u8 = flags::UF | flags::NX;

/// funct7 of OP-FP with fmt = H (inst[26:25] = 10).
const FADD_H: u32 = 0x02;
const FMUL_H: u32 = 0x0a;
const FDIV_H: u32 = 0x0e;
const FSGNJ_H: u32 = 0x12;
const FCVT_S_H: u32 = 0x20; // FCVT.S.fmt with rs2 = 2 (H)
const FCVT_H_X: u32 = 0x22; // FCVT.H.S (rs2 = 0) / FCVT.H.D (rs2 = 1)
const FCVT_D_H: u32 = 0x21;
const FCVT_INT_H: u32 = 0x62; // FCVT.{W,WU,L,LU}.H
const FCVT_H_INT: u32 = 0x6a; // FCVT.H.{W,WU,L,LU}
const FCMP_H: u32 = 0x52;
const FMV_X_H: u32 = 0x72; // also FCLASS.H with rm = 1
const FMV_H_X: u32 = 0x7a;

#[test]
fn fs_off_makes_zfh_instructions_illegal() {
    let mut h = hart(0);
    for raw in [
        op_fp(FADD_H, 2, 1, DYN, 3),
        op_fp(FMV_X_H, 0, 1, 0, 10),
        op_fp(FMV_H_X, 0, 10, 0, 3),
        op_fp(FCVT_S_H, 2, 1, 0, 3),
        0x0085_9507, // flh fa0, 8(a1)
        0x00a5_9427, // fsh fa0, 8(a1)
    ] {
        let r = h.execute(decode(raw));
        assert!(is_illegal(r, raw), "{raw:#010x}: {r:?}");
    }
    assert_eq!(h.pc, PC);
    assert_eq!(h.csr.mstatus & MSTATUS_FS, 0);
}

#[test]
#[rustfmt::skip] // tables
fn half_inputs_not_nan_boxed_read_as_the_canonical_nan() {
    let one = BOX_H | u64::from(ONE);
    // Not boxed: upper 48 bits not all ones (a boxed binary32 included).
    let unboxed = [
        u64::from(ONE),
        0xffff_fffe_ffff_3c00,
        0xffff_ffff_0000_3c00,
        0x7fff_ffff_ffff_3c00,
    ];
    for f1 in unboxed {
        // (what, instruction, expected f3 or x10, result in x10, flags)
        let cases: &[(&str, u32, u64, bool, u8)] = &[
            ("fadd.h", op_fp(FADD_H, 2, 1, 0, 3), NAN_H, false, 0),
            // fsgnj.h: the canonical NaN with rs2's sign.
            ("fsgnj.h", op_fp(FSGNJ_H, 4, 1, 0, 3), BOX_H | 0xfe00, false, 0),
            ("fclass.h", op_fp(FMV_X_H, 0, 1, 1, 10), 1 << 9, true, 0),
            ("fcvt.s.h", op_fp(FCVT_S_H, 2, 1, 0, 3), 0xffff_ffff_7fc0_0000, false, 0),
            ("fcvt.d.h", op_fp(FCVT_D_H, 2, 1, 0, 3), 0x7ff8_0000_0000_0000, false, 0),
            ("feq.h", op_fp(FCMP_H, 2, 1, 2, 10), 0, true, 0),
            ("flt.h", op_fp(FCMP_H, 2, 1, 1, 10), 0, true, flags::NV),
            ("fcvt.w.h", op_fp(FCVT_INT_H, 0, 1, 1, 10), 0x7fff_ffff, true, flags::NV),
            // fmv.x.h moves bits 15:0 whatever is above them.
            ("fmv.x.h", op_fp(FMV_X_H, 0, 1, 0, 10), u64::from(ONE), true, 0),
        ];
        for &(what, raw, want, to_x, fl) in cases {
            let mut h = hart(FS_INITIAL);
            h.fp.f[1] = f1;
            h.fp.f[2] = one;
            h.fp.f[4] = BOX_H | 0x8000;
            run(&mut h, raw).unwrap();
            let got = if to_x { h.x[10] } else { h.fp.f[3] };
            assert_eq!((got, h.fp.fflags), (want, fl), "{what} of {f1:#x}: {got:#x}");
        }
    }
    // FCVT.H.S checks its operand as binary32: a boxed binary16 is not one.
    let mut h = hart(FS_INITIAL);
    h.fp.f[1] = one;
    run(&mut h, op_fp(FCVT_H_X, 0, 1, 0, 3)).unwrap();
    assert_eq!((h.fp.f[3], h.fp.fflags), (NAN_H, 0));
}

#[test]
fn flh_fsh_and_moves_transfer_bits_and_box() {
    let mut h = hart_with_data(); // a1 = DATA: 0x0123_4567_89ab_cdef
    run(&mut h, 0x0025_9507).unwrap(); // flh fa0, 2(a1)
    assert_eq!(h.fp.f[10], BOX_H | 0x89ab);
    // fsh stores bits 15:0 of a register that is not boxed, two bytes only.
    h.fp.f[12] = 0x1111_2222_3333_4444;
    run(&mut h, 0x00c5_9227).unwrap(); // fsh fa2, 4(a1)
    assert_eq!(
        h.bus.ram.slice(DATA, 8).unwrap(),
        &0x0123_4444_89ab_cdefu64.to_le_bytes()
    );
    // fmv.x.h sign-extends bits 15:0; fmv.h.x boxes.
    run(&mut h, op_fp(FMV_X_H, 0, 10, 0, 13)).unwrap(); // fmv.x.h a3, fa0
    assert_eq!(h.x[13], 0xffff_ffff_ffff_89ab);
    run(&mut h, op_fp(FMV_X_H, 0, 12, 0, 13)).unwrap(); // fmv.x.h a3, fa2
    assert_eq!(h.x[13], 0x4444);
    h.x[14] = 0xdead_beef_cafe_7bff;
    run(&mut h, op_fp(FMV_H_X, 0, 14, 0, 15)).unwrap(); // fmv.h.x fa5, a4
    assert_eq!(h.fp.f[15], BOX_H | 0x7bff);
    assert_eq!(h.fp.fflags, 0);
    // A faulting flh changes nothing.
    h.x[11] = 0x10;
    let before = h.fp.f[10];
    assert!(run(&mut h, 0x0005_9507).is_err()); // flh fa0, 0(a1)
    assert_eq!(h.fp.f[10], before);
}

/// (what, instruction, operand in f1 or x11, expected f3 or x10, flags)
type Case = (&'static str, u32, u64, u64, u8);

fn check(cases: &[Case], to_x: bool) {
    for &(what, raw, operand, want, fl) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = operand;
        h.x[11] = operand;
        run(&mut h, raw).unwrap();
        let got = if to_x { h.x[10] } else { h.fp.f[3] };
        assert_eq!((got, h.fp.fflags), (want, fl), "{what}: {got:#x}");
    }
}

#[test]
#[rustfmt::skip] // tables
fn narrowing_conversions_round_at_the_edges_of_every_mode() {
    let s = |v: f32| 0xffff_ffff_0000_0000 | u64::from(v.to_bits());
    let d = |v: f64| v.to_bits();
    let hs = |rm: u32| op_fp(FCVT_H_X, 0, 1, rm, 3);
    let hd = |rm: u32| op_fp(FCVT_H_X, 1, 1, rm, 3);
    let b = |v: u16| BOX_H | u64::from(v);
    // 1 + 2^-11: halfway between 1 and 1 + 2^-10.
    let tie = 1.0 + 2f32.powi(-11);
    // 2^-25: half the smallest subnormal (2^-24); 3 * 2^-26: 0.75 of it.
    let cases: &[Case] = &[
        ("tie rne", hs(0), s(tie), b(ONE), NX),
        ("tie rtz", hs(1), s(tie), b(ONE), NX),
        ("tie rdn", hs(2), s(tie), b(ONE), NX),
        ("tie rup", hs(3), s(tie), b(ONE_ULP), NX),
        ("tie rmm", hs(4), s(tie), b(ONE_ULP), NX),
        ("-tie rne", hs(0), s(-tie), b(0xbc00), NX),
        ("-tie rtz", hs(1), s(-tie), b(0xbc00), NX),
        ("-tie rdn", hs(2), s(-tie), b(0xbc01), NX),
        ("-tie rup", hs(3), s(-tie), b(0xbc00), NX),
        ("-tie rmm", hs(4), s(-tie), b(0xbc01), NX),
        // 1 + 3 * 2^-11 ties to even upwards.
        ("odd tie rne", hd(0), d(1.0 + 3.0 * 2f64.powi(-11)), b(0x3c02), NX),
        ("65504 exact", hd(0), d(65504.0), b(MAX), 0),
        ("65519 rne", hd(0), d(65519.0), b(MAX), NX),
        ("65519 rup", hd(3), d(65519.0), b(INF), OF_NX),
        ("65520 rne", hd(0), d(65520.0), b(INF), OF_NX),
        // Towards zero, 65520 rounds to 65504 even with an unbounded
        // exponent: no overflow (IEEE 754 7.4).
        ("65520 rtz", hd(1), d(65520.0), b(MAX), NX),
        ("65520 rdn", hd(2), d(65520.0), b(MAX), NX),
        ("65536 rdn", hd(2), d(65536.0), b(MAX), OF_NX),
        ("65520 rmm", hd(4), d(65520.0), b(INF), OF_NX),
        ("-65520 rdn", hd(2), d(-65520.0), b(0xfc00), OF_NX),
        ("-65520 rup", hd(3), d(-65520.0), b(0xfbff), NX),
        ("1e10 rtz", hs(1), s(1e10), b(MAX), OF_NX),
        ("2^-24 exact", hd(0), d(2f64.powi(-24)), b(1), 0),
        ("2^-25 rne", hd(0), d(2f64.powi(-25)), b(0), UF_NX),
        ("2^-25 rmm", hd(4), d(2f64.powi(-25)), b(1), UF_NX),
        ("2^-25 rup", hd(3), d(2f64.powi(-25)), b(1), UF_NX),
        ("-2^-25 rdn", hd(2), d(-(2f64.powi(-25))), b(0x8001), UF_NX),
        ("-2^-25 rne", hd(0), d(-(2f64.powi(-25))), b(0x8000), UF_NX),
        ("3*2^-26 rne", hs(0), s(3.0 * 2f32.powi(-26)), b(1), UF_NX),
        // Just below the smallest normal 2^-14: rounds up to it; tininess
        // after rounding (section 11.3) means no UF.
        ("2^-14 - 2^-26 rne", hd(0), d(2f64.powi(-14) - 2f64.powi(-26)), b(0x0400), NX),
        ("2^-14 - 2^-26 rtz", hd(1), d(2f64.powi(-14) - 2f64.powi(-26)), b(0x03ff), UF_NX),
        ("sNaN.s", hs(0), 0xffff_ffff_7f80_0001, NAN_H, flags::NV),
        ("qNaN.d payload", hd(0), 0xfff8_dead_beef_0000, NAN_H, 0),
        ("-inf.d", hd(0), d(f64::NEG_INFINITY), b(0xfc00), 0),
        ("-0.s", hs(0), s(-0.0), b(0x8000), 0),
    ];
    check(cases, false);
}

#[test]
#[rustfmt::skip] // tables
fn integer_conversions_round_saturate_and_flag() {
    let b = |v: u16| BOX_H | u64::from(v);
    let to_int = |sel: u32, rm: u32| op_fp(FCVT_INT_H, sel, 1, rm, 10);
    let from_int = |sel: u32, rm: u32| op_fp(FCVT_H_INT, sel, 11, rm, 3);
    let to_x: &[Case] = &[
        ("w NaN", to_int(0, 0), NAN_H, 0x7fff_ffff, flags::NV),
        ("w -inf", to_int(0, 0), b(0xfc00), 0xffff_ffff_8000_0000, flags::NV),
        ("w 65504", to_int(0, 0), b(MAX), 65504, 0),
        ("w -65504", to_int(0, 0), b(0xfbff), (-65504i64) as u64, 0),
        ("l +inf", to_int(2, 0), b(INF), i64::MAX as u64, flags::NV),
        ("lu -inf", to_int(3, 0), b(0xfc00), 0, flags::NV),
        ("lu NaN", to_int(3, 0), NAN_H, u64::MAX, flags::NV),
        ("wu -1", to_int(1, 1), b(0xbc00), 0, flags::NV),
        // 2.5 (0x4100) in every mode.
        ("w 2.5 rne", to_int(0, 0), b(0x4100), 2, NX),
        ("w 2.5 rtz", to_int(0, 1), b(0x4100), 2, NX),
        ("w 2.5 rdn", to_int(0, 2), b(0x4100), 2, NX),
        ("w 2.5 rup", to_int(0, 3), b(0x4100), 3, NX),
        ("w 2.5 rmm", to_int(0, 4), b(0x4100), 3, NX),
        // -0.5 (0xb800): rounds to -0 (0, NX) or to -1.
        ("wu -0.5 rne", to_int(1, 0), b(0xb800), 0, NX),
        ("wu -0.5 rdn", to_int(1, 2), b(0xb800), 0, flags::NV),
        ("l -0.5 rdn", to_int(2, 2), b(0xb800), u64::MAX, NX),
        ("l -0.5 rmm", to_int(2, 4), b(0xb800), u64::MAX, NX),
        ("lu 2^-24 rup", to_int(3, 3), b(1), 1, NX),
        ("l -0", to_int(2, 0), b(0x8000), 0, 0),
    ];
    check(to_x, true);
    let to_f: &[Case] = &[
        ("w 2049 rne", from_int(0, 0), 2049, b(0x6800), NX), // 2048
        ("w 2049 rup", from_int(0, 3), 2049, b(0x6801), NX), // 2050
        ("w 2051 rne", from_int(0, 0), 2051, b(0x6802), NX), // ties to 2052
        ("w 2051 rtz", from_int(0, 1), 2051, b(0x6801), NX),
        ("w -2049 rdn", from_int(0, 2), (-2049i64) as u64, b(0xe801), NX),
        ("w -2049 rmm", from_int(0, 4), (-2049i64) as u64, b(0xe801), NX),
        ("w 65519 rne", from_int(0, 0), 65519, b(MAX), NX),
        ("w 65520 rne", from_int(0, 0), 65520, b(INF), OF_NX),
        ("w 65520 rtz", from_int(0, 1), 65520, b(MAX), NX),
        ("w 65536 rtz", from_int(0, 1), 65536, b(MAX), OF_NX),
        // W reads bits 31:0 only: 0xffff_ffff is -1 for W, 2^32 - 1 for WU.
        ("w low word", from_int(0, 0), 0x1234_5678_ffff_ffff, b(0xbc00), 0),
        ("wu low word rdn", from_int(1, 2), 0xffff_ffff, b(MAX), OF_NX),
        ("l -2^63 rup", from_int(2, 3), 1 << 63, b(0xfbff), OF_NX),
        ("lu 2^64-1 rmm", from_int(3, 4), u64::MAX, b(INF), OF_NX),
        ("lu 0", from_int(3, 0), 0, b(0), 0),
    ];
    check(to_f, false);
}

#[test]
#[rustfmt::skip] // tables
fn widening_conversions_are_exact() {
    let b = |v: u16| BOX_H | u64::from(v);
    let sh = op_fp(FCVT_S_H, 2, 1, 0, 3);
    let dh = op_fp(FCVT_D_H, 2, 1, 0, 3);
    let s = |v: f32| 0xffff_ffff_0000_0000 | u64::from(v.to_bits());
    let cases: &[Case] = &[
        ("s 1", sh, b(ONE), s(1.0), 0),
        ("s 65504", sh, b(MAX), s(65504.0), 0),
        ("s 2^-24", sh, b(1), s(2f32.powi(-24)), 0),
        ("s -max subnormal", sh, b(0x83ff), s(-1023.0 * 2f32.powi(-24)), 0),
        ("s -inf", sh, b(0xfc00), s(f32::NEG_INFINITY), 0),
        ("s sNaN", sh, b(0x7c01), s(f32::from_bits(0x7fc0_0000)), flags::NV),
        ("s qNaN payload", sh, b(0xfe55), s(f32::from_bits(0x7fc0_0000)), 0),
        ("d -2^-24", dh, b(0x8001), (-(2f64.powi(-24))).to_bits(), 0),
        ("d 1 + 2^-10", dh, b(ONE_ULP), (1.0 + 2f64.powi(-10)).to_bits(), 0),
        ("d sNaN", dh, b(0xfd00), 0x7ff8_0000_0000_0000, flags::NV),
    ];
    check(cases, false);
}

#[test]
fn fclass_h_sets_one_bit_per_class() {
    let cases: &[(u16, u32)] = &[
        (0xfc00, 0),
        (0xbc00, 1),
        (0x83ff, 2),
        (0x8000, 3),
        (0x0000, 4),
        (0x0001, 5),
        (0x3c00, 6),
        (0x7c00, 7),
        (0x7c01, 8),
        (0xfdff, 8),
        (0x7e00, 9),
        (0xffff, 9),
    ];
    for &(v, bit) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = BOX_H | u64::from(v);
        run(&mut h, op_fp(FMV_X_H, 0, 1, 1, 10)).unwrap();
        assert_eq!(h.x[10], 1 << bit, "{v:#06x}");
    }
}

#[test]
#[rustfmt::skip] // tables
fn arithmetic_raises_each_flag() {
    let b = |v: u16| BOX_H | u64::from(v);
    // (what, instruction f3 = f1 op f2, f1, f2, expected f3, flags)
    let cases: &[(&str, u32, u64, u64, u64, u8)] = &[
        ("1/3", op_fp(FDIV_H, 2, 1, 0, 3), b(ONE), b(0x4200), b(0x3555), NX),
        ("1/0", op_fp(FDIV_H, 2, 1, 0, 3), b(ONE), b(0), b(INF), flags::DZ),
        ("-1/+0", op_fp(FDIV_H, 2, 1, 0, 3), b(0xbc00), b(0), b(0xfc00), flags::DZ),
        ("0/0", op_fp(FDIV_H, 2, 1, 0, 3), b(0), b(0), NAN_H, flags::NV),
        ("max*max", op_fp(FMUL_H, 2, 1, 0, 3), b(MAX), b(MAX), b(INF), OF_NX),
        ("max*max rtz", op_fp(FMUL_H, 2, 1, 1, 3), b(MAX), b(MAX), b(MAX), OF_NX),
        // 2^-14 * 2^-1 = 2^-15: exact subnormal, no flag; * 0.75: inexact.
        ("min*0.5", op_fp(FMUL_H, 2, 1, 0, 3), b(0x0400), b(0x3800), b(0x0200), 0),
        ("2^-24*0.75", op_fp(FMUL_H, 2, 1, 0, 3), b(1), b(0x3a00), b(1), UF_NX),
        ("inf-inf", op_fp(FADD_H, 2, 1, 0, 3), b(INF), b(0xfc00), NAN_H, flags::NV),
        ("sNaN+1", op_fp(FADD_H, 2, 1, 0, 3), b(0x7c01), b(ONE), NAN_H, flags::NV),
        ("qNaN+1", op_fp(FADD_H, 2, 1, 0, 3), b(0xfe01), b(ONE), NAN_H, 0),
        ("1-1 rdn", op_fp(FADD_H, 2, 1, 2, 3), b(ONE), b(0xbc00), b(0x8000), 0),
        ("sqrt -1", op_fp(0x2e, 0, 1, 0, 3), b(0xbc00), 0, NAN_H, flags::NV),
        ("sqrt 2", op_fp(0x2e, 0, 1, 0, 3), b(0x4000), 0, b(0x3da8), NX),
    ];
    for &(what, raw, a, c, want, fl) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = a;
        h.fp.f[2] = c;
        run(&mut h, raw).unwrap();
        assert_eq!((h.fp.f[3], h.fp.fflags), (want, fl), "{what}: {:#x}", h.fp.f[3]);
        assert_eq!(h.csr.mstatus & MSTATUS_FS, MSTATUS_FS, "{what}: FS dirty");
    }
}

#[test]
fn sign_injection_and_min_max_through_the_hart() {
    // (funct7, funct3, a, b, result, flags): fsgnj/fsgnjn/fsgnjx (0x12,
    // funct3 0/1/2), fmin/fmax (0x16, funct3 0/1).
    let cases: &[(u32, u32, u16, u16, u16, u8)] = &[
        (0x12, 0, ONE, 0xbc00, 0xbc00, 0),
        (0x12, 1, ONE, 0xbc00, ONE, 0),
        (0x12, 2, ONE, 0xbc00, 0xbc00, 0),
        (0x12, 0, 0xbc00, 0x0000, ONE, 0),
        (0x12, 1, 0x0000, 0x0000, 0x8000, 0),
        (0x12, 2, 0xbc00, 0xbc00, ONE, 0),
        (0x12, 1, 0x7c01, 0x0000, 0xfc01, 0), // sNaN bits kept, no flag
        (0x16, 0, 0x8000, 0x0000, 0x8000, 0),
        (0x16, 1, 0x8000, 0x0000, 0x0000, 0),
        (0x16, 0, MAX, 0xfbff, 0xfbff, 0),
        (0x16, 1, 0x7e00, ONE, ONE, 0),
        (0x16, 0, 0x7c01, ONE, ONE, flags::NV),
        (0x16, 1, 0x7c01, 0x7e00, 0x7e00, flags::NV),
    ];
    for &(funct7, f3, a, b, want, fl) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = BOX_H | u64::from(a);
        h.fp.f[2] = BOX_H | u64::from(b);
        run(&mut h, op_fp(funct7, 2, 1, f3, 3)).unwrap();
        let got = (h.fp.f[3], h.fp.fflags);
        assert_eq!(
            got,
            (BOX_H | u64::from(want), fl),
            "{funct7:#x}/{f3} {a:#x} {b:#x}"
        );
    }
}

#[test]
fn reserved_frm_makes_dynamic_half_ops_illegal() {
    for raw in [
        op_fp(FADD_H, 2, 1, DYN, 3),
        op_fp(FCVT_S_H, 2, 1, DYN, 3),
        op_fp(FCVT_H_INT, 0, 11, DYN, 3),
    ] {
        let mut h = hart(FS_INITIAL);
        h.fp.frm = 5;
        h.fp.f[3] = 7;
        let r = h.execute(decode(raw));
        assert!(is_illegal(r, raw), "{raw:#010x}: {r:?}");
        assert_eq!((h.fp.f[3], h.fp.fflags, h.pc), (7, 0, PC));
        assert_eq!(h.csr.mstatus & MSTATUS_FS, FS_INITIAL);
    }
}

fn operand_h() -> impl Strategy<Value = u16> {
    prop_oneof![
        any::<u16>(),
        prop::sample::select(vec![
            0, 0x8000, ONE, 0xbc00, INF, 0xfc00, 0x7e00, 0x7c01, 1, 0x03ff, MAX, 0x0400, ONE_ULP,
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Every arithmetic operation on H, in every rounding mode (static and
    /// through frm), gives SoftFloat's binary16 result and flags.
    #[test]
    fn arithmetic_h_matches_softfloat(op in 0usize..9, rm in 0u8..5, dynamic: bool,
                                      a in operand_h(), b in operand_h(), c in operand_h()) {
        let abc = [a, b, c].map(|v| BOX_H | u64::from(v));
        let got = run_arithmetic(op, 2, rm, dynamic, abc);
        let r = Rounding::from_bits(rm).unwrap().softfloat();
        let (v, fl) = reference(op, F16::from_bits(a), F16::from_bits(b), F16::from_bits(c), r);
        prop_assert_eq!(got, (BOX_H | u64::from(v), fl));
    }
}
