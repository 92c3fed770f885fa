//! Guest main memory: one zero-initialised host buffer. Every access is
//! bounds-checked; the guest can never reach host memory outside it.
//!
//! RAM also keeps one byte of flags per 4 KiB page, so that one test per
//! write finds the writes someone must hear about:
//! - `CODE`: the hart may hold decoded instructions of the page
//!   ([`Ram::mark_code`]). Every write to such a page, whoever makes it (a
//!   hart store, an A/D update of the MMU, a device, the loader), clears
//!   the mark; the hart then drops its decoded copy of the page before
//!   executing from it again (Unprivileged 20191213, chapter 3: stores
//!   become visible to instruction fetch; rv64uziccid modifies code without
//!   `fence.i`).
//! - `WATCH`: the page holds a device register in RAM (HTIF `tohost`).
//!
//! A write to a page with either flag raises `flagged_write`.
//!
//! Setting a flag on a page that had none raises `newly_flagged`: the hart
//! keeps a cache of pages it may store to without looking at the flags
//! (its store page cache, `hart/data_pages.rs`), which it must empty then.

/// log2 of the page size the flags are kept at.
pub const CODE_PAGE_SHIFT: u32 = 12;
/// Page flag: the hart may hold decoded code of the page (also read by
/// generated code through [`Ram::host_view`]).
pub const CODE: u8 = 1;
/// Page flag: writes to the page are watched.
const WATCH: u8 = 2;

/// See [`Ram::host_view`].
#[derive(Clone, Copy, Debug)]
pub struct RamHostView {
    /// Physical address of the first byte.
    pub base: u64,
    /// Bytes of RAM.
    pub size: u64,
    /// The first byte.
    pub data: *mut u8,
    /// One flag byte per 4 KiB page ([`CODE_PAGE_SHIFT`]).
    pub flags: *const u8,
}

/// Guest RAM at physical address `base`.
#[derive(Debug)]
pub struct Ram {
    base: u64,
    data: Vec<u8>,
    /// Flags (`CODE`, `WATCH`) per page.
    flags: Vec<u8>,
    /// Set by a write to a flagged page; the hart clears it.
    flagged_write: bool,
    /// Set when a page with no flag got one; the hart clears it.
    newly_flagged: bool,
}

impl Ram {
    /// `size` bytes of zeroed RAM at `base`.
    pub fn new(base: u64, size: usize) -> Ram {
        Ram {
            base,
            data: vec![0; size],
            flags: vec![0; (size >> CODE_PAGE_SHIFT) + 1],
            flagged_write: false,
            newly_flagged: false,
        }
    }
    #[inline]
    pub fn base(&self) -> u64 {
        self.base
    }
    #[inline]
    pub fn size(&self) -> u64 {
        self.data.len() as u64
    }
    /// The offset of `[pa, pa + len)` in RAM, if it lies wholly inside.
    #[inline]
    pub fn offset(&self, pa: u64, len: u64) -> Option<usize> {
        let off = pa.wrapping_sub(self.base);
        if off < self.size() && len <= self.size() - off {
            Some(off as usize)
        } else {
            None
        }
    }
    /// Reads `N` bytes little-endian at RAM offset `off` (zero-extended).
    #[inline]
    pub fn read<const N: usize>(&self, off: usize) -> Option<u64> {
        let bytes: [u8; N] = self.data.get(off..off.checked_add(N)?)?.try_into().ok()?;
        let mut v = [0u8; 8];
        v[..N].copy_from_slice(&bytes);
        Some(u64::from_le_bytes(v))
    }
    /// Writes the low `N` bytes of `val` little-endian at RAM offset `off`.
    #[inline]
    pub fn write<const N: usize>(&mut self, off: usize, val: u64) -> Option<()> {
        let end = off.checked_add(N)?;
        let dst = self.data.get_mut(off..end)?;
        dst.copy_from_slice(&val.to_le_bytes()[..N]);
        self.note_write(off, end);
        Some(())
    }
    /// The bytes of `[pa, pa + len)`, if wholly inside RAM.
    pub fn slice(&self, pa: u64, len: usize) -> Option<&[u8]> {
        let off = self.offset(pa, len as u64)?;
        self.data.get(off..off + len)
    }
    /// The mutable bytes of `[pa, pa + len)`, if wholly inside RAM. The
    /// caller may write them all: they count as written.
    pub fn slice_mut(&mut self, pa: u64, len: usize) -> Option<&mut [u8]> {
        let off = self.offset(pa, len as u64)?;
        if len > 0 {
            self.note_write(off, off + len);
        }
        self.data.get_mut(off..off + len)
    }

    /// Reads `N` bytes little-endian at physical address `pa`, if they lie
    /// wholly inside RAM (one bounds check: an address below `base` wraps to
    /// an empty or inverted range).
    #[inline(always)]
    pub fn read_pa<const N: usize>(&self, pa: u64) -> Option<u64> {
        let off = pa.wrapping_sub(self.base) as usize;
        let bytes: [u8; N] = self.data.get(off..off.wrapping_add(N))?.try_into().ok()?;
        let mut v = [0u8; 8];
        v[..N].copy_from_slice(&bytes);
        Some(u64::from_le_bytes(v))
    }
    /// Writes the low `N` bytes of `val` at physical address `pa`, if they
    /// lie wholly inside RAM.
    #[inline(always)]
    pub fn write_pa<const N: usize>(&mut self, pa: u64, val: u64) -> Option<()> {
        let off = pa.wrapping_sub(self.base) as usize;
        let end = off.wrapping_add(N);
        let dst = self.data.get_mut(off..end)?;
        dst.copy_from_slice(&val.to_le_bytes()[..N]);
        self.note_write(off, end);
        Some(())
    }

    /// Records a write to `[off, end)` (a nonempty range inside RAM).
    #[inline(always)]
    fn note_write(&mut self, off: usize, end: usize) {
        let first = off >> CODE_PAGE_SHIFT;
        let last = (end - 1) >> CODE_PAGE_SHIFT;
        let flagged = |p: usize| self.flags.get(p).is_some_and(|&c| c != 0);
        if flagged(first) || flagged(last) {
            self.flagged_page_write(first, last);
        }
    }

    /// Clears the `CODE` flags of pages `first..=last`.
    #[cold]
    #[inline(never)]
    fn flagged_page_write(&mut self, first: usize, last: usize) {
        for p in first..=last {
            if let Some(c) = self.flags.get_mut(p) {
                *c &= !CODE;
            }
        }
        self.flagged_write = true;
    }

    /// Whether page `page` (RAM offset >> 12) is still marked as holding
    /// decoded code, i.e. has not been written since [`Ram::mark_code`].
    #[inline]
    pub fn is_code(&self, page: usize) -> bool {
        self.flags.get(page).is_some_and(|&c| c & CODE != 0)
    }
    /// Marks page `page` as holding decoded code.
    #[inline]
    pub fn mark_code(&mut self, page: usize) {
        if let Some(c) = self.flags.get_mut(page) {
            self.newly_flagged |= *c == 0;
            *c |= CODE;
        }
    }
    /// Forgets that page `page` holds decoded code.
    #[inline]
    pub fn unmark_code(&mut self, page: usize) {
        if let Some(c) = self.flags.get_mut(page) {
            *c &= !CODE;
        }
    }
    /// Watches writes to the page holding physical address `pa` (if RAM).
    pub fn watch(&mut self, pa: u64) {
        if let Some(off) = self.offset(pa, 1) {
            if let Some(c) = self.flags.get_mut(off >> CODE_PAGE_SHIFT) {
                self.newly_flagged |= *c == 0;
                *c |= WATCH;
            }
        }
    }
    /// Whether a page with no flag got one (a code mark, a watch) since
    /// the last call; clears it.
    #[inline]
    pub fn take_newly_flagged(&mut self) -> bool {
        std::mem::take(&mut self.newly_flagged)
    }
    /// Whether any page holding a byte of `[pa, pa + len)` is flagged
    /// (bytes outside RAM have no flags).
    pub fn any_flagged(&self, pa: u64, len: u64) -> bool {
        let base = u128::from(self.base);
        let lo = u128::from(pa).max(base);
        let hi = (u128::from(pa) + u128::from(len)).min(base + u128::from(self.size()));
        if lo >= hi {
            return false;
        }
        let first = ((lo - base) >> CODE_PAGE_SHIFT) as usize;
        let last = ((hi - 1 - base) >> CODE_PAGE_SHIFT) as usize;
        self.flags
            .get(first..=last)
            .is_some_and(|f| f.iter().any(|&c| c != 0))
    }
    /// Whether a write hit a flagged page since the last call; clears it.
    #[inline]
    pub fn take_flagged_write(&mut self) -> bool {
        std::mem::take(&mut self.flagged_write)
    }
    /// Where the bytes and the page flags live in host memory, for code
    /// generated at run time (the hart's compiling tier) that does the
    /// same bounds check and flag test as [`Ram::write_pa`] inline. Both
    /// buffers are allocated once in [`Ram::new`] and never move or grow,
    /// so the pointers stay valid as long as this `Ram`. A flag byte other
    /// than zero means "take the slow path" (`CODE` or `WATCH`).
    pub fn host_view(&mut self) -> RamHostView {
        RamHostView {
            base: self.base,
            size: self.size(),
            data: self.data.as_mut_ptr(),
            flags: self.flags.as_ptr(),
        }
    }
    /// Whether a write hit a flagged page (without clearing it).
    #[inline(always)]
    pub fn flagged_write(&self) -> bool {
        self.flagged_write
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn accesses_outside_ram_are_refused() {
        let mut ram = Ram::new(0x8000_0000, 0x1000);
        assert_eq!(ram.offset(0x8000_0ffc, 4), Some(0xffc));
        assert_eq!(ram.offset(0x8000_0ffd, 4), None);
        assert_eq!(ram.offset(0x7fff_ffff, 1), None);
        assert_eq!(ram.offset(u64::MAX, 8), None);
        assert!(ram.write::<8>(0xff8, 0x1122_3344_5566_7788).is_some());
        assert_eq!(ram.read::<4>(0xffc), Some(0x1122_3344));
        assert_eq!(ram.read::<8>(0xffc), None);
    }

    #[test]
    fn a_write_to_a_code_page_clears_its_mark_and_reports_it() {
        let mut ram = Ram::new(0x8000_0000, 0x4000);
        ram.mark_code(1);
        ram.mark_code(3);
        // Writes to unmarked pages leave the marks alone.
        ram.write::<8>(0x0ff8, 1).unwrap();
        ram.write::<4>(0x2000, 1).unwrap();
        assert!(!ram.take_flagged_write());
        assert!(ram.is_code(1) && ram.is_code(3));
        // A write straddling pages 0 and 1 hits page 1.
        ram.write::<4>(0x0ffe, 1).unwrap();
        assert!(ram.take_flagged_write());
        assert!(!ram.take_flagged_write(), "take clears the flag");
        assert!(!ram.is_code(1) && ram.is_code(3));
        // Bulk writes count too.
        ram.slice_mut(0x8000_3ff0, 4).unwrap().fill(0);
        assert!(ram.take_flagged_write());
        assert!(!ram.is_code(3));
        assert!(ram.slice_mut(0x8000_0000, 0).is_some());
    }

    #[test]
    fn watched_pages_report_every_write_and_stay_watched() {
        let mut ram = Ram::new(0x8000_0000, 0x2000);
        ram.watch(0x8000_1040);
        ram.write_pa::<4>(0x8000_0ffc, 1).unwrap();
        assert!(!ram.take_flagged_write());
        for _ in 0..2 {
            ram.write_pa::<8>(0x8000_1000, 1).unwrap();
            assert!(ram.take_flagged_write());
        }
        assert!(!ram.is_code(1), "a watch is not a code mark");
    }

    #[test]
    fn new_flags_are_reported_once_and_ranges_see_flags() {
        let mut ram = Ram::new(0x8000_0000, 0x3000);
        assert!(!ram.take_newly_flagged());
        ram.mark_code(1);
        assert!(ram.take_newly_flagged());
        assert!(!ram.take_newly_flagged(), "take clears it");
        ram.mark_code(1);
        ram.watch(0x8000_1008);
        assert!(!ram.take_newly_flagged(), "the page was flagged already");
        ram.watch(0x8000_2000);
        assert!(ram.take_newly_flagged());
        ram.mark_code(9); // outside RAM: nothing
        assert!(!ram.take_newly_flagged());
        assert!(!ram.any_flagged(0x8000_0000, 0x1000));
        assert!(ram.any_flagged(0x8000_0800, 0x1000));
        assert!(ram.any_flagged(0x8000_1fff, 1));
        assert!(ram.any_flagged(0x7fff_f000, 0x2001));
        assert!(!ram.any_flagged(0x7fff_f000, 0x2000));
        assert!(!ram.any_flagged(0x8000_1000, 0));
        assert!(!ram.any_flagged(0x8000_3000, 0x1000));
        assert!(!ram.any_flagged(u64::MAX, 2));
        assert!(ram.any_flagged(0, u64::MAX));
    }

    #[test]
    fn physical_accesses_outside_ram_are_refused() {
        let mut ram = Ram::new(0x8000_0000, 0x1000);
        assert_eq!(
            ram.write_pa::<8>(0x8000_0ff8, 0x1122_3344_5566_7788),
            Some(())
        );
        assert_eq!(ram.read_pa::<4>(0x8000_0ffc), Some(0x1122_3344));
        assert_eq!(ram.read_pa::<8>(0x8000_0ffc), None);
        assert_eq!(ram.write_pa::<2>(0x8000_0fff, 0), None);
        assert_eq!(ram.read_pa::<1>(0x7fff_ffff), None);
        assert_eq!(ram.read_pa::<8>(0x7fff_fffc), None);
        assert_eq!(ram.read_pa::<8>(u64::MAX), None);
        assert_eq!(ram.write_pa::<1>(u64::MAX, 0), None);
    }
}
