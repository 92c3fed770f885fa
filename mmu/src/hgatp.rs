//! The `hgatp` register and the G-stage translation schemes (Privileged
//! 20211203, section 8.2.10 (`hgatp`, Figure 8.23, Table 8.6) and section
//! 8.5.1 (Sv39x4, Sv48x4, Sv57x4)).

use crate::addr::Ppn;
use crate::satp::{Satp, SatpMode};

/// The G-stage translation scheme selected by `hgatp.MODE` (Table 8.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GStageMode {
    /// No G-stage translation: guest physical = supervisor physical.
    Bare = 0,
    /// "Page-based 41-bit virtual addressing (2-bit extension of Sv39)."
    Sv39x4 = 8,
    /// "Page-based 50-bit virtual addressing (2-bit extension of Sv48)."
    Sv48x4 = 9,
    /// "Page-based 59-bit virtual addressing (2-bit extension of Sv57)."
    Sv57x4 = 10,
}

impl GStageMode {
    /// LEVELS of the scheme this one widens (section 8.5.1: "the same
    /// algorithm used for Sv32, Sv39, Sv48, or Sv57"); 0 for Bare.
    #[inline]
    pub const fn levels(self) -> u32 {
        self.base().levels()
    }
    /// The `satp` scheme this one widens by two bits.
    #[inline]
    pub const fn base(self) -> SatpMode {
        match self {
            GStageMode::Bare => SatpMode::Bare,
            GStageMode::Sv39x4 => SatpMode::Sv39,
            GStageMode::Sv48x4 => SatpMode::Sv48,
            GStageMode::Sv57x4 => SatpMode::Sv57,
        }
    }
    /// Width of a guest physical address: 41, 50 or 59 bits ("the size of
    /// the incoming address is widened by 2 bits"); 64 for Bare.
    #[inline]
    pub const fn gpa_bits(self) -> u32 {
        match self {
            GStageMode::Bare => 64,
            _ => 12 + 9 * self.levels() + 2,
        }
    }
    /// "Sv39x4", "Sv48x4", "Sv57x4" or "Bare".
    pub const fn name(self) -> &'static str {
        match self {
            GStageMode::Bare => "Bare",
            GStageMode::Sv39x4 => "Sv39x4",
            GStageMode::Sv48x4 => "Sv48x4",
            GStageMode::Sv57x4 => "Sv57x4",
        }
    }
}

/// A virtual-machine identifier (section 8.2.10; at most VMIDMAX = 14
/// bits for RV64).
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Vmid(pub u16);

/// VMIDMAX for Sv39x4, Sv48x4 and Sv57x4 (section 8.2.10).
pub const VMID_MAX_BITS: u32 = 14;

/// The RV64 `hgatp` CSR (Figure 8.23).
///
/// ```text
///  63    60 59  58 57            44 43                0
/// | MODE   | 0    | VMID (14 bits) | PPN (44 bits)     |
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Hgatp(pub u64);

impl Hgatp {
    /// The decoded MODE, `None` for reserved encodings.
    #[inline]
    pub const fn mode(self) -> Option<GStageMode> {
        match self.0 >> 60 {
            0 => Some(GStageMode::Bare),
            8 => Some(GStageMode::Sv39x4),
            9 => Some(GStageMode::Sv48x4),
            10 => Some(GStageMode::Sv57x4),
            _ => None,
        }
    }
    /// True when G-stage translation is off (MODE = Bare; a reserved MODE
    /// never reaches `hgatp`, see [`HgatpConfig::write`], and counts as
    /// Bare).
    #[inline]
    pub const fn is_bare(self) -> bool {
        matches!(self.mode(), None | Some(GStageMode::Bare))
    }
    #[inline]
    pub const fn vmid(self) -> Vmid {
        Vmid(((self.0 >> 44) & 0x3fff) as u16)
    }
    /// The root page table's physical page number: "the root page table is
    /// 16 KiB and must be aligned to a 16-KiB boundary", so PPN\[1:0\] are
    /// zero in the paged modes.
    #[inline]
    pub const fn ppn(self) -> Ppn {
        Ppn(self.0 & ((1 << 44) - 1))
    }
    /// Builds an `hgatp` value.
    pub const fn new(mode: GStageMode, vmid: Vmid, root: Ppn) -> Hgatp {
        Hgatp(
            ((mode as u64) << 60) | (((vmid.0 as u64) & 0x3fff) << 44) | (root.0 & ((1 << 44) - 1)),
        )
    }
    /// The `satp`-shaped view the walker uses for the G-stage: same LEVELS
    /// and root, no ASID (section 8.5.1: "hgatp substitutes for the usual
    /// satp").
    #[inline]
    pub(crate) const fn as_satp(self) -> Satp {
        let mode = match self.mode() {
            Some(m) => m.base(),
            None => SatpMode::Bare,
        };
        Satp::new(mode, crate::addr::Asid(0), self.ppn())
    }
}

/// What a write of a MODE the hart does not implement does to `hgatp`.
/// Section 8.2.10: "A write to hgatp with an unsupported MODE value is not
/// ignored as it is for satp. Instead, the fields of hgatp are WARL in the
/// normal way"; which legal MODE results is the implementation's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum UnsupportedHgatpMode {
    /// MODE keeps its old value, the other fields are written (Spike's
    /// choice). The default.
    #[default]
    KeepOld,
    /// MODE becomes Bare, the other fields are written.
    Bare,
}

/// The implementation's `hgatp` choices: which G-stage modes exist, VMIDLEN
/// and the WARL rule for unsupported modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HgatpConfig {
    /// The largest G-stage mode implemented; like `satp`, Sv48x4 implies
    /// Sv39x4 and Sv57x4 implies Sv48x4. Default Sv57x4.
    pub largest: GStageMode,
    /// VMIDLEN: "The number of VMID bits is UNSPECIFIED and may be zero"
    /// (at most [`VMID_MAX_BITS`]). Default 14.
    pub vmid_bits: u32,
    /// Default [`UnsupportedHgatpMode::KeepOld`].
    pub unsupported_mode: UnsupportedHgatpMode,
}

impl Default for HgatpConfig {
    fn default() -> HgatpConfig {
        HgatpConfig {
            largest: GStageMode::Sv57x4,
            vmid_bits: VMID_MAX_BITS,
            unsupported_mode: UnsupportedHgatpMode::KeepOld,
        }
    }
}

impl HgatpConfig {
    /// Whether `mode` is implemented (Bare always is).
    #[inline]
    pub const fn supports(self, mode: GStageMode) -> bool {
        mode.levels() <= self.largest.levels()
    }

    /// The value `hgatp` holds after a CSR write of `value` over `old`
    /// (section 8.2.10): an unsupported MODE as [`Self::unsupported_mode`]
    /// says; "if VMIDLEN > 0, VMID\[VMIDLEN-1:0\] is writable", the other
    /// VMID bits read as zero; "the lowest two bits of the physical page
    /// number (PPN) in hgatp always read as zeros"; bits 59:58 are zero.
    pub const fn write(self, old: Hgatp, value: u64) -> Hgatp {
        let written = Hgatp(value);
        let mode = match written.mode() {
            Some(m) if self.supports(m) => m,
            _ => match self.unsupported_mode {
                UnsupportedHgatpMode::KeepOld => match old.mode() {
                    Some(m) => m,
                    None => GStageMode::Bare,
                },
                UnsupportedHgatpMode::Bare => GStageMode::Bare,
            },
        };
        let bits = if self.vmid_bits > VMID_MAX_BITS {
            VMID_MAX_BITS
        } else {
            self.vmid_bits
        };
        let vmid = written.vmid().0 & ((1u16 << bits) - 1);
        Hgatp::new(mode, Vmid(vmid), Ppn(written.ppn().0 & !3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpa_width_is_the_base_scheme_plus_two_bits() {
        let table = [
            (GStageMode::Sv39x4, 41, 3),
            (GStageMode::Sv48x4, 50, 4),
            (GStageMode::Sv57x4, 59, 5),
        ];
        for (mode, bits, levels) in table {
            assert_eq!((mode.gpa_bits(), mode.levels()), (bits, levels), "{mode:?}");
        }
    }

    #[test]
    fn write_of_unsupported_mode_is_warl_not_ignored() {
        let only39 = HgatpConfig {
            largest: GStageMode::Sv39x4,
            ..HgatpConfig::default()
        };
        let old = Hgatp::new(GStageMode::Sv39x4, Vmid(1), Ppn(0x80000));
        // Sv48x4 unsupported: MODE keeps Sv39x4, VMID and PPN are written
        // (unlike satp, whose write would be dropped entirely).
        let v = Hgatp::new(GStageMode::Sv48x4, Vmid(5), Ppn(0x90004)).0;
        let got = only39.write(old, v);
        assert_eq!(got, Hgatp::new(GStageMode::Sv39x4, Vmid(5), Ppn(0x90004)));
        let bare = HgatpConfig {
            unsupported_mode: UnsupportedHgatpMode::Bare,
            ..only39
        };
        assert_eq!(bare.write(old, v).mode(), Some(GStageMode::Bare));
        // Reserved encoding 3: same rule.
        assert_eq!(only39.write(old, 3 << 60).mode(), Some(GStageMode::Sv39x4));
    }

    #[test]
    fn write_keeps_vmidlen_low_vmid_bits_and_clears_ppn_1_0() {
        let cfg = HgatpConfig {
            vmid_bits: 7,
            ..HgatpConfig::default()
        };
        let got = cfg.write(Hgatp(0), u64::MAX);
        assert_eq!(got.vmid(), Vmid(0x7f));
        assert_eq!(got.ppn().0 & 3, 0);
        assert_eq!(got.0 >> 58 & 3, 0, "bits 59:58 are zero");
        let none = HgatpConfig {
            vmid_bits: 0,
            ..HgatpConfig::default()
        };
        assert_eq!(none.write(Hgatp(0), u64::MAX).vmid(), Vmid(0));
        let full = HgatpConfig::default().write(Hgatp(0), u64::MAX);
        assert_eq!(full.vmid(), Vmid(0x3fff));
    }
}
