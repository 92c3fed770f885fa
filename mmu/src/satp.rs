//! The `satp` register (Privileged 20211203, section 4.1.11, Figure 4.11).

use crate::addr::{Asid, Ppn};

/// The translation scheme selected by `satp.MODE` (Table 4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SatpMode {
    Bare = 0,
    Sv39 = 8,
    Sv48 = 9,
    Sv57 = 10,
}

impl SatpMode {
    /// LEVELS of the translation scheme (sections 4.4–4.6): 3 for Sv39, 4
    /// for Sv48, 5 for Sv57; 0 for Bare (no translation).
    #[inline]
    pub const fn levels(self) -> u32 {
        match self {
            SatpMode::Bare => 0,
            SatpMode::Sv39 => 3,
            SatpMode::Sv48 => 4,
            SatpMode::Sv57 => 5,
        }
    }
    /// "Sv39", "Sv48", "Sv57" or "Bare".
    pub const fn name(self) -> &'static str {
        match self {
            SatpMode::Bare => "Bare",
            SatpMode::Sv39 => "Sv39",
            SatpMode::Sv48 => "Sv48",
            SatpMode::Sv57 => "Sv57",
        }
    }
}

/// The most levels any scheme has (Sv57).
pub const MAX_LEVELS: u32 = 5;

/// Which `satp` modes the hart implements (`--satp-modes`): a choice the
/// spec leaves to the implementation (section 4.1.11, Table 4.4), within
/// its rules "Implementations that support Sv48 must also support Sv39"
/// (4.5) and "Implementations that support Sv57 must also support Sv48"
/// (4.6). So the set is named by its largest mode; Bare is always there.
/// Default: Sv39, Sv48 and Sv57 (Sv57 is the largest RV64 mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SatpModes {
    /// The largest paging mode implemented; `Bare` for none.
    largest: SatpMode,
}

impl Default for SatpModes {
    fn default() -> SatpModes {
        SatpModes::up_to(SatpMode::Sv57)
    }
}

impl SatpModes {
    /// Bare and every paging mode up to `largest` (`Bare`: paging absent).
    pub const fn up_to(largest: SatpMode) -> SatpModes {
        SatpModes { largest }
    }
    /// The largest paging mode implemented (`Bare` when there is none).
    pub const fn largest(self) -> SatpMode {
        self.largest
    }
    /// Whether `mode` is implemented.
    #[inline]
    pub const fn supports(self, mode: SatpMode) -> bool {
        mode.levels() <= self.largest.levels()
    }
    /// WARL write rule (section 4.1.11): "If satp is written with an
    /// unsupported MODE, the entire write has no effect; no fields in satp
    /// are modified."
    #[inline]
    pub const fn accepts_write(self, value: u64) -> bool {
        match Satp(value).mode() {
            Some(mode) => self.supports(mode),
            None => false,
        }
    }
    /// Parses `--satp-modes`: a comma-separated list of `bare`, `sv39`,
    /// `sv48`, `sv57` that must respect the inclusions above.
    pub fn parse(list: &str) -> Result<SatpModes, String> {
        let mut seen = [false; 3];
        for word in list.split(',').map(str::trim) {
            match word.to_ascii_lowercase().as_str() {
                "bare" => {}
                "sv39" => seen[0] = true,
                "sv48" => seen[1] = true,
                "sv57" => seen[2] = true,
                other => {
                    return Err(format!(
                        "unknown satp mode `{other}` (expected bare, sv39, sv48, sv57)"
                    ))
                }
            }
        }
        let largest = match seen {
            [false, false, false] => SatpMode::Bare,
            [true, false, false] => SatpMode::Sv39,
            [true, true, false] => SatpMode::Sv48,
            [true, true, true] => SatpMode::Sv57,
            _ => {
                return Err("Sv48 needs Sv39 and Sv57 needs Sv48 (Privileged 20211203 \
                            §4.5, §4.6)"
                    .to_string())
            }
        };
        Ok(SatpModes::up_to(largest))
    }
}

impl core::fmt::Display for SatpModes {
    /// The `--satp-modes` spelling: `bare,sv39,sv48`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("bare")?;
        for mode in [SatpMode::Sv39, SatpMode::Sv48, SatpMode::Sv57] {
            if self.supports(mode) {
                write!(f, ",{}", mode.name().to_ascii_lowercase())?;
            }
        }
        Ok(())
    }
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
    /// LEVELS of the mode in force: 0 for Bare and reserved encodings.
    #[inline]
    pub const fn levels(self) -> u32 {
        match self.mode() {
            Some(mode) => mode.levels(),
            None => 0,
        }
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
    fn writes_accepted_per_setting() {
        // (setting, [Bare, Sv39, Sv48, Sv57, reserved 1, reserved 11])
        let table = [
            ("bare", [true, false, false, false, false, false]),
            ("sv39", [true, true, false, false, false, false]),
            ("bare,sv39,sv48", [true, true, true, false, false, false]),
            ("sv39,sv48,sv57", [true, true, true, true, false, false]),
        ];
        for (list, expected) in table {
            let modes = SatpModes::parse(list).unwrap();
            let got = [0u64, 8, 9, 10, 1, 11].map(|m| modes.accepts_write(m << 60 | 0x1234));
            assert_eq!(got, expected, "{list}");
        }
        assert_eq!(
            SatpModes::default(),
            SatpModes::parse("sv39,sv48,sv57").unwrap()
        );
        assert_eq!(SatpModes::default().to_string(), "bare,sv39,sv48,sv57");
        assert_eq!(SatpModes::parse("bare").unwrap().to_string(), "bare");
    }

    #[test]
    fn settings_that_break_the_inclusion_rules_are_refused() {
        for bad in ["sv48", "sv57", "sv39,sv57", "sv48,sv57", "sv32", ""] {
            assert!(SatpModes::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn levels_per_mode() {
        let levels = [0u64, 8, 9, 10, 5].map(|m| Satp(m << 60).levels());
        assert_eq!(levels, [0, 3, 4, 5, 0]);
    }
}
