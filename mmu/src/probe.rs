//! Side-effect-free translation for the debugger (`monitor translate`),
//! fault explanations and the stale-TLB check: the walk of section 4.3.2
//! (Privileged 20211203), run on a read-only window onto memory.
//!
//! A probe never writes memory (a Svadu A/D update is reported as "would
//! set", not done), never fills or reads the TLB and never counts into the
//! MMU's statistics. It runs the very same step logic as
//! [`crate::Mmu::translate`] ([`walk::walk_observed`]), so the two cannot
//! disagree, except in one case a reader cannot see: a PTE that is readable
//! but not writable main memory, whose A/D update a real walk would turn
//! into an access fault (step 7), while a probe assumes it would succeed.

use crate::access::{AccessType, TranslationContext};
use crate::addr::{PhysAddr, VirtAddr};
use crate::fault::WalkError;
use crate::port::{PtePort, PteReader};
use crate::stats::MmuStats;
use crate::trace::WalkTrace;
use crate::walk;

/// A [`PtePort`] over a [`PteReader`] that writes nothing: an A/D update
/// succeeds when the PTE still holds the value the walk read, is not
/// stored, and is remembered, so that later reads of the same PTE answer
/// with the updated value, as memory would after a real walk. A two-stage walk needs it: one PTE
/// can serve both as a VS-level leaf and as a G-stage PTE of the same
/// translation (section 8.5), and a Svadu update of the first is seen by the
/// read of the second. A walk makes at most one update per stage walk
/// (the VS leaf and one per G-stage walk, section 8.5.1), so eight slots
/// hold them all; further updates are not remembered.
pub(crate) struct WouldWrite<'a, R: PteReader + ?Sized> {
    mem: &'a mut R,
    writes: [(u64, u64); 8],
    len: usize,
}

impl<'a, R: PteReader + ?Sized> WouldWrite<'a, R> {
    pub(crate) fn new(mem: &'a mut R) -> Self {
        Self {
            mem,
            writes: [(0, 0); 8],
            len: 0,
        }
    }

    fn written(&self, pa: PhysAddr) -> Option<u64> {
        self.writes
            .get(..self.len)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|(at, _)| *at == pa.0)
            .map(|&(_, v)| v)
    }
}

impl<R: PteReader + ?Sized> PtePort for WouldWrite<'_, R> {
    #[inline]
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        let now = self.mem.peek_pte(pa)?;
        Some(self.written(pa).unwrap_or(now))
    }
    #[inline]
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        let now = self.read_pte(pa)?;
        if now != old {
            return Some(false);
        }
        if let Some(slot) = self.writes.get_mut(self.len) {
            *slot = (pa.0, new);
            self.len += 1;
        }
        Some(true)
    }
}

/// Translates `va` for `access` under `ctx` as [`crate::Mmu::translate`]
/// would on a TLB miss, without any side effect, and returns the result
/// with the [`WalkTrace`] of the walk. M-mode and `satp.MODE` = Bare give
/// `Ok(va)` with no walk.
pub fn probe<R: PteReader + ?Sized>(
    va: VirtAddr,
    access: AccessType,
    ctx: &TranslationContext,
    mem: &mut R,
) -> (Result<PhysAddr, WalkError>, WalkTrace) {
    let mut trace = WalkTrace::new(va, access, ctx);
    trace.probe = true;
    if !ctx.is_bare() {
        // The walk counts into a scratch copy: the MMU's counters stay put.
        let mut scratch = MmuStats::default();
        let result = walk::walk_observed(
            va,
            access,
            ctx,
            &mut WouldWrite::new(mem),
            &mut scratch,
            &mut trace,
        );
        trace.finish(result);
    }
    (trace.result(), trace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AdPolicy, Privilege};
    use crate::mmu::Mmu;
    use crate::pte::Pte;
    use crate::test_memory::*;
    use crate::trace::{AdUpdateOutcome, WalkOutcome};
    use crate::MmuConfig;

    /// root[1] -> page 1 -> page 2; page2[3] = `leaf_pte`; root[2] is a
    /// gigapage with A = D = 0.
    fn tables(leaf_pte: u64) -> TestMemory {
        let mut m = TestMemory::new(3);
        m.set_pte(0, 1, pointer(1));
        m.set_pte(1, 2, pointer(2));
        m.set_pte(2, 3, leaf_pte);
        m.set_pte(0, 2, leaf(0xc0000, Pte::R | Pte::W | Pte::X));
        m
    }

    /// Every word of the three pages of `tables`.
    fn words(m: &TestMemory) -> Vec<u64> {
        (0..3 * 512)
            .map(|i| m.get(PhysAddr(BASE + i * 8)))
            .collect()
    }

    #[test]
    fn probe_under_svadu_never_writes_but_answers_like_translate() {
        // (va, access): a 4 KiB page and a gigapage, both with A = D = 0.
        let cases = [
            (va(1, 2, 3, 8), AccessType::Store),
            (va(1, 2, 3, 8), AccessType::Load),
            (va(2, 7, 9, 0x10), AccessType::Store),
            (va(2, 7, 9, 0x10), AccessType::Fetch),
        ];
        for (v, access) in cases {
            let mut m = tables(leaf(0x12345, Pte::R | Pte::W));
            let before = m.clone();
            let c = ctx(AdPolicy::Svadu);
            let (got, trace) = probe(v, access, &c, &mut m);
            assert_eq!(words(&m), words(&before), "{v:x?} {access:?}");
            assert_eq!(m.cas_calls, 0, "a probe asks the port for no update");
            let u = trace.ad_update.unwrap();
            assert_eq!(u.outcome, AdUpdateOutcome::WouldWrite);
            assert!(trace
                .to_string()
                .contains("would set (probe: memory not written)"));
            // The real translation writes, and lands on the same address.
            let mut mmu = Mmu::new();
            let real = mmu.translate(v, access, &c, &mut m).map_err(|f| f.cause);
            assert_eq!(real, got.map_err(|e| e.to_fault(access, v).cause));
            assert_eq!(m.get(u.pte_addr), u.new.0, "translate did the update");
        }
    }

    #[test]
    fn probe_touches_neither_tlb_nor_stats() {
        let mut m = tables(leaf(0x12345, Pte::R | Pte::A));
        let c = ctx(AdPolicy::Svade);
        let mmu = Mmu::new();
        let (got, _) = probe(va(1, 2, 3, 8), AccessType::Load, &c, &mut m);
        assert_eq!(got, Ok(PhysAddr(0x1234_5008)));
        assert_eq!(mmu.tlb_occupancy(), 0);
        assert_eq!(*mmu.stats(), MmuStats::default());
    }

    #[test]
    fn probe_reports_faults_with_their_level() {
        let mut m = tables(leaf(0x12345, Pte::R | Pte::A));
        let c = ctx(AdPolicy::Svade);
        let (got, trace) = probe(va(1, 2, 3, 8), AccessType::Store, &c, &mut m);
        assert!(matches!(
            got,
            Err(WalkError::PermissionDenied { level: 0, .. })
        ));
        assert_eq!(trace.outcome, WalkOutcome::Failed(got.unwrap_err()));
        assert!(trace.levels[..3].iter().all(Option::is_some));
        assert!(
            trace.levels[3..].iter().all(Option::is_none),
            "Sv39: 3 levels"
        );
        // Svade and A = 0: the probe faults as the walk does, writes nothing.
        let (got, _) = probe(va(2, 0, 0, 0), AccessType::Load, &c, &mut m);
        assert!(matches!(
            got,
            Err(WalkError::AccessedClear { level: 2, .. })
        ));
    }

    #[test]
    fn probe_in_m_mode_or_bare_is_identity() {
        let mut m = tables(0);
        let mut c = ctx(AdPolicy::Svade);
        c.privilege = Privilege::Machine;
        let (got, trace) = probe(VirtAddr(0x1234), AccessType::Load, &c, &mut m);
        assert_eq!(
            (got, trace.outcome),
            (Ok(PhysAddr(0x1234)), WalkOutcome::Bare)
        );
        c.privilege = Privilege::User;
        c.satp = crate::Satp(0);
        assert_eq!(
            probe(VirtAddr(0x1234), AccessType::Load, &c, &mut m).0,
            Ok(PhysAddr(0x1234))
        );
    }

    #[test]
    fn probe_equals_translate_without_tlb_on_every_slot() {
        // Every (vpn2, vpn1, vpn0) over a small table set, every access,
        // both policies, U and S with SUM/MXR: same outcome as translate.
        let mut m = tables(leaf(0x12345, Pte::R | Pte::U | Pte::A));
        m.set_pte(1, 3, leaf(0x80200, Pte::X | Pte::A | Pte::G));
        m.set_pte(1, 4, leaf(0x80201, Pte::R | Pte::A)); // misaligned 2 MiB
        m.set_pte(2, 4, Pte::W | Pte::V); // W without R
        m.set_pte(2, 5, pointer(0));
        for ad in [AdPolicy::Svade, AdPolicy::Svadu] {
            for privilege in [Privilege::User, Privilege::Supervisor] {
                for (sum, mxr) in [(false, false), (true, false), (false, true)] {
                    for access in ALL_ACCESSES {
                        for (a, b, cc) in [
                            (1, 2, 3),
                            (2, 0, 0),
                            (1, 3, 0),
                            (1, 4, 0),
                            (1, 2, 4),
                            (1, 2, 5),
                            (0, 0, 0),
                            (1, 2, 6),
                        ] {
                            let mut c = ctx(ad);
                            (c.privilege, c.sum, c.mxr) = (privilege, sum, mxr);
                            let v = va(a, b, cc, 0x18);
                            let mut real_mem = m.clone();
                            let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
                            let real = mmu.translate(v, access, &c, &mut real_mem);
                            let (got, _) = probe(v, access, &c, &mut m);
                            match got {
                                Ok(pa) => assert_eq!(real, Ok(pa)),
                                Err(e) => {
                                    assert_eq!(real, Err(e.to_fault(access, v)));
                                    assert_eq!(mmu.last_fault_reason(), Some(e));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
