//! Memory under the H extension (Privileged 20211203, sections 8.2.2 and
//! 8.5): the translation context of V = 1 accesses (VS-stage through
//! vsatp and vsstatus, G-stage through hgatp), the hypervisor
//! virtual-machine loads and stores HLV/HLVX/HSV, and HFENCE.VVMA/GVMA.
//!
//! A V = 1 access (and an HLV/HLVX/HSV) goes through
//! [`mmu::Mmu::translate_guest`]: both stages, with the mmu's own TLB of
//! combined translations tagged by VMID and ASID, apart from the V = 0
//! TLB, so nothing needs flushing when V changes. With vsatp and hgatp
//! both Bare it is not translated at all (the bare fast path). The hart's
//! page caches hold one context's answers and are dropped on every
//! context change (`data_pages.rs`), V included.

use super::csr::{MENVCFG_ADUE, MENVCFG_PBMTE, MSTATUS_MXR, MSTATUS_SUM, MSTATUS_TVM};
use super::hyper::{HSTATUS_HU, HSTATUS_SPVP};
use super::{Exception, Hart, Trap};
use crate::isa::extensions::Extension;
use crate::isa::{Instr, Op};
use mmu::{AccessType, AdPolicy, PmpCheckedPort, Privilege, Satp, TranslationContext, VirtAddr};
use mmu::{GStageMode, GuestContext, GuestFault as MmuGuestFault, Hgatp, HgatpConfig, SatpMode};

/// What a guest-page fault (causes 20, 21, 23) writes beside cause and
/// tval (section 8.6.3): the guest physical address shifted right by 2
/// for mtval2/htval, and mtinst/htinst.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct GuestFault {
    pub gpa_shr2: u64,
    pub tinst: u64,
    /// The fault is an HLV/HLVX/HSV's: its tval is a guest virtual
    /// address even with V = 0 (hstatus.GVA/mstatus.GVA).
    pub hlsv: bool,
}

/// The translation of V = 1 loads/stores or fetches that the hart caches
/// beside `ctx_data`/`ctx_fetch` (which then hold the VS-stage context):
/// whether the two-stage path is used (vsatp or hgatp not Bare), and its
/// context.
#[derive(Clone, Copy, Debug)]
pub(super) struct TwoStage {
    pub on: bool,
    pub ctx: GuestContext,
}

impl TwoStage {
    /// Not in use (V = 0, or vsatp and hgatp Bare).
    pub const OFF: TwoStage = TwoStage {
        on: false,
        ctx: GuestContext {
            vs: TranslationContext {
                privilege: Privilege::User,
                sum: false,
                mxr: false,
                satp: Satp(0),
                ad: AdPolicy::Svade,
                pbmte: false,
                napot: false,
            },
            hgatp: Hgatp(0),
            hs_mxr: false,
            g_ad: AdPolicy::Svade,
            g_pbmte: false,
            hlvx: false,
        },
    };
}

impl Hart {
    /// The two-stage context of an access at VS/VU `privilege`.
    pub(super) fn two_stage(&self, privilege: Privilege) -> TwoStage {
        let hgatp = Hgatp(self.csr.h.hgatp);
        let menvcfg = self.csr.menvcfg;
        let ctx = GuestContext {
            vs: self.vs_context(privilege),
            hgatp,
            hs_mxr: self.csr.mstatus & MSTATUS_MXR != 0,
            g_ad: if menvcfg & MENVCFG_ADUE != 0 {
                AdPolicy::Svadu
            } else {
                AdPolicy::Svade
            },
            g_pbmte: menvcfg & MENVCFG_PBMTE != 0,
            hlvx: false,
        };
        TwoStage {
            on: !(ctx.vs_is_bare() && hgatp.is_bare()),
            ctx,
        }
    }

    /// The two-stage context of VS-mode (for `monitor pt`).
    pub fn guest_context(&self) -> GuestContext {
        self.two_stage(Privilege::Supervisor).ctx
    }

    /// Whether the VS-stage and G-stage tables are the ones in force or
    /// set up: V = 1, or hgatp not Bare.
    pub fn guest_tables_in_use(&self) -> bool {
        self.has_h() && (self.virt || !Hgatp(self.csr.h.hgatp).is_bare())
    }

    /// Translates `va` through both stages with `ctx` (the slow path of
    /// [`Hart::translate`] with V = 1).
    #[cold]
    #[inline(never)]
    pub(super) fn translate_two_stage(
        &mut self,
        va: u64,
        access: AccessType,
        ctx: &GuestContext,
    ) -> Result<u64, Trap> {
        let mut port = PmpCheckedPort::new(&mut self.bus, &self.pmp);
        let r = self
            .mmu
            .translate_guest(VirtAddr(va), access, ctx, &mut port);
        self.notice_code_writes();
        r.map(|pa| pa.0).map_err(|f| self.guest_trap(f))
    }

    /// The trap of a two-stage fault; a guest-page fault leaves its
    /// htval and htinst for the trap entry.
    fn guest_trap(&mut self, f: MmuGuestFault) -> Trap {
        let cause = match f.cause.code() {
            1 => Exception::InstructionAccessFault,
            5 => Exception::LoadAccessFault,
            7 => Exception::StoreAccessFault,
            12 => Exception::InstructionPageFault,
            13 => Exception::LoadPageFault,
            15 => Exception::StorePageFault,
            20 => Exception::InstructionGuestPageFault,
            21 => Exception::LoadGuestPageFault,
            _ => Exception::StoreGuestPageFault,
        };
        self.guest_fault = GuestFault {
            gpa_shr2: f.htval,
            tinst: f.htinst,
            hlsv: false,
        };
        Trap::new(cause, f.tval)
    }

    /// The context of a VS-stage translation at `privilege` (VS or VU):
    /// vsatp, vsstatus.SUM and MXR (the HS-level MXR is the two-stage
    /// context's `hs_mxr`), henvcfg's ADUE and PBMTE.
    pub(super) fn vs_context(&self, privilege: Privilege) -> TranslationContext {
        let vs = self.csr.h.vsstatus;
        let henvcfg = self.henvcfg();
        TranslationContext {
            privilege,
            sum: vs & MSTATUS_SUM != 0,
            mxr: vs & MSTATUS_MXR != 0,
            satp: Satp(self.csr.h.vsatp),
            ad: if henvcfg & MENVCFG_ADUE != 0 {
                AdPolicy::Svadu
            } else {
                AdPolicy::Svade
            },
            pbmte: henvcfg & MENVCFG_PBMTE != 0,
            napot: self.config.isa.has(Extension::Svnapot),
        }
    }

    /// The G-stage modes: SvNNx4 exactly when satp has SvNN (section
    /// 8.2.10 ties them so), VMIDLEN 14; hgatp's write rule is the mmu's
    /// (an unsupported MODE keeps the old one, other fields are written).
    pub(super) fn hgatp_config(&self) -> HgatpConfig {
        let largest = match self.config.satp_modes.largest() {
            SatpMode::Sv57 => GStageMode::Sv57x4,
            SatpMode::Sv48 => GStageMode::Sv48x4,
            SatpMode::Sv39 => GStageMode::Sv39x4,
            _ => GStageMode::Bare,
        };
        HgatpConfig {
            largest,
            vmid_bits: super::hyper::VMID_BITS,
            ..HgatpConfig::default()
        }
    }

    /// HLV, HLVX, HSV, HFENCE.VVMA, HFENCE.GVMA (section 8.2.2 and 8.3):
    /// virtual instruction in VS/VU-mode; in U-mode HLV/HLVX/HSV need
    /// hstatus.HU and the fences are illegal; HFENCE.GVMA in HS-mode with
    /// mstatus.TVM is illegal.
    pub(super) fn exec_hypervisor(&mut self, i: Instr) -> Result<(), Trap> {
        if self.virt {
            return Err(Trap::virtual_instruction(i.raw));
        }
        let user = self.privilege == Privilege::User;
        match i.op {
            // HINVAL.* (Svinval) decode to these: the same checks and, as
            // this hart orders every access anyway, the same invalidation.
            Op::HfenceVvma | Op::HfenceGvma => {
                let tvm =
                    self.privilege == Privilege::Supervisor && self.csr.mstatus & MSTATUS_TVM != 0;
                if user || (i.op == Op::HfenceGvma && tvm) {
                    return Err(Trap::illegal(i.raw));
                }
                self.hfence(i);
            }
            _ if user && self.csr.h.hstatus & HSTATUS_HU == 0 => {
                return Err(Trap::illegal(i.raw));
            }
            _ => self.exec_hlv_hsv(i)?,
        }
        self.pc = self.pc.wrapping_add(u64::from(i.len));
        Ok(())
    }

    /// HFENCE.VVMA and HFENCE.GVMA (section 8.3.1) with the operands of
    /// `i`: the mmu's two-stage TLB drops what the scope names (VVMA: the
    /// current VMID, guest virtual address rs1, ASID rs2; GVMA: guest
    /// physical address rs1 << 2, VMID rs2); the page caches are dropped
    /// whatever the scope.
    fn hfence(&mut self, i: Instr) {
        let rs1 = (i.rs1 != 0).then(|| self.reg(i.rs1));
        let rs2 = (i.rs2 != 0).then(|| self.reg(i.rs2));
        if i.op == Op::HfenceVvma {
            let vmid = Hgatp(self.csr.h.hgatp).vmid();
            let asid = rs2.map(|a| mmu::Asid(a as u16));
            self.mmu.hfence_vvma(vmid, rs1.map(VirtAddr), asid);
        } else {
            let bits = super::hyper::VMID_BITS;
            let vmid = rs2.map(|v| mmu::Vmid((v & ((1 << bits) - 1)) as u16));
            let gpa = rs1.map(|a| mmu::GuestPhysAddr(a << 2));
            self.mmu.hfence_gvma(gpa, vmid);
        }
        self.drop_page_caches();
    }

    /// SFENCE.VMA/SINVAL.VMA with V = 1 (section 8.5: it "applies to the
    /// current VMID" and the VS-stage): HFENCE.VVMA's scope.
    pub(super) fn sfence_vma_virtual(&mut self, vaddr: Option<VirtAddr>, asid: Option<mmu::Asid>) {
        let vmid = Hgatp(self.csr.h.hgatp).vmid();
        self.mmu.hfence_vvma(vmid, vaddr, asid);
    }

    /// An HLV/HLVX/HSV: the access as VS-mode (hstatus.SPVP = 1) or
    /// VU-mode (SPVP = 0) would make it, through both stages.
    fn exec_hlv_hsv(&mut self, i: Instr) -> Result<(), Trap> {
        let va = self.reg(i.rs1);
        let privilege = if self.csr.h.hstatus & HSTATUS_SPVP != 0 {
            Privilege::Supervisor
        } else {
            Privilege::User
        };
        let saved = (
            self.ctx_data,
            self.data_bare,
            self.data_pmp,
            self.data_two_stage,
        );
        self.ctx_data = self.vs_context(privilege);
        self.data_two_stage = self.two_stage(privilege);
        self.data_pmp = self.pmp.is_enforced(privilege);
        self.data_bare = self.ctx_data.is_bare() && !self.data_two_stage.on && !self.data_pmp;
        self.drop_page_caches();
        let r = self.hlv_hsv_access(i, va);
        self.guest_fault.hlsv = r.is_err();
        (
            self.ctx_data,
            self.data_bare,
            self.data_pmp,
            self.data_two_stage,
        ) = saved;
        self.drop_page_caches();
        let v = r?;
        if !matches!(i.op, Op::HsvB | Op::HsvH | Op::HsvW | Op::HsvD) {
            self.set_reg(i.rd, v);
        }
        Ok(())
    }

    /// The access itself, under the VS context: loads sign- or
    /// zero-extend as LB..LD do.
    fn hlv_hsv_access(&mut self, i: Instr, va: u64) -> Result<u64, Trap> {
        let sext = |v: u64, bits: u32| ((v << (64 - bits)) as i64 >> (64 - bits)) as u64;
        let val = self.reg(i.rs2);
        Ok(match i.op {
            Op::HlvB => sext(self.load(va, 1)?, 8),
            Op::HlvBu => self.load(va, 1)?,
            Op::HlvH => sext(self.load(va, 2)?, 16),
            Op::HlvHu => self.load(va, 2)?,
            Op::HlvW => sext(self.load(va, 4)?, 32),
            Op::HlvWu => self.load(va, 4)?,
            Op::HlvD => self.load(va, 8)?,
            Op::HlvxHu => self.hlvx(va, 2)?,
            Op::HlvxWu => self.hlvx(va, 4)?,
            Op::HsvB => self.store(va, 1, val).map(|_| 0)?,
            Op::HsvH => self.store(va, 2, val).map(|_| 0)?,
            Op::HsvW => self.store(va, 4, val).map(|_| 0)?,
            _ => self.store(va, 8, val).map(|_| 0)?,
        })
    }

    /// HLVX.HU/WU (section 8.3.2): a load that needs execute permission,
    /// not read permission, at both stages; its faults are load faults
    /// ("as though executing", yet "an HLVX instruction raises a load
    /// ... exception"). The PMP is checked as for a load. One that would
    /// cross a page raises a load address-misaligned exception, which the
    /// Unprivileged spec (section 2.6) allows for any misaligned access.
    fn hlvx(&mut self, va: u64, size: u64) -> Result<u64, Trap> {
        if (va & (mmu::PAGE_SIZE - 1)) + size > mmu::PAGE_SIZE {
            return Err(Trap::new(Exception::LoadAddressMisaligned, va));
        }
        let pa = if self.data_two_stage.on {
            let g = GuestContext {
                hlvx: true,
                ..self.data_two_stage.ctx
            };
            self.translate_two_stage(va, AccessType::Load, &g)?
        } else {
            va
        };
        self.pmp_check(va, pa, size, AccessType::Load)?;
        self.bus
            .load(pa, size)
            .map_err(|_| Trap::new(Exception::LoadAccessFault, va))
    }
}
