#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::super::csr::{MSTATUS_FS, MSTATUS_SD};
use super::super::{Exception, Hart, HartConfig, Trap};
use crate::bus::Bus;
use crate::fpu::{flagged, flags, Rounding, CANONICAL_NAN_D, CANONICAL_NAN_S};
use crate::isa::{decode, Op};
use proptest::prelude::*;
use softfloat_wrapper::{Float, F32, F64};

pub(super) const PC: u64 = 0x8000_0000;
pub(super) const DATA: u64 = 0x8000_2000;
pub(super) const FS_INITIAL: u64 = 1 << 13;
pub(super) const DYN: u32 = 7;
const BOX: u64 = 0xffff_ffff_0000_0000;

pub(super) fn hart(fs: u64) -> Hart {
    let mut h = Hart::new(Bus::new(1 << 20), PC, HartConfig::default());
    h.csr.mstatus |= fs;
    h
}

/// OP-FP: funct7, rs2, rs1, rm, rd.
pub(super) fn op_fp(funct7: u32, rs2: u32, rs1: u32, rm: u32, rd: u32) -> u32 {
    funct7 << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | 0x53
}

/// R4 (fused): opcode, fmt, rs3, rs2, rs1, rm, rd.
fn r4(opcode: u32, fmt: u32, rs3: u32, rs2: u32, rs1: u32, rm: u32, rd: u32) -> u32 {
    rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | opcode
}

/// csrrs rd, csr, x0 (a read).
fn csr_read(csr: u32, rd: u32) -> u32 {
    csr << 20 | 2 << 12 | rd << 7 | 0x73
}

pub(super) fn run(h: &mut Hart, raw: u32) -> Result<(), Trap> {
    let i = decode(raw);
    assert_ne!(i.op, Op::Illegal, "{raw:#010x}");
    h.execute(i)
}

pub(super) fn is_illegal(r: Result<(), Trap>, raw: u32) -> bool {
    r == Err(Trap {
        cause: Exception::IllegalInstruction,
        tval: u64::from(raw),
    })
}

const FADD_S: u32 = 0x00;

#[test]
fn fs_off_makes_fp_instructions_and_fp_csrs_illegal() {
    let mut h = hart(0);
    let cases = [
        op_fp(FADD_S, 2, 1, DYN, 3),
        op_fp(0x71, 0, 1, 0, 10), // fmv.x.d a0, ft1
        0x0085_a507,              // flw fa0, 8(a1)
        csr_read(1, 10),          // fflags
        csr_read(2, 10),          // frm
        csr_read(3, 10),          // fcsr
    ];
    for raw in cases {
        let r = h.execute(decode(raw));
        assert!(is_illegal(r, raw), "{raw:#010x}: {r:?}");
    }
    assert_eq!(h.pc, PC);
    assert_eq!(h.csr.mstatus & MSTATUS_FS, 0);
}

#[test]
fn fp_state_changes_set_fs_dirty_and_sd() {
    // (what, instruction, makes FS dirty)
    let one_s = BOX | u64::from(1.0f32.to_bits());
    let cases: &[(&str, u32, bool)] = &[
        (
            "fadd.s writes an f register",
            op_fp(FADD_S, 1, 1, DYN, 2),
            true,
        ),
        ("fmv.x.w writes only x", op_fp(0x70, 0, 1, 0, 10), false),
        (
            "exact fcvt.w.s raises no flag",
            op_fp(0x60, 0, 1, 1, 10),
            false,
        ),
        (
            "feq.s with numbers raises no flag",
            op_fp(0x50, 1, 1, 2, 10),
            false,
        ),
        ("flt.s with a NaN raises NV", op_fp(0x50, 3, 1, 1, 10), true),
        ("csrr fflags only reads", csr_read(1, 10), false),
        ("csrw frm writes", 0x0025_1073, true), // csrrw zero, frm, a0
    ];
    for &(what, raw, dirty) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = one_s;
        h.fp.f[3] = CANONICAL_NAN_D;
        h.execute(decode(raw)).unwrap();
        let fs = h.csr.mstatus & MSTATUS_FS;
        assert_eq!(fs == MSTATUS_FS, dirty, "{what}: FS = {}", fs >> 13);
        if !dirty {
            assert_eq!(fs, FS_INITIAL, "{what}");
        }
        let sd = h.csr.mstatus_value() & MSTATUS_SD != 0;
        assert_eq!(sd, dirty, "{what}: SD in mstatus");
        // sstatus shows the same SD.
        h.execute(decode(csr_read(0x100, 11))).unwrap();
        assert_eq!(h.x[11] & MSTATUS_SD != 0, dirty, "{what}: SD in sstatus");
    }
}

#[test]
fn fs_is_writable_through_mstatus_and_sstatus() {
    let mut h = hart(0);
    h.x[10] = MSTATUS_FS;
    h.execute(decode(0x3005_2073)).unwrap(); // csrrs zero, mstatus, a0
    assert_eq!(h.csr.mstatus & MSTATUS_FS, MSTATUS_FS);
    h.execute(decode(0x1005_3073)).unwrap(); // csrrc zero, sstatus, a0
    assert_eq!(h.csr.mstatus & MSTATUS_FS, 0);
    assert_eq!(h.csr.mstatus_value() & MSTATUS_SD, 0);
}

#[test]
fn dynamic_rounding_with_a_reserved_frm_is_illegal_and_changes_nothing() {
    for frm in 0..8u8 {
        let mut h = hart(FS_INITIAL);
        h.fp.frm = frm;
        h.fp.f[1] = 1.0f64.to_bits();
        h.fp.f[2] = 3.0f64.to_bits();
        let raw = op_fp(0x0d, 2, 1, DYN, 3); // fdiv.d f3, f1, f2
        let r = h.execute(decode(raw));
        if frm >= 5 {
            assert!(is_illegal(r, raw), "frm={frm}: {r:?}");
            assert_eq!((h.fp.f[3], h.fp.fflags, h.pc), (0, 0, PC), "frm={frm}");
            assert_eq!(h.csr.mstatus & MSTATUS_FS, FS_INITIAL);
        } else {
            r.unwrap();
            let rm = Rounding::from_bits(frm).unwrap().softfloat();
            let want = flagged(|| {
                F64::from_bits(1.0f64.to_bits())
                    .div(F64::from_bits(3.0f64.to_bits()), rm)
                    .to_bits()
            });
            assert_eq!((h.fp.f[3], h.fp.fflags), want, "frm={frm}");
        }
    }
    // A static rm ignores a reserved frm.
    let mut h = hart(FS_INITIAL);
    h.fp.frm = 7;
    h.execute(decode(op_fp(0x0d, 2, 1, 1, 3))).unwrap();
}

#[test]
fn single_precision_reads_unboxed_inputs_as_the_canonical_nan() {
    let one = 1.0f32.to_bits();
    let two = 2.0f32.to_bits();
    // (what, f1, f2, instruction, expected f3)
    let cases: &[(&str, u64, u64, u32, u64)] = &[
        (
            "boxed add",
            BOX | u64::from(one),
            BOX | u64::from(one),
            op_fp(FADD_S, 2, 1, 0, 3),
            BOX | u64::from(two),
        ),
        (
            "unboxed rs1",
            u64::from(one),
            BOX | u64::from(one),
            op_fp(FADD_S, 2, 1, 0, 3),
            BOX | u64::from(CANONICAL_NAN_S),
        ),
        (
            "almost boxed",
            0xffff_fffe_0000_0000 | u64::from(one),
            BOX | u64::from(one),
            op_fp(FADD_S, 2, 1, 0, 3),
            BOX | u64::from(CANONICAL_NAN_S),
        ),
        // fsgnj.s of an unboxed value: canonical NaN with rs2's sign.
        (
            "fsgnj.s unboxed",
            1.0f64.to_bits(),
            BOX | 0x8000_0000,
            op_fp(0x10, 2, 1, 0, 3),
            BOX | 0xffc0_0000,
        ),
        // fmv.w.x boxes.
        ("fmv.w.x", 0, 0, op_fp(0x78, 0, 10, 0, 3), BOX | 0x1234_5678),
        // fcvt.s.d rounds and boxes.
        (
            "fcvt.s.d",
            1.5f64.to_bits(),
            0,
            op_fp(0x20, 1, 1, 0, 3),
            BOX | u64::from(1.5f32.to_bits()),
        ),
    ];
    for &(what, f1, f2, raw, want) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = f1;
        h.fp.f[2] = f2;
        h.x[10] = 0xdead_beef_1234_5678;
        run(&mut h, raw).unwrap();
        assert_eq!(h.fp.f[3], want, "{what}: {:#x}", h.fp.f[3]);
    }
}

/// A hart with FS = Initial, a1 = DATA and 0x0123_4567_89ab_cdef at DATA.
pub(super) fn hart_with_data() -> Hart {
    let mut h = hart(FS_INITIAL);
    h.x[11] = DATA;
    h.bus
        .ram
        .slice_mut(DATA, 8)
        .unwrap()
        .copy_from_slice(&0x0123_4567_89ab_cdefu64.to_le_bytes());
    h
}

#[test]
fn moves_and_fp_loads_stores_transfer_bits_unchanged() {
    let mut h = hart_with_data();
    run(&mut h, 0x0005_a507).unwrap(); // flw fa0, 0(a1)
    assert_eq!(h.fp.f[10], BOX | 0x89ab_cdef);
    run(&mut h, 0x0005_b587).unwrap(); // fld fa1, 0(a1)
    assert_eq!(h.fp.f[11], 0x0123_4567_89ab_cdef);
    run(&mut h, op_fp(0x70, 0, 11, 0, 12)).unwrap(); // fmv.x.w a2, fa1: low bits, sign-extended
    assert_eq!(h.x[12], 0xffff_ffff_89ab_cdef);
    run(&mut h, op_fp(0x71, 0, 11, 0, 12)).unwrap(); // fmv.x.d a2, fa1
    assert_eq!(h.x[12], 0x0123_4567_89ab_cdef);
    // fsw stores the low 32 bits of a register that is not NaN-boxed.
    run(&mut h, 0x00b5_a427).unwrap(); // fsw fa1, 8(a1)
    assert_eq!(
        h.bus.ram.slice(DATA + 8, 4).unwrap(),
        &0x89ab_cdefu32.to_le_bytes()
    );
    run(&mut h, 0x00b5_b827).unwrap(); // fsd fa1, 16(a1)
    assert_eq!(
        h.bus.ram.slice(DATA + 16, 8).unwrap(),
        &0x0123_4567_89ab_cdefu64.to_le_bytes()
    );
    // c.fldsp/c.fsdsp go through the same path.
    h.x[2] = DATA;
    run(&mut h, 0x2242).unwrap(); // c.fldsp ft4, 16(sp)
    assert_eq!(h.fp.f[4], 0x0123_4567_89ab_cdef);
    run(&mut h, 0xac12).unwrap(); // c.fsdsp ft4, 24(sp)
    assert_eq!(
        h.bus.ram.slice(DATA + 24, 8).unwrap(),
        &0x0123_4567_89ab_cdefu64.to_le_bytes()
    );
}

#[test]
fn float_to_int_conversions_saturate_as_table_11_4() {
    // (what, instruction with rm = rtz, f1, expected x10, flags)
    let s = |v: f32| BOX | u64::from(v.to_bits());
    let d = |v: f64| v.to_bits();
    let nan_s = BOX | u64::from(CANONICAL_NAN_S);
    let cases: &[(&str, u32, u64, u64, u8)] = &[
        ("w.s NaN", 0x60, nan_s, 0x7fff_ffff, flags::NV),
        ("w.s +inf", 0x60, s(f32::INFINITY), 0x7fff_ffff, flags::NV),
        (
            "w.s -inf",
            0x60,
            s(f32::NEG_INFINITY),
            0xffff_ffff_8000_0000,
            flags::NV,
        ),
        ("w.s 3e9", 0x60, s(3e9), 0x7fff_ffff, flags::NV),
        ("w.s -1.5", 0x60, s(-1.5), u64::MAX, flags::NX),
        ("wu.s NaN", 0x60, nan_s, u64::MAX, flags::NV),
        ("wu.s -1.0", 0x60, s(-1.0), 0, flags::NV),
        ("wu.s -0.5 rounds to 0", 0x60, s(-0.5), 0, flags::NX),
        (
            "wu.s 3e9 is sign-extended",
            0x60,
            s(3e9),
            0xffff_ffff_b2d0_5e00,
            0,
        ),
        (
            "l.d NaN",
            0x61,
            d(f64::NAN),
            0x7fff_ffff_ffff_ffff,
            flags::NV,
        ),
        ("l.d -2^63", 0x61, d(-(2f64.powi(63))), 1 << 63, 0),
        (
            "l.d 2^63",
            0x61,
            d(2f64.powi(63)),
            0x7fff_ffff_ffff_ffff,
            flags::NV,
        ),
        ("lu.d -inf", 0x61, d(f64::NEG_INFINITY), 0, flags::NV),
        ("lu.d 2^64", 0x61, d(2f64.powi(64)), u64::MAX, flags::NV),
        (
            "w.d -2^31-0.5",
            0x61,
            d(-2147483648.5),
            0xffff_ffff_8000_0000,
            flags::NX,
        ),
    ];
    // rs2 selects W (0), WU (1), L (2), LU (3).
    let sel = |what: &str| match what.split(' ').next().unwrap() {
        "w.s" | "w.d" => 0,
        "wu.s" | "wu.d" => 1,
        "l.s" | "l.d" => 2,
        _ => 3,
    };
    for &(what, funct7, f1, want, fl) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = f1;
        run(&mut h, op_fp(funct7, sel(what), 1, 1, 10)).unwrap();
        assert_eq!((h.x[10], h.fp.fflags), (want, fl), "{what}: {:#x}", h.x[10]);
    }
}

#[test]
fn comparisons_signal_as_section_11_8() {
    let q = BOX | 0x7fc0_0000;
    let snan = BOX | 0x7f80_0001;
    let one = BOX | u64::from(1.0f32.to_bits());
    // (funct3: 2 feq, 1 flt, 0 fle; a; b; result; flags)
    let cases: &[(u32, u64, u64, u64, u8)] = &[
        (2, one, one, 1, 0),
        (2, q, one, 0, 0),
        (2, snan, one, 0, flags::NV),
        (1, q, one, 0, flags::NV),
        (0, one, q, 0, flags::NV),
        (0, one, one, 1, 0),
        (1, BOX | 0x8000_0000, BOX, 0, 0), // -0 < +0 is false
        (0, BOX | 0x8000_0000, BOX, 1, 0),
    ];
    for &(f3, a, b, want, fl) in cases {
        let mut h = hart(FS_INITIAL);
        h.fp.f[1] = a;
        h.fp.f[2] = b;
        run(&mut h, op_fp(0x50, 2, 1, f3, 10)).unwrap();
        assert_eq!(
            (h.x[10], h.fp.fflags),
            (want, fl),
            "funct3={f3} {a:#x} {b:#x}"
        );
    }
}

#[test]
fn fmin_fmax_and_fclass_through_the_hart() {
    let mut h = hart(FS_INITIAL);
    h.fp.f[1] = (-0.0f64).to_bits();
    h.fp.f[2] = 0.0f64.to_bits();
    h.fp.f[4] = 0x7ff0_0000_0000_0001; // sNaN
    run(&mut h, op_fp(0x15, 2, 1, 0, 3)).unwrap(); // fmin.d
    assert_eq!(h.fp.f[3], (-0.0f64).to_bits());
    run(&mut h, op_fp(0x15, 2, 1, 1, 3)).unwrap(); // fmax.d
    assert_eq!(h.fp.f[3], 0);
    assert_eq!(h.fp.fflags, 0);
    run(&mut h, op_fp(0x15, 4, 2, 1, 3)).unwrap(); // fmax.d f3, f2, sNaN
    assert_eq!((h.fp.f[3], h.fp.fflags), (0, flags::NV));
    run(&mut h, op_fp(0x71, 0, 4, 1, 10)).unwrap(); // fclass.d a0, f4
    assert_eq!(h.x[10], 1 << 8);
    h.fp.f[5] = 0x3f80_0000; // not boxed: fclass.s sees the canonical NaN
    run(&mut h, op_fp(0x70, 0, 5, 1, 10)).unwrap();
    assert_eq!(h.x[10], 1 << 9);
}

#[test]
fn fcsr_packs_frm_and_fflags_and_ignores_reserved_bits() {
    let mut h = hart(FS_INITIAL);
    h.x[10] = 0xffff_ffff_ffff_ffff;
    run(&mut h, 0x0035_1073).unwrap(); // csrrw zero, fcsr, a0
    assert_eq!((h.fp.frm, h.fp.fflags), (7, 0x1f));
    run(&mut h, csr_read(3, 11)).unwrap();
    assert_eq!(h.x[11], 0xff);
    h.x[10] = 0x2;
    run(&mut h, 0x0015_1073).unwrap(); // csrrw zero, fflags, a0
    run(&mut h, csr_read(3, 11)).unwrap();
    assert_eq!(h.x[11], 0xe2);
    run(&mut h, csr_read(2, 11)).unwrap();
    assert_eq!(h.x[11], 7);
}

#[test]
fn debugger_writes_change_fp_state_and_make_fs_dirty_unless_off() {
    for (fs, after) in [(0, 0), (FS_INITIAL, MSTATUS_FS), (MSTATUS_FS, MSTATUS_FS)] {
        let mut h = hart(fs);
        h.debug_write_freg(33, 0x1234); // r & 31 = 1
        h.debug_write_fp_csr(3, 0x1e3); // fcsr: reserved bits 8+ ignored
        assert_eq!((h.fp.f[1], h.fp.frm, h.fp.fflags), (0x1234, 7, 3));
        assert_eq!((h.fp.csr(1), h.fp.csr(2), h.fp.csr(3)), (3, 7, 0xe3));
        assert_eq!(h.csr.mstatus & MSTATUS_FS, after, "FS was {}", fs >> 13);
    }
}

/// Operands: random bit patterns mixed with the special values.
fn operand_d() -> impl Strategy<Value = u64> {
    prop_oneof![
        any::<u64>(),
        prop::sample::select(vec![
            0,
            1 << 63,
            1.0f64.to_bits(),
            (-1.0f64).to_bits(),
            0x7ff0_0000_0000_0000,
            0xfff0_0000_0000_0000,
            CANONICAL_NAN_D,
            0x7ff0_0000_0000_0001,
            1,
            0x000f_ffff_ffff_ffff,
            f64::MAX.to_bits(),
            f64::MIN_POSITIVE.to_bits(),
            0x3ff0_0000_0000_0001,
        ]),
    ]
}

fn operand_s() -> impl Strategy<Value = u32> {
    prop_oneof![
        any::<u32>(),
        prop::sample::select(vec![
            0,
            0x8000_0000,
            1.0f32.to_bits(),
            (-1.0f32).to_bits(),
            0x7f80_0000,
            0xff80_0000,
            CANONICAL_NAN_S,
            0x7f80_0001,
            1,
            0x007f_ffff,
            f32::MAX.to_bits(),
            f32::MIN_POSITIVE.to_bits(),
            0x3f80_0001,
        ]),
    ]
}

/// SoftFloat's result and flags for arithmetic operation `op` in any
/// format: 0 add, 1 sub, 2 mul, 3 div, 4 sqrt, 5..=8 fmadd, fmsub,
/// fnmsub, fnmadd (their negations are sign flips, as the hart does).
pub(super) fn reference<F: Float + Copy>(
    op: usize,
    a: F,
    b: F,
    c: F,
    rm: softfloat_wrapper::RoundingMode,
) -> (F::Payload, u8) {
    flagged(|| {
        match op {
            0 => a.add(b, rm),
            1 => a.sub(b, rm),
            2 => a.mul(b, rm),
            3 => a.div(b, rm),
            4 => a.sqrt(rm),
            5 => a.fused_mul_add(b, c, rm),
            6 => a.fused_mul_add(b, c.neg(), rm),
            7 => a.neg().fused_mul_add(b, c, rm),
            _ => a.neg().fused_mul_add(b, c.neg(), rm),
        }
        .to_bits()
    })
}

/// The encoding of operation `op` (as numbered in `reference`) on
/// fmt (0 = S, 1 = D, 2 = H): fd3 = f1 op f2 (op f4).
pub(super) fn encode(op: usize, fmt: u32, rm: u32) -> u32 {
    match op {
        0..=3 => op_fp((op as u32) << 2 | fmt, 2, 1, rm, 3),
        4 => op_fp(0x2c | fmt, 0, 1, rm, 3),
        _ => r4(0x43 + 4 * (op as u32 - 5), fmt, 4, 2, 1, rm, 3),
    }
}

/// Runs arithmetic operation `op` (numbered as in [`reference`]) on fmt
/// with f1, f2, f4 = the register images `abc`, rounding by the static
/// mode `rm` or by frm = `rm`: (f3, fflags).
pub(super) fn run_arithmetic(
    op: usize,
    fmt: u32,
    rm: u8,
    dynamic: bool,
    abc: [u64; 3],
) -> (u64, u8) {
    let mut h = hart(FS_INITIAL);
    [h.fp.f[1], h.fp.f[2], h.fp.f[4]] = abc;
    h.fp.frm = rm;
    let field = if dynamic { DYN } else { u32::from(rm) };
    run(&mut h, encode(op, fmt, field)).unwrap();
    (h.fp.f[3], h.fp.fflags)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Every arithmetic operation, in every rounding mode (static and
    /// through frm), gives SoftFloat's result and flags.
    #[test]
    fn arithmetic_d_matches_softfloat(op in 0usize..9, rm in 0u8..5, dynamic: bool,
                                      a in operand_d(), b in operand_d(), c in operand_d()) {
        let got = run_arithmetic(op, 1, rm, dynamic, [a, b, c]);
        let r = Rounding::from_bits(rm).unwrap().softfloat();
        let want = reference(op, F64::from_bits(a), F64::from_bits(b), F64::from_bits(c), r);
        prop_assert_eq!(got, want);
    }

    #[test]
    fn arithmetic_s_matches_softfloat(op in 0usize..9, rm in 0u8..5, dynamic: bool,
                                      a in operand_s(), b in operand_s(), c in operand_s()) {
        let abc = [a, b, c].map(|v| BOX | u64::from(v));
        let got = run_arithmetic(op, 0, rm, dynamic, abc);
        let r = Rounding::from_bits(rm).unwrap().softfloat();
        let (v, fl) = reference(op, F32::from_bits(a), F32::from_bits(b), F32::from_bits(c), r);
        prop_assert_eq!(got, (BOX | u64::from(v), fl));
    }

    /// Conversions between formats and to/from integers, every mode.
    #[test]
    fn conversions_match_softfloat(rm in 0u8..5, d in operand_d(), s in operand_s(), x: u64) {
        let r = Rounding::from_bits(rm).unwrap().softfloat();
        let rm = u32::from(rm);
        let (fd, fs) = (F64::from_bits(d), F32::from_bits(s));
        let sext = |v: u32| v as i32 as i64 as u64;
        // (encoding, expected result register value, flags, result in x?)
        let cases: Vec<(u32, (u64, u8), bool)> = vec![
            (op_fp(0x20, 1, 1, rm, 3), { let (v, f) = flagged(|| fd.to_f32(r).to_bits()); (BOX | u64::from(v), f) }, false),
            (op_fp(0x21, 0, 2, rm, 3), flagged(|| fs.to_f64(r).to_bits()), false),
            (op_fp(0x61, 0, 1, rm, 10), flagged(|| sext(fd.to_i32(r, true) as u32)), true),
            (op_fp(0x61, 1, 1, rm, 10), flagged(|| sext(fd.to_u32(r, true))), true),
            (op_fp(0x61, 2, 1, rm, 10), flagged(|| fd.to_i64(r, true) as u64), true),
            (op_fp(0x61, 3, 1, rm, 10), flagged(|| fd.to_u64(r, true)), true),
            (op_fp(0x60, 0, 2, rm, 10), flagged(|| sext(fs.to_i32(r, true) as u32)), true),
            (op_fp(0x60, 3, 2, rm, 10), flagged(|| fs.to_u64(r, true)), true),
            (op_fp(0x69, 2, 11, rm, 3), flagged(|| F64::from_i64(x as i64, r).to_bits()), false),
            (op_fp(0x69, 3, 11, rm, 3), flagged(|| F64::from_u64(x, r).to_bits()), false),
            (op_fp(0x68, 0, 11, rm, 3), { let (v, f) = flagged(|| F32::from_i32(x as i32, r).to_bits()); (BOX | u64::from(v), f) }, false),
            (op_fp(0x68, 3, 11, rm, 3), { let (v, f) = flagged(|| F32::from_u64(x, r).to_bits()); (BOX | u64::from(v), f) }, false),
        ];
        for (raw, want, to_x) in cases {
            let mut h = hart(FS_INITIAL);
            h.fp.f[1] = d;
            h.fp.f[2] = BOX | u64::from(s);
            h.x[11] = x;
            run(&mut h, raw).unwrap();
            let got = if to_x { h.x[10] } else { h.fp.f[3] };
            prop_assert_eq!((got, h.fp.fflags), want, "{:#010x}", raw);
        }
    }
}
