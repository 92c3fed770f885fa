//! Page-table entries of Sv39, Sv48 and Sv57 (Privileged 20211203, sections
//! 4.4.1, 4.5.1 and 4.6.1, Figures 4.21, 4.24 and 4.27: the same 64-bit
//! format), with the N bit of Svnapot and the PBMT field of Svpbmt
//! (Privileged 20211203, chapters 6 and 7).

use crate::addr::Ppn;

/// A page-table entry (Sv39 layout; Sv48 and Sv57 split the same 44-bit
/// PPN into four or five fields, which the walker never needs apart).
///
/// ```text
///  63  62 61 60    54 53    28 27    19 18    10 9  8 7 6 5 4 3 2 1 0
/// | N | PBMT | rsvd  | PPN[2] | PPN[1] | PPN[0] | RSW |D|A|G|U|X|W|R|V|
/// ```
///
/// Bits 60:54 are reserved (a page fault when set). N marks a NAPOT
/// (Svnapot) leaf, PBMT a page-based memory type (Svpbmt); which of
/// their encodings are reserved is decided by the walk's step 3
/// ([`crate::walk`]).
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
    /// Bits 60:54, "reserved for future standard use" (section 4.4.1).
    pub const RESERVED_MASK: u64 = 0x7f << 54;
    /// Bit 63: N, a NAPOT translation (Svnapot, chapter 6).
    pub const N: u64 = 1 << 63;
    /// Bits 62:61: PBMT, the page-based memory type (Svpbmt, chapter 7).
    pub const PBMT_SHIFT: u32 = 61;
    pub const PBMT_MASK: u64 = 3 << Self::PBMT_SHIFT;
    /// log2 of the size of the only NAPOT range defined: 64 KiB, napot_bits
    /// = 4 (Svnapot, Table 6.1).
    pub const NAPOT_SHIFT: u32 = 16;
    /// The PTE size in bytes (PTESIZE = 8 for Sv39, Sv48 and Sv57).
    pub const SIZE: u64 = 8;

    #[inline]
    pub const fn is_valid(self) -> bool {
        self.0 & Self::V != 0
    }
    /// This PTE with R replaced by X, for the step 5 check of HLVX
    /// (Privileged 20211203, section 8.3.2: "execute permission takes the
    /// place of read permission").
    #[inline]
    pub const fn with_x_as_r(self) -> Pte {
        Pte((self.0 & !Self::R) | ((self.0 & Self::X) >> 2))
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
    /// Any of bits 60:54 set.
    #[inline]
    pub const fn has_reserved_bits(self) -> bool {
        self.0 & Self::RESERVED_MASK != 0
    }
    /// The N bit (Svnapot).
    #[inline]
    pub const fn n(self) -> bool {
        self.0 & Self::N != 0
    }
    /// The PBMT field (Svpbmt), 0..=3.
    #[inline]
    pub const fn pbmt(self) -> u64 {
        (self.0 & Self::PBMT_MASK) >> Self::PBMT_SHIFT
    }
    /// The memory type PBMT selects (Svpbmt, Table 7.1).
    #[inline]
    pub const fn memory_type(self) -> MemoryType {
        MemoryType::from_bits(self.pbmt())
    }
    /// Svnapot, Table 6.1: with N = 1 at level 0, ppn\[0\]\[3:0\] = 1000
    /// is the 64 KiB encoding; every other value is reserved.
    #[inline]
    pub const fn is_napot_64k(self) -> bool {
        self.0 & Self::N != 0 && self.ppn().0 & 0xf == 0b1000
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

/// The memory type of a leaf, from its PBMT field (Svpbmt, Table 7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemoryType {
    /// 0: none, the physical memory attributes apply.
    Pma = 0,
    /// 1: non-cacheable, idempotent, weakly-ordered main memory.
    Nc = 1,
    /// 2: non-cacheable, non-idempotent, strongly-ordered I/O.
    Io = 2,
    /// 3: reserved for future standard use (a page fault).
    Reserved = 3,
}

impl MemoryType {
    /// Decodes the two PBMT bits.
    #[inline]
    pub const fn from_bits(bits: u64) -> MemoryType {
        match bits & 3 {
            0 => MemoryType::Pma,
            1 => MemoryType::Nc,
            2 => MemoryType::Io,
            _ => MemoryType::Reserved,
        }
    }
    /// "PMA", "NC", "IO" or "reserved", as traces and dumps print it.
    pub const fn name(self) -> &'static str {
        match self {
            MemoryType::Pma => "PMA",
            MemoryType::Nc => "NC",
            MemoryType::Io => "IO",
            MemoryType::Reserved => "reserved",
        }
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
        assert!(Pte(1 << 60).has_reserved_bits());
        assert!(Pte(1 << 54).has_reserved_bits());
        // N and PBMT are fields of their own, not reserved bits.
        assert!(!Pte(Pte::N | Pte::PBMT_MASK).has_reserved_bits());
    }

    #[test]
    fn n_and_pbmt_fields() {
        let pte = Pte(Pte::N | (2 << 61) | (0x80018 << 10) | 0xcf);
        assert!(pte.n() && pte.is_napot_64k());
        assert_eq!((pte.pbmt(), pte.memory_type()), (2, MemoryType::Io));
        // ppn[0][3:0] other than 1000 is not the 64 KiB encoding.
        for low in [0u64, 1, 2, 4, 9, 0xc] {
            assert!(
                !Pte(Pte::N | ((0x80010 | low) << 10)).is_napot_64k(),
                "{low:#x}"
            );
        }
        assert!(!Pte(0x80018 << 10).is_napot_64k(), "N = 0");
        let names: Vec<_> = (0..4).map(|b| MemoryType::from_bits(b).name()).collect();
        assert_eq!(names, ["PMA", "NC", "IO", "reserved"]);
    }

    #[test]
    fn pointer_has_neither_r_nor_x() {
        assert!(!Pte(Pte::V).is_leaf());
        assert!(!Pte(Pte::V | Pte::W).is_leaf());
        assert!(Pte(Pte::V | Pte::X).is_leaf());
    }
}
