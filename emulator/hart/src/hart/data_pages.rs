//! The hart's page caches for loads and stores: the data-side counterpart
//! of the fetch page (`fetch.rs`), so that a load or store to a recently
//! used page costs one tag compare and one add instead of a call into the
//! MMU.
//!
//! # Invariant
//!
//! An entry of the load (store) cache records that a load (store) to that
//! virtual page was translated successfully by [`mmu::Mmu::translate`]
//! under the hart's current translation context, and the physical page it
//! gave. That translation left a TLB entry behind which would answer the
//! same access type the same way without a walk until an `sfence.vma`
//! covering it (Privileged 20211203, section 4.3.2: the walk succeeded, so
//! the leaf allowed this access type under this privilege, SUM and MXR, and
//! its A bit — and for a store its D bit — was set, in memory and in the
//! entry). A store entry therefore never bypasses a store that would have
//! to fault or update D: such a store never succeeds, so it is never
//! cached. A hit here answers exactly what the TLB would have answered.
//!
//! What an entry does not record — the privilege, SUM, MXR, MPRV/MPP and
//! `satp` it was filled under — is why both caches are emptied whenever
//! the hart recomputes its translation contexts (`Hart::update_contexts`),
//! and on every `sfence.vma`, whatever its scope (section 4.2.1). They are
//! a cache of the TLB, not an architectural structure; keeping them is
//! never more permissive than keeping the TLB entry they came from.
//!
//! PMP (`pmp.rs`): an entry is filled only when the PMP allows that access
//! type at that privilege on the whole 4 KiB physical page, so a hit never
//! skips a PMP decision; every PMP CSR write empties both caches.
//!
//! # The store cache: stores nobody must notice
//!
//! The store cache holds more than translations: a store that hits it may
//! be made without any further test (the compiling tier's inline store
//! and FP store do exactly that, `jit/compiler.rs`). So, besides the
//! above, a store entry's physical page
//!
//! - has no RAM flag (`rvmmu_devices::ram`): it holds no decoded code
//!   (`CODE`: a store there must drop the decoded copy and end the running
//!   block: rvmmu makes a store visible to this hart's later fetches at
//!   once, which Unprivileged 20191213, chapter 3 allows and rv64uziccid
//!   relies on), and no watched device register (`WATCH`: HTIF `tohost`,
//!   which acts on every store);
//! - does not contain the doubleword of the LR reservation (the
//!   reservation set, an aligned doubleword): a store there breaks the
//!   reservation, so that a following SC fails, as the interpreter and
//!   Spike do (Unprivileged 20191213, section 8.2, lets an SC fail after a
//!   store of its own hart to the reservation set).
//!
//! Both hold when an entry is filled (`Hart::translate_data_miss` looks at
//! the page's flags and at the reservation) and are kept by emptying the
//! store cache whenever either could stop holding: when RAM flags a page
//! that had no flag (`Ram::take_newly_flagged`, looked at by
//! `Hart::notice_new_flags` after `fetch.rs` marks a page whose blocks it
//! decodes, and after the run loop sets the HTIF watch), and when an LR
//! sets the reservation (`Hart::load_reserved`). Nothing else sets a flag
//! or the reservation; clearing a flag (a write to a code page, a slot
//! recycled) or the reservation (SC, a trap, xRET, a store to it) keeps
//! both. The slow paths (`Hart::store_phys`, and compiled code's bare
//! stores, which use no cache) still test the flags and the reservation
//! on every store. An SC or AMO may hit too: it goes through
//! `Hart::store_phys` anyway. The load cache has no such invariant.
//!
//! # Bare data accesses
//!
//! With no translation and no PMP to check (the hart's `data_bare`) the
//! interpreter never looks the caches up; compiled code does, so that its
//! inline access has one form whatever the mode, and its slow path fills
//! them with identity translations of guest RAM pages
//! (`Hart::fill_bare`), store entries under the store cache's invariant
//! above. Every change of translation context empties both caches
//! (`Hart::update_contexts`, which computes `data_bare`), so an entry
//! filled bare never answers a translated access, nor the reverse.
//!
//! A hit counts as a TLB hit in the MMU's statistics (`mmu.tlb.hits`:
//! translations satisfied without a walk), except under bare data
//! accesses, where nothing is counted (as the interpreter counts nothing).

use super::epoch::{Epoch, NO_PAGE};
use mmu::PAGE_SIZE;

/// Entries of each cache: direct mapped by the low bits of the virtual
/// page number. 256 rather than 32: 42 % fewer misses in the first 100 M
/// instructions of a Linux boot (interpreted), 1-2 % fewer host
/// instructions for the user programs; 8 KiB per cache.
const ENTRIES: usize = 256;

/// One cached page translation.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The key of the page ([`DataPages::key`]), or `NO_PAGE`.
    vpn: u64,
    /// `pa - va` for every address of the page (wrapping).
    delta: u64,
    /// The key again if the whole physical page is guest RAM, else
    /// `NO_PAGE`: the compiling tier's fast path reads this tag and
    /// [`Entry::host`] (one compare and one add to a host address, no
    /// bounds check).
    ram_vpn: u64,
    /// Host address of the byte minus `va`, for every address of the page
    /// (wrapping), when `ram_vpn` is set.
    host: u64,
}

const EMPTY: Entry = Entry {
    vpn: NO_PAGE,
    delta: 0,
    ram_vpn: NO_PAGE,
    host: 0,
};

/// Recent page translations of one access type (load or store).
///
/// Forgetting everything must be cheap (it happens on every trap, xRET and
/// `sfence.vma`) and must not add code to the callers: an entry's key holds
/// the epoch it was filled in, and [`DataPages::clear`] starts a new epoch;
/// only once every 4095 epochs are the entries really emptied.
#[derive(Clone, Debug)]
pub(super) struct DataPages {
    entries: [Entry; ENTRIES],
    epoch: Epoch,
}

impl Default for DataPages {
    fn default() -> DataPages {
        DataPages {
            entries: [EMPTY; ENTRIES],
            epoch: Epoch::default(),
        }
    }
}

impl DataPages {
    /// `va >> 12` (all bits above the page offset, so a non-canonical
    /// address never equals a translated one) tagged with the epoch.
    #[inline(always)]
    fn key(&self, vpn: u64) -> u64 {
        self.epoch.key(vpn)
    }

    /// The physical address of `va` if its page is cached.
    #[inline(always)]
    pub(super) fn lookup(&self, va: u64) -> Option<u64> {
        let vpn = va >> PAGE_SIZE.trailing_zeros();
        let e = self.entries[vpn as usize % ENTRIES];
        (e.vpn == self.key(vpn)).then(|| va.wrapping_add(e.delta))
    }

    /// Records that `va` translated to `pa` (see the invariant above);
    /// `host` is the host address of `pa` if its whole page is guest RAM.
    #[inline]
    pub(super) fn fill(&mut self, va: u64, pa: u64, host: Option<u64>) {
        let vpn = va >> PAGE_SIZE.trailing_zeros();
        let key = self.key(vpn);
        self.entries[vpn as usize % ENTRIES] = Entry {
            vpn: key,
            delta: pa.wrapping_sub(va),
            ram_vpn: if host.is_some() { key } else { NO_PAGE },
            host: host.map_or(0, |h| h.wrapping_sub(va)),
        };
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
        self.entries = [EMPTY; ENTRIES];
    }
}

/// Where the compiling tier's generated code finds a cache's parts (byte
/// offsets inside [`DataPages`] and its entries; `jit_bridge.rs` adds the
/// cache's own offset in the hart). The lookup it emits is [`DataPages::lookup`]
/// on the RAM tag: entry `(va >> 12) % ENTRIES`, hit when its `ram_vpn`
/// equals `(va >> 12) | epoch`, then the host address is `va + host`.
pub(super) mod layout {
    use super::{DataPages, Entry};
    use core::mem::{offset_of, size_of};
    pub(in crate::hart) const ENTRIES: usize = offset_of!(DataPages, entries);
    pub(in crate::hart) const EPOCH: usize = offset_of!(DataPages, epoch);
    pub(in crate::hart) const ENTRY_SIZE: usize = size_of::<Entry>();
    pub(in crate::hart) const ENTRY_RAM_VPN: usize = offset_of!(Entry, ram_vpn);
    pub(in crate::hart) const ENTRY_HOST: usize = offset_of!(Entry, host);
    /// `ENTRIES - 1`: the index mask (`ENTRIES` is a power of two).
    pub(in crate::hart) const INDEX_MASK: u64 = super::ENTRIES as u64 - 1;
    const _: () = assert!(super::ENTRIES.is_power_of_two());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_adds_the_page_delta_to_any_offset() {
        let mut c = DataPages::default();
        c.fill(0x4000_1008, 0x8765_4008, None);
        assert_eq!(c.lookup(0x4000_1000), Some(0x8765_4000));
        assert_eq!(c.lookup(0x4000_1fff), Some(0x8765_4fff));
        assert_eq!(c.lookup(0x4000_2000), None);
    }

    #[test]
    fn ram_pages_carry_their_host_address_and_others_no_ram_tag() {
        let mut c = DataPages::default();
        c.fill(0x4000_1008, 0x8000_1008, Some(0x7f00_0000_5008));
        let e = c.entries[0x4_0001 % ENTRIES];
        assert_eq!(e.ram_vpn, e.vpn);
        assert_eq!(0x4000_1ff0u64.wrapping_add(e.host), 0x7f00_0000_5ff0);
        c.fill(0x4000_2000, 0x1000_0000, None);
        let e = c.entries[0x4_0002 % ENTRIES];
        assert_eq!(e.ram_vpn, NO_PAGE);
        assert_eq!(c.lookup(0x4000_2004), Some(0x1000_0004));
        c.clear();
        let e = c.entries[0x4_0001 % ENTRIES];
        assert_ne!(
            e.ram_vpn,
            c.key(0x4_0001),
            "a new epoch forgets RAM tags too"
        );
    }

    #[test]
    fn pages_sharing_a_slot_evict_each_other() {
        let mut c = DataPages::default();
        let other = 0x4000_1000 + (ENTRIES as u64) * PAGE_SIZE;
        c.fill(0x4000_1000, 0x8000_1000, None);
        c.fill(other, 0x8000_9000, None);
        assert_eq!(c.lookup(0x4000_1000), None);
        assert_eq!(c.lookup(other + 4), Some(0x8000_9004));
    }

    #[test]
    fn non_canonical_alias_never_hits() {
        let mut c = DataPages::default();
        c.fill(0x1000, 0x8000_1000, None);
        assert_eq!(c.lookup(0x0100_0000_0000_1000), None);
    }

    #[test]
    fn every_clear_forgets_everything_across_epoch_wraparound() {
        let mut c = DataPages::default();
        let top = 0xffff_ffff_ffff_f000; // its page number is all ones
        for round in 0..2 * super::super::epoch::LAST_EPOCH {
            c.fill(top, 0x8000_2000, None);
            c.fill(0x1000, 0x8000_1000, None);
            assert_eq!(c.lookup(top + 8), Some(0x8000_2008), "round {round}");
            c.clear();
            assert_eq!(c.lookup(top), None, "round {round}");
            assert_eq!(c.lookup(0x1000), None, "round {round}");
        }
    }

    #[test]
    fn clear_forgets_everything() {
        let mut c = DataPages::default();
        c.fill(0x1000, 0x8000_1000, None);
        c.fill(0xffff_ffff_ffff_f000, 0x8000_2000, None);
        c.clear();
        assert_eq!(c.lookup(0x1000), None);
        assert_eq!(c.lookup(0xffff_ffff_ffff_f000), None);
        assert_eq!(c.lookup(u64::MAX), None, "the empty tag matches nothing");
    }
}
