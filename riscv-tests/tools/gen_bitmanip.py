#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the rvmmu ISA tests of Zba, Zbb, Zbc, Zbs, Zbkb, Zbkx and Zicond
(isa/rv64uzba ... isa/rv64uzicond, one file per instruction, named as in the
official riscv-tests: add_uw.S for add.uw). Expected values come from the
reference model below, written from the instruction definitions (the Sail
pseudo-code) of RISC-V Bit-Manipulation 1.0.0 chapter 2, Scalar
Cryptography 1.0.1 chapter 2 and Zicond 1.0.0; it is independent of the
emulator. binutils 2.40 does not know Zicond: its tests define czero.eqz and
czero.nez as assembler macros around `.insn r`.

Usage: python3 tools/gen_bitmanip.py   (from riscv-tests/)
"""
import functools
import os
import random

import gen_isa
from gen_isa import M32, SHIFT_SRC, h, imm_body, pairs, rr_body, s32, s64, u64

write = functools.partial(gen_isa.write, generator="tools/gen_bitmanip.py")


def clmul_full(a, b):
    r = 0
    for i in range(64):
        if (b >> i) & 1:
            r ^= u64(a) << i
    return r


def rol(a, n, bits):
    m = (1 << bits) - 1
    a &= m
    n %= bits
    return ((a << n) | (a >> (bits - n))) & m


def ror(a, n, bits):
    return rol(a, bits - n % bits, bits)


def bytes_of(a):
    return list(u64(a).to_bytes(8, "little"))


def from_bytes(bs):
    return int.from_bytes(bytes(bs), "little")


def xperm(lut, idx, width):
    mask = (1 << width) - 1
    r = 0
    for k in range(64 // width):
        i = (idx >> (width * k)) & mask
        if i < 64 // width:
            r |= ((u64(lut) >> (width * i)) & mask) << (width * k)
    return r


def clz(a, bits):
    a &= (1 << bits) - 1
    return bits - a.bit_length()


def ctz(a, bits):
    a &= (1 << bits) - 1
    return bits if a == 0 else (a & -a).bit_length() - 1


# Register-register operations: name -> (suite, model).
RR = {
    "add.uw": ("rv64uzba", lambda a, b: (a & M32) + b),
    "sh1add": ("rv64uzba", lambda a, b: (a << 1) + b),
    "sh2add": ("rv64uzba", lambda a, b: (a << 2) + b),
    "sh3add": ("rv64uzba", lambda a, b: (a << 3) + b),
    "sh1add.uw": ("rv64uzba", lambda a, b: ((a & M32) << 1) + b),
    "sh2add.uw": ("rv64uzba", lambda a, b: ((a & M32) << 2) + b),
    "sh3add.uw": ("rv64uzba", lambda a, b: ((a & M32) << 3) + b),
    "andn": ("rv64uzbb", lambda a, b: a & ~b),
    "orn": ("rv64uzbb", lambda a, b: a | ~b),
    "xnor": ("rv64uzbb", lambda a, b: ~(a ^ b)),
    "max": ("rv64uzbb", lambda a, b: max(s64(a), s64(b))),
    "maxu": ("rv64uzbb", lambda a, b: max(u64(a), u64(b))),
    "min": ("rv64uzbb", lambda a, b: min(s64(a), s64(b))),
    "minu": ("rv64uzbb", lambda a, b: min(u64(a), u64(b))),
    "rol": ("rv64uzbb", lambda a, b: rol(a, b & 63, 64)),
    "ror": ("rv64uzbb", lambda a, b: ror(a, b & 63, 64)),
    "rolw": ("rv64uzbb", lambda a, b: s32(rol(a, b & 31, 32))),
    "rorw": ("rv64uzbb", lambda a, b: s32(ror(a, b & 31, 32))),
    "clmul": ("rv64uzbc", lambda a, b: clmul_full(a, b)),
    "clmulh": ("rv64uzbc", lambda a, b: clmul_full(a, b) >> 64),
    "clmulr": ("rv64uzbc", lambda a, b: clmul_full(a, b) >> 63),
    "bclr": ("rv64uzbs", lambda a, b: a & ~(1 << (b & 63))),
    "bext": ("rv64uzbs", lambda a, b: (u64(a) >> (b & 63)) & 1),
    "binv": ("rv64uzbs", lambda a, b: a ^ (1 << (b & 63))),
    "bset": ("rv64uzbs", lambda a, b: a | (1 << (b & 63))),
    "pack": ("rv64uzbkb", lambda a, b: (a & M32) | ((b & M32) << 32)),
    "packh": ("rv64uzbkb", lambda a, b: (a & 0xff) | ((b & 0xff) << 8)),
    "packw": ("rv64uzbkb", lambda a, b: s32((a & 0xffff) | ((b & 0xffff) << 16))),
    "xperm4": ("rv64uzbkx", lambda a, b: xperm(a, b, 4)),
    "xperm8": ("rv64uzbkx", lambda a, b: xperm(a, b, 8)),
    "czero.eqz": ("rv64uzicond", lambda a, b: 0 if u64(b) == 0 else a),
    "czero.nez": ("rv64uzicond", lambda a, b: 0 if u64(b) != 0 else a),
}

# Unary operations (rd, rs1).
UNARY = {
    "clz": ("rv64uzbb", lambda a: clz(a, 64)),
    "clzw": ("rv64uzbb", lambda a: clz(a, 32)),
    "ctz": ("rv64uzbb", lambda a: ctz(a, 64)),
    "ctzw": ("rv64uzbb", lambda a: ctz(a, 32)),
    "cpop": ("rv64uzbb", lambda a: bin(u64(a)).count("1")),
    "cpopw": ("rv64uzbb", lambda a: bin(a & M32).count("1")),
    "sext.b": ("rv64uzbb", lambda a: ((a & 0xff) ^ 0x80) - 0x80),
    "sext.h": ("rv64uzbb", lambda a: ((a & 0xffff) ^ 0x8000) - 0x8000),
    "zext.h": ("rv64uzbb", lambda a: a & 0xffff),
    "orc.b": ("rv64uzbb", lambda a: from_bytes([0xff if b else 0 for b in bytes_of(a)])),
    "rev8": ("rv64uzbb", lambda a: from_bytes(bytes_of(a)[::-1])),
    "brev8": ("rv64uzbkb", lambda a: from_bytes([int("{:08b}".format(b)[::-1], 2) for b in bytes_of(a)])),
}

# Shift-immediate operations: (suite, model, shamt bits).
IMM = {
    "slli.uw": ("rv64uzba", lambda a, s: (a & M32) << s, 6),
    "rori": ("rv64uzbb", lambda a, s: ror(a, s, 64), 6),
    "roriw": ("rv64uzbb", lambda a, s: s32(ror(a, s, 32)), 5),
    "bclri": ("rv64uzbs", lambda a, s: a & ~(1 << s), 6),
    "bexti": ("rv64uzbs", lambda a, s: (u64(a) >> s) & 1, 6),
    "binvi": ("rv64uzbs", lambda a, s: a ^ (1 << s), 6),
    "bseti": ("rv64uzbs", lambda a, s: a | (1 << s), 6),
}

# Zicond through .insn (R-type, OP, funct3, funct7 0000111).
ZICOND_MACROS = """  .macro czero.eqz rd, rs1, rs2
  .insn r 0x33, 5, 7, \\rd, \\rs1, \\rs2
  .endm
  .macro czero.nez rd, rs1, rs2
  .insn r 0x33, 7, 7, \\rd, \\rs1, \\rs2
  .endm
"""

UNARY_SRC = [0, 1, -1, 0x8000000000000000, 0x7fffffffffffffff, 0x80000000,
             0x7fffffff, 0xffffffff, 0x0000000100000000, 0x00000000ffff8080,
             0x0123456789abcdef, 0xfedcba9876543210, 0x8000000000000001,
             0x0000000000008000, 0x00000000000000ff, 0x0000ff0000000000,
             0x1000000000000000, 0x0000000000000010]


def fname(inst):
    return inst.replace(".", "_")


def prelude(suite):
    return [ZICOND_MACROS] if suite == "rv64uzicond" else []


def gen_rr(inst):
    suite, fn = RR[inst]
    cases = pairs(inst)
    if inst.startswith(("rol", "ror", "b")):
        cases += [(a, b) for a in SHIFT_SRC for b in (0, 1, 31, 32, 33, 63, 64, -1)]
    if inst.startswith("xperm"):
        rnd = random.Random(inst)
        cases += [(0xfedcba9876543210, rnd.getrandbits(64)) for _ in range(6)]
        cases += [(0x0807060504030201, 0x0706050403020100), (0x0807060504030201, 0x0f0e0d0c08090a0b)]
    if suite == "rv64uzicond":
        cases += [(0x1234, 0), (0x1234, 1 << 63), (-1, 0), (-1, 1 << 32)]
    a, b = 0x123456789abcdef0, 0x0fedcba987654321
    body, n = rr_body(inst, fn, cases, a, b, a, prelude(suite))
    write(suite, fname(inst), "%s rd, rs1, rs2 (%d cases)" % (inst, n - 2), body)


def gen_unary(inst):
    suite, fn = UNARY[inst]
    rnd = random.Random(inst)
    body, n = [], 2
    body.append("  #-------- arithmetic --------")
    for a in UNARY_SRC + [rnd.getrandbits(64) for _ in range(6)]:
        case = "TEST_CASE(%d, x14, %s, li x1, %s; %s x14, x1)" % (n, h(fn(a)), h(a), inst)
        if inst == "ctzw" and a & M32 == 0 and u64(a) >> 32:
            # QEMU 7.2 counts into the upper word when the lower one is 0.
            case = "QEMU_DEVIATION(%s)" % case
        body.append("  " + case)
        n += 1
    a = 0x0000000087654321
    body.append("  #-------- register aliasing and x0 --------")
    body.append("  TEST_CASE(%d, x1, %s, li x1, %s; %s x1, x1)" % (n, h(fn(a)), h(a), inst)); n += 1
    body.append("  TEST_CASE(%d, x14, %s, %s x14, x0)" % (n, h(fn(0)), inst)); n += 1
    body.append("  TEST_CASE(%d, x0, 0, li x1, %s; %s x0, x1)" % (n, h(a), inst)); n += 1
    write(suite, fname(inst), "%s rd, rs1 (%d cases)" % (inst, n - 2), body)


def gen_imm(inst):
    suite, fn, bits = IMM[inst]
    amounts = sorted({0, 1, 7, 14, 20, 31} | ({32, 33, 63} if bits == 6 else set()))
    cases = [(a, s) for a in SHIFT_SRC + [0x0123456789abcdef] for s in amounts]
    body, n = imm_body(inst, fn, cases)
    write(suite, fname(inst), "%s rd, rs1, shamt (%d cases)" % (inst, n - 2), body)


def main():
    for suite in {v[0] for v in list(RR.values()) + list(UNARY.values()) + list(IMM.values())}:
        os.makedirs(os.path.join("isa", suite), exist_ok=True)
    for inst in RR:
        gen_rr(inst)
    for inst in UNARY:
        gen_unary(inst)
    for inst in IMM:
        gen_imm(inst)


if __name__ == "__main__":
    main()
