//! The translation lookaside buffer: a model of the "address-translation
//! cache" of Privileged 20211203, section 4.3.2 (after the algorithm), and
//! of its invalidation by `sfence.vma` (section 4.2.1).
//!
//! A reader may skip this file on first reading: with
//! [`MmuConfig::without_tlb`](crate::MmuConfig::without_tlb) every
//! translation walks, and the architecture is the same.

use crate::addr::{Asid, PhysAddr, VirtAddr, PAGE_SHIFT};
use crate::config::{Geometry, MmuConfig};
use crate::hgatp::Vmid;
use crate::perm;
use crate::pte::{MemoryType, Pte};
use crate::satp::MAX_LEVELS;
use crate::walk::Leaf;

/// [`Entry::attrs`]: G was set somewhere on the path to the leaf.
const ATTR_GLOBAL: u8 = 1;
/// [`Entry::attrs`]: the leaf was a NAPOT PTE (Svnapot).
const ATTR_NAPOT: u8 = 2;
/// [`Entry::attrs`]: the leaf's PBMT field (Svpbmt), bits 3:2.
const ATTR_PBMT_SHIFT: u32 = 2;

/// The tag of an empty way: no virtual address shifted right by 12 or more
/// bits can equal it.
const INVALID: u64 = u64::MAX;

/// What tags a TLB entry's address space: the ASID of `satp` for V = 0
/// entries ([`Asid`]), VMID and the ASID of `vsatp` for V = 1 entries
/// ([`GuestSpace`]). Monomorphised: the V = 0 TLB compiles to the code it
/// had before V = 1 entries existed.
pub trait SpaceTag: Copy + Eq + core::fmt::Debug {
    /// The tag of an empty entry (never looked at: its `tag` is invalid).
    const DEFAULT: Self;
    /// Whether an entry tagged `self` (`global` if G was set on its path)
    /// serves a translation under `current`.
    fn serves(self, global: bool, current: Self) -> bool;
}

impl SpaceTag for Asid {
    const DEFAULT: Asid = Asid(0);
    /// "if the ASID associated with the entry matches the ASID loaded in
    /// step 0 or if the entry is associated with a global mapping".
    #[inline(always)]
    fn serves(self, global: bool, current: Asid) -> bool {
        global || self == current
    }
}

/// The tag of a V = 1 entry (a combined VS-stage and G-stage translation):
/// the VMID of `hgatp` and the ASID of `vsatp`, or no ASID when `vsatp` is
/// Bare (then the entry is a G-stage translation alone).
///
/// ```text
///  31    30          16 15          0
/// | bare | VMID (14+1) | ASID (16)   |
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct GuestSpace(u32);

impl GuestSpace {
    /// The tag for `vmid` and the `vsatp` ASID (`None`: vsatp is Bare).
    #[inline]
    pub const fn new(vmid: Vmid, asid: Option<Asid>) -> GuestSpace {
        let low = match asid {
            Some(a) => a.0 as u32,
            None => 1 << 31,
        };
        GuestSpace(low | ((vmid.0 as u32 & 0x7fff) << 16))
    }
    /// The VMID of the entry.
    #[inline]
    pub const fn vmid(self) -> Vmid {
        Vmid(((self.0 >> 16) & 0x7fff) as u16)
    }
    /// The `vsatp` ASID, `None` for a G-stage-only entry.
    #[inline]
    pub const fn asid(self) -> Option<Asid> {
        if self.0 >> 31 != 0 {
            None
        } else {
            Some(Asid(self.0 as u16))
        }
    }
}

impl SpaceTag for GuestSpace {
    const DEFAULT: GuestSpace = GuestSpace(0);
    /// Same VMID and ASID, or a global VS-stage mapping of the same VMID
    /// (global mappings ignore the ASID, never the VMID).
    #[inline(always)]
    fn serves(self, global: bool, current: GuestSpace) -> bool {
        self == current || (global && self.0 >> 16 == current.0 >> 16)
    }
}

/// One cached leaf translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry<K> {
    /// `va >> shift`, all 64 bits of the address above the page offset,
    /// sign extension included: a non-canonical address never matches.
    tag: u64,
    /// The physical address of the first byte of the page.
    pa_base: u64,
    /// The address space of the entry: the ASID of `satp` when it was
    /// filled (ignored if global), or the VMID and `vsatp` ASID.
    asid: K,
    /// [`ATTR_GLOBAL`], [`ATTR_NAPOT`] and the PBMT field: one byte, so an
    /// entry stays 24 bytes.
    attrs: u8,
    /// The leaf PTE's bits 7:0 (V R W X U G A D).
    flags: u8,
    /// [`perm::grant_mask`] of those flags: under which access type,
    /// privilege, SUM and MXR a hit may answer without the walker (for a
    /// V = 1 entry, [`crate::two_stage::combined_grants`]).
    grants: u32,
}

impl<K: SpaceTag> Entry<K> {
    const EMPTY: Entry<K> = Entry {
        tag: INVALID,
        pa_base: 0,
        asid: K::DEFAULT,
        attrs: 0,
        flags: 0,
        grants: 0,
    };

    /// True when this entry translates the page `tag` for address space
    /// `asid` ([`SpaceTag::serves`]).
    #[inline(always)]
    fn matches(&self, tag: u64, asid: K) -> bool {
        self.tag == tag && self.asid.serves(self.global(), asid)
    }
    #[inline(always)]
    fn global(&self) -> bool {
        self.attrs & ATTR_GLOBAL != 0
    }
}

/// One set-associative array holding translations of one page size.
#[derive(Clone, Debug)]
struct Array<K> {
    /// log2 of the page size: 12, 21, 30, 39 or 48.
    shift: u32,
    ways: usize,
    set_mask: u64,
    /// `sets × ways` entries, set by set.
    entries: Vec<Entry<K>>,
    /// Per set, the way the next fill replaces when no way is empty.
    victim: Vec<u32>,
    geometry: Geometry,
}

impl<K: SpaceTag> Array<K> {
    fn new(shift: u32, geometry: Geometry) -> Array<K> {
        Array {
            shift,
            ways: geometry.ways,
            set_mask: (geometry.sets as u64).saturating_sub(1),
            entries: vec![Entry::EMPTY; geometry.entries],
            victim: vec![0; geometry.sets],
            geometry,
        }
    }

    /// The index of the first way of the set holding `tag`.
    #[inline(always)]
    fn set_start(&self, tag: u64) -> usize {
        (tag & self.set_mask) as usize * self.ways
    }

    #[inline(always)]
    fn set(&self, tag: u64) -> &[Entry<K>] {
        let start = self.set_start(tag);
        self.entries.get(start..start + self.ways).unwrap_or(&[])
    }

    #[inline(always)]
    fn set_mut(&mut self, tag: u64) -> &mut [Entry<K>] {
        let start = self.set_start(tag);
        let end = start + self.ways;
        self.entries.get_mut(start..end).unwrap_or(&mut [])
    }

    #[inline(always)]
    fn lookup(&self, va: VirtAddr, asid: K) -> Option<&Entry<K>> {
        let tag = va.0 >> self.shift;
        self.set(tag).iter().find(|e| e.matches(tag, asid))
    }

    /// [`Array::lookup`] as a hit: the physical address of `va` and the
    /// cached flags.
    #[inline(always)]
    fn hit(&self, va: VirtAddr, asid: K) -> Option<TlbHit> {
        self.lookup(va, asid).map(|e| TlbHit {
            pa: PhysAddr(e.pa_base | (va.0 & ((1u64 << self.shift) - 1))),
            flags: e.flags,
            grants: e.grants,
        })
    }

    fn fill(&mut self, tag: u64, new: Entry<K>) {
        let set_index = (tag & self.set_mask) as usize;
        let ways = self.ways;
        let victim = self.victim.get(set_index).copied().unwrap_or(0) as usize;
        let set = self.set_mut(tag);
        // Replace a stale copy of the same translation first, so one
        // address never has two entries in one array; then an empty way;
        // then round-robin.
        // One pass: the first stale copy, else the first empty way.
        let mut stale = None;
        let mut empty = None;
        for (w, e) in set.iter().enumerate() {
            if e.tag == tag && e.asid.serves(e.global() || new.global(), new.asid) {
                stale = Some(w);
                break;
            }
            if e.tag == INVALID && empty.is_none() {
                empty = Some(w);
            }
        }
        let (way, advance) = match stale.or(empty) {
            Some(w) => (w, false),
            None => (victim, true),
        };
        if let Some(slot) = set.get_mut(way) {
            *slot = new;
        }
        if advance {
            if let Some(v) = self.victim.get_mut(set_index) {
                let next = victim + 1;
                *v = if next >= ways { 0 } else { next as u32 };
            }
        }
    }

    /// Empties every entry for which `doomed` holds.
    fn retain_not(&mut self, doomed: impl Fn(&Entry<K>) -> bool) {
        for e in self.entries.iter_mut().filter(|e| e.tag != INVALID) {
            if doomed(e) {
                *e = Entry::EMPTY;
            }
        }
    }

    /// Empties the entries covering `va` for which `doomed` holds.
    fn retain_not_at(&mut self, va: VirtAddr, doomed: impl Fn(&Entry<K>) -> bool) {
        let tag = va.0 >> self.shift;
        for e in self.set_mut(tag).iter_mut().filter(|e| e.tag == tag) {
            if doomed(e) {
                *e = Entry::EMPTY;
            }
        }
    }

    fn occupancy(&self) -> usize {
        self.entries.iter().filter(|e| e.tag != INVALID).count()
    }
}

/// What a TLB hit hands back: the physical address and the cached leaf
/// flags, which the caller re-checks against the current access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TlbHit {
    pub pa: PhysAddr,
    /// The leaf PTE's bits 7:0 as they were when the entry was filled.
    pub flags: u8,
    /// [`perm::grant_mask`] of `flags`: test it with [`perm::grant_bit`].
    pub grants: u32,
}

/// A cached translation as [`Tlb::peek`] shows it, for the stale-TLB
/// check and the debugger: everything the entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachedTranslation {
    /// The physical address of the first byte of the cached page.
    pub pa_base: PhysAddr,
    /// The level of the leaf: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512
    /// GiB, 4 = 256 TiB.
    pub level: u32,
    /// The leaf PTE's bits 7:0 (V R W X U G A D) when the entry was filled.
    pub flags: u8,
    /// The ASID the entry was filled under.
    pub asid: Asid,
    /// G was set on the path to the leaf (the ASID does not matter).
    pub global: bool,
    /// The leaf was a NAPOT PTE; the entry holds its 4 KiB page only.
    pub napot: bool,
    /// The leaf's memory type (PBMT).
    pub memory_type: MemoryType,
    /// The entry's grant mask: [`perm::grant_mask`] of `flags` for a V = 0
    /// entry, the combined VS and G grants for a V = 1 entry.
    pub grants: u32,
}

impl CachedTranslation {
    /// The physical address `va` translates to through this entry.
    #[inline]
    pub const fn physical_address(&self, va: VirtAddr) -> PhysAddr {
        let low = (1u64 << (PAGE_SHIFT + 9 * self.level)) - 1;
        PhysAddr(self.pa_base.0 | (va.0 & low))
    }
}

/// The TLB: five set-associative arrays, one per page size (4 KiB, 2 MiB,
/// 1 GiB, 512 GiB, 256 TiB), each indexed by the low bits of the virtual
/// page number of its own size, so a superpage occupies exactly one entry.
/// A lookup probes the 4 KiB array first, then the larger ones in order,
/// each only if it was filled since the last full flush (an array never
/// filled since is empty): a miss under Sv39 with 4 KiB pages only probes
/// one array, and the 512 GiB and 256 TiB arrays cost nothing until Sv48
/// or Sv57 fills them.
///
/// A 64 KiB NAPOT leaf (Svnapot) is cached as one 4 KiB entry per 4 KiB
/// page touched, each with that page's physical address: Svnapot allows
/// entries "for any or all j" of the range, and its note asks software to
/// fence every 4 KiB page of a range it changes (or all), so
/// `sfence.vma vaddr` dropping only the entry of `vaddr` is exact.
///
/// # Invariant
///
/// An entry records the result of one *successful* walk of section 4.3.2:
/// the virtual page (full address bits above the page offset), the ASID in
/// `satp` at the time (or that the path was global), the physical page, the
/// leaf's flag bits V R W X U G A D as they stood in memory after the
/// walk's own A/D update, whether it was NAPOT, and its PBMT memory type.
/// Because it is filled only after the access passed steps 5–7, A = 1 in
/// every entry.
///
/// An entry does **not** record:
/// - the privilege, SUM or MXR it was filled under: every hit re-runs the
///   step 5 check ([`crate::perm::check_leaf`]) on the cached flags, so these
///   may change freely ("Changes to the sstatus fields SUM and MXR take
///   effect immediately, without the need to execute an SFENCE.VMA"). To
///   make that one bit test, the entry caches [`perm::grant_mask`] of its
///   flags, a pure function of them;
/// - that the page is dirty when it was not: a store hitting an entry with
///   D = 0 goes back to the walker, which faults (Svade) or updates the PTE
///   and refills (Svadu);
/// - `satp.MODE`: Bare translations never consult the TLB, but an entry
///   filled under Sv48 or Sv57 may hold an address that is not canonical
///   under a smaller mode (which must fault), and LEVELS changes how the
///   same tables are read. So a `satp` write that changes MODE between
///   Sv39, Sv48 and Sv57 empties the TLB ([`crate::Mmu::flush_tlb`]);
/// - menvcfg.PBMTE and menvcfg.ADUE, under which step 3 judged PBMT and
///   step 7 the A/D bits: a write of menvcfg that changes either empties
///   the TLB ([`crate::Mmu::flush_tlb`]; the spec would allow waiting for
///   an `sfence.vma`, section 3.1.18);
/// - `satp.PPN` or any PTE contents beyond the leaf flags above: changing a
///   PTE (leaf or not), or pointing an ASID at another root table, takes
///   effect only after an `sfence.vma` (or `sinval.vma`, Svinval) of a
///   covering scope. Writing `satp` without changing MODE flushes nothing;
///   ASID tags keep address spaces apart.
///
/// Hence: flush on `sfence.vma`/`sinval.vma`, on a change of satp.MODE and
/// on a change of menvcfg.PBMTE or ADUE, and nothing else. The hart's own
/// caches of TLB answers (its fetch page and load/store pages) are emptied
/// on every one of these and on every context change.
///
/// V = 1 entries live in a TLB of their own, `Tlb<GuestSpace>`: see
/// [`crate::virt`] for what they record.
#[derive(Clone, Debug)]
pub struct Tlb<K = Asid> {
    /// Indexed by leaf level: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512
    /// GiB, 4 = 256 TiB.
    arrays: [Array<K>; MAX_LEVELS as usize],
    /// Bit *i*: array *i* was filled since the last full flush (clear: it
    /// is empty, and lookups skip it).
    filled: u8,
}

/// The arrays every lookup probes: 4 KiB, 2 MiB and 1 GiB.
const COMMON_ARRAYS: usize = 3;

impl<K: SpaceTag> Tlb<K> {
    pub fn new(config: &MmuConfig) -> Tlb<K> {
        let small = Geometry::new(config.tlb_entries, config.tlb_ways);
        let (super_entries, super_ways) = if config.tlb_entries == 0 {
            (0, 0)
        } else {
            (config.superpage_entries, config.tlb_ways)
        };
        let big = Geometry::new(super_entries, super_ways);
        Tlb {
            arrays: [
                Array::new(PAGE_SHIFT, small),
                Array::new(PAGE_SHIFT + 9, big),
                Array::new(PAGE_SHIFT + 18, big),
                Array::new(PAGE_SHIFT + 27, big),
                Array::new(PAGE_SHIFT + 36, big),
            ],
            filled: 0,
        }
    }

    /// The geometry of the 4 KiB, 2 MiB, 1 GiB, 512 GiB and 256 TiB
    /// arrays, in that order.
    pub fn geometry(&self) -> [Geometry; MAX_LEVELS as usize] {
        self.arrays.each_ref().map(|a| a.geometry)
    }

    /// The translation of `va` cached for address space `asid`, if any: a
    /// tag compare per way of one set per page size, and an OR.
    #[inline(always)]
    pub fn lookup(&self, va: VirtAddr, asid: K) -> Option<TlbHit> {
        let filled = self.filled;
        let (common, huge) = self.arrays.split_at(COMMON_ARRAYS);
        for (level, array) in common.iter().enumerate() {
            if filled & (1 << level) == 0 {
                continue;
            }
            if let Some(hit) = array.hit(va, asid) {
                return Some(hit);
            }
        }
        if filled >> COMMON_ARRAYS != 0 {
            return self.lookup_huge(huge, va, asid);
        }
        None
    }

    /// The 512 GiB and 256 TiB arrays, out of line: Sv48 and Sv57 only.
    #[inline(never)]
    fn lookup_huge(&self, huge: &[Array<K>], va: VirtAddr, asid: K) -> Option<TlbHit> {
        huge.iter().find_map(|array| array.hit(va, asid))
    }

    /// The entry [`Tlb::lookup`] would use, with all it holds and its own
    /// tag; changes nothing. (`asid` of the answer is 0: see the tag.)
    pub(crate) fn peek_tagged(&self, va: VirtAddr, asid: K) -> Option<(CachedTranslation, K)> {
        self.arrays.iter().zip(0u32..).find_map(|(array, level)| {
            array.lookup(va, asid).map(|e| {
                let c = CachedTranslation {
                    pa_base: PhysAddr(e.pa_base),
                    level,
                    flags: e.flags,
                    asid: Asid(0),
                    global: e.global(),
                    napot: e.attrs & ATTR_NAPOT != 0,
                    memory_type: MemoryType::from_bits(u64::from(e.attrs >> ATTR_PBMT_SHIFT)),
                    grants: e.grants,
                };
                (c, e.asid)
            })
        })
    }

    /// Caches the result of a successful walk of `va` under `asid`.
    pub fn fill(&mut self, va: VirtAddr, asid: K, leaf: &Leaf) {
        let pbmt = ((leaf.pte.0 & Pte::PBMT_MASK) >> Pte::PBMT_SHIFT) as u8;
        self.fill_page(
            va,
            asid,
            FilledPage {
                level: leaf.level,
                pa: leaf.physical_address(va),
                global: leaf.global,
                napot: leaf.pte.n(),
                pbmt,
                flags: leaf.pte.0 as u8,
                grants: perm::grant_mask(leaf.pte),
            },
        );
    }

    /// Caches one translated page of the size of `page.level` holding `va`.
    pub(crate) fn fill_page(&mut self, va: VirtAddr, asid: K, page: FilledPage) {
        let Some(array) = self.arrays.get_mut(page.level as usize) else {
            return;
        };
        if array.ways == 0 {
            return;
        }
        self.filled |= 1 << page.level;
        let tag = va.0 >> array.shift;
        let page_mask = !((1u64 << array.shift) - 1);
        // Step 8 for `va`, cut to this array's page: for a NAPOT leaf, the
        // 4 KiB page of `va` inside the 64 KiB range.
        let pa_base = page.pa.0 & page_mask;
        let napot = if page.napot { ATTR_NAPOT } else { 0 };
        array.fill(
            tag,
            Entry {
                tag,
                pa_base,
                asid,
                attrs: u8::from(page.global) | napot | page.pbmt << ATTR_PBMT_SHIFT,
                flags: page.flags,
                grants: page.grants,
            },
        );
    }

    /// Empties the entries (all, or those covering `vaddr`) whose tag and
    /// global bit `doomed` selects.
    pub(crate) fn flush_where(
        &mut self,
        vaddr: Option<VirtAddr>,
        doomed: impl Fn(K, bool) -> bool,
    ) {
        for array in &mut self.arrays {
            match vaddr {
                None => array.retain_not(|e| doomed(e.asid, e.global())),
                Some(va) => array.retain_not_at(va, |e| doomed(e.asid, e.global())),
            }
        }
    }

    /// Empties every array: a change of something the entries do not
    /// record (see the invariant above), not an `sfence.vma`.
    pub fn flush(&mut self) {
        self.filled = 0;
        for array in &mut self.arrays {
            array.retain_not(|_| true);
        }
    }

    /// How many entries hold a translation (for tests and reports).
    pub fn occupancy(&self) -> usize {
        self.arrays.iter().map(Array::occupancy).sum()
    }
}

/// What [`Tlb::fill_page`] caches: one page of a translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FilledPage {
    /// The page size: 0 = 4 KiB ... 4 = 256 TiB.
    pub level: u32,
    /// The physical address of the filled virtual address.
    pub pa: PhysAddr,
    pub global: bool,
    pub napot: bool,
    /// The PBMT field of the effective memory type.
    pub pbmt: u8,
    pub flags: u8,
    pub grants: u32,
}

impl Tlb<Asid> {
    /// The entry [`Tlb::lookup`] would use for `va` under `asid`, with all
    /// it holds; like `lookup` it changes nothing (no replacement state, no
    /// counters).
    pub fn peek(&self, va: VirtAddr, asid: Asid) -> Option<CachedTranslation> {
        self.peek_tagged(va, asid)
            .map(|(c, asid)| CachedTranslation { asid, ..c })
    }

    /// `sfence.vma` (section 4.2.1), one arm per rs1/rs2 combination.
    /// `vaddr` is rs1's value when rs1 ≠ x0, `asid` rs2's when rs2 ≠ x0.
    pub fn sfence_vma(&mut self, vaddr: Option<VirtAddr>, asid: Option<Asid>) {
        if (vaddr, asid) == (None, None) {
            self.filled = 0;
        }
        for array in &mut self.arrays {
            match (vaddr, asid) {
                // rs1 = x0, rs2 = x0: "invalidates all address-translation
                // cache entries, for all address spaces."
                (None, None) => array.retain_not(|_| true),
                // rs1 = x0, rs2 ≠ x0: "all address-translation cache entries
                // matching the address space identified by integer register
                // rs2, except for entries containing global mappings."
                (None, Some(asid)) => array.retain_not(|e| !e.global() && e.asid == asid),
                // rs1 ≠ x0, rs2 = x0: "all address-translation cache entries
                // that contain leaf page table entries corresponding to the
                // virtual address in rs1, for all address spaces." An
                // invalid (non-canonical) address matches no tag, so the
                // fence has no effect, as the spec asks.
                (Some(va), None) => array.retain_not_at(va, |_| true),
                // rs1 ≠ x0, rs2 ≠ x0: those of them that "match the address
                // space identified by integer register rs2, except for
                // entries containing global mappings."
                (Some(va), Some(asid)) => {
                    array.retain_not_at(va, |e| !e.global() && e.asid == asid)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pte::Pte;

    const FLAGS: u64 = Pte::V | Pte::R | Pte::W | Pte::A | Pte::D;

    fn leaf(level: u32, ppn: u64, global: bool) -> Leaf {
        Leaf {
            pte: Pte((ppn << 10) | FLAGS | if global { Pte::G } else { 0 }),
            level,
            pte_addr: PhysAddr(0),
            global,
        }
    }

    fn tlb() -> Tlb {
        Tlb::new(&MmuConfig::default())
    }

    const A1: Asid = Asid(1);
    const A2: Asid = Asid(2);

    #[test]
    fn hit_returns_page_base_plus_offset_for_each_page_size() {
        // (level, va, ppn, probe va, expected pa)
        let table = [
            (
                0,
                0x4000_1000u64,
                0x80005u64,
                0x4000_1abcu64,
                0x8000_5abcu64,
            ),
            (1, 0x4020_0000, 0x80200, 0x403f_f123, 0x803f_f123),
            (2, 0x4000_0000, 0xc0000, 0x7fff_fff8, 0xffff_fff8),
            (
                2,
                0xffff_ffc0_0000_0000,
                0x80000,
                0xffff_ffc0_1234_5678,
                0x9234_5678,
            ),
        ];
        for (level, va, ppn, probe, pa) in table {
            let mut t = tlb();
            t.fill(VirtAddr(va), A1, &leaf(level, ppn, false));
            let hit = t.lookup(VirtAddr(probe), A1);
            assert_eq!(hit.map(|h| h.pa), Some(PhysAddr(pa)), "level {level}");
            assert_eq!(t.occupancy(), 1, "a superpage is one entry");
        }
    }

    #[test]
    fn terapages_and_petapages_are_one_entry_each() {
        // (level, va, ppn, probe va, expected pa)
        let table = [
            (
                3u32,
                1u64 << 39,
                1u64 << 27,
                (1 << 39) + 0x12_3456_789a,
                (1 << 39) + 0x12_3456_789a,
            ),
            (
                3,
                0xffff_ff80_0000_0000,
                0,
                0xffff_ff80_8000_1234,
                0x8000_1234,
            ),
            (
                4,
                1 << 48,
                1 << 36,
                (3 << 47) + 0x42,
                (1 << 48) + (1 << 47) + 0x42,
            ),
            (
                4,
                0xffff_0000_0000_0000,
                0,
                0xffff_00ab_cdef_0123,
                0xab_cdef_0123,
            ),
        ];
        for (level, va, ppn, probe, pa) in table {
            let mut t = tlb();
            t.fill(VirtAddr(va), A1, &leaf(level, ppn, false));
            assert_eq!(
                t.lookup(VirtAddr(probe), A1).map(|h| h.pa),
                Some(PhysAddr(pa)),
                "{va:#x}"
            );
            assert_eq!(t.peek(VirtAddr(probe), A1).map(|p| p.level), Some(level));
            assert_eq!(t.occupancy(), 1);
            t.sfence_vma(Some(VirtAddr(probe)), None);
            assert_eq!(t.occupancy(), 0, "sfence.vma of any address inside");
        }
    }

    #[test]
    fn huge_arrays_are_found_again_after_a_full_flush() {
        let mut t = tlb();
        for round in 0..3 {
            t.fill(VirtAddr(1 << 48), A1, &leaf(4, 1 << 36, false));
            t.fill(VirtAddr(1 << 39), A1, &leaf(3, 1 << 27, false));
            assert!(
                t.lookup(VirtAddr((1 << 48) + 8), A1).is_some(),
                "round {round}"
            );
            assert!(
                t.lookup(VirtAddr((1 << 39) + 8), A1).is_some(),
                "round {round}"
            );
            match round {
                0 => t.sfence_vma(None, None),
                1 => t.flush(),
                _ => t.sfence_vma(None, Some(A1)),
            }
            assert!(
                t.lookup(VirtAddr((1 << 48) + 8), A1).is_none(),
                "round {round}"
            );
        }
    }

    #[test]
    fn napot_leaf_fills_one_4k_entry_per_page_touched() {
        // A 64 KiB NAPOT leaf: ppn 0x80128 (low bits 1000), VA 0x40_0000.
        let napot = Leaf {
            pte: Pte((0x80128 << 10) | FLAGS | Pte::N | 1 << 61),
            level: 0,
            pte_addr: PhysAddr(0),
            global: false,
        };
        let mut t = tlb();
        t.fill(VirtAddr(0x40_3000), A1, &napot);
        t.fill(VirtAddr(0x40_f000), A1, &napot);
        assert_eq!(t.occupancy(), 2);
        let pa = |t: &Tlb, va: u64| t.lookup(VirtAddr(va), A1).map(|h| h.pa.0);
        assert_eq!(pa(&t, 0x40_3abc), Some(0x8012_3abc));
        assert_eq!(pa(&t, 0x40_f008), Some(0x8012_f008));
        assert_eq!(
            pa(&t, 0x40_4000),
            None,
            "page 4 of the range was not touched"
        );
        let p = t.peek(VirtAddr(0x40_3000), A1).unwrap();
        assert_eq!((p.level, p.napot, p.memory_type), (0, true, MemoryType::Nc));
        // sfence.vma of one page drops that page's entry only.
        t.sfence_vma(Some(VirtAddr(0x40_3000)), None);
        assert_eq!(
            (pa(&t, 0x40_3000), pa(&t, 0x40_f000)),
            (None, Some(0x8012_f000))
        );
        t.flush();
        assert_eq!(t.occupancy(), 0);
    }

    #[test]
    fn peek_shows_the_entry_lookup_uses() {
        let mut t = tlb();
        t.fill(VirtAddr(0x4020_0000), A1, &leaf(1, 0x80200, false));
        t.fill(VirtAddr(0x4000_0000), A2, &leaf(2, 0xc0000, true));
        let p = t.peek(VirtAddr(0x4021_2345), A1).unwrap();
        assert_eq!(
            p,
            CachedTranslation {
                pa_base: PhysAddr(0x8020_0000),
                level: 1,
                flags: FLAGS as u8,
                asid: A1,
                global: false,
                napot: false,
                memory_type: MemoryType::Pma,
                grants: perm::grant_mask(Pte(FLAGS)),
            }
        );
        assert_eq!(
            Some(p.physical_address(VirtAddr(0x4021_2345))),
            t.lookup(VirtAddr(0x4021_2345), A1).map(|h| h.pa)
        );
        // ASID 2 misses the 2 MiB entry and finds the global gigapage.
        let g = t.peek(VirtAddr(0x4021_2345), A2).unwrap();
        assert_eq!((g.level, g.global, g.asid), (2, true, A2));
        assert!(t.peek(VirtAddr(0x8000_0000), A1).is_none());
    }

    #[test]
    fn lookup_needs_matching_asid_unless_global() {
        let mut t = tlb();
        t.fill(VirtAddr(0x1000), A1, &leaf(0, 0x80001, false));
        t.fill(VirtAddr(0x2000), A1, &leaf(0, 0x80002, true));
        assert!(t.lookup(VirtAddr(0x1000), A1).is_some());
        assert!(t.lookup(VirtAddr(0x1000), A2).is_none());
        assert!(t.lookup(VirtAddr(0x2000), A2).is_some());
    }

    #[test]
    fn non_canonical_address_never_hits() {
        let mut t = tlb();
        t.fill(VirtAddr(0x1000), A1, &leaf(0, 0x80001, false));
        // Same bits 38:12, different bits 63:39.
        assert!(t.lookup(VirtAddr(0x0100_0000_0000_1000), A1).is_none());
    }

    #[test]
    fn refill_of_same_page_replaces_the_entry() {
        let mut t = tlb();
        t.fill(VirtAddr(0x1000), A1, &leaf(0, 0x80001, false));
        t.fill(VirtAddr(0x1000), A1, &leaf(0, 0x80009, false));
        assert_eq!(t.occupancy(), 1);
        assert_eq!(
            t.lookup(VirtAddr(0x1000), A1).map(|h| h.pa),
            Some(PhysAddr(0x8000_9000))
        );
    }

    #[test]
    fn full_set_evicts_round_robin() {
        let mut t = Tlb::new(&MmuConfig {
            tlb_entries: 4,
            tlb_ways: 2,
            superpage_entries: 0,
        });
        // Two sets of two ways: pages 0, 2, 4 all map to set 0.
        for (i, vpn) in [0u64, 2, 4].into_iter().enumerate() {
            t.fill(VirtAddr(vpn << 12), A1, &leaf(0, 0x80000 + i as u64, false));
        }
        assert_eq!(t.occupancy(), 2);
        assert!(t.lookup(VirtAddr(0), A1).is_none(), "oldest way evicted");
        assert!(t.lookup(VirtAddr(2 << 12), A1).is_some());
        assert!(t.lookup(VirtAddr(4 << 12), A1).is_some());
    }

    #[test]
    fn disabled_tlb_caches_nothing() {
        let mut t = Tlb::new(&MmuConfig::without_tlb());
        t.fill(VirtAddr(0x1000), A1, &leaf(0, 0x80001, false));
        t.fill(VirtAddr(0x4000_0000), A1, &leaf(2, 0xc0000, false));
        assert_eq!(t.occupancy(), 0);
        assert!(t.lookup(VirtAddr(0x1000), A1).is_none());
    }

    /// Fills, per ASID 1 and 2, a non-global 4 KiB page at 0x1000, a global
    /// 4 KiB page at 0x2000 (ASID 1 only), and a non-global 2 MiB page at
    /// 0x20_0000; returns which of the probes still hit after the fence.
    fn after_fence(vaddr: Option<u64>, asid: Option<Asid>) -> [bool; 6] {
        let mut t = tlb();
        for a in [A1, A2] {
            t.fill(VirtAddr(0x1000), a, &leaf(0, 0x80001, false));
            t.fill(VirtAddr(0x20_0000), a, &leaf(1, 0x80200, false));
        }
        t.fill(VirtAddr(0x2000), A1, &leaf(0, 0x80002, true));
        t.sfence_vma(vaddr.map(VirtAddr), asid);
        [
            t.lookup(VirtAddr(0x1000), A1).is_some(),
            t.lookup(VirtAddr(0x1000), A2).is_some(),
            t.lookup(VirtAddr(0x2000), A1).is_some(),
            t.lookup(VirtAddr(0x2000), A2).is_some(),
            t.lookup(VirtAddr(0x3f_f000), A1).is_some(),
            t.lookup(VirtAddr(0x3f_f000), A2).is_some(),
        ]
    }

    #[test]
    fn sfence_vma_scopes() {
        // Probes: [4K A1, 4K A2, global A1, global A2, 2M A1, 2M A2].
        let table: [(Option<u64>, Option<Asid>, [bool; 6]); 8] = [
            (None, None, [false; 6]),
            (None, Some(A1), [false, true, true, true, false, true]),
            (Some(0x1abc), None, [false, false, true, true, true, true]),
            (
                Some(0x1abc),
                Some(A2),
                [true, false, true, true, true, true],
            ),
            (Some(0x2000), Some(A1), [true; 6]),
            (Some(0x2000), None, [true, true, false, false, true, true]),
            // Any address inside the superpage reaches its one entry.
            (
                Some(0x30_0000),
                None,
                [true, true, true, true, false, false],
            ),
            (
                Some(0x30_0000),
                Some(A1),
                [true, true, true, true, false, true],
            ),
        ];
        for (vaddr, asid, expected) in table {
            assert_eq!(
                after_fence(vaddr, asid),
                expected,
                "sfence.vma {vaddr:x?}, {asid:?}"
            );
        }
    }

    #[test]
    fn sfence_vma_with_non_canonical_address_flushes_nothing() {
        assert_eq!(after_fence(Some(0x0100_0000_0000_1000), None), [true; 6]);
    }

    #[test]
    fn geometry_of_default_config() {
        let g = tlb().geometry();
        assert_eq!((g[0].entries, g[0].ways, g[0].sets), (64, 4, 16));
        for big in &g[1..] {
            assert_eq!((big.entries, big.ways, big.sets), (16, 4, 4));
        }
    }
}
