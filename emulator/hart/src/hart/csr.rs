//! Control and status registers (Privileged 20211203, chapters 2–4).
//!
//! Access rules (section 2.1): bits 9:8 of the CSR number give the lowest
//! privilege that may access it, bits 11:10 = 0b11 mark it read-only. An
//! unknown CSR, one above the current privilege, a write to a read-only
//! CSR, a counter not enabled by mcounteren/scounteren, and `satp` in
//! S-mode under mstatus.TVM raise illegal instruction (mtval = the
//! instruction bits).

use super::{Hart, Trap};
use crate::isa::extensions::Extension;
use mmu::{AdPolicy, Privilege, Satp};

/// mstatus fields (section 3.1.6, Figure 3.7).
pub const MSTATUS_SIE: u64 = 1 << 1;
pub const MSTATUS_MIE: u64 = 1 << 3;
pub const MSTATUS_SPIE: u64 = 1 << 5;
pub const MSTATUS_UBE: u64 = 1 << 6;
pub const MSTATUS_MPIE: u64 = 1 << 7;
pub const MSTATUS_SPP: u64 = 1 << 8;
pub const MSTATUS_VS: u64 = 3 << 9;
pub const MSTATUS_MPP_SHIFT: u64 = 11;
pub const MSTATUS_MPP: u64 = 3 << MSTATUS_MPP_SHIFT;
pub const MSTATUS_FS: u64 = 3 << 13;
pub const MSTATUS_XS: u64 = 3 << 15;
pub const MSTATUS_MPRV: u64 = 1 << 17;
pub const MSTATUS_SUM: u64 = 1 << 18;
pub const MSTATUS_MXR: u64 = 1 << 19;
pub const MSTATUS_TVM: u64 = 1 << 20;
pub const MSTATUS_TW: u64 = 1 << 21;
pub const MSTATUS_TSR: u64 = 1 << 22;
pub const MSTATUS_UXL: u64 = 3 << 32;
pub const MSTATUS_SXL: u64 = 3 << 34;
pub const MSTATUS_SD: u64 = 1 << 63;

/// menvcfg/senvcfg fields of the cache-block operations (CMO 1.0.1,
/// section 2.5; Privileged 20211203 section 3.1.18 reserves them): CBIE
/// (bits 5:4, 00 illegal, 01 cbo.inval runs as a flush, 11 as an
/// invalidate; 10 is reserved and stored as 00), CBCFE (bit 6, cbo.clean
/// and cbo.flush), CBZE (bit 7, cbo.zero).
pub const ENVCFG_CBIE: u64 = 3 << 4;
pub const ENVCFG_CBCFE: u64 = 1 << 6;
pub const ENVCFG_CBZE: u64 = 1 << 7;

/// UXL = SXL = 2 (XLEN 64), read-only (section 3.1.6.2).
const MSTATUS_XL64: u64 = (2 << 32) | (2 << 34);
/// The mstatus bits M-mode can write. FS is writable (F and D are
/// implemented); XS and VS read as zero (no custom extension state, no V),
/// so writes of them are ignored (WARL), never trapped.
const MSTATUS_WRITABLE: u64 = MSTATUS_SIE
    | MSTATUS_MIE
    | MSTATUS_SPIE
    | MSTATUS_MPIE
    | MSTATUS_SPP
    | MSTATUS_MPP
    | MSTATUS_FS
    | MSTATUS_MPRV
    | MSTATUS_SUM
    | MSTATUS_MXR
    | MSTATUS_TVM
    | MSTATUS_TW
    | MSTATUS_TSR;
/// The sstatus view of mstatus (section 4.1.1).
const SSTATUS_MASK: u64 = MSTATUS_SIE
    | MSTATUS_SPIE
    | MSTATUS_UBE
    | MSTATUS_SPP
    | MSTATUS_VS
    | MSTATUS_FS
    | MSTATUS_XS
    | MSTATUS_SUM
    | MSTATUS_MXR
    | MSTATUS_UXL
    | MSTATUS_SD;

/// menvcfg fields (section 3.1.18): FIOM, and PBMTE (Svpbmt) and ADUE
/// (Svadu), which change how PTEs are read, and STCE (Sstc), which enables
/// stimecmp. Every other field is read-only zero: its extension (Smnpm's
/// PMM, Smcdeleg's CDE, Ssdbltrp's DTE, Zicfilp/Zicfiss) is not
/// implemented.
pub const MENVCFG_FIOM: u64 = 1 << 0;
pub const MENVCFG_ADUE: u64 = 1 << 61;
pub const MENVCFG_PBMTE: u64 = 1 << 62;
pub const MENVCFG_STCE: u64 = 1 << 63;

/// mcounteren/scounteren bit TM: `time` (and with Sstc `stimecmp`) below M.
pub const COUNTEREN_TM: u64 = 1 << 1;

/// mcountinhibit bits (section 3.1.13): CY inhibits mcycle, IR minstret.
/// Bit 1 (time) is read-only zero by definition; the HPM bits 3..31 are
/// read-only zero because the HPM counters are (see [`addr`]).
pub const MCOUNTINHIBIT_CY: u64 = 1 << 0;
pub const MCOUNTINHIBIT_IR: u64 = 1 << 2;

/// The writable menvcfg bits: FIOM; PBMTE when Svpbmt is implemented
/// (`--isa`; else read-only zero, section 3.1.18, so PBMT stays reserved);
/// ADUE only when hardware A/D updating is (`--ad svadu`), else it is
/// read-only zero ("If Svadu is not implemented, ADUE is read-only zero").
pub const fn menvcfg_mask(ad: AdPolicy, svpbmt: bool) -> u64 {
    let pbmte = if svpbmt { MENVCFG_PBMTE } else { 0 };
    match ad {
        AdPolicy::Svadu => MENVCFG_FIOM | pbmte | MENVCFG_ADUE,
        AdPolicy::Svade => MENVCFG_FIOM | pbmte,
    }
}

/// menvcfg at reset: ADUE = 1 when Svadu is implemented, so `--ad svadu`
/// updates A/D from the first instruction as before menvcfg.ADUE existed
/// (and as QEMU 7.2 always does); everything else 0.
pub const fn menvcfg_reset(ad: AdPolicy) -> u64 {
    match ad {
        AdPolicy::Svadu => MENVCFG_ADUE,
        AdPolicy::Svade => 0,
    }
}

/// Interrupt bits of mip/mie (section 3.1.9).
pub const IRQ_SSI: u64 = 1 << 1;
pub const IRQ_MSI: u64 = 1 << 3;
pub const IRQ_STI: u64 = 1 << 5;
pub const IRQ_MTI: u64 = 1 << 7;
pub const IRQ_SEI: u64 = 1 << 9;
pub const IRQ_MEI: u64 = 1 << 11;
/// Interrupts S-mode may own: the ones mideleg can delegate.
pub const IRQ_S_MASK: u64 = IRQ_SSI | IRQ_STI | IRQ_SEI;
const IRQ_ALL: u64 = IRQ_S_MASK | IRQ_MSI | IRQ_MTI | IRQ_MEI;

/// Exceptions medeleg can delegate: all but environment call from M-mode
/// (cause 11, which cannot happen below M) and the reserved 10 and 14.
const MEDELEG_MASK: u64 = 0xb3ff;

/// The misa bit of extension letter `c` (section 3.1.1).
const fn ext(c: u8) -> u64 {
    1 << (c - b'A')
}

/// misa with the default extensions: MXL = 2 (64-bit), A, C, D, F, H, I,
/// M, S, U (section 3.1.1; H, chapter 8).
pub const MISA_VALUE: u64 = (2 << 62)
    | ext(b'A')
    | ext(b'C')
    | ext(b'D')
    | ext(b'F')
    | ext(b'H')
    | ext(b'I')
    | ext(b'M')
    | ext(b'S')
    | ext(b'U');

/// The misa bits of the ISA-string letters: `--isa` decides them.
const MISA_LETTERS: u64 =
    ext(b'A') | ext(b'C') | ext(b'D') | ext(b'F') | ext(b'H') | ext(b'I') | ext(b'M');

/// CSR numbers (Privileged 20211203, Tables 2.2–2.5).
pub mod addr {
    pub const CYCLE: u16 = 0xc00;
    pub const TIME: u16 = 0xc01;
    pub const INSTRET: u16 = 0xc02;
    pub const HPMCOUNTER3: u16 = 0xc03;
    pub const HPMCOUNTER31: u16 = 0xc1f;
    pub const SSTATUS: u16 = 0x100;
    pub const SIE: u16 = 0x104;
    pub const STVEC: u16 = 0x105;
    pub const SCOUNTEREN: u16 = 0x106;
    pub const SENVCFG: u16 = 0x10a;
    pub const SSCRATCH: u16 = 0x140;
    pub const SEPC: u16 = 0x141;
    pub const SCAUSE: u16 = 0x142;
    pub const STVAL: u16 = 0x143;
    pub const SIP: u16 = 0x144;
    pub const SATP: u16 = 0x180;
    /// Sstc: the supervisor timer compare.
    pub const STIMECMP: u16 = 0x14d;
    pub const MVENDORID: u16 = 0xf11;
    pub const MARCHID: u16 = 0xf12;
    pub const MIMPID: u16 = 0xf13;
    pub const MHARTID: u16 = 0xf14;
    pub const MCONFIGPTR: u16 = 0xf15;
    pub const MSTATUS: u16 = 0x300;
    pub const MISA: u16 = 0x301;
    pub const MEDELEG: u16 = 0x302;
    pub const MIDELEG: u16 = 0x303;
    pub const MIE: u16 = 0x304;
    pub const MTVEC: u16 = 0x305;
    pub const MCOUNTEREN: u16 = 0x306;
    pub const MENVCFG: u16 = 0x30a;
    pub const MCOUNTINHIBIT: u16 = 0x320;
    pub const MHPMEVENT3: u16 = 0x323;
    pub const MHPMEVENT31: u16 = 0x33f;
    pub const MSCRATCH: u16 = 0x340;
    pub const MEPC: u16 = 0x341;
    pub const MCAUSE: u16 = 0x342;
    pub const MTVAL: u16 = 0x343;
    pub const MIP: u16 = 0x344;
    pub const PMPCFG0: u16 = 0x3a0;
    pub const PMPCFG15: u16 = 0x3af;
    pub const PMPADDR0: u16 = 0x3b0;
    pub const PMPADDR63: u16 = 0x3ef;
    /// Smepmp (machine security configuration).
    pub const MSECCFG: u16 = 0x747;
    pub const TSELECT: u16 = 0x7a0;
    pub const TDATA1: u16 = 0x7a1;
    pub const TDATA2: u16 = 0x7a2;
    pub const TDATA3: u16 = 0x7a3;
    pub const TINFO: u16 = 0x7a4;
    pub const MCYCLE: u16 = 0xb00;
    pub const MINSTRET: u16 = 0xb02;
    pub const MHPMCOUNTER3: u16 = 0xb03;
    pub const MHPMCOUNTER31: u16 = 0xb1f;
}

/// The CSR file of one hart (the counters live in the hart: they derive
/// from its retired-instruction count; the PMP CSRs in [`mmu::Pmp`]). All
/// zero at reset but menvcfg and stimecmp (see `Hart::new`).
///
/// The hardware performance-monitoring counters mhpmcounter3..31 and their
/// event selectors mhpmevent3..31 are implemented as read-only zero, which
/// section 3.1.10 allows ("A legal implementation ... make both the counter
/// and its corresponding event selector be read-only 0"); writes are
/// ignored. Their user views hpmcounter3..31 read zero where
/// mcounteren/scounteren let them be read (sections 3.1.11, 4.1.4).
///
/// Smstateen is not implemented: mstateen0..3, sstateen0..3 (and the
/// hstateen CSRs) do not exist, so any access raises illegal instruction
/// with the instruction bits in mtval, which is how OpenSBI and Linux
/// probe for it.
#[derive(Debug, Clone, Default)]
pub struct Csrs {
    pub mstatus: u64,
    pub medeleg: u64,
    pub mideleg: u64,
    pub mie: u64,
    /// The software-writable pending bits (SSIP, STIP, SEIP); MTIP and
    /// MSIP come from the CLINT when mip is read.
    pub mip: u64,
    pub mtvec: u64,
    pub mcounteren: u64,
    pub menvcfg: u64,
    pub mscratch: u64,
    pub mepc: u64,
    pub mcause: u64,
    pub mtval: u64,
    pub stvec: u64,
    pub scounteren: u64,
    pub senvcfg: u64,
    pub sscratch: u64,
    pub sepc: u64,
    pub scause: u64,
    pub stval: u64,
    pub satp: u64,
    /// Sstc's stimecmp (resets to all ones: no interrupt pending).
    pub stimecmp: u64,
    /// mcountinhibit: CY and IR only.
    pub mcountinhibit: u64,
    /// The H extension's CSRs (`hyper.rs`).
    pub h: super::hyper::HCsrs,
    /// mcycle = cycles since reset + this offset (set by writes); while
    /// mcountinhibit.CY is set, the frozen mcycle value itself.
    pub mcycle_offset: u64,
    /// minstret = retired + this offset (set by writes); while
    /// mcountinhibit.IR is set, the frozen minstret value itself.
    pub minstret_offset: u64,
}

impl Csrs {
    /// mstatus as software reads it: UXL/SXL fixed at 64-bit; SD set when
    /// FS is Dirty (XS and VS are always Off), section 3.1.6.6.
    #[inline]
    pub fn mstatus_value(&self) -> u64 {
        let sd = if self.mstatus & MSTATUS_FS == MSTATUS_FS {
            MSTATUS_SD
        } else {
            0
        };
        self.mstatus | MSTATUS_XL64 | sd
    }
}

impl Hart {
    /// mip with the CLINT's MTIP and MSIP folded in, and with Sstc
    /// enabled (menvcfg.STCE) STIP from stimecmp.
    pub fn mip(&self) -> u64 {
        let now = self.now();
        // MEIP and SEIP from the PLIC: SEIP reads as the OR of the
        // software-writable bit and the PLIC's S-context line (3.1.9).
        let mut mip = self.csr.mip | self.bus.external_interrupts();
        if self.bus.clint.mtip(now) {
            mip |= IRQ_MTI;
        }
        if self.bus.clint.msip {
            mip |= IRQ_MSI;
        }
        if self.csr.menvcfg & MENVCFG_STCE != 0 {
            mip = (mip & !IRQ_STI) | self.sstc_stip(now);
        }
        if self.has_h() {
            mip |= self.hip_vs(now);
        }
        mip
    }

    /// Sstc (Privileged, "Supervisor Timer Register (stimecmp)"): "A
    /// supervisor timer interrupt becomes pending, as reflected in the STIP
    /// bit in mip and sip, whenever time contains a value greater than or
    /// equal to stimecmp, treating the values as unsigned integers."
    #[inline]
    fn sstc_stip(&self, now: u64) -> u64 {
        if self.bus.clint.mtime(now) >= self.csr.stimecmp {
            IRQ_STI
        } else {
            0
        }
    }

    /// Whether stimecmp may be accessed at the current privilege: it exists
    /// with Sstc; below M it needs menvcfg.STCE and mcounteren.TM (U-mode
    /// never reaches here: stimecmp is an S-level CSR).
    pub(super) fn stimecmp_accessible(&self) -> bool {
        self.config.isa.has(Extension::Sstc)
            && (self.privilege == Privilege::Machine
                || self.csr.menvcfg & MENVCFG_STCE != 0 && self.csr.mcounteren & COUNTEREN_TM != 0)
    }

    /// Whether a counter CSR (cycle, time, instret, hpmcounterN) may be read
    /// at the current privilege (section 3.1.11, 4.1.4).
    fn counter_enabled(&self, index: u16) -> bool {
        let bit = 1u64 << (index & 31);
        match self.privilege {
            Privilege::Machine => true,
            Privilege::Supervisor => self.csr.mcounteren & bit != 0,
            // VU-mode: scounteren's verdict is a virtual-instruction
            // exception (hyper.rs).
            Privilege::User => {
                self.csr.mcounteren & bit != 0 && (self.virt || self.csr.scounteren & bit != 0)
            }
        }
    }

    /// Reads CSR `n` on behalf of the instruction `raw`.
    pub fn csr_read(&mut self, n: u16, raw: u32) -> Result<u64, Trap> {
        use addr::*;
        let n = if self.virt {
            super::hyper::vs_substitute(n)
        } else {
            n
        };
        let illegal = Trap::illegal(raw);
        let tvm = self.privilege == Privilege::Supervisor && self.csr.mstatus & MSTATUS_TVM != 0;
        Ok(match n {
            // Without F (--isa) the FP CSRs do not exist; without Zicntr
            // neither do cycle, time, instret.
            super::fp::addr::FFLAGS..=super::fp::addr::FCSR
                if !self.config.isa.has(Extension::F) =>
            {
                return Err(illegal)
            }
            super::fp::addr::FFLAGS..=super::fp::addr::FCSR => self.fp_csr_read(n, raw)?,
            CYCLE..=INSTRET if !self.config.isa.has(Extension::Zicntr) => return Err(illegal),
            CYCLE..=HPMCOUNTER31 => {
                if !self.counter_enabled(n - CYCLE) {
                    return Err(illegal);
                }
                if self.virt {
                    self.virtual_counter_check(n - CYCLE, raw)?;
                }
                match n {
                    CYCLE => self.mcycle(),
                    // VS/VU-mode see time + htimedelta (section 8.2.7).
                    TIME if self.virt => {
                        self.sync_time();
                        let t = self.bus.clint.mtime(self.now());
                        t.wrapping_add(self.csr.h.htimedelta)
                    }
                    TIME => {
                        self.sync_time();
                        self.bus.clint.mtime(self.now())
                    }
                    INSTRET => self.minstret(),
                    _ => 0,
                }
            }
            _ if self.has_h() && super::hyper::is_h_csr(n) => self.h_csr_read(n, raw)?,
            SSTATUS => self.csr.mstatus_value() & SSTATUS_MASK,
            SIE => self.csr.mie & self.csr.mideleg,
            STVEC => self.csr.stvec,
            SCOUNTEREN => self.csr.scounteren,
            SENVCFG => self.csr.senvcfg,
            SSCRATCH => self.csr.sscratch,
            SEPC => self.csr.sepc,
            SCAUSE => self.csr.scause,
            STVAL => self.csr.stval,
            SIP => {
                self.sync_time();
                self.mip() & self.csr.mideleg
            }
            SATP if tvm => return Err(illegal),
            SATP => self.csr.satp,
            STIMECMP if self.stimecmp_accessible() => self.csr.stimecmp,
            MVENDORID | MARCHID | MIMPID | MHARTID | MCONFIGPTR => 0,
            MSTATUS => self.csr.mstatus_value(),
            MISA => MISA_VALUE & !MISA_LETTERS | self.config.isa.misa_letters(),
            MEDELEG => self.csr.medeleg,
            MIDELEG => self.csr.mideleg | self.mideleg_vs(),
            MIE => self.csr.mie,
            MTVEC => self.csr.mtvec,
            MCOUNTEREN => self.csr.mcounteren,
            MENVCFG => self.csr.menvcfg,
            MCOUNTINHIBIT => self.csr.mcountinhibit,
            MHPMEVENT3..=MHPMEVENT31 => 0,
            MSCRATCH => self.csr.mscratch,
            MEPC => self.csr.mepc,
            MCAUSE => self.csr.mcause,
            MTVAL => self.csr.mtval,
            MIP => {
                self.sync_time();
                self.mip()
            }
            // RV64: only the even pmpcfg registers exist (section 3.7.1).
            PMPCFG0..=PMPCFG15 if n.is_multiple_of(2) => {
                self.pmp.read_pmpcfg(usize::from(n - PMPCFG0))
            }
            PMPADDR0..=PMPADDR63 => self.pmp.read_pmpaddr(usize::from(n - PMPADDR0)),
            MSECCFG if self.pmp.config().smepmp => self.pmp.read_mseccfg(),
            // Debug triggers: tselect exists and selects trigger 0 of zero
            // implemented triggers; tdata1 reads 0 (type 0: none).
            TSELECT | TDATA1 | TDATA2 | TDATA3 => 0,
            // tinfo: bit 0 ("type 0: no trigger") as the Debug spec asks.
            TINFO => 1,
            MCYCLE => self.mcycle(),
            MINSTRET => self.minstret(),
            MHPMCOUNTER3..=MHPMCOUNTER31 => 0,
            _ => return Err(illegal),
        })
    }

    /// Writes CSR `n` (already known to exist, be accessible and writable).
    pub fn csr_write(&mut self, n: u16, v: u64, raw: u32) -> Result<(), Trap> {
        use addr::*;
        let n = if self.virt {
            super::hyper::vs_substitute(n)
        } else {
            n
        };
        if self.has_h() && super::hyper::is_h_csr(n) {
            self.h_csr_write(n, v);
            return Ok(());
        }
        let tvm = self.privilege == Privilege::Supervisor && self.csr.mstatus & MSTATUS_TVM != 0;
        // mip: csrrs/csrrc change the software SEIP bit alone (3.1.9).
        let v = if n == MIP {
            self.mip_software_seip(v, raw)
        } else {
            v
        };
        match n {
            super::fp::addr::FFLAGS..=super::fp::addr::FCSR => self.fp_csr_write(n, v),
            SSTATUS => {
                let mask = SSTATUS_MASK & MSTATUS_WRITABLE;
                self.write_mstatus((self.csr.mstatus & !mask) | (v & mask));
            }
            SIE => {
                let d = self.csr.mideleg;
                self.csr.mie = (self.csr.mie & !d) | (v & d);
                self.request_check();
            }
            STVEC => self.csr.stvec = v & !2,
            SCOUNTEREN => self.csr.scounteren = v & 0xffff_ffff,
            SENVCFG => self.csr.senvcfg = v & 1 | self.cmo_envcfg(v),
            SSCRATCH => self.csr.sscratch = v,
            SEPC => self.csr.sepc = v & !1,
            SCAUSE => self.csr.scause = v,
            STVAL => self.csr.stval = v,
            SIP => {
                // Only SSIP is writable through sip, and only when delegated.
                let m = IRQ_SSI & self.csr.mideleg;
                self.csr.mip = (self.csr.mip & !m) | (v & m);
                self.request_check();
            }
            SATP if tvm => return Err(Trap::illegal(raw)),
            SATP if self.config.satp_modes.accepts_write(v) => {
                // TLB entries do not record LEVELS (see mmu::tlb::Tlb).
                if Satp(v).mode_bits() != Satp(self.csr.satp).mode_bits() {
                    self.mmu.flush_tlb();
                }
                self.csr.satp = v;
                self.mmu.note_satp_write();
                self.update_contexts();
            }
            // WARL: a write with an unsupported MODE leaves satp unchanged
            // (section 4.1.11).
            SATP => {}
            STIMECMP => {
                self.csr.stimecmp = v;
                self.request_check();
            }
            MSTATUS => self.write_mstatus(v),
            MEDELEG => self.csr.medeleg = v & (MEDELEG_MASK | self.medeleg_h()),
            MIDELEG => {
                self.csr.mideleg = v & IRQ_S_MASK;
                self.request_check();
            }
            MIE => {
                self.csr.mie = v & (IRQ_ALL | self.mideleg_vs());
                self.request_check();
            }
            MTVEC => self.csr.mtvec = v & !2,
            MCOUNTEREN => self.csr.mcounteren = v & 0xffff_ffff,
            MENVCFG => {
                let mut mask = menvcfg_mask(self.config.ad, self.config.isa.has(Extension::Svpbmt));
                if self.config.isa.has(Extension::Sstc) {
                    mask |= MENVCFG_STCE;
                }
                let cmo = ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE;
                let new = (self.csr.menvcfg & !(mask | cmo)) | (v & mask) | self.cmo_envcfg(v);
                // PBMTE and ADUE change how PTEs read: the TLB does not
                // record them (see mmu::tlb::Tlb); the page caches go
                // with the context update.
                if (new ^ self.csr.menvcfg) & (MENVCFG_PBMTE | MENVCFG_ADUE) != 0 {
                    self.mmu.flush_tlb();
                }
                self.csr.menvcfg = new;
                self.update_contexts();
                // STCE changes what mip.STIP is.
                self.request_check();
            }
            MSCRATCH => self.csr.mscratch = v,
            MEPC => self.csr.mepc = v & !1,
            MCAUSE => self.csr.mcause = v,
            MTVAL => self.csr.mtval = v,
            MIP => {
                // With Sstc enabled, STIP is read-only (it reflects
                // stimecmp); otherwise M-mode may set it (section 3.1.9).
                let mut m = IRQ_S_MASK;
                if self.csr.menvcfg & MENVCFG_STCE != 0 {
                    m &= !IRQ_STI;
                }
                self.csr.mip = (self.csr.mip & !m) | (v & m);
                // H: mip.VSSIP is hvip.VSSIP (section 8.4.3).
                let vssi = self.mideleg_vs() & super::hyper::IRQ_VSSI;
                self.csr.h.hvip = (self.csr.h.hvip & !vssi) | (v & vssi);
                self.request_check();
            }
            // The WARL and lock rules are the PMP's (mmu::pmp); every write
            // empties the caches of translations and PMP outcomes.
            PMPCFG0..=PMPCFG15 => {
                self.pmp.write_pmpcfg(usize::from(n - PMPCFG0), v);
                self.pmp_changed();
            }
            PMPADDR0..=PMPADDR63 => {
                self.pmp.write_pmpaddr(usize::from(n - PMPADDR0), v);
                self.pmp_changed();
            }
            MSECCFG => {
                self.pmp.write_mseccfg(v);
                self.pmp_changed();
            }
            MCOUNTINHIBIT => self.write_mcountinhibit(v),
            // The writing instruction retires after the write (an
            // inhibited counter does not count it).
            MCYCLE if self.csr.mcountinhibit & MCOUNTINHIBIT_CY != 0 => self.csr.mcycle_offset = v,
            MCYCLE => self.csr.mcycle_offset = v.wrapping_sub(self.cycles().wrapping_add(1)),
            MINSTRET if self.csr.mcountinhibit & MCOUNTINHIBIT_IR != 0 => {
                self.csr.minstret_offset = v
            }
            MINSTRET => self.csr.minstret_offset = v.wrapping_sub(self.retired.wrapping_add(1)),
            // Read-only zero, writes ignored: the HPM counters and events,
            // the triggers.
            _ => {}
        }
        Ok(())
    }

    /// The value an mip write leaves in the software-writable SEIP bit
    /// (Privileged 20211203, section 3.1.9): csrrs/csrrc (and their
    /// immediate forms) read-modify-write the software bit alone, not the
    /// OR with the PLIC's line that a read returns; their operand is
    /// decoded again from `raw` (rs1 still holds it). csrrw and writes
    /// from outside an instruction (`raw` 0, gdb) write it as given.
    fn mip_software_seip(&self, v: u64, raw: u32) -> u64 {
        let rs1 = ((raw >> 15) & 31) as u8;
        let funct3 = (raw >> 12) & 7;
        let operand = if funct3 & 4 != 0 {
            u64::from(rs1)
        } else {
            self.reg(rs1)
        };
        let sw = self.csr.mip & IRQ_SEI;
        let seip = match funct3 & 3 {
            2 => sw | (operand & IRQ_SEI),
            3 => sw & !operand,
            _ => v,
        };
        (v & !IRQ_SEI) | (seip & IRQ_SEI)
    }

    /// Writes mstatus through its WARL rules: MPP never takes the reserved
    /// value 2 (the write keeps the old MPP).
    /// The CMO fields of a menvcfg/senvcfg write: those of the enabled
    /// extensions (WARL: CBIE = 10 becomes 00).
    pub(super) fn cmo_envcfg(&self, v: u64) -> u64 {
        let isa = self.config.isa;
        let mut m = 0;
        if isa.has(Extension::Zicbom) {
            m |= ENVCFG_CBIE | ENVCFG_CBCFE;
        }
        if isa.has(Extension::Zicboz) {
            m |= ENVCFG_CBZE;
        }
        let v = v & m;
        if v & ENVCFG_CBIE == 2 << 4 {
            v & !ENVCFG_CBIE
        } else {
            v
        }
    }

    fn write_mstatus(&mut self, v: u64) {
        let writable = if self.has_h() {
            MSTATUS_WRITABLE | super::hyper::MSTATUS_MPV | super::hyper::MSTATUS_GVA
        } else {
            MSTATUS_WRITABLE
        };
        let mut new = (self.csr.mstatus & !writable) | (v & writable);
        if (v & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT == 2 {
            new = (new & !MSTATUS_MPP) | (self.csr.mstatus & MSTATUS_MPP);
        }
        self.csr.mstatus = new;
        self.update_contexts();
        self.request_check();
    }

    /// Cycles since reset: one per retired instruction plus idle time.
    #[inline]
    fn cycles(&self) -> u64 {
        self.retired.wrapping_add(self.idle)
    }

    /// The mcycle value.
    pub fn mcycle(&self) -> u64 {
        if self.csr.mcountinhibit & MCOUNTINHIBIT_CY != 0 {
            return self.csr.mcycle_offset;
        }
        self.cycles().wrapping_add(self.csr.mcycle_offset)
    }

    /// The minstret value.
    pub fn minstret(&self) -> u64 {
        if self.csr.mcountinhibit & MCOUNTINHIBIT_IR != 0 {
            return self.csr.minstret_offset;
        }
        self.retired.wrapping_add(self.csr.minstret_offset)
    }

    /// mcountinhibit (section 3.1.13): setting CY (IR) freezes mcycle
    /// (minstret) at its current value, kept in the offset field; clearing
    /// it lets the counter run on from that value, starting with the
    /// instructions after this one.
    fn write_mcountinhibit(&mut self, v: u64) {
        let new = v & (MCOUNTINHIBIT_CY | MCOUNTINHIBIT_IR);
        let changed = new ^ self.csr.mcountinhibit;
        if changed & MCOUNTINHIBIT_CY != 0 {
            let value = self.mcycle();
            self.csr.mcycle_offset = if new & MCOUNTINHIBIT_CY != 0 {
                value
            } else {
                value.wrapping_sub(self.cycles().wrapping_add(1))
            };
        }
        if changed & MCOUNTINHIBIT_IR != 0 {
            let value = self.minstret();
            self.csr.minstret_offset = if new & MCOUNTINHIBIT_IR != 0 {
                value
            } else {
                value.wrapping_sub(self.retired.wrapping_add(1))
            };
        }
        self.csr.mcountinhibit = new;
    }
}
