#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the rv64uf, rv64ud and rv64uzfh tests (F and D extensions,
Unprivileged ISA 20191213 chapters 11 and 12; Zfh/Zfhmin, the
half-precision chapter of the ratified Unprivileged ISA) with expected
results *and* fflags
computed by an exact reference model written here: operands are decoded to
rationals (fractions.Fraction), the operation is computed exactly (square
roots to far more bits than needed, with a sticky bit), and the result is
rounded to binary16/binary32/binary64 in each rounding mode, with tininess detected
after rounding (section 11.3) and the RISC-V NaN rules (canonical NaN,
saturating conversions, Table 11.4). The model shares no code with the
emulator's SoftFloat, so the two check each other; the tests are also run
on QEMU.

Usage: python3 tools/gen_fp.py   (from riscv-tests/; rewrites isa/rv64uf,
isa/rv64ud and isa/rv64uzfh)
"""
import os
import random
from fractions import Fraction
from math import isqrt

NX, UF, OF, DZ, NV = 1, 2, 4, 8, 16
RMS = ["rne", "rtz", "rdn", "rup", "rmm"]
BOX = 0xFFFFFFFF00000000
# A binary16 value is NaN-boxed in a 64-bit register (Zfh: bits 63:16 set).
BOX_H = 0xFFFFFFFFFFFF0000


class Fmt:
    def __init__(self, name, ebits, p):
        self.name = name
        self.ebits = ebits
        self.p = p  # precision, hidden bit included
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias
        self.emax = self.bias
        self.width = ebits + p
        self.sign = 1 << (self.width - 1)
        self.fmask = (1 << (p - 1)) - 1
        self.emask = ((1 << ebits) - 1) << (p - 1)
        self.qnan = self.emask | (1 << (p - 2))
        self.inf = self.emask
        self.maxf = self.emask - 1

    def is_nan(self, b):
        return b & self.emask == self.emask and b & self.fmask != 0

    def is_snan(self, b):
        return self.is_nan(b) and not b & (1 << (self.p - 2))

    def is_inf(self, b):
        return b & ~self.sign == self.inf

    def neg(self, b):
        return b & self.sign != 0

    def value(self, b):
        """Finite value as a Fraction (the sign of zero is lost)."""
        e = (b & self.emask) >> (self.p - 1)
        f = b & self.fmask
        if e == 0:
            v = Fraction(f) * Fraction(2) ** (self.emin - self.p + 1)
        else:
            v = Fraction(f | (1 << (self.p - 1))) * Fraction(2) ** (e - self.bias - self.p + 1)
        return -v if self.neg(b) else v

    def round(self, v, rm, zero_sign=0):
        """Round the exact value v; returns (bits, flags)."""
        if v == 0:
            return (self.sign if zero_sign else 0), 0
        neg = v < 0
        mag = -v if neg else v
        e = mag.numerator.bit_length() - mag.denominator.bit_length()
        if Fraction(2) ** e > mag:
            e -= 1
        # Unbounded exponent rounding (for tininess after rounding).
        q = round_int(mag / Fraction(2) ** (e - self.p + 1), rm, neg)
        e_unb = e + 1 if q == 1 << self.p else e
        tiny = e_unb < self.emin
        if e_unb > self.emax:
            big = rm == 0 or rm == 4 or (rm == 2 and neg) or (rm == 3 and not neg)
            mag_bits = self.inf if big else self.maxf
            return (self.sign if neg else 0) | mag_bits, OF | NX
        if e >= self.emin:
            scaled = mag / Fraction(2) ** (e - self.p + 1)
            m = q
            ee = e_unb
            if m == 1 << self.p:
                m >>= 1
            bits = ((ee + self.bias) << (self.p - 1)) | (m & self.fmask)
        else:
            scaled = mag / Fraction(2) ** (self.emin - self.p + 1)
            m = round_int(scaled, rm, neg)
            bits = m  # a carry into the exponent field gives the minimum normal
        inexact = scaled != int(scaled)
        fl = NX if inexact else 0
        if tiny and inexact:
            fl |= UF
        return (self.sign if neg else 0) | bits, fl


def round_int(x, rm, neg):
    """Round the non-negative Fraction x to an integer; neg is the sign of
    the value x is the magnitude of."""
    fl = x.numerator // x.denominator
    rem = x - fl
    if rem == 0:
        return fl
    if rm == 0:
        half = Fraction(1, 2)
        return fl + 1 if rem > half or (rem == half and fl & 1) else fl
    if rm == 1:
        return fl
    if rm == 2:
        return fl + 1 if neg else fl
    if rm == 3:
        return fl if neg else fl + 1
    return fl + 1 if rem >= Fraction(1, 2) else fl


H = Fmt("h", 5, 11)
S = Fmt("s", 8, 24)
D = Fmt("d", 11, 53)


def arith(f, op, a, b, c, rm):
    """add/sub/mul/div/sqrt/fmadd/fmsub/fnmsub/fnmadd; returns (bits, flags)."""
    ins = [a] if op == "sqrt" else [a, b] if op in ("add", "sub", "mul", "div") else [a, b, c]
    fl = NV if any(f.is_snan(x) for x in ins) else 0
    if any(f.is_nan(x) for x in ins):
        # inf * 0 + NaN still raises NV (section 11.6).
        if op in ("fmadd", "fmsub", "fnmsub", "fnmadd") and not f.is_nan(a) and not f.is_nan(b):
            if (f.is_inf(a) and is_zero(f, b)) or (f.is_inf(b) and is_zero(f, a)):
                fl |= NV
        return f.qnan, fl
    if op == "sub":
        op, b = "add", b ^ f.sign
    if op == "fmsub":
        op, c = "fmadd", c ^ f.sign
    if op == "fnmsub":
        op, a = "fmadd", a ^ f.sign
    if op == "fnmadd":
        op, a, c = "fmadd", a ^ f.sign, c ^ f.sign
    if op == "add":
        return add(f, a, b, rm, None)
    if op == "mul":
        return mul(f, a, b, rm)
    if op == "div":
        sa, sb = f.neg(a), f.neg(b)
        s = f.sign if sa != sb else 0
        if f.is_inf(a) and f.is_inf(b) or is_zero(f, a) and is_zero(f, b):
            return f.qnan, NV
        if f.is_inf(a) or is_zero(f, b):
            return s | f.inf, (0 if f.is_inf(a) else DZ)
        if f.is_inf(b) or is_zero(f, a):
            return s, 0
        return f.round(f.value(a) / f.value(b), rm)
    if op == "sqrt":
        if is_zero(f, a):
            return a, 0
        if f.neg(a):
            return f.qnan, NV
        if f.is_inf(a):
            return a, 0
        v = f.value(a)
        # Scale so that the integer square root has 2p + 10 bits or more.
        e = v.numerator.bit_length() - v.denominator.bit_length()
        k = max(0, (4 * f.p + 20 - e) // 2 + 1)
        scaled = v * Fraction(4) ** k
        n = scaled.numerator // scaled.denominator
        r = isqrt(n)
        exact = r * r == n and scaled.denominator == 1
        val = Fraction(r, 2 ** k) if exact else Fraction(2 * r + 1, 2 ** (k + 1))
        return f.round(val, rm)
    # fmadd: a*b + c, one rounding.
    pinf = f.is_inf(a) or f.is_inf(b)
    if pinf and (is_zero(f, a) or is_zero(f, b)):
        return f.qnan, NV
    psign = f.neg(a) != f.neg(b)
    if pinf:
        if f.is_inf(c) and f.neg(c) != psign:
            return f.qnan, NV
        return (f.sign if psign else 0) | f.inf, 0
    if f.is_inf(c):
        return c, 0
    p = f.value(a) * f.value(b)
    pz = p == 0
    return add_exact(f, p, psign, pz, c, rm)


def is_zero(f, x):
    return x & ~f.sign == 0


def add(f, a, b, rm, _):
    if f.is_inf(a) and f.is_inf(b):
        if f.neg(a) != f.neg(b):
            return f.qnan, NV
        return a, 0
    if f.is_inf(a):
        return a, 0
    if f.is_inf(b):
        return b, 0
    return add_exact(f, f.value(a), f.neg(a), is_zero(f, a), b, rm)


def add_exact(f, x, xsign, xzero, b, rm):
    s = x + f.value(b)
    if s == 0:
        if xzero and is_zero(f, b) and xsign == f.neg(b):
            return (f.sign if xsign else 0), 0
        return (f.sign if rm == 2 else 0), 0
    return f.round(s, rm)


def mul(f, a, b, rm):
    s = f.neg(a) != f.neg(b)
    if f.is_inf(a) or f.is_inf(b):
        if is_zero(f, a) or is_zero(f, b):
            return f.qnan, NV
        return (f.sign if s else 0) | f.inf, 0
    p = f.value(a) * f.value(b)
    if p == 0:
        return (f.sign if s else 0), 0
    return f.round(p, rm)


def to_int(f, a, rm, bits, signed):
    """FCVT.{W,WU,L,LU}.fmt: (64-bit register value, flags)."""
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if f.is_nan(a):
        r, fl = hi, NV
    elif f.is_inf(a):
        r, fl = (lo if f.neg(a) else hi), NV
    else:
        v = f.value(a)
        neg = v < 0
        q = round_int(-v if neg else v, rm, neg)
        q = -q if neg else q
        if q < lo or q > hi:
            r, fl = (lo if neg else hi), NV
        else:
            r, fl = q, (NX if q != v else 0)
    r &= (1 << bits) - 1
    if bits == 32 and r >> 31:
        r |= 0xFFFFFFFF00000000
    return r, fl


def from_int(f, x, rm, bits, signed):
    x &= (1 << bits) - 1
    if signed and x >> (bits - 1):
        x -= 1 << bits
    return f.round(Fraction(x), rm)


def convert(src, dst, a, rm):
    if src.is_nan(a):
        return dst.qnan, (NV if src.is_snan(a) else 0)
    s = dst.sign if src.neg(a) else 0
    if src.is_inf(a):
        return s | dst.inf, 0
    if is_zero(src, a):
        return s, 0
    return dst.round(src.value(a), rm)


def compare(f, op, a, b):
    an, bn = f.is_nan(a), f.is_nan(b)
    if an or bn:
        sig = f.is_snan(a) or f.is_snan(b)
        return 0, (NV if sig or op != "feq" else 0)
    va, vb = f.value(a), f.value(b)
    return int({"feq": va == vb, "flt": va < vb, "fle": va <= vb}[op]), 0


def minmax(f, op, a, b):
    fl = NV if f.is_snan(a) or f.is_snan(b) else 0
    an, bn = f.is_nan(a), f.is_nan(b)
    if an and bn:
        return f.qnan, fl
    if an:
        return b, fl
    if bn:
        return a, fl
    va, vb = f.value(a), f.value(b)
    if va == vb:
        # -0 < +0
        pick_a = f.neg(a) if op == "fmin" else not f.neg(a)
        return (a if pick_a else b), fl
    less = va < vb
    return (a if less == (op == "fmin") else b), fl


def fclass(f, a):
    n = f.neg(a)
    if f.is_nan(a):
        return 1 << (8 if f.is_snan(a) else 9)
    if f.is_inf(a):
        return 1 << (0 if n else 7)
    if is_zero(f, a):
        return 1 << (3 if n else 4)
    if a & f.emask == 0:
        return 1 << (2 if n else 5)
    return 1 << (1 if n else 6)


# --- operand sets -----------------------------------------------------------

def specials(f):
    one = f.bias << (f.p - 1)
    v = [0, f.sign, one, one | f.sign, one + 1, (f.bias + 1) << (f.p - 1),
         f.inf, f.inf | f.sign, f.qnan, f.qnan | f.sign, f.emask | 1, f.emask | 1 | f.sign,
         1, f.fmask, f.fmask | f.sign, 1 << (f.p - 1), f.maxf, f.maxf | f.sign,
         (f.bias - 1) << (f.p - 1), ((f.bias + f.p) << (f.p - 1)) | 3]
    return v


def rand_val(f, rnd):
    k = rnd.random()
    if k < 0.5:
        # Moderate exponents so that results are mostly finite and normal.
        span = min(20, f.bias - 1)
        e = rnd.randint(f.bias - span, f.bias + span)
        return (rnd.getrandbits(1) << (f.width - 1)) | (e << (f.p - 1)) | rnd.getrandbits(f.p - 1)
    if k < 0.7:
        # Near the subnormal range.
        e = rnd.randint(0, f.p + 2)
        return (rnd.getrandbits(1) << (f.width - 1)) | (e << (f.p - 1)) | rnd.getrandbits(f.p - 1)
    if k < 0.85:
        # Near overflow.
        e = rnd.randint((1 << f.ebits) - 12, (1 << f.ebits) - 2)
        return (rnd.getrandbits(1) << (f.width - 1)) | (e << (f.p - 1)) | rnd.getrandbits(f.p - 1)
    return rnd.getrandbits(f.width)


# --- emission ---------------------------------------------------------------

def reg(f, b):
    """The 64-bit register image of an operand (binary32 and binary16
    NaN-boxed)."""
    return b | BOX if f is S else b | BOX_H if f is H else b


class Test:
    def __init__(self, name, f, desc):
        self.name, self.f, self.desc = name, f, desc
        self.lines = []
        self.n = 2

    def case(self, macro, flags, result, v1, v2, v3, code):
        self.lines.append("  %s(%d, 0x%02x, 0x%016x, 0x%016x, 0x%016x, 0x%016x, %s)"
                          % (macro, self.n, flags, result, v1, v2, v3, code))
        self.n += 1

    def raw(self, text):
        self.lines.append(text)

    def write(self, suite):
        path = os.path.join("isa", suite, self.name + ".S")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write("# SPDX-License-Identifier: MIT\n")
            out.write("# %s (%d cases)\n" % (self.desc, self.n - 2))
            out.write("# Generated by tools/gen_fp.py; expected values and fflags come from its\n"
                      "# exact reference model.\n")
            out.write('#include "riscv_test.h"\n#include "test_macros.h"\n#include "fp_test_macros.h"\n\n')
            out.write("RVTEST_RV64U\nRVTEST_CODE_BEGIN\n")
            out.write("\n".join(self.lines))
            out.write("\n\n  TEST_PASSFAIL\n\nRVTEST_CODE_END\n\n  .data\nRVTEST_DATA_BEGIN\n"
                      "  .balign 8\nfp_scratch: .dword 0, 0, 0, 0\nRVTEST_DATA_END\n")


def rm_code(rm, dynamic, text):
    """The instruction with a static rm, or `dyn` after setting frm."""
    if text.startswith(("fcvt.d.w ", "fcvt.d.wu ", "fcvt.d.s ", "fcvt.s.h ", "fcvt.d.h ")):
        # Exact conversions: GNU as accepts no rounding-mode operand.
        return text
    if dynamic:
        return "csrwi frm, %d; %s" % (rm, text)
    return "%s, %s" % (text, RMS[rm])


def gen_arith(f, rnd):
    sfx = f.name
    tests = []
    binops = [("fadd", "add"), ("fsub", "sub"), ("fmul", "mul"), ("fdiv", "div")]
    sp = specials(f)
    for mnem, op in binops + [("fsqrt", "sqrt")]:
        t = Test(mnem, f, "%s.%s: every rounding mode (static and dynamic), special "
                 "operands, flags" % (mnem, sfx))
        pairs = [(a, b) for a in sp for b in sp[:12]] if op != "sqrt" else [(a, 0) for a in sp]
        pairs += [(rand_val(f, rnd), rand_val(f, rnd)) for _ in range(40)]
        for i, (a, b) in enumerate(pairs):
            rms = range(5) if i % 4 == 0 or i >= len(pairs) - 40 else [i % 5]
            for rm in rms:
                r, fl = arith(f, op, a, b, 0, rm)
                text = ("%s.%s f3, f0" % (mnem, sfx)) if op == "sqrt" else ("%s.%s f3, f0, f1" % (mnem, sfx))
                t.case("TEST_FP_F", fl, reg(f, r), reg(f, a), reg(f, b), 0,
                       rm_code(rm, (i + rm) % 3 == 0, text))
        tests.append(t)
    t = Test("fmadd", f, "fmadd/fmsub/fnmsub/fnmadd.%s: fused (one rounding), every "
             "rounding mode, inf*0+NaN, flags" % sfx)
    trip = [(a, b, c) for a in sp[:10] for b in sp[:10] for c in (0, f.sign, f.qnan, f.inf)]
    one = f.bias << (f.p - 1)
    # 1 + 2^-p style cases where a separate rounding would differ.
    trip += [(one + 1, one + 1, (one | f.sign)), (one + 3, one - 1, (one | f.sign))]
    trip += [(rand_val(f, rnd), rand_val(f, rnd), rand_val(f, rnd)) for _ in range(60)]
    for i, (a, b, c) in enumerate(trip):
        for op in ("fmadd", "fmsub", "fnmsub", "fnmadd"):
            rm = (i + len(op)) % 5
            r, fl = arith(f, op, a, b, c, rm)
            t.case("TEST_FP_F", fl, reg(f, r), reg(f, a), reg(f, b), reg(f, c),
                   rm_code(rm, i % 3 == 0, "%s.%s f3, f0, f1, f2" % (op, sfx)))
    tests.append(t)
    return tests


def gen_misc(f, rnd):
    sfx = f.name
    sp = specials(f)
    tests = []
    t = Test("fcmp", f, "feq/flt/fle.%s: quiet vs signalling NaN handling, -0 == +0" % sfx)
    vals = sp + [rand_val(f, rnd) for _ in range(10)]
    for a in vals:
        for b in vals[:14]:
            for op in ("feq", "flt", "fle"):
                r, fl = compare(f, op, a, b)
                t.case("TEST_FP_X", fl, r, reg(f, a), reg(f, b), 0, "%s.%s a0, f0, f1" % (op, sfx))
    tests.append(t)
    t = Test("fmin", f, "fmin/fmax.%s: -0 < +0, one NaN gives the other operand, "
             "sNaN raises NV" % sfx)
    for a in vals:
        for b in vals[:14]:
            for op in ("fmin", "fmax"):
                r, fl = minmax(f, op, a, b)
                t.case("TEST_FP_F", fl, reg(f, r), reg(f, a), reg(f, b), 0, "%s.%s f3, f0, f1" % (op, sfx))
    tests.append(t)
    t = Test("fsgnj", f, "fsgnj/fsgnjn/fsgnjx.%s (and NaN-boxing of inputs)" % sfx)
    for a in vals[:16]:
        for b in vals[:8]:
            for op, fn in (("fsgnj", lambda a, b: (a & ~f.sign) | (b & f.sign)),
                           ("fsgnjn", lambda a, b: (a & ~f.sign) | (~b & f.sign)),
                           ("fsgnjx", lambda a, b: a ^ (b & f.sign))):
                t.case("TEST_FP_F", 0, reg(f, fn(a, b)), reg(f, a), reg(f, b), 0,
                       "%s.%s f3, f0, f1" % (op, sfx))
    if f is S:
        # Inputs that are not NaN-boxed read as the canonical NaN.
        for a in (S.bias << 23, 0, 0x80000000):
            for hi in (0, 0xFFFFFFFE00000000, 0x7FFFFFFF00000000):
                t.case("TEST_FP_F", 0, BOX | S.qnan, hi | a, BOX, 0, "fsgnj.s f3, f0, f1")
                t.case("TEST_FP_F", 0, BOX | S.qnan | S.sign, hi | a, BOX | S.sign, 0, "fsgnj.s f3, f0, f1")
                r, fl = arith(S, "add", S.qnan, S.bias << 23, 0, 0)
                t.case("TEST_FP_F", fl, BOX | r, hi | a, BOX | (S.bias << 23), 0, "fadd.s f3, f0, f1, rne")
                t.case("TEST_FP_X", 0, 1 << 9, hi | a, 0, 0, "fclass.s a0, f0")
    if f is H:
        # A binary16 input whose bits 63:16 are not all ones reads as the
        # canonical NaN 0x7e00, whatever the instruction.
        one = H.bias << 10
        for a in (one, 0, H.sign):
            for hi in (0, 0xFFFFFFFFFFFE0000, 0xFFFFFFFF00000000, 0x7FFFFFFFFFFF0000):
                t.case("TEST_FP_F", 0, BOX_H | H.qnan, hi | a, BOX_H, 0, "fsgnj.h f3, f0, f1")
                t.case("TEST_FP_F", 0, BOX_H | H.qnan | H.sign, hi | a, BOX_H | H.sign, 0,
                       "fsgnj.h f3, f0, f1")
                r, fl = arith(H, "add", H.qnan, one, 0, 0)
                t.case("TEST_FP_F", fl, BOX_H | r, hi | a, BOX_H | one, 0, "fadd.h f3, f0, f1, rne")
                t.case("TEST_FP_X", 0, 1 << 9, hi | a, 0, 0, "fclass.h a0, f0")
                t.case("TEST_FP_F", 0, BOX | S.qnan, hi | a, 0, 0, "fcvt.s.h f3, f0")
                t.case("TEST_FP_X", NV, 0x7FFFFFFF, hi | a, 0, 0, "fcvt.w.h a0, f0, rtz")
                t.case("TEST_FP_X", 0, 0, hi | a, BOX_H | one, 0, "feq.h a0, f0, f1")
            # A binary32 input of fcvt.h.s is checked as binary32.
            t.case("TEST_FP_F", 0, BOX_H | H.qnan, 0xFFFF0000 | a, 0, 0, "fcvt.h.s f3, f0")
    tests.append(t)
    t = Test("fclass", f, "fclass.%s: every class" % sfx)
    for a in vals:
        t.case("TEST_FP_X", 0, fclass(f, a), reg(f, a), 0, 0, "fclass.%s a0, f0" % sfx)
    tests.append(t)
    t = Test("fcvt_w", f, "fcvt.{w,wu,l,lu}.%s: rounding, saturation, NaN, flags" % sfx)
    cvals = sp + [rand_val(f, rnd) for _ in range(20)]
    # Values around the integer limits and halfway points.
    for k in (15, 16) if f is H else (31, 32, 63, 64):
        for adj in (-1, 0, 1):
            m = (1 << k) + adj * (1 << max(0, k - f.p + 1)) if k >= f.p else (1 << k) + adj
            cvals.append(f.round(Fraction(m), 0)[0])
            cvals.append(f.round(Fraction(-m), 0)[0])
    for x in ("0.5", "1.5", "2.5", "-0.5", "-1.5", "-2.5", "0.25", "-0.75", "3.7"):
        cvals.append(f.round(Fraction(x), 0)[0])
    for i, a in enumerate(cvals):
        for name, bits, signed in (("w", 32, True), ("wu", 32, False), ("l", 64, True), ("lu", 64, False)):
            for rm in range(5) if i % 3 == 0 else [i % 5]:
                r, fl = to_int(f, a, rm, bits, signed)
                t.case("TEST_FP_X", fl, r, reg(f, a), 0, 0,
                       rm_code(rm, (i + rm) % 4 == 0, "fcvt.%s.%s a0, f0" % (name, sfx)))
    tests.append(t)
    t = Test("fcvt", f, "fcvt.%s.{w,wu,l,lu}, fcvt between formats, every rounding mode"
             % sfx)
    ints = [0, 1, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF,
            0x8000000000000000, 0x00000000FFFFFFFF, 0xFFFFFFFF00000001, (1 << f.p) + 1,
            (1 << (f.p + 1)) + 3, 0x123456789ABCDEF1]
    ints += [rnd.getrandbits(64) for _ in range(12)]
    if f is H:
        # The largest binary16 (65504) and the overflow threshold (65520).
        ints += [65504, 65519, 65520, 65535, 2047, 4095, 4097, (-65504) & ((1 << 64) - 1),
                 (-65520) & ((1 << 64) - 1), 0xFFFFFFFF0000FFE0]
    for i, x in enumerate(ints):
        for name, bits, signed in (("w", 32, True), ("wu", 32, False), ("l", 64, True), ("lu", 64, False)):
            for rm in range(5) if i % 2 == 0 else [i % 5]:
                r, fl = from_int(f, x, rm, bits, signed)
                t.case("TEST_FP_F", fl, reg(f, r), x, 0, 0,
                       rm_code(rm, (i + rm) % 3 == 0, "fcvt.%s.%s f3, a1" % (sfx, name)))
    if f is S:
        dvals = specials(D) + [rand_val(D, rnd) for _ in range(30)]
        dvals += [D.round(Fraction(1) + Fraction(1, 2 ** 24), 0)[0],
                  D.round(Fraction(2) ** -149, 0)[0], D.round(Fraction(3, 2 ** 151), 0)[0],
                  D.round(Fraction(2) ** 128, 0)[0], D.round(Fraction(2) ** -127 * 3, 0)[0]]
        for i, a in enumerate(dvals):
            for rm in range(5):
                r, fl = convert(D, S, a, rm)
                t.case("TEST_FP_F", fl, BOX | r, a, 0, 0, rm_code(rm, (i + rm) % 3 == 0, "fcvt.s.d f3, f0"))
    elif f is H:
        gen_fcvt_h(t, rnd)
    else:
        for i, a in enumerate(specials(S) + [rand_val(S, rnd) for _ in range(30)]):
            r, fl = convert(S, D, a, 0)
            t.case("TEST_FP_F", fl, r, BOX | a, 0, 0, "fcvt.d.s f3, f0")
    tests.append(t)
    mv = {"s": "w", "d": "d", "h": "h"}[sfx]
    t = Test("move", f, "fmv.x.%s/fmv.%s.x and fl%s/fs%s: bits unchanged%s" %
             (mv, mv, mv, mv, ", NaN-boxing" if f is not D else ""))
    for a in sp + [rnd.getrandbits(64) for _ in range(8)]:
        if f is not D:
            # The low 16 or 32 bits: fmv.x and the integer load sign-extend,
            # fmv to f and the FP load NaN-box.
            w, box, m = (16, BOX_H, "h") if f is H else (32, BOX, "w")
            lo = a & ((1 << w) - 1)
            sx = lo | box if lo >> (w - 1) else lo
            t.case("TEST_FP_X", 0, sx, a, 0, 0, "fmv.x.%s a0, f0" % m)
            t.case("TEST_FP_F", 0, box | lo, a, 0, 0, "fmv.%s.x f3, a1" % m)
            t.case("TEST_FP_X", 0, sx, a, 0, 0, "la sp, fp_scratch; fs%s f0, 0(sp); l%s a0, 0(sp)" % (m, m))
            t.case("TEST_FP_F", 0, box | lo, a, 0, 0, "la sp, fp_scratch; s%s a1, 0(sp); fl%s f3, 0(sp)" % (m, m))
        if f is H:
            mid = (a >> 16) & 0xFFFF
            t.case("TEST_FP_F", 0, BOX_H | mid, a, 0, 0, "la sp, fp_scratch; sd a1, 8(sp); flh f3, 10(sp)")
            # fsh writes two bytes only.
            t.case("TEST_FP_X", 0, (a & ~0xFFFF0000) | (lo << 16), a, 0, 0,
                   "la sp, fp_scratch; sd a1, 16(sp); fsh f0, 18(sp); ld a0, 16(sp)")
        elif f is D:
            t.case("TEST_FP_X", 0, a, a, 0, 0, "fmv.x.d a0, f0")
            t.case("TEST_FP_F", 0, a, a, 0, 0, "fmv.d.x f3, a1")
            t.case("TEST_FP_X", 0, a, a, 0, 0, "la sp, fp_scratch; fsd f0, 0(sp); ld a0, 0(sp)")
            t.case("TEST_FP_F", 0, a, a, 0, 0, "la sp, fp_scratch; sd a1, 0(sp); fld f3, 0(sp)")
            t.case("TEST_FP_F", 0, a, a, 0, 0, "la sp, fp_scratch; sd a1, 8(sp); c.fldsp f3, 8(sp)")
            t.case("TEST_FP_X", 0, a, a, 0, 0, "la sp, fp_scratch; c.fsdsp f0, 16(sp); ld a0, 16(sp)")
            t.case("TEST_FP_X", 0, a, a, 0, 0,
                   "la s0, fp_scratch; fsgnj.d f8, f0, f0; c.fsd f8, 24(s0); ld a0, 24(s0)")
            t.case("TEST_FP_F", 0, a, a, 0, 0,
                   "la s0, fp_scratch; sd a1, 0(s0); c.fld f9, 0(s0); fsgnj.d f3, f9, f9")
    tests.append(t)
    return tests


def near_h(src, rnd, n):
    """n values of format src near binary16 values: a random binary16 value
    converted exactly, with random bits below binary16's precision, or
    exactly (or one ulp off) the halfway point."""
    out = []
    low = src.p - H.p
    while len(out) < n:
        h = rand_val(H, rnd)
        if H.is_nan(h) or H.is_inf(h):
            continue
        v = convert(H, src, h, 0)[0]
        k = rnd.randint(0, 3)
        half = 1 << (low - 1)
        out.append(v | [rnd.getrandbits(low), half, half - 1, half + 1][k])
    return out


def gen_fcvt_h(t, rnd):
    """FCVT.H.S and FCVT.H.D (rounded, every mode) and FCVT.S.H and
    FCVT.D.H (exact) for the fcvt test of rv64uzfh."""
    for src, name in ((S, "s"), (D, "d")):
        vals = specials(src) + near_h(src, rnd, 40)
        vals += [src.round(Fraction(x), 0)[0] for x in (
            65504, 65519, 65520, -65520, Fraction(1, 2 ** 24), Fraction(1, 2 ** 25),
            Fraction(3, 2 ** 26), Fraction(-3, 2 ** 25), Fraction(2 ** 11 - 1, 2 ** 25),
            Fraction(2 ** 12 - 1, 2 ** 26), 1 + Fraction(1, 2 ** 11), 1 + Fraction(3, 2 ** 11))]
        for i, a in enumerate(vals):
            for rm in range(5):
                r, fl = convert(src, H, a, rm)
                t.case("TEST_FP_F", fl, BOX_H | r, reg(src, a), 0, 0,
                       rm_code(rm, (i + rm) % 3 == 0, "fcvt.h.%s f3, f0" % name))
    for a in specials(H) + [rand_val(H, rnd) for _ in range(30)]:
        for dst, name in ((S, "s"), (D, "d")):
            r, fl = convert(H, dst, a, 0)
            t.case("TEST_FP_F", fl, reg(dst, r), BOX_H | a, 0, 0, "fcvt.%s.h f3, f0" % name)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(os.path.join(here, ".."))
    for f, suite in ((S, "rv64uf"), (D, "rv64ud"), (H, "rv64uzfh")):
        rnd = random.Random(0x5EED + f.p)
        for t in gen_arith(f, rnd) + gen_misc(f, rnd):
            t.write(suite)


if __name__ == "__main__":
    main()
