//! `--log-commits FILE`: one line per retired instruction in the format of
//! Spike's `--log-commits`, plus the physical address of each memory
//! access, so a run can be compared with Spike line by line:
//!
//! ```text
//! core   0: 3 0x0000000080000000 (0x00000297) x5  0x0000000080000000
//! core   0: 3 0x0000000080000104 (0x0182b283) x5  0x0000000000000000 mem 0x0000000080001018 (pa 0x0000000080001018)
//! core   0: 1 0x0000000080000108 (0x00b2b023) mem 0x0000000080000000 0x0000000080000020 (pa 0x0000000080000000)
//! ```
//!
//! Fields: hart, privilege (0 U, 1 S, 3 M), pc, instruction bits (4 hex
//! digits when compressed), the register written (`xN`/`fN`, none for x0),
//! then each load (`mem VA`) and store (`mem VA VALUE`, VALUE as wide as
//! the access), each followed by `(pa PA)`. Remove `(pa ...)` to diff with
//! Spike: `sed -E 's/ \(pa 0x[0-9a-f]+\)//g'`. CSR writes are not listed.
//!
//! The access is derived from the decoded instruction (rs1 + imm, size)
//! read before it executes, and translated afterwards with `mmu::probe`,
//! which has no side effect; a store's value is the source register, an
//! AMO's stored value is read back from RAM.

use super::access::{data_access, AccessKind, DataAccess};
use crate::hart::Hart;
use crate::isa::{disasm_fp::writes_fp_reg, Instr, Op};
use mmu::{AccessType, Privilege, VirtAddr};
use std::fmt::Write;

/// What must be read before the instruction executes.
#[derive(Clone, Copy, Debug)]
pub struct Pending {
    pub privilege: Privilege,
    pub pc: u64,
    pub insn: Instr,
    /// The data access, its virtual address and the value a store writes.
    pub access: Option<(DataAccess, u64, u64)>,
}

impl Pending {
    /// Captures the instruction at `pc` before it executes.
    pub fn before(hart: &Hart, pc: u64, insn: Instr) -> Pending {
        let access = data_access(insn.op).map(|a| {
            let va = a.address(&insn, hart.reg(insn.rs1));
            let value = if a.fp_source {
                hart.freg(insn.rs2)
            } else {
                hart.reg(insn.rs2)
            };
            (a, va, value)
        });
        Pending {
            privilege: hart.privilege,
            pc,
            insn,
            access,
        }
    }
}

/// The low `size` bytes of `v`.
fn truncate(v: u128, size: u64) -> u128 {
    if size >= 16 {
        v
    } else {
        v & ((1u128 << (8 * size)) - 1)
    }
}

/// The physical address of `va` for `access` now, without side effects.
fn physical(hart: &mut Hart, va: u64, access: AccessType) -> Option<u64> {
    let ctx = *hart.context(access);
    mmu::probe(VirtAddr(va), access, &ctx, &mut hart.bus)
        .0
        .ok()
        .map(|pa| pa.0)
}

fn push_pa(out: &mut String, pa: Option<u64>) {
    if let Some(pa) = pa {
        let _ = write!(out, " (pa {pa:#018x})");
    }
}

/// Appends the commit-log line (with its newline) of the retired
/// instruction `p` to `out`.
pub fn write_line(hart: &mut Hart, p: &Pending, out: &mut String) {
    let i = p.insn;
    let _ = write!(out, "core   0: {} {:#018x} (", p.privilege as u8, p.pc);
    if i.len == 2 {
        let _ = write!(out, "{:#06x})", i.raw & 0xffff);
    } else {
        let _ = write!(out, "{:#010x})", i.raw);
    }
    if writes_fp_reg(i.op) {
        let _ = write!(out, " f{:<2} {:#018x}", i.rd, hart.freg(i.rd));
    } else if i.op != Op::Illegal && i.rd != 0 {
        let _ = write!(out, " x{:<2} {:#018x}", i.rd, hart.reg(i.rd));
    }
    if let Some((a, va, value)) = p.access {
        let digits = (2 * a.size) as usize;
        let load = matches!(
            a.kind,
            AccessKind::Load | AccessKind::LoadReserved | AccessKind::Amo
        );
        // SC writes rd = 0 when it stored.
        let store = match a.kind {
            AccessKind::Store | AccessKind::Amo | AccessKind::BlockZero => true,
            AccessKind::StoreConditional => i.rd == 0 || hart.reg(i.rd) == 0,
            _ => false,
        };
        let access = if store {
            AccessType::Store
        } else {
            AccessType::Load
        };
        let pa = physical(hart, va, access);
        if load {
            let _ = write!(out, " mem {va:#018x}");
            push_pa(out, pa);
        }
        if store && a.kind == AccessKind::BlockZero {
            // As Spike's cbo.zero: one byte store per byte of the block.
            for o in 0..a.size {
                let _ = write!(out, " mem {:#018x} 0x00", va.wrapping_add(o));
                push_pa(out, pa.map(|pa| pa + o));
            }
        } else if store {
            let ram = &hart.bus.ram;
            let stored = if a.kind == AccessKind::Amo {
                pa.and_then(|pa| ram.offset(pa, a.size))
                    .and_then(|off| match a.size {
                        4 => ram.read::<4>(off).map(u128::from),
                        8 => ram.read::<8>(off).map(u128::from),
                        // AMOCAS.Q: the low doubleword is at the address.
                        _ => Some(
                            u128::from(ram.read::<8>(off)?)
                                | u128::from(ram.read::<8>(off + 8)?) << 64,
                        ),
                    })
                    .unwrap_or(0)
            } else {
                u128::from(value)
            };
            let _ = write!(
                out,
                " mem {va:#018x} 0x{:0digits$x}",
                truncate(stored, a.size)
            );
            push_pa(out, pa);
        }
    }
    out.push('\n');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::bus::{Bus, RAM_BASE};
    use crate::hart::HartConfig;
    use crate::isa::decode;

    fn hart() -> Hart {
        let mut h = Hart::new(Bus::new(1 << 16), RAM_BASE, HartConfig::default());
        h.x[10] = RAM_BASE + 0x100;
        h.x[11] = 0x1122_3344_5566_7788;
        h
    }

    #[test]
    fn lines_follow_spikes_commit_log_format() {
        // (bits, line after executing it by hand: registers set below)
        let table: [(u32, &str); 4] = [
            (
                0x0005_8593, // addi a1, a1, 0 (mv a1, a1)
                "core   0: 3 0x0000000080000000 (0x00058593) x11 0x1122334455667788\n",
            ),
            (
                0x00b5_2423, // sw a1, 8(a0)
                "core   0: 3 0x0000000080000000 (0x00b52423) mem 0x0000000080000108 0x55667788 (pa 0x0000000080000108)\n",
            ),
            (
                0x0085_3503, // ld a0, 8(a0): rd = a0 is read before
                "core   0: 3 0x0000000080000000 (0x00853503) x10 0x0000000080000100 mem 0x0000000080000108 (pa 0x0000000080000108)\n",
            ),
            (
                0x0000_4501, // c.li a0, 0
                "core   0: 3 0x0000000080000000 (0x4501) x10 0x0000000080000100\n",
            ),
        ];
        for (bits, want) in table {
            let mut h = hart();
            let p = Pending::before(&h, RAM_BASE, decode(bits));
            let mut out = String::new();
            write_line(&mut h, &p, &mut out);
            assert_eq!(out, want, "{bits:#x}");
        }
    }

    #[test]
    fn cbo_zero_logs_every_byte_and_amocas_q_sixteen() {
        let mut h = hart();
        let p = Pending::before(&h, RAM_BASE, decode(0x0045_200f)); // cbo.zero (a0)
        let mut out = String::new();
        write_line(&mut h, &p, &mut out);
        assert_eq!(out.matches(" mem ").count(), 64);
        assert!(out.starts_with(
            "core   0: 3 0x0000000080000000 (0x0045200f) mem 0x0000000080000100 0x00 (pa 0x0000000080000100) mem 0x0000000080000101 0x00"
        ));
        assert!(out.ends_with("mem 0x000000008000013f 0x00 (pa 0x000000008000013f)\n"));

        // amocas.q a2, a4, (a0) after it stored 0x..1111 (low), 0x..2222.
        h.bus.ram.write_pa::<8>(RAM_BASE + 0x100, 0x1111).unwrap();
        h.bus.ram.write_pa::<8>(RAM_BASE + 0x108, 0x2222).unwrap();
        h.x[12] = 5;
        let p = Pending::before(&h, RAM_BASE, decode(0x28e5_462f));
        let mut out = String::new();
        write_line(&mut h, &p, &mut out);
        assert_eq!(
            out,
            "core   0: 3 0x0000000080000000 (0x28e5462f) x12 0x0000000000000005 mem 0x0000000080000100 (pa 0x0000000080000100) \
             mem 0x0000000080000100 0x00000000000022220000000000001111 (pa 0x0000000080000100)\n"
        );
    }

    #[test]
    fn failed_sc_logs_no_store() {
        let mut h = hart();
        let p = Pending::before(&h, RAM_BASE, decode(0x18b5_362f)); // sc.d a2, a1, (a0)
        h.x[12] = 1; // failed
        let mut out = String::new();
        write_line(&mut h, &p, &mut out);
        assert_eq!(
            out,
            "core   0: 3 0x0000000080000000 (0x18b5362f) x12 0x0000000000000001\n"
        );
    }
}
