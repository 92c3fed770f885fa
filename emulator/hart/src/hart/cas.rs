//! AMOCAS.W/D/Q (Zacas 1.0.0): atomic compare-and-swap. The access is an
//! AMO: naturally aligned (else the store/AMO access fault rvmmu uses for
//! misaligned atomics), translated as a store ("an AMOCAS always requires
//! write permissions"), in RAM. rd holds the comparison value and receives
//! the old memory value. A failed comparison writes the old value back,
//! which the spec allows ("may write back the old value loaded from
//! memory"), so every AMOCAS is one load and one store, as other AMOs.

use super::{Hart, Trap};
use crate::isa::{Instr, Op};
use mmu::AccessType;

impl Hart {
    /// Executes an AMOCAS; rd and memory change only on success of the
    /// whole access.
    pub(super) fn exec_amocas(&mut self, i: Instr) -> Result<(), Trap> {
        let va = self.reg(i.rs1);
        match i.op {
            Op::AmocasW => {
                let (cmp, swap) = (self.reg(i.rd) as u32, self.reg(i.rs2) as u32);
                let old = self.amo(va, 4, |o| {
                    u64::from(if o as u32 == cmp { swap } else { o as u32 })
                })?;
                self.set_reg(i.rd, old as u32 as i32 as i64 as u64);
            }
            Op::AmocasD => {
                let (cmp, swap) = (self.reg(i.rd), self.reg(i.rs2));
                let old = self.amo(va, 8, |o| if o == cmp { swap } else { o })?;
                self.set_reg(i.rd, old);
            }
            _ => self.amocas_q(i, va)?,
        }
        Ok(())
    }

    /// The register pair (r, r + 1): both zero when r is x0. The decoder
    /// has made r even.
    fn pair(&self, r: u8) -> (u64, u64) {
        if r == 0 {
            (0, 0)
        } else {
            (self.reg(r), self.reg(r + 1))
        }
    }

    /// AMOCAS.Q: 16 bytes at a 16-byte aligned address, low doubleword
    /// first; rd = x0 discards the result.
    fn amocas_q(&mut self, i: Instr, va: u64) -> Result<(), Trap> {
        let pa = self.atomic_address(va, 16, AccessType::Store)?;
        let ram = &self.bus.ram;
        let (Some(lo), Some(hi)) = (ram.read_pa::<8>(pa), ram.read_pa::<8>(pa + 8)) else {
            return Err(Trap::new(super::Exception::StoreAccessFault, va));
        };
        let new = if (lo, hi) == self.pair(i.rd) {
            self.pair(i.rs2)
        } else {
            (lo, hi)
        };
        self.store_phys(va, pa, 8, new.0)?;
        self.store_phys(va, pa + 8, 8, new.1)?;
        if i.rd != 0 {
            self.set_reg(i.rd, lo);
            self.set_reg(i.rd + 1, hi);
        }
        Ok(())
    }
}
