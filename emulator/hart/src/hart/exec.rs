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
    #[cfg(test)]
    pub(super) fn execute(&mut self, i: Instr) -> Result<(), Trap> {
        let pc = self.pc;
        let mut k = super::blocks::CHAIN;
        let next = self.exec_at::<false>(i, pc, self.retired, &mut k);
        if let Some(t) = self.pending_trap.take() {
            // The run loop resumes at what a trapping instruction returns.
            assert_eq!(next, pc, "a trap returns the pc of the instruction");
            return Err(t);
        }
        self.pc = next;
        Ok(())
    }

    /// Executes `i` at `pc` and returns the address of the next
    /// instruction; on a trap it sets `pending_trap`, lowers `next_check`
    /// and returns `pc`, so the run loop's hot path has no trap test. On a
    /// trap nothing architectural has changed. The run loop keeps the pc
    /// and the retired count in locals: `self.pc` and `self.retired` are
    /// only synced (to `pc` and `retired`) for the CSR and privileged
    /// instructions, which use them; `self.pc` then holds the returned
    /// value after.
    ///
    /// `k` is the arena index of `i` in the decoded-block cache
    /// (`blocks.rs`); on success it becomes the index of the next
    /// instruction: `k + 1` in the same block, or the block looked up at a
    /// branch or jump target. A chain entry (`len == 0`) enters the block at
    /// `pc` and runs its first instruction. `FROM_CACHE`: `i` is the arena
    /// entry `k` (otherwise a one-off instruction, and `k` is ignored on
    /// entry).
    #[inline(always)]
    pub(super) fn exec_at<const FROM_CACHE: bool>(
        &mut self,
        i: Instr,
        pc: u64,
        retired: u64,
        k: &mut usize,
    ) -> u64 {
        // The fields are used one by one. The out-of-line paths take the
        // whole `Instr`: when it came from the cache, they read it there
        // again, so the hot path never copies it.
        let Instr {
            op,
            rd,
            rs1,
            rs2,
            len,
            imm,
            ..
        } = i;
        let next = pc.wrapping_add(u64::from(len));
        let imm = imm as i64 as u64;
        // Registers are read only by the operations that use them.
        macro_rules! rs1 {
            () => {
                self.reg(rs1)
            };
        }
        macro_rules! rs2 {
            () => {
                self.reg(rs2)
            };
        }
        // An out-of-line path, given the whole instruction. From the cache
        // it is read again inside a function that is not inlined, so that
        // the run loop never keeps a copy of it.
        macro_rules! whole {
            ($f:expr) => {
                if FROM_CACHE {
                    self.with_cached(*k, $f)
                } else {
                    $f(self, i)
                }
            };
        }
        // Writes rd. From the cache, rd is never 0 (`blocks.rs` made it the
        // sink), so x0 needs no zeroing.
        macro_rules! write_back {
            ($v:expr) => {
                if FROM_CACHE {
                    self.x[usize::from(rd)] = $v;
                } else {
                    self.set_reg(rd, $v);
                }
            };
        }
        // A trap: stashed in `pending_trap`, and `pc` returned.
        macro_rules! tr {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(t) => return self.stash_trap(t, pc),
                }
            };
        }
        let v = match op {
            crate::isa::csr_ops!() => {
                self.pc = pc;
                self.retired = retired;
                let r = whole!(|h: &mut Hart, i| h.exec_csr(i));
                return self.leave_block(r, pc, k);
            }
            crate::isa::system_ops!() => {
                self.pc = pc;
                self.retired = retired;
                let r = whole!(|h: &mut Hart, i| h.exec_system(i));
                return self.leave_block(r, pc, k);
            }
            Op::Illegal => {
                // Out of line, so `k` is passed by value: it stays in a
                // register in the run loop.
                return match whole!(|h: &mut Hart, i| h.illegal_or_chain(i, pc, retired)) {
                    Ok((next, entered)) => {
                        *k = entered;
                        next
                    }
                    Err(t) => self.stash_trap(t, pc),
                };
            }
            // F and D (chapters 11, 12): see fp.rs.
            crate::isa::fp_ops!() => {
                let r = whole!(|h: &mut Hart, i| h.exec_fp(i));
                return self.step_or_trap(r, pc, next, k);
            }

            // Control transfer (section 2.5).
            Op::Jal => {
                write_back!(next);
                let target = pc.wrapping_add(imm);
                *k = self.jump(target, *k);
                return target;
            }
            Op::Jalr => {
                // The target is computed before rd is written (rd may be rs1).
                let target = rs1!().wrapping_add(imm) & !1;
                write_back!(next);
                *k = self.block_at(target);
                return target;
            }
            Op::Beq => return self.branch(rs1!() == rs2!(), pc, next, imm, k),
            Op::Bne => return self.branch(rs1!() != rs2!(), pc, next, imm, k),
            Op::Blt => {
                let taken = (rs1!() as i64) < (rs2!() as i64);
                return self.branch(taken, pc, next, imm, k);
            }
            Op::Bge => {
                let taken = (rs1!() as i64) >= (rs2!() as i64);
                return self.branch(taken, pc, next, imm, k);
            }
            Op::Bltu => return self.branch(rs1!() < rs2!(), pc, next, imm, k),
            Op::Bgeu => return self.branch(rs1!() >= rs2!(), pc, next, imm, k),

            // Fences: one in-order hart; stores to decoded code are noticed
            // as they happen (see fetch.rs), so FENCE.I has nothing to flush.
            Op::Fence | Op::FenceI => {
                *k += 1;
                return next;
            }

            // Loads and stores (sections 2.6, 5.3).
            Op::Lb => tr!(self.load(rs1!().wrapping_add(imm), 1)) as i8 as i64 as u64,
            Op::Lh => tr!(self.load(rs1!().wrapping_add(imm), 2)) as i16 as i64 as u64,
            Op::Lw => sext_w(tr!(self.load(rs1!().wrapping_add(imm), 4))),
            Op::Ld => tr!(self.load(rs1!().wrapping_add(imm), 8)),
            Op::Lbu => tr!(self.load(rs1!().wrapping_add(imm), 1)),
            Op::Lhu => tr!(self.load(rs1!().wrapping_add(imm), 2)),
            Op::Lwu => tr!(self.load(rs1!().wrapping_add(imm), 4)),
            Op::Sb => return self.store_op(rs1!().wrapping_add(imm), 1, rs2!(), pc, next, k),
            Op::Sh => return self.store_op(rs1!().wrapping_add(imm), 2, rs2!(), pc, next, k),
            Op::Sw => return self.store_op(rs1!().wrapping_add(imm), 4, rs2!(), pc, next, k),
            Op::Sd => return self.store_op(rs1!().wrapping_add(imm), 8, rs2!(), pc, next, k),

            // Integer computational (sections 2.4, 5.2).
            Op::Lui => imm,
            Op::Auipc => pc.wrapping_add(imm),
            Op::Addi => rs1!().wrapping_add(imm),
            Op::Slti => u64::from((rs1!() as i64) < (imm as i64)),
            Op::Sltiu => u64::from(rs1!() < imm),
            Op::Xori => rs1!() ^ imm,
            Op::Ori => rs1!() | imm,
            Op::Andi => rs1!() & imm,
            Op::Slli => rs1!() << (imm & 63),
            Op::Srli => rs1!() >> (imm & 63),
            Op::Srai => ((rs1!() as i64) >> (imm & 63)) as u64,
            Op::Addiw => sext_w(rs1!().wrapping_add(imm)),
            Op::Slliw => sext_w(u64::from((rs1!() as u32) << (imm & 31))),
            Op::Srliw => sext_w(u64::from((rs1!() as u32) >> (imm & 31))),
            Op::Sraiw => ((rs1!() as i32) >> (imm & 31)) as i64 as u64,
            Op::Add => rs1!().wrapping_add(rs2!()),
            Op::Sub => rs1!().wrapping_sub(rs2!()),
            Op::Sll => rs1!() << (rs2!() & 63),
            Op::Slt => u64::from((rs1!() as i64) < (rs2!() as i64)),
            Op::Sltu => u64::from(rs1!() < rs2!()),
            Op::Xor => rs1!() ^ rs2!(),
            Op::Srl => rs1!() >> (rs2!() & 63),
            Op::Sra => ((rs1!() as i64) >> (rs2!() & 63)) as u64,
            Op::Or => rs1!() | rs2!(),
            Op::And => rs1!() & rs2!(),
            Op::Addw => sext_w(rs1!().wrapping_add(rs2!())),
            Op::Subw => sext_w(rs1!().wrapping_sub(rs2!())),
            Op::Sllw => sext_w(u64::from((rs1!() as u32) << (rs2!() & 31))),
            Op::Srlw => sext_w(u64::from((rs1!() as u32) >> (rs2!() & 31))),
            Op::Sraw => ((rs1!() as i32) >> (rs2!() & 31)) as i64 as u64,

            // M (chapter 7).
            Op::Mul => rs1!().wrapping_mul(rs2!()),
            Op::Mulh => mulh(rs1!(), rs2!()),
            Op::Mulhsu => mulhsu(rs1!(), rs2!()),
            Op::Mulhu => mulhu(rs1!(), rs2!()),
            Op::Div => div(rs1!(), rs2!()),
            Op::Divu => divu(rs1!(), rs2!()),
            Op::Rem => rem(rs1!(), rs2!()),
            Op::Remu => remu(rs1!(), rs2!()),
            Op::Mulw => sext_w(rs1!().wrapping_mul(rs2!())),
            Op::Divw => divw(rs1!(), rs2!()),
            Op::Divuw => divuw(rs1!(), rs2!()),
            Op::Remw => remw(rs1!(), rs2!()),
            Op::Remuw => remuw(rs1!(), rs2!()),

            // Zba (Bit-Manipulation 1.0.0, 2.1): the .uw forms take the
            // zero-extended low word of rs1.
            Op::AddUw => (rs1!() & 0xffff_ffff).wrapping_add(rs2!()),
            Op::Sh1add => (rs1!() << 1).wrapping_add(rs2!()),
            Op::Sh2add => (rs1!() << 2).wrapping_add(rs2!()),
            Op::Sh3add => (rs1!() << 3).wrapping_add(rs2!()),
            Op::Sh1addUw => ((rs1!() & 0xffff_ffff) << 1).wrapping_add(rs2!()),
            Op::Sh2addUw => ((rs1!() & 0xffff_ffff) << 2).wrapping_add(rs2!()),
            Op::Sh3addUw => ((rs1!() & 0xffff_ffff) << 3).wrapping_add(rs2!()),
            Op::SlliUw => (rs1!() & 0xffff_ffff) << (imm & 63),
            // Zbb (2.2), shared with Zbkb where the names are.
            Op::Andn => rs1!() & !rs2!(),
            Op::Orn => rs1!() | !rs2!(),
            Op::Xnor => !(rs1!() ^ rs2!()),
            Op::Clz => u64::from(rs1!().leading_zeros()),
            Op::Clzw => u64::from((rs1!() as u32).leading_zeros()),
            Op::Ctz => u64::from(rs1!().trailing_zeros()),
            Op::Ctzw => u64::from((rs1!() as u32).trailing_zeros()),
            Op::Cpop => u64::from(rs1!().count_ones()),
            Op::Cpopw => u64::from((rs1!() as u32).count_ones()),
            Op::Max => (rs1!() as i64).max(rs2!() as i64) as u64,
            Op::Maxu => rs1!().max(rs2!()),
            Op::Min => (rs1!() as i64).min(rs2!() as i64) as u64,
            Op::Minu => rs1!().min(rs2!()),
            Op::SextB => rs1!() as i8 as i64 as u64,
            Op::SextH => rs1!() as i16 as i64 as u64,
            Op::ZextH => rs1!() & 0xffff,
            Op::Rol => rs1!().rotate_left((rs2!() & 63) as u32),
            Op::Ror => rs1!().rotate_right((rs2!() & 63) as u32),
            Op::Rori => rs1!().rotate_right((imm & 63) as u32),
            Op::Rolw => sext_w(u64::from((rs1!() as u32).rotate_left((rs2!() & 31) as u32))),
            Op::Rorw => sext_w(u64::from(
                (rs1!() as u32).rotate_right((rs2!() & 31) as u32),
            )),
            Op::Roriw => sext_w(u64::from((rs1!() as u32).rotate_right((imm & 31) as u32))),
            Op::OrcB => super::bitmanip::orc_b(rs1!()),
            Op::Rev8 => rs1!().swap_bytes(),
            // Zbc (2.3), Zbkc.
            Op::Clmul => super::bitmanip::clmul(rs1!(), rs2!()),
            Op::Clmulh => super::bitmanip::clmulh(rs1!(), rs2!()),
            Op::Clmulr => super::bitmanip::clmulr(rs1!(), rs2!()),
            // Zbs (2.4): the index is rs2 or shamt modulo 64.
            Op::Bclr => rs1!() & !(1 << (rs2!() & 63)),
            Op::Bclri => rs1!() & !(1 << (imm & 63)),
            Op::Bext => (rs1!() >> (rs2!() & 63)) & 1,
            Op::Bexti => (rs1!() >> (imm & 63)) & 1,
            Op::Binv => rs1!() ^ (1 << (rs2!() & 63)),
            Op::Binvi => rs1!() ^ (1 << (imm & 63)),
            Op::Bset => rs1!() | (1 << (rs2!() & 63)),
            Op::Bseti => rs1!() | (1 << (imm & 63)),
            // Zbkb (Scalar Cryptography 1.0.1, 2.1), Zbkx (2.3).
            Op::Pack => (rs1!() & 0xffff_ffff) | (rs2!() << 32),
            Op::Packh => (rs1!() & 0xff) | ((rs2!() & 0xff) << 8),
            Op::Packw => sext_w((rs1!() & 0xffff) | ((rs2!() & 0xffff) << 16)),
            Op::Brev8 => super::bitmanip::brev8(rs1!()),
            Op::Xperm4 => super::bitmanip::xperm4(rs1!(), rs2!()),
            Op::Xperm8 => super::bitmanip::xperm8(rs1!(), rs2!()),
            // Zicond 1.0.0: rd = 0 if rs2 is zero (eqz) / non-zero (nez),
            // else rs1.
            Op::CzeroEqz => {
                let (a, c) = (rs1!(), rs2!());
                if c == 0 {
                    0
                } else {
                    a
                }
            }
            Op::CzeroNez => {
                let (a, c) = (rs1!(), rs2!());
                if c != 0 {
                    0
                } else {
                    a
                }
            }
            // Zimop 1.0: unless redefined, a MOP writes 0 to rd.
            Op::MopR | Op::MopRr => 0,
            // Zcmop 1.0: C.MOP.n writes no register.
            Op::CMop => {
                *k += 1;
                return next;
            }
            // Zacas 1.0.0 and the cache-block operations (CMO 1.0.1): out of
            // line, see `cas.rs` and `cache_block.rs`.
            Op::AmocasW | Op::AmocasD | Op::AmocasQ => {
                let r = whole!(|h: &mut Hart, i| h.exec_amocas(i));
                return self.step_or_trap(r, pc, next, k);
            }
            Op::CboClean | Op::CboFlush | Op::CboInval | Op::CboZero => {
                let r = whole!(|h: &mut Hart, i| h.exec_cbo(i));
                return self.step_or_trap(r, pc, next, k);
            }

            // A (chapter 8). .W results are sign-extended (section 8.2, 8.4).
            Op::LrW => sext_w(tr!(self.load_reserved(rs1!(), 4))),
            Op::LrD => tr!(self.load_reserved(rs1!(), 8)),
            Op::ScW => u64::from(!tr!(self.store_conditional(rs1!(), 4, rs2!()))),
            Op::ScD => u64::from(!tr!(self.store_conditional(rs1!(), 8, rs2!()))),
            Op::AmoswapW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |_| b)))
            }
            Op::AmoaddW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |o| o.wrapping_add(b))))
            }
            Op::AmoxorW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |o| o ^ b)))
            }
            Op::AmoandW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |o| o & b)))
            }
            Op::AmoorW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |o| o | b)))
            }
            Op::AmominW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(
                    self.amo(a, 4, |o| (o as i32).min(b as i32) as u32 as u64)
                ))
            }
            Op::AmomaxW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(
                    self.amo(a, 4, |o| (o as i32).max(b as i32) as u32 as u64)
                ))
            }
            Op::AmominuW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |o| u64::from((o as u32).min(b as u32)))))
            }
            Op::AmomaxuW => {
                let (a, b) = (rs1!(), rs2!());
                sext_w(tr!(self.amo(a, 4, |o| u64::from((o as u32).max(b as u32)))))
            }
            Op::AmoswapD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |_| b))
            }
            Op::AmoaddD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| o.wrapping_add(b)))
            }
            Op::AmoxorD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| o ^ b))
            }
            Op::AmoandD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| o & b))
            }
            Op::AmoorD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| o | b))
            }
            Op::AmominD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| (o as i64).min(b as i64) as u64))
            }
            Op::AmomaxD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| (o as i64).max(b as i64) as u64))
            }
            Op::AmominuD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| o.min(b)))
            }
            Op::AmomaxuD => {
                let (a, b) = (rs1!(), rs2!());
                tr!(self.amo(a, 8, |o| o.max(b)))
            }
        };
        write_back!(v);
        *k += 1;
        next
    }

    /// SB/SH/SW/SD.
    #[inline(always)]
    fn store_op(&mut self, va: u64, size: u64, val: u64, pc: u64, next: u64, k: &mut usize) -> u64 {
        let r = self.store(va, size, val);
        self.step_or_trap(r, pc, next, k)
    }

    /// After an operation that stays in its block: on to `next`, or the
    /// trap stashed.
    #[inline(always)]
    fn step_or_trap(&mut self, r: Result<(), Trap>, pc: u64, next: u64, k: &mut usize) -> u64 {
        match r {
            Ok(()) => {
                *k += 1;
                next
            }
            Err(t) => self.stash_trap(t, pc),
        }
    }

    /// Conditional branch: to `pc + offset` when `taken`, else on in the
    /// block to `next`.
    #[inline(always)]
    fn branch(&mut self, taken: bool, pc: u64, next: u64, offset: u64, k: &mut usize) -> u64 {
        if taken {
            let target = pc.wrapping_add(offset);
            *k = self.jump(target, *k);
            target
        } else {
            *k += 1;
            next
        }
    }

    /// The arena index of the block at `target`, the destination of the
    /// direct jump (taken branch or `jal`) at arena entry `k`: its link, or
    /// else a lookup, which becomes the link when it finds a block. A lookup
    /// only finds blocks on the fetch page, the page of the jump itself, so
    /// links never leave their page (see `blocks.rs`).
    #[inline(always)]
    fn jump(&mut self, target: u64, k: usize) -> usize {
        match self.blocks.link(k) {
            super::blocks::CHAIN => self.jump_unlinked(target, k),
            linked => linked,
        }
    }

    /// [`Hart::jump`] without a link yet.
    #[inline(never)]
    fn jump_unlinked(&mut self, target: u64, k: usize) -> usize {
        let to = self.block_at(target);
        self.blocks.set_link(k, to);
        to
    }

    /// After a CSR or privileged instruction (which end their block): the
    /// pc it left in `self.pc`, and the block there; or the trap stashed.
    #[inline(always)]
    fn leave_block(&mut self, r: Result<(), Trap>, pc: u64, k: &mut usize) -> u64 {
        match r {
            Ok(()) => {
                *k = self.block_at(self.pc);
                self.pc
            }
            Err(t) => self.stash_trap(t, pc),
        }
    }

    /// Records `t` in `pending_trap`, ends the run loop's block (see
    /// `run_block`), and returns `pc`.
    #[cold]
    #[inline(never)]
    pub(super) fn stash_trap(&mut self, t: Trap, pc: u64) -> u64 {
        self.pending_trap = Some(t);
        self.next_check = 0;
        pc
    }

    /// `exec_at` as a `Result`: the stashed trap taken back.
    #[inline(always)]
    pub(super) fn exec_result<const FROM_CACHE: bool>(
        &mut self,
        i: Instr,
        pc: u64,
        retired: u64,
        k: &mut usize,
    ) -> Result<u64, Trap> {
        let next = self.exec_at::<FROM_CACHE>(i, pc, retired, k);
        match self.pending_trap.take() {
            Some(t) => Err(t),
            None => Ok(next),
        }
    }

    /// `f` applied to arena entry `k`.
    #[inline(never)]
    fn with_cached<R>(&mut self, k: usize, f: impl FnOnce(&mut Hart, Instr) -> R) -> R {
        let i = self.blocks.instr(k);
        f(self, i)
    }

    /// An illegal instruction, or a chain entry (`len == 0`): then the
    /// block at `pc` is entered (found, or fetched and decoded) and its
    /// first instruction run. Returns the next pc and the arena index of
    /// the next instruction.
    #[cold]
    #[inline(never)]
    fn illegal_or_chain(&mut self, i: Instr, pc: u64, retired: u64) -> Result<(u64, usize), Trap> {
        if i.len != 0 {
            return Err(Trap::illegal(i.raw));
        }
        let k = self.enter_block(pc)?;
        self.exec_entered(pc, retired, k)
    }

    /// `exec_at` for the first instruction of the block just entered, at
    /// arena index `k` (never a chain entry).
    #[inline(never)]
    fn exec_entered(&mut self, pc: u64, retired: u64, mut k: usize) -> Result<(u64, usize), Trap> {
        let i = self.blocks.instr(k);
        if i.len == 0 {
            return Err(Trap::illegal(i.raw));
        }
        let next = self.exec_result::<true>(i, pc, retired, &mut k)?;
        Ok((next, k))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::{Exception, Hart, HartConfig, Trap};
    use crate::bus::Bus;
    use crate::isa::{Instr, Op};

    const PC: u64 = 0x8000_0000;
    const DATA: u64 = 0x8000_2000;
    const A0: u8 = 10;
    const A1: u8 = 11;
    const A2: u8 = 12;

    fn hart() -> Hart {
        Hart::new(Bus::new(1 << 20), PC, HartConfig::default())
    }

    fn instr(op: Op, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Instr {
        Instr {
            op,
            rd,
            rs1,
            rs2,
            len: 4,
            imm,
            raw: 0x1234_5678,
        }
    }

    /// Runs `op a0, a1, a2` with a1 = `a`, a2 = `b`; returns a0.
    fn run_r(op: Op, a: u64, b: u64) -> u64 {
        let mut h = hart();
        h.x[A1 as usize] = a;
        h.x[A2 as usize] = b;
        h.execute(instr(op, A0, A1, A2, 0)).unwrap();
        assert_eq!(h.pc, PC + 4, "{op:?} advances the pc");
        h.x[A0 as usize]
    }

    /// Runs `op a0, a1, imm` with a1 = `a`; returns a0.
    fn run_i(op: Op, a: u64, imm: i32) -> u64 {
        let mut h = hart();
        h.x[A1 as usize] = a;
        h.execute(instr(op, A0, A1, 0, imm)).unwrap();
        assert_eq!(h.pc, PC + 4, "{op:?} advances the pc");
        h.x[A0 as usize]
    }

    fn mem(h: &Hart, pa: u64, len: usize) -> Vec<u8> {
        h.bus.ram.slice(pa, len).unwrap().to_vec()
    }

    fn set_mem(h: &mut Hart, pa: u64, bytes: &[u8]) {
        h.bus
            .ram
            .slice_mut(pa, bytes.len())
            .unwrap()
            .copy_from_slice(bytes);
    }

    const MIN: u64 = 1 << 63;
    const M1: u64 = u64::MAX; // -1
    const WMIN: u64 = 0xffff_ffff_8000_0000; // -2^31 sign-extended

    #[test]
    fn register_register_ops_follow_the_spec_corner_cases() {
        #[rustfmt::skip]
        let cases: &[(Op, u64, u64, u64)] = &[
            (Op::Add, M1, 1, 0),
            (Op::Sub, 0, 1, M1),
            (Op::Sll, 1, 63, MIN),
            (Op::Sll, 1, 64 + 3, 8),                  // only rs2[5:0] counts
            (Op::Srl, MIN, 63, 1),
            (Op::Sra, MIN, 63, M1),
            (Op::Sra, MIN, 64, MIN),                  // shift by 0
            (Op::Slt, M1, 0, 1),
            (Op::Sltu, M1, 0, 0),
            (Op::Xor, 0xf0, 0xff, 0x0f),
            (Op::Or, 0xf0, 0x0f, 0xff),
            (Op::And, 0xf0, 0x3c, 0x30),
            // *W: operate on the low 32 bits, sign-extend the result.
            (Op::Addw, 0x7fff_ffff, 1, WMIN),
            (Op::Addw, 0xffff_ffff_0000_0001, 0, 1),
            (Op::Subw, 0, 1, M1),
            (Op::Sllw, 1, 31, WMIN),
            (Op::Sllw, 1, 32 + 1, 2),                 // only rs2[4:0] counts
            (Op::Srlw, 0xffff_ffff_8000_0000, 0, WMIN),
            (Op::Srlw, 0x8000_0000, 31, 1),
            (Op::Sraw, 0x8000_0000, 31, M1),
            (Op::Sraw, 0x1_7fff_ffff, 4, 0x07ff_ffff),
            // M: multiplication (section 7.1).
            (Op::Mul, 3, M1, (-3i64) as u64),
            (Op::Mulh, M1, M1, 0),
            (Op::Mulh, MIN, MIN, 1 << 62),
            (Op::Mulh, MIN, 1, M1),
            (Op::Mulhu, M1, M1, M1 - 1),
            (Op::Mulhsu, M1, M1, M1),                 // -1 * (2^64-1)
            (Op::Mulhsu, 2, M1, 1),
            (Op::Mulhsu, MIN, M1, MIN), // -2^127 + 2^63
            (Op::Mulw, 0x7fff_ffff, 2, 0xffff_ffff_ffff_fffe),
            (Op::Mulw, 0x1_0000_0003, 0x1_0000_0005, 15),
            // M: division (section 7.2, Table 7.1).
            (Op::Div, 7, (-2i64) as u64, (-3i64) as u64), // rounds toward zero
            (Op::Div, 5, 0, M1),
            (Op::Div, MIN, M1, MIN),
            (Op::Divu, 5, 0, M1),
            (Op::Divu, M1, 2, M1 >> 1),
            (Op::Rem, (-7i64) as u64, 2, M1),         // sign of the dividend
            (Op::Rem, 5, 0, 5),
            (Op::Rem, MIN, M1, 0),
            (Op::Remu, 5, 0, 5),
            (Op::Remu, M1, 10, 5),
            (Op::Divw, 0x1_0000_0007, 0xffff_fffe, (-3i64) as u64),
            (Op::Divw, 5, 0x1_0000_0000, M1),         // low word of divisor is 0
            (Op::Divw, 0x8000_0000, 0xffff_ffff, WMIN),
            (Op::Divuw, 5, 0, M1),
            (Op::Divuw, 0xffff_ffff, 1, M1),          // 2^32-1 sign-extended
            (Op::Divuw, 0xffff_fffe, 2, 0x7fff_ffff),
            (Op::Remw, 0xffff_fff9, 2, M1),
            (Op::Remw, 0x8000_0005, 0, 0xffff_ffff_8000_0005),
            (Op::Remw, 0x8000_0000, 0xffff_ffff, 0),
            (Op::Remuw, 0x8000_0005, 0, 0xffff_ffff_8000_0005),
            (Op::Remuw, 0xffff_ffff, 0x10, 15),
        ];
        for &(op, a, b, want) in cases {
            assert_eq!(run_r(op, a, b), want, "{op:?} {a:#x}, {b:#x}");
        }
    }

    #[test]
    fn immediate_ops_sign_extend_the_immediate() {
        #[rustfmt::skip]
        let cases: &[(Op, u64, i32, u64)] = &[
            (Op::Addi, 0, -2048, (-2048i64) as u64),
            (Op::Addi, M1, 1, 0),
            (Op::Slti, M1, 0, 1),
            (Op::Slti, 0, -1, 0),
            (Op::Sltiu, 5, -1, 1),                    // compared with 2^64-1
            (Op::Sltiu, M1, -1, 0),
            (Op::Xori, 0x5555, -1, !0x5555),
            (Op::Ori, 0x100, -2048, 0xffff_ffff_ffff_f900),
            (Op::Andi, M1, -16, 0xffff_ffff_ffff_fff0),
            (Op::Slli, 1, 63, MIN),
            (Op::Srli, MIN, 63, 1),
            (Op::Srai, MIN, 63, M1),
            (Op::Srai, MIN, 0, MIN),
            (Op::Addiw, 0x7fff_ffff, 1, WMIN),
            (Op::Addiw, 0xffff_ffff, 0, M1),          // sext.w
            (Op::Slliw, 0xffff_ffff_0000_0001, 31, WMIN),
            (Op::Srliw, 0xffff_ffff_8000_0000, 0, WMIN),
            (Op::Srliw, 0xffff_ffff_8000_0000, 31, 1),
            (Op::Sraiw, 0x8000_0000, 31, M1),
            (Op::Sraiw, 0xffff_ffff_7fff_ffff, 1, 0x3fff_ffff),
        ];
        for &(op, a, imm, want) in cases {
            assert_eq!(run_i(op, a, imm), want, "{op:?} {a:#x}, {imm}");
        }
    }

    /// Zba, Zbb, Zbc, Zbs, Zbkb, Zbkx, Zicond, Zimop: expected values
    /// worked out by hand from the instruction definitions
    /// (Bit-Manipulation 1.0.0 chapter 2, Scalar Cryptography 1.0.1
    /// chapter 2, Zicond 1.0.0, Zimop 1.0).
    #[test]
    fn bit_manipulation_and_conditional_ops_follow_the_spec() {
        #[rustfmt::skip]
        let r: &[(Op, u64, u64, u64)] = &[
            (Op::AddUw, 0xffff_ffff_8000_0000, 1, 0x8000_0001),
            (Op::Sh1add, 3, 10, 16),
            (Op::Sh2add, 3, 10, 22),
            (Op::Sh3add, 3, 10, 34),
            (Op::Sh1addUw, 0xffff_ffff_0000_0001, 0, 2),
            (Op::Sh3addUw, 0x1_ffff_ffff, 1, 0x7_ffff_fff9),
            (Op::Andn, 0xff, 0x0f, 0xf0),
            (Op::Orn, 0, 0xffff_ffff_ffff_fff0, 0xf),
            (Op::Xnor, 0xf0, 0xff, 0xffff_ffff_ffff_fff0),
            (Op::Max, M1, 1, 1),
            (Op::Maxu, M1, 1, M1),
            (Op::Min, M1, 1, M1),
            (Op::Minu, M1, 1, 1),
            (Op::Rol, MIN | 1, 1, 3),
            (Op::Rol, 1, 64 + 4, 16),                 // only rs2[5:0] counts
            (Op::Ror, 1, 1, MIN),
            (Op::Rolw, 0x8000_0001, 1, 3),
            (Op::Rorw, 1, 1, WMIN),
            (Op::Rorw, 1, 32 + 1, WMIN),              // only rs2[4:0] counts
            (Op::Clmul, 3, 3, 5),
            (Op::Clmulh, MIN, 2, 1),
            (Op::Clmulr, MIN, MIN, MIN),
            (Op::Clmulr, 1, 1, 0),
            (Op::Bclr, M1, 63, M1 >> 1),
            (Op::Bclr, M1, 64, M1 - 1),               // index modulo 64
            (Op::Bext, MIN, 63, 1),
            (Op::Binv, 0, 5, 32),
            (Op::Bset, 0, 63, MIN),
            (Op::Pack, 0xaaaa_aaaa_1111_2222, 0xbbbb_bbbb_3333_4444, 0x3333_4444_1111_2222),
            (Op::Packh, 0x1234, 0x5678, 0x7834),
            (Op::Packw, 0x1111_8888, 0x2222_9999, 0xffff_ffff_9999_8888),
            (Op::Xperm8, 0x0807_0605_0403_0201, 0, 0x0101_0101_0101_0101),
            (Op::Xperm4, 0x0807_0605_0403_0201, M1, 0),
            (Op::CzeroEqz, 5, 0, 0),
            (Op::CzeroEqz, 5, 7, 5),
            (Op::CzeroNez, 5, 0, 5),
            (Op::CzeroNez, 5, 7, 0),
            (Op::MopRr, 5, 6, 0),
        ];
        for &(op, a, b, want) in r {
            assert_eq!(run_r(op, a, b), want, "{op:?} {a:#x}, {b:#x}");
        }
        #[rustfmt::skip]
        let i: &[(Op, u64, i32, u64)] = &[
            (Op::SlliUw, 0xffff_ffff_8000_0000, 4, 0x8_0000_0000),
            (Op::Clz, 0, 0, 64),
            (Op::Clz, 1, 0, 63),
            (Op::Clz, MIN, 0, 0),
            (Op::Clzw, 0, 0, 32),
            (Op::Clzw, 0xffff_ffff_0000_0001, 0, 31),
            (Op::Ctz, 0, 0, 64),
            (Op::Ctz, MIN, 0, 63),
            (Op::Ctzw, 0xffff_ffff_0000_0000, 0, 32),
            (Op::Cpop, M1, 0, 64),
            (Op::Cpop, 0x8000_0000_0000_0101, 0, 3),
            (Op::Cpopw, M1, 0, 32),
            (Op::SextB, 0x80, 0, 0xffff_ffff_ffff_ff80),
            (Op::SextB, 0x7f, 0, 0x7f),
            (Op::SextH, 0x1_8000, 0, 0xffff_ffff_ffff_8000),
            (Op::ZextH, M1, 0, 0xffff),
            (Op::Rori, 1, 63, 2),
            (Op::Roriw, 0x1_0000_0002, 1, 1),
            (Op::OrcB, 0x0100_0000_0080_0001, 0, 0xff00_0000_00ff_00ff),
            (Op::Rev8, 0x0102_0304_0506_0708, 0, 0x0807_0605_0403_0201),
            (Op::Brev8, 0x01, 0, 0x80),
            (Op::Bclri, M1, 0, M1 - 1),
            (Op::Bexti, 0x20, 5, 1),
            (Op::Binvi, 0x20, 5, 0),
            (Op::Bseti, 0, 32, 0x1_0000_0000),
            (Op::MopR, 5, 0, 0),
        ];
        for &(op, a, imm, want) in i {
            assert_eq!(run_i(op, a, imm), want, "{op:?} {a:#x}, {imm}");
        }
    }

    #[test]
    fn lui_and_auipc_use_the_shifted_immediate() {
        let mut h = hart();
        h.execute(instr(Op::Lui, A0, 0, 0, i32::MIN)).unwrap();
        assert_eq!(h.x[A0 as usize], 0xffff_ffff_8000_0000);
        h.execute(instr(Op::Auipc, A1, 0, 0, -4096)).unwrap();
        assert_eq!(h.x[A1 as usize], PC + 4 - 4096);
        assert_eq!(h.pc, PC + 8);
    }

    #[test]
    fn writes_to_x0_are_discarded() {
        let mut h = hart();
        h.execute(instr(Op::Addi, 0, 0, 0, 5)).unwrap();
        h.execute(instr(Op::Jal, 0, 0, 0, 16)).unwrap();
        assert_eq!(h.x[0], 0);
        assert_eq!(h.pc, PC + 4 + 16);
    }

    #[test]
    fn jal_and_jalr_link_the_next_instruction() {
        let mut h = hart();
        h.execute(instr(Op::Jal, 1, 0, 0, -8)).unwrap();
        assert_eq!((h.x[1], h.pc), (PC + 4, PC - 8));

        // A compressed jump links pc + 2.
        let mut h = hart();
        h.execute(Instr {
            len: 2,
            ..instr(Op::Jal, 1, 0, 0, 100)
        })
        .unwrap();
        assert_eq!((h.x[1], h.pc), (PC + 2, PC + 100));

        // JALR clears bit 0 of the target, and reads rs1 before writing rd.
        let mut h = hart();
        h.x[A0 as usize] = 0x8000_1000;
        h.execute(instr(Op::Jalr, A0, A0, 0, 7)).unwrap();
        assert_eq!((h.x[A0 as usize], h.pc), (PC + 4, 0x8000_1006));
    }

    #[test]
    fn branches_compare_signed_or_unsigned() {
        #[rustfmt::skip]
        let cases: &[(Op, u64, u64, bool)] = &[
            (Op::Beq, 5, 5, true), (Op::Beq, 5, 6, false),
            (Op::Bne, 5, 6, true), (Op::Bne, 5, 5, false),
            (Op::Blt, M1, 0, true), (Op::Blt, 0, M1, false), (Op::Blt, 3, 3, false),
            (Op::Bge, 0, M1, true), (Op::Bge, 3, 3, true), (Op::Bge, M1, 0, false),
            (Op::Bltu, 0, M1, true), (Op::Bltu, M1, 0, false),
            (Op::Bgeu, M1, 0, true), (Op::Bgeu, 3, 3, true), (Op::Bgeu, 0, M1, false),
        ];
        for &(op, a, b, taken) in cases {
            let mut h = hart();
            h.x[A1 as usize] = a;
            h.x[A2 as usize] = b;
            h.execute(instr(op, 0, A1, A2, -64)).unwrap();
            let want = if taken { PC - 64 } else { PC + 4 };
            assert_eq!(h.pc, want, "{op:?} {a:#x}, {b:#x}");
        }
    }

    #[test]
    fn loads_sign_or_zero_extend() {
        let bytes = [0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x09];
        #[rustfmt::skip]
        let cases: &[(Op, i32, u64)] = &[
            (Op::Lb, 0, 0xffff_ffff_ffff_ff81),
            (Op::Lbu, 0, 0x81),
            (Op::Lb, 8, 0x09),
            (Op::Lh, 0, 0xffff_ffff_ffff_8281),
            (Op::Lhu, 0, 0x8281),
            (Op::Lw, 0, 0xffff_ffff_8483_8281),
            (Op::Lwu, 0, 0x8483_8281),
            (Op::Ld, 0, 0x8887_8685_8483_8281),
            // Misaligned accesses are done in hardware.
            (Op::Lh, 1, 0xffff_ffff_ffff_8382),
            (Op::Lw, 3, 0xffff_ffff_8786_8584),
            (Op::Ld, 1, 0x0988_8786_8584_8382),
        ];
        for &(op, off, want) in cases {
            let mut h = hart();
            set_mem(&mut h, DATA, &bytes);
            h.x[A1 as usize] = DATA;
            h.execute(instr(op, A0, A1, 0, off)).unwrap();
            assert_eq!(h.x[A0 as usize], want, "{op:?} {off}");
            assert_eq!(h.pc, PC + 4);
        }
    }

    #[test]
    fn a_load_crossing_a_page_reads_both_pages() {
        let mut h = hart();
        set_mem(&mut h, DATA - 4, &[1, 2, 3, 4, 5, 6, 7, 8]);
        h.x[A1 as usize] = DATA;
        h.execute(instr(Op::Ld, A0, A1, 0, -4)).unwrap();
        assert_eq!(h.x[A0 as usize], 0x0807_0605_0403_0201);
    }

    #[test]
    fn stores_write_the_low_bytes_of_rs2() {
        #[rustfmt::skip]
        let cases: &[(Op, i32, &[u8])] = &[
            (Op::Sb, 0, &[0x11, 0, 0, 0, 0, 0, 0, 0, 0]),
            (Op::Sh, 0, &[0x11, 0x22, 0, 0, 0, 0, 0, 0, 0]),
            (Op::Sw, 0, &[0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0, 0]),
            (Op::Sd, 0, &[0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0]),
            (Op::Sw, 3, &[0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0, 0]),
            (Op::Sd, 1, &[0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]),
        ];
        for &(op, off, want) in cases {
            let mut h = hart();
            h.x[A1 as usize] = DATA;
            h.x[A2 as usize] = 0x8877_6655_4433_2211;
            h.execute(instr(op, 0, A1, A2, off)).unwrap();
            assert_eq!(mem(&h, DATA, 9), want, "{op:?} {off}");
            assert_eq!(h.pc, PC + 4);
        }
    }

    #[test]
    fn faulting_accesses_change_nothing() {
        // Physical address 0 is neither RAM nor a device.
        let cases: &[(Op, Exception)] = &[
            (Op::Ld, Exception::LoadAccessFault),
            (Op::Lbu, Exception::LoadAccessFault),
            (Op::Sw, Exception::StoreAccessFault),
            (Op::LrD, Exception::LoadAccessFault),
            (Op::ScW, Exception::StoreAccessFault),
            (Op::AmoaddD, Exception::StoreAccessFault),
        ];
        for &(op, cause) in cases {
            let mut h = hart();
            h.x[A0 as usize] = 0x5a5a;
            h.x[A1 as usize] = 0x10;
            let err = h.execute(instr(op, A0, A1, A2, 0)).unwrap_err();
            assert_eq!(err, Trap::new(cause, 0x10), "{op:?}");
            assert_eq!((h.x[A0 as usize], h.pc), (0x5a5a, PC), "{op:?}");
        }
    }

    #[test]
    fn illegal_traps_with_the_instruction_bits() {
        let mut h = hart();
        let err = h.execute(Instr::illegal(0xffff_ffff, 4)).unwrap_err();
        assert_eq!(err, Trap::new(Exception::IllegalInstruction, 0xffff_ffff));
        assert_eq!(h.pc, PC);
    }

    #[test]
    fn fences_only_advance_the_pc() {
        let mut h = hart();
        h.execute(instr(Op::Fence, 0, 0, 0, 0xff)).unwrap();
        h.execute(Instr {
            len: 4,
            ..instr(Op::FenceI, 0, 0, 0, 0)
        })
        .unwrap();
        assert_eq!(h.pc, PC + 8);
    }

    #[test]
    fn lr_sc_succeeds_once_and_fails_without_a_reservation() {
        let mut h = hart();
        set_mem(&mut h, DATA, &0x8000_0001u32.to_le_bytes());
        h.x[A1 as usize] = DATA;
        h.x[A2 as usize] = 0x1234_5678_9abc_def0;
        h.execute(instr(Op::LrW, A0, A1, 0, 0)).unwrap();
        assert_eq!(h.x[A0 as usize], 0xffff_ffff_8000_0001, "LR.W sign-extends");
        h.execute(instr(Op::ScW, A0, A1, A2, 0)).unwrap();
        assert_eq!(h.x[A0 as usize], 0, "SC.W succeeds");
        assert_eq!(mem(&h, DATA, 8), [0xf0, 0xde, 0xbc, 0x9a, 0, 0, 0, 0]);
        // The reservation was consumed.
        h.x[A2 as usize] = 0;
        h.execute(instr(Op::ScW, A0, A1, A2, 0)).unwrap();
        assert_eq!(h.x[A0 as usize], 1, "second SC.W fails");
        assert_eq!(mem(&h, DATA, 4), [0xf0, 0xde, 0xbc, 0x9a]);
        assert_eq!(h.pc, PC + 12);
    }

    #[test]
    fn a_store_to_the_reserved_doubleword_breaks_the_reservation() {
        let mut h = hart();
        h.x[A1 as usize] = DATA;
        h.x[A2 as usize] = 7;
        h.execute(instr(Op::LrD, A0, A1, 0, 0)).unwrap();
        h.execute(instr(Op::Sb, 0, A1, A2, 3)).unwrap();
        h.execute(instr(Op::ScD, A0, A1, A2, 0)).unwrap();
        assert_eq!(h.x[A0 as usize], 1);
        assert_eq!(mem(&h, DATA, 8), [0, 0, 0, 7, 0, 0, 0, 0]);

        // Without the intervening store, SC.D succeeds.
        h.execute(instr(Op::LrD, A0, A1, 0, 0)).unwrap();
        h.execute(instr(Op::ScD, A0, A1, A2, 0)).unwrap();
        assert_eq!(h.x[A0 as usize], 0);
        assert_eq!(mem(&h, DATA, 8), [7, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn amos_return_the_old_value_and_store_the_result() {
        const NEG: u64 = 0xffff_ffff_ffff_fffe; // -2
        #[rustfmt::skip]
        let cases: &[(Op, u64, u64, u64, u64)] = &[
            // (op, old memory, rs2, rd, new memory) for .D
            (Op::AmoswapD, 5, 9, 5, 9),
            (Op::AmoaddD, M1, 2, M1, 1),
            (Op::AmoxorD, 0b1100, 0b1010, 0b1100, 0b0110),
            (Op::AmoandD, 0b1100, 0b1010, 0b1100, 0b1000),
            (Op::AmoorD, 0b1100, 0b1010, 0b1100, 0b1110),
            (Op::AmominD, NEG, 1, NEG, NEG),
            (Op::AmomaxD, NEG, 1, NEG, 1),
            (Op::AmominuD, NEG, 1, NEG, 1),
            (Op::AmomaxuD, NEG, 1, NEG, NEG),
        ];
        for &(op, old, b, rd, new) in cases {
            let mut h = hart();
            set_mem(&mut h, DATA, &old.to_le_bytes());
            h.x[A1 as usize] = DATA;
            h.x[A2 as usize] = b;
            h.execute(instr(op, A0, A1, A2, 0)).unwrap();
            assert_eq!(h.x[A0 as usize], rd, "{op:?} rd");
            assert_eq!(mem(&h, DATA, 8), new.to_le_bytes(), "{op:?} memory");
            assert_eq!(h.pc, PC + 4);
        }
    }

    #[test]
    fn word_amos_sign_extend_and_compare_32_bit_values() {
        // Memory holds 0xffff_fffe (-2 as a word) followed by a canary word;
        // rs2's upper half is ignored by the comparisons.
        const RS2: u64 = 0x7777_7777_0000_0001;
        #[rustfmt::skip]
        let cases: &[(Op, u32)] = &[
            (Op::AmoswapW, 1),
            (Op::AmoaddW, 0xffff_ffff),
            (Op::AmoxorW, 0xffff_ffff),
            (Op::AmoandW, 0),
            (Op::AmoorW, 0xffff_ffff),
            (Op::AmominW, 0xffff_fffe),   // -2 < 1
            (Op::AmomaxW, 1),
            (Op::AmominuW, 1),            // 1 < 0xffff_fffe
            (Op::AmomaxuW, 0xffff_fffe),
        ];
        for &(op, new) in cases {
            let mut h = hart();
            set_mem(
                &mut h,
                DATA,
                &[0xfe, 0xff, 0xff, 0xff, 0xaa, 0xaa, 0xaa, 0xaa],
            );
            h.x[A1 as usize] = DATA;
            h.x[A2 as usize] = RS2;
            h.execute(instr(op, A0, A1, A2, 0)).unwrap();
            assert_eq!(h.x[A0 as usize], 0xffff_ffff_ffff_fffe, "{op:?} rd");
            let mut want = new.to_le_bytes().to_vec();
            want.extend([0xaa; 4]);
            assert_eq!(mem(&h, DATA, 8), want, "{op:?} memory");
        }
    }

    #[test]
    fn misaligned_atomics_fault_without_effect() {
        let mut h = hart();
        h.x[A0 as usize] = 3;
        h.x[A1 as usize] = DATA + 4;
        h.x[A2 as usize] = 9;
        let err = h.execute(instr(Op::AmoswapD, A0, A1, A2, 0)).unwrap_err();
        assert_eq!(err.cause, Exception::StoreAccessFault);
        let err = h.execute(instr(Op::LrW, A0, A1, 0, 0)).map(|_| ());
        assert!(err.is_ok(), "word-aligned LR.W is fine");
        h.x[A1 as usize] = DATA + 2;
        let err = h.execute(instr(Op::LrW, A0, A1, 0, 0)).unwrap_err();
        assert_eq!(err, Trap::new(Exception::LoadAccessFault, DATA + 2));
        assert_eq!(mem(&h, DATA, 16), [0; 16]);
    }
}
