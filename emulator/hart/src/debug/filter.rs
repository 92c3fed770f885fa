//! Which walks `--trace-mmu` prints: a virtual-address range
//! (`--trace-mmu-range LO..HI`) and the effective privileges of the
//! accesses (`--trace-mmu-priv U,S`); and, with the same filter, which
//! instructions `--trace` prints (`--trace-range`, `--trace-priv`: the pc
//! and the privilege the instruction ran in).

use mmu::{Privilege, WalkTrace};

/// The walks to print; the default prints every walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalkFilter {
    /// Half-open range `[lo, hi)` of virtual addresses, compared with the
    /// full 64-bit (sign-extended) address.
    pub range: Option<(u64, u64)>,
    /// Print walks of accesses made at U, S, M (index = privilege bits).
    pub privileges: [bool; 4],
}

impl Default for WalkFilter {
    fn default() -> WalkFilter {
        WalkFilter {
            range: None,
            privileges: [true; 4],
        }
    }
}

impl WalkFilter {
    /// Whether `trace` passes the filter.
    pub fn accepts(&self, trace: &WalkTrace) -> bool {
        self.accepts_at(trace.va.0, trace.privilege)
    }

    /// Whether an event at `va` (an access's address, an instruction's pc)
    /// made at `privilege` passes the filter.
    pub fn accepts_at(&self, va: u64, privilege: Privilege) -> bool {
        let in_range = self.range.is_none_or(|(lo, hi)| (lo..hi).contains(&va));
        let p = self
            .privileges
            .get(privilege as usize)
            .copied()
            .unwrap_or(false);
        in_range && p
    }
}

/// Which instructions `--trace` prints: a pc range (`--trace-range`) and
/// the privileges they ran in (`--trace-priv`), the same kind of filter.
pub type TraceFilter = WalkFilter;

/// Parses a number: `0x` hexadecimal (underscores allowed) or decimal.
pub fn parse_address(s: &str) -> Result<u64, String> {
    let t = s.trim().replace('_', "");
    let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse(),
    };
    parsed.map_err(|_| format!("{s:?} is not an address (e.g. 0x80000000)"))
}

/// Parses `LO..HI` (half-open, LO < HI), e.g. `0x80000000..0x80200000`.
pub fn parse_va_range(s: &str) -> Result<(u64, u64), String> {
    let Some((lo, hi)) = s.split_once("..") else {
        return Err(format!("{s:?} is not LO..HI, e.g. 0x80000000..0x80200000"));
    };
    let (lo, hi) = (parse_address(lo)?, parse_address(hi)?);
    if lo >= hi {
        return Err(format!(
            "empty range {s}: LO must be below HI (HI is excluded)"
        ));
    }
    Ok((lo, hi))
}

/// Parses a comma-separated list of privileges, e.g. `U`, `u,s`, `M`.
pub fn parse_privileges(s: &str) -> Result<[bool; 4], String> {
    let mut set = [false; 4];
    for word in s.split(',') {
        let p = match word.trim().to_ascii_uppercase().as_str() {
            "U" => Privilege::User,
            "S" => Privilege::Supervisor,
            "M" => Privilege::Machine,
            _ => {
                return Err(format!(
                    "{word:?} is not a privilege: use U, S or M (e.g. U,S)"
                ))
            }
        };
        if let Some(slot) = set.get_mut(p as usize) {
            *slot = true;
        }
    }
    Ok(set)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use mmu::{AccessType, AdPolicy, Satp, TranslationContext, VirtAddr};

    fn trace(va: u64, privilege: Privilege) -> WalkTrace {
        let ctx = TranslationContext {
            privilege,
            sum: false,
            mxr: false,
            satp: Satp(0),
            ad: AdPolicy::Svade,
            pbmte: false,
            napot: true,
        };
        WalkTrace::new(VirtAddr(va), AccessType::Load, &ctx)
    }

    #[test]
    fn ranges_are_half_open_and_refuse_empty_or_malformed_text() {
        assert_eq!(parse_va_range("0x1000..0x2000"), Ok((0x1000, 0x2000)));
        assert_eq!(parse_va_range("4096..0x8000_0000"), Ok((4096, 0x8000_0000)));
        for bad in [
            "0x2000..0x1000",
            "0x1000..0x1000",
            "0x1000",
            "x..0x10",
            "0x1-0x2",
        ] {
            assert!(parse_va_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn privilege_lists_parse_case_insensitively() {
        assert_eq!(parse_privileges("U"), Ok([true, false, false, false]));
        assert_eq!(parse_privileges("s,M"), Ok([false, true, false, true]));
        assert!(parse_privileges("H").is_err());
        assert!(parse_privileges("").is_err());
    }

    #[test]
    fn filter_accepts_by_range_and_privilege() {
        let f = WalkFilter {
            range: Some((0x1000, 0x2000)),
            privileges: parse_privileges("U").unwrap(),
        };
        for (va, p, want) in [
            (0x1000, Privilege::User, true),
            (0x1fff, Privilege::User, true),
            (0x2000, Privilege::User, false),
            (0x0fff, Privilege::User, false),
            (0x1800, Privilege::Supervisor, false),
        ] {
            assert_eq!(f.accepts(&trace(va, p)), want, "{va:#x} {p:?}");
        }
        assert!(WalkFilter::default().accepts(&trace(u64::MAX, Privilege::Machine)));
    }
}
