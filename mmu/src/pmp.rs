//! Physical memory protection (Privileged 20211203, section 3.7) and its
//! Smepmp extension (`mseccfg.MML`/`MMWP`/`RLB`, ratified "PMP Enhancements
//! for memory access and execution prevention on Machine mode", v1.0).
//!
//! Pure logic, no CPU: [`Pmp`] holds the `pmpcfg`/`pmpaddr`/`mseccfg` state
//! with their WARL write rules, and [`Pmp::check`] says whether a physical
//! access of `size` bytes at an effective privilege may proceed, or which
//! entry (and which rule) denied it. [`Pmp::page_outcome`] tells a cache
//! whether a whole 4 KiB page has one outcome, so that a page-granular
//! translation may be cached without bypassing a PMP decision.
//!
//! Entry *i* is configured by byte *i* of the `pmpcfg` registers (section
//! 3.7.1, Figure 3.32):
//!
//! ```text
//!   7   6   5   4   3   2   1   0
//! +---+-------+-------+---+---+---+
//! | L |  0 0  |   A   | X | W | R |     A: 0 OFF, 1 TOR, 2 NA4, 3 NAPOT
//! +---+-------+-------+---+---+---+
//! ```
//!
//! and `pmpaddr`*i* holds bits 55:2 of an address (54 bits on RV64).
//!
//! Settings (the spec's choices): the number of implemented entries
//! (0..=64, default 16) and the granularity G (a region is at least
//! 2^(G+2) bytes; default 0, 4 bytes, as QEMU and Spike).

use core::fmt;

use crate::access::{AccessType, Privilege};
use crate::addr::{PhysAddr, PAGE_SIZE};

/// The most PMP entries RV64 can have (section 3.7.1).
pub const MAX_ENTRIES: usize = 64;
/// Entries per `pmpcfg` register on RV64 (only the even ones exist).
const ENTRIES_PER_CFG: usize = 8;
/// The writable bits of a `pmpaddr` register on RV64: bits 55:2 of an
/// address (section 3.7.1, Figure 3.31).
pub const PMPADDR_MASK: u64 = (1 << 54) - 1;
/// The physical address space PMP addresses cover on RV64: 56 bits.
const PHYSICAL_SPACE: u64 = 1 << 56;
/// The largest granularity setting: a region as large as the address space.
pub const MAX_GRANULARITY: u8 = 52;

/// `pmpcfg` byte fields (section 3.7.1, Figure 3.32).
pub mod cfg {
    pub const R: u8 = 1 << 0;
    pub const W: u8 = 1 << 1;
    pub const X: u8 = 1 << 2;
    pub const A_SHIFT: u8 = 3;
    pub const A: u8 = 3 << A_SHIFT;
    pub const L: u8 = 1 << 7;
    /// Bits a write may set (6:5 are reserved, read as zero).
    pub const WRITABLE: u8 = L | A | X | W | R;
    pub const OFF: u8 = 0;
    pub const TOR: u8 = 1 << A_SHIFT;
    pub const NA4: u8 = 2 << A_SHIFT;
    pub const NAPOT: u8 = 3 << A_SHIFT;
}

/// `mseccfg` fields (Smepmp, CSR 0x747).
pub mod mseccfg {
    /// Machine Mode Lockdown: sticky once set.
    pub const MML: u64 = 1 << 0;
    /// Machine Mode Whitelist Policy: sticky once set.
    pub const MMWP: u64 = 1 << 1;
    /// Rule Locking Bypass.
    pub const RLB: u64 = 1 << 2;
}

/// How the PMP is built: the implementation choices of section 3.7.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmpConfig {
    /// Implemented entries (0..=64; the lowest-numbered ones). Default 16.
    /// With 0, every PMP CSR reads as zero and nothing is checked.
    pub entries: u8,
    /// The granularity G: regions are at least 2^(G+2) bytes; NA4 is not
    /// selectable when G ≥ 1. Default 0 (4 bytes), as QEMU and Spike.
    pub granularity: u8,
    /// Implement Smepmp (`mseccfg`). Default on; off, `mseccfg` reads as
    /// zero and ignores writes.
    pub smepmp: bool,
}

impl Default for PmpConfig {
    fn default() -> Self {
        PmpConfig {
            entries: 16,
            granularity: 0,
            smepmp: true,
        }
    }
}

/// Why the PMP refused an access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PmpRule {
    /// "If no PMP entry matches an S-mode or U-mode access, but at least
    /// one PMP entry is implemented, the access fails."
    NoMatch,
    /// "The matching PMP entry must match all bytes of an access, or the
    /// access fails, irrespective of the L, R, W, and X bits."
    PartialMatch,
    /// The matching entry's R/W/X (with L for M-mode, or the Smepmp MML
    /// table) does not grant the access.
    NotPermitted,
    /// Smepmp: mseccfg.MMWP = 1 and no entry matches an M-mode access.
    MachineWhitelist,
    /// Smepmp: mseccfg.MML = 1 and no entry matches an M-mode fetch.
    MachineFetchWithoutRule,
}

/// A PMP denial: the entry that decided (none for the no-match rules), its
/// configuration byte then, and the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PmpDenial {
    pub entry: Option<u8>,
    /// The entry's `pmpcfg` byte (0 without an entry).
    pub cfg: u8,
    pub rule: PmpRule,
}

/// The `A` field's name: OFF, TOR, NA4 or NAPOT.
pub const fn mode_name(c: u8) -> &'static str {
    match c & cfg::A {
        cfg::TOR => "TOR",
        cfg::NA4 => "NA4",
        cfg::NAPOT => "NAPOT",
        _ => "OFF",
    }
}

/// A `pmpcfg` byte as `NAPOT L rwx` (`-` for a clear permission).
#[derive(Clone, Copy, Debug)]
pub struct CfgFlags(pub u8);

impl fmt::Display for CfgFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        let bit = |b: u8, ch: char| if c & b != 0 { ch } else { '-' };
        write!(
            f,
            "{}{} {}{}{}",
            mode_name(c),
            if c & cfg::L != 0 { " L" } else { "" },
            bit(cfg::R, 'r'),
            bit(cfg::W, 'w'),
            bit(cfg::X, 'x')
        )
    }
}

impl fmt::Display for PmpDenial {
    /// Names the deciding entry: `PMP entry 3 [NAPOT L r--]`, or `no PMP
    /// entry` for the no-match rules.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entry {
            Some(i) => write!(f, "PMP entry {i} [{}]", CfgFlags(self.cfg)),
            None => write!(f, "no PMP entry"),
        }
    }
}

/// What every access of one type and privilege within a 4 KiB page gets
/// ([`Pmp::page_outcome`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageOutcome {
    /// Every access wholly inside the page is allowed: it may be cached.
    Allowed,
    /// Every access wholly inside the page is denied by this rule.
    Denied(PmpDenial),
    /// Entries begin or end inside the page: check each access.
    Mixed,
}

/// The bytes `[lo, hi)` an entry matches (`lo == hi`: none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Region {
    lo: u64,
    hi: u64,
}

/// The PMP of one hart.
#[derive(Clone, Debug)]
pub struct Pmp {
    config: PmpConfig,
    cfg: [u8; MAX_ENTRIES],
    /// The stored `pmpaddr` values (bits 53:0).
    addr: [u64; MAX_ENTRIES],
    mseccfg: u64,
    /// Derived from the above on every write: what each entry matches.
    regions: [Region; MAX_ENTRIES],
    /// Derived: whether an M-mode access can be denied at all: an L bit,
    /// MML/MMWP, or an enabled entry with a boundary below 2^56 (a partial
    /// match fails even in M-mode). False keeps M-mode on the unchecked
    /// path, as after the usual firmware setup (entry 0 NAPOT over every
    /// address, unlocked).
    machine_checked: bool,
    /// Derived: per privilege class (`[S/U, M]`) and access type
    /// (`[fetch, load, store]`), one range of addresses in which every
    /// access is allowed ([`Pmp::allowed_window`]): the check of an access
    /// or page wholly inside it is two comparisons instead of the scan of
    /// the entries. Empty when no entry grants that access.
    windows: [[Region; 3]; 2],
}

impl Default for Pmp {
    fn default() -> Self {
        Pmp::new(PmpConfig::default())
    }
}

/// Which bit of a `pmpcfg` byte grants `access` (outside Smepmp's MML).
const fn rwx_bit(access: AccessType) -> u8 {
    match access {
        AccessType::Fetch => cfg::X,
        AccessType::Load => cfg::R,
        AccessType::Store => cfg::W,
    }
}

/// Whether an entry with configuration `c` grants `access` at `privilege`
/// (section 3.7.1 "Locking and Privilege Mode"; with `mml`, the Smepmp
/// truth table of mseccfg.MML = 1).
pub const fn entry_grants(c: u8, access: AccessType, privilege: Privilege, mml: bool) -> bool {
    let machine = matches!(privilege, Privilege::Machine);
    let locked = c & cfg::L != 0;
    let rwx = c & (cfg::R | cfg::W | cfg::X);
    if !mml {
        // "When the L bit is clear, any M-mode access matching the PMP
        // entry will succeed; the R/W/X permissions apply only to S and U
        // modes."
        return (machine && !locked) || c & rwx_bit(access) != 0;
    }
    let load = matches!(access, AccessType::Load);
    let store = matches!(access, AccessType::Store);
    let fetch = matches!(access, AccessType::Fetch);
    if locked && rwx == cfg::R | cfg::W | cfg::X {
        // Locked shared data region: read-only for every mode.
        return load;
    }
    if rwx & (cfg::R | cfg::W) == cfg::W {
        // R = 0, W = 1: the shared regions.
        let x = rwx & cfg::X != 0;
        return if locked {
            // Shared code: execute for every mode; M may also read if X.
            fetch || (load && x && machine)
        } else if x {
            // Shared data: read/write for every mode.
            load || store
        } else {
            // Shared data: M read/write, S/U read-only.
            load || (store && machine)
        };
    }
    // L = 1: M-mode-only rules; L = 0: S/U-mode-only rules.
    machine == locked && c & rwx_bit(access) != 0
}

impl Pmp {
    /// A PMP at reset: every entry OFF and unlocked, `mseccfg` zero (section
    /// 3.7.1: "the pmpcfg A and L fields are reset to 0").
    pub fn new(mut config: PmpConfig) -> Pmp {
        config.entries = config.entries.min(MAX_ENTRIES as u8);
        config.granularity = config.granularity.min(MAX_GRANULARITY);
        Pmp {
            config,
            cfg: [0; MAX_ENTRIES],
            addr: [0; MAX_ENTRIES],
            mseccfg: 0,
            regions: [Region::default(); MAX_ENTRIES],
            machine_checked: false,
            windows: [[Region::default(); 3]; 2],
        }
    }

    /// The configuration this PMP was built with.
    pub fn config(&self) -> &PmpConfig {
        &self.config
    }

    /// Implemented entries.
    #[inline]
    pub fn entries(&self) -> usize {
        usize::from(self.config.entries)
    }

    /// Whether an access at `privilege` can ever be denied: S and U as
    /// soon as one entry is implemented; M only with a locked entry,
    /// Smepmp's MML/MMWP, or an enabled entry whose region ends or begins
    /// inside the 56-bit physical address space ("The matching PMP entry
    /// must match all bytes of an access, or the access fails,
    /// irrespective of the L, R, W, and X bits": an unlocked entry still
    /// fails an M-mode access it matches in part). When false,
    /// [`Pmp::check`] always succeeds for addresses below 2^56 (beyond, no
    /// memory answers anyway) and a caller may skip it.
    #[inline]
    pub fn is_enforced(&self, privilege: Privilege) -> bool {
        match privilege {
            Privilege::Machine => self.machine_checked,
            _ => self.config.entries != 0,
        }
    }

    /// The `pmpcfg` byte of entry `i` (0 when not implemented).
    pub fn cfg(&self, i: usize) -> u8 {
        if i < self.entries() {
            self.cfg.get(i).copied().unwrap_or(0)
        } else {
            0
        }
    }

    /// The bytes entry `i` matches, `[lo, hi)`; `None` when it matches none
    /// (OFF, an empty TOR range, or not implemented).
    pub fn region(&self, i: usize) -> Option<(PhysAddr, u64)> {
        let r = self.regions.get(i).copied().unwrap_or_default();
        (r.hi > r.lo).then_some((PhysAddr(r.lo), r.hi - r.lo))
    }

    /// Reads `pmpcfg`*reg* (RV64: `reg` even, 0..=14; the caller traps on
    /// odd numbers). Entries that are not implemented read as zero.
    pub fn read_pmpcfg(&self, reg: usize) -> u64 {
        let first = reg / 2 * ENTRIES_PER_CFG;
        (0..ENTRIES_PER_CFG).fold(0, |v, b| v | u64::from(self.cfg(first + b)) << (8 * b))
    }

    /// Writes `pmpcfg`*reg* (RV64, `reg` even) with the WARL rules of
    /// section 3.7.1: a locked entry ignores the write (unless
    /// mseccfg.RLB); bits 6:5 read as zero; R = 0 with W = 1 (reserved
    /// unless MML) is written as W = 0, as Spike does; NA4 becomes NAPOT
    /// when G ≥ 1; under MML, a new locked rule that would let M-mode
    /// execute, or a locked shared region, is ignored unless RLB (Smepmp).
    pub fn write_pmpcfg(&mut self, reg: usize, value: u64) {
        let first = reg / 2 * ENTRIES_PER_CFG;
        let rlb = self.mseccfg & mseccfg::RLB != 0;
        let mml = self.mseccfg & mseccfg::MML != 0;
        let n = self.entries();
        for b in 0..ENTRIES_PER_CFG {
            let i = first + b;
            let Some(slot) = self.cfg.get_mut(i).filter(|_| i < n) else {
                continue;
            };
            if *slot & cfg::L != 0 && !rlb {
                continue;
            }
            let mut c = (value >> (8 * b)) as u8 & cfg::WRITABLE;
            if !mml && c & (cfg::R | cfg::W) == cfg::W {
                c &= !cfg::W;
            }
            if self.config.granularity >= 1 && c & cfg::A == cfg::NA4 {
                c |= cfg::NAPOT;
            }
            let rwx = c & (cfg::R | cfg::W | cfg::X);
            let executable_or_shared = c & cfg::X != 0 || c & (cfg::R | cfg::W) == cfg::W;
            if mml
                && !rlb
                && c & cfg::L != 0
                && rwx != cfg::R | cfg::W | cfg::X
                && executable_or_shared
            {
                continue;
            }
            *slot = c;
        }
        self.derive();
    }

    /// Reads `pmpaddr`*i*, with the granularity's WARL view (section
    /// 3.7.1): for G ≥ 2 and NAPOT, bits G-2:0 read as ones; for G ≥ 1 and
    /// OFF or TOR, bits G-1:0 read as zeros.
    pub fn read_pmpaddr(&self, i: usize) -> u64 {
        if i >= self.entries() {
            return 0;
        }
        let raw = self.addr.get(i).copied().unwrap_or(0);
        let g = u32::from(self.config.granularity);
        if g == 0 {
            return raw;
        }
        if self.cfg(i) & cfg::A == cfg::NAPOT {
            if g >= 2 {
                (raw | ((1u64 << (g - 1)) - 1)) & PMPADDR_MASK
            } else {
                raw
            }
        } else {
            raw & !((1u64 << g) - 1)
        }
    }

    /// Writes `pmpaddr`*i*: ignored when entry *i* is locked, or when entry
    /// *i*+1 is a locked TOR entry (whose bottom it is), unless
    /// mseccfg.RLB (section 3.7.1 "Locking and Privilege Mode").
    pub fn write_pmpaddr(&mut self, i: usize, value: u64) {
        if i >= self.entries() {
            return;
        }
        let rlb = self.mseccfg & mseccfg::RLB != 0;
        let locked = self.cfg(i) & cfg::L != 0;
        let next = self.cfg(i + 1);
        let next_locked_tor = next & cfg::L != 0 && next & cfg::A == cfg::TOR;
        if rlb || !(locked || next_locked_tor) {
            if let Some(slot) = self.addr.get_mut(i) {
                *slot = value & PMPADDR_MASK;
            }
            self.derive();
        }
    }

    /// Reads `mseccfg` (zero without Smepmp).
    pub fn read_mseccfg(&self) -> u64 {
        self.mseccfg
    }

    /// Writes `mseccfg` (Smepmp): MML and MMWP are sticky (a write can set
    /// them, never clear them); RLB cannot be set once an entry is locked
    /// while it is clear.
    pub fn write_mseccfg(&mut self, value: u64) {
        if !self.config.smepmp || self.entries() == 0 {
            return;
        }
        let any_locked = (0..self.entries()).any(|i| self.cfg(i) & cfg::L != 0);
        let mut new = self.mseccfg | (value & (mseccfg::MML | mseccfg::MMWP));
        let rlb_stuck = any_locked && self.mseccfg & mseccfg::RLB == 0;
        if !rlb_stuck {
            new = (new & !mseccfg::RLB) | (value & mseccfg::RLB);
        }
        self.mseccfg = new;
        self.derive();
    }

    /// Recomputes the regions and `machine_checked` after a write.
    fn derive(&mut self) {
        let n = self.entries();
        let g = u32::from(self.config.granularity);
        let tor_mask = !((1u64 << g) - 1);
        let mut any_locked = false;
        let mut any_boundary = false;
        let mut below = 0u64;
        for i in 0..MAX_ENTRIES {
            let c = self.cfg(i);
            let raw = if i < n {
                self.addr.get(i).copied().unwrap_or(0)
            } else {
                0
            };
            any_locked |= c & cfg::L != 0;
            let region = match c & cfg::A {
                cfg::TOR => Region {
                    lo: below,
                    hi: (raw & tor_mask) << 2,
                },
                cfg::NA4 => Region {
                    lo: raw << 2,
                    hi: (raw << 2) + 4,
                },
                cfg::NAPOT => {
                    // pmpaddr = base/4 | (size/8 - 1): t trailing ones give
                    // a region of 2^(t+3) bytes (t ≤ 53: the value has 54
                    // bits). The read-back value honours G.
                    let a = self.read_pmpaddr(i);
                    let t = a.trailing_ones();
                    let lo = (a & !((1u64 << t) - 1)) << 2;
                    Region {
                        lo,
                        hi: lo + (8u64 << t),
                    }
                }
                _ => Region::default(),
            };
            // TOR: "If pmpaddr_{i-1} ≥ pmpaddr_i ... entry i matches no
            // addresses."
            let region = if region.hi > region.lo {
                region
            } else {
                Region::default()
            };
            let everything = region.lo == 0 && region.hi >= PHYSICAL_SPACE;
            any_boundary |= region.hi > region.lo && !everything;
            if let Some(r) = self.regions.get_mut(i) {
                *r = region;
            }
            below = (raw & tor_mask) << 2;
        }
        self.machine_checked =
            any_locked || any_boundary || self.mseccfg & (mseccfg::MML | mseccfg::MMWP) != 0;
        let mut windows = [[Region::default(); 3]; 2];
        for (class, privilege) in [(0, Privilege::Supervisor), (1, Privilege::Machine)] {
            for access in [AccessType::Fetch, AccessType::Load, AccessType::Store] {
                if let Some(w) = windows
                    .get_mut(class)
                    .and_then(|c| c.get_mut(access as usize))
                {
                    *w = self.allowed_window(access, privilege);
                }
            }
        }
        self.windows = windows;
    }

    /// The largest range of addresses in which every access of `access`
    /// type at `privilege` is allowed because one entry decides it: a part
    /// of the region of an entry *i* that grants the access which no
    /// lower-numbered entry's region overlaps. An access wholly inside it
    /// matches no entry below *i* in any byte and entry *i* in all bytes,
    /// so "the lowest-numbered PMP entry that matches any byte of an
    /// access" is *i*, and *i* grants it (section 3.7.1, "Priority and
    /// Matching Logic"). S and U get the same decisions from every entry
    /// (only M differs), so `privilege` is S (for S and U) or M. Recomputed
    /// on every CSR write; O(entries³) at worst, a few thousand steps for
    /// the usual handful of enabled entries.
    fn allowed_window(&self, access: AccessType, privilege: Privilege) -> Region {
        let mml = self.mseccfg & mseccfg::MML != 0;
        let n = self.entries();
        let mut best = Region::default();
        for (i, r) in self.regions.iter().enumerate().take(n) {
            if r.hi <= r.lo || !entry_grants(self.cfg(i), access, privilege, mml) {
                continue;
            }
            let lower = self.regions.get(..i).unwrap_or(&[]);
            let piece = largest_uncovered(*r, lower);
            if piece.hi - piece.lo > best.hi - best.lo {
                best = piece;
            }
        }
        best
    }

    /// Whether every access of `size` bytes at `lo` is allowed by the
    /// window of `access` at `privilege` (never for an empty access).
    #[inline(always)]
    fn in_window(&self, lo: u64, size: u64, access: AccessType, privilege: Privilege) -> bool {
        let class = usize::from(matches!(privilege, Privilege::Machine));
        let w = self
            .windows
            .get(class)
            .and_then(|c| c.get(access as usize))
            .copied()
            .unwrap_or_default();
        let hi = lo.wrapping_add(size);
        w.lo <= lo && lo < hi && hi <= w.hi
    }

    /// The outcome when no entry matches (section 3.7.1; Smepmp for M-mode).
    fn no_match(&self, access: AccessType, privilege: Privilege) -> Result<(), PmpDenial> {
        let rule = match privilege {
            Privilege::Machine if self.mseccfg & mseccfg::MMWP != 0 => PmpRule::MachineWhitelist,
            Privilege::Machine
                if self.mseccfg & mseccfg::MML != 0 && access == AccessType::Fetch =>
            {
                PmpRule::MachineFetchWithoutRule
            }
            Privilege::Machine => return Ok(()),
            _ if self.config.entries == 0 => return Ok(()),
            _ => PmpRule::NoMatch,
        };
        Err(PmpDenial {
            entry: None,
            cfg: 0,
            rule,
        })
    }

    /// The decision of matching entry `i` for `access` at `privilege`.
    fn decide(&self, i: usize, access: AccessType, privilege: Privilege) -> Result<(), PmpDenial> {
        let c = self.cfg(i);
        if entry_grants(c, access, privilege, self.mseccfg & mseccfg::MML != 0) {
            Ok(())
        } else {
            Err(PmpDenial {
                entry: Some(i as u8),
                cfg: c,
                rule: PmpRule::NotPermitted,
            })
        }
    }

    /// Checks a physical access of `size` bytes at `addr` (section 3.7.1
    /// "Priority and Matching Logic"): "The lowest-numbered PMP entry that
    /// matches any byte of an access determines whether that access
    /// succeeds or fails. The matching PMP entry must match all bytes of an
    /// access, or the access fails." `privilege` is the effective one: MPP
    /// for loads/stores under MPRV, S for page-table accesses.
    #[inline]
    pub fn check(
        &self,
        addr: PhysAddr,
        size: u64,
        access: AccessType,
        privilege: Privilege,
    ) -> Result<(), PmpDenial> {
        if !self.is_enforced(privilege) || self.in_window(addr.0, size, access, privilege) {
            return Ok(());
        }
        self.check_entries(addr.0, size, access, privilege)
    }

    #[cold]
    #[inline(never)]
    fn check_entries(
        &self,
        lo: u64,
        size: u64,
        access: AccessType,
        privilege: Privilege,
    ) -> Result<(), PmpDenial> {
        let hi = lo.saturating_add(size);
        for (i, r) in self.regions.iter().enumerate().take(self.entries()) {
            if r.hi <= lo || hi <= r.lo {
                continue;
            }
            if lo < r.lo || r.hi < hi {
                return Err(PmpDenial {
                    entry: Some(i as u8),
                    cfg: self.cfg(i),
                    rule: PmpRule::PartialMatch,
                });
            }
            return self.decide(i, access, privilege);
        }
        self.no_match(access, privilege)
    }

    /// What every access of `access` type at `privilege` wholly inside the
    /// 4 KiB page at `page` gets: the same decision for all of them (the
    /// first entry that overlaps the page covers it whole, or none overlaps
    /// it), or [`PageOutcome::Mixed`]. Only an `Allowed` page may be cached
    /// page-granularly; this is Spike's "homogeneous page" test.
    #[inline]
    pub fn page_outcome(
        &self,
        page: PhysAddr,
        access: AccessType,
        privilege: Privilege,
    ) -> PageOutcome {
        let lo = page.0 & !(PAGE_SIZE - 1);
        if !self.is_enforced(privilege) || self.in_window(lo, PAGE_SIZE, access, privilege) {
            return PageOutcome::Allowed;
        }
        self.page_outcome_scan(lo, access, privilege)
    }

    /// [`Pmp::page_outcome`] of the page at `lo` outside the allowed
    /// window: the scan of the entries.
    #[cold]
    #[inline(never)]
    fn page_outcome_scan(&self, lo: u64, access: AccessType, privilege: Privilege) -> PageOutcome {
        let hi = lo.saturating_add(PAGE_SIZE);
        let found = self
            .regions
            .iter()
            .enumerate()
            .take(self.entries())
            .find(|(_, r)| r.lo < hi && lo < r.hi);
        let decision = match found {
            Some((_, r)) if lo < r.lo || r.hi < hi => return PageOutcome::Mixed,
            Some((i, _)) => self.decide(i, access, privilege),
            None => self.no_match(access, privilege),
        };
        match decision {
            Ok(()) => PageOutcome::Allowed,
            Err(d) => PageOutcome::Denied(d),
        }
    }
}

/// The largest part of `r` that no region of `lower` overlaps (empty when
/// they cover it all). A part starts at `r.lo` or where a lower region
/// ends, and runs to the next lower region's start or `r.hi`.
fn largest_uncovered(r: Region, lower: &[Region]) -> Region {
    let starts = core::iter::once(r.lo).chain(
        lower
            .iter()
            .filter(|l| l.hi > l.lo && r.lo < l.hi && l.hi < r.hi)
            .map(|l| l.hi),
    );
    let mut best = Region::default();
    for s in starts {
        let covered = lower.iter().any(|l| l.lo <= s && s < l.hi);
        if covered {
            continue;
        }
        let end = lower
            .iter()
            .filter(|l| l.hi > l.lo && s < l.lo)
            .fold(r.hi, |end, l| end.min(l.lo));
        if end - s > best.hi - best.lo {
            best = Region { lo: s, hi: end };
        }
    }
    best
}

#[cfg(test)]
mod tests;
