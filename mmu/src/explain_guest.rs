//! Two-stage faults in words for `--explain-faults` (Privileged 20211203,
//! section 8.5): which stage stopped, at which level, the guest virtual
//! and guest physical addresses, whether the G-stage was translating one
//! of the VS-stage's own PTE accesses, and the rule of the spec.

use core::fmt;

use crate::access::{AccessType, Privilege};
use crate::explain::{cause_name, explain};
use crate::fault::WalkError;
use crate::guest::{GStageError, GuestFaultCause, GuestPageFaultCause, TwoStageError};
use crate::perm::PermissionRule;
use crate::pte::PteFlags;
use crate::virt::GuestFaultRecord;

/// The name of a two-stage exception (Privileged 20211203, Table 8.7).
pub const fn guest_cause_name(cause: GuestFaultCause) -> &'static str {
    match cause {
        GuestFaultCause::Fault(c) => cause_name(c),
        GuestFaultCause::GuestPageFault(GuestPageFaultCause::InstructionGuestPageFault) => {
            "instruction guest-page fault"
        }
        GuestFaultCause::GuestPageFault(GuestPageFaultCause::LoadGuestPageFault) => {
            "load guest-page fault"
        }
        GuestFaultCause::GuestPageFault(GuestPageFaultCause::StoreGuestPageFault) => {
            "store/AMO guest-page fault"
        }
    }
}

/// A recorded two-stage fault, explained: `Display` writes one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuestFaultExplanation(pub GuestFaultRecord);

impl GuestFaultRecord {
    /// This fault in words, for `--explain-faults`.
    pub const fn explain(&self) -> GuestFaultExplanation {
        GuestFaultExplanation(*self)
    }
}

impl fmt::Display for GuestFaultExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.0;
        let fault = r.error.to_fault(r.access, r.gva);
        let vu = r.ctx.vs_privilege() == Privilege::User;
        write!(
            f,
            "{} (cause {}) at gva {:#x} in {}{}: ",
            guest_cause_name(fault.cause),
            fault.cause.code(),
            r.gva.0,
            if vu { "VU-mode" } else { "VS-mode" },
            if r.ctx.hlvx { " (HLVX)" } else { "" }
        )?;
        match r.error {
            TwoStageError::Vs(e) => {
                let mode = r.ctx.vs.satp.mode().map_or("?", |m| m.name());
                let note = if vu { "" } else { "; S-mode below is VS-mode" };
                write!(
                    f,
                    "VS-stage ({mode} under vsatp{note}), {}",
                    explain(e, r.access, r.ctx.vs_privilege()).with_pte()
                )
            }
            TwoStageError::G {
                gpa,
                error,
                implicit,
            } => {
                let mode = r.ctx.hgatp.mode().map_or("?", |m| m.name());
                write!(
                    f,
                    "G-stage ({mode}, VMID {}) of gpa {:#x}",
                    r.ctx.vmid().0,
                    gpa.0
                )?;
                // The access the G-stage checked: a VS-level PTE access is
                // a load or store whatever the original access.
                let checked = match implicit {
                    Some(i) => {
                        write!(
                            f,
                            ", the VS-stage's {} of its level {} PTE (an implicit access, htinst {:#x})",
                            if i.write { "A/D update" } else { "read" },
                            i.vs_level,
                            i.pseudoinstruction()
                        )?;
                        if i.write {
                            AccessType::Store
                        } else {
                            AccessType::Load
                        }
                    }
                    None => r.access,
                };
                if fault.htval != 0 {
                    write!(f, ", htval {:#x}", fault.htval)?;
                }
                write!(f, ": ")?;
                match error {
                    GStageError::OutOfRange { gpa_bits } => write!(
                        f,
                        "bits 63:{gpa_bits} of the guest physical address must all be zero \
                         — Privileged 20211203 §8.5.1 ({mode} addresses)"
                    ),
                    GStageError::Walk(WalkError::PermissionDenied {
                        level,
                        pte,
                        rule: PermissionRule::UserNeedsU,
                    }) => write!(
                        f,
                        "the level {level} G-stage leaf [{}] has U=0, and every G-stage access \
                         counts as a U-mode access — Privileged 20211203 §8.5.1",
                        PteFlags(pte)
                    ),
                    GStageError::Walk(e) => write!(
                        f,
                        "{} (G-stage rules: U-mode, only sstatus.MXR) — §8.5.1",
                        explain(e, checked, Privilege::User).with_pte()
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::AdPolicy;
    use crate::addr::{Asid, Ppn, VirtAddr};
    use crate::guest::{GuestContext, GuestPhysAddr, ImplicitAccess};
    use crate::hgatp::{GStageMode, Hgatp, Vmid};
    use crate::pte::Pte;
    use crate::satp::{Satp, SatpMode};
    use crate::TranslationContext;

    fn record(error: TwoStageError, access: AccessType) -> GuestFaultRecord {
        GuestFaultRecord {
            gva: VirtAddr(0x4040_3010),
            access,
            ctx: GuestContext {
                vs: TranslationContext {
                    privilege: Privilege::User,
                    sum: false,
                    mxr: false,
                    satp: Satp::new(SatpMode::Sv39, Asid(1), Ppn(4)),
                    ad: AdPolicy::Svade,
                    pbmte: true,
                    napot: true,
                },
                hgatp: Hgatp::new(GStageMode::Sv39x4, Vmid(3), Ppn(0x80000)),
                hs_mxr: false,
                g_ad: AdPolicy::Svade,
                g_pbmte: true,
                hlvx: false,
            },
            error,
        }
    }

    #[test]
    fn explanations_name_stage_level_addresses_and_rule() {
        let pte = Pte(0x2000_00cf); // V R W X A D, U = 0
        let table = [
            (
                record(
                    TwoStageError::G {
                        gpa: GuestPhysAddr(0x5010),
                        error: GStageError::Walk(WalkError::PermissionDenied {
                            level: 2,
                            pte,
                            rule: PermissionRule::UserNeedsU,
                        }),
                        implicit: Some(ImplicitAccess {
                            vs_level: 1,
                            write: false,
                        }),
                    },
                    AccessType::Fetch,
                ),
                [
                    "instruction guest-page fault (cause 20) at gva 0x40403010 in VU-mode",
                    "G-stage (Sv39x4, VMID 3) of gpa 0x5010",
                    "read of its level 1 PTE",
                    "htinst 0x3000",
                    "htval 0x1404",
                    "level 2 G-stage leaf [rwx--ad] has U=0",
                    "§8.5.1",
                ],
            ),
            (
                record(
                    TwoStageError::G {
                        gpa: GuestPhysAddr(1 << 41),
                        error: GStageError::OutOfRange { gpa_bits: 41 },
                        implicit: None,
                    },
                    AccessType::Store,
                ),
                [
                    "store/AMO guest-page fault (cause 23)",
                    "of gpa 0x20000000000",
                    "htval 0x8000000000",
                    "bits 63:41 of the guest physical address must all be zero",
                    "(Sv39x4 addresses)",
                    "",
                    "",
                ],
            ),
            (
                record(
                    TwoStageError::Vs(WalkError::InvalidPte {
                        level: 0,
                        pte: Pte(0),
                    }),
                    AccessType::Load,
                ),
                [
                    "load page fault (cause 13) at gva 0x40403010 in VU-mode",
                    "VS-stage (Sv39 under vsatp",
                    "the level 0 PTE has V=0",
                    "",
                    "",
                    "",
                    "",
                ],
            ),
        ];
        for (rec, parts) in table {
            let text = rec.explain().to_string();
            for p in parts {
                assert!(text.contains(p), "{p:?} not in {text}");
            }
        }
    }
}
