//! F and D arithmetic on the host's floating point, inline (QEMU's
//! "hardfloat" idea; the same rule as the interpreter's `fpu/host.rs`,
//! which this code mirrors test for test).
//!
//! FADD/FSUB/FMUL/FDIV and the four fused multiply-adds, binary32 and
//! binary64 (Unprivileged 20191213, sections 11.6 and 12.4), run on the host
//! when the host's answer is certainly the RISC-V one: rounding to nearest,
//! ties to even (rm = RNE, or rm = DYN with frm = RNE); every operand
//! normal or zero (and a binary32 operand properly NaN-boxed, section
//! 12.2); the result an exact zero (sums only) or finite and above the
//! least normal, so that no flag but NX can arise. NX is then either
//! already set in fflags (sticky: nothing to do), or decided exactly: the
//! error of a sum by TwoSum, of a product by a fused multiply-add (products
//! above 2^-970, resp. 2^-103 for binary32, so that the error itself is
//! exact). A quotient, and a fused multiply-add whose product is not exact,
//! need NX set already. Everything else — another rounding mode, NaNs,
//! infinities, subnormals, a possible overflow or underflow, mstatus.FS =
//! Off, V = 1 — goes to the interpreter ([`helpers::exec`]), which also
//! raises the illegal-instruction trap for a reserved rm.
//!
//! FSGNJ*, FMV.X.* and FMV.*.X (sections 11.7, 12.5) move bits and raise
//! nothing: inline whenever FP is on and V = 0.

use super::Translator;
use crate::fpu::flags::NX;
use crate::hart::csr::MSTATUS_FS;
use crate::isa::{Instr, Op};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{F32, F64, I32, I64, I8};
use cranelift_codegen::ir::{self, InstBuilder, MemFlags, Type, Value};

/// The rm value that means "use frm" (section 11.2), and RNE.
const RM_DYNAMIC: i32 = 7;
const RM_RNE: i32 = 0;

/// The arithmetic the host does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    /// rs1 × rs2 + rs3, with the product's and the addend's signs as the
    /// two flags say: (negate the product, negate the addend).
    Fused(bool, bool),
}

/// Bit moves of the F and D extensions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Move {
    /// FSGNJ, FSGNJN, FSGNJX.
    SignCopy,
    SignNegate,
    SignXor,
    /// FMV.X.W / FMV.X.D: f to x.
    ToX,
    /// FMV.W.X / FMV.D.X: x to f.
    FromX,
}

/// The binary32 or binary64 format's bit patterns.
#[derive(Clone, Copy)]
struct Format {
    ty: Type,
    float: Type,
    abs: i64,
    /// The least normal, +infinity, and the least product whose error is
    /// exact (`fpu/host.rs`).
    min_normal: i64,
    inf: i64,
    min_exact: i64,
}

const DOUBLE: Format = Format {
    ty: I64,
    float: F64,
    abs: i64::MAX,
    min_normal: 1 << 52,
    inf: 0x7ff << 52,
    min_exact: (1023 - 970) << 52,
};

const SINGLE: Format = Format {
    ty: I32,
    float: F32,
    abs: 0x7fff_ffff,
    min_normal: 1 << 23,
    inf: 0xff << 23,
    min_exact: (127 - 103) << 23,
};

/// What [`Translator::product`] finds (i8 truth values).
struct Product {
    bits: Value,
    zero_exact: Value,
    normal: Value,
    big: Value,
    inexact: Value,
}

/// The binary32 canonical NaN (section 11.3), what an improperly boxed
/// register reads as.
const CANONICAL_NAN_S: i64 = 0x7fc0_0000;
/// The upper half of a NaN-boxed binary32 value.
const BOX: i64 = !0xffff_ffff;

/// The inline arithmetic of `op`: (what, binary64?).
pub(super) fn arith(op: Op) -> Option<(Arith, bool)> {
    use Op::*;
    Some(match op {
        FaddS => (Arith::Add, false),
        FsubS => (Arith::Sub, false),
        FmulS => (Arith::Mul, false),
        FdivS => (Arith::Div, false),
        FmaddS => (Arith::Fused(false, false), false),
        FmsubS => (Arith::Fused(false, true), false),
        FnmsubS => (Arith::Fused(true, false), false),
        FnmaddS => (Arith::Fused(true, true), false),
        FaddD => (Arith::Add, true),
        FsubD => (Arith::Sub, true),
        FmulD => (Arith::Mul, true),
        FdivD => (Arith::Div, true),
        FmaddD => (Arith::Fused(false, false), true),
        FmsubD => (Arith::Fused(false, true), true),
        FnmsubD => (Arith::Fused(true, false), true),
        FnmaddD => (Arith::Fused(true, true), true),
        _ => return None,
    })
}

/// The inline bit move of `op`: (what, binary64?).
pub(super) fn bit_move(op: Op) -> Option<(Move, bool)> {
    use Op::*;
    Some(match op {
        FsgnjS => (Move::SignCopy, false),
        FsgnjnS => (Move::SignNegate, false),
        FsgnjxS => (Move::SignXor, false),
        FmvXW => (Move::ToX, false),
        FmvWX => (Move::FromX, false),
        FsgnjD => (Move::SignCopy, true),
        FsgnjnD => (Move::SignNegate, true),
        FsgnjxD => (Move::SignXor, true),
        FmvXD => (Move::ToX, true),
        FmvDX => (Move::FromX, true),
        _ => return None,
    })
}

impl Translator<'_, '_> {
    /// 1 (as an i8) when FP instructions may run inline: mstatus.FS is not
    /// Off and V = 0 (Privileged 20211203, sections 3.1.6.6 and 8.6.1).
    /// Returns (that, mstatus). (Computing this once per block and keeping
    /// it live measured no better: matmul 1.445 G against 1.450 G host
    /// instructions.)
    pub(super) fn fp_on(&mut self) -> (Value, Value) {
        let f = MemFlags::trusted();
        let mstatus = self.b.ins().load(I64, f, self.hart, self.l.mstatus);
        let fs = self.b.ins().band_imm(mstatus, MSTATUS_FS as i64);
        let fs_on = self.b.ins().icmp_imm(IntCC::NotEqual, fs, 0);
        let virt = self.b.ins().uload8(I32, f, self.hart, self.l.virt);
        let not_virt = self.b.ins().icmp_imm(IntCC::Equal, virt, 0);
        (self.b.ins().band(fs_on, not_virt), mstatus)
    }

    /// Writes f register `rd` (a binary32 result NaN-boxed) and sets
    /// mstatus.FS = Dirty (V = 0 here, so vsstatus is not involved).
    fn set_freg(&mut self, rd: u8, v: Value, mstatus: Value, double: bool) {
        let f = MemFlags::trusted();
        let v = if double {
            v
        } else {
            let w = self.b.ins().uextend(I64, v);
            self.b.ins().bor_imm(w, BOX)
        };
        let at = self.l.f + 8 * i32::from(rd & 31);
        self.b.ins().store(f, v, self.hart, at);
        let dirty = self.b.ins().bor_imm(mstatus, MSTATUS_FS as i64);
        self.b.ins().store(f, dirty, self.hart, self.l.mstatus);
    }

    /// f register `r` as the format's bits, and (binary32) whether it is
    /// properly NaN-boxed; an improperly boxed one reads as the canonical
    /// NaN (section 12.2).
    fn freg_bits(&mut self, r: u8, double: bool) -> (Value, Option<Value>) {
        let at = self.l.f + 8 * i32::from(r & 31);
        let v = self.b.ins().load(I64, MemFlags::trusted(), self.hart, at);
        if double {
            return (v, None);
        }
        let high = self.b.ins().ushr_imm(v, 32);
        let boxed = self.b.ins().icmp_imm(IntCC::Equal, high, 0xffff_ffff);
        let low = self.b.ins().ireduce(I32, v);
        let nan = self.b.ins().iconst(I32, CANONICAL_NAN_S);
        (self.b.ins().select(boxed, low, nan), Some(boxed))
    }

    /// `bits & abs - lo <u hi - lo`: the magnitude in [lo, hi).
    fn magnitude_in(&mut self, abs: Value, lo: i64, hi: i64) -> Value {
        let ty = self.b.func.dfg.value_type(abs);
        let d = self.b.ins().iadd_imm(abs, lo.wrapping_neg());
        let span = if ty == I32 {
            i64::from((hi - lo) as u32)
        } else {
            hi - lo
        };
        self.b.ins().icmp_imm(IntCC::UnsignedLessThan, d, span)
    }

    /// Normal or zero (`plain` in `fpu/host.rs`).
    fn plain(&mut self, bits: Value, fmt: Format) -> Value {
        let abs = self.b.ins().band_imm(bits, fmt.abs);
        let zero = self.b.ins().icmp_imm(IntCC::Equal, abs, 0);
        let normal = self.magnitude_in(abs, fmt.min_normal, fmt.inf);
        self.b.ins().bor(zero, normal)
    }

    /// Finite and above the least normal (`normal_result`).
    fn normal_result(&mut self, bits: Value, fmt: Format) -> Value {
        let abs = self.b.ins().band_imm(bits, fmt.abs);
        self.magnitude_in(abs, fmt.min_normal + 1, fmt.inf)
    }

    fn is_zero(&mut self, bits: Value, fmt: Format) -> Value {
        let abs = self.b.ins().band_imm(bits, fmt.abs);
        self.b.ins().icmp_imm(IntCC::Equal, abs, 0)
    }

    fn as_float(&mut self, bits: Value, fmt: Format) -> Value {
        self.b.ins().bitcast(fmt.float, MemFlags::new(), bits)
    }

    fn as_bits(&mut self, v: Value, fmt: Format) -> Value {
        self.b.ins().bitcast(fmt.ty, MemFlags::new(), v)
    }

    /// `sum` of `fpu/host.rs`: a + b, usable when exactly zero or a normal
    /// result; NX (an i8) when its TwoSum error is not zero. Returns
    /// (result bits, usable, inexact).
    fn host_sum(&mut self, a: Value, b: Value, fmt: Format) -> (Value, Value, Value) {
        let s = self.b.ins().fadd(a, b);
        let bits = self.as_bits(s, fmt);
        let zero = self.is_zero(bits, fmt);
        let normal = self.normal_result(bits, fmt);
        let usable = self.b.ins().bor(zero, normal);
        let bb = self.b.ins().fsub(s, a);
        let a_part = self.b.ins().fsub(s, bb);
        let a_err = self.b.ins().fsub(a, a_part);
        let b_err = self.b.ins().fsub(b, bb);
        let err = self.b.ins().fadd(a_err, b_err);
        let zero_f = self.float_zero(fmt);
        let nonzero = self.b.ins().fcmp(FloatCC::NotEqual, err, zero_f);
        let not_zero_sum = self.b.ins().bnot(zero);
        let inexact = self.b.ins().band(nonzero, not_zero_sum);
        (bits, usable, inexact)
    }

    fn float_zero(&mut self, fmt: Format) -> Value {
        if fmt.float == F64 {
            self.b.ins().f64const(0.0)
        } else {
            self.b.ins().f32const(0.0)
        }
    }

    /// The product p = a × b of plain `a` and `b` (bits `ab`, `bb`), as
    /// `fpu/host.rs` judges it: (zero with a zero factor; a normal result;
    /// at least `min_exact`, so that its error fma(a, b, -p) is exact; that
    /// error is not zero).
    fn product(
        &mut self,
        (a, b): (Value, Value),
        (ab, bb): (Value, Value),
        p: Value,
        fmt: Format,
    ) -> Product {
        let p_bits = self.as_bits(p, fmt);
        let p_zero = self.is_zero(p_bits, fmt);
        let a_zero = self.is_zero(ab, fmt);
        let b_zero = self.is_zero(bb, fmt);
        let factor_zero = self.b.ins().bor(a_zero, b_zero);
        let zero_exact = self.b.ins().band(p_zero, factor_zero);
        let normal = self.normal_result(p_bits, fmt);
        let abs = self.b.ins().band_imm(p_bits, fmt.abs);
        let big = self
            .b
            .ins()
            .icmp_imm(IntCC::UnsignedGreaterThanOrEqual, abs, fmt.min_exact);
        let neg_p = self.b.ins().fneg(p);
        let err = self.b.ins().fma(a, b, neg_p);
        let zero_f = self.float_zero(fmt);
        let inexact = self.b.ins().fcmp(FloatCC::NotEqual, err, zero_f);
        Product {
            bits: p_bits,
            zero_exact,
            normal,
            big,
            inexact,
        }
    }

    /// FADD/FSUB/FMUL/FDIV/F[N]M{ADD,SUB} `i` (number `idx`, at byte
    /// offset `off`) inline, see the module's doc; otherwise the
    /// interpreter runs it. Returns false (the block goes on).
    pub(super) fn fp_arith(
        &mut self,
        i: Instr,
        idx: usize,
        off: u64,
        op: Arith,
        double: bool,
    ) -> bool {
        let rm = i.imm & 7;
        if rm != RM_RNE && rm != RM_DYNAMIC {
            // Another rounding mode, or a reserved one (which traps).
            return self.interpret(idx, off);
        }
        let fmt = if double { DOUBLE } else { SINGLE };
        let f = MemFlags::trusted();
        let (on, mstatus) = self.fp_on();
        let mut ok = on;
        if rm == RM_DYNAMIC {
            let frm = self.b.ins().uload8(I32, f, self.hart, self.l.frm);
            let rne = self.b.ins().icmp_imm(IntCC::Equal, frm, i64::from(RM_RNE));
            ok = self.b.ins().band(ok, rne);
        }
        let fflags = self.b.ins().uload8(I32, f, self.hart, self.l.fflags);
        let nx = self.b.ins().band_imm(fflags, i64::from(NX));
        let nx_set = self.b.ins().icmp_imm(IntCC::NotEqual, nx, 0);
        let rs3 = ((i.imm >> 3) & 31) as u8;
        let operand = |t: &mut Self, r: u8, ok: &mut Value| {
            let (bits, boxed) = t.freg_bits(r, double);
            let plain = t.plain(bits, fmt);
            *ok = t.b.ins().band(*ok, plain);
            if let Some(boxed) = boxed {
                *ok = t.b.ins().band(*ok, boxed);
            }
            bits
        };
        let ab = operand(self, i.rs1, &mut ok);
        let bb = operand(self, i.rs2, &mut ok);
        let a = self.as_float(ab, fmt);
        let b = self.as_float(bb, fmt);
        let (bits, usable, inexact) = match op {
            Arith::Add => self.host_sum(a, b, fmt),
            Arith::Sub => {
                let nb = self.b.ins().fneg(b);
                self.host_sum(a, nb, fmt)
            }
            Arith::Mul => {
                // Zero with a zero factor; else normal, and with NX clear
                // big enough for its error to tell NX exactly.
                let p = self.b.ins().fmul(a, b);
                let q = self.product((a, b), (ab, bb), p, fmt);
                let known = self.b.ins().bor(nx_set, q.big);
                let nonzero_ok = self.b.ins().band(q.normal, known);
                let usable = self.b.ins().bor(q.zero_exact, nonzero_ok);
                let inexact = self.b.ins().band(q.normal, q.inexact);
                (q.bits, usable, inexact)
            }
            Arith::Div => {
                let q = self.b.ins().fdiv(a, b);
                let bits = self.as_bits(q, fmt);
                let normal = self.normal_result(bits, fmt);
                let b_zero = self.is_zero(bb, fmt);
                let b_nonzero = self.b.ins().bnot(b_zero);
                let usable = self.b.ins().band(normal, b_nonzero);
                let usable = self.b.ins().band(usable, nx_set);
                let no = self.b.ins().iconst(I8, 0);
                (bits, usable, no)
            }
            Arith::Fused(neg_product, neg_addend) => {
                let cb = operand(self, rs3, &mut ok);
                let c = self.as_float(cb, fmt);
                let a = if neg_product { self.b.ins().fneg(a) } else { a };
                let c = if neg_addend { self.b.ins().fneg(c) } else { c };
                self.host_fused(nx_set, (a, b, c), (ab, bb), fmt)
            }
        };
        let ok = self.b.ins().band(ok, usable);
        let slow = self.b.create_block();
        let fast = self.b.create_block();
        let join = self.b.create_block();
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        self.set_freg(i.rd, bits, mstatus, double);
        let raised = self.b.ins().uextend(I32, inexact);
        let raised = self.b.ins().band_imm(raised, i64::from(NX));
        let fflags = self.b.ins().bor(fflags, raised);
        let fflags = self.b.ins().ireduce(I8, fflags);
        self.b.ins().store(f, fflags, self.hart, self.l.fflags);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(slow);
        self.interpret_then(idx, off, join);
        self.b.switch_to_block(join);
        false
    }

    /// The fused multiply-add a × b + c (signs applied) under the rule of
    /// `fma_*` in `fpu/host.rs`: with NX set, any normal result; else an
    /// exact product and then its exact-or-TwoSum sum. Returns (result
    /// bits, usable, inexact).
    fn host_fused(
        &mut self,
        nx_set: Value,
        (a, b, c): (Value, Value, Value),
        (ab, bb): (Value, Value),
        fmt: Format,
    ) -> (Value, Value, Value) {
        let r = self.b.ins().fma(a, b, c);
        let r_bits = self.as_bits(r, fmt);
        let r_normal = self.normal_result(r_bits, fmt);
        let p = self.b.ins().fmul(a, b);
        let q = self.product((a, b), (ab, bb), p, fmt);
        let exact = self.b.ins().band(q.normal, q.big);
        let no_error = self.b.ins().bnot(q.inexact);
        let exact = self.b.ins().band(exact, no_error);
        let exact = self.b.ins().bor(q.zero_exact, exact);
        let (s_bits, s_usable, s_inexact) = self.host_sum(p, c, fmt);
        let sum_ok = self.b.ins().band(exact, s_usable);
        let usable = self.b.ins().select(nx_set, r_normal, sum_ok);
        let bits = self.b.ins().select(nx_set, r_bits, s_bits);
        let no = self.b.ins().iconst(I8, 0);
        let inexact = self.b.ins().select(nx_set, no, s_inexact);
        (bits, usable, inexact)
    }

    /// FSGNJ*, FMV.X.*, FMV.*.X `i` inline when FP is on and V = 0;
    /// otherwise the interpreter (which traps). Returns false.
    pub(super) fn fp_move(
        &mut self,
        i: Instr,
        idx: usize,
        off: u64,
        op: Move,
        double: bool,
    ) -> bool {
        let (on, mstatus) = self.fp_on();
        let slow = self.b.create_block();
        let fast = self.b.create_block();
        let join = self.b.create_block();
        // Read here, where it dominates everything after the join.
        let x = (op == Move::FromX).then(|| self.reg(i.rs1));
        self.b.ins().brif(on, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        // The sign bit and the rest, as the format's immediates.
        let (sign, magnitude_mask) = if double {
            (i64::MIN, i64::MAX)
        } else {
            (i64::from(i32::MIN), i64::from(i32::MAX))
        };
        match op {
            Move::ToX => {
                let at = self.l.f + 8 * i32::from(i.rs1 & 31);
                let v = self.b.ins().load(I64, MemFlags::trusted(), self.hart, at);
                let v = if double { v } else { self.sext_w(v) };
                self.set(i.rd, v);
            }
            Move::FromX => {
                let v = x.unwrap_or_else(|| self.b.ins().iconst(I64, 0));
                let v = if double {
                    v
                } else {
                    self.b.ins().ireduce(I32, v)
                };
                self.set_freg(i.rd, v, mstatus, double);
            }
            Move::SignCopy | Move::SignNegate | Move::SignXor => {
                let (a, _) = self.freg_bits(i.rs1, double);
                let (b, _) = self.freg_bits(i.rs2, double);
                let magnitude = self.b.ins().band_imm(a, magnitude_mask);
                let s = match op {
                    Move::SignCopy => b,
                    Move::SignNegate => self.b.ins().bnot(b),
                    _ => self.b.ins().bxor(a, b),
                };
                let s = self.b.ins().band_imm(s, sign);
                let v = self.b.ins().bor(magnitude, s);
                self.set_freg(i.rd, v, mstatus, double);
            }
        }
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(slow);
        self.interpret_then(idx, off, join);
        self.b.switch_to_block(join);
        if op == Move::ToX {
            // rd was written on one path only: read it afresh after.
            let rd = usize::from(i.rd);
            if let Some(r) = self.regs.get_mut(rd) {
                *r = None;
            }
        }
        false
    }

    /// The interpreter runs instruction `idx` (at byte offset `off`) and
    /// the block goes on to `join` unless it trapped or must look at
    /// events. Pending page-cache hits stay pending (no access here).
    fn interpret_then(&mut self, idx: usize, off: u64, join: ir::Block) {
        let status = self.call_exec(idx, off, 0);
        self.check_status(status);
        self.b.ins().jump(join, &[]);
    }
}
