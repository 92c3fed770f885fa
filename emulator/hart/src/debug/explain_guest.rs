//! `--explain-faults` for two-stage faults (H extension, Privileged
//! 20211203 section 8.5): the fault the mmu recorded for a V = 1 access or
//! an HLV/HLVX/HSV, as a [`FaultReport`] (where it happened, the reason in
//! words, the rule) plus what only two stages have: which stage stopped,
//! the guest physical address, whether the G-stage was translating one of
//! the VS-stage's own PTE accesses, and htval/htinst.

use super::explain::{base_report, stopped_at, FaultReport};
use crate::hart::{Hart, Trap};
use crate::isa::Instr;
use crate::symbols::SymbolTable;
use mmu::explain::spec_reference;
use mmu::{
    GStageError, GuestFaultRecord, ImplicitAccess, PermissionRule, Privilege, TwoStageError,
    WalkError,
};

/// The stage whose walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultStage {
    /// The VS-stage (vsatp) of the guest virtual address.
    Vs,
    /// The G-stage (hgatp) of a guest physical address.
    G,
}

impl FaultStage {
    /// `"VS"` or `"G"`.
    pub const fn name(self) -> &'static str {
        match self {
            FaultStage::Vs => "VS",
            FaultStage::G => "G",
        }
    }
}

/// A two-stage fault explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestFaultReport {
    /// The fields every fault has; `va` is the guest virtual address,
    /// `privilege` the VS-level privilege (S for VS-mode, U for VU-mode).
    pub report: FaultReport,
    pub stage: FaultStage,
    /// The guest physical address the G-stage was translating (`None` for
    /// a VS-stage fault).
    pub gpa: Option<u64>,
    /// The G-stage was translating a VS-level PTE access.
    pub implicit: Option<ImplicitAccess>,
    /// What the trap writes to htval (gpa >> 2, or 0) and htinst.
    pub htval: u64,
    pub htinst: u64,
}

/// The rule of the spec a two-stage walk error broke.
fn rule(error: TwoStageError) -> &'static str {
    match error {
        TwoStageError::Vs(e) => spec_reference(e),
        TwoStageError::G {
            error: GStageError::OutOfRange { .. },
            ..
        } => "Privileged 20211203 §8.5.1 (guest physical address wider than the G-stage mode)",
        TwoStageError::G {
            error:
                GStageError::Walk(WalkError::PermissionDenied {
                    rule: PermissionRule::UserNeedsU,
                    ..
                }),
            ..
        } => "Privileged 20211203 §8.5.1 (every G-stage access is a U-mode access)",
        TwoStageError::G {
            error: GStageError::Walk(e),
            ..
        } => spec_reference(e),
    }
}

/// Explains trap `t` at `pc` (instruction `insn`), caused by the two-stage
/// fault `rec` the mmu recorded for it.
pub fn explain_guest_trap(
    hart: &Hart,
    t: Trap,
    pc: u64,
    insn: Option<Instr>,
    rec: &GuestFaultRecord,
    symbols: &SymbolTable,
) -> GuestFaultReport {
    let privilege: Privilege = rec.ctx.vs_privilege();
    let mut report = base_report(hart, t, pc, insn, (rec.access, privilege), symbols);
    report.reason = rec.explain().to_string();
    report.rule = rule(rec.error);
    let fault = rec.error.to_fault(rec.access, rec.gva);
    let (stage, gpa, implicit, walk) = match rec.error {
        TwoStageError::Vs(e) => (FaultStage::Vs, None, None, Some(e)),
        TwoStageError::G {
            gpa,
            error,
            implicit,
        } => {
            let walk = match error {
                GStageError::Walk(e) => Some(e),
                GStageError::OutOfRange { .. } => None,
            };
            (FaultStage::G, Some(gpa.0), implicit, walk)
        }
    };
    report.pte = walk.and_then(stopped_at);
    GuestFaultReport {
        report,
        stage,
        gpa,
        implicit,
        htval: fault.htval,
        htinst: fault.htinst,
    }
}
