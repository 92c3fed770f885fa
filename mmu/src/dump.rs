//! Page-table dumps (`--dump-pt`, `monitor info mem`): every leaf of the
//! Sv39, Sv48 or Sv57 tree under a `satp` root, read through a [`PteReader`] (nothing is
//! written), merged into ranges of contiguous virtual and physical
//! addresses with identical flags and page size.
//!
//! Each PTE is judged by the same step 3, 4 and 6 checks the walk makes
//! (Privileged 20211203, section 4.3.2): V = 0 entries are simply unmapped;
//! malformed ones (reserved encodings, a pointer at level 0, a misaligned
//! superpage, a table outside main memory) are counted and the first few
//! listed. The tree is at most LEVELS (3, 4 or 5) deep whatever the PTEs
//! say, so a PTE pointing back at a table cannot make the dump loop. The
//! number of ranges kept is capped.
//!
//! Each PTE of a 64 KiB NAPOT range (Svnapot) maps its own 4 KiB page,
//! with the PPN the spec's implicit read gives it (ppn\[0\]\[3:0\] from the
//! VPN); sixteen consistent ones merge into one 64 KiB row. The memory type
//! of a leaf (Svpbmt) is shown after its page size when it is not PMA.

use core::fmt;

use crate::access::{AccessType, Privilege};
use crate::addr::{PhysAddr, VirtAddr, PAGE_SHIFT};
use crate::fault::WalkError;
use crate::hgatp::Hgatp;
use crate::perm;
use crate::port::PteReader;
use crate::pte::MemoryType;
use crate::pte::{Pte, PteFlags};
use crate::satp::{Satp, MAX_LEVELS};
use crate::walk::{is_misaligned_superpage, step3_check_encoding};

/// Slots of [`PageTableDump::leaves`], one per level.
const LEVELS: usize = MAX_LEVELS as usize;

/// The default cap on the number of ranges a dump keeps.
pub const MAX_RANGES: usize = 100_000;
/// How many bad entries a dump lists (all are counted).
pub const LISTED_BAD_ENTRIES: usize = 16;

/// Entries per table (PAGESIZE / PTESIZE).
const ENTRIES: u64 = 512;

/// Show only the leaves that some access could use at this privilege
/// with these SUM and MXR (step 5 of section 4.3.2; A/D are not checked,
/// since whether A = 0 faults depends on the A/D policy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DumpView {
    pub privilege: Privilege,
    pub sum: bool,
    pub mxr: bool,
}

impl DumpView {
    /// Whether a leaf with these flags allows any access in this view.
    fn allows(&self, pte: Pte) -> bool {
        [AccessType::Fetch, AccessType::Load, AccessType::Store]
            .into_iter()
            .any(|a| perm::check_leaf(pte, a, self.privilege, self.sum, self.mxr).is_ok())
    }
}

/// Consecutive leaves merged: `size` bytes from `va_start` map to `size`
/// bytes from `pa_start`, all with the same flags and page size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappingRange {
    /// Sign-extended (canonical) start.
    pub va_start: VirtAddr,
    pub pa_start: PhysAddr,
    pub size: u64,
    /// The leaf PTE's bits 7:1 (R W X U G A D), G set also when a pointer
    /// above the leaf is global (section 4.3.1). V is always set.
    pub flags: u8,
    /// The level of the leaves: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB,
    /// 3 = 512 GiB, 4 = 256 TiB.
    pub level: u32,
    /// The leaves are NAPOT PTEs (N = 1, level 0).
    pub napot: bool,
    /// Their memory type (PBMT).
    pub memory_type: MemoryType,
}

impl MappingRange {
    /// The last virtual address of the range.
    pub const fn va_last(&self) -> VirtAddr {
        VirtAddr(self.va_start.0.wrapping_add(self.size - 1))
    }
    /// The last physical address of the range.
    pub const fn pa_last(&self) -> PhysAddr {
        PhysAddr(self.pa_start.0.wrapping_add(self.size - 1))
    }
}

/// A malformed entry met in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadEntry {
    /// The first virtual address the entry would cover.
    pub va: VirtAddr,
    /// What the walk would say (`PteAccessFault` for a table outside
    /// main memory).
    pub error: WalkError,
}

/// The result of [`dump_page_tables`]: merged ranges, leaf and bad-entry
/// counts. `Display` prints a table like QEMU's `info mem` with every flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageTableDump {
    /// The root (for a G-stage dump, the `satp`-shaped view of `hgatp`).
    pub satp: Satp,
    /// `Some` for a dump of G-stage tables ([`dump_g_stage_tables`]):
    /// addresses are guest physical (zero-extended), the root has 2048
    /// entries, G bits are ignored.
    pub hgatp: Option<Hgatp>,
    pub view: Option<DumpView>,
    pub ranges: Vec<MappingRange>,
    /// More ranges existed than the cap allowed.
    pub truncated: bool,
    pub max_ranges: usize,
    /// Well-formed leaves found, per level (4 KiB, 2 MiB, 1 GiB, 512 GiB,
    /// 256 TiB); NAPOT PTEs count as 4 KiB leaves, and in `napot`.
    pub leaves: [u64; LEVELS],
    /// Well-formed NAPOT PTEs found.
    pub napot: u64,
    /// menvcfg.PBMTE the dump judged the PTEs under.
    pub pbmte: bool,
    /// Leaves the view hid.
    pub hidden: u64,
    /// Malformed entries found.
    pub bad_count: u64,
    /// The first [`LISTED_BAD_ENTRIES`] of them.
    pub bad: Vec<BadEntry>,
}

/// Dumps the page tables under `satp` (Sv39, Sv48 or Sv57; Bare gives an
/// empty dump) as the walk would judge them with menvcfg.PBMTE = `pbmte`,
/// keeping at most [`MAX_RANGES`] ranges.
pub fn dump_page_tables<R: PteReader + ?Sized>(
    satp: Satp,
    pbmte: bool,
    view: Option<DumpView>,
    mem: &mut R,
) -> PageTableDump {
    dump_page_tables_capped(satp, pbmte, view, MAX_RANGES, mem)
}

/// [`dump_page_tables`] with another cap on the number of ranges.
pub fn dump_page_tables_capped<R: PteReader + ?Sized>(
    satp: Satp,
    pbmte: bool,
    view: Option<DumpView>,
    max_ranges: usize,
    mem: &mut R,
) -> PageTableDump {
    let mut dump = PageTableDump {
        satp,
        hgatp: None,
        view,
        ranges: Vec::new(),
        truncated: false,
        max_ranges,
        leaves: [0; LEVELS],
        napot: 0,
        pbmte,
        hidden: 0,
        bad_count: 0,
        bad: Vec::new(),
    };
    dump.visit_root(mem);
    dump
}

/// Dumps the G-stage tables under `hgatp` (Sv39x4, Sv48x4, Sv57x4;
/// Privileged 20211203, section 8.5.1) with menvcfg.PBMTE = `pbmte`:
/// guest physical ranges to supervisor physical ranges, for `monitor pt`.
/// The U bit is shown as it stands (a G-stage leaf without U maps nothing
/// usable: every G-stage access is a U-mode access).
pub fn dump_g_stage_tables<R: PteReader + ?Sized>(
    hgatp: Hgatp,
    pbmte: bool,
    mem: &mut R,
) -> PageTableDump {
    let mut dump = dump_page_tables_capped(Satp(0), pbmte, None, MAX_RANGES, mem);
    dump.satp = hgatp.as_satp();
    dump.hgatp = Some(hgatp);
    dump.visit_root(mem);
    dump
}

impl PageTableDump {
    /// Walks the whole tree from the root.
    fn visit_root<R: PteReader + ?Sized>(&mut self, mem: &mut R) {
        let levels = self.satp.levels();
        if levels > 0 {
            self.visit(mem, self.satp.ppn().base(), levels - 1, 0, false);
        }
    }

    /// The VA bits 12 + 9 × LEVELS − 1 : 0 sign-extended to 64 (sections
    /// 4.4.1, 4.5.1, 4.6.1); a guest physical address as it is.
    fn sign_extend(&self, va: u64) -> VirtAddr {
        if self.hgatp.is_some() {
            return VirtAddr(va);
        }
        let unused = 64 - (PAGE_SHIFT + 9 * self.satp.levels());
        VirtAddr((((va << unused) as i64) >> unused) as u64)
    }
}

impl PageTableDump {
    /// Visits the table at `table`, level `level`, whose entries cover
    /// virtual addresses from `va_base` (bits 38:0).
    fn visit<R: PteReader + ?Sized>(
        &mut self,
        mem: &mut R,
        table: PhysAddr,
        level: u32,
        va_base: u64,
        global_above: bool,
    ) {
        let shift = PAGE_SHIFT + 9 * level;
        let lvl = level as u8;
        // Section 8.5.1: the G-stage root "is expanded by a factor of four".
        let g_stage = self.hgatp.is_some();
        let entries = if g_stage && level + 1 == self.satp.levels() {
            4 * ENTRIES
        } else {
            ENTRIES
        };
        for index in 0..entries {
            let va = va_base | (index << shift);
            let Some(pte_addr) = table.checked_add(index * Pte::SIZE) else {
                return;
            };
            let Some(raw) = mem.peek_pte(pte_addr) else {
                // The rest of the table is no more readable than this entry.
                self.bad_entry(
                    va,
                    WalkError::PteAccessFault {
                        level: lvl,
                        pte_addr,
                    },
                );
                return;
            };
            let pte = Pte(raw);
            if !pte.is_valid() {
                continue;
            }
            // N is read as Svnapot defines it (a dump shows encodings).
            if let Err(e) = step3_check_encoding(pte, lvl, self.pbmte, true) {
                self.bad_entry(va, e);
                continue;
            }
            if !pte.is_leaf() {
                if level == 0 {
                    self.bad_entry(va, WalkError::NoLeaf { pte });
                } else {
                    let g = (global_above || pte.g()) && !g_stage;
                    self.visit(mem, pte.ppn().base(), level - 1, va, g);
                }
                continue;
            }
            if is_misaligned_superpage(pte, level) {
                self.bad_entry(va, WalkError::MisalignedSuperpage { level: lvl, pte });
                continue;
            }
            self.leaf(va, pte, level, global_above);
        }
    }

    fn bad_entry(&mut self, va: u64, error: WalkError) {
        self.bad_count = self.bad_count.saturating_add(1);
        if self.bad.len() < LISTED_BAD_ENTRIES {
            self.bad.push(BadEntry {
                va: self.sign_extend(va),
                error,
            });
        }
    }

    fn leaf(&mut self, va: u64, pte: Pte, level: u32, global_above: bool) {
        if let Some(n) = self.leaves.get_mut(level as usize) {
            *n = n.saturating_add(1);
        }
        if let Some(view) = self.view {
            if !view.allows(pte) {
                self.hidden = self.hidden.saturating_add(1);
                return;
            }
        }
        let size = 1u64 << (PAGE_SHIFT + 9 * level);
        let g = if global_above { Pte::G } else { 0 };
        // "The G bit in all G-stage PTEs ... must be ignored by hardware."
        let ignored = if self.hgatp.is_some() { Pte::G } else { 0 };
        let flags = ((pte.0 | g) as u8) & !((Pte::V | ignored) as u8);
        // Step 8 for this entry's own page; for a NAPOT PTE (step 3 let it
        // through only at level 0) the implicit read replaces
        // ppn[0][3:0] by vpn[0][3:0].
        let napot = pte.n();
        let pa_start = if napot {
            (pte.ppn().base().0 & !0xffff) | (va & 0xf000)
        } else {
            pte.ppn().base().0 & !(size - 1)
        };
        if napot {
            self.napot = self.napot.saturating_add(1);
        }
        let memory_type = pte.memory_type();
        let range = MappingRange {
            va_start: self.sign_extend(va),
            pa_start: PhysAddr(pa_start),
            size,
            flags,
            level,
            napot,
            memory_type,
        };
        if let Some(last) = self.ranges.last_mut() {
            let follows = last.va_start.0.wrapping_add(last.size) == range.va_start.0
                && last.pa_start.0.wrapping_add(last.size) == range.pa_start.0;
            if follows
                && last.flags == flags
                && last.level == level
                && last.napot == napot
                && last.memory_type == memory_type
            {
                last.size += size;
                return;
            }
        }
        if self.ranges.len() < self.max_ranges {
            self.ranges.push(range);
        } else {
            self.truncated = true;
        }
    }

    /// Total well-formed leaves.
    pub fn leaf_count(&self) -> u64 {
        self.leaves.iter().sum()
    }
}

const fn page_column(level: u32, napot: bool) -> &'static str {
    match level {
        0 if napot => "64K",
        0 => "4K",
        1 => "2M",
        2 => "1G",
        3 => "512G",
        _ => "256T",
    }
}

impl fmt::Display for MappingRange {
    /// One row of the table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:#018x}-{:#018x} {:#018x}-{:#018x} {:<#10x} {}  {}",
            self.va_start.0,
            self.va_last().0,
            self.pa_start.0,
            self.pa_last().0,
            self.size,
            PteFlags(Pte(u64::from(self.flags))),
            page_column(self.level, self.napot)
        )?;
        match self.memory_type {
            MemoryType::Pma => Ok(()),
            t => write!(f, " {}", t.name()),
        }
    }
}

impl fmt::Display for PageTableDump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.hgatp, self.hgatp.and_then(Hgatp::mode)) {
            (Some(h), Some(mode)) if mode.levels() > 0 => write!(
                f,
                "hgatp: {} vmid {} root {:#x} (G-stage: gpa -> spa)",
                mode.name(),
                h.vmid().0,
                h.ppn().base().0
            )?,
            (Some(h), _) => return writeln!(f, "hgatp: {:#x}: Bare, no G-stage tables", h.0),
            (None, _) => self.write_satp(f)?,
        }
        self.write_body(f)
    }
}

impl PageTableDump {
    /// The header of a `satp` dump.
    fn write_satp(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.satp.mode() {
            Some(mode) if mode.levels() > 0 => write!(
                f,
                "satp: {} asid {} root {:#x}",
                mode.name(),
                self.satp.asid().0,
                self.satp.ppn().base().0
            ),
            _ => writeln!(f, "satp: {:#x}: Bare, no page tables", self.satp.0),
        }
    }

    /// Everything after the header.
    fn write_body(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.satp.levels() == 0 {
            return Ok(());
        }
        let [k4, m2, g1, t512, p256] = self.leaves;
        write!(
            f,
            ": {} leaves (4K {k4}, 2M {m2}, 1G {g1}",
            self.leaf_count()
        )?;
        if self.satp.levels() >= 4 {
            write!(f, ", 512G {t512}")?;
        }
        if self.satp.levels() >= 5 {
            write!(f, ", 256T {p256}")?;
        }
        if self.napot > 0 {
            write!(f, "; NAPOT {}", self.napot)?;
        }
        writeln!(f, ") in {} ranges", self.ranges.len())?;
        if let Some(v) = self.view {
            writeln!(
                f,
                "view: {}-mode SUM={} MXR={}, {} leaves without access hidden",
                v.privilege.letter(),
                v.sum as u8,
                v.mxr as u8,
                self.hidden
            )?;
        }
        writeln!(
            f,
            "{:<37} {:<37} {:<10} {:<8} page",
            "vaddr", "paddr", "size", "attr"
        )?;
        for r in &self.ranges {
            writeln!(f, "{r}")?;
        }
        if self.truncated {
            writeln!(f, "(truncated: more than {} ranges)", self.max_ranges)?;
        }
        if self.bad_count > 0 {
            writeln!(f, "{} bad entries:", self.bad_count)?;
            for b in &self.bad {
                writeln!(f, "  va {:#018x}: {}", b.va.0, b.error)?;
            }
            if self.bad_count > self.bad.len() as u64 {
                writeln!(f, "  ({} more)", self.bad_count - self.bad.len() as u64)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::{Asid, Ppn};
    use crate::satp::SatpMode;
    use crate::test_memory::*;

    const RWXAD: u64 = Pte::R | Pte::W | Pte::X | Pte::A | Pte::D;
    const RXUA: u64 = Pte::R | Pte::X | Pte::U | Pte::A | Pte::D;

    fn satp() -> Satp {
        Satp::new(SatpMode::Sv39, Asid(1), Ppn(BASE_PPN))
    }

    /// A small tree: root[0] -> page 1; page1[0] -> page 2 with three
    /// contiguous user pages at VPN 0x10..0x12 and one more at 0x13 that is
    /// writable (does not merge), a 2 MiB kernel megapage at page1[1], an
    /// upper-half 1 GiB global gigapage in root[511], and bad entries.
    fn tree() -> TestMemory {
        let mut m = TestMemory::new(3);
        m.set_pte(0, 0, pointer(1));
        m.set_pte(1, 0, pointer(2));
        for i in 0..3 {
            m.set_pte(2, 0x10 + i, leaf(0x80402 + i, RXUA));
        }
        m.set_pte(2, 0x13, leaf(0x80405, RXUA | Pte::W));
        // Contiguous VA but not PA: a separate range.
        m.set_pte(2, 0x14, leaf(0x80500, RXUA | Pte::W));
        m.set_pte(1, 1, leaf(0x80600, RWXAD));
        m.set_pte(0, 511, leaf(0x80000, RWXAD | Pte::G));
        // Bad: W without R, a misaligned megapage, a pointer at level 0,
        // a pointer to a table outside RAM; and V = 0 (just unmapped).
        m.set_pte(2, 0x20, leaf(0x80700, Pte::W));
        m.set_pte(1, 2, leaf(0x80601, RWXAD));
        m.set_pte(2, 0x21, pointer(0));
        m.set_pte(0, 3, Pte::V);
        m.set_pte(2, 0x22, leaf(0x80800, RWXAD) & !Pte::V);
        m
    }

    #[test]
    fn dump_golden() {
        let d = dump_page_tables(satp(), false, None, &mut tree());
        let want = "\
satp: Sv39 asid 1 root 0x80000000: 7 leaves (4K 5, 2M 1, 1G 1) in 5 ranges
vaddr                                 paddr                                 size       attr     page
0x0000000000010000-0x0000000000012fff 0x0000000080402000-0x0000000080404fff 0x3000     r-xu-ad  4K
0x0000000000013000-0x0000000000013fff 0x0000000080405000-0x0000000080405fff 0x1000     rwxu-ad  4K
0x0000000000014000-0x0000000000014fff 0x0000000080500000-0x0000000080500fff 0x1000     rwxu-ad  4K
0x0000000000200000-0x00000000003fffff 0x0000000080600000-0x00000000807fffff 0x200000   rwx--ad  2M
0xffffffffc0000000-0xffffffffffffffff 0x0000000080000000-0x00000000bfffffff 0x40000000 rwx-gad  1G
4 bad entries:
  va 0x0000000000020000: step 3: level 0 PTE 0x201c0005 [-w-----] has W=1 with R=0
  va 0x0000000000021000: step 4: level 0 PTE 0x20000001 is a pointer, no leaf found
  va 0x0000000000400000: step 6: level 1 superpage leaf 0x201804cf has a misaligned PPN 0x80601
  va 0x00000000c0000000: step 2: level 1 PTE at 0x0 is not in RAM
";
        assert_eq!(d.to_string(), want);
        assert!(!d.truncated);
    }

    #[test]
    fn contiguous_superpages_merge_and_global_is_inherited() {
        // Root[2] -> page 1 marked G; page1[0..4] four contiguous
        // megapages, page1[4] the same flags but a gap in PA.
        let mut m = TestMemory::new(2);
        m.set_pte(0, 2, pointer(1) | Pte::G);
        for i in 0..4 {
            m.set_pte(1, i, leaf(0x80000 + 0x200 * i, RWXAD));
        }
        m.set_pte(1, 4, leaf(0x90000, RWXAD));
        let d = dump_page_tables(satp(), false, None, &mut m);
        assert_eq!(
            d.ranges,
            vec![
                MappingRange {
                    va_start: VirtAddr(0x8000_0000),
                    pa_start: PhysAddr(0x8000_0000),
                    size: 4 << 21,
                    flags: (RWXAD | Pte::G) as u8,
                    level: 1,
                    napot: false,
                    memory_type: MemoryType::Pma
                },
                MappingRange {
                    va_start: VirtAddr(0x8080_0000),
                    pa_start: PhysAddr(0x9000_0000),
                    size: 1 << 21,
                    flags: (RWXAD | Pte::G) as u8,
                    level: 1,
                    napot: false,
                    memory_type: MemoryType::Pma
                },
            ]
        );
        assert_eq!(d.leaves, [0, 5, 0, 0, 0]);
    }

    #[test]
    fn pages_of_different_sizes_do_not_merge() {
        // A megapage followed by 4 KiB pages continuing it in VA and PA.
        let mut m = TestMemory::new(3);
        m.set_pte(0, 0, pointer(1));
        m.set_pte(1, 0, leaf(0x80000, RWXAD));
        m.set_pte(1, 1, pointer(2));
        m.set_pte(2, 0, leaf(0x80200, RWXAD));
        let d = dump_page_tables(satp(), false, None, &mut m);
        assert_eq!(d.ranges.len(), 2);
        assert_eq!((d.ranges[0].level, d.ranges[1].level), (1, 0));
    }

    #[test]
    fn view_hides_what_the_privilege_cannot_use() {
        // (privilege, SUM, MXR) -> how many ranges stay of the golden tree.
        let table = [
            (Privilege::User, false, false, 3),
            (Privilege::Supervisor, false, false, 2),
            (Privilege::Supervisor, true, false, 5),
        ];
        for (privilege, sum, mxr, ranges) in table {
            let view = DumpView {
                privilege,
                sum,
                mxr,
            };
            let d = dump_page_tables(satp(), false, Some(view), &mut tree());
            assert_eq!(d.ranges.len(), ranges, "{view:?}");
            assert_eq!(
                d.hidden
                    + d.ranges
                        .iter()
                        .map(|r| r.size >> (12 + 9 * r.level))
                        .sum::<u64>(),
                7
            );
            if privilege == Privilege::User {
                assert!(d.ranges.iter().all(|r| u64::from(r.flags) & Pte::U != 0));
            }
        }
        // An execute-only user page is visible to S-mode with SUM only for
        // loads, which need MXR as well.
        let mut m = TestMemory::new(1);
        m.set_pte(0, 0, leaf(0x80000, Pte::X | Pte::U | Pte::A));
        let s = |sum, mxr| DumpView {
            privilege: Privilege::Supervisor,
            sum,
            mxr,
        };
        assert!(
            dump_page_tables(satp(), false, Some(s(true, false)), &mut m)
                .ranges
                .is_empty()
        );
        assert_eq!(
            dump_page_tables(satp(), false, Some(s(true, true)), &mut m)
                .ranges
                .len(),
            1
        );
        let d = dump_page_tables(satp(), false, Some(s(false, false)), &mut m);
        assert!(d
            .to_string()
            .contains("view: S-mode SUM=0 MXR=0, 1 leaves without access hidden"));
    }

    #[test]
    fn tables_pointing_back_terminate_and_cap_ranges() {
        // Eight root entries point at the root itself: level 1 sees the
        // root's pointers, level 0 sees them as pointers at level 0.
        let mut m = TestMemory::new(1);
        for i in 0..8 {
            m.set_pte(0, i, pointer(0));
        }
        let d = dump_page_tables(satp(), false, None, &mut m);
        assert_eq!(d.bad_count, 8 * 8 * 8);
        assert_eq!(d.bad.len(), LISTED_BAD_ENTRIES);
        assert!(d
            .to_string()
            .contains(&format!("  ({} more)\n", 8 * 8 * 8 - 16)));
        assert!(d.ranges.is_empty());
        // Alternate flags on 4 KiB pages so no two merge, then cap.
        let mut m = TestMemory::new(2);
        m.set_pte(0, 0, pointer(1));
        m.set_pte(1, 0, pointer(1)); // level 0 table = page 1 itself
        for i in 1..512 {
            let extra = if i % 2 == 0 { Pte::D } else { 0 };
            m.set_pte(1, i, leaf(0x80000 + i, Pte::R | Pte::A | extra));
        }
        let d = dump_page_tables_capped(satp(), false, None, 100, &mut m);
        assert_eq!(d.ranges.len(), 100);
        assert!(d.truncated);
        assert!(d.to_string().contains("(truncated: more than 100 ranges)"));
    }

    #[test]
    fn sv48_dump_shows_terapages_napot_ranges_and_memory_types() {
        // Sv48 root page 0: root[0] -> 1 -> 2 -> 3 (level 0); sixteen
        // NAPOT PTEs at page3[0x10..0x20], an NC leaf at page3[0x20]; a
        // 512 GiB leaf at root[1]; a reserved NAPOT encoding at page3[0x30].
        let mut m = TestMemory::new(4);
        m.set_pte(0, 0, pointer(1));
        m.set_pte(1, 0, pointer(2));
        m.set_pte(2, 0, pointer(3));
        for j in 0..16 {
            m.set_pte(3, 0x10 + j, leaf(0x80128, RWXAD) | Pte::N);
        }
        m.set_pte(3, 0x20, leaf(0x80400, RWXAD) | 1 << 61);
        m.set_pte(3, 0x30, leaf(0x80124, RWXAD) | Pte::N);
        m.set_pte(0, 1, leaf(1 << 27, RWXAD));
        let satp = Satp::new(SatpMode::Sv48, Asid(1), Ppn(BASE_PPN));
        let d = dump_page_tables(satp, true, None, &mut m);
        let text = d.to_string();
        assert!(
            text.starts_with(
                "satp: Sv48 asid 1 root 0x80000000: 18 leaves \
                 (4K 17, 2M 0, 1G 0, 512G 1; NAPOT 16) in 3 ranges\n"
            ),
            "{text}"
        );
        let rows: Vec<_> = d
            .ranges
            .iter()
            .map(|r| (r.va_start.0, r.pa_start.0, r.size))
            .collect();
        assert_eq!(
            rows,
            [
                (0x1_0000, 0x8012_0000, 0x1_0000),
                (0x2_0000, 0x8040_0000, 0x1000),
                (1 << 39, 1 << 39, 1 << 39)
            ]
        );
        let lines: Vec<_> = text.lines().collect();
        assert!(lines[2].ends_with("rwx--ad  64K"), "{}", lines[2]);
        assert!(lines[3].ends_with("rwx--ad  4K NC"), "{}", lines[3]);
        assert!(lines[4].ends_with("rwx--ad  512G"), "{}", lines[4]);
        assert!(text.contains("reserved NAPOT encoding"), "{text}");
        // Under PBMTE = 0 the NC leaf is a bad entry instead.
        let d = dump_page_tables(satp, false, None, &mut m);
        assert_eq!((d.ranges.len(), d.bad_count), (2, 2));
    }

    #[test]
    fn bare_satp_dumps_nothing() {
        let d = dump_page_tables(Satp(0), false, None, &mut tree());
        assert!(d.ranges.is_empty());
        assert_eq!(d.to_string(), "satp: 0x0: Bare, no page tables\n");
    }

    #[test]
    fn g_stage_dump_reads_the_16_kib_root_and_zero_extends_gpas() {
        use crate::hgatp::{GStageMode, Vmid};
        let mut m = TestMemory::new(5);
        // Root entry 0x7fd (the fourth root page, slot 0x1fd): a gigapage
        // with G set, which the G-stage ignores. Root entry 0 -> page 4.
        m.set_pte(3, 0x1fd, leaf(0x40000, RWXAD | Pte::U | Pte::G));
        m.set_pte(0, 0, pointer(4));
        m.set_pte(4, 1, leaf(0x80200, RWXAD | Pte::U));
        let hgatp = Hgatp::new(GStageMode::Sv39x4, Vmid(5), Ppn(BASE_PPN));
        let d = dump_g_stage_tables(hgatp, true, &mut m);
        let rows: Vec<_> = d
            .ranges
            .iter()
            .map(|r| (r.va_start.0, r.pa_start.0, r.size, r.flags & Pte::G as u8))
            .collect();
        assert_eq!(
            rows,
            [
                (0x20_0000, 0x8020_0000, 0x20_0000, 0),
                (0x1ff_4000_0000, 0x4000_0000, 1 << 30, 0),
            ]
        );
        let text = d.to_string();
        assert!(
            text.starts_with("hgatp: Sv39x4 vmid 5 root 0x80000000"),
            "{text}"
        );
        // The same tables read as satp's Sv39 see only 512 root entries.
        let as_sv39 = dump_page_tables(
            Satp::new(SatpMode::Sv39, Asid(0), Ppn(BASE_PPN)),
            true,
            None,
            &mut m,
        );
        assert_eq!(as_sv39.ranges.len(), 1);
    }
}
