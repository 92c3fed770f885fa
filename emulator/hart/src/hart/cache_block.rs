//! The cache-block operations (RISC-V Base Cache Management Operation ISA
//! Extensions 1.0.1): Zicbom's cbo.clean, cbo.flush and cbo.inval, and
//! Zicboz's cbo.zero. rvmmu has no caches, so management has no data
//! effect; what remains is what the spec makes visible: the envcfg gates
//! (section 2.5.4: illegal instruction), the translation and permission
//! checks (sections 2.5.1-2.5.3) and, for cbo.zero, the 64 zero bytes.
//! tval of a fault is rs1, the effective address (section 2.5.3).

use super::csr::{ENVCFG_CBCFE, ENVCFG_CBIE, ENVCFG_CBZE};
use super::{Exception, Hart, Trap};
use crate::isa::{Instr, Op};
use mmu::{AccessType, Privilege};

/// The cache-block size in bytes, for management and zero alike; the
/// device tree advertises it (`riscv,cbom-block-size`,
/// `riscv,cboz-block-size`).
pub const CACHE_BLOCK_SIZE: u64 = 64;

impl Hart {
    /// Executes cbo.clean/flush/inval/zero on the block holding rs1.
    pub(super) fn exec_cbo(&mut self, i: Instr) -> Result<(), Trap> {
        let field = match i.op {
            Op::CboZero => ENVCFG_CBZE,
            Op::CboInval => ENVCFG_CBIE,
            _ => ENVCFG_CBCFE,
        };
        if !self.cbo_enabled(field) {
            // H (section 8.2.5, henvcfg): with V = 1 an instruction that
            // HS-mode could run (menvcfg allows it) is a virtual instruction.
            if self.virt && self.csr.menvcfg & field != 0 {
                return Err(Trap::virtual_instruction(i.raw));
            }
            return Err(Trap::illegal(i.raw));
        }
        let va = self.reg(i.rs1);
        if i.op == Op::CboZero {
            return self.cbo_zero(va);
        }
        self.cbo_manage(va)
    }

    /// Section 2.5.4: M-mode may always; S-mode when menvcfg enables the
    /// field; U-mode when menvcfg and senvcfg both do. A CBIE of 01 or 11
    /// both enable cbo.inval (which rvmmu runs as a flush either way).
    /// With V = 1, henvcfg must enable it too.
    fn cbo_enabled(&self, field: u64) -> bool {
        let on = |envcfg: u64| envcfg & field != 0;
        let hs = !self.virt || on(self.csr.h.henvcfg);
        match self.privilege {
            Privilege::Machine => true,
            Privilege::Supervisor => on(self.csr.menvcfg) && hs,
            Privilege::User => on(self.csr.menvcfg) && on(self.csr.senvcfg) && hs,
        }
    }

    /// cbo.clean/flush/inval: permitted where a load or a store would be
    /// (section 2.5.1); when neither is, the store's page fault or access
    /// fault. The block must be in RAM (the only cacheable memory), else a
    /// store access fault.
    fn cbo_manage(&mut self, va: u64) -> Result<(), Trap> {
        let pa = match self.translate_block(va, AccessType::Load) {
            Ok(pa) => pa,
            Err(_) => self.translate_block(va, AccessType::Store)?,
        };
        self.block_in_ram(va, pa).map(|_| ())
    }

    /// Translates the block holding `va` and checks all of it against the
    /// PMP (Privileged 20211203 §3.7.1: the access must lie wholly in one
    /// entry); a fault reports `va` itself, the instruction's rs1.
    fn translate_block(&mut self, va: u64, access: AccessType) -> Result<u64, Trap> {
        let base = va & !(CACHE_BLOCK_SIZE - 1);
        match self.translate_data(base, CACHE_BLOCK_SIZE, access) {
            Ok(pa) => Ok(pa + (va - base)),
            Err(t) => Err(Trap::new(t.cause, va)),
        }
    }

    /// cbo.zero: a store of 64 zero bytes to the block (section 2.5.2),
    /// translated and checked as a store.
    fn cbo_zero(&mut self, va: u64) -> Result<(), Trap> {
        let pa = self.translate_block(va, AccessType::Store)?;
        let base = self.block_in_ram(va, pa)?;
        for off in (0..CACHE_BLOCK_SIZE).step_by(8) {
            self.store_phys(va, base + off, 8, 0)?;
        }
        Ok(())
    }

    /// The physical base of the block holding `pa`, if it is RAM.
    fn block_in_ram(&self, va: u64, pa: u64) -> Result<u64, Trap> {
        let base = pa & !(CACHE_BLOCK_SIZE - 1);
        match self.bus.ram.offset(base, CACHE_BLOCK_SIZE) {
            Some(_) => Ok(base),
            None => Err(Trap::new(Exception::StoreAccessFault, va)),
        }
    }
}
