//! `--explain-faults`: every page fault and access fault the guest takes,
//! in words, with the rule of the spec it hit, where it happened and what
//! the instruction was.
//!
//! Faults from the walker are explained by `mmu::explain` (the walk error
//! the MMU recorded); access faults from the bus (the walk, if any,
//! succeeded but the physical address is not usable) are explained here.
//! Everything is gathered before trap entry changes the hart's state, and
//! without side effects (the physical address of a bus fault comes from
//! `mmu::probe`).

use super::access::{data_access, AccessKind};
use crate::hart::{pmp_explanation, Exception, Hart, PmpFaultRecord, Trap};
use crate::isa::Instr;
use crate::symbols::SymbolTable;
use mmu::explain::{access_noun, spec_reference};
use mmu::{AccessType, FaultRecord, PhysAddr, Privilege, VirtAddr, WalkError};
use std::fmt;

/// Who raised the fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultSource {
    /// The page-table walk (a page fault, or an access fault on a PTE).
    Walk,
    /// The physical access after a successful translation.
    Bus,
    /// The PMP check of the physical access after translation.
    Pmp,
}

/// One explained fault: what `--explain-faults` prints, as text or JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultReport {
    pub cause: Exception,
    /// Instructions retired before the faulting one.
    pub instret: u64,
    pub pc: u64,
    /// The code symbol around `pc` and the offset into it.
    pub symbol: Option<(String, u64)>,
    /// The faulting instruction, `None` for fetch faults (it was not read).
    pub insn: Option<Instr>,
    pub disasm: Option<String>,
    pub access: AccessType,
    /// The effective privilege of the access.
    pub privilege: Privilege,
    /// The virtual address of the access (xtval).
    pub va: u64,
    /// The physical address, when translation succeeded or the walk stopped
    /// at a PTE address.
    pub pa: Option<u64>,
    pub source: FaultSource,
    /// The reason, in words.
    pub reason: String,
    /// The rule of the spec.
    pub rule: &'static str,
    /// The PTE the walk stopped at: level and raw value.
    pub pte: Option<(u8, u64)>,
    /// The PMP entry that denied the access or the PTE access (`None` when
    /// the PMP did not, or no entry matched).
    pub pmp_entry: Option<u8>,
}

/// The access type an exception reports, for the faults explained.
pub fn fault_access(cause: Exception) -> Option<AccessType> {
    match cause {
        Exception::InstructionAccessFault | Exception::InstructionPageFault => {
            Some(AccessType::Fetch)
        }
        Exception::LoadAccessFault | Exception::LoadPageFault => Some(AccessType::Load),
        Exception::StoreAccessFault | Exception::StorePageFault => Some(AccessType::Store),
        _ => None,
    }
}

/// Whether the cause is a page fault (12, 13, 15).
pub fn is_page_fault(cause: Exception) -> bool {
    matches!(
        cause,
        Exception::InstructionPageFault | Exception::LoadPageFault | Exception::StorePageFault
    )
}

/// The name of a fault cause (Privileged 20211203, Table 3.6).
pub fn cause_name(cause: Exception) -> &'static str {
    match cause {
        Exception::InstructionAccessFault => "instruction access fault",
        Exception::LoadAccessFault => "load access fault",
        Exception::StoreAccessFault => "store/AMO access fault",
        Exception::InstructionPageFault => "instruction page fault",
        Exception::LoadPageFault => "load page fault",
        Exception::StorePageFault => "store/AMO page fault",
        Exception::InstructionGuestPageFault => "instruction guest-page fault",
        Exception::LoadGuestPageFault => "load guest-page fault",
        Exception::StoreGuestPageFault => "store/AMO guest-page fault",
        _ => "exception",
    }
}

/// The PTE a walk error carries, with its level.
pub(super) fn stopped_at(error: WalkError) -> Option<(u8, u64)> {
    match error {
        WalkError::InvalidPte { level, pte }
        | WalkError::WriteWithoutRead { level, pte }
        | WalkError::ReservedBits { level, pte }
        | WalkError::PbmtReserved { level, pte }
        | WalkError::NapotReserved { level, pte }
        | WalkError::NonLeafWithAdu { level, pte }
        | WalkError::PermissionDenied { level, pte, .. }
        | WalkError::MisalignedSuperpage { level, pte }
        | WalkError::AccessedClear { level, pte }
        | WalkError::DirtyClear { level, pte } => Some((level, pte.0)),
        WalkError::NoLeaf { pte } => Some((0, pte.0)),
        WalkError::NonCanonical { .. }
        | WalkError::PteAccessFault { .. }
        | WalkError::PteUpdateAccessFault { .. }
        | WalkError::PtePmpDenied { .. } => None,
    }
}

/// Where the walker stopped, when that is a physical address.
fn pte_address(error: WalkError) -> Option<u64> {
    match error {
        WalkError::PteAccessFault { pte_addr, .. }
        | WalkError::PteUpdateAccessFault { pte_addr, .. }
        | WalkError::PtePmpDenied { pte_addr, .. } => Some(pte_addr.0),
        _ => None,
    }
}

/// Explains trap `t`, raised by instruction `insn` (`None` when the fetch
/// failed) at `pc`, before trap entry. `walk_fault` is the fault the MMU
/// recorded during this instruction, `pmp_fault` the PMP denial the hart
/// recorded, if any. `None` for traps other than page and access faults.
pub fn explain_trap(
    hart: &mut Hart,
    t: Trap,
    pc: u64,
    insn: Option<Instr>,
    (walk_fault, pmp_fault): (Option<FaultRecord>, Option<PmpFaultRecord>),
    symbols: &SymbolTable,
) -> Option<FaultReport> {
    let access = fault_access(t.cause)?;
    let privilege = hart.context(access).privilege;
    let base = base_report(hart, t, pc, insn, (access, privilege), symbols);
    // A walker fault is the one recorded for this very address and access.
    if let Some(rec) = walk_fault.filter(|r| r.va.0 == t.tval && r.access == access) {
        let e = mmu::explain(rec.error, rec.access, rec.privilege);
        return Some(FaultReport {
            privilege: rec.privilege,
            reason: e.sentence().to_string(),
            rule: spec_reference(rec.error),
            pte: stopped_at(rec.error),
            pa: pte_address(rec.error),
            pmp_entry: match rec.error {
                WalkError::PtePmpDenied { denial, .. } => denial.entry,
                _ => None,
            },
            ..base
        });
    }
    // A PMP denial of the physical access, recorded for this address.
    if let Some(rec) = pmp_fault.filter(|r| r.va == t.tval && r.access == access) {
        return Some(FaultReport {
            privilege: rec.privilege,
            source: FaultSource::Pmp,
            pa: Some(rec.pa),
            reason: pmp_explanation(&rec).to_string(),
            rule: mmu::explain::pmp_spec_reference(rec.denial.rule),
            pmp_entry: rec.denial.entry,
            ..base
        });
    }
    Some(explain_bus_fault(hart, base))
}

/// The report of trap `t` at `pc` before its source is known: where it
/// happened (symbol, instruction), the access and its privilege; source
/// `walk`, no reason yet.
pub(super) fn base_report(
    hart: &Hart,
    t: Trap,
    pc: u64,
    insn: Option<Instr>,
    (access, privilege): (AccessType, Privilege),
    symbols: &SymbolTable,
) -> FaultReport {
    FaultReport {
        cause: t.cause,
        instret: hart.retired,
        pc,
        symbol: symbols.describe(pc).map(|(n, off)| (n.to_string(), off)),
        insn,
        disasm: insn.map(|i| crate::isa::disasm::disasm_at(&i, pc)),
        access,
        privilege,
        va: t.tval,
        pa: None,
        source: FaultSource::Walk,
        reason: String::new(),
        rule: "",
        pte: None,
        pmp_entry: None,
    }
}

/// An access fault after translation: the physical address is not RAM or
/// a device that takes the access.
fn explain_bus_fault(hart: &mut Hart, mut r: FaultReport) -> FaultReport {
    r.source = FaultSource::Bus;
    let ctx = *hart.context(r.access);
    let (result, _) = mmu::probe(VirtAddr(r.va), r.access, &ctx, &mut hart.bus);
    r.pa = result.ok().map(|PhysAddr(pa)| pa);
    let what = access_noun(r.access);
    let data = r.insn.and_then(|i| data_access(i.op));
    let size = data.map_or(2, |d| d.size);
    let at =
        r.pa.map_or_else(|| format!("va {:#x}", r.va), |pa| format!("{pa:#x}"));
    let in_ram =
        r.pa.is_some_and(|pa| hart.bus.ram.offset(pa, size).is_some());
    let (reason, rule) = match data {
        Some(d) if d.kind.is_atomic() && r.va & (d.size - 1) != 0 => (
            format!("{}-byte LR/SC/AMO at a misaligned address", d.size),
            "Unprivileged 20191213 §8.2, §8.4 (misaligned atomics raise an access fault here)",
        ),
        Some(d) if d.kind.is_atomic() && !in_ram => (
            format!("LR/SC/AMO at physical address {at}, which is not main memory"),
            "Privileged 20211203 §3.6.3.1 (AMO PMAs: atomics need main memory here)",
        ),
        Some(d) if d.kind == AccessKind::BlockZero => (
            format!(
                "cbo.zero of the {}-byte block holding {at}, which is not main memory",
                d.size
            ),
            "CMO 1.0.1 §2.5.3 (cache-block operations need main memory here; tval is rs1)",
        ),
        Some(d) if !in_ram && r.va & (d.size - 1) != 0 => (
            format!(
                "misaligned {}-byte {what} at physical address {at}, outside main memory \
                 (device registers take naturally aligned accesses only)",
                d.size
            ),
            "Privileged 20211203 §3.6.3.4 (misaligned access PMAs)",
        ),
        _ if r.access == AccessType::Fetch => (
            format!("fetch from physical address {at}, which is not main memory"),
            "Privileged 20211203 §3.6.1 (main memory vs I/O regions: instructions execute from RAM only)",
        ),
        _ => (
            format!(
                "{size}-byte {what} at physical address {at}, which is not memory or a device \
                 that accepts it"
            ),
            "Privileged 20211203 §3.6 (physical memory attributes)",
        ),
    };
    r.reason = reason;
    r.rule = rule;
    r
}

impl fmt::Display for FaultReport {
    /// One line: cause, pc with symbol, instruction, access, reason, PTE,
    /// rule.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (cause {}) at pc {:#x}",
            cause_name(self.cause),
            self.cause.code(),
            self.pc
        )?;
        match &self.symbol {
            Some((name, 0)) => write!(f, " <{name}>")?,
            Some((name, off)) => write!(f, " <{name}+{off:#x}>")?,
            None => {}
        }
        if let Some(d) = &self.disasm {
            write!(f, " `{d}`")?;
        }
        write!(
            f,
            ": {}-mode {} at va {:#x}",
            self.privilege.letter(),
            access_noun(self.access),
            self.va
        )?;
        if let Some(pa) = self.pa {
            let what = if self.source == FaultSource::Walk {
                "pte at pa"
            } else {
                "pa"
            };
            write!(f, " ({what} {pa:#x})")?;
        }
        write!(f, ": {}", self.reason)?;
        if let Some((level, pte)) = self.pte {
            write!(
                f,
                " (level {level} PTE {pte:#018x} [{}])",
                mmu::PteFlags(mmu::Pte(pte))
            )?;
        }
        write!(f, " — {}", self.rule)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::bus::{Bus, RAM_BASE};
    use crate::hart::HartConfig;
    use crate::isa::decode;

    fn hart() -> Hart {
        Hart::new(Bus::new(1 << 16), RAM_BASE, HartConfig::default())
    }

    #[test]
    fn only_page_and_access_faults_are_explained() {
        let mut h = hart();
        let syms = SymbolTable::default();
        let t = Trap::new(Exception::IllegalInstruction, 0);
        assert!(explain_trap(&mut h, t, RAM_BASE, None, (None, None), &syms).is_none());
        let t = Trap::new(Exception::LoadAccessFault, 0x10);
        assert!(explain_trap(
            &mut h,
            t,
            RAM_BASE,
            Some(decode(0x0000_3503)),
            (None, None),
            &syms
        )
        .is_some());
    }

    #[test]
    fn bus_faults_name_the_physical_address_and_the_reason() {
        let mut h = hart();
        let syms = SymbolTable::default();
        // (trap, instruction, words the reason must contain)
        let table: [(Trap, Option<u32>, &str); 5] = [
            (
                Trap::new(Exception::StoreAccessFault, 0x13),
                Some(0x0045_200f), // cbo.zero (a0)
                "cbo.zero of the 64-byte block holding 0x13, which is not main memory",
            ),
            (
                Trap::new(Exception::LoadAccessFault, 0x10),
                Some(0x0000_3503), // ld a0, 0(zero)
                "8-byte load at physical address 0x10, which is not memory or a device",
            ),
            (
                Trap::new(Exception::StoreAccessFault, RAM_BASE + 4),
                Some(0x18b5_352f), // sc.d a0, a1, (a0)
                "8-byte LR/SC/AMO at a misaligned address",
            ),
            (
                Trap::new(Exception::StoreAccessFault, 0x2000),
                Some(0x00b5_352f), // amoadd.d
                "LR/SC/AMO at physical address 0x2000, which is not main memory",
            ),
            (
                Trap::new(Exception::InstructionAccessFault, 0x1000),
                None,
                "fetch from physical address 0x1000, which is not main memory",
            ),
        ];
        for (t, bits, want) in table {
            let r =
                explain_trap(&mut h, t, RAM_BASE, bits.map(decode), (None, None), &syms).unwrap();
            assert_eq!(r.source, FaultSource::Bus);
            assert!(r.reason.contains(want), "{r}");
            let specs = ["Privileged", "Unprivileged", "CMO"];
            assert!(specs.iter().any(|p| r.rule.starts_with(p)), "{}", r.rule);
        }
    }

    #[test]
    fn walker_faults_use_the_recorded_walk_error() {
        let mut h = hart();
        let syms = SymbolTable::default();
        let rec = FaultRecord {
            va: VirtAddr(0x4000),
            access: AccessType::Store,
            privilege: Privilege::Supervisor,
            error: WalkError::PermissionDenied {
                level: 0,
                pte: mmu::Pte(0x2008_04cb),
                rule: mmu::PermissionRule::NotWritable,
            },
        };
        let t = Trap::new(Exception::StorePageFault, 0x4000);
        let r = explain_trap(
            &mut h,
            t,
            RAM_BASE,
            Some(decode(0x00b5_2423)),
            (Some(rec), None),
            &syms,
        )
        .unwrap();
        assert_eq!(r.source, FaultSource::Walk);
        assert_eq!(r.reason, "S-mode store to a page with W=0");
        assert_eq!(r.pte, Some((0, 0x2008_04cb)));
        assert!(r.rule.contains("step 5"), "{}", r.rule);
        let line = r.to_string();
        assert!(line.starts_with("store/AMO page fault (cause 15) at pc 0x80000000 `sw a1, 8(a0)`: S-mode store at va 0x4000: "), "{line}");
        // A record for another address is not this fault's.
        let t = Trap::new(Exception::StorePageFault, 0x5000);
        let r = explain_trap(&mut h, t, RAM_BASE, None, (Some(rec), None), &syms).unwrap();
        assert_eq!(r.source, FaultSource::Bus);
    }

    #[test]
    fn a_pmp_denial_names_the_entry_and_the_rule() {
        // S-mode, bare; entry 2 makes the first page execute-only.
        let mut h = hart();
        h.pmp.write_pmpaddr(2, (RAM_BASE >> 2) | 0x1ff);
        h.pmp
            .write_pmpcfg(0, u64::from(mmu::pmp::cfg::NAPOT | mmu::pmp::cfg::X) << 16);
        h.privilege = Privilege::Supervisor;
        h.pmp_changed();
        let t = h.load(RAM_BASE + 8, 8).unwrap_err();
        let faults = (h.mmu.take_last_fault(), h.take_last_pmp_fault());
        let syms = SymbolTable::default();
        let insn = Some(decode(0x0085_3503)); // ld a0, 8(a0)
        let r = explain_trap(&mut h, t, RAM_BASE, insn, faults, &syms).unwrap();
        assert_eq!(
            (r.source, r.pa, r.pmp_entry),
            (FaultSource::Pmp, Some(RAM_BASE + 8), Some(2))
        );
        assert_eq!(
            r.reason,
            "PMP entry 2 [NAPOT --x] denies the S-mode load of 8 bytes at 0x80000008"
        );
        assert!(r.rule.contains("§3.7.1"), "{}", r.rule);
        let json = super::super::json::fault_line(&r);
        assert!(json.contains(r#""source":"pmp""#), "{json}");
        assert!(json.ends_with(r#""pmp_entry":2}"#), "{json}");
    }
}
