//! Execution of decoded instructions: RV64I (Unprivileged 20191213,
//! chapters 2 and 5), M (chapter 7), A (chapter 8) and Zifencei (chapter 3).
//! CSR and privileged instructions are forwarded to `system.rs`.
//!
//! Contract: on success `pc` points at the next instruction; on a trap no
//! register, no memory and not the pc have changed (every memory access
//! happens before any register write). IALIGN = 16, so jumps and branches
//! never raise instruction-address-misaligned.

use super::{Hart, Trap};
use crate::isa::{Instr, Op};

/// Sign-extends the low 32 bits of `v` (the *W results, section 5.2).
#[inline(always)]
fn sext_w(v: u64) -> u64 {
    v as i32 as i64 as u64
}

/// High 64 bits of the signed x signed product (MULH, section 7.1).
#[inline(always)]
fn mulh(a: u64, b: u64) -> u64 {
    ((i128::from(a as i64) * i128::from(b as i64)) >> 64) as u64
}

/// High 64 bits of the signed x unsigned product (MULHSU). The product of
/// an i64 and a u64 always fits in an i128.
#[inline(always)]
fn mulhsu(a: u64, b: u64) -> u64 {
    ((i128::from(a as i64) * i128::from(b)) >> 64) as u64
}

/// High 64 bits of the unsigned x unsigned product (MULHU).
#[inline(always)]
fn mulhu(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) >> 64) as u64
}

// Division (section 7.2, Table 7.1): division by zero gives all ones
// (quotient) or the dividend (remainder); the signed overflow
// -2^(L-1) / -1 gives the dividend (quotient) or 0 (remainder), which is
// exactly what the wrapping operations return.

#[inline(always)]
fn div(a: u64, b: u64) -> u64 {
    if b == 0 {
        u64::MAX
    } else {
        (a as i64).wrapping_div(b as i64) as u64
    }
}
#[inline(always)]
fn divu(a: u64, b: u64) -> u64 {
    a.checked_div(b).unwrap_or(u64::MAX)
}
#[inline(always)]
fn rem(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        (a as i64).wrapping_rem(b as i64) as u64
    }
}
#[inline(always)]
fn remu(a: u64, b: u64) -> u64 {
    a.checked_rem(b).unwrap_or(a)
}
#[inline(always)]
fn divw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        u64::MAX
    } else {
        a.wrapping_div(b) as i64 as u64
    }
}
#[inline(always)]
fn divuw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as u32, b as u32);
    match a.checked_div(b) {
        Some(q) => sext_w(u64::from(q)),
        None => u64::MAX,
    }
}
#[inline(always)]
fn remw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        a as i64 as u64
    } else {
        a.wrapping_rem(b) as i64 as u64
    }
}
#[inline(always)]
fn remuw(a: u64, b: u64) -> u64 {
    let (a, b) = (a as u32, b as u32);
    sext_w(u64::from(a.checked_rem(b).unwrap_or(a)))
}

impl Hart {
    /// Executes `i` at `self.pc`. On success the pc points at the next
    /// instruction; on a trap nothing architectural has changed.
    #[inline(always)]
    pub(super) fn execute(&mut self, i: Instr) -> Result<(), Trap> {
        let pc = self.pc;
        let next = pc.wrapping_add(u64::from(i.len));
        let a = self.reg(i.rs1);
        let b = self.reg(i.rs2);
        let imm = i.imm as i64 as u64;
        let v = match i.op {
            Op::Csrrw | Op::Csrrs | Op::Csrrc | Op::Csrrwi | Op::Csrrsi | Op::Csrrci => {
                return self.exec_csr(i)
            }
            Op::Ecall | Op::Ebreak | Op::Mret | Op::Sret | Op::Wfi | Op::SfenceVma => {
                return self.exec_system(i)
            }
            Op::Illegal => return Err(Trap::illegal(i.raw)),

            // Control transfer (section 2.5).
            Op::Jal => {
                self.set_reg(i.rd, next);
                self.pc = pc.wrapping_add(imm);
                return Ok(());
            }
            Op::Jalr => {
                // The target is computed before rd is written (rd may be rs1).
                let target = a.wrapping_add(imm) & !1;
                self.set_reg(i.rd, next);
                self.pc = target;
                return Ok(());
            }
            Op::Beq => return self.branch(a == b, pc, next, imm),
            Op::Bne => return self.branch(a != b, pc, next, imm),
            Op::Blt => return self.branch((a as i64) < (b as i64), pc, next, imm),
            Op::Bge => return self.branch((a as i64) >= (b as i64), pc, next, imm),
            Op::Bltu => return self.branch(a < b, pc, next, imm),
            Op::Bgeu => return self.branch(a >= b, pc, next, imm),

            // Fences: one in-order hart; the decode cache is validated by the
            // instruction bits, so FENCE.I has nothing to flush.
            Op::Fence | Op::FenceI => {
                self.pc = next;
                return Ok(());
            }

            // Loads and stores (sections 2.6, 5.3).
            Op::Lb => self.load(a.wrapping_add(imm), 1)? as i8 as i64 as u64,
            Op::Lh => self.load(a.wrapping_add(imm), 2)? as i16 as i64 as u64,
            Op::Lw => sext_w(self.load(a.wrapping_add(imm), 4)?),
            Op::Ld => self.load(a.wrapping_add(imm), 8)?,
            Op::Lbu => self.load(a.wrapping_add(imm), 1)?,
            Op::Lhu => self.load(a.wrapping_add(imm), 2)?,
            Op::Lwu => self.load(a.wrapping_add(imm), 4)?,
            Op::Sb | Op::Sh | Op::Sw | Op::Sd => {
                let size = match i.op {
                    Op::Sb => 1,
                    Op::Sh => 2,
                    Op::Sw => 4,
                    _ => 8,
                };
                self.store(a.wrapping_add(imm), size, b)?;
                self.pc = next;
                return Ok(());
            }

            // Integer computational (sections 2.4, 5.2).
            Op::Lui => imm,
            Op::Auipc => pc.wrapping_add(imm),
            Op::Addi => a.wrapping_add(imm),
            Op::Slti => u64::from((a as i64) < (imm as i64)),
            Op::Sltiu => u64::from(a < imm),
            Op::Xori => a ^ imm,
            Op::Ori => a | imm,
            Op::Andi => a & imm,
            Op::Slli => a << (imm & 63),
            Op::Srli => a >> (imm & 63),
            Op::Srai => ((a as i64) >> (imm & 63)) as u64,
            Op::Add => a.wrapping_add(b),
            Op::Sub => a.wrapping_sub(b),
            Op::Sll => a << (b & 63),
            Op::Slt => u64::from((a as i64) < (b as i64)),
            Op::Sltu => u64::from(a < b),
            Op::Xor => a ^ b,
            Op::Srl => a >> (b & 63),
            Op::Sra => ((a as i64) >> (b & 63)) as u64,
            Op::Or => a | b,
            Op::And => a & b,
            Op::Addiw => sext_w(a.wrapping_add(imm)),
            Op::Slliw => sext_w(u64::from((a as u32) << (imm & 31))),
            Op::Srliw => sext_w(u64::from((a as u32) >> (imm & 31))),
            Op::Sraiw => ((a as i32) >> (imm & 31)) as i64 as u64,
            Op::Addw => sext_w(a.wrapping_add(b)),
            Op::Subw => sext_w(a.wrapping_sub(b)),
            Op::Sllw => sext_w(u64::from((a as u32) << (b & 31))),
            Op::Srlw => sext_w(u64::from((a as u32) >> (b & 31))),
            Op::Sraw => ((a as i32) >> (b & 31)) as i64 as u64,

            // M (chapter 7).
            Op::Mul => a.wrapping_mul(b),
            Op::Mulh => mulh(a, b),
            Op::Mulhsu => mulhsu(a, b),
            Op::Mulhu => mulhu(a, b),
            Op::Div => div(a, b),
            Op::Divu => divu(a, b),
            Op::Rem => rem(a, b),
            Op::Remu => remu(a, b),
            Op::Mulw => sext_w(a.wrapping_mul(b)),
            Op::Divw => divw(a, b),
            Op::Divuw => divuw(a, b),
            Op::Remw => remw(a, b),
            Op::Remuw => remuw(a, b),

            // A (chapter 8). .W results are sign-extended (section 8.2, 8.4).
            Op::LrW => sext_w(self.load_reserved(a, 4)?),
            Op::LrD => self.load_reserved(a, 8)?,
            Op::ScW => u64::from(!self.store_conditional(a, 4, b)?),
            Op::ScD => u64::from(!self.store_conditional(a, 8, b)?),
            Op::AmoswapW => sext_w(self.amo(a, 4, |_| b)?),
            Op::AmoaddW => sext_w(self.amo(a, 4, |o| o.wrapping_add(b))?),
            Op::AmoxorW => sext_w(self.amo(a, 4, |o| o ^ b)?),
            Op::AmoandW => sext_w(self.amo(a, 4, |o| o & b)?),
            Op::AmoorW => sext_w(self.amo(a, 4, |o| o | b)?),
            Op::AmominW => sext_w(self.amo(a, 4, |o| (o as i32).min(b as i32) as u32 as u64)?),
            Op::AmomaxW => sext_w(self.amo(a, 4, |o| (o as i32).max(b as i32) as u32 as u64)?),
            Op::AmominuW => sext_w(self.amo(a, 4, |o| u64::from((o as u32).min(b as u32)))?),
            Op::AmomaxuW => sext_w(self.amo(a, 4, |o| u64::from((o as u32).max(b as u32)))?),
            Op::AmoswapD => self.amo(a, 8, |_| b)?,
            Op::AmoaddD => self.amo(a, 8, |o| o.wrapping_add(b))?,
            Op::AmoxorD => self.amo(a, 8, |o| o ^ b)?,
            Op::AmoandD => self.amo(a, 8, |o| o & b)?,
            Op::AmoorD => self.amo(a, 8, |o| o | b)?,
            Op::AmominD => self.amo(a, 8, |o| (o as i64).min(b as i64) as u64)?,
            Op::AmomaxD => self.amo(a, 8, |o| (o as i64).max(b as i64) as u64)?,
            Op::AmominuD => self.amo(a, 8, |o| o.min(b))?,
            Op::AmomaxuD => self.amo(a, 8, |o| o.max(b))?,
        };
        self.set_reg(i.rd, v);
        self.pc = next;
        Ok(())
    }

    /// Conditional branch: to `pc + offset` when `taken`, else to `next`.
    #[inline(always)]
    fn branch(&mut self, taken: bool, pc: u64, next: u64, offset: u64) -> Result<(), Trap> {
        self.pc = if taken { pc.wrapping_add(offset) } else { next };
        Ok(())
    }
}
