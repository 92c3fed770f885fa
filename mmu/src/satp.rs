//! The `satp` register (Privileged 20211203, section 4.1.11, Figure 4.11).

use crate::addr::{Asid, Ppn};

/// The translation scheme selected by `satp.MODE` (Table 4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SatpMode {
    Bare = 0,
    Sv39 = 8,
    Sv48 = 9,
    Sv57 = 10,
}

/// The RV64 `satp` CSR.
///
/// ```text
///  63    60 59            44 43                0
/// | MODE   | ASID (16 bits) | PPN (44 bits)     |
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Satp(pub u64);

impl Satp {
    /// The raw MODE field (bits 63:60).
    #[inline]
    pub const fn mode_bits(self) -> u64 {
        self.0 >> 60
    }
    /// The decoded MODE, `None` for reserved encodings.
    #[inline]
    pub const fn mode(self) -> Option<SatpMode> {
        match self.mode_bits() {
            0 => Some(SatpMode::Bare),
            8 => Some(SatpMode::Sv39),
            9 => Some(SatpMode::Sv48),
            10 => Some(SatpMode::Sv57),
            _ => None,
        }
    }
    #[inline]
    pub const fn asid(self) -> Asid {
        Asid(((self.0 >> 44) & 0xffff) as u16)
    }
    /// The root page table's physical page number.
    #[inline]
    pub const fn ppn(self) -> Ppn {
        Ppn(self.0 & ((1 << 44) - 1))
    }
    /// Builds a `satp` value.
    #[inline]
    pub const fn new(mode: SatpMode, asid: Asid, root: Ppn) -> Satp {
        Satp(((mode as u64) << 60) | ((asid.0 as u64) << 44) | (root.0 & ((1 << 44) - 1)))
    }
    /// WARL write rule (section 4.1.11): "If satp is written with an
    /// unsupported MODE, the entire write has no effect; no fields in satp
    /// are modified." rvmmu supports Bare and Sv39.
    #[inline]
    pub const fn is_supported_write(value: u64) -> bool {
        matches!(value >> 60, 0 | 8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let s = Satp::new(SatpMode::Sv39, Asid(0xbeef), Ppn(0x80123));
        assert_eq!(s.mode(), Some(SatpMode::Sv39));
        assert_eq!(s.asid(), Asid(0xbeef));
        assert_eq!(s.ppn(), Ppn(0x80123));
    }

    #[test]
    fn only_bare_and_sv39_writes_are_supported() {
        assert!(Satp::is_supported_write(0));
        assert!(Satp::is_supported_write(8 << 60));
        assert!(!Satp::is_supported_write(9 << 60));
        assert!(!Satp::is_supported_write(10 << 60));
        assert!(!Satp::is_supported_write(1 << 60));
    }
}
