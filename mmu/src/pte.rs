//! Sv39 page-table entries (Privileged 20211203, section 4.4.1, Figure 4.21).

use crate::addr::Ppn;

/// An Sv39 page-table entry.
///
/// ```text
///  63  62 61 60    54 53    28 27    19 18    10 9  8 7 6 5 4 3 2 1 0
/// | N | PBMT | rsvd  | PPN[2] | PPN[1] | PPN[0] | RSW |D|A|G|U|X|W|R|V|
/// ```
///
/// N (Svnapot) and PBMT (Svpbmt) are not implemented, so bits 63:54 are all
/// reserved and a leaf or pointer with any of them set is a page fault.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Pte(pub u64);

impl Pte {
    pub const V: u64 = 1 << 0;
    pub const R: u64 = 1 << 1;
    pub const W: u64 = 1 << 2;
    pub const X: u64 = 1 << 3;
    pub const U: u64 = 1 << 4;
    pub const G: u64 = 1 << 5;
    pub const A: u64 = 1 << 6;
    pub const D: u64 = 1 << 7;
    /// Bits 63:54: N, PBMT and the reserved field.
    pub const RESERVED_MASK: u64 = 0x3ff << 54;
    /// The PTE size in bytes (PTESIZE = 8 for Sv39).
    pub const SIZE: u64 = 8;

    #[inline]
    pub const fn is_valid(self) -> bool {
        self.0 & Self::V != 0
    }
    #[inline]
    pub const fn r(self) -> bool {
        self.0 & Self::R != 0
    }
    #[inline]
    pub const fn w(self) -> bool {
        self.0 & Self::W != 0
    }
    #[inline]
    pub const fn x(self) -> bool {
        self.0 & Self::X != 0
    }
    #[inline]
    pub const fn u(self) -> bool {
        self.0 & Self::U != 0
    }
    #[inline]
    pub const fn g(self) -> bool {
        self.0 & Self::G != 0
    }
    #[inline]
    pub const fn a(self) -> bool {
        self.0 & Self::A != 0
    }
    #[inline]
    pub const fn d(self) -> bool {
        self.0 & Self::D != 0
    }
    /// Section 4.3.2 step 4: a PTE with R = 1 or X = 1 is a leaf.
    #[inline]
    pub const fn is_leaf(self) -> bool {
        self.0 & (Self::R | Self::X) != 0
    }
    /// Any of bits 63:54 set.
    #[inline]
    pub const fn has_reserved_bits(self) -> bool {
        self.0 & Self::RESERVED_MASK != 0
    }
    /// The 44-bit PPN (bits 53:10).
    #[inline]
    pub const fn ppn(self) -> Ppn {
        Ppn((self.0 >> 10) & ((1 << 44) - 1))
    }
    /// PPN\[i\]: 9 bits for i = 0, 1; 26 bits for i = 2.
    #[inline]
    pub const fn ppn_field(self, i: u32) -> u64 {
        let p = self.ppn().0;
        match i {
            0 => p & 0x1ff,
            1 => (p >> 9) & 0x1ff,
            _ => p >> 18,
        }
    }
    /// The two RSW bits (9:8), reserved for supervisor software.
    #[inline]
    pub const fn rsw(self) -> u64 {
        (self.0 >> 8) & 3
    }
    /// The flags as `rwxugad` with `-` for clear bits (for dumps and traces).
    pub fn flags_string(self) -> [u8; 7] {
        let bit = |m: u64, c: u8| if self.0 & m != 0 { c } else { b'-' };
        [
            bit(Self::R, b'r'),
            bit(Self::W, b'w'),
            bit(Self::X, b'x'),
            bit(Self::U, b'u'),
            bit(Self::G, b'g'),
            bit(Self::A, b'a'),
            bit(Self::D, b'd'),
        ]
    }
}

/// Displays a PTE's flags as `rwxugad` (`-` for clear bits) without
/// allocating, for traces and fault explanations.
#[derive(Clone, Copy, Debug)]
pub struct PteFlags(pub Pte);

impl core::fmt::Display for PteFlags {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.0.flags_string() {
            core::fmt::Write::write_char(f, char::from(b))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppn_fields_follow_figure_4_21() {
        let pte = Pte((0x3ff_ffffu64 << 28) | (0x155 << 19) | (0x0aa << 10) | 0xcf);
        assert_eq!(pte.ppn_field(2), 0x3ff_ffff);
        assert_eq!(pte.ppn_field(1), 0x155);
        assert_eq!(pte.ppn_field(0), 0x0aa);
        assert!(pte.is_valid() && pte.is_leaf() && pte.a() && pte.d());
        assert!(!pte.has_reserved_bits());
        assert!(Pte(1 << 63).has_reserved_bits());
        assert!(Pte(1 << 54).has_reserved_bits());
    }

    #[test]
    fn pointer_has_neither_r_nor_x() {
        assert!(!Pte(Pte::V).is_leaf());
        assert!(!Pte(Pte::V | Pte::W).is_leaf());
        assert!(Pte(Pte::V | Pte::X).is_leaf());
    }
}
