//! The epoch that lets the page caches (`data_pages.rs`, `fetch_pages.rs`)
//! forget everything in O(1): each entry's key is its virtual page number
//! (`va >> 12`, 52 bits) tagged with the epoch it was filled in (bits
//! 63:52), and forgetting starts a new epoch, in which no old key matches.
//! Only once every 4095 epochs are the entries really emptied: keys of the
//! last epoch could equal the empty tag [`NO_PAGE`].

use mmu::PAGE_SIZE;

/// The key of an empty entry: no key of a kept epoch equals it.
pub(super) const NO_PAGE: u64 = u64::MAX;
/// Where the epoch sits in a key: above the 52 bits of `va >> 12`.
const EPOCH_SHIFT: u32 = 64 - PAGE_SIZE.trailing_zeros();
/// The epoch after which the entries are really emptied.
pub(super) const LAST_EPOCH: u64 = (1 << (64 - EPOCH_SHIFT)) - 1;

/// The current epoch, shifted to bits 63:52 (a `u64` in memory: generated
/// code reads it, `jit_bridge.rs`).
#[derive(Clone, Copy, Debug, Default)]
#[repr(transparent)]
pub(super) struct Epoch(u64);

impl Epoch {
    /// The key of virtual page number `vpn` in this epoch.
    #[inline(always)]
    pub(super) fn key(self, vpn: u64) -> u64 {
        vpn | self.0
    }

    /// Starts a new epoch. True when it wrapped back to 0: the caller must
    /// empty its entries (set every key to [`NO_PAGE`]).
    #[inline(always)]
    #[must_use]
    pub(super) fn advance(&mut self) -> bool {
        self.0 = self.0.wrapping_add(1 << EPOCH_SHIFT);
        if self.0 == LAST_EPOCH << EPOCH_SHIFT {
            self.0 = 0;
            return true;
        }
        false
    }
}
