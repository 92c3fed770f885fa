//! The page walk of Sv39, Sv48 and Sv57, written as the numbered steps of
//! "Virtual Address Translation Process" (Privileged 20211203, section
//! 4.3.2) with PAGESIZE = 2^12, PTESIZE = 8 and LEVELS = 3, 4 or 5 from
//! `satp.MODE` (sections 4.4, 4.5, 4.6), plus the Svnapot (chapter 6) and
//! Svpbmt (chapter 7) changes to step 3 and step 8.
//!
//! The walk reads memory only through [`PtePort`] and writes it only for a
//! Svadu A/D update of a leaf that passed every other check. It knows
//! nothing of the TLB: [`crate::Mmu`] calls it on a miss and caches the
//! [`Leaf`] it returns.

use crate::access::{AccessType, AdPolicy, TranslationContext};
use crate::addr::{PhysAddr, VirtAddr, PAGE_SHIFT};
use crate::fault::WalkError;
use crate::perm::{self, PermissionRule};
use crate::port::PtePort;
use crate::pte::{Pte, PteFlags};
use crate::stats::MmuStats;

/// Where a successful walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// The leaf PTE as it stands in memory after any A/D update.
    pub pte: Pte,
    /// The level *i* of the leaf: 0 for a 4 KiB page (or a 64 KiB NAPOT
    /// range), 1 for a 2 MiB megapage, 2 for a 1 GiB gigapage, 3 for a
    /// 512 GiB terapage (Sv48, Sv57), 4 for a 256 TiB petapage (Sv57).
    pub level: u32,
    /// The physical address of the leaf PTE.
    pub pte_addr: PhysAddr,
    /// G was set on some PTE of the path: "For non-leaf PTEs, the global
    /// setting implies that all mappings in the subsequent levels of the
    /// page table are global" (section 4.3.1).
    pub global: bool,
}

impl Leaf {
    /// log2 of the size of the range this leaf maps: 12 + 9 × level, or
    /// 16 for a 64 KiB NAPOT leaf (step 3 refuses N at any other level).
    #[inline]
    pub const fn page_shift(&self) -> u32 {
        // Without a branch: N is 1 only at level 0, where 12 + 4 = 16.
        PAGE_SHIFT + 9 * self.level + (Pte::NAPOT_SHIFT - PAGE_SHIFT) * (self.pte.0 >> 63) as u32
    }
    /// Step 8: "pa.pgoff = va.pgoff; if i > 0, then this is a superpage
    /// translation and pa.ppn\[i-1:0\] = va.vpn\[i-1:0\]; pa.ppn\[LEVELS-1:i\]
    /// = pte.ppn\[LEVELS-1:i\]." The low PPN bits of a superpage leaf are
    /// zero (step 6 refused misaligned superpages), so this is an OR of the
    /// VA's low bits. For a NAPOT leaf, Svnapot replaces
    /// pte.ppn\[0\]\[3:0\] (1000) by va.vpn\[0\]\[3:0\]: the same
    /// computation over 16 bits.
    #[inline]
    pub const fn physical_address(&self, va: VirtAddr) -> PhysAddr {
        let low = (1u64 << self.page_shift()) - 1;
        PhysAddr((self.pte.ppn().base().0 & !low) | (va.0 & low))
    }
    /// "4 KiB", "64 KiB" (NAPOT), "2 MiB", "1 GiB", "512 GiB", "256 TiB".
    pub const fn size_name(&self) -> &'static str {
        if self.pte.n() {
            "64 KiB"
        } else {
            crate::trace::page_size_name(self.level)
        }
    }
}

/// Sees the memory accesses of one walk as they happen, for walk traces
/// (`--trace-mmu`) and side-effect-free probes ([`crate::probe()`]). Every
/// method defaults to doing nothing, and the walk is generic over the
/// observer, so [`walk`] (observer `()`) compiles to the same code as a walk
/// without one.
pub trait WalkObserver {
    /// Step 2: the PTE of level `level` at `pte_addr` was read; `raw` is
    /// `None` when `pte_addr` is not main memory. After a restart from step
    /// 7 the same level is reported again.
    #[inline(always)]
    fn pte_read(&mut self, level: u8, pte_addr: PhysAddr, raw: Option<u64>) {
        let _ = (level, pte_addr, raw);
    }
    /// Step 7 under Svadu: the walk asked the port to replace `old` by `new`
    /// at `pte_addr`; `outcome` is what the port answered (`Some(true)`
    /// written, `Some(false)` changed meanwhile, `None` not main memory).
    #[inline(always)]
    fn ad_update(
        &mut self,
        level: u8,
        pte_addr: PhysAddr,
        old: u64,
        new: u64,
        outcome: Option<bool>,
    ) {
        let _ = (level, pte_addr, old, new, outcome);
    }
}

/// The observer that records nothing.
impl WalkObserver for () {}

/// Translates `va` by walking the page tables rooted at `ctx.satp` (the
/// caller has checked that `satp` is active, in Sv39, Sv48 or Sv57 mode). Counts PTE
/// reads and writes into `stats`; traces every step at `trace` level under
/// the target `mmu` (then through [`walk_observed`], else [`walk_fast`]).
#[inline]
pub fn walk<P: PtePort>(
    va: VirtAddr,
    access: AccessType,
    ctx: &TranslationContext,
    mem: &mut P,
    stats: &mut MmuStats,
) -> Result<Leaf, WalkError> {
    if log::log_enabled!(target: "mmu", log::Level::Trace) {
        return walk_observed(va, access, ctx, mem, stats, &mut ());
    }
    walk_fast(va, access, ctx, mem, stats)
}

/// The walk of a TLB miss in the common case: the same steps of section
/// 4.3.2 as [`walk_observed`] for single-stage translation (V = 0), with
/// the same answers, counters and memory accesses, but no observer and no
/// trace logging, so that nothing but the steps stays in the loop. Used by
/// [`walk`] when `mmu` trace logging is off; the property tests check that
/// it answers as [`walk_observed`] for random page tables.
#[inline(never)]
pub fn walk_fast<P: PtePort>(
    va: VirtAddr,
    access: AccessType,
    ctx: &TranslationContext,
    mem: &mut P,
    stats: &mut MmuStats,
) -> Result<Leaf, WalkError> {
    // Sections 4.4.1, 4.5.1, 4.6.1: a non-canonical address page-faults.
    let levels = ctx.satp.levels();
    if levels == 0 || !va.is_canonical(levels) {
        return Err(WalkError::NonCanonical {
            va_bits: (PAGE_SHIFT + 9 * levels) as u8,
        });
    }
    // Step 1: "Let a be satp.ppn × PAGESIZE, and let i = LEVELS − 1."
    let mut a = ctx.satp.ppn().base();
    let mut i = levels - 1;
    let mut global_above = false;
    loop {
        // Step 2: the PTE at a + va.vpn[i] × PTESIZE; a PMA or PMP
        // violation (the port answers `None`) is an access fault.
        let level = i as u8;
        let pte_addr = a
            .checked_add(va.vpn(i) * Pte::SIZE)
            .ok_or(WalkError::PteAccessFault { level, pte_addr: a })?;
        stats.pte_reads = stats.pte_reads.wrapping_add(1);
        let Some(raw) = mem.read_pte(pte_addr) else {
            return Err(WalkError::PteAccessFault { level, pte_addr });
        };
        let pte = Pte(raw);
        // Step 3: invalid, W without R, or reserved encodings.
        step3_check_encoding(pte, level, ctx.pbmte, ctx.napot)?;
        // Step 4: a pointer to the next level, or a page fault at level 0.
        if !pte.is_leaf() {
            if i == 0 {
                return Err(WalkError::NoLeaf { pte });
            }
            global_above |= pte.g();
            i -= 1;
            a = pte.ppn().base();
            continue;
        }
        // Step 5: R/W/X/U against the privilege, SUM and MXR.
        if let Err(rule) = perm::check_leaf(pte, access, ctx.privilege, ctx.sum, ctx.mxr) {
            return Err(WalkError::PermissionDenied { level, pte, rule });
        }
        // Step 6: a misaligned superpage.
        if is_misaligned_superpage(pte, i) {
            return Err(WalkError::MisalignedSuperpage { level, pte });
        }
        // Step 7: A (and D for a store): a page fault under Svade, an
        // atomic update under Svadu, back to step 2 if the PTE changed.
        let needed = perm::required_ad(access);
        let mut leaf_pte = pte;
        if raw & needed != needed {
            match ctx.ad {
                AdPolicy::Svade => {
                    return Err(if !pte.a() {
                        WalkError::AccessedClear { level, pte }
                    } else {
                        WalkError::DirtyClear { level, pte }
                    });
                }
                AdPolicy::Svadu => {
                    let new = raw | needed;
                    match mem.compare_exchange_pte(pte_addr, raw, new) {
                        None => return Err(WalkError::PteUpdateAccessFault { level, pte_addr }),
                        Some(false) => {
                            stats.walk_restarts = stats.walk_restarts.wrapping_add(1);
                            continue;
                        }
                        Some(true) => {
                            stats.pte_writes = stats.pte_writes.wrapping_add(1);
                            leaf_pte = Pte(new);
                        }
                    }
                }
            }
        }
        // Step 8: the translation is successful.
        return Ok(Leaf {
            pte: leaf_pte,
            level: i,
            pte_addr,
            global: global_above || leaf_pte.g(),
        });
    }
}

/// [`walk`], reporting each PTE read and A/D update to `observer`.
#[cold]
#[inline(never)]
pub fn walk_observed<P: PtePort, O: WalkObserver>(
    va: VirtAddr,
    access: AccessType,
    ctx: &TranslationContext,
    mem: &mut P,
    stats: &mut MmuStats,
    observer: &mut O,
) -> Result<Leaf, WalkError> {
    walk_steps(va, access, ctx, StageRules::SINGLE, mem, stats, observer)
}

/// How section 8.5 varies the walk of section 4.3.2 for one stage of
/// two-stage translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StageRules {
    /// The G-stage (section 8.5.1): `ctx.satp` is the `satp`-shaped view of
    /// `hgatp`; the root table is 16 KiB, so VPN\[LEVELS−1\] has 11 bits;
    /// the caller has checked that the address bits above the gpa width
    /// are zero (instead of the canonical-address rule); "The G bit in all
    /// G-stage PTEs ... must be ignored by hardware."
    pub g_stage: bool,
    /// HLVX (section 8.3.2): "execute permission takes the place of read
    /// permission during address translation".
    pub hlvx: bool,
}

impl StageRules {
    /// Single-stage translation (V = 0), and the VS-stage.
    pub(crate) const SINGLE: StageRules = StageRules {
        g_stage: false,
        hlvx: false,
    };
}

/// The walk of section 4.3.2 under the variations of `rules`.
#[inline(always)]
pub(crate) fn walk_steps<P: PtePort, O: WalkObserver>(
    va: VirtAddr,
    access: AccessType,
    ctx: &TranslationContext,
    rules: StageRules,
    mem: &mut P,
    stats: &mut MmuStats,
    observer: &mut O,
) -> Result<Leaf, WalkError> {
    let trace = log::log_enabled!(target: "mmu", log::Level::Trace);
    if trace {
        log::trace!(
            target: "mmu",
            "walk {}={:#x} {:?} priv={} sum={} mxr={} {}={:#x}",
            if rules.g_stage { "gpa" } else { "va" },
            va.0,
            access,
            ctx.privilege.letter(),
            ctx.sum as u8,
            ctx.mxr as u8,
            if rules.g_stage { "hgatp-root" } else { "satp" },
            ctx.satp.0
        );
    }

    // Sections 4.4.1, 4.5.1, 4.6.1: "Instruction fetch addresses and load
    // and store effective addresses, which are 64 bits, must have bits
    // 63–39 all equal to bit 38" (Sv39; 63–48 and bit 47 for Sv48, 63–57
    // and bit 56 for Sv57) "or else a page-fault exception will occur."
    // (The G-stage's own range rule is checked by its caller.)
    let levels = ctx.satp.levels();
    if levels == 0 || (!rules.g_stage && !va.is_canonical(levels)) {
        return Err(WalkError::NonCanonical {
            va_bits: (PAGE_SHIFT + 9 * levels) as u8,
        });
    }

    // Step 1: "Let a be satp.ppn × PAGESIZE, and let i = LEVELS − 1."
    let mut a = ctx.satp.ppn().base();
    let mut i = levels - 1;
    // G seen on the pointers above level i.
    let mut global_above = false;

    loop {
        // Step 2: "Let pte be the value of the PTE at address
        // a + va.vpn[i] × PTESIZE. If accessing pte violates a PMA or PMP
        // check, raise an access-fault exception corresponding to the
        // original access type."
        let level = i as u8;
        // Section 8.5.1: the G-stage root table "is expanded by a factor of
        // four", its index VPN[LEVELS−1] is 2 bits wider.
        let vpn = if rules.g_stage && i == levels - 1 {
            (va.0 >> (PAGE_SHIFT + 9 * i)) & 0x7ff
        } else {
            va.vpn(i)
        };
        let pte_addr = a
            .checked_add(vpn * Pte::SIZE)
            .ok_or(WalkError::PteAccessFault { level, pte_addr: a })?;
        stats.pte_reads = stats.pte_reads.wrapping_add(1);
        let read = mem.read_pte(pte_addr);
        observer.pte_read(level, pte_addr, read);
        let Some(raw) = read else {
            if trace {
                log::trace!(target: "mmu", "  step2 level {level} pte@{:#x}: not RAM -> access fault", pte_addr.0);
            }
            return Err(WalkError::PteAccessFault { level, pte_addr });
        };
        let pte = Pte(raw);
        if trace {
            log::trace!(
                target: "mmu",
                "  step2 level {level} pte@{:#x} = {:#018x} ppn={:#x} flags={}{}",
                pte_addr.0,
                raw,
                pte.ppn().0,
                if pte.is_valid() { "v" } else { "-" },
                PteFlags(pte)
            );
        }

        // Step 3: "If pte.v = 0, or if pte.r = 0 and pte.w = 1, or if any
        // bits or encodings that are reserved for future standard use are
        // set within pte, stop and raise a page-fault exception."
        step3_check_encoding(pte, level, ctx.pbmte, ctx.napot).inspect_err(|e| {
            if trace {
                log::trace!(target: "mmu", "  step3 -> page fault: {e}");
            }
        })?;

        // Step 4: "If pte.r = 1 or pte.x = 1, go to step 5. Otherwise, this
        // PTE is a pointer to the next level of the page table. Let i = i − 1.
        // If i < 0, stop and raise a page-fault exception. Otherwise, let
        // a = pte.ppn × PAGESIZE and go to step 2."
        if !pte.is_leaf() {
            if i == 0 {
                if trace {
                    log::trace!(target: "mmu", "  step4 pointer at level 0 -> page fault");
                }
                return Err(WalkError::NoLeaf { pte });
            }
            global_above |= pte.g() && !rules.g_stage;
            i -= 1;
            a = pte.ppn().base();
            if trace {
                log::trace!(target: "mmu", "  step4 pointer -> level {i} table at {:#x}", a.0);
            }
            continue;
        }

        // Step 5: "A leaf PTE has been found. Determine if the requested
        // memory access is allowed by the pte.r, pte.w, pte.x, and pte.u
        // bits, given the current privilege mode and the value of the SUM
        // and MXR fields of the mstatus register."
        let checked = if rules.hlvx { pte.with_x_as_r() } else { pte };
        if let Err(rule) = perm::check_leaf(checked, access, ctx.privilege, ctx.sum, ctx.mxr) {
            let rule = match rule {
                PermissionRule::NotReadable if rules.hlvx => PermissionRule::HlvxNotExecutable,
                other => other,
            };
            if trace {
                log::trace!(target: "mmu", "  step5 leaf refuses: {}", rule.describe());
            }
            return Err(WalkError::PermissionDenied { level, pte, rule });
        }

        // Step 6: "If i > 0 and pte.ppn[i − 1 : 0] ≠ 0, this is a misaligned
        // superpage; stop and raise a page-fault exception."
        if is_misaligned_superpage(pte, i) {
            if trace {
                log::trace!(target: "mmu", "  step6 misaligned superpage at level {i}");
            }
            return Err(WalkError::MisalignedSuperpage { level, pte });
        }

        // Step 7: "If pte.a = 0, or if the original memory access is a store
        // and pte.d = 0, either raise a page-fault exception corresponding to
        // the original access type, or [update the PTE atomically]."
        let needed = perm::required_ad(access);
        let mut leaf_pte = pte;
        if raw & needed != needed {
            match ctx.ad {
                AdPolicy::Svade => {
                    let err = if !pte.a() {
                        WalkError::AccessedClear { level, pte }
                    } else {
                        WalkError::DirtyClear { level, pte }
                    };
                    if trace {
                        log::trace!(target: "mmu", "  step7 Svade -> page fault: {err}");
                    }
                    return Err(err);
                }
                AdPolicy::Svadu => {
                    // "Compare pte to the value of the PTE at address
                    // a + va.vpn[i] × PTESIZE. If the values match, set pte.a
                    // to 1 and, if the original memory access is a store,
                    // also set pte.d to 1. If the comparison fails, return
                    // to step 2." A store to a non-RAM PTE is an access fault.
                    let new = raw | needed;
                    let outcome = mem.compare_exchange_pte(pte_addr, raw, new);
                    observer.ad_update(level, pte_addr, raw, new, outcome);
                    match outcome {
                        None => {
                            if trace {
                                log::trace!(target: "mmu", "  step7 A/D update not to RAM -> access fault");
                            }
                            return Err(WalkError::PteUpdateAccessFault { level, pte_addr });
                        }
                        Some(false) => {
                            stats.walk_restarts = stats.walk_restarts.wrapping_add(1);
                            if trace {
                                log::trace!(target: "mmu", "  step7 PTE changed under the update -> step 2");
                            }
                            // Back to step 2 with the same a and i.
                            continue;
                        }
                        Some(true) => {
                            stats.pte_writes = stats.pte_writes.wrapping_add(1);
                            leaf_pte = Pte(new);
                            if trace {
                                log::trace!(target: "mmu", "  step7 Svadu set A/D: pte = {new:#018x}");
                            }
                        }
                    }
                }
            }
        }

        // Step 8: the translation is successful.
        let global = global_above || (leaf_pte.g() && !rules.g_stage);
        let leaf = Leaf {
            pte: leaf_pte,
            level: i,
            pte_addr,
            global,
        };
        if trace {
            log::trace!(
                target: "mmu",
                "  step8 ok: pa={:#x} ({} page, global={}, memory type {})",
                leaf.physical_address(va).0,
                leaf.size_name(),
                global as u8,
                leaf.pte.memory_type().name()
            );
        }
        return Ok(leaf);
    }
}

/// Step 3 as one pure check of a PTE's encoding; `pbmte` is
/// menvcfg.PBMTE, `napot` whether Svnapot is implemented.
#[inline]
pub(crate) fn step3_check_encoding(
    pte: Pte,
    level: u8,
    pbmte: bool,
    napot: bool,
) -> Result<(), WalkError> {
    if !pte.is_valid() {
        return Err(WalkError::InvalidPte { level, pte });
    }
    if pte.w() && !pte.r() {
        return Err(WalkError::WriteWithoutRead { level, pte });
    }
    // Bits 63:54, all zero in most PTEs: one test, then the details.
    if pte.0 >> 54 != 0 {
        step3_check_high_bits(pte, level, pbmte, napot)?;
    }
    // Section 4.3.1: "For non-leaf PTEs, the D, A, and U bits are reserved
    // for future standard use."
    if !pte.is_leaf() && pte.0 & (Pte::D | Pte::A | Pte::U) != 0 {
        return Err(WalkError::NonLeafWithAdu { level, pte });
    }
    Ok(())
}

/// Step 3 for bits 63:54: the reserved field, PBMT and N.
#[inline]
fn step3_check_high_bits(pte: Pte, level: u8, pbmte: bool, napot: bool) -> Result<(), WalkError> {
    // Section 4.4.1: "Bits 60–54 are reserved for future standard use".
    if pte.has_reserved_bits() {
        return Err(WalkError::ReservedBits { level, pte });
    }
    // Svpbmt (chapter 7): "For non-leaf PTEs, bits 62–61 are reserved";
    // for leaves "setting bits 62–61 to the value 3 is reserved"; and with
    // menvcfg.PBMTE = 0 "the implementation behaves as though Svpbmt were
    // not implemented", which leaves bits 62–61 reserved (section 4.4.1).
    if pte.pbmt() != 0 && (!pbmte || !pte.is_leaf() || pte.pbmt() == 3) {
        return Err(WalkError::PbmtReserved { level, pte });
    }
    // Svnapot (chapter 6, Table 6.1): N = 1 is defined only for a leaf at
    // level 0 whose ppn[0][3:0] is 1000 (64 KiB); every other encoding,
    // a pointer with N = 1 included, "is reserved ... then a page-fault
    // exception must be raised".
    // Without Svnapot, N is a reserved bit of section 4.4.1.
    if pte.n() && (!napot || !pte.is_leaf() || level != 0 || !pte.is_napot_64k()) {
        return Err(WalkError::NapotReserved { level, pte });
    }
    Ok(())
}

/// Step 6 as a pure check: a leaf at level i > 0 must have ppn\[i-1:0\] = 0.
#[inline]
pub const fn is_misaligned_superpage(pte: Pte, level: u32) -> bool {
    let low_ppn_bits = (1u64 << (9 * level)) - 1;
    pte.ppn().0 & low_ppn_bits != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::FaultCause;
    use crate::perm::PermissionRule;
    use crate::test_memory::*;
    use AccessType::{Fetch, Load, Store};

    const RWXAD: u64 = Pte::R | Pte::W | Pte::X | Pte::A | Pte::D;
    /// Physical page number the 4 KiB test leaf maps.
    const DATA_PPN: u64 = 0x12345;

    /// root[1] -> page 1, page1[2] -> page 2, page2[3] = `leaf_pte`.
    /// Returns the memory and the leaf's PTE address.
    fn three_levels(leaf_pte: u64) -> (TestMemory, PhysAddr) {
        let mut m = TestMemory::new(4);
        m.set_pte(0, 1, pointer(1));
        m.set_pte(1, 2, pointer(2));
        let at = m.set_pte(2, 3, leaf_pte);
        (m, at)
    }

    fn run(
        m: &mut TestMemory,
        va: VirtAddr,
        access: AccessType,
        ctx: &TranslationContext,
    ) -> Result<Leaf, WalkError> {
        walk(va, access, ctx, m, &mut MmuStats::default())
    }

    fn va4k() -> VirtAddr {
        va(1, 2, 3, 0x678)
    }

    #[test]
    fn step0_non_canonical_is_page_fault() {
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        let bad = VirtAddr(va4k().0 | (1 << 39));
        for access in ALL_ACCESSES {
            let err = run(&mut m, bad, access, &ctx(AdPolicy::Svade)).unwrap_err();
            assert_eq!(err, WalkError::NonCanonical { va_bits: 39 });
            assert_eq!(
                err.to_fault(access, bad).cause,
                FaultCause::page_fault(access)
            );
            assert_eq!(err.to_fault(access, bad).tval, bad.0);
        }
    }

    #[test]
    fn step1_root_table_is_satp_ppn() {
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        // A second root in page 3 maps the same VPN[2] nowhere.
        let mut c = ctx(AdPolicy::Svade);
        assert!(run(&mut m, va4k(), Load, &c).is_ok());
        c.satp = crate::Satp::new(
            crate::SatpMode::Sv39,
            crate::Asid(1),
            crate::Ppn(BASE_PPN + 3),
        );
        let err = run(&mut m, va4k(), Load, &c).unwrap_err();
        assert!(
            matches!(err, WalkError::InvalidPte { level: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn step2_pte_outside_ram_is_access_fault() {
        // Root outside RAM, then a level-1 pointer outside RAM.
        let mut m = TestMemory::new(4);
        let mut c = ctx(AdPolicy::Svade);
        c.satp = crate::Satp::new(crate::SatpMode::Sv39, crate::Asid(1), crate::Ppn(0x10));
        for access in ALL_ACCESSES {
            let err = run(&mut m, va4k(), access, &c).unwrap_err();
            assert!(
                matches!(err, WalkError::PteAccessFault { level: 2, .. }),
                "{err:?}"
            );
            assert_eq!(
                err.to_fault(access, va4k()).cause,
                FaultCause::access_fault(access)
            );
        }
        m.set_pte(0, 1, (0x10 << 10) | Pte::V);
        let err = run(&mut m, va4k(), Store, &ctx(AdPolicy::Svade)).unwrap_err();
        assert_eq!(
            err,
            WalkError::PteAccessFault {
                level: 1,
                pte_addr: PhysAddr(0x10_000 + 2 * 8)
            }
        );
        assert_eq!(
            err.to_fault(Store, va4k()).cause,
            FaultCause::StoreAccessFault
        );
    }

    #[test]
    fn step3_invalid_pte_is_page_fault_at_every_level() {
        for level in 0..3u8 {
            let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
            let (table, index) = [(2, 3), (1, 2), (0, 1)][level as usize];
            // V = 0 with every other bit set: all are don't-cares.
            m.set_pte(table, index, !Pte::V);
            let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).unwrap_err();
            assert!(
                matches!(err, WalkError::InvalidPte { level: l, .. } if l == level),
                "{err:?}"
            );
        }
    }

    #[test]
    fn step3_w_without_r_is_page_fault() {
        for flags in [
            Pte::W,
            Pte::W | Pte::X,
            Pte::W | Pte::X | Pte::U | Pte::A | Pte::D,
        ] {
            let (mut m, _) = three_levels(leaf(DATA_PPN, flags));
            for access in ALL_ACCESSES {
                let err = run(&mut m, va4k(), access, &ctx(AdPolicy::Svade)).unwrap_err();
                assert!(
                    matches!(err, WalkError::WriteWithoutRead { level: 0, .. }),
                    "{err:?}"
                );
            }
        }
    }

    #[test]
    fn step3_reserved_bits_are_page_fault_in_leaves_and_pointers() {
        for bit in [54, 57, 60] {
            let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD) | 1 << bit);
            let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).unwrap_err();
            assert!(
                matches!(err, WalkError::ReservedBits { level: 0, .. }),
                "bit {bit}"
            );
            let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
            m.set_pte(0, 1, pointer(1) | 1 << bit);
            let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).unwrap_err();
            assert!(
                matches!(err, WalkError::ReservedBits { level: 2, .. }),
                "bit {bit}"
            );
        }
    }

    /// Sv39/48/57 with `levels` levels down to a leaf at `leaf_level`:
    /// table page k (the root is page 0) holds at index k + 1 a pointer to
    /// page k + 1, the last table the leaf. Returns the memory, the leaf's
    /// PTE address and a VA on that path (vpn\[i\] = levels − i above the
    /// leaf, `low` below it).
    fn chain(
        levels: u32,
        leaf_level: u32,
        leaf_pte: u64,
        low: u64,
    ) -> (TestMemory, PhysAddr, VirtAddr) {
        let tables = u64::from(levels - leaf_level);
        let mut m = TestMemory::new(tables as usize);
        for k in 0..tables - 1 {
            m.set_pte(k, k + 1, pointer(k + 1));
        }
        let at = m.set_pte(tables - 1, tables, leaf_pte);
        let mut raw = low & ((1 << (PAGE_SHIFT + 9 * leaf_level)) - 1);
        for i in leaf_level..levels {
            raw |= u64::from(levels - i) << (PAGE_SHIFT + 9 * i);
        }
        (m, at, VirtAddr(raw))
    }

    fn ctx_of(levels: u32, ad: AdPolicy) -> TranslationContext {
        let mode = match levels {
            3 => crate::SatpMode::Sv39,
            4 => crate::SatpMode::Sv48,
            _ => crate::SatpMode::Sv57,
        };
        let mut c = ctx(ad);
        c.satp = crate::Satp::new(mode, crate::Asid(1), crate::Ppn(BASE_PPN));
        c
    }

    #[test]
    fn step0_canonical_rule_follows_the_mode() {
        // (va, faults under Sv39, Sv48, Sv57): only the canonical check
        // decides, since no PTE maps these addresses.
        let table = [
            (1u64 << 39, [true, false, false]),
            (0xffff_8000_0000_0000, [true, false, false]),
            (1 << 47, [true, true, false]),
            (0xff00_0000_0000_0000, [true, true, false]),
            (1 << 56, [true, true, true]),
            (1 << 63, [true, true, true]),
        ];
        for (v, expected) in table {
            for (levels, non_canonical) in (3..=5).zip(expected) {
                let mut m = TestMemory::new(1);
                let err =
                    run(&mut m, VirtAddr(v), Load, &ctx_of(levels, AdPolicy::Svade)).unwrap_err();
                let want = WalkError::NonCanonical {
                    va_bits: (12 + 9 * levels) as u8,
                };
                assert_eq!(
                    err == want,
                    non_canonical,
                    "{v:#x} levels {levels}: {err:?}"
                );
            }
        }
    }

    #[test]
    fn step1_walk_starts_at_level_levels_minus_1() {
        for levels in 3..=5 {
            let (mut m, at, v) = chain(levels, 0, leaf(DATA_PPN, RWXAD), 0x678);
            let mut stats = MmuStats::default();
            let got = walk(
                v,
                Load,
                &ctx_of(levels, AdPolicy::Svade),
                &mut m,
                &mut stats,
            );
            let got = got.unwrap();
            assert_eq!((got.level, got.pte_addr), (0, at), "levels {levels}");
            assert_eq!(stats.pte_reads, u64::from(levels));
            assert_eq!(got.physical_address(v), PhysAddr((DATA_PPN << 12) | 0x678));
            // The same tables under one level less miss the leaf.
            if levels > 3 {
                assert!(run(&mut m, v, Load, &ctx_of(levels - 1, AdPolicy::Svade)).is_err());
            }
        }
    }

    #[test]
    fn step8_superpages_at_every_level_of_every_mode() {
        for levels in 3..=5u32 {
            for leaf_level in 0..levels {
                // A PPN aligned to exactly this level's page size.
                let ppn = 1u64 << (9 * leaf_level).max(4) | (1 << 40);
                let low = 0x0123_4567_89ab_cdef;
                let (mut m, _, v) = chain(levels, leaf_level, leaf(ppn, RWXAD), low);
                let c = ctx_of(levels, AdPolicy::Svade);
                let got = run(&mut m, v, Store, &c).unwrap();
                assert_eq!(got.level, leaf_level);
                let size_mask = (1u64 << (PAGE_SHIFT + 9 * leaf_level)) - 1;
                assert_eq!(
                    got.physical_address(v),
                    PhysAddr((ppn << 12) | (v.0 & size_mask)),
                    "levels {levels} leaf level {leaf_level}"
                );
                // Step 6: one PPN bit below the page size misaligns it.
                if leaf_level > 0 {
                    let bad = ppn | 1 << (9 * leaf_level - 1);
                    let (mut m, _, v) = chain(levels, leaf_level, leaf(bad, RWXAD), low);
                    let err = run(&mut m, v, Load, &c).unwrap_err();
                    assert!(
                        matches!(err, WalkError::MisalignedSuperpage { level, .. } if u32::from(level) == leaf_level),
                        "{err:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn step3_pbmt_reserved_encodings() {
        // (PBMT, in a leaf, menvcfg.PBMTE) -> allowed
        let table = [
            (1u64, true, true, true),
            (2, true, true, true),
            (3, true, true, false),
            (1, true, false, false),
            (2, true, false, false),
            (1, false, true, false),
            (2, false, true, false),
            (3, false, true, false),
            (1, false, false, false),
        ];
        for (pbmt, in_leaf, pbmte, allowed) in table {
            let bits = pbmt << Pte::PBMT_SHIFT;
            let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD) | if in_leaf { bits } else { 0 });
            if !in_leaf {
                m.set_pte(1, 2, pointer(2) | bits);
            }
            let mut c = ctx(AdPolicy::Svade);
            c.pbmte = pbmte;
            let got = run(&mut m, va4k(), Load, &c);
            match got {
                Ok(l) => {
                    assert!(allowed, "{pbmt} {in_leaf} {pbmte}");
                    assert_eq!(l.pte.pbmt(), pbmt);
                }
                Err(e) => {
                    assert!(!allowed, "{pbmt} {in_leaf} {pbmte}: {e:?}");
                    let level = if in_leaf { 0 } else { 1 };
                    assert!(
                        matches!(e, WalkError::PbmtReserved { level: l, .. } if l == level),
                        "{e:?}"
                    );
                    assert_eq!(e.to_fault(Load, va4k()).cause, FaultCause::LoadPageFault);
                }
            }
        }
    }

    #[test]
    fn step3_napot_reserved_encodings() {
        // ppn[0][3:0] of an N = 1 leaf at level 0: only 1000 is defined.
        for low in 0..16u64 {
            let (mut m, _) = three_levels(leaf(0x80010 | low, RWXAD) | Pte::N);
            let got = run(&mut m, va4k(), Fetch, &ctx(AdPolicy::Svade));
            if low == 0b1000 {
                assert!(got.is_ok(), "{low:#b}");
            } else {
                assert!(
                    matches!(got, Err(WalkError::NapotReserved { level: 0, .. })),
                    "{low:#b}: {got:?}"
                );
            }
        }
        // N = 1 in a megapage leaf and in a pointer.
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        m.set_pte(1, 2, leaf(0x80208, RWXAD) | Pte::N);
        let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).unwrap_err();
        assert!(
            matches!(err, WalkError::NapotReserved { level: 1, .. }),
            "{err:?}"
        );
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        m.set_pte(0, 1, pointer(1) | Pte::N);
        let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).unwrap_err();
        assert!(
            matches!(err, WalkError::NapotReserved { level: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn step3_n_is_reserved_without_svnapot() {
        // The same valid 64 KiB NAPOT leaf: a translation with Svnapot, a
        // page fault on the reserved bit 63 without it (section 4.4.1).
        let mut m = TestMemory::new(3);
        m.set_pte(0, 1, pointer(1));
        m.set_pte(1, 2, pointer(2));
        m.set_pte(2, 0x10, leaf(0x80128, RWXAD) | Pte::N);
        let v = va(1, 2, 0x10, 0);
        assert!(run(&mut m, v, Load, &ctx(AdPolicy::Svade)).is_ok());
        let without = TranslationContext {
            napot: false,
            ..ctx(AdPolicy::Svade)
        };
        let err = run(&mut m, v, Load, &without).unwrap_err();
        assert!(
            matches!(err, WalkError::NapotReserved { level: 0, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn step8_napot_takes_ppn_low_bits_from_the_vpn() {
        // Sixteen PTEs of one 64 KiB range (vpn[0] 0x10..0x1f), each the
        // same NAPOT PTE: page j maps to ppn[3:0] = j.
        let mut m = TestMemory::new(3);
        m.set_pte(0, 1, pointer(1));
        m.set_pte(1, 2, pointer(2));
        let napot = leaf(0x80128, RWXAD) | Pte::N;
        for j in 0..16 {
            m.set_pte(2, 0x10 + j, napot);
        }
        for j in 0..16 {
            let v = va(1, 2, 0x10 + j, 0xabc);
            let got = run(&mut m, v, Load, &ctx(AdPolicy::Svade)).unwrap();
            assert_eq!(
                got.physical_address(v),
                PhysAddr(((0x80120 + j) << 12) | 0xabc)
            );
            assert_eq!((got.page_shift(), got.size_name()), (16, "64 KiB"));
        }
        // Svadu sets A/D in the PTE the walk read, the one of that page.
        let mut m2 = m.clone();
        for j in 0..16 {
            m2.set_pte(2, 0x10 + j, napot & !(Pte::A | Pte::D));
        }
        let got = run(&mut m2, va(1, 2, 0x13, 0), Store, &ctx(AdPolicy::Svadu)).unwrap();
        assert_eq!(
            got.pte_addr,
            TestMemory::page(2).checked_add(0x13 * 8).unwrap()
        );
        assert_eq!(m2.get(got.pte_addr), napot);
        assert_eq!(
            m2.get(PhysAddr(got.pte_addr.0 + 8)),
            napot & !(Pte::A | Pte::D)
        );
    }

    #[test]
    fn step3_nonleaf_with_d_a_u_is_page_fault() {
        for bit in [Pte::D, Pte::A, Pte::U] {
            let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
            m.set_pte(1, 2, pointer(2) | bit);
            let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).unwrap_err();
            assert!(
                matches!(err, WalkError::NonLeafWithAdu { level: 1, .. }),
                "{err:?}"
            );
        }
        // G and the RSW bits are allowed in pointers.
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        m.set_pte(1, 2, pointer(2) | Pte::G | 0x300);
        assert!(run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade)).is_ok());
    }

    #[test]
    fn step4_pointer_at_level0_is_page_fault() {
        let (mut m, _) = three_levels(pointer(3));
        let err = run(&mut m, va4k(), Fetch, &ctx(AdPolicy::Svade)).unwrap_err();
        assert!(matches!(err, WalkError::NoLeaf { .. }), "{err:?}");
        assert_eq!(
            err.to_fault(Fetch, va4k()).cause,
            FaultCause::InstructionPageFault
        );
    }

    #[test]
    fn step5_leaf_permissions_use_privilege_sum_mxr() {
        let (mut m, _) = three_levels(leaf(DATA_PPN, Pte::X | Pte::U | Pte::A));
        let mut c = ctx(AdPolicy::Svade);
        let err = run(&mut m, va4k(), Fetch, &c).unwrap_err();
        assert!(matches!(
            err,
            WalkError::PermissionDenied {
                level: 0,
                rule: PermissionRule::SupervisorFetchFromUserPage,
                ..
            }
        ));
        c.privilege = crate::Privilege::User;
        assert!(run(&mut m, va4k(), Fetch, &c).is_ok());
        let err = run(&mut m, va4k(), Load, &c).unwrap_err();
        assert!(matches!(
            err,
            WalkError::PermissionDenied {
                rule: PermissionRule::NotReadable,
                ..
            }
        ));
        c.mxr = true;
        assert!(run(&mut m, va4k(), Load, &c).is_ok());
        let err = run(&mut m, va4k(), Store, &c).unwrap_err();
        assert_eq!(
            err.to_fault(Store, va4k()).cause,
            FaultCause::StorePageFault
        );
    }

    #[test]
    fn step5_permission_is_checked_before_misalignment_and_a_d() {
        // A misaligned, A = 0 gigapage the access may not use: step 5 wins.
        let mut m = TestMemory::new(1);
        m.set_pte(0, 1, leaf(0x40001, Pte::R));
        let err = run(&mut m, va(1, 0, 0, 0), Store, &ctx(AdPolicy::Svadu)).unwrap_err();
        assert!(
            matches!(err, WalkError::PermissionDenied { level: 2, .. }),
            "{err:?}"
        );
        assert_eq!(m.cas_calls, 0);
    }

    #[test]
    fn step6_superpage_misaligned() {
        // (level, ppn, misaligned)
        let table = [
            (2u32, 0x40000u64, false),
            (2, 0x40001, true),
            (2, 0x40100, true),
            (2, 0x40200, true),
            (1, 0x40200, false),
            (1, 0x40201, true),
            (1, 0x40100, true),
            (0, 0x40001, false),
        ];
        for (level, ppn, misaligned) in table {
            // The leaf sits at `level` on the path of va4k().
            let (mut m, addr) = three_levels(leaf(ppn, RWXAD));
            let addr = match level {
                2 => m.set_pte(0, 1, leaf(ppn, RWXAD)),
                1 => m.set_pte(1, 2, leaf(ppn, RWXAD)),
                _ => addr,
            };
            assert_eq!(
                is_misaligned_superpage(Pte(leaf(ppn, RWXAD)), level),
                misaligned
            );
            let got = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade));
            if misaligned {
                assert!(
                    matches!(got, Err(WalkError::MisalignedSuperpage { level: l, .. }) if l as u32 == level),
                    "level {level} ppn {ppn:#x}: {got:?}"
                );
            } else {
                let leaf = got.unwrap();
                assert_eq!((leaf.level, leaf.pte_addr), (level, addr));
            }
        }
    }

    #[test]
    fn step7_svade_faults_on_a_clear_and_on_store_with_d_clear() {
        // (flags, access, expected)
        type Expect = fn(&Result<Leaf, WalkError>) -> bool;
        let table: [(u64, AccessType, Expect); 5] = [
            (Pte::R | Pte::W, Load, |r| {
                matches!(r, Err(WalkError::AccessedClear { .. }))
            }),
            (Pte::R | Pte::W | Pte::D, Store, |r| {
                matches!(r, Err(WalkError::AccessedClear { .. }))
            }),
            (Pte::R | Pte::W | Pte::A, Store, |r| {
                matches!(r, Err(WalkError::DirtyClear { .. }))
            }),
            (Pte::R | Pte::W | Pte::A, Load, |r| r.is_ok()),
            (Pte::X | Pte::A, Fetch, |r| r.is_ok()),
        ];
        for (flags, access, expected) in table {
            let (mut m, at) = three_levels(leaf(DATA_PPN, flags));
            let before = m.get(at);
            let got = run(&mut m, va4k(), access, &ctx(AdPolicy::Svade));
            assert!(expected(&got), "flags {flags:#x} {access:?}: {got:?}");
            assert_eq!(m.get(at), before, "Svade never writes PTEs");
        }
    }

    #[test]
    fn step7_svadu_sets_a_and_on_store_d() {
        // (flags, access, bits set afterwards)
        let table = [
            (Pte::R | Pte::W, Load, Pte::A),
            (Pte::R | Pte::W, Store, Pte::A | Pte::D),
            (Pte::R | Pte::W | Pte::A, Store, Pte::A | Pte::D),
            (Pte::X, Fetch, Pte::A),
            (Pte::R | Pte::A, Load, Pte::A),
        ];
        for (flags, access, added) in table {
            let (mut m, at) = three_levels(leaf(DATA_PPN, flags));
            let mut stats = MmuStats::default();
            let got = walk(va4k(), access, &ctx(AdPolicy::Svadu), &mut m, &mut stats).unwrap();
            assert_eq!(
                m.get(at),
                leaf(DATA_PPN, flags | added),
                "{flags:#x} {access:?}"
            );
            assert_eq!(got.pte.0, m.get(at));
            let wrote = flags & added != added;
            assert_eq!(stats.pte_writes, wrote as u64);
            assert_eq!(m.cas_calls, wrote as u32);
        }
    }

    #[test]
    fn step7_svadu_never_updates_on_a_faulting_access() {
        let table = [
            (Pte::R, Store),         // step 5: not writable
            (Pte::R | Pte::U, Load), // step 5: U page without SUM
            (Pte::X, Load),          // step 5: not readable
        ];
        for (flags, access) in table {
            let (mut m, at) = three_levels(leaf(DATA_PPN, flags));
            assert!(run(&mut m, va4k(), access, &ctx(AdPolicy::Svadu)).is_err());
            assert_eq!(m.get(at), leaf(DATA_PPN, flags));
            assert_eq!(m.cas_calls, 0);
        }
        // Step 6: misaligned megapage with A = 0.
        let mut m = TestMemory::new(2);
        m.set_pte(0, 1, pointer(1));
        let at = m.set_pte(1, 2, leaf(0x40201, Pte::R));
        assert!(run(&mut m, va4k(), Load, &ctx(AdPolicy::Svadu)).is_err());
        assert_eq!(m.get(at), leaf(0x40201, Pte::R));
    }

    #[test]
    fn step7_svadu_update_outside_ram_is_access_fault() {
        let (mut m, _) = three_levels(leaf(DATA_PPN, Pte::R | Pte::W));
        m.read_only_pages.push(2);
        let err = run(&mut m, va4k(), Store, &ctx(AdPolicy::Svadu)).unwrap_err();
        assert!(
            matches!(err, WalkError::PteUpdateAccessFault { level: 0, .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_fault(Store, va4k()).cause,
            FaultCause::StoreAccessFault
        );
        // An access that needs no update does not touch the PTE.
        let (mut m, _) = three_levels(leaf(DATA_PPN, Pte::R | Pte::W | Pte::A));
        m.read_only_pages.push(2);
        assert!(run(&mut m, va4k(), Load, &ctx(AdPolicy::Svadu)).is_ok());
    }

    #[test]
    fn step7_svadu_changed_pte_returns_to_step2() {
        // The PTE changes under the update: the re-read value is used.
        let (mut m, at) = three_levels(leaf(DATA_PPN, Pte::R | Pte::W));
        m.interfere = Some((at, leaf(DATA_PPN + 1, Pte::R | Pte::W)));
        let mut stats = MmuStats::default();
        let got = walk(va4k(), Load, &ctx(AdPolicy::Svadu), &mut m, &mut stats).unwrap();
        assert_eq!(got.pte, Pte(leaf(DATA_PPN + 1, Pte::R | Pte::W | Pte::A)));
        assert_eq!(m.get(at), got.pte.0);
        assert_eq!(stats.walk_restarts, 1);
        assert_eq!(stats.pte_reads, 4, "three levels, then the leaf again");
        // If it became invalid meanwhile, the walk faults at step 3.
        let (mut m, at) = three_levels(leaf(DATA_PPN, Pte::R | Pte::W));
        m.interfere = Some((at, 0));
        let err = run(&mut m, va4k(), Load, &ctx(AdPolicy::Svadu)).unwrap_err();
        assert!(matches!(err, WalkError::InvalidPte { level: 0, .. }));
        assert_eq!(m.get(at), 0);
    }

    #[test]
    fn step8_physical_address_for_each_page_size() {
        // (vpn2, vpn1, vpn0, offset) -> pa, for a gigapage, megapage, page.
        let mut m = TestMemory::new(3);
        m.set_pte(0, 1, leaf(0xc0000, RWXAD)); // 1 GiB at PA 0xc000_0000
        m.set_pte(0, 2, pointer(1));
        m.set_pte(1, 5, leaf(0x80400, RWXAD)); // 2 MiB at PA 0x8040_0000
        m.set_pte(1, 6, pointer(2));
        m.set_pte(2, 7, leaf(DATA_PPN, RWXAD));
        let table = [
            (
                va(1, 0x1ab, 0x0cd, 0xef0),
                2,
                0xc000_0000 | (0x1ab << 21) | (0x0cd << 12) | 0xef0,
            ),
            (
                va(2, 5, 0x1ff, 0xfff),
                1,
                0x8040_0000 | (0x1ff << 12) | 0xfff,
            ),
            (va(2, 6, 7, 0x123), 0, (DATA_PPN << 12) | 0x123),
        ];
        for (v, level, pa) in table {
            let got = run(&mut m, v, Load, &ctx(AdPolicy::Svade)).unwrap();
            assert_eq!(got.level, level);
            assert_eq!(got.physical_address(v), PhysAddr(pa), "va {:#x}", v.0);
        }
    }

    #[test]
    fn upper_half_addresses_use_high_root_entries() {
        let mut m = TestMemory::new(1);
        m.set_pte(0, 511, leaf(0x80000, RWXAD | Pte::G));
        let v = VirtAddr(0xffff_ffff_c000_1234);
        let got = run(&mut m, v, Fetch, &ctx(AdPolicy::Svade)).unwrap();
        assert_eq!(got.physical_address(v), PhysAddr(0x8000_1234));
        assert!(got.global);
    }

    #[test]
    fn global_is_inherited_from_pointers() {
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        assert!(
            !run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade))
                .unwrap()
                .global
        );
        m.set_pte(0, 1, pointer(1) | Pte::G);
        assert!(
            run(&mut m, va4k(), Load, &ctx(AdPolicy::Svade))
                .unwrap()
                .global
        );
    }

    #[test]
    fn walk_counts_pte_reads() {
        let (mut m, _) = three_levels(leaf(DATA_PPN, RWXAD));
        let mut stats = MmuStats::default();
        walk(va4k(), Load, &ctx(AdPolicy::Svade), &mut m, &mut stats).unwrap();
        assert_eq!((stats.pte_reads, stats.pte_writes), (3, 0));
    }
}
