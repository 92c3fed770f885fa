//! Leaf permission checks (Privileged 20211203, section 4.3.2 step 5, with
//! the rules of sections 4.1.1.2 (SUM, MXR) and 4.3.1 (R/W/X/U)).
//!
//! Pure functions of the leaf's flag bits and the hart state: the walker
//! calls [`check_leaf`] once per walk, and the TLB hit path calls it again
//! on every hit, so that a cached translation never records the privilege,
//! SUM or MXR it was filled under.

use crate::access::{AccessType, Privilege};
use crate::pte::Pte;

/// Which rule of step 5 refused the access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PermissionRule {
    /// Section 4.3.1: "U-mode software may only access the page when U=1."
    UserNeedsU,
    /// Section 4.1.1.2: with SUM = 0, "S-mode memory accesses to pages that
    /// are accessible by U-mode (U=1) will fault."
    SupervisorUserPageWithoutSum,
    /// Section 4.3.1: "Irrespective of SUM, the supervisor may not execute
    /// code on pages with U=1."
    SupervisorFetchFromUserPage,
    /// A fetch from a page with X = 0.
    NotExecutable,
    /// A load from a page with R = 0 (and not X = 1 with MXR = 1).
    NotReadable,
    /// A store, SC or AMO to a page with W = 0.
    NotWritable,
    /// HLVX.HU/WU from a page with X = 0 (section 8.3.2: "the memory being
    /// read must be executable in both stages of address translation, but
    /// read permission is not required").
    HlvxNotExecutable,
}

impl PermissionRule {
    /// A short phrase for traces and fault explanations.
    pub const fn describe(self) -> &'static str {
        match self {
            PermissionRule::UserNeedsU => "U-mode access to a page with U=0",
            PermissionRule::SupervisorUserPageWithoutSum => {
                "S-mode load/store to a U=1 page with SUM=0"
            }
            PermissionRule::SupervisorFetchFromUserPage => "S-mode fetch from a U=1 page",
            PermissionRule::NotExecutable => "fetch from a page with X=0",
            PermissionRule::NotReadable => "load from a page with R=0 (and not X=1 with MXR=1)",
            PermissionRule::NotWritable => "store to a page with W=0",
            PermissionRule::HlvxNotExecutable => "HLVX from a page with X=0",
        }
    }
}

/// Step 5: "Determine if the requested memory access is allowed by the
/// pte.r, pte.w, pte.x, and pte.u bits, given the current privilege mode
/// and the value of the SUM and MXR fields of the mstatus register."
///
/// `privilege` is the effective privilege of the access (MPRV already
/// applied by the hart). M-mode never reaches a translation, so it is
/// treated like S-mode here, which is what MPRV with MPP = S asks for.
#[inline]
pub const fn check_leaf(
    pte: Pte,
    access: AccessType,
    privilege: Privilege,
    sum: bool,
    mxr: bool,
) -> Result<(), PermissionRule> {
    if pte.u() {
        match privilege {
            Privilege::User => {}
            _ => match access {
                AccessType::Fetch => return Err(PermissionRule::SupervisorFetchFromUserPage),
                _ if !sum => return Err(PermissionRule::SupervisorUserPageWithoutSum),
                _ => {}
            },
        }
    } else if matches!(privilege, Privilege::User) {
        return Err(PermissionRule::UserNeedsU);
    }
    match access {
        AccessType::Fetch if !pte.x() => Err(PermissionRule::NotExecutable),
        AccessType::Load if !(pte.r() || (mxr && pte.x())) => Err(PermissionRule::NotReadable),
        AccessType::Store if !pte.w() => Err(PermissionRule::NotWritable),
        _ => Ok(()),
    }
}

/// The A/D bits a successful `access` needs in its leaf (step 7): A always,
/// D as well for a store.
#[inline]
pub const fn required_ad(access: AccessType) -> u64 {
    match access {
        AccessType::Store => Pte::A | Pte::D,
        _ => Pte::A,
    }
}

/// The position of one (access, privilege, SUM, MXR) combination in a
/// [`grant_mask`]: 3 access types × U/S × SUM × MXR = 24 bits. M-mode never
/// translates; it counts as S, as in [`check_leaf`].
#[inline(always)]
pub const fn grant_bit(access: AccessType, privilege: Privilege, sum: bool, mxr: bool) -> u32 {
    1 << ((access as u32) * 8
        + (matches!(privilege, Privilege::User) as u32) * 4
        + (sum as u32) * 2
        + mxr as u32)
}

/// Every combination under which a leaf with these flags lets an access
/// through without going back to the walker: step 5 passes
/// ([`check_leaf`]) and the A/D bits step 7 needs are already set
/// ([`required_ad`]). Found once when the TLB caches a leaf, so a TLB hit
/// re-checks the current privilege, SUM and MXR with one bit test. Both
/// depend on the flag bits 7:0 only (R W X U A D), so this is a look-up in
/// a table of the 256 answers computed at compile time.
#[inline]
pub fn grant_mask(pte: Pte) -> u32 {
    GRANT_MASKS
        .get((pte.0 & 0xff) as usize)
        .copied()
        .unwrap_or(0)
}

/// [`grant_mask`] of every value of the PTE's bits 7:0. Evaluated by the
/// compiler: an index out of range would fail the build, it cannot panic.
#[allow(clippy::indexing_slicing)]
static GRANT_MASKS: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut flags = 0;
    while flags < 256 {
        table[flags] = grant_mask_computed(Pte(flags as u64));
        flags += 1;
    }
    table
};

/// [`grant_mask`] computed from [`check_leaf`] and [`required_ad`].
const fn grant_mask_computed(pte: Pte) -> u32 {
    let mut mask = 0;
    let mut a = 0;
    while a < 3 {
        let access = match a {
            0 => AccessType::Fetch,
            1 => AccessType::Load,
            _ => AccessType::Store,
        };
        let needed = required_ad(access);
        let mut combo = 0;
        while combo < 8 {
            let privilege = if combo & 4 != 0 {
                Privilege::User
            } else {
                Privilege::Supervisor
            };
            let (sum, mxr) = (combo & 2 != 0, combo & 1 != 0);
            if pte.0 & needed == needed && check_leaf(pte, access, privilege, sum, mxr).is_ok() {
                mask |= grant_bit(access, privilege, sum, mxr);
            }
            combo += 1;
        }
        a += 1;
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_mask_table_is_the_computed_mask_of_the_low_byte() {
        for flags in 0..256u64 {
            for high in [0, 0xffff_ff00, Pte::N | Pte::PBMT_MASK | (0x12345 << 10)] {
                let pte = Pte(flags | high);
                assert_eq!(grant_mask(pte), grant_mask_computed(pte), "{flags:#x}");
            }
        }
    }
    use AccessType::{Fetch, Load, Store};
    use PermissionRule::*;
    use Privilege::{Supervisor as S, User as U};

    const R: u64 = Pte::V | Pte::R;
    const RW: u64 = Pte::V | Pte::R | Pte::W;
    const X: u64 = Pte::V | Pte::X;
    const RX: u64 = Pte::V | Pte::R | Pte::X;
    const UB: u64 = Pte::U;

    #[test]
    fn step5_permission_table() {
        // (flags, access, privilege, sum, mxr, expected)
        type Row = (
            u64,
            AccessType,
            Privilege,
            bool,
            bool,
            Result<(), PermissionRule>,
        );
        let table: &[Row] = &[
            // R/W/X per access type.
            (R, Load, S, false, false, Ok(())),
            (R, Store, S, false, false, Err(NotWritable)),
            (R, Fetch, S, false, false, Err(NotExecutable)),
            (RW, Store, S, false, false, Ok(())),
            (RX, Fetch, S, false, false, Ok(())),
            // MXR makes execute-only pages readable, never writable.
            (X, Load, S, false, false, Err(NotReadable)),
            (X, Load, S, false, true, Ok(())),
            (X, Store, S, false, true, Err(NotWritable)),
            (X | UB, Load, U, false, true, Ok(())),
            // U-mode needs U = 1.
            (RW, Load, U, false, false, Err(UserNeedsU)),
            (RW, Load, U, true, false, Err(UserNeedsU)),
            (RW | UB, Store, U, false, false, Ok(())),
            (RX | UB, Fetch, U, false, false, Ok(())),
            // S-mode and U pages: SUM for loads/stores, never fetch.
            (
                RW | UB,
                Load,
                S,
                false,
                false,
                Err(SupervisorUserPageWithoutSum),
            ),
            (
                RW | UB,
                Store,
                S,
                false,
                false,
                Err(SupervisorUserPageWithoutSum),
            ),
            (RW | UB, Load, S, true, false, Ok(())),
            (RW | UB, Store, S, true, false, Ok(())),
            (
                RX | UB,
                Fetch,
                S,
                true,
                false,
                Err(SupervisorFetchFromUserPage),
            ),
            (
                RX | UB,
                Fetch,
                S,
                false,
                false,
                Err(SupervisorFetchFromUserPage),
            ),
            // SUM does not grant what R/W/X refuse.
            (R | UB, Store, S, true, false, Err(NotWritable)),
        ];
        for &(flags, access, privilege, sum, mxr, expected) in table {
            assert_eq!(
                check_leaf(Pte(flags), access, privilege, sum, mxr),
                expected,
                "flags {flags:#x} {access:?} {privilege:?} sum={sum} mxr={mxr}"
            );
        }
    }

    #[test]
    fn grant_mask_agrees_with_check_leaf_and_required_ad() {
        for flags in 0..=0xffu64 {
            let pte = Pte(flags);
            let mask = grant_mask(pte);
            for access in [Fetch, Load, Store] {
                for privilege in [U, S] {
                    for (sum, mxr) in [(false, false), (false, true), (true, false), (true, true)] {
                        let expected = check_leaf(pte, access, privilege, sum, mxr).is_ok()
                            && flags & required_ad(access) == required_ad(access);
                        let bit = grant_bit(access, privilege, sum, mxr);
                        assert_eq!(
                            mask & bit != 0,
                            expected,
                            "{flags:#x} {access:?} {privilege:?}"
                        );
                    }
                }
            }
        }
        // The 24 bits are distinct.
        let mut all = 0u32;
        for access in [Fetch, Load, Store] {
            for privilege in [U, S] {
                for (sum, mxr) in [(false, false), (false, true), (true, false), (true, true)] {
                    let bit = grant_bit(access, privilege, sum, mxr);
                    assert_eq!(all & bit, 0);
                    all |= bit;
                }
            }
        }
        assert_eq!(all.count_ones(), 24);
    }

    #[test]
    fn step7_store_needs_a_and_d_others_need_a() {
        assert_eq!(required_ad(Load), Pte::A);
        assert_eq!(required_ad(Fetch), Pte::A);
        assert_eq!(required_ad(Store), Pte::A | Pte::D);
    }
}
