//! Fault explanations for `--explain-faults`, walk traces and the debugger:
//! every [`WalkError`] (and every [`PermissionRule`] of step 5) in words,
//! with the rule of Privileged 20211203 it hit.
//!
//! Nothing here allocates: the sentences are `&'static str` pieces and
//! numbers, written through `Display`.

use core::fmt;

use crate::access::{AccessType, Privilege};
use crate::fault::{FaultCause, WalkError};
use crate::mmu::FaultRecord;
use crate::perm::PermissionRule;
use crate::pmp::{PmpDenial, PmpRule};
use crate::pte::{Pte, PteFlags};

/// "fetch", "load" or "store" (SC and AMOs are stores).
pub const fn access_noun(access: AccessType) -> &'static str {
    match access {
        AccessType::Fetch => "fetch",
        AccessType::Load => "load",
        AccessType::Store => "store",
    }
}

/// The name of an exception cause (Privileged 20211203, Table 3.6).
pub const fn cause_name(cause: FaultCause) -> &'static str {
    match cause {
        FaultCause::InstructionAccessFault => "instruction access fault",
        FaultCause::LoadAccessFault => "load access fault",
        FaultCause::StoreAccessFault => "store/AMO access fault",
        FaultCause::InstructionPageFault => "instruction page fault",
        FaultCause::LoadPageFault => "load page fault",
        FaultCause::StorePageFault => "store page fault",
    }
}

const fn mode(p: Privilege) -> &'static str {
    match p {
        Privilege::User => "U-mode",
        Privilege::Supervisor => "S-mode",
        Privilege::Machine => "M-mode",
    }
}

/// "from" for fetches and loads, "to" for stores.
const fn preposition(access: AccessType) -> &'static str {
    match access {
        AccessType::Store => "to",
        _ => "from",
    }
}

/// The sections of Privileged 20211203 a walk error comes from: the rule
/// (where the spec states it) and the step of the translation process
/// (section 4.3.2) that enforces it.
pub const fn spec_reference(error: WalkError) -> &'static str {
    match error {
        WalkError::NonCanonical { va_bits: 48 } => "Privileged 20211203 §4.5.1 (Sv48 addresses)",
        WalkError::NonCanonical { va_bits: 57 } => "Privileged 20211203 §4.6.1 (Sv57 addresses)",
        WalkError::NonCanonical { .. } => "Privileged 20211203 §4.4.1 (Sv39 addresses)",
        WalkError::PteAccessFault { .. } => "Privileged 20211203 §4.3.2 step 2",
        WalkError::InvalidPte { .. } => "Privileged 20211203 §4.3.2 step 3",
        WalkError::WriteWithoutRead { .. } => {
            "Privileged 20211203 §4.3.1 (R/W/X encodings), §4.3.2 step 3"
        }
        WalkError::ReservedBits { .. } => "Privileged 20211203 §4.4.1 (bits 60:54), §4.3.2 step 3",
        WalkError::PbmtReserved { .. } => {
            "Privileged 20211203 §7 (Svpbmt), §3.1.18 (menvcfg.PBMTE), §4.3.2 step 3"
        }
        WalkError::NapotReserved { .. } => {
            "Privileged 20211203 §6 (Svnapot, Table 6.1), §4.3.2 step 3"
        }
        WalkError::NonLeafWithAdu { .. } => {
            "Privileged 20211203 §4.3.1 (D/A/U of non-leaf PTEs), §4.3.2 step 3"
        }
        WalkError::NoLeaf { .. } => "Privileged 20211203 §4.3.2 step 4",
        WalkError::PermissionDenied { pte, rule, .. } => match rule {
            PermissionRule::UserNeedsU | PermissionRule::SupervisorFetchFromUserPage => {
                "Privileged 20211203 §4.3.1 (U bit), §4.3.2 step 5"
            }
            PermissionRule::SupervisorUserPageWithoutSum => {
                "Privileged 20211203 §4.1.1.2 (SUM), §4.3.2 step 5"
            }
            PermissionRule::NotReadable if pte.x() => {
                "Privileged 20211203 §4.1.1.2 (MXR), §4.3.2 step 5"
            }
            PermissionRule::NotExecutable
            | PermissionRule::NotReadable
            | PermissionRule::NotWritable => "Privileged 20211203 §4.3.1 (R/W/X), §4.3.2 step 5",
            PermissionRule::HlvxNotExecutable => "Privileged 20211203 §8.3.2 (HLVX), §4.3.2 step 5",
        },
        WalkError::MisalignedSuperpage { .. } => "Privileged 20211203 §4.3.2 step 6",
        WalkError::AccessedClear { .. } | WalkError::DirtyClear { .. } => {
            "Privileged 20211203 §4.3.1 (A/D bits, Svade), §4.3.2 step 7"
        }
        WalkError::PteUpdateAccessFault { .. } => "Privileged 20211203 §4.3.2 step 7",
        WalkError::PtePmpDenied { update: false, .. } => {
            "Privileged 20211203 §3.7.1 (PMP; page-table accesses are S-mode), §4.3.2 step 2"
        }
        WalkError::PtePmpDenied { update: true, .. } => {
            "Privileged 20211203 §3.7.1 (PMP; page-table accesses are S-mode), §4.3.2 step 7"
        }
    }
}

/// The rule of the spec a PMP denial hit.
pub const fn pmp_spec_reference(rule: PmpRule) -> &'static str {
    match rule {
        PmpRule::NoMatch | PmpRule::PartialMatch => {
            "Privileged 20211203 §3.7.1 (PMP priority and matching logic)"
        }
        PmpRule::NotPermitted => "Privileged 20211203 §3.7.1 (PMP locking and privilege mode)",
        PmpRule::MachineWhitelist => "Smepmp 1.0 (mseccfg.MMWP)",
        PmpRule::MachineFetchWithoutRule => "Smepmp 1.0 (mseccfg.MML)",
    }
}

/// What a PMP check was applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PmpTarget {
    /// A load, store or fetch of `size` bytes.
    Data { size: u64 },
    /// The PTE read (or, with `update`, the A/D update) of a walk.
    Pte { level: u8, update: bool },
}

/// A PMP denial in words: `Display` writes the sentence, e.g. "PMP entry 3
/// [NAPOT r--] denies the S-mode read of the level 1 PTE at 0x80003008".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmpExplanation {
    pub denial: PmpDenial,
    /// The access type the PMP checked (a PTE read is a load, an A/D
    /// update a store) and its effective privilege.
    pub access: AccessType,
    pub privilege: Privilege,
    pub addr: crate::addr::PhysAddr,
    pub target: PmpTarget,
}

/// The access phrase of a [`PmpExplanation`]: "S-mode load of 8 bytes at
/// 0x80000000", "S-mode read of the level 1 PTE at 0x80003008".
struct PmpAccess<'a>(&'a PmpExplanation);

impl fmt::Display for PmpAccess<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let who = mode(e.privilege);
        let at = e.addr.0;
        match e.target {
            PmpTarget::Data { size } => write!(
                f,
                "{who} {} of {size} bytes at {at:#x}",
                access_noun(e.access)
            ),
            PmpTarget::Pte { level, update } => write!(
                f,
                "{who} {} of the level {level} PTE at {at:#x}",
                if update { "A/D update" } else { "read" }
            ),
        }
    }
}

impl fmt::Display for PmpExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.denial;
        let access = PmpAccess(self);
        match d.rule {
            PmpRule::NotPermitted => write!(f, "{d} denies the {access}"),
            PmpRule::PartialMatch => write!(f, "the {access} matches {d} only in part"),
            PmpRule::NoMatch => write!(
                f,
                "no PMP entry matches the {access} (S/U accesses need a matching entry)"
            ),
            PmpRule::MachineWhitelist => {
                write!(f, "no PMP entry matches the {access} and mseccfg.MMWP = 1")
            }
            PmpRule::MachineFetchWithoutRule => write!(
                f,
                "no PMP entry matches the {access} and mseccfg.MML = 1 \
                 (M-mode executes only under an M-mode or shared code rule)"
            ),
        }
    }
}

/// A walk error in words, for one access: `Display` writes
/// "SENTENCE — SPEC REFERENCE", e.g. "S-mode load from a U=1 page with
/// SUM=0 — Privileged 20211203 §4.1.1.2 (SUM), §4.3.2 step 5".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub error: WalkError,
    pub access: AccessType,
    /// The effective privilege of the access.
    pub privilege: Privilege,
    /// Also name the PTE (level, value, flags) the walk stopped at.
    pub with_pte: bool,
}

/// Explains `error` for `access` at the effective `privilege`.
pub const fn explain(error: WalkError, access: AccessType, privilege: Privilege) -> Explanation {
    Explanation {
        error,
        access,
        privilege,
        with_pte: false,
    }
}

impl Explanation {
    /// The same explanation, naming the PTE the walk stopped at.
    pub const fn with_pte(mut self) -> Explanation {
        self.with_pte = true;
        self
    }

    /// The rule of the spec the access hit.
    pub const fn spec_reference(&self) -> &'static str {
        spec_reference(self.error)
    }

    /// The sentence alone, without the spec reference.
    pub fn sentence(&self) -> Sentence {
        Sentence(*self)
    }
}

/// The words of an [`Explanation`] (see [`Explanation::sentence`]).
#[derive(Clone, Copy, Debug)]
pub struct Sentence(Explanation);

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Explanation {
            error,
            access,
            privilege,
            ..
        } = self.0;
        let who = mode(privilege);
        let what = access_noun(access);
        let to = preposition(access);
        match error {
            WalkError::NonCanonical { va_bits } => write!(
                f,
                "{who} {what} at a non-canonical address: bits 63:{va_bits} must all equal \
                 bit {}",
                va_bits.saturating_sub(1)
            ),
            WalkError::PteAccessFault { level, pte_addr } => write!(
                f,
                "the level {level} PTE address {:#x} is not main memory (PMA/PMP), \
                 so the {what} raises an access fault",
                pte_addr.0
            ),
            WalkError::InvalidPte { level, .. } => {
                write!(f, "nothing is mapped there: the level {level} PTE has V=0")
            }
            WalkError::WriteWithoutRead { level, .. } => write!(
                f,
                "the level {level} PTE has W=1 with R=0, a reserved encoding"
            ),
            WalkError::ReservedBits { level, .. } => {
                write!(f, "the level {level} PTE sets reserved bits 60:54")
            }
            WalkError::PbmtReserved { level, pte } => match pte.pbmt() {
                3 => write!(
                    f,
                    "the level {level} PTE has PBMT=3, a reserved memory type"
                ),
                _ if !pte.is_leaf() => write!(
                    f,
                    "the level {level} pointer PTE has PBMT≠0, reserved in non-leaf PTEs"
                ),
                _ => write!(
                    f,
                    "the level {level} PTE has PBMT≠0 while menvcfg.PBMTE=0 \
                     (Svpbmt disabled: bits 62:61 are reserved)"
                ),
            },
            WalkError::NapotReserved { level, pte } => {
                if !pte.is_leaf() {
                    write!(
                        f,
                        "the level {level} pointer PTE has N=1, reserved in non-leaf PTEs"
                    )
                } else if level != 0 {
                    write!(
                        f,
                        "the level {level} superpage leaf has N=1: NAPOT is defined only \
                         for level 0"
                    )
                } else {
                    write!(
                        f,
                        "the level 0 leaf has N=1 with ppn[0][3:0]={:#06b}: only 1000 \
                         (64 KiB) is defined",
                        pte.ppn().0 & 0xf
                    )
                }
            }
            WalkError::NonLeafWithAdu { level, .. } => write!(
                f,
                "the level {level} pointer PTE sets D, A or U, \
                 which are reserved in non-leaf PTEs"
            ),
            WalkError::NoLeaf { .. } => write!(
                f,
                "the level 0 PTE is a pointer (R=0, X=0): no leaf at the last level"
            ),
            WalkError::PermissionDenied { pte, rule, .. } => match rule {
                PermissionRule::UserNeedsU => write!(f, "U-mode {what} {to} a page with U=0"),
                PermissionRule::SupervisorUserPageWithoutSum => {
                    write!(f, "{who} {what} {to} a U=1 page with SUM=0")
                }
                PermissionRule::SupervisorFetchFromUserPage => write!(
                    f,
                    "{who} fetch from a U=1 page (never allowed, whatever SUM)"
                ),
                PermissionRule::NotExecutable => write!(f, "{who} fetch from a page with X=0"),
                PermissionRule::NotReadable if pte.x() => {
                    write!(f, "{who} load from an execute-only page with MXR=0")
                }
                PermissionRule::NotReadable => {
                    write!(f, "{who} load from a page with R=0 and X=0")
                }
                PermissionRule::NotWritable => write!(f, "{who} store to a page with W=0"),
                PermissionRule::HlvxNotExecutable => {
                    write!(
                        f,
                        "{who} HLVX from a page with X=0 (HLVX needs execute permission)"
                    )
                }
            },
            WalkError::MisalignedSuperpage { level, .. } => write!(
                f,
                "the level {level} leaf maps a {} superpage whose PPN is not aligned \
                 (ppn[{}:0] ≠ 0)",
                crate::trace::page_size_name(level as u32),
                level.saturating_sub(1)
            ),
            WalkError::AccessedClear { .. } => write!(
                f,
                "{who} {what} {to} a page with A=0: under Svade the supervisor sets A \
                 on the page fault"
            ),
            WalkError::DirtyClear { .. } => write!(
                f,
                "{who} store to a page with D=0: under Svade the supervisor sets D \
                 on the page fault"
            ),
            WalkError::PteUpdateAccessFault { level, pte_addr } => write!(
                f,
                "setting A/D in the level {level} PTE at {:#x} would store outside \
                 main memory",
                pte_addr.0
            ),
            WalkError::PtePmpDenied {
                level,
                pte_addr,
                update,
                denial,
            } => {
                let pmp = PmpExplanation {
                    denial,
                    access: if update {
                        AccessType::Store
                    } else {
                        AccessType::Load
                    },
                    privilege: Privilege::Supervisor,
                    addr: pte_addr,
                    target: PmpTarget::Pte { level, update },
                };
                write!(
                    f,
                    "{pmp} (page-table accesses are S-mode), so the {who} {what} \
                     raises an access fault"
                )
            }
        }
    }
}

/// The PTE an error carries, with its level.
const fn stopped_at(error: WalkError) -> Option<(u8, Pte)> {
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
        | WalkError::DirtyClear { level, pte } => Some((level, pte)),
        WalkError::NoLeaf { pte } => Some((0, pte)),
        WalkError::NonCanonical { .. }
        | WalkError::PteAccessFault { .. }
        | WalkError::PteUpdateAccessFault { .. }
        | WalkError::PtePmpDenied { .. } => None,
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sentence())?;
        if self.with_pte {
            if let Some((level, pte)) = stopped_at(self.error) {
                write!(
                    f,
                    " (level {level} PTE {:#018x} [{}])",
                    pte.0,
                    PteFlags(pte)
                )?;
            }
        }
        write!(f, " — {}", spec_reference(self.error))
    }
}

/// A recorded fault, explained: `Display` writes one line with the
/// exception, the address, the reason in words, the PTE and the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultExplanation(pub FaultRecord);

impl FaultRecord {
    /// This fault in words, for `--explain-faults`.
    pub const fn explain(&self) -> FaultExplanation {
        FaultExplanation(*self)
    }
}

impl fmt::Display for FaultExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0;
        let fault = r.error.to_fault(r.access, r.va);
        write!(
            f,
            "{} (cause {}) at va {:#x}: {}",
            cause_name(fault.cause),
            fault.cause.code(),
            r.va.0,
            explain(r.error, r.access, r.privilege).with_pte()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::{PhysAddr, VirtAddr};
    use AccessType::{Fetch, Load, Store};
    use Privilege::{Machine, Supervisor, User};

    const LEAF: Pte = Pte(0x2008_04db); // r-xu-ad, ppn 0x80201
    const XONLY: Pte = Pte(0x2008_0449); // V, X, A: execute-only

    fn perm(rule: PermissionRule, pte: Pte) -> WalkError {
        WalkError::PermissionDenied {
            level: 0,
            pte,
            rule,
        }
    }

    /// Every walk error and every permission rule, with the sentence and
    /// the rule it must cite.
    #[test]
    fn every_error_and_rule_has_a_sentence_and_a_section() {
        let at = PhysAddr(0x8000_2090);
        let p = Pte(0x1);
        use PermissionRule::*;
        let table: &[(WalkError, AccessType, Privilege, &str, &str)] = &[
            (
                WalkError::NonCanonical { va_bits: 39 },
                Load,
                Supervisor,
                "S-mode load at a non-canonical address",
                "§4.4.1",
            ),
            (
                WalkError::PteAccessFault {
                    level: 1,
                    pte_addr: at,
                },
                Fetch,
                User,
                "PTE address 0x80002090 is not main memory",
                "step 2",
            ),
            (
                WalkError::InvalidPte {
                    level: 2,
                    pte: Pte(0),
                },
                Load,
                User,
                "level 2 PTE has V=0",
                "step 3",
            ),
            (
                WalkError::WriteWithoutRead {
                    level: 1,
                    pte: Pte(5),
                },
                Load,
                User,
                "W=1 with R=0",
                "§4.3.1 (R/W/X encodings), §4.3.2 step 3",
            ),
            (
                WalkError::ReservedBits {
                    level: 0,
                    pte: Pte(1 << 60 | 1),
                },
                Load,
                User,
                "reserved bits 60:54",
                "§4.4.1 (bits 60:54), §4.3.2 step 3",
            ),
            (
                WalkError::NonCanonical { va_bits: 57 },
                Store,
                User,
                "bits 63:57 must all equal bit 56",
                "§4.6.1",
            ),
            (
                WalkError::PbmtReserved {
                    level: 0,
                    pte: Pte(3 << 61 | 0x43),
                },
                Load,
                Supervisor,
                "PBMT=3, a reserved memory type",
                "§7 (Svpbmt)",
            ),
            (
                WalkError::PbmtReserved {
                    level: 1,
                    pte: Pte(1 << 61 | 1),
                },
                Load,
                Supervisor,
                "pointer PTE has PBMT≠0",
                "§7 (Svpbmt)",
            ),
            (
                WalkError::PbmtReserved {
                    level: 0,
                    pte: Pte(1 << 61 | 0x43),
                },
                Load,
                Supervisor,
                "menvcfg.PBMTE=0",
                "§3.1.18 (menvcfg.PBMTE)",
            ),
            (
                WalkError::NapotReserved {
                    level: 0,
                    pte: Pte(1 << 63 | 0x14 << 10 | 0x43),
                },
                Load,
                Supervisor,
                "ppn[0][3:0]=0b0100",
                "§6 (Svnapot, Table 6.1)",
            ),
            (
                WalkError::NapotReserved {
                    level: 1,
                    pte: Pte(1 << 63 | 0x18 << 10 | 0x43),
                },
                Load,
                Supervisor,
                "level 1 superpage leaf has N=1",
                "§6 (Svnapot",
            ),
            (
                WalkError::NapotReserved {
                    level: 2,
                    pte: Pte(1 << 63 | 1),
                },
                Fetch,
                Supervisor,
                "pointer PTE has N=1",
                "§6 (Svnapot",
            ),
            (
                WalkError::NonLeafWithAdu {
                    level: 2,
                    pte: Pte(0x41),
                },
                Load,
                User,
                "pointer PTE sets D, A or U",
                "non-leaf",
            ),
            (
                WalkError::NoLeaf { pte: p },
                Load,
                User,
                "level 0 PTE is a pointer",
                "step 4",
            ),
            (
                perm(UserNeedsU, LEAF),
                Load,
                User,
                "U-mode load from a page with U=0",
                "§4.3.1 (U bit), §4.3.2 step 5",
            ),
            (
                perm(SupervisorUserPageWithoutSum, LEAF),
                Load,
                Supervisor,
                "S-mode load from a U=1 page with SUM=0",
                "§4.1.1.2 (SUM), §4.3.2 step 5",
            ),
            (
                perm(SupervisorUserPageWithoutSum, LEAF),
                Store,
                Supervisor,
                "S-mode store to a U=1 page with SUM=0",
                "(SUM)",
            ),
            (
                perm(SupervisorFetchFromUserPage, LEAF),
                Fetch,
                Supervisor,
                "S-mode fetch from a U=1 page (never allowed",
                "§4.3.1 (U bit)",
            ),
            (
                perm(NotExecutable, LEAF),
                Fetch,
                User,
                "U-mode fetch from a page with X=0",
                "§4.3.1 (R/W/X), §4.3.2 step 5",
            ),
            (
                perm(NotReadable, XONLY),
                Load,
                User,
                "U-mode load from an execute-only page with MXR=0",
                "§4.1.1.2 (MXR), §4.3.2 step 5",
            ),
            (
                perm(NotReadable, Pte(0x51)),
                Load,
                User,
                "U-mode load from a page with R=0 and X=0",
                "§4.3.1 (R/W/X)",
            ),
            (
                perm(NotWritable, LEAF),
                Store,
                User,
                "U-mode store to a page with W=0",
                "§4.3.1 (R/W/X), §4.3.2 step 5",
            ),
            (
                WalkError::MisalignedSuperpage {
                    level: 2,
                    pte: LEAF,
                },
                Load,
                User,
                "1 GiB superpage whose PPN is not aligned (ppn[1:0] ≠ 0)",
                "step 6",
            ),
            (
                WalkError::MisalignedSuperpage {
                    level: 1,
                    pte: LEAF,
                },
                Load,
                User,
                "2 MiB superpage whose PPN is not aligned (ppn[0:0] ≠ 0)",
                "step 6",
            ),
            (
                WalkError::AccessedClear {
                    level: 0,
                    pte: LEAF,
                },
                Fetch,
                User,
                "U-mode fetch from a page with A=0: under Svade",
                "(A/D bits, Svade), §4.3.2 step 7",
            ),
            (
                WalkError::DirtyClear {
                    level: 0,
                    pte: LEAF,
                },
                Store,
                Supervisor,
                "S-mode store to a page with D=0",
                "step 7",
            ),
            (
                WalkError::PteUpdateAccessFault {
                    level: 0,
                    pte_addr: at,
                },
                Store,
                User,
                "setting A/D in the level 0 PTE at 0x80002090",
                "§4.3.2 step 7",
            ),
        ];
        for &(error, access, privilege, words, section) in table {
            let e = explain(error, access, privilege);
            let text = e.to_string();
            assert!(text.contains(words), "{error:?}: {text}");
            assert!(
                e.spec_reference().contains(section),
                "{error:?}: {}",
                e.spec_reference()
            );
            assert!(
                text.ends_with(&format!(" — {}", e.spec_reference())),
                "{text}"
            );
            assert!(e.spec_reference().starts_with("Privileged 20211203 §"));
        }
    }

    #[test]
    fn pmp_denial_of_a_pte_read_names_entry_level_and_address() {
        let error = WalkError::PtePmpDenied {
            level: 1,
            pte_addr: PhysAddr(0x8000_3008),
            update: false,
            denial: PmpDenial {
                entry: Some(3),
                cfg: crate::pmp::cfg::NAPOT | crate::pmp::cfg::X,
                rule: PmpRule::NotPermitted,
            },
        };
        let e = explain(error, Load, User);
        assert_eq!(
            e.to_string(),
            "PMP entry 3 [NAPOT --x] denies the S-mode read of the level 1 PTE at \
             0x80003008 (page-table accesses are S-mode), so the U-mode load raises an \
             access fault — Privileged 20211203 §3.7.1 (PMP; page-table accesses are \
             S-mode), §4.3.2 step 2"
        );
        let update = WalkError::PtePmpDenied {
            update: true,
            denial: PmpDenial {
                entry: None,
                cfg: 0,
                rule: PmpRule::NoMatch,
            },
            level: 0,
            pte_addr: PhysAddr(0x8000_4010),
        };
        let text = explain(update, Store, Supervisor).to_string();
        assert!(
            text.starts_with(
                "no PMP entry matches the S-mode A/D update of the level 0 PTE at 0x80004010"
            ),
            "{text}"
        );
        assert!(text.ends_with("§4.3.2 step 7"), "{text}");
    }

    #[test]
    fn pmp_denial_of_data_names_the_rule() {
        let denial = |entry, rule| PmpDenial {
            entry,
            cfg: crate::pmp::cfg::TOR | crate::pmp::cfg::L | crate::pmp::cfg::R,
            rule,
        };
        let table = [
            (
                denial(Some(2), PmpRule::NotPermitted),
                "PMP entry 2 [TOR L r--] denies the M-mode store of 8 bytes at 0x80000000",
                "locking and privilege mode",
            ),
            (
                denial(Some(0), PmpRule::PartialMatch),
                "the M-mode store of 8 bytes at 0x80000000 matches PMP entry 0 [TOR L r--] \
                 only in part",
                "matching logic",
            ),
            (
                denial(None, PmpRule::MachineWhitelist),
                "no PMP entry matches the M-mode store of 8 bytes at 0x80000000 and \
                 mseccfg.MMWP = 1",
                "MMWP",
            ),
        ];
        for (d, words, rule) in table {
            let e = PmpExplanation {
                denial: d,
                access: Store,
                privilege: Machine,
                addr: PhysAddr(0x8000_0000),
                target: PmpTarget::Data { size: 8 },
            };
            assert_eq!(e.to_string(), words);
            assert!(pmp_spec_reference(d.rule).contains(rule));
        }
    }

    #[test]
    fn fault_record_explanation_names_cause_address_and_pte() {
        let record = FaultRecord {
            va: VirtAddr(0x12345),
            access: Load,
            privilege: Supervisor,
            error: perm(PermissionRule::SupervisorUserPageWithoutSum, LEAF),
        };
        assert_eq!(
            record.explain().to_string(),
            "load page fault (cause 13) at va 0x12345: S-mode load from a U=1 page with \
             SUM=0 (level 0 PTE 0x00000000200804db [r-xu-ad]) — Privileged 20211203 \
             §4.1.1.2 (SUM), §4.3.2 step 5"
        );
        let record = FaultRecord {
            error: WalkError::PteAccessFault {
                level: 2,
                pte_addr: PhysAddr(0x10),
            },
            access: Store,
            ..record
        };
        assert!(record
            .explain()
            .to_string()
            .starts_with("store/AMO access fault (cause 7) at va 0x12345: the level 2 PTE"));
    }
}
