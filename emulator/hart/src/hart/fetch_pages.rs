//! Recent fetch pages: the pages the hart executed from lately, so that
//! going back to one of them (a call into a library function on another
//! page and its return, a comparator called through a pointer) costs a
//! tag compare instead of a translation, a PMP check and a block-map
//! lookup (`fetch.rs`).
//!
//! # Invariant
//!
//! An entry is a copy of a [`FetchPage`] that `fetch.rs` set up under the
//! current translation context: the fetch of that virtual page translated
//! to that RAM page, the PMP lets the hart execute the whole page, and the
//! page has that block map. It answers exactly what a new fetch-page setup
//! would answer, as long as
//! - the translation context is unchanged and no `sfence.vma` ran (the
//!   cache is emptied with the fetch page, `Hart::drop_page_caches`; the
//!   fetch page is a cache of the TLB, and so is this: section 4.3.2 of
//!   Privileged 20211203 lets a hart keep a translation until
//!   `sfence.vma`),
//! - the PMP is unchanged (a PMP write drops the page caches),
//! - the page's block map still belongs to the page (emptied when
//!   `Blocks` recycles a map slot) and still holds blocks of the page's
//!   current bytes: a hit is taken only while RAM still marks the page as
//!   holding decoded code (any write to it clears the mark, `fetch.rs`).

use super::epoch::{Epoch, NO_PAGE};
use super::fetch::FetchPage;
use mmu::PAGE_SIZE;

/// Entries: direct mapped by the low bits of the virtual page number.
const ENTRIES: usize = 64;

/// Where generated code finds the cache's parts (`jit_bridge.rs`).
pub(super) mod layout {
    use super::{Entry, FetchPages};
    use core::mem::{offset_of, size_of};
    pub(in crate::hart) const ENTRIES: usize = offset_of!(FetchPages, entries);
    pub(in crate::hart) const EPOCH: usize = offset_of!(FetchPages, epoch);
    pub(in crate::hart) const ENTRY_SIZE: usize = size_of::<Entry>();
    pub(in crate::hart) const KEY: usize = offset_of!(Entry, key);
    pub(in crate::hart) const PAGE: usize = offset_of!(Entry, page);
    pub(in crate::hart) const SLOTS: usize = super::ENTRIES;
}

#[derive(Clone, Copy, Debug)]
#[repr(C)]
struct Entry {
    key: u64,
    page: FetchPage,
}

/// Recent fetch pages, emptied in O(1) by starting a new epoch (as the
/// load and store page caches are, `data_pages.rs`).
#[derive(Debug)]
#[repr(C)]
pub(super) struct FetchPages {
    entries: [Entry; ENTRIES],
    epoch: Epoch,
}

impl Default for FetchPages {
    fn default() -> FetchPages {
        FetchPages {
            entries: [Entry {
                key: NO_PAGE,
                page: FetchPage::default(),
            }; ENTRIES],
            epoch: Epoch::default(),
        }
    }
}

impl FetchPages {
    #[inline(always)]
    fn slot(vpn: u64) -> usize {
        vpn as usize % ENTRIES
    }

    /// The cached fetch page of `pc`'s virtual page, if any.
    #[inline]
    pub(super) fn lookup(&self, pc: u64) -> Option<FetchPage> {
        let vpn = pc >> PAGE_SIZE.trailing_zeros();
        let e = self.entries.get(Self::slot(vpn))?;
        (e.key == self.epoch.key(vpn)).then_some(e.page)
    }

    /// Records the fetch page just set up for `page.va_page`.
    #[inline]
    pub(super) fn fill(&mut self, page: FetchPage) {
        let vpn = page.va_page() >> PAGE_SIZE.trailing_zeros();
        let key = self.epoch.key(vpn);
        if let Some(e) = self.entries.get_mut(Self::slot(vpn)) {
            *e = Entry { key, page };
        }
    }

    /// Forgets every page: a new epoch, in which no entry matches.
    #[inline(always)]
    pub(super) fn clear(&mut self) {
        if self.epoch.advance() {
            self.empty();
        }
    }

    /// Empties every entry (the epoch wrapped).
    #[cold]
    #[inline(never)]
    fn empty(&mut self) {
        for e in self.entries.iter_mut() {
            e.key = NO_PAGE;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn page(va_page: u64, base: usize) -> FetchPage {
        FetchPage::new(va_page, base, 0x3000)
    }

    #[test]
    fn a_filled_page_is_found_from_any_pc_on_it_until_cleared() {
        let mut c = FetchPages::default();
        assert!(c.lookup(0x8000_0000).is_none());
        c.fill(page(0x8000_0000, 512));
        assert_eq!(c.lookup(0x8000_0ffe).unwrap().va_page(), 0x8000_0000);
        assert!(c.lookup(0x8000_1000).is_none(), "the next page is not it");
        // A page with the same slot replaces it.
        c.fill(page(0x8000_0000 + (ENTRIES as u64) * PAGE_SIZE, 1024));
        assert!(c.lookup(0x8000_0000).is_none());
        c.fill(page(0x8000_0000, 512));
        c.clear();
        assert!(c.lookup(0x8000_0000).is_none(), "a new epoch forgets it");
    }

    #[test]
    fn clearing_through_every_epoch_never_revives_an_entry() {
        let mut c = FetchPages::default();
        c.fill(page(0x1000, 512));
        for _ in 0..=super::super::epoch::LAST_EPOCH + 2 {
            c.clear();
            assert!(c.lookup(0x1000).is_none());
        }
    }
}
