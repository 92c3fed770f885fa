//! Typed addresses (Privileged 20211203, sections 4.4.1, 4.5.1, 4.6.1).

/// log2 of the base page size: 4 KiB pages (section 4.3.1).
pub const PAGE_SHIFT: u32 = 12;
/// The base page size in bytes.
pub const PAGE_SIZE: u64 = 1 << PAGE_SHIFT;

/// A virtual address as the hart issues it (64 bits; Sv39 uses bits 38:0,
/// Sv48 47:0 with VPN\[3\], Sv57 56:0 with VPN\[4\] above).
///
/// ```text
///  63        39 38      30 29      21 20      12 11         0
/// | sign ext.  | VPN[2]   | VPN[1]   | VPN[0]   | page offset |   (Sv39)
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct VirtAddr(pub u64);

impl VirtAddr {
    /// VPN\[level\] (9 bits each, level 0..=4; Sv39 uses 0..=2).
    #[inline]
    pub const fn vpn(self, level: u32) -> u64 {
        (self.0 >> (PAGE_SHIFT + 9 * level)) & 0x1ff
    }
    /// The full 27-bit Sv39 virtual page number.
    #[inline]
    pub const fn page_number(self) -> u64 {
        (self.0 >> PAGE_SHIFT) & ((1 << 27) - 1)
    }
    /// The 12-bit page offset.
    #[inline]
    pub const fn page_offset(self) -> u64 {
        self.0 & (PAGE_SIZE - 1)
    }
    /// Section 4.4.1: "instruction fetches, loads, and stores require
    /// virtual addresses whose bits 63–39 all equal bit 38, or else a
    /// page-fault exception will occur."
    #[inline]
    pub const fn is_sv39_canonical(self) -> bool {
        self.is_canonical(3)
    }
    /// The canonical-address rule of a scheme with `levels` levels of
    /// 9-bit VPNs (VA width 12 + 9 × levels): Sv39 (section 4.4.1, bits
    /// 63–39 equal bit 38), Sv48 (4.5.1, bits 63–48 equal bit 47), Sv57
    /// (4.6.1, bits 63–57 equal bit 56).
    #[inline]
    pub const fn is_canonical(self, levels: u32) -> bool {
        let upper = (self.0 as i64) >> (PAGE_SHIFT + 9 * levels - 1);
        upper == 0 || upper == -1
    }
}

/// A physical address (56 bits in Sv39, Sv48 and Sv57).
///
/// ```text
///  55                30 29      21 20      12 11         0
/// | PPN[2] (26 bits)   | PPN[1]   | PPN[0]   | page offset |
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PhysAddr(pub u64);

impl PhysAddr {
    /// The physical page number of this address.
    #[inline]
    pub const fn ppn(self) -> Ppn {
        Ppn(self.0 >> PAGE_SHIFT)
    }
    /// Checked addition, for walking tables without overflow.
    #[inline]
    pub const fn checked_add(self, off: u64) -> Option<PhysAddr> {
        match self.0.checked_add(off) {
            Some(a) => Some(PhysAddr(a)),
            None => None,
        }
    }
}

/// A physical page number (44 bits in Sv39, Sv48 and Sv57).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ppn(pub u64);

impl Ppn {
    /// The physical address of the first byte of this page.
    #[inline]
    pub const fn base(self) -> PhysAddr {
        PhysAddr(self.0 << PAGE_SHIFT)
    }
}

/// An address-space identifier (section 4.1.11; ASIDLEN = 16).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Asid(pub u16);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vpn_fields_split_the_address() {
        let va = VirtAddr((0x1a5 << 30) | (0x0f3 << 21) | (0x101 << 12) | 0xabc);
        assert_eq!(va.vpn(2), 0x1a5);
        assert_eq!(va.vpn(1), 0x0f3);
        assert_eq!(va.vpn(0), 0x101);
        assert_eq!(va.page_offset(), 0xabc);
    }

    #[test]
    fn canonical_requires_bits_63_to_39_equal_bit_38() {
        assert!(VirtAddr(0x0000_003f_ffff_ffff).is_sv39_canonical());
        assert!(VirtAddr(0xffff_ffc0_0000_0000).is_sv39_canonical());
        assert!(!VirtAddr(0x0000_0040_0000_0000).is_sv39_canonical());
        assert!(!VirtAddr(0xffff_ff80_0000_0000).is_sv39_canonical());
        assert!(!VirtAddr(0x8000_0000_0000_0000).is_sv39_canonical());
    }

    #[test]
    fn canonical_width_grows_with_levels() {
        // (va, canonical under Sv39, Sv48, Sv57)
        let table = [
            (0x0000_003f_ffff_ffffu64, [true, true, true]),
            (0x0000_0040_0000_0000, [false, true, true]),
            (0x0000_7fff_ffff_ffff, [false, true, true]),
            (0xffff_8000_0000_0000, [false, true, true]),
            (0x0000_8000_0000_0000, [false, false, true]),
            (0x00ff_ffff_ffff_ffff, [false, false, true]),
            (0xff00_0000_0000_0000, [false, false, true]),
            (0x0100_0000_0000_0000, [false, false, false]),
            (0xfe00_0000_0000_0000, [false, false, false]),
        ];
        for (va, expected) in table {
            let got = [3, 4, 5].map(|levels| VirtAddr(va).is_canonical(levels));
            assert_eq!(got, expected, "{va:#x}");
        }
    }
}
