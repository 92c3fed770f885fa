//! Two-stage translation's inputs and outcomes (Privileged 20211203,
//! chapter 8, the hypervisor extension): the virtualization context the
//! hart hands in for an access with V = 1 (or an HLV/HLVX/HSV), the
//! guest physical address type, and the errors that say which stage
//! stopped, and the one function that turns them into exceptions with the
//! values for `stval`/`mtval`, `htval`/`mtval2` and `htinst`/`mtinst`.

use core::fmt;

use crate::access::{AccessType, AdPolicy, Privilege, TranslationContext};
use crate::addr::{Asid, VirtAddr};
use crate::fault::{FaultCause, WalkError};
use crate::hgatp::{Hgatp, Vmid};

/// A guest physical address: the output of the VS-stage and the input of
/// the G-stage (section 8.5). Up to 59 bits wide (Sv57x4).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GuestPhysAddr(pub u64);

impl GuestPhysAddr {
    /// The value for `htval`/`mtval2` on a guest-page fault (section 8.5.2:
    /// "the faulting guest physical address, shifted right by 2 bits").
    #[inline]
    pub const fn htval(self) -> u64 {
        self.0 >> 2
    }
}

/// Everything two-stage translation depends on, computed by the hart for
/// one access type. For an access with V = 1 it comes from the VS-level
/// CSRs; for HLV/HLVX/HSV (section 8.3.2, V = 0) `vs.privilege` is
/// hstatus.SPVP (VU = User, VS = Supervisor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuestContext {
    /// The VS-stage: `satp` is `vsatp`, `privilege` is VS (Supervisor) or
    /// VU (User), `sum` is vsstatus.SUM, `mxr` is vsstatus.MXR ("only
    /// overrides VS-stage page protection"), `ad` from henvcfg.ADUE
    /// (Svadu), `pbmte` henvcfg.PBMTE. `Privilege::Machine` is never
    /// meaningful here and is treated as VS.
    pub vs: TranslationContext,
    /// The G-stage root, mode and VMID.
    pub hgatp: Hgatp,
    /// The HS-level sstatus.MXR (= mstatus.MXR): "Setting MXR at HS-level
    /// ... overrides both VS-stage and G-stage execute-only permissions"
    /// (section 8.5).
    pub hs_mxr: bool,
    /// A/D maintenance of G-stage PTEs: Svadu when implemented and
    /// menvcfg.ADUE = 1, else Svade.
    pub g_ad: AdPolicy,
    /// menvcfg.PBMTE, which governs PBMT in G-stage PTEs.
    pub g_pbmte: bool,
    /// HLVX.HU/HLVX.WU (section 8.3.2): "execute permission takes the
    /// place of read permission during address translation. That is, the
    /// memory being read must be executable in both stages of address
    /// translation, but read permission is not required." Only with
    /// `AccessType::Load`.
    pub hlvx: bool,
}

impl GuestContext {
    /// The VMID of `hgatp`, which tags cached two-stage translations.
    #[inline]
    pub const fn vmid(&self) -> Vmid {
        self.hgatp.vmid()
    }
    /// True when `vsatp.MODE` = Bare: only the G-stage applies.
    #[inline]
    pub const fn vs_is_bare(&self) -> bool {
        !matches!(
            self.vs.satp.mode(),
            Some(crate::SatpMode::Sv39 | crate::SatpMode::Sv48 | crate::SatpMode::Sv57)
        )
    }
    /// The ASID of `vsatp` (meaningful only when it is not Bare).
    #[inline]
    pub const fn asid(&self) -> Asid {
        self.vs.satp.asid()
    }
    /// The effective privilege of the VS-stage check (Machine counts as VS).
    #[inline]
    pub const fn vs_privilege(&self) -> Privilege {
        match self.vs.privilege {
            Privilege::User => Privilege::User,
            _ => Privilege::Supervisor,
        }
    }
}

/// Which translation stage stopped (section 8.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Guest virtual → guest physical, under `vsatp`.
    Vs,
    /// Guest physical → supervisor physical, under `hgatp`.
    G,
}

impl Stage {
    /// "VS-stage" or "G-stage".
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Vs => "VS-stage",
            Stage::G => "G-stage",
        }
    }
}

/// An implicit access of the VS-stage walk to a VS-level page table, which
/// the G-stage translates as a load (the PTE read) or a store (the Svadu
/// A/D update) whatever the original access type (section 8.5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ImplicitAccess {
    /// The VS-stage level whose PTE was being accessed.
    pub vs_level: u8,
    /// The A/D update of step 7 (a write) rather than the read of step 2.
    pub write: bool,
}

impl ImplicitAccess {
    /// The pseudoinstruction for `htinst`/`mtinst` (section 8.6.3, Table
    /// 8.12, VSXLEN = 64): 0x00003000 "64-bit read for VS-stage address
    /// translation", 0x00003020 "64-bit write".
    #[inline]
    pub const fn pseudoinstruction(self) -> u64 {
        if self.write {
            0x0000_3020
        } else {
            0x0000_3000
        }
    }
}

/// Why the G-stage refused a guest physical address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GStageError {
    /// Section 8.5.1: for Sv39x4 "address bits 63:41 must all be zeros, or
    /// else a guest-page-fault exception occurs" (63:50 for Sv48x4, 63:59
    /// for Sv57x4). `gpa_bits` is 41, 50 or 59.
    OutOfRange { gpa_bits: u8 },
    /// A step of the section 4.3.2 walk, run on `hgatp` with the U-mode
    /// rule of section 8.5.1. A `PermissionDenied` with
    /// [`crate::PermissionRule::UserNeedsU`] is the G-stage leaf with U = 0.
    Walk(WalkError),
}

/// Why a two-stage translation stopped: which stage, and the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TwoStageError {
    /// The VS-stage walk of the guest virtual address stopped: a page
    /// fault (12, 13, 15) for the original access, or an access fault when
    /// a VS-level PTE's supervisor physical address failed a PMA/PMP
    /// check. PTE addresses in `error` are guest physical.
    Vs(WalkError),
    /// The G-stage translation of `gpa` stopped: a guest-page fault (20,
    /// 21, 23), or an access fault from a G-stage PTE access. `implicit` is
    /// `Some` when `gpa` is a VS-level PTE's address (an implicit access),
    /// `None` when it is the final guest physical address of the access.
    G {
        gpa: GuestPhysAddr,
        error: GStageError,
        implicit: Option<ImplicitAccess>,
    },
}

/// The exception cause codes two-stage translation adds (section 8.6.1,
/// Table 8.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GuestPageFaultCause {
    InstructionGuestPageFault = 20,
    LoadGuestPageFault = 21,
    StoreGuestPageFault = 23,
}

impl GuestPageFaultCause {
    /// The guest-page fault for the original access type.
    #[inline]
    pub const fn for_access(access: AccessType) -> GuestPageFaultCause {
        match access {
            AccessType::Fetch => GuestPageFaultCause::InstructionGuestPageFault,
            AccessType::Load => GuestPageFaultCause::LoadGuestPageFault,
            AccessType::Store => GuestPageFaultCause::StoreGuestPageFault,
        }
    }
}

/// The exception a two-stage translation raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GuestFaultCause {
    /// An access fault or a (VS-stage) page fault.
    Fault(FaultCause),
    /// A guest-page fault (G-stage).
    GuestPageFault(GuestPageFaultCause),
}

impl GuestFaultCause {
    /// The `mcause`/`scause` exception code.
    #[inline]
    pub const fn code(self) -> u64 {
        match self {
            GuestFaultCause::Fault(c) => c.code(),
            GuestFaultCause::GuestPageFault(c) => c as u64,
        }
    }
}

/// A two-stage translation fault with every trap value it defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GuestFault {
    pub cause: GuestFaultCause,
    /// For `stval`/`mtval`/`vstval`: the faulting guest virtual address.
    pub tval: u64,
    /// For `htval`/`mtval2`: the guest physical address >> 2 on a
    /// guest-page fault, else 0.
    pub htval: u64,
    /// For `htinst`/`mtinst`: the pseudoinstruction of an implicit access
    /// (section 8.6.3: when "the fault is caused by an implicit memory
    /// access for VS-stage address translation" and htval ≠ 0 it "must be
    /// taken from Table 8.12; zero is not allowed"), else 0 (the hart may
    /// write a transformed instruction instead).
    pub htinst: u64,
}

impl TwoStageError {
    /// The one place a two-stage error becomes an exception. A PTE access
    /// error in either stage is an access fault for the original access
    /// type; the VS-stage's other errors are page faults; the G-stage's
    /// are guest-page faults for the original access type ("any exception
    /// is always reported for the original access type", section 8.5.1).
    pub const fn to_fault(self, access: AccessType, gva: VirtAddr) -> GuestFault {
        let (cause, htval, htinst) = match self {
            TwoStageError::Vs(e) => (GuestFaultCause::Fault(e.to_fault(access, gva).cause), 0, 0),
            TwoStageError::G {
                error: GStageError::Walk(e),
                ..
            } if e.is_access_fault() => (
                GuestFaultCause::Fault(FaultCause::access_fault(access)),
                0,
                0,
            ),
            TwoStageError::G { gpa, implicit, .. } => {
                // htval = 0 would be legal too; rvmmu always reports the
                // address, so the pseudoinstruction is then mandatory.
                let htinst = match implicit {
                    Some(i) => i.pseudoinstruction(),
                    None => 0,
                };
                (
                    GuestFaultCause::GuestPageFault(GuestPageFaultCause::for_access(access)),
                    gpa.htval(),
                    htinst,
                )
            }
        };
        GuestFault {
            cause,
            tval: gva.0,
            htval,
            htinst,
        }
    }

    /// The stage that stopped.
    pub const fn stage(self) -> Stage {
        match self {
            TwoStageError::Vs(_) => Stage::Vs,
            TwoStageError::G { .. } => Stage::G,
        }
    }
}

impl fmt::Display for GStageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GStageError::OutOfRange { gpa_bits } => write!(
                f,
                "bits 63:{gpa_bits} of the guest physical address are not all zero"
            ),
            GStageError::Walk(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for TwoStageError {
    /// One line: the stage, the addresses, the step.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TwoStageError::Vs(e) => write!(f, "VS-stage {e}"),
            TwoStageError::G {
                gpa,
                error,
                implicit: None,
            } => write!(f, "G-stage of gpa {:#x}: {error}", gpa.0),
            TwoStageError::G {
                gpa,
                error,
                implicit: Some(i),
            } => write!(
                f,
                "G-stage of the VS-level {} PTE {} at gpa {:#x}: {error}",
                i.vs_level,
                if i.write { "A/D update" } else { "read" },
                gpa.0
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pte::Pte;

    #[test]
    fn g_stage_errors_are_guest_page_faults_with_htval_and_htinst() {
        let gva = VirtAddr(0x1234_5678);
        let gpa = GuestPhysAddr(0x2_0000_1008);
        let pte = Pte(0);
        let invalid = GStageError::Walk(WalkError::InvalidPte { level: 1, pte });
        // (error, access, cause code, htval, htinst)
        let table = [
            (
                TwoStageError::Vs(WalkError::InvalidPte { level: 0, pte }),
                AccessType::Load,
                13,
                0,
                0,
            ),
            (
                TwoStageError::G {
                    gpa,
                    error: invalid,
                    implicit: None,
                },
                AccessType::Fetch,
                20,
                gpa.0 >> 2,
                0,
            ),
            (
                TwoStageError::G {
                    gpa,
                    error: invalid,
                    implicit: Some(ImplicitAccess {
                        vs_level: 2,
                        write: false,
                    }),
                },
                AccessType::Fetch,
                20,
                gpa.0 >> 2,
                0x3000,
            ),
            (
                TwoStageError::G {
                    gpa,
                    error: GStageError::OutOfRange { gpa_bits: 41 },
                    implicit: Some(ImplicitAccess {
                        vs_level: 0,
                        write: true,
                    }),
                },
                AccessType::Store,
                23,
                gpa.0 >> 2,
                0x3020,
            ),
            (
                TwoStageError::G {
                    gpa,
                    error: GStageError::Walk(WalkError::PteAccessFault {
                        level: 2,
                        pte_addr: crate::PhysAddr(8),
                    }),
                    implicit: None,
                },
                AccessType::Load,
                5,
                0,
                0,
            ),
        ];
        for (error, access, code, htval, htinst) in table {
            let f = error.to_fault(access, gva);
            assert_eq!(
                (f.cause.code(), f.htval, f.htinst, f.tval),
                (code, htval, htinst, gva.0),
                "{error}"
            );
        }
    }
}
