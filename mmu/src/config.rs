//! MMU configuration: the TLB's geometry.

/// How the MMU is built. Policy choices that depend on the hart's state
/// (the A/D scheme, the `satp` mode) travel in the
/// [`TranslationContext`](crate::TranslationContext) instead.
///
/// Defaults: a 64-entry, 4-way set-associative TLB for 4 KiB pages
/// (16 sets), plus two 16-entry, 4-way arrays, one for 2 MiB megapages and
/// one for 1 GiB gigapages (4 sets each): 96 entries in all, in the range
/// of a small in-order core's unified L1 TLB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MmuConfig {
    /// Entries of the 4 KiB array. 0 disables the TLB altogether (every
    /// translation walks), which is useful to compare against.
    pub tlb_entries: usize,
    /// Associativity of every array.
    pub tlb_ways: usize,
    /// Entries of each of the two superpage arrays (2 MiB and 1 GiB).
    pub superpage_entries: usize,
}

impl Default for MmuConfig {
    fn default() -> Self {
        MmuConfig {
            tlb_entries: 64,
            tlb_ways: 4,
            superpage_entries: 16,
        }
    }
}

impl MmuConfig {
    /// A configuration whose TLB holds nothing: every translation walks.
    pub const fn without_tlb() -> MmuConfig {
        MmuConfig {
            tlb_entries: 0,
            tlb_ways: 1,
            superpage_entries: 0,
        }
    }
}

/// The shape one TLB array actually has after rounding: `sets` is a power
/// of two (the set index is VPN bits), `entries = sets × ways`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub entries: usize,
    pub ways: usize,
    pub sets: usize,
}

impl Geometry {
    /// Rounds a requested size down to something indexable by VPN bits:
    /// ways is clamped to 1..=entries, the number of sets to a power of two.
    /// `entries` = 0 gives an empty array.
    pub const fn new(entries: usize, ways: usize) -> Geometry {
        if entries == 0 {
            return Geometry {
                entries: 0,
                ways: 0,
                sets: 0,
            };
        }
        let ways = if ways == 0 {
            1
        } else if ways > entries {
            entries
        } else {
            ways
        };
        let sets = entries / ways;
        // Largest power of two not above `sets` (sets ≥ 1 here).
        let sets = 1usize << (usize::BITS - 1 - sets.leading_zeros());
        Geometry {
            entries: sets * ways,
            ways,
            sets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_rounds_to_power_of_two_sets() {
        // (entries, ways) -> (entries, ways, sets)
        let table = [
            ((64, 4), (64, 4, 16)),
            ((16, 4), (16, 4, 4)),
            ((48, 4), (32, 4, 8)),
            ((4, 8), (4, 4, 1)),
            ((10, 0), (8, 1, 8)),
            ((0, 4), (0, 0, 0)),
            ((1, 1), (1, 1, 1)),
        ];
        for ((e, w), (ee, ew, es)) in table {
            let g = Geometry::new(e, w);
            assert_eq!((g.entries, g.ways, g.sets), (ee, ew, es), "({e}, {w})");
        }
    }
}
