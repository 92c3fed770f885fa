//! Watchpoints: which memory an instruction is about to access, and
//! whether that touches a watched range.
//!
//! rvmmu has no debug triggers (Debug Specification 0.13 `mcontrol`), so
//! the stub emulates gdb's hardware watchpoints (`Z2`/`Z3`/`Z4`): before
//! each instruction it decodes the instruction at the pc and computes the
//! effective address of its data access (Unprivileged 20191213: loads and
//! stores address rs1 + sign-extended imm, section 2.6; LR, SC and the
//! AMOs address rs1 alone, sections 8.2–8.4). The hit is reported before
//! the instruction executes (see `execution.rs`), as gdb expects of
//! RISC-V.

use crate::hart::cache_block::CACHE_BLOCK_SIZE;
use crate::isa::{Instr, Op};
use gdbstub::target::ext::breakpoints::WatchKind;

/// How an instruction touches memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessKind {
    Read,
    Write,
    /// An AMO: a read and a write of the same bytes.
    ReadWrite,
}

/// The data access an instruction will make: `len` bytes at virtual
/// address `addr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataAccess {
    pub addr: u64,
    pub len: u64,
    pub kind: AccessKind,
}

/// The access width and kind of `op`, if it accesses data memory.
fn shape(op: Op) -> Option<(u64, AccessKind, bool)> {
    use AccessKind::*;
    // (bytes, kind, whether the address has an immediate offset)
    Some(match op {
        Op::Lb | Op::Lbu => (1, Read, true),
        Op::Lh | Op::Lhu => (2, Read, true),
        Op::Lw | Op::Lwu => (4, Read, true),
        Op::Ld => (8, Read, true),
        Op::Sb => (1, Write, true),
        Op::Sh => (2, Write, true),
        Op::Sw => (4, Write, true),
        Op::Sd => (8, Write, true),
        // F and D (Unprivileged 20191213, sections 11.5 and 12.3), Zfhmin.
        Op::Flh => (2, Read, true),
        Op::Fsh => (2, Write, true),
        Op::Flw => (4, Read, true),
        Op::Fld => (8, Read, true),
        Op::Fsw => (4, Write, true),
        Op::Fsd => (8, Write, true),
        Op::LrW => (4, Read, false),
        Op::LrD => (8, Read, false),
        Op::ScW => (4, Write, false),
        Op::ScD => (8, Write, false),
        Op::AmoswapW
        | Op::AmoaddW
        | Op::AmoxorW
        | Op::AmoandW
        | Op::AmoorW
        | Op::AmominW
        | Op::AmomaxW
        | Op::AmominuW
        | Op::AmomaxuW => (4, ReadWrite, false),
        Op::AmoswapD
        | Op::AmoaddD
        | Op::AmoxorD
        | Op::AmoandD
        | Op::AmoorD
        | Op::AmominD
        | Op::AmomaxD
        | Op::AmominuD
        | Op::AmomaxuD => (8, ReadWrite, false),
        // Zacas 1.0.0; Zicboz: the whole 64-byte block (CMO 1.0.1, 2.5.2).
        Op::AmocasW => (4, ReadWrite, false),
        Op::AmocasD => (8, ReadWrite, false),
        Op::AmocasQ => (16, ReadWrite, false),
        Op::CboZero => (CACHE_BLOCK_SIZE, Write, false),
        _ => return None,
    })
}

/// The data access `i` makes with registers `x`, or `None` for an
/// instruction that accesses no data memory. A failing SC is still
/// counted as a write.
pub fn data_access(i: &Instr, x: &[u64; 32]) -> Option<DataAccess> {
    let (len, kind, offset) = shape(i.op)?;
    let base = x.get(usize::from(i.rs1 & 31)).copied().unwrap_or(0);
    let addr = if offset {
        base.wrapping_add(i.imm as i64 as u64)
    } else if i.op == Op::CboZero {
        base & !(CACHE_BLOCK_SIZE - 1)
    } else {
        base
    };
    Some(DataAccess { addr, len, kind })
}

/// One gdb watchpoint: `len` bytes from `addr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Watchpoint {
    pub addr: u64,
    pub len: u64,
    pub kind: WatchKind,
}

impl Watchpoint {
    /// Whether `access` triggers this watchpoint: the byte ranges overlap
    /// and the directions match (an AMO triggers all three kinds).
    pub fn triggered_by(&self, access: &DataAccess) -> bool {
        let direction = matches!(
            (self.kind, access.kind),
            (WatchKind::ReadWrite, _)
                | (_, AccessKind::ReadWrite)
                | (WatchKind::Read, AccessKind::Read)
                | (WatchKind::Write, AccessKind::Write)
        );
        direction && overlaps(self.addr, self.len, access.addr, access.len)
    }

    /// The address reported to gdb for a hit: the first watched byte the
    /// access touched (gdb finds the watchpoint by this address).
    pub fn hit_address(&self, access: &DataAccess) -> u64 {
        access.addr.max(self.addr)
    }
}

/// Whether `[a, a + alen)` and `[b, b + blen)` share a byte, without
/// overflow at the top of the address space.
fn overlaps(a: u64, alen: u64, b: u64, blen: u64) -> bool {
    if alen == 0 || blen == 0 {
        return false;
    }
    let a_last = a.saturating_add(alen - 1);
    let b_last = b.saturating_add(blen - 1);
    a <= b_last && b <= a_last
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::isa::decode;

    fn regs() -> [u64; 32] {
        let mut x = [0u64; 32];
        x[10] = 0x8000_1000; // a0
        x[11] = 0x8000_2008; // a1
        x[2] = 0x8001_0000; // sp
        x
    }

    #[test]
    fn effective_addresses_of_loads_stores_and_atomics() {
        use AccessKind::*;
        for (bits, what, want) in [
            // ld a2, 16(a0)
            (0x0105_3603, "ld", Some((0x8000_1010, 8, Read))),
            // lbu a2, -1(a1)
            (0xfff5_c603, "lbu", Some((0x8000_2007, 1, Read))),
            // sw a1, -4(a0)
            (0xfeb5_2e23, "sw", Some((0x8000_0ffc, 4, Write))),
            // sd a0, 8(sp) as c.sdsp a0, 8(sp)
            (0xe42a, "c.sdsp", Some((0x8001_0008, 8, Write))),
            // c.lw a2, 4(a0)
            (0x4150, "c.lw", Some((0x8000_1004, 4, Read))),
            // lr.d a2, (a0)
            (0x1005_362f, "lr.d", Some((0x8000_1000, 8, Read))),
            // sc.w a2, a1, (a0)
            (0x18b5_262f, "sc.w", Some((0x8000_1000, 4, Write))),
            // amoadd.w a2, a1, (a0): no offset even with imm-like bits
            (0x00b5_262f, "amoadd.w", Some((0x8000_1000, 4, ReadWrite))),
            // amoswap.d a2, a1, (a1)
            (0x08b5_b62f, "amoswap.d", Some((0x8000_2008, 8, ReadWrite))),
            // addi a0, a0, 16: no data access
            (0x0105_0513, "addi", None),
            // fld fa0, 24(a1)
            (0x0185_b507, "fld", Some((0x8000_2020, 8, Read))),
            // fsw fa0, -8(sp)
            (0xfea1_2c27, "fsw", Some((0x8000_fff8, 4, Write))),
            // c.fsd fa0, 8(a0)
            (0xa508, "c.fsd", Some((0x8000_1008, 8, Write))),
            // flh fa0, 8(a1); fsh fa0, 2047(a1) (Zfhmin)
            (0x0085_9507, "flh", Some((0x8000_2010, 2, Read))),
            (0x7ea5_9fa7, "fsh", Some((0x8000_2807, 2, Write))),
            // jalr ra, 0(a0): no data access
            (0x0005_00e7, "jalr", None),
        ] {
            let got = data_access(&decode(bits), &regs()).map(|a| (a.addr, a.len, a.kind));
            assert_eq!(got, want, "{what} ({bits:#x})");
        }
    }

    #[test]
    fn effective_address_wraps_at_the_top_of_the_address_space() {
        let mut x = [0u64; 32];
        x[10] = 4;
        // ld a2, -8(a0)
        let a = data_access(&decode(0xff85_3603), &x).unwrap();
        assert_eq!(a.addr, u64::MAX - 3);
    }

    #[test]
    fn watchpoints_trigger_on_overlap_in_their_direction() {
        let w = |kind| Watchpoint {
            addr: 0x1000,
            len: 8,
            kind,
        };
        let acc = |addr, len, kind| DataAccess { addr, len, kind };
        use AccessKind as A;
        use WatchKind as W;
        for (wk, access, hit) in [
            (W::Write, acc(0x1000, 8, A::Write), true),
            (W::Write, acc(0x1004, 1, A::Write), true),
            (W::Write, acc(0x0ffc, 8, A::Write), true),
            (W::Write, acc(0x0ff8, 8, A::Write), false),
            (W::Write, acc(0x1008, 4, A::Write), false),
            (W::Write, acc(0x1000, 8, A::Read), false),
            (W::Write, acc(0x1000, 4, A::ReadWrite), true),
            (W::Read, acc(0x1007, 1, A::Read), true),
            (W::Read, acc(0x1000, 8, A::Write), false),
            (W::Read, acc(0x1000, 8, A::ReadWrite), true),
            (W::ReadWrite, acc(0x1000, 2, A::Write), true),
            (W::ReadWrite, acc(0x1006, 4, A::Read), true),
            (W::ReadWrite, acc(u64::MAX - 3, 8, A::Read), false),
        ] {
            assert_eq!(w(wk).triggered_by(&access), hit, "{wk:?} {access:?}");
        }
        assert_eq!(w(W::Write).hit_address(&acc(0x0ffc, 8, A::Write)), 0x1000);
        assert_eq!(w(W::Write).hit_address(&acc(0x1004, 1, A::Write)), 0x1004);
    }

    #[test]
    fn ranges_at_the_top_of_the_address_space_do_not_overflow() {
        assert!(overlaps(u64::MAX, 16, u64::MAX, 1));
        assert!(!overlaps(u64::MAX - 1, 1, u64::MAX, 1));
        assert!(!overlaps(0, 0, 0, 8));
    }
}
