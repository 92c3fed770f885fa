//! The data access a decoded instruction makes, derived from its operation
//! alone (Unprivileged 20191213: loads and stores, chapter 2.6; A,
//! chapter 8; F/D loads and stores, 11.5 and 12.4), so the commit log and
//! fault explanations need no hook in the memory paths.

use crate::isa::{Instr, Op};

/// What kind of data access an instruction makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessKind {
    Load,
    Store,
    /// LR: a load that takes a reservation.
    LoadReserved,
    /// SC: a store when the reservation holds.
    StoreConditional,
    /// AMO (AMOCAS too): a load and a store of the same address.
    Amo,
    /// cbo.zero: a store of zeros to the whole cache block (Zicboz).
    BlockZero,
}

impl AccessKind {
    /// LR, SC and AMOs: they need natural alignment and RAM.
    pub const fn is_atomic(self) -> bool {
        !matches!(
            self,
            AccessKind::Load | AccessKind::Store | AccessKind::BlockZero
        )
    }
}

/// The data access of one instruction: kind, size in bytes, whether the
/// stored value comes from an f register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataAccess {
    pub kind: AccessKind,
    pub size: u64,
    pub fp_source: bool,
}

impl DataAccess {
    /// The virtual address: rs1 + imm for loads and stores, rs1 for
    /// LR/SC/AMOs, the block holding rs1 for cbo.zero. `rs1` is the
    /// register's value before the instruction.
    pub fn address(&self, i: &Instr, rs1: u64) -> u64 {
        if self.kind.is_atomic() {
            rs1
        } else if self.kind == AccessKind::BlockZero {
            rs1 & !(self.size - 1)
        } else {
            rs1.wrapping_add(i.imm as i64 as u64)
        }
    }
}

/// The data access `op` makes, if any.
pub fn data_access(op: Op) -> Option<DataAccess> {
    use AccessKind::*;
    let (kind, size, fp_source) = match op {
        Op::Lb | Op::Lbu => (Load, 1, false),
        Op::Lh | Op::Lhu | Op::Flh => (Load, 2, false),
        Op::Lw | Op::Lwu | Op::Flw => (Load, 4, false),
        Op::Ld | Op::Fld => (Load, 8, false),
        Op::Sb => (Store, 1, false),
        Op::Sh => (Store, 2, false),
        Op::Sw => (Store, 4, false),
        Op::Sd => (Store, 8, false),
        Op::Fsh => (Store, 2, true),
        Op::Fsw => (Store, 4, true),
        Op::Fsd => (Store, 8, true),
        Op::LrW => (LoadReserved, 4, false),
        Op::LrD => (LoadReserved, 8, false),
        Op::ScW => (StoreConditional, 4, false),
        Op::ScD => (StoreConditional, 8, false),
        Op::AmoswapW
        | Op::AmoaddW
        | Op::AmoxorW
        | Op::AmoandW
        | Op::AmoorW
        | Op::AmominW
        | Op::AmomaxW
        | Op::AmominuW
        | Op::AmomaxuW => (Amo, 4, false),
        Op::AmoswapD
        | Op::AmoaddD
        | Op::AmoxorD
        | Op::AmoandD
        | Op::AmoorD
        | Op::AmominD
        | Op::AmomaxD
        | Op::AmominuD
        | Op::AmomaxuD => (Amo, 8, false),
        Op::AmocasW => (Amo, 4, false),
        Op::AmocasD => (Amo, 8, false),
        Op::AmocasQ => (Amo, 16, false),
        Op::CboZero => (BlockZero, crate::hart::cache_block::CACHE_BLOCK_SIZE, false),
        _ => return None,
    };
    Some(DataAccess {
        kind,
        size,
        fp_source,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::isa::decode;

    #[test]
    fn accesses_come_from_the_decoded_operation() {
        // (instruction bits, kind and size, address for rs1 = 0x1000)
        type Row = (u32, Option<(AccessKind, u64)>, u64);
        let table: [Row; 12] = [
            (0x28b5_352f, Some((AccessKind::Amo, 8)), 0x1000), // amocas.d a0, a1, (a0)
            (0x28c5_c52f, Some((AccessKind::Amo, 16)), 0x1000), // amocas.q a0, a2, (a1)
            (0x0045_200f, Some((AccessKind::BlockZero, 64)), 0x1000), // cbo.zero (a0)
            (0xff85_3503, Some((AccessKind::Load, 8)), 0x0ff8), // ld a0, -8(a0)
            (0x00b5_2423, Some((AccessKind::Store, 4)), 0x1008), // sw a1, 8(a0)
            (0x1005_252f, Some((AccessKind::LoadReserved, 4)), 0x1000), // lr.w a0, (a0)
            (0x18b5_352f, Some((AccessKind::StoreConditional, 8)), 0x1000), // sc.d a0, a1, (a0)
            (0x00b5_352f, Some((AccessKind::Amo, 8)), 0x1000), // amoadd.d a0, a1, (a0)
            (0x0000_0513, None, 0),                            // li a0, 0
            (0x0000_6108, Some((AccessKind::Load, 8)), 0x1000), // c.ld a0, 0(a0)
            (0x0085_9507, Some((AccessKind::Load, 2)), 0x1008), // flh fa0, 8(a1)
            (0x7ea5_9fa7, Some((AccessKind::Store, 2)), 0x17ff), // fsh fa0, 2047(a1)
        ];
        for (bits, want, addr) in table {
            let i = decode(bits);
            let got = data_access(i.op);
            assert_eq!(got.map(|a| (a.kind, a.size)), want, "{bits:#x}");
            if let Some(a) = got {
                assert_eq!(a.address(&i, 0x1000), addr, "{bits:#x}");
            }
        }
    }
}
