//! The hypervisor extension's CSRs (Privileged 20211203, chapter 8,
//! sections 8.2 and 8.3): the HS-level hypervisor CSRs, the VS CSRs that
//! stand in for the supervisor CSRs while V = 1, mtval2 and mtinst, and
//! the access rules that raise virtual-instruction exceptions (section
//! 8.6.1).
//!
//! Implementation choices (each allowed by the spec):
//! - GEILEN = 0: no guest external interrupts. hgeip and hgeie are
//!   read-only zero, hstatus.VGEIN is read-only zero, and SGEIP/SGEIE in
//!   hip/hie/mip/mie are read-only zero (section 8.2.4).
//! - VMIDLEN = 14 ([`VMID_BITS`]): hgatp.VMID bits 57:44 are all writable.
//! - hgatp: Sv39x4/48x4/57x4 as satp has Sv39/48/57; a write with a
//!   MODE not implemented keeps the old MODE and writes the other fields
//!   (WARL, section 8.2.10; `mmu::HgatpConfig`).
//! - hstatus.VSXL = 2 (VS-mode is RV64) and vsstatus.UXL = 2, read-only;
//!   hstatus.VSBE = 0 (little-endian), read-only.
//! - mtinst/htinst are written with zero on every trap except a
//!   guest-page fault on an implicit VS-stage page-table access, which
//!   writes the pseudoinstruction 0x3000 (read) or 0x3020 (A/D write)
//!   that section 8.6.3 requires ("zero is not allowed").

use super::csr::{
    addr, COUNTEREN_TM, ENVCFG_CBCFE, ENVCFG_CBIE, ENVCFG_CBZE, MENVCFG_ADUE, MENVCFG_FIOM,
    MENVCFG_PBMTE, MENVCFG_STCE, MSTATUS_FS, MSTATUS_MXR, MSTATUS_SIE, MSTATUS_SPIE, MSTATUS_SPP,
    MSTATUS_SUM, MSTATUS_TVM,
};
use super::{Hart, Trap};
use crate::isa::extensions::Extension;
use mmu::Privilege;

/// CSR numbers of the H extension (Privileged 20211203, Table 2.3 and
/// Table 2.5's mtinst/mtval2).
pub mod haddr {
    pub const VSSTATUS: u16 = 0x200;
    pub const VSIE: u16 = 0x204;
    pub const VSTVEC: u16 = 0x205;
    pub const VSSCRATCH: u16 = 0x240;
    pub const VSEPC: u16 = 0x241;
    pub const VSCAUSE: u16 = 0x242;
    pub const VSTVAL: u16 = 0x243;
    pub const VSIP: u16 = 0x244;
    /// Sstc with H: the VS-level timer compare.
    pub const VSTIMECMP: u16 = 0x24d;
    pub const VSATP: u16 = 0x280;
    pub const HSTATUS: u16 = 0x600;
    pub const HEDELEG: u16 = 0x602;
    pub const HIDELEG: u16 = 0x603;
    pub const HIE: u16 = 0x604;
    pub const HTIMEDELTA: u16 = 0x605;
    pub const HCOUNTEREN: u16 = 0x606;
    pub const HGEIE: u16 = 0x607;
    pub const HENVCFG: u16 = 0x60a;
    pub const HTVAL: u16 = 0x643;
    pub const HIP: u16 = 0x644;
    pub const HVIP: u16 = 0x645;
    pub const HTINST: u16 = 0x64a;
    pub const HGATP: u16 = 0x680;
    pub const HGEIP: u16 = 0xe12;
    pub const MTINST: u16 = 0x34a;
    pub const MTVAL2: u16 = 0x34b;
}
use haddr::*;

/// hstatus fields (section 8.2.1, Figure 8.2).
pub const HSTATUS_GVA: u64 = 1 << 6;
pub const HSTATUS_SPV: u64 = 1 << 7;
pub const HSTATUS_SPVP: u64 = 1 << 8;
pub const HSTATUS_HU: u64 = 1 << 9;
pub const HSTATUS_VTVM: u64 = 1 << 20;
pub const HSTATUS_VTW: u64 = 1 << 21;
pub const HSTATUS_VTSR: u64 = 1 << 22;
/// VSXL = 2 (64-bit VS-mode), read-only.
const HSTATUS_VSXL64: u64 = 2 << 32;
const HSTATUS_WRITABLE: u64 = HSTATUS_GVA
    | HSTATUS_SPV
    | HSTATUS_SPVP
    | HSTATUS_HU
    | HSTATUS_VTVM
    | HSTATUS_VTW
    | HSTATUS_VTSR;

/// mstatus fields the H extension adds (section 8.4.1, Figure 8.8).
pub const MSTATUS_GVA: u64 = 1 << 38;
pub const MSTATUS_MPV: u64 = 1 << 39;

/// The VS-level interrupt bits of mip/mie/hip/hie/hvip (section 8.2.4).
pub const IRQ_VSSI: u64 = 1 << 2;
pub const IRQ_VSTI: u64 = 1 << 6;
pub const IRQ_VSEI: u64 = 1 << 10;
pub const IRQ_VS_MASK: u64 = IRQ_VSSI | IRQ_VSTI | IRQ_VSEI;

/// Exceptions hedeleg can delegate (section 8.2.2): all that medeleg can
/// but the environment calls from HS/VS/M-mode (9, 10, 11) and the
/// guest-page faults and virtual instruction (20..23), which are
/// read-only zero.
const HEDELEG_MASK: u64 = 0xb1ff;

/// The writable bits of vsstatus (section 8.2.11): the sstatus fields
/// of an RV64 VS-mode without the V extension.
const VSSTATUS_WRITABLE: u64 =
    MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | MSTATUS_MXR;
/// vsstatus.UXL = 2, read-only.
const VSSTATUS_UXL64: u64 = 2 << 32;

/// VMIDLEN (hgatp.VMID is bits 57:44).
pub const VMID_BITS: u32 = 14;

/// The H state of a hart. All zero at reset but vstimecmp (all ones).
#[derive(Debug, Clone)]
pub struct HCsrs {
    pub hstatus: u64,
    pub hedeleg: u64,
    pub hideleg: u64,
    /// The software-written VSSIP, VSTIP, VSEIP (hvip, section 8.2.4).
    pub hvip: u64,
    pub hcounteren: u64,
    /// henvcfg as written; fields whose menvcfg partner is 0 read as 0.
    pub henvcfg: u64,
    pub htimedelta: u64,
    pub htval: u64,
    pub htinst: u64,
    pub hgatp: u64,
    pub vsstatus: u64,
    pub vstvec: u64,
    pub vsscratch: u64,
    pub vsepc: u64,
    pub vscause: u64,
    pub vstval: u64,
    pub vsatp: u64,
    pub vstimecmp: u64,
    pub mtval2: u64,
    pub mtinst: u64,
}

impl Default for HCsrs {
    fn default() -> HCsrs {
        HCsrs {
            hstatus: 0,
            hedeleg: 0,
            hideleg: 0,
            hvip: 0,
            hcounteren: 0,
            henvcfg: 0,
            htimedelta: 0,
            htval: 0,
            htinst: 0,
            hgatp: 0,
            vsstatus: 0,
            vstvec: 0,
            vsscratch: 0,
            vsepc: 0,
            vscause: 0,
            vstval: 0,
            vsatp: 0,
            vstimecmp: u64::MAX,
            mtval2: 0,
            mtinst: 0,
        }
    }
}

impl HCsrs {
    /// vsstatus as VS-mode reads it (as sstatus): UXL = 2, SD when FS is
    /// Dirty.
    #[inline]
    pub fn vsstatus_value(&self) -> u64 {
        let sd = if self.vsstatus & MSTATUS_FS == MSTATUS_FS {
            1 << 63
        } else {
            0
        };
        self.vsstatus | VSSTATUS_UXL64 | sd
    }
}

/// The VS CSR that supervisor CSR `n` stands for while V = 1 (section
/// 8.2.11: "When V=1, the VS CSRs substitute for the corresponding
/// supervisor CSRs"); every other number is itself.
#[inline]
pub fn vs_substitute(n: u16) -> u16 {
    match n {
        addr::SSTATUS => VSSTATUS,
        addr::SIE => VSIE,
        addr::STVEC => VSTVEC,
        addr::SSCRATCH => VSSCRATCH,
        addr::SEPC => VSEPC,
        addr::SCAUSE => VSCAUSE,
        addr::STVAL => VSTVAL,
        addr::SIP => VSIP,
        addr::SATP => VSATP,
        addr::STIMECMP => VSTIMECMP,
        _ => n,
    }
}

/// Whether `n` is one of the CSRs this file implements.
#[inline]
pub fn is_h_csr(n: u16) -> bool {
    matches!(
        n,
        VSSTATUS
            | VSIE
            | VSTVEC
            | VSSCRATCH
            | VSEPC
            | VSCAUSE
            | VSTVAL
            | VSIP
            | VSTIMECMP
            | VSATP
            | HSTATUS
            | HEDELEG
            | HIDELEG
            | HIE
            | HTIMEDELTA
            | HCOUNTEREN
            | HGEIE
            | HENVCFG
            | HTVAL
            | HIP
            | HVIP
            | HTINST
            | HGATP
            | HGEIP
            | MTINST
            | MTVAL2
    )
}

/// The H-level interrupt bits as VS-mode sees them in vsip/vsie: VS bit
/// `b` appears at `b - 1` when hideleg delegates it (section 8.2.12).
#[inline]
fn vs_view(bits: u64, hideleg: u64) -> u64 {
    (bits & hideleg & IRQ_VS_MASK) >> 1
}

impl Hart {
    /// mideleg's read-only-one VS bits (section 8.4.2: "bits 10, 6, and
    /// 2 of mideleg ... are each read-only one"), when H is enabled.
    #[inline]
    pub(crate) fn mideleg_vs(&self) -> u64 {
        if self.has_h() {
            IRQ_VS_MASK
        } else {
            0
        }
    }

    /// The medeleg bits H adds (section 8.4.2 and Table 8.6): environment
    /// call from VS-mode (10), the guest-page faults (20, 21, 23) and
    /// virtual instruction (22).
    #[inline]
    pub(crate) fn medeleg_h(&self) -> u64 {
        if self.has_h() {
            1 << 10 | 0xf << 20
        } else {
            0
        }
    }

    /// Whether the H extension is enabled (`--isa`).
    #[inline]
    pub(crate) fn has_h(&self) -> bool {
        self.config.isa.has(Extension::H)
    }

    /// The privilege checks of a CSR access before it is performed
    /// (sections 2.1 and 8.6.1): illegal instruction for a write to a
    /// read-only CSR or too low a privilege, except that with V = 1 an
    /// access HS-mode could make raises virtual instruction instead. The
    /// hypervisor-level CSRs (bits 9:8 = 10) belong to HS-mode.
    pub(super) fn csr_access_check(&self, n: u16, writes: bool, raw: u32) -> Result<(), Trap> {
        let level = (n >> 8) & 3;
        if writes && n >> 10 == 3 {
            return Err(Trap::illegal(raw));
        }
        let h = self.has_h();
        let needed = if level == 2 && h { 1 } else { level };
        let have = u16::from(self.privilege as u8);
        let hs_could = |hart: &Hart| h && hart.hs_csr_exists(n);
        if have < needed {
            if self.virt && hs_could(self) {
                return Err(Trap::virtual_instruction(raw));
            }
            return Err(Trap::illegal(raw));
        }
        if self.virt && level == 2 {
            return Err(if hs_could(self) {
                Trap::virtual_instruction(raw)
            } else {
                Trap::illegal(raw)
            });
        }
        Ok(())
    }

    /// Whether HS-mode has CSR `n` among those whose level is S or H.
    fn hs_csr_exists(&self, n: u16) -> bool {
        use addr::*;
        match n {
            SSTATUS | SIE | STVEC | SCOUNTEREN | SENVCFG | SSCRATCH | SEPC | SCAUSE | STVAL
            | SIP | SATP => true,
            addr::STIMECMP | VSTIMECMP => self.config.isa.has(Extension::Sstc),
            MTINST | MTVAL2 => false,
            _ => is_h_csr(n),
        }
    }

    /// Whether VS/VU-mode may read counter `index` (cycle = 0): after the
    /// mcounteren check (illegal instruction), hcounteren and in VU-mode
    /// scounteren decide, with a virtual-instruction exception (section
    /// 8.6.1).
    pub(super) fn virtual_counter_check(&self, index: u16, raw: u32) -> Result<(), Trap> {
        let bit = 1u64 << (index & 31);
        let ok = self.csr.h.hcounteren & bit != 0
            && (self.privilege != Privilege::User || self.csr.scounteren & bit != 0);
        if ok {
            Ok(())
        } else {
            Err(Trap::virtual_instruction(raw))
        }
    }

    /// henvcfg as read: PBMTE, ADUE and STCE read as zero while their
    /// menvcfg partner is zero (section 8.2.5).
    #[inline]
    pub(crate) fn henvcfg(&self) -> u64 {
        let gated = MENVCFG_PBMTE | MENVCFG_ADUE | MENVCFG_STCE;
        self.csr.h.henvcfg & (!gated | self.csr.menvcfg)
    }

    /// hip's VS bits (section 8.2.4): VSSIP and VSEIP as written to hvip
    /// (no guest external interrupt lines: GEILEN = 0); VSTIP from hvip,
    /// or with Sstc enabled by henvcfg.STCE, also from vstimecmp.
    pub(crate) fn hip_vs(&self, now: u64) -> u64 {
        let mut v = self.csr.h.hvip & IRQ_VS_MASK;
        if self.henvcfg() & MENVCFG_STCE != 0
            && self
                .bus
                .clint
                .mtime(now)
                .wrapping_add(self.csr.h.htimedelta)
                >= self.csr.h.vstimecmp
        {
            v |= IRQ_VSTI;
        }
        v
    }

    /// vstimecmp (Sstc with H): illegal without Sstc or when M-mode
    /// withholds stimecmp; virtual instruction when HS-mode does
    /// (henvcfg.STCE, hcounteren.TM).
    fn vstimecmp_check(&self, raw: u32) -> Result<(), Trap> {
        if !self.stimecmp_accessible() {
            return Err(Trap::illegal(raw));
        }
        if self.virt
            && (self.henvcfg() & MENVCFG_STCE == 0 || self.csr.h.hcounteren & COUNTEREN_TM == 0)
        {
            return Err(Trap::virtual_instruction(raw));
        }
        Ok(())
    }

    /// Reads an H CSR (`is_h_csr`), with the H extension enabled.
    pub(super) fn h_csr_read(&mut self, n: u16, raw: u32) -> Result<u64, Trap> {
        let h = &self.csr.h;
        Ok(match n {
            VSSTATUS => h.vsstatus_value(),
            VSIE => vs_view(self.csr.mie, h.hideleg),
            VSTVEC => h.vstvec,
            VSSCRATCH => h.vsscratch,
            VSEPC => h.vsepc,
            VSCAUSE => h.vscause,
            VSTVAL => h.vstval,
            VSIP => {
                self.sync_time();
                vs_view(self.hip_vs(self.now()), self.csr.h.hideleg)
            }
            VSTIMECMP => {
                self.vstimecmp_check(raw)?;
                self.csr.h.vstimecmp
            }
            VSATP if self.virt && h.hstatus & HSTATUS_VTVM != 0 => {
                return Err(Trap::virtual_instruction(raw))
            }
            VSATP => h.vsatp,
            HSTATUS => h.hstatus | HSTATUS_VSXL64,
            HEDELEG => h.hedeleg,
            HIDELEG => h.hideleg,
            HIE => self.csr.mie & IRQ_VS_MASK,
            HTIMEDELTA => h.htimedelta,
            HCOUNTEREN => h.hcounteren,
            HGEIE | HGEIP => 0,
            HENVCFG => self.henvcfg(),
            HTVAL => h.htval,
            HIP => {
                self.sync_time();
                self.hip_vs(self.now())
            }
            HVIP => h.hvip,
            HTINST => h.htinst,
            HGATP
                if self.privilege == Privilege::Supervisor
                    && self.csr.mstatus & MSTATUS_TVM != 0 =>
            {
                return Err(Trap::illegal(raw))
            }
            HGATP => h.hgatp,
            MTINST => h.mtinst,
            MTVAL2 => h.mtval2,
            _ => return Err(Trap::illegal(raw)),
        })
    }

    /// Writes an H CSR (already read successfully by `h_csr_read`).
    pub(super) fn h_csr_write(&mut self, n: u16, v: u64) {
        let virt_ctx = self.virt;
        let h = &mut self.csr.h;
        match n {
            VSSTATUS => {
                h.vsstatus = v & VSSTATUS_WRITABLE;
                // SUM and MXR of the VS-stage.
                self.update_contexts();
            }
            VSIE => {
                let m = (h.hideleg & IRQ_VS_MASK) >> 1;
                let new = (v & m) << 1;
                self.csr.mie = (self.csr.mie & !(m << 1)) | new;
                self.request_check();
            }
            VSTVEC => h.vstvec = v & !2,
            VSSCRATCH => h.vsscratch = v,
            VSEPC => h.vsepc = v & !1,
            VSCAUSE => h.vscause = v,
            VSTVAL => h.vstval = v,
            VSIP => {
                // Only SSIP (hvip.VSSIP) is writable, when delegated.
                let m = h.hideleg & IRQ_VSSI;
                h.hvip = (h.hvip & !m) | ((v << 1) & m);
                self.request_check();
            }
            VSTIMECMP => {
                h.vstimecmp = v;
                self.request_check();
            }
            VSATP if self.config.satp_modes.accepts_write(v) => {
                h.vsatp = v;
                if virt_ctx || self.csr.mstatus & MSTATUS_MPRV_MPV == MSTATUS_MPRV_MPV {
                    self.vs_translation_changed();
                }
            }
            // WARL: an unsupported MODE leaves vsatp unchanged, as satp.
            VSATP => {}
            HSTATUS => h.hstatus = v & HSTATUS_WRITABLE,
            HEDELEG => h.hedeleg = v & HEDELEG_MASK,
            HIDELEG => {
                h.hideleg = v & IRQ_VS_MASK;
                self.request_check();
            }
            HIE => {
                self.csr.mie = (self.csr.mie & !IRQ_VS_MASK) | (v & IRQ_VS_MASK);
                self.request_check();
            }
            HTIMEDELTA => {
                h.htimedelta = v;
                self.request_check();
            }
            HCOUNTEREN => h.hcounteren = v & 0xffff_ffff,
            HENVCFG => {
                let mut mask = MENVCFG_FIOM | MENVCFG_PBMTE | MENVCFG_ADUE;
                if self.config.isa.has(Extension::Sstc) {
                    mask |= MENVCFG_STCE;
                }
                let cmo = ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE;
                let cmo_bits = self.cmo_envcfg(v);
                let h = &mut self.csr.h;
                h.henvcfg = (v & mask & !cmo) | cmo_bits;
                self.vs_translation_changed();
                self.request_check();
            }
            HTVAL => h.htval = v,
            HIP => {
                h.hvip = (h.hvip & !IRQ_VSSI) | (v & IRQ_VSSI);
                self.request_check();
            }
            HVIP => {
                h.hvip = v & IRQ_VS_MASK;
                self.request_check();
            }
            HTINST => h.htinst = v,
            HGATP => self.write_hgatp(v),
            MTINST => h.mtinst = v,
            MTVAL2 => h.mtval2 = v,
            // hgeie, hgeip: read-only zero (GEILEN = 0).
            _ => {}
        }
    }

    /// hgatp (section 8.2.10) through the mmu's WARL rule
    /// (`Hart::hgatp_config`): PPN bits 1:0 read as zero (16 KiB root).
    fn write_hgatp(&mut self, v: u64) {
        let old = mmu::Hgatp(self.csr.h.hgatp);
        self.csr.h.hgatp = self.hgatp_config().write(old, v).0;
        self.vs_translation_changed();
    }

    /// After a change of what translates V = 1 accesses (vsatp, hgatp,
    /// vsstatus, henvcfg): the contexts are recomputed and the page caches
    /// dropped.
    fn vs_translation_changed(&mut self) {
        self.update_contexts();
    }
}

/// mstatus with MPRV and MPV both set: M-mode loads and stores translate
/// as V = 1.
const MSTATUS_MPRV_MPV: u64 = super::csr::MSTATUS_MPRV | MSTATUS_MPV;
