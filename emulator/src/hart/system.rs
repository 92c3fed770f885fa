//! CSR instructions, privileged instructions, trap entry and interrupts.

use super::csr::*;
use super::{Exception, Hart, Interrupt, Trap};
use crate::isa::{Instr, Op};
use mmu::{Asid, Privilege, VirtAddr};

impl Hart {
    /// csrrw/csrrs/csrrc and their immediate forms (Unprivileged 20191213,
    /// chapter 9): csrrs/csrrc with rs1 = x0 (uimm = 0) do not write, so
    /// they may read a read-only CSR.
    pub(super) fn exec_csr(&mut self, i: Instr) -> Result<(), Trap> {
        let n = (i.imm as u32 & 0xfff) as u16;
        let (writes, operand) = match i.op {
            Op::Csrrw => (true, self.reg(i.rs1)),
            Op::Csrrwi => (true, u64::from(i.rs1)),
            Op::Csrrs | Op::Csrrc => (i.rs1 != 0, self.reg(i.rs1)),
            _ => (i.rs1 != 0, u64::from(i.rs1)),
        };
        if u16::from(self.privilege as u8) < (n >> 8) & 3 || (writes && n >> 10 == 3) {
            return Err(Trap::illegal(i.raw));
        }
        let old = self.csr_read(n, i.raw)?;
        if writes {
            let new = match i.op {
                Op::Csrrw | Op::Csrrwi => operand,
                Op::Csrrs | Op::Csrrsi => old | operand,
                _ => old & !operand,
            };
            self.csr_write(n, new, i.raw)?;
        }
        self.set_reg(i.rd, old);
        self.pc = self.pc.wrapping_add(u64::from(i.len));
        Ok(())
    }

    /// ecall, ebreak, mret, sret, wfi, wrs.nto/sto, sfence.vma, and
    /// Svinval's sinval.vma, sfence.w.inval, sfence.inval.ir.
    pub(super) fn exec_system(&mut self, i: Instr) -> Result<(), Trap> {
        let next = self.pc.wrapping_add(u64::from(i.len));
        match i.op {
            Op::Ecall => {
                let cause = match self.privilege {
                    Privilege::User => Exception::EcallFromU,
                    Privilege::Supervisor => Exception::EcallFromS,
                    Privilege::Machine => Exception::EcallFromM,
                };
                return Err(Trap::new(cause, 0));
            }
            // Section 3.1.16: tval is the faulting pc for a breakpoint.
            Op::Ebreak => return Err(Trap::new(Exception::Breakpoint, self.pc)),
            Op::Mret => {
                if self.privilege != Privilege::Machine {
                    return Err(Trap::illegal(i.raw));
                }
                self.mret();
                return Ok(());
            }
            Op::Sret => {
                let tsr = self.csr.mstatus & MSTATUS_TSR != 0;
                match self.privilege {
                    Privilege::User => return Err(Trap::illegal(i.raw)),
                    Privilege::Supervisor if tsr => return Err(Trap::illegal(i.raw)),
                    _ => {}
                }
                self.sret();
                return Ok(());
            }
            Op::Wfi => {
                // Section 3.1.6.5: with S-mode present, wfi in U-mode is
                // illegal, and in S-mode when TW = 1 (time limit zero).
                let tw = self.csr.mstatus & MSTATUS_TW != 0;
                match self.privilege {
                    Privilege::User => return Err(Trap::illegal(i.raw)),
                    Privilege::Supervisor if tw => return Err(Trap::illegal(i.raw)),
                    _ => {}
                }
                self.waiting = true;
                self.request_check();
            }
            // Zawrs 1.01: wait while the reservation set is valid and no
            // interrupt is pending (enabled or not). With one hart nothing
            // else ends a reservation, so the wait ends at once: rvmmu's
            // bounded time limit is zero. WRS.NTO below M-mode with TW = 1
            // that would have waited is therefore illegal; WRS.STO never is.
            Op::WrsNto | Op::WrsSto => {
                let would_wait = self.reservation != super::NO_RESERVATION && self.mip() == 0;
                let tw = self.csr.mstatus & MSTATUS_TW != 0;
                let below_m = self.privilege != Privilege::Machine;
                if i.op == Op::WrsNto && would_wait && tw && below_m {
                    return Err(Trap::illegal(i.raw));
                }
            }
            // Svinval (chapter 8): sinval.vma "invalidates any
            // address-translation cache entries that an SFENCE.VMA
            // instruction with the same values of rs1 and rs2 would
            // invalidate", with its permissions (TVM included); counted
            // with sfence.vma in --stats. The two fences only order those
            // invalidations, which one in-order hart already is: no-ops,
            // but "in U-mode raises an illegal-instruction exception", and
            // "unaffected by the mstatus.TVM".
            Op::SfenceWInval | Op::SfenceInvalIr => {
                if self.privilege == Privilege::User {
                    return Err(Trap::illegal(i.raw));
                }
            }
            Op::SfenceVma | Op::SinvalVma => {
                // Section 4.2.1: illegal in U-mode, and in S-mode with TVM.
                let tvm = self.csr.mstatus & MSTATUS_TVM != 0;
                match self.privilege {
                    Privilege::User => return Err(Trap::illegal(i.raw)),
                    Privilege::Supervisor if tvm => return Err(Trap::illegal(i.raw)),
                    _ => {}
                }
                let vaddr = (i.rs1 != 0).then(|| VirtAddr(self.reg(i.rs1)));
                let asid = (i.rs2 != 0).then(|| Asid(self.reg(i.rs2) as u16));
                self.mmu.sfence_vma(vaddr, asid);
                // The hart's page caches hold TLB answers: forget them all.
                self.drop_page_caches();
            }
            _ => return Err(Trap::illegal(i.raw)),
        }
        self.pc = next;
        Ok(())
    }

    /// mret (section 3.3.2): back to MPP with MIE = MPIE; MPIE = 1; MPP = U;
    /// MPRV cleared when leaving M-mode.
    fn mret(&mut self) {
        let ms = self.csr.mstatus;
        let mpp = Privilege::from_bits(ms >> MSTATUS_MPP_SHIFT);
        let mut new = ms & !(MSTATUS_MIE | MSTATUS_MPP);
        if ms & MSTATUS_MPIE != 0 {
            new |= MSTATUS_MIE;
        }
        new |= MSTATUS_MPIE;
        if mpp != Privilege::Machine {
            new &= !MSTATUS_MPRV;
        }
        self.csr.mstatus = new;
        self.set_privilege(mpp);
        self.pc = self.csr.mepc;
    }

    /// sret (section 3.3.2): back to SPP with SIE = SPIE; SPIE = 1; SPP = U;
    /// MPRV cleared (the new privilege is below M).
    fn sret(&mut self) {
        let ms = self.csr.mstatus;
        let spp = if ms & MSTATUS_SPP != 0 {
            Privilege::Supervisor
        } else {
            Privilege::User
        };
        let mut new = ms & !(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
        if ms & MSTATUS_SPIE != 0 {
            new |= MSTATUS_SIE;
        }
        new |= MSTATUS_SPIE;
        self.csr.mstatus = new;
        self.set_privilege(spp);
        self.pc = self.csr.sepc;
    }

    fn set_privilege(&mut self, p: Privilege) {
        if p != self.privilege {
            log::debug!(target: "rvmmu::trap", "privilege {} -> {}", self.privilege.letter(), p.letter());
        }
        self.privilege = p;
        self.clear_reservation();
        self.update_contexts();
        self.request_check();
    }

    /// Takes a synchronous exception raised by the instruction at `pc`.
    #[cold]
    pub(super) fn take_exception(&mut self, t: Trap, pc: u64) {
        self.enter_trap(t.cause.code(), false, t.tval, pc);
    }

    /// Takes an interrupt before the instruction at `self.pc`.
    #[cold]
    pub(super) fn take_interrupt(&mut self, irq: Interrupt) {
        let pc = self.pc;
        self.enter_trap(irq as u64, true, 0, pc);
    }

    /// Trap entry (sections 3.1.6.1, 3.1.7, 3.1.8, 4.1.1): the trap goes to
    /// S-mode when delegated and the hart is not in M-mode, else to M-mode.
    fn enter_trap(&mut self, code: u64, interrupt: bool, tval: u64, epc: u64) {
        self.traps = self.traps.wrapping_add(1);
        let slot = (code as usize & 15) + if interrupt { 16 } else { 0 };
        if let Some(c) = self.trap_counts.get_mut(slot) {
            *c += 1;
        }
        let deleg = if interrupt {
            self.csr.mideleg
        } else {
            self.csr.medeleg
        };
        let cause = code | if interrupt { 1 << 63 } else { 0 };
        log::debug!(
            target: "rvmmu::trap",
            "{} {code} at pc {epc:#x} tval {tval:#x} from {}-mode",
            if interrupt { "interrupt" } else { "exception" },
            self.privilege.letter()
        );
        let ms = self.csr.mstatus;
        if self.privilege != Privilege::Machine && (deleg >> code) & 1 != 0 {
            self.csr.sepc = epc;
            self.csr.scause = cause;
            self.csr.stval = tval;
            let mut new = ms & !(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
            if ms & MSTATUS_SIE != 0 {
                new |= MSTATUS_SPIE;
            }
            if self.privilege == Privilege::Supervisor {
                new |= MSTATUS_SPP;
            }
            self.csr.mstatus = new;
            self.pc = trap_vector(self.csr.stvec, code, interrupt);
            self.set_privilege(Privilege::Supervisor);
        } else {
            self.csr.mepc = epc;
            self.csr.mcause = cause;
            self.csr.mtval = tval;
            let mut new = ms & !(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE);
            if ms & MSTATUS_MIE != 0 {
                new |= MSTATUS_MPIE;
            }
            new |= (self.privilege as u64) << MSTATUS_MPP_SHIFT;
            self.csr.mstatus = new;
            self.pc = trap_vector(self.csr.mtvec, code, interrupt);
            self.set_privilege(Privilege::Machine);
        }
    }

    /// The interrupt to take now, if any (section 3.1.9): M-level
    /// interrupts are enabled below M, or in M with MIE; delegated ones
    /// below S, or in S with SIE, never in M. M-level ones go first; within
    /// a level the order is MEI, MSI, MTI, SEI, SSI, STI.
    pub(super) fn pending_interrupt(&self) -> Option<Interrupt> {
        let pending = self.mip() & self.csr.mie;
        if pending == 0 {
            return None;
        }
        let ms = self.csr.mstatus;
        let m_enabled = self.privilege != Privilege::Machine || ms & MSTATUS_MIE != 0;
        let s_enabled = match self.privilege {
            Privilege::User => true,
            Privilege::Supervisor => ms & MSTATUS_SIE != 0,
            Privilege::Machine => false,
        };
        let m = if m_enabled {
            pending & !self.csr.mideleg
        } else {
            0
        };
        let s = if s_enabled {
            pending & self.csr.mideleg
        } else {
            0
        };
        let pick = if m != 0 { m } else { s };
        const ORDER: [(u64, Interrupt); 6] = [
            (IRQ_MEI, Interrupt::MachineExternal),
            (IRQ_MSI, Interrupt::MachineSoftware),
            (IRQ_MTI, Interrupt::MachineTimer),
            (IRQ_SEI, Interrupt::SupervisorExternal),
            (IRQ_SSI, Interrupt::SupervisorSoftware),
            (IRQ_STI, Interrupt::SupervisorTimer),
        ];
        ORDER
            .iter()
            .find(|(bit, _)| pick & bit != 0)
            .map(|&(_, irq)| irq)
    }
}

/// The handler address for a trap through `tvec` (sections 3.1.7, 4.1.2):
/// vectored mode sends interrupts to BASE + 4 × cause.
#[inline]
fn trap_vector(tvec: u64, code: u64, interrupt: bool) -> u64 {
    let base = tvec & !3;
    if interrupt && tvec & 3 == 1 {
        base.wrapping_add(4 * code)
    } else {
        base
    }
}
