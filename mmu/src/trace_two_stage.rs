//! The trace of one two-stage translation for `--trace-mmu` (Privileged
//! 20211203, section 8.5): the VS-stage walk as a tree whose every PTE
//! read (and A/D update) has its own G-stage walk underneath, then the
//! G-stage walk of the final guest physical address.

use core::fmt;

use crate::access::AccessType;
use crate::addr::VirtAddr;
use crate::explain::access_noun;
use crate::guest::{GuestContext, TwoStageError};
use crate::trace::{TraceFlags, WalkOutcome, WalkTrace};
use crate::two_stage::GStageWalk;
use crate::PhysAddr;

/// What one two-stage translation did (the tracing path; it allocates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoStageTrace {
    pub gva: VirtAddr,
    pub access: AccessType,
    pub ctx: GuestContext,
    /// The VS-stage walk (its PTE addresses are guest physical); `None`
    /// when `vsatp` is Bare.
    pub vs: Option<WalkTrace>,
    /// Every G-stage walk in the order made: those of VS-level PTE accesses
    /// (`implicit`), then the final one. Empty when `hgatp` is Bare.
    pub g_walks: Vec<GStageWalk>,
    pub result: Result<PhysAddr, TwoStageError>,
}

impl TwoStageTrace {
    /// The G-stage walks of the VS-level PTE at guest physical `gpa`.
    fn implicit_walks(&self, gpa: u64) -> impl Iterator<Item = &GStageWalk> {
        self.g_walks
            .iter()
            .filter(move |w| w.implicit && w.gpa.0 == gpa)
    }
}

/// Writes `walk` indented by `indent`, its first line naming what it
/// translates.
fn write_g_walk(
    f: &mut fmt::Formatter<'_>,
    indent: &str,
    what: &str,
    walk: &GStageWalk,
) -> fmt::Result {
    write!(
        f,
        "{indent}G-stage ({what}, as a {}) gpa {:#x}: ",
        access_noun(walk.access),
        walk.gpa.0
    )?;
    match (&walk.result, &walk.trace) {
        (Ok(pa), None) => return writeln!(f, "hgatp Bare, spa = {:#x}", pa.0),
        (Err(e), None) => return writeln!(f, "{e}"),
        (Ok(pa), Some(_)) => writeln!(f, "spa {:#x}", pa.0)?,
        (Err(e), Some(_)) => writeln!(f, "{e}")?,
    }
    if let Some(t) = &walk.trace {
        // The VPNs: the root's has 11 bits (section 8.5.1).
        let levels = t.satp.levels();
        write!(f, "{indent} ")?;
        for i in (0..levels).rev() {
            let bits = if i + 1 == levels { 0x7ff } else { 0x1ff };
            write!(f, " vpn[{i}]={:#05x}", (walk.gpa.0 >> (12 + 9 * i)) & bits)?;
        }
        writeln!(f, " offset={:#05x}", walk.gpa.0 & 0xfff)?;
        // The single-stage trace without its header and VPN lines.
        let text = t.to_string();
        for line in text.lines().skip(2).map(str::trim_start) {
            // Its fault line names the page fault a one-stage walk would
            // raise; a G-stage walk raises a guest-page fault (or access
            // fault), which the two-stage fault line at the end names.
            match line
                .strip_prefix("fault: ")
                .and_then(|r| r.split_once("): "))
            {
                Some((_, why)) => writeln!(f, "{indent}  stops: {why}")?,
                None => writeln!(f, "{indent}  {line}")?,
            }
        }
    }
    Ok(())
}

impl fmt::Display for TwoStageTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.ctx;
        writeln!(
            f,
            "translate gva {:#018x} ({}, V=1 {}, vsstatus.SUM={} vsstatus.MXR={} sstatus.MXR={}{}) \
             vsatp {:#x} hgatp {:#x} (VMID {})",
            self.gva.0,
            access_noun(self.access),
            if c.vs_privilege() == crate::Privilege::User { "VU" } else { "VS" },
            c.vs.sum as u8,
            c.vs.mxr as u8,
            c.hs_mxr as u8,
            if c.hlvx { ", HLVX" } else { "" },
            c.vs.satp.0,
            c.hgatp.0,
            c.vmid().0
        )?;
        match &self.vs {
            None => writeln!(f, "  VS-stage: vsatp Bare, gpa = gva")?,
            Some(vs) => {
                writeln!(f, "  VS-stage:")?;
                let levels = vs.satp.levels();
                for i in (0..levels).rev() {
                    let Some(read) = vs.level(i) else { continue };
                    match read.pte {
                        Some(pte) => writeln!(
                            f,
                            "    level {i}  pte @ gpa {:#x} = {:#018x}  {}  ppn {:#x}",
                            read.pte_addr.0,
                            pte.0,
                            TraceFlags(pte),
                            pte.ppn().0
                        )?,
                        None => writeln!(
                            f,
                            "    level {i}  pte @ gpa {:#x} = (not readable)",
                            read.pte_addr.0
                        )?,
                    }
                    for w in self.implicit_walks(read.pte_addr.0) {
                        let what = if w.access == AccessType::Store {
                            "A/D update of that PTE"
                        } else {
                            "that PTE"
                        };
                        write_g_walk(f, "      ", what, w)?;
                    }
                }
                match vs.outcome {
                    WalkOutcome::Translated(leaf) => writeln!(
                        f,
                        "    -> gpa {:#x} ({} page)",
                        leaf.physical_address(self.gva).0,
                        leaf.size_name()
                    )?,
                    WalkOutcome::Failed(e) => writeln!(f, "    -> VS-stage stops: {e}")?,
                    WalkOutcome::Bare => {}
                }
            }
        }
        if let Some(last) = self.g_walks.last().filter(|w| !w.implicit) {
            write_g_walk(f, "  ", "final", last)?;
        } else if c.hgatp.is_bare() && self.result.is_ok() {
            writeln!(f, "  G-stage: hgatp Bare, spa = gpa")?;
        }
        match &self.result {
            Ok(pa) => writeln!(f, "  ok: spa {:#x}", pa.0),
            Err(e) => {
                let fault = e.to_fault(self.access, self.gva);
                writeln!(
                    f,
                    "  fault: cause {} ({}), tval {:#x}, htval {:#x}, htinst {:#x}",
                    fault.cause.code(),
                    e,
                    fault.tval,
                    fault.htval,
                    fault.htinst
                )
            }
        }
    }
}
