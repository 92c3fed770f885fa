//! CSR instructions, privileged instructions, trap entry and interrupts.

use super::csr::*;
use super::hyper::{
    HSTATUS_GVA, HSTATUS_SPV, HSTATUS_SPVP, HSTATUS_VTSR, HSTATUS_VTVM, HSTATUS_VTW, IRQ_VSEI,
    IRQ_VSSI, IRQ_VSTI, IRQ_VS_MASK, MSTATUS_GVA, MSTATUS_MPV,
};
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
        self.csr_access_check(n, writes, i.raw)?;
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
        // With V = 1 (section 8.6.1): what VS/VU-mode may not do but
        // HS-mode could is a virtual-instruction exception.
        let virtual_insn = Err(Trap::virtual_instruction(i.raw));
        let vu = self.virt && self.privilege == Privilege::User;
        let hstatus = self.csr.h.hstatus;
        match i.op {
            crate::isa::h_ops!() => return self.exec_hypervisor(i),
            Op::Ecall => {
                let cause = match self.privilege {
                    Privilege::User => Exception::EcallFromU,
                    Privilege::Supervisor if self.virt => Exception::EcallFromVs,
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
            Op::Sret if self.virt => {
                if vu || hstatus & HSTATUS_VTSR != 0 {
                    return virtual_insn;
                }
                self.sret_vs();
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
                    _ if self.virt && tw => return Err(Trap::illegal(i.raw)),
                    _ if vu || (self.virt && hstatus & HSTATUS_VTW != 0) => return virtual_insn,
                    Privilege::User if !self.virt => return Err(Trap::illegal(i.raw)),
                    Privilege::Supervisor if tw && !self.virt => return Err(Trap::illegal(i.raw)),
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
                // Zawrs with H: VTW (or VU-mode) makes it virtual.
                if i.op == Op::WrsNto
                    && would_wait
                    && (vu || self.virt && hstatus & HSTATUS_VTW != 0)
                {
                    return virtual_insn;
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
                if vu {
                    return virtual_insn;
                }
                if self.privilege == Privilege::User {
                    return Err(Trap::illegal(i.raw));
                }
            }
            Op::SfenceVma | Op::SinvalVma => {
                // Section 4.2.1: illegal in U-mode, and in S-mode with TVM.
                // In VS-mode hstatus.VTVM stands for TVM (virtual
                // instruction), and the fence acts on the VS-stage
                // (section 8.5.1: the TLB holds only VS translations now).
                let tvm = self.csr.mstatus & MSTATUS_TVM != 0;
                match self.privilege {
                    _ if vu || (self.virt && hstatus & HSTATUS_VTVM != 0) => return virtual_insn,
                    Privilege::User => return Err(Trap::illegal(i.raw)),
                    Privilege::Supervisor if tvm && !self.virt => return Err(Trap::illegal(i.raw)),
                    _ => {}
                }
                let vaddr = (i.rs1 != 0).then(|| VirtAddr(self.reg(i.rs1)));
                let asid = (i.rs2 != 0).then(|| Asid(self.reg(i.rs2) as u16));
                if self.virt {
                    self.sfence_vma_virtual(vaddr, asid);
                } else {
                    self.mmu.sfence_vma(vaddr, asid);
                }
                // The hart's page caches hold TLB answers: forget them all.
                self.drop_page_caches();
            }
            _ => return Err(Trap::illegal(i.raw)),
        }
        self.pc = next;
        Ok(())
    }

    /// mret (section 3.3.2): back to MPP with MIE = MPIE; MPIE = 1; MPP = U;
    /// MPRV cleared when leaving M-mode. With H (section 8.6.4), V = MPV
    /// when MPP is not M, and MPV = 0.
    fn mret(&mut self) {
        let ms = self.csr.mstatus;
        let mpp = Privilege::from_bits(ms >> MSTATUS_MPP_SHIFT);
        let virt = mpp != Privilege::Machine && ms & MSTATUS_MPV != 0;
        let mut new = ms & !(MSTATUS_MIE | MSTATUS_MPP | MSTATUS_MPV);
        if ms & MSTATUS_MPIE != 0 {
            new |= MSTATUS_MIE;
        }
        new |= MSTATUS_MPIE;
        if mpp != Privilege::Machine {
            new &= !MSTATUS_MPRV;
        }
        self.csr.mstatus = new;
        self.set_mode(mpp, virt);
        self.pc = self.csr.mepc;
    }

    /// sret (section 3.3.2): back to SPP with SIE = SPIE; SPIE = 1; SPP = U;
    /// MPRV cleared (the new privilege is below M). With H, from M or HS
    /// (section 8.6.4): V = hstatus.SPV, then SPV = 0.
    fn sret(&mut self) {
        let virt = self.csr.h.hstatus & HSTATUS_SPV != 0;
        self.csr.h.hstatus &= !HSTATUS_SPV;
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
        self.set_mode(spp, virt);
        self.pc = self.csr.sepc;
    }

    /// sret in VS-mode (section 8.6.4): the same on vsstatus, to
    /// vsstatus.SPP with V = 1, at vsepc.
    fn sret_vs(&mut self) {
        let vs = self.csr.h.vsstatus;
        let spp = if vs & MSTATUS_SPP != 0 {
            Privilege::Supervisor
        } else {
            Privilege::User
        };
        let mut new = vs & !(MSTATUS_SIE | MSTATUS_SPP);
        if vs & MSTATUS_SPIE != 0 {
            new |= MSTATUS_SIE;
        }
        self.csr.h.vsstatus = new | MSTATUS_SPIE;
        self.set_mode(spp, true);
        self.pc = self.csr.h.vsepc;
    }

    /// Enters privilege `p` with virtualization mode `virt`.
    fn set_mode(&mut self, p: Privilege, virt: bool) {
        if p != self.privilege || virt != self.virt {
            log::debug!(
                target: "rvmmu::trap",
                "privilege {}{} -> {}{}",
                if self.virt { "V" } else { "" },
                self.privilege.letter(),
                if virt { "V" } else { "" },
                p.letter()
            );
        }
        self.privilege = p;
        self.virt = virt;
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

    /// Trap entry (sections 3.1.6.1, 3.1.7, 3.1.8, 4.1.1; with H 8.6.2
    /// and 8.6.3): a trap below M-mode that medeleg/mideleg delegate goes
    /// to HS-mode, and further to VS-mode when it was taken with V = 1
    /// and hedeleg/hideleg delegate it too; else to M-mode.
    fn enter_trap(&mut self, code: u64, interrupt: bool, tval: u64, epc: u64) {
        self.traps = self.traps.wrapping_add(1);
        let slot = (code as usize & 31) + if interrupt { 32 } else { 0 };
        if let Some(c) = self.trap_counts.get_mut(slot) {
            *c += 1;
        }
        let (deleg, hdeleg) = if interrupt {
            (self.csr.mideleg | self.mideleg_vs(), self.csr.h.hideleg)
        } else {
            (self.csr.medeleg, self.csr.h.hedeleg)
        };
        let cause = code | if interrupt { 1 << 63 } else { 0 };
        log::debug!(
            target: "rvmmu::trap",
            "{} {code} at pc {epc:#x} tval {tval:#x} from {}{}-mode",
            if interrupt { "interrupt" } else { "exception" },
            if self.virt { "V" } else { "" },
            self.privilege.letter()
        );
        // htval/mtval2 and htinst/mtinst: a guest-page fault's, else 0.
        let guest = std::mem::take(&mut self.guest_fault);
        let gva = !interrupt && (self.virt || guest.hlsv) && tval_is_address(code);
        let guest = if !interrupt && matches!(code, 20 | 21 | 23) {
            guest
        } else {
            super::hyper_mem::GuestFault::default()
        };
        let ms = self.csr.mstatus;
        let below_m = self.privilege != Privilege::Machine;
        if below_m && (deleg >> code) & 1 != 0 {
            if self.virt && (hdeleg >> code) & 1 != 0 {
                self.enter_vs_trap(code, interrupt, tval, epc);
                return;
            }
            self.csr.sepc = epc;
            self.csr.scause = cause;
            self.csr.stval = tval;
            if self.has_h() {
                let h = &mut self.csr.h;
                h.htval = guest.gpa_shr2;
                h.htinst = guest.tinst;
                let mut hs = h.hstatus & !(HSTATUS_SPV | HSTATUS_GVA);
                if self.virt {
                    hs = (hs & !HSTATUS_SPVP) | HSTATUS_SPV;
                    if self.privilege == Privilege::Supervisor {
                        hs |= HSTATUS_SPVP;
                    }
                }
                if gva {
                    hs |= HSTATUS_GVA;
                }
                h.hstatus = hs;
            }
            let mut new = ms & !(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
            if ms & MSTATUS_SIE != 0 {
                new |= MSTATUS_SPIE;
            }
            if self.privilege == Privilege::Supervisor {
                new |= MSTATUS_SPP;
            }
            self.csr.mstatus = new;
            self.pc = trap_vector(self.csr.stvec, code, interrupt);
            self.set_mode(Privilege::Supervisor, false);
        } else {
            self.csr.mepc = epc;
            self.csr.mcause = cause;
            self.csr.mtval = tval;
            let mut new = ms & !(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE);
            if ms & MSTATUS_MIE != 0 {
                new |= MSTATUS_MPIE;
            }
            new |= (self.privilege as u64) << MSTATUS_MPP_SHIFT;
            if self.has_h() {
                self.csr.h.mtval2 = guest.gpa_shr2;
                self.csr.h.mtinst = guest.tinst;
                new &= !(MSTATUS_MPV | MSTATUS_GVA);
                if self.virt {
                    new |= MSTATUS_MPV;
                }
                if gva {
                    new |= MSTATUS_GVA;
                }
            }
            self.csr.mstatus = new;
            self.pc = trap_vector(self.csr.mtvec, code, interrupt);
            self.set_mode(Privilege::Machine, false);
        }
    }

    /// A trap delegated to VS-mode (section 8.6.2): the VS CSRs take the
    /// place of the supervisor ones, V stays 1, and a VS-level interrupt
    /// is reported with the code of its supervisor counterpart (VSSI 2
    /// as SSI 1, VSTI 6 as 5, VSEI 10 as 9).
    fn enter_vs_trap(&mut self, code: u64, interrupt: bool, tval: u64, epc: u64) {
        let code = if interrupt { code - 1 } else { code };
        let h = &mut self.csr.h;
        h.vsepc = epc;
        h.vscause = code | if interrupt { 1 << 63 } else { 0 };
        h.vstval = tval;
        let vs = h.vsstatus;
        let mut new = vs & !(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
        if vs & MSTATUS_SIE != 0 {
            new |= MSTATUS_SPIE;
        }
        if self.privilege == Privilege::Supervisor {
            new |= MSTATUS_SPP;
        }
        h.vsstatus = new;
        self.pc = trap_vector(h.vstvec, code, interrupt);
        self.set_mode(Privilege::Supervisor, true);
    }

    /// The interrupt to take now, if any (section 3.1.9, with H 8.6.2):
    /// M-level interrupts are enabled below M, or in M with MIE; those
    /// delegated to HS-mode with V = 1, in U-mode, or in HS-mode with SIE;
    /// those delegated further to VS-mode (hideleg) only with V = 1, in
    /// VU-mode or in VS-mode with vsstatus.SIE. A higher level goes first;
    /// within a level the order is MEI, MSI, MTI, SEI, SSI, STI, VSEI,
    /// VSSI, VSTI.
    pub(super) fn pending_interrupt(&self) -> Option<Interrupt> {
        let pending = self.mip() & self.csr.mie;
        if pending == 0 {
            return None;
        }
        let ms = self.csr.mstatus;
        let mideleg = self.csr.mideleg | self.mideleg_vs();
        let hideleg = self.csr.h.hideleg & IRQ_VS_MASK;
        let m_enabled = self.privilege != Privilege::Machine || ms & MSTATUS_MIE != 0;
        let s_enabled = match self.privilege {
            _ if self.virt => true,
            Privilege::User => true,
            Privilege::Supervisor => ms & MSTATUS_SIE != 0,
            Privilege::Machine => false,
        };
        let vs_enabled = self.virt
            && (self.privilege == Privilege::User || self.csr.h.vsstatus & MSTATUS_SIE != 0);
        let m = if m_enabled { pending & !mideleg } else { 0 };
        let s = if s_enabled {
            pending & mideleg & !hideleg
        } else {
            0
        };
        let vs = if vs_enabled {
            pending & mideleg & hideleg
        } else {
            0
        };
        let pick = if m != 0 {
            m
        } else if s != 0 {
            s
        } else {
            vs
        };
        const ORDER: [(u64, Interrupt); 9] = [
            (IRQ_MEI, Interrupt::MachineExternal),
            (IRQ_MSI, Interrupt::MachineSoftware),
            (IRQ_MTI, Interrupt::MachineTimer),
            (IRQ_SEI, Interrupt::SupervisorExternal),
            (IRQ_SSI, Interrupt::SupervisorSoftware),
            (IRQ_STI, Interrupt::SupervisorTimer),
            (IRQ_VSEI, Interrupt::VirtualSupervisorExternal),
            (IRQ_VSSI, Interrupt::VirtualSupervisorSoftware),
            (IRQ_VSTI, Interrupt::VirtualSupervisorTimer),
        ];
        ORDER
            .iter()
            .find(|(bit, _)| pick & bit != 0)
            .map(|&(_, irq)| irq)
    }
}

/// Whether exception `code` writes a virtual address to xtval (section
/// 8.6.3's table: misaligned, access and page faults, guest-page faults,
/// and breakpoints, whose tval is the pc).
fn tval_is_address(code: u64) -> bool {
    matches!(code, 0..=7 | 12 | 13 | 15 | 20 | 21 | 23) && code != 2
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
