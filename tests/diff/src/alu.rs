//! Random straight-line integer programs: every register starts at a
//! random value (edge values favoured), then `length` instructions drawn
//! from the ALU rows of the encoding table whose extension is in the list
//! run, and the report holds x1..x31 and any trap (an instruction one
//! machine lacks traps there: illegal instruction, its bits in mtval).

use crate::isa::{Class, Spec, TABLE};
use crate::machine::{Program, Resume};
use crate::rng::Rng;

/// The instructions of `exts` (names as in the table: i, m, zba, zbb, ...)
/// that the generator may draw.
pub fn instructions(exts: &[String]) -> Vec<&'static Spec> {
    TABLE
        .iter()
        .filter(|s| s.class == Class::Alu && s.exts.iter().any(|e| exts.iter().any(|x| x == e)))
        .collect()
}

/// The program of `seed`: (ELF, report labels).
pub fn generate(seed: u64, pool: &[&'static Spec], length: usize) -> (Vec<u8>, Vec<String>) {
    let mut rng = Rng::new(seed);
    let mut p = Program::new(Resume::Next);
    for r in 1..32 {
        let v = rng.interesting();
        p.asm.li(r, v);
    }
    for _ in 0..length {
        let s = *rng.pick(pool);
        // x0 as destination now and then: the result must vanish.
        let rd = if rng.chance(1, 16) {
            0
        } else {
            1 + rng.below(31) as u8
        };
        let (rs1, rs2) = (rng.below(32) as u8, rng.below(32) as u8);
        let imm = match rng.below(4) {
            0 => rng.below(64) as i64,
            1 => -(rng.below(64) as i64),
            _ => rng.next_u64() as i64,
        };
        if s.name == "ctzw" && rd != 0 {
            // QEMU 7.2 departs from Zbb here: when bits 31:0 of rs1 are all
            // zero its ctzw counts on into the upper word (e.g. 43 for
            // 0x0000_0800_0000_0000) instead of giving 32 ("ctzw counts
            // the number of 0 bits at the LSB end of the least-significant
            // word", Bit-Manipulation 1.0.0, ctzw). Set bit 31 of the
            // source first (rd = rs1 | 0xffff_ffff_8000_0000), so the low
            // word is never zero; ctzw of a zero low word is checked by
            // riscv-tests/isa/rv64uzbb/ctzw.S and the official rv64uzbb.
            p.asm.emit(crate::isa::encode(
                crate::isa::spec("lui"),
                rd,
                0,
                0,
                0x80000,
            ));
            p.asm.r("or", rd, rd, rs1);
            p.asm.emit(crate::isa::encode(s, rd, rd, rs2, imm));
            continue;
        }
        p.asm.emit(crate::isa::encode(s, rd, rs1, rs2, imm));
    }
    p.save_registers();
    p.finish()
}
