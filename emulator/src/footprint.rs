//! The emulator's own memory ceiling: what `rvmmu run` can hold resident
//! at most, from the sizes of guest RAM and of every cache whose size rvmmu
//! fixes (README, "Memory ceiling"). A test (`emulator/tests/footprint.rs`)
//! checks the peak resident size of a run that touches all of RAM against
//! it through `/proc`.

use crate::ram::CODE_PAGE_SHIFT;

/// Bytes per TLB entry, at most (an entry is a tag, a physical base, an
/// ASID and flags).
pub const TLB_ENTRY_BYTES: usize = 64;
/// Entries of each of the two superpage TLB arrays.
pub const SUPERPAGE_TLB_ENTRIES: usize = 16;
/// Everything else: the binary's code and data, thread stacks, the
/// allocator's slack, stdio and log buffers, the device tree and ELF
/// images while loading, the built-in firmware.
pub const RUNTIME_ALLOWANCE: usize = 16 << 20;

/// What one run may hold, by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Guest RAM (`--mem`).
    pub ram: usize,
    /// RAM's page flags (one byte per 4 KiB page).
    pub ram_flags: usize,
    /// The decoded-block store (arena, links, maps).
    pub blocks: usize,
    /// The three TLB arrays.
    pub tlb: usize,
    /// The compiling tier with the default `--jit-cache` (tables, code,
    /// Cranelift's records; `crate::jit::max_host_bytes`).
    pub jit: usize,
    /// A memory-backed swap disk (`--swap mem:SIZE`).
    pub swap: usize,
    /// [`RUNTIME_ALLOWANCE`].
    pub runtime: usize,
}

impl Footprint {
    /// The ceiling for `ram` bytes of RAM, `tlb_entries` in the 4 KiB TLB
    /// array and `swap` bytes of memory-backed swap.
    pub const fn new(ram: usize, tlb_entries: usize, swap: usize) -> Footprint {
        Footprint {
            ram,
            ram_flags: (ram >> CODE_PAGE_SHIFT) + 1,
            blocks: crate::hart::max_block_store_bytes(ram),
            tlb: (tlb_entries + 2 * SUPERPAGE_TLB_ENTRIES) * TLB_ENTRY_BYTES,
            jit: crate::jit::max_host_bytes(crate::jit::DEFAULT_CACHE_BYTES),
            swap,
            runtime: RUNTIME_ALLOWANCE,
        }
    }

    /// The sum: resident memory stays below it.
    pub const fn total(&self) -> usize {
        self.ram + self.ram_flags + self.blocks + self.tlb + self.jit + self.swap + self.runtime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_figures_are_the_computed_ones() {
        // README, "Memory ceiling", for 128 MiB of RAM and the default 64x4
        // TLB: a 4 MiB arena of 16-byte decoded instructions and 1 MiB of
        // links; 2048 slots of 2048 parcels (4 bytes each) plus the empty
        // map; 4 bytes per RAM page and per slot; 1 flag byte per RAM page;
        // 96 TLB entries of at most 64 bytes: 21.2 MiB.
        let pages = 32768 + 1;
        let want = (4 << 20) + (1 << 20) + 2049 * 2048 * 4 + pages * 4 + 2048 * 4 + pages + 96 * 64;
        let f = Footprint::new(128 << 20, 64, 0);
        let caches = f.ram_flags + f.blocks + f.tlb;
        assert_eq!(caches, want, "{f:?}");
        assert_eq!(format!("{:.1}", caches as f64 / f64::from(1 << 20)), "21.2");
        // The compiling tier: 11 bytes per arena entry (2.75 MiB), the
        // 64 MiB code cache and 256 bytes per page of it: 70.75 MiB.
        let jit = (1 << 18) * 11 + (64 << 20) + (64 << 20) / 4096 * 256;
        assert_eq!(f.jit, jit);
        assert_eq!(format!("{:.2}", jit as f64 / f64::from(1 << 20)), "70.75");
        assert_eq!(f.total(), (128 << 20) + caches + jit + (16 << 20));
    }
}
