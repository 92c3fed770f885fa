//! Walk traces: what one translation read at each level of the Sv39, Sv48
//! or Sv57 walk (Privileged 20211203, section 4.3.2 steps 1–8, parameters
//! of sections 4.4–4.6) and how it ended, for `--trace-mmu`, `monitor
//! translate` and fault explanations.
//!
//! A [`WalkTrace`] is `Copy` and holds a fixed array of five levels (the
//! most, Sv57): no allocation. It is filled by the walk itself through the
//! [`WalkObserver`] hooks, so it always shows what the walk really did.

use core::fmt;

use crate::access::{AccessType, AdPolicy, Privilege, TranslationContext};
use crate::addr::{PhysAddr, VirtAddr};
use crate::explain::{access_noun, cause_name};
use crate::fault::WalkError;
use crate::pte::{Pte, PteFlags};
use crate::satp::{Satp, MAX_LEVELS};
use crate::walk::{Leaf, WalkObserver};

/// Slots of [`WalkTrace::levels`].
const LEVELS: usize = MAX_LEVELS as usize;

/// One level of a walk: step 2's PTE address and what was there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelRead {
    /// a + va.vpn\[i\] × PTESIZE.
    pub pte_addr: PhysAddr,
    /// The PTE, `None` when `pte_addr` is not main memory.
    pub pte: Option<Pte>,
}

/// What happened to the A/D bits at step 7 under Svadu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdUpdateOutcome {
    /// The walk wrote the PTE.
    Written,
    /// A side-effect-free probe: the walk would have written the PTE.
    WouldWrite,
    /// The PTE changed between the read and the update; the walk returned
    /// to step 2.
    Changed,
    /// The PTE is not writable main memory: access fault.
    NotMemory,
}

/// The A/D update of step 7 (Svadu), if the walk attempted one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdUpdate {
    pub level: u8,
    pub pte_addr: PhysAddr,
    pub old: Pte,
    pub new: Pte,
    pub outcome: AdUpdateOutcome,
}

/// How a traced translation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkOutcome {
    /// No walk: M-mode or `satp.MODE` = Bare, so pa = va (section 4.1.11).
    Bare,
    /// Step 8: the leaf found (after any A/D update, real or simulated).
    Translated(Leaf),
    /// The walk stopped with this error.
    Failed(WalkError),
}

/// The record of one translation: the hart state it ran under, every PTE
/// it read (indexed by level: `levels[LEVELS - 1]` is the root), the A/D update and
/// the outcome. `Display` renders it as one readable block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalkTrace {
    pub va: VirtAddr,
    pub access: AccessType,
    pub privilege: Privilege,
    pub sum: bool,
    pub mxr: bool,
    pub satp: Satp,
    pub ad: AdPolicy,
    /// Indexed by level *i*; `None` for levels the walk did not reach.
    pub levels: [Option<LevelRead>; LEVELS],
    /// The last A/D update attempted (Svadu only).
    pub ad_update: Option<AdUpdate>,
    pub outcome: WalkOutcome,
    /// Set by [`crate::probe()`]: A/D updates were simulated, not written.
    pub probe: bool,
}

impl WalkTrace {
    /// An empty trace for `va` under `ctx`, to be filled by a walk.
    pub fn new(va: VirtAddr, access: AccessType, ctx: &TranslationContext) -> WalkTrace {
        WalkTrace {
            va,
            access,
            privilege: ctx.privilege,
            sum: ctx.sum,
            mxr: ctx.mxr,
            satp: ctx.satp,
            ad: ctx.ad,
            levels: [None; LEVELS],
            ad_update: None,
            outcome: WalkOutcome::Bare,
            probe: false,
        }
    }

    /// Records how the walk ended.
    pub fn finish(&mut self, result: Result<Leaf, WalkError>) {
        self.outcome = match result {
            Ok(leaf) => WalkOutcome::Translated(leaf),
            Err(e) => WalkOutcome::Failed(e),
        };
    }

    /// The translated physical address, or why there is none.
    pub fn result(&self) -> Result<PhysAddr, WalkError> {
        match self.outcome {
            WalkOutcome::Bare => Ok(PhysAddr(self.va.0)),
            WalkOutcome::Translated(leaf) => Ok(leaf.physical_address(self.va)),
            WalkOutcome::Failed(e) => Err(e),
        }
    }

    /// The read at `level`, if the walk reached it.
    pub fn level(&self, level: u32) -> Option<LevelRead> {
        self.levels.get(level as usize).copied().flatten()
    }

    /// The lowest level read: where the walk stopped.
    fn last_level(&self) -> Option<u32> {
        (0..MAX_LEVELS).find(|&i| self.level(i).is_some())
    }
}

impl WalkObserver for WalkTrace {
    fn pte_read(&mut self, level: u8, pte_addr: PhysAddr, raw: Option<u64>) {
        if let Some(slot) = self.levels.get_mut(usize::from(level)) {
            *slot = Some(LevelRead {
                pte_addr,
                pte: raw.map(Pte),
            });
        }
    }

    fn ad_update(
        &mut self,
        level: u8,
        pte_addr: PhysAddr,
        old: u64,
        new: u64,
        outcome: Option<bool>,
    ) {
        let outcome = match outcome {
            Some(true) if self.probe => AdUpdateOutcome::WouldWrite,
            Some(true) => AdUpdateOutcome::Written,
            Some(false) => AdUpdateOutcome::Changed,
            None => AdUpdateOutcome::NotMemory,
        };
        self.ad_update = Some(AdUpdate {
            level,
            pte_addr,
            old: Pte(old),
            new: Pte(new),
            outcome,
        });
    }
}

/// "4 KiB", "2 MiB", "1 GiB", "512 GiB" or "256 TiB" for a leaf at
/// `level` (a NAPOT leaf: [`Leaf::size_name`]).
pub const fn page_size_name(level: u32) -> &'static str {
    match level {
        0 => "4 KiB",
        1 => "2 MiB",
        2 => "1 GiB",
        3 => "512 GiB",
        _ => "256 TiB",
    }
}

const fn privilege_name(p: Privilege) -> &'static str {
    match p {
        Privilege::User => "U-mode",
        Privilege::Supervisor => "S-mode",
        Privilege::Machine => "M-mode",
    }
}

/// The `D A G U X W R V` bits, decoded for one trace line: `V` then the
/// `rwxugad` flags, then ` N` and ` PBMT=NC|IO|3` when set.
pub(crate) struct TraceFlags(pub(crate) Pte);

impl fmt::Display for TraceFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = if self.0.is_valid() { 'V' } else { '-' };
        write!(f, "{v} {}", PteFlags(self.0))?;
        if self.0.n() {
            write!(f, " N")?;
        }
        match self.0.pbmt() {
            0 => Ok(()),
            3 => write!(f, " PBMT=3"),
            _ => write!(f, " PBMT={}", self.0.memory_type().name()),
        }
    }
}

impl fmt::Display for WalkTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "translate va {:#018x} ({}, {}, SUM={} MXR={}) satp: ",
            self.va.0,
            access_noun(self.access),
            privilege_name(self.privilege),
            self.sum as u8,
            self.mxr as u8
        )?;
        match self.satp.mode() {
            Some(mode) if mode.levels() > 0 => writeln!(
                f,
                "{} asid {} root {:#x}",
                mode.name(),
                self.satp.asid().0,
                self.satp.ppn().base().0
            )?,
            Some(_) => writeln!(f, "Bare")?,
            None => writeln!(f, "mode {} (unsupported)", self.satp.mode_bits())?,
        }
        if let WalkOutcome::Bare = self.outcome {
            return writeln!(
                f,
                "  no translation (M-mode or satp.MODE=Bare): pa = {:#x}",
                self.va.0
            );
        }
        write!(f, " ")?;
        for i in (0..self.satp.levels()).rev() {
            write!(f, " vpn[{i}]={:#05x}", self.va.vpn(i))?;
        }
        writeln!(f, " offset={:#05x}", self.va.page_offset())?;
        let last = self.last_level();
        for i in (0..MAX_LEVELS).rev() {
            let Some(read) = self.level(i) else { continue };
            write!(f, "  level {i}  pte @ {:#010x} = ", read.pte_addr.0)?;
            let Some(pte) = read.pte else {
                let why = match self.outcome {
                    WalkOutcome::Failed(WalkError::PtePmpDenied { update: false, .. }) => {
                        "(denied by PMP)"
                    }
                    _ => "(not main memory)",
                };
                writeln!(f, "{why}")?;
                continue;
            };
            write!(
                f,
                "{:#018x}  {}  ppn {:#x}",
                pte.0,
                TraceFlags(pte),
                pte.ppn().0
            )?;
            let stopped_here = last == Some(i);
            let verdict = match self.outcome {
                WalkOutcome::Translated(leaf) if leaf.level == i => leaf.size_name(),
                WalkOutcome::Failed(e) if stopped_here => match e.step() {
                    5..=7 if pte.is_leaf() => page_size_name(i),
                    _ => "",
                },
                _ => "",
            };
            if !verdict.is_empty() {
                writeln!(f, "  -> leaf {verdict}")?;
            } else if stopped_here {
                writeln!(f, "  -> stop")?;
            } else {
                writeln!(f, "  -> next level")?;
            }
        }
        if let Some(u) = self.ad_update {
            let what = match u.outcome {
                AdUpdateOutcome::Written => "set",
                AdUpdateOutcome::WouldWrite => "would set (probe: memory not written)",
                AdUpdateOutcome::Changed => "not set: PTE changed meanwhile, back to step 2",
                AdUpdateOutcome::NotMemory => "not set: PTE is not writable main memory",
            };
            writeln!(
                f,
                "  A/D: level {} pte @ {:#010x} {:#018x} -> {:#018x}: {what}",
                u.level, u.pte_addr.0, u.old.0, u.new.0
            )?;
        }
        match self.outcome {
            WalkOutcome::Bare => Ok(()),
            WalkOutcome::Translated(leaf) => {
                write!(
                    f,
                    "  ok: pa {:#x} ({} page{}, {}global",
                    leaf.physical_address(self.va).0,
                    leaf.size_name(),
                    if leaf.pte.n() { " NAPOT" } else { "" },
                    if leaf.global { "" } else { "not " }
                )?;
                match leaf.pte.memory_type() {
                    crate::pte::MemoryType::Pma => writeln!(f, ")"),
                    t => writeln!(f, ", memory type {})", t.name()),
                }
            }
            WalkOutcome::Failed(e) => {
                let fault = e.to_fault(self.access, self.va);
                writeln!(
                    f,
                    "  fault: {} (cause {}): {}",
                    cause_name(fault.cause),
                    fault.cause.code(),
                    crate::explain::explain(e, self.access, self.privilege)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mmu::Mmu;
    use crate::port::PtePort;
    use crate::test_memory::*;
    use crate::walk::walk_observed;
    use crate::MmuStats;

    fn traced<P: PtePort>(
        m: &mut P,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
    ) -> WalkTrace {
        let mut t = WalkTrace::new(va, access, ctx);
        let r = walk_observed(va, access, ctx, m, &mut MmuStats::default(), &mut t);
        t.finish(r);
        t
    }

    /// root[0] -> page 1, page1[0] -> page 2, page2[0x12] = `leaf_pte`.
    fn user_page(leaf_pte: u64) -> TestMemory {
        let mut m = TestMemory::new(3);
        m.set_pte(0, 0, pointer(1));
        m.set_pte(1, 0, pointer(2));
        m.set_pte(2, 0x12, leaf_pte);
        m
    }

    fn user_ctx() -> TranslationContext {
        let mut c = ctx(AdPolicy::Svade);
        c.privilege = Privilege::User;
        c
    }

    #[test]
    fn trace_of_store_to_read_only_page_golden() {
        let flags = Pte::R | Pte::X | Pte::U | Pte::A | Pte::D;
        let mut m = user_page(leaf(0x80201, flags));
        let t = traced(&mut m, VirtAddr(0x12345), AccessType::Store, &user_ctx());
        let want = "\
translate va 0x0000000000012345 (store, U-mode, SUM=0 MXR=0) satp: Sv39 asid 1 root 0x80000000
  vpn[2]=0x000 vpn[1]=0x000 vpn[0]=0x012 offset=0x345
  level 2  pte @ 0x80000000 = 0x0000000020000401  V -------  ppn 0x80001  -> next level
  level 1  pte @ 0x80001000 = 0x0000000020000801  V -------  ppn 0x80002  -> next level
  level 0  pte @ 0x80002090 = 0x00000000200804db  V r-xu-ad  ppn 0x80201  -> leaf 4 KiB
  fault: store page fault (cause 15): U-mode store to a page with W=0 \
— Privileged 20211203 §4.3.1 (R/W/X), §4.3.2 step 5
";
        assert_eq!(t.to_string(), want);
        assert!(matches!(
            t.outcome,
            WalkOutcome::Failed(WalkError::PermissionDenied { level: 0, .. })
        ));
    }

    #[test]
    fn trace_of_gigapage_success_golden() {
        let mut m = TestMemory::new(1);
        m.set_pte(
            0,
            2,
            leaf(0xc0000, Pte::R | Pte::W | Pte::A | Pte::D | Pte::G),
        );
        let v = va(2, 1, 3, 0x10);
        let t = traced(&mut m, v, AccessType::Load, &ctx(AdPolicy::Svade));
        let want = "\
translate va 0x0000000080203010 (load, S-mode, SUM=0 MXR=0) satp: Sv39 asid 1 root 0x80000000
  vpn[2]=0x002 vpn[1]=0x001 vpn[0]=0x003 offset=0x010
  level 2  pte @ 0x80000010 = 0x00000000300000e7  V rw--gad  ppn 0xc0000  -> leaf 1 GiB
  ok: pa 0xc0203010 (1 GiB page, global)
";
        assert_eq!(t.to_string(), want);
        assert_eq!(t.result(), Ok(PhysAddr(0xc020_3010)));
    }

    #[test]
    fn trace_of_invalid_pointer_stops_at_that_level() {
        let mut m = TestMemory::new(2);
        m.set_pte(0, 0, pointer(1));
        let t = traced(
            &mut m,
            VirtAddr(0x1000),
            AccessType::Fetch,
            &ctx(AdPolicy::Svade),
        );
        let text = t.to_string();
        assert!(
            text.contains(
                "level 1  pte @ 0x80001000 = 0x0000000000000000  - -------  ppn 0x0  -> stop\n"
            ),
            "{text}"
        );
        assert!(!text.contains("level 0"), "{text}");
        assert!(
            text.contains("fault: instruction page fault (cause 12)"),
            "{text}"
        );
    }

    #[test]
    fn trace_of_pte_outside_memory_and_non_canonical() {
        let mut m = TestMemory::new(1);
        m.set_pte(0, 0, Pte::V); // a pointer to PPN 0: not RAM
        let t = traced(
            &mut m,
            VirtAddr(0x1000),
            AccessType::Load,
            &ctx(AdPolicy::Svade),
        );
        let text = t.to_string();
        assert!(
            text.contains("level 1  pte @ 0x00000000 = (not main memory)"),
            "{text}"
        );
        assert!(text.contains("load access fault (cause 5)"), "{text}");
        let t = traced(
            &mut m,
            VirtAddr(1 << 40),
            AccessType::Load,
            &ctx(AdPolicy::Svade),
        );
        assert_eq!(t.levels, [None; LEVELS]);
        assert!(t.to_string().contains("load page fault (cause 13)"));
    }

    #[test]
    fn trace_shows_svadu_update() {
        let mut m = user_page(leaf(0x80201, Pte::R | Pte::W | Pte::U));
        let mut c = user_ctx();
        c.ad = AdPolicy::Svadu;
        let t = traced(&mut m, VirtAddr(0x12000), AccessType::Store, &c);
        let u = t.ad_update.unwrap();
        assert_eq!(u.outcome, AdUpdateOutcome::Written);
        assert_eq!(u.new.0, u.old.0 | Pte::A | Pte::D);
        assert!(
            t.to_string().contains(
                "  A/D: level 0 pte @ 0x80002090 0x0000000020080417 -> 0x00000000200804d7: set\n"
            ),
            "{t}"
        );
    }

    #[test]
    fn sv57_trace_names_five_vpns_napot_and_memory_type() {
        // Sv57: root[0] -> 1 -> 2 -> 3 -> 4; page4[0x13] a NAPOT leaf, NC.
        let mut m = TestMemory::new(5);
        for k in 0..4 {
            m.set_pte(k, 0, pointer(k + 1));
        }
        let napot = leaf(0x80128, Pte::R | Pte::A) | Pte::N | 1 << 61;
        m.set_pte(4, 0x13, napot);
        let mut c = ctx(AdPolicy::Svade);
        c.satp = Satp::new(crate::SatpMode::Sv57, crate::Asid(3), crate::Ppn(BASE_PPN));
        let t = traced(&mut m, VirtAddr(0x13abc), AccessType::Load, &c);
        assert_eq!(t.result(), Ok(PhysAddr(0x8012_3abc)));
        let text = t.to_string();
        for want in [
            "satp: Sv57 asid 3 root 0x80000000\n",
            "  vpn[4]=0x000 vpn[3]=0x000 vpn[2]=0x000 vpn[1]=0x000 vpn[0]=0x013 offset=0xabc\n",
            "  level 4  pte @ 0x80000000 = ",
            "V r----a- N PBMT=NC  ppn 0x80128  -> leaf 64 KiB\n",
            "  ok: pa 0x80123abc (64 KiB page NAPOT, not global, memory type NC)\n",
        ] {
            assert!(text.contains(want), "{want:?} in\n{text}");
        }
        // A PBMT = 3 leaf stops the walk at step 3 with its reason.
        m.set_pte(4, 0x13, leaf(0x80123, Pte::R | Pte::A) | 3 << 61);
        let t = traced(&mut m, VirtAddr(0x13abc), AccessType::Load, &c);
        assert!(
            t.to_string().contains("PBMT=3, a reserved memory type"),
            "{t}"
        );
    }

    #[test]
    fn bare_trace_says_no_translation() {
        let mut c = ctx(AdPolicy::Svade);
        c.privilege = Privilege::Machine;
        let t = WalkTrace::new(VirtAddr(0x8000_0000), AccessType::Fetch, &c);
        assert_eq!(t.result(), Ok(PhysAddr(0x8000_0000)));
        assert!(t
            .to_string()
            .ends_with("no translation (M-mode or satp.MODE=Bare): pa = 0x80000000\n"));
    }

    #[test]
    fn mmu_keeps_the_trace_of_its_last_walk_only_when_tracing() {
        let mut m = user_page(leaf(0x80201, Pte::R | Pte::U | Pte::A));
        let mut mmu = Mmu::new();
        let c = user_ctx();
        let v = VirtAddr(0x12008);
        mmu.translate(v, AccessType::Load, &c, &mut m).unwrap();
        assert!(mmu.take_walk_trace().is_none(), "tracing is off by default");
        mmu.sfence_vma(None, None);
        mmu.set_walk_tracing(true);
        mmu.translate(v, AccessType::Load, &c, &mut m).unwrap();
        let t = mmu.take_walk_trace().unwrap();
        assert_eq!(t.result(), Ok(PhysAddr(0x8020_1008)));
        assert_eq!(t, traced(&mut m, v, AccessType::Load, &c));
        assert!(mmu.take_walk_trace().is_none(), "taken once");
        // A TLB hit walks nothing and leaves no trace.
        mmu.translate(v, AccessType::Load, &c, &mut m).unwrap();
        assert!(mmu.take_walk_trace().is_none());
        // A fault leaves one.
        assert!(mmu.translate(v, AccessType::Store, &c, &mut m).is_err());
        assert!(matches!(
            mmu.take_walk_trace().map(|t| t.outcome),
            Some(WalkOutcome::Failed(WalkError::PermissionDenied { .. }))
        ));
    }
}
