//! One test per rule of section 3.7.1 (and of Smepmp), table-driven.

use super::*;
use AccessType::{Fetch, Load, Store};
use Privilege::{Machine as M, Supervisor as S, User as U};

const RWX: u8 = cfg::R | cfg::W | cfg::X;

/// NAPOT pmpaddr for `size` bytes (a power of two ≥ 8) at `base`.
fn napot(base: u64, size: u64) -> u64 {
    (base >> 2) | ((size >> 3) - 1)
}

/// A PMP with `entries` entries, entry i set to (cfg, pmpaddr).
fn pmp_with(entries: u8, g: u8, set: &[(usize, u8, u64)]) -> Pmp {
    let mut p = Pmp::new(PmpConfig {
        entries,
        granularity: g,
        smepmp: true,
    });
    // Addresses first: a cfg with L set would lock them.
    for &(i, _, a) in set {
        p.write_pmpaddr(i, a);
    }
    for &(i, c, _) in set {
        let reg = i / 8 * 2;
        let old = p.read_pmpcfg(reg);
        let shift = 8 * (i % 8);
        p.write_pmpcfg(reg, (old & !(0xff << shift)) | (u64::from(c) << shift));
    }
    p
}

fn ok(p: &Pmp, addr: u64, size: u64, a: AccessType, m: Privilege) -> bool {
    p.check(PhysAddr(addr), size, a, m).is_ok()
}

#[test]
fn napot_matches_its_power_of_two_range() {
    let p = pmp_with(
        16,
        0,
        &[(0, cfg::NAPOT | cfg::R, napot(0x8000_0000, 0x1000))],
    );
    // (addr, size, allowed for an S-mode load)
    let table = [
        (0x8000_0000, 8, true),
        (0x8000_0ff8, 8, true),
        (0x7fff_fff8, 8, false),
        (0x8000_1000, 4, false),
    ];
    for (addr, size, want) in table {
        assert_eq!(ok(&p, addr, size, Load, S), want, "{addr:#x}");
    }
    assert_eq!(p.region(0), Some((PhysAddr(0x8000_0000), 0x1000)));
}

#[test]
fn napot_all_ones_covers_the_whole_address_space() {
    let p = pmp_with(16, 0, &[(0, cfg::NAPOT | RWX, u64::MAX)]);
    assert_eq!(p.region(0), Some((PhysAddr(0), 1 << 57)));
    for addr in [0, 0x8000_0000, (1 << 56) - 8] {
        assert!(ok(&p, addr, 8, Store, U), "{addr:#x}");
    }
}

#[test]
fn tor_matches_from_the_previous_address_to_its_own() {
    let p = pmp_with(
        16,
        0,
        &[
            (0, cfg::OFF, 0x8000_0000 >> 2),
            (1, cfg::TOR | cfg::R, 0x8000_2000 >> 2),
        ],
    );
    let table = [
        (0x7fff_fffc, false),
        (0x8000_0000, true),
        (0x8000_1ffc, true),
        (0x8000_2000, false),
    ];
    for (addr, want) in table {
        assert_eq!(ok(&p, addr, 4, Load, U), want, "{addr:#x}");
    }
}

#[test]
fn tor_entry_zero_starts_at_address_zero() {
    let p = pmp_with(16, 0, &[(0, cfg::TOR | cfg::R, 0x1000 >> 2)]);
    assert!(ok(&p, 0, 8, Load, S));
    assert!(ok(&p, 0xff8, 8, Load, S));
    assert!(!ok(&p, 0x1000, 8, Load, S));
}

#[test]
fn tor_with_bottom_not_below_top_matches_nothing() {
    let p = pmp_with(
        16,
        0,
        &[
            (0, cfg::OFF, 0x8000_2000 >> 2),
            (1, cfg::TOR | RWX, 0x8000_2000 >> 2),
            (2, cfg::TOR | RWX, 0x8000_1000 >> 2),
        ],
    );
    assert_eq!((p.region(1), p.region(2)), (None, None));
    assert!(!ok(&p, 0x8000_1000, 4, Load, S));
}

#[test]
fn na4_matches_four_bytes() {
    let p = pmp_with(16, 0, &[(0, cfg::NA4 | cfg::R | cfg::W, 0x8000_0010 >> 2)]);
    assert!(ok(&p, 0x8000_0010, 4, Store, S));
    assert!(ok(&p, 0x8000_0012, 2, Store, S));
    assert!(!ok(&p, 0x8000_0014, 4, Store, S));
    assert!(!ok(&p, 0x8000_0010, 8, Store, S), "partial match");
}

#[test]
fn lowest_numbered_matching_entry_wins() {
    // Entry 0 read-only over one page, entry 1 RWX everywhere.
    let p = pmp_with(
        16,
        0,
        &[
            (0, cfg::NAPOT | cfg::R, napot(0x8000_1000, 0x1000)),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    assert!(!ok(&p, 0x8000_1008, 8, Store, S));
    assert!(ok(&p, 0x8000_1008, 8, Load, S));
    assert!(ok(&p, 0x8000_2008, 8, Store, S));
    let d = p.check(PhysAddr(0x8000_1008), 8, Store, S).unwrap_err();
    assert_eq!((d.entry, d.rule), (Some(0), PmpRule::NotPermitted));
}

#[test]
fn partial_match_fails_irrespective_of_permissions() {
    // Both entries grant everything, but an access straddling their
    // boundary matches entry 0 in part: it fails, even in M-mode.
    let p = pmp_with(
        16,
        0,
        &[
            (0, cfg::NAPOT | RWX | cfg::L, napot(0x8000_0000, 0x1000)),
            (1, cfg::NAPOT | RWX | cfg::L, napot(0x8000_1000, 0x1000)),
        ],
    );
    for m in [M, S, U] {
        let d = p.check(PhysAddr(0x8000_0ffc), 8, Load, m).unwrap_err();
        assert_eq!((d.entry, d.rule), (Some(0), PmpRule::PartialMatch), "{m:?}");
    }
}

#[test]
fn partial_match_fails_in_machine_mode_even_unlocked() {
    let p = pmp_with(16, 0, &[(0, cfg::NA4 | cfg::R, 0x8000_0010 >> 2)]);
    assert!(p.is_enforced(M));
    let d = p.check(PhysAddr(0x8000_0010), 8, Store, M).unwrap_err();
    assert_eq!((d.entry, d.rule), (Some(0), PmpRule::PartialMatch));
    assert!(
        ok(&p, 0x8000_0010, 4, Store, M),
        "L = 0: a full match succeeds"
    );
    // One entry over every address has no boundary to match in part.
    let p = pmp_with(16, 0, &[(0, cfg::NAPOT, u64::MAX)]);
    assert!(!p.is_enforced(M));
}

#[test]
fn s_and_u_accesses_matching_no_entry_fail() {
    let p = pmp_with(16, 0, &[]);
    for (m, a) in [(S, Load), (U, Store), (S, Fetch)] {
        let d = p.check(PhysAddr(0x8000_0000), 4, a, m).unwrap_err();
        assert_eq!((d.entry, d.rule), (None, PmpRule::NoMatch));
    }
}

#[test]
fn machine_accesses_matching_no_entry_succeed() {
    let p = pmp_with(
        16,
        0,
        &[(0, cfg::NAPOT | cfg::L, napot(0x8000_0000, 0x1000))],
    );
    for a in [Fetch, Load, Store] {
        assert!(ok(&p, 0x9000_0000, 4, a, M));
        assert!(!ok(&p, 0x8000_0000, 4, a, M), "locked, no permission");
    }
}

#[test]
fn zero_entries_allow_everything_and_read_zero() {
    let mut p = pmp_with(0, 0, &[(0, cfg::NAPOT | cfg::L, u64::MAX)]);
    assert!(ok(&p, 0x8000_0000, 8, Store, U));
    assert!(!p.is_enforced(U));
    p.write_mseccfg(mseccfg::MMWP);
    assert_eq!(
        (p.read_pmpcfg(0), p.read_pmpaddr(0), p.read_mseccfg()),
        (0, 0, 0)
    );
}

#[test]
fn unlocked_entry_does_not_apply_to_machine_mode() {
    let p = pmp_with(16, 0, &[(0, cfg::NAPOT, u64::MAX)]);
    assert!(!p.is_enforced(M));
    for a in [Fetch, Load, Store] {
        assert!(ok(&p, 0x8000_0000, 4, a, M));
        assert!(!ok(&p, 0x8000_0000, 4, a, S));
    }
}

#[test]
fn locked_entry_applies_its_permissions_to_machine_mode() {
    let p = pmp_with(16, 0, &[(0, cfg::NAPOT | cfg::L | cfg::X, u64::MAX)]);
    assert!(p.is_enforced(M));
    // (access, allowed)
    for (a, want) in [(Fetch, true), (Load, false), (Store, false)] {
        assert_eq!(ok(&p, 0x8000_0000, 4, a, M), want, "{a:?}");
    }
}

#[test]
fn locked_entry_ignores_writes_to_its_cfg_and_address() {
    let mut p = pmp_with(16, 0, &[(0, cfg::NA4 | cfg::L | cfg::R, 0x100)]);
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | RWX) | 0x1f00);
    p.write_pmpaddr(0, 0x200);
    assert_eq!(
        p.read_pmpcfg(0),
        u64::from(cfg::NA4 | cfg::L | cfg::R) | 0x1f00
    );
    assert_eq!(p.read_pmpaddr(0), 0x100);
    // The reset of the lock only comes with a hart reset.
}

#[test]
fn locked_tor_entry_locks_its_predecessors_address() {
    let mut p = pmp_with(
        16,
        0,
        &[(0, 0, 0x100), (1, cfg::TOR | cfg::L | cfg::R, 0x200)],
    );
    p.write_pmpaddr(0, 0x180);
    assert_eq!(p.read_pmpaddr(0), 0x100);
    // A locked NAPOT entry does not lock its predecessor.
    let mut p = pmp_with(
        16,
        0,
        &[(0, 0, 0x100), (1, cfg::NAPOT | cfg::L | cfg::R, 0x200)],
    );
    p.write_pmpaddr(0, 0x180);
    assert_eq!(p.read_pmpaddr(0), 0x180);
}

#[test]
fn write_without_read_is_stored_as_neither() {
    // R = 0, W = 1 is reserved (section 3.7.1): the write keeps X and
    // clears W, as Spike does.
    let mut p = Pmp::default();
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::W | cfg::X));
    assert_eq!(p.cfg(0), cfg::NAPOT | cfg::X);
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::W));
    assert_eq!(p.cfg(0), cfg::NAPOT);
}

#[test]
fn reserved_cfg_bits_read_as_zero() {
    let mut p = Pmp::default();
    p.write_pmpcfg(0, 0x60 | u64::from(cfg::R));
    assert_eq!(p.read_pmpcfg(0), u64::from(cfg::R));
}

#[test]
fn pmpaddr_keeps_54_bits() {
    let mut p = Pmp::default();
    p.write_pmpaddr(3, u64::MAX);
    assert_eq!(p.read_pmpaddr(3), PMPADDR_MASK);
}

#[test]
fn granularity_shapes_the_pmpaddr_read_back() {
    // G = 3 (32 bytes): NAPOT reads bits 1:0 as ones, OFF/TOR bits 2:0 as
    // zeros; the stored value is kept (section 3.7.1).
    let mut p = pmp_with(16, 3, &[(0, cfg::NAPOT, 0x8000_0000 >> 2)]);
    assert_eq!(p.read_pmpaddr(0), (0x8000_0000 >> 2) | 0b11);
    assert_eq!(p.region(0), Some((PhysAddr(0x8000_0000), 32)));
    p.write_pmpaddr(1, 0x1234_5677);
    assert_eq!(p.read_pmpaddr(1), 0x1234_5670);
    p.write_pmpcfg(0, u64::from(cfg::NAPOT) | (u64::from(cfg::NAPOT) << 8));
    assert_eq!(p.read_pmpaddr(1), 0x1234_5677);
    // G = 1: NAPOT reads as written, TOR clears bit 0.
    let p = pmp_with(16, 1, &[(0, cfg::NAPOT, 0x10), (1, cfg::TOR, 0x21)]);
    assert_eq!((p.read_pmpaddr(0), p.read_pmpaddr(1)), (0x10, 0x20));
}

#[test]
fn na4_is_not_selectable_with_granularity() {
    let p = pmp_with(16, 1, &[(0, cfg::NA4 | cfg::R, 0x100)]);
    assert_eq!(p.cfg(0) & cfg::A, cfg::NAPOT);
    let p = pmp_with(16, 0, &[(0, cfg::NA4 | cfg::R, 0x100)]);
    assert_eq!(p.cfg(0) & cfg::A, cfg::NA4);
}

#[test]
fn unimplemented_entries_read_zero_and_ignore_writes() {
    let mut p = Pmp::new(PmpConfig {
        entries: 4,
        ..PmpConfig::default()
    });
    p.write_pmpcfg(0, u64::MAX);
    p.write_pmpaddr(4, 0x123);
    p.write_pmpcfg(2, u64::MAX);
    assert_eq!(p.read_pmpcfg(0) >> 32, 0);
    assert_eq!((p.read_pmpaddr(4), p.read_pmpcfg(2)), (0, 0));
}

#[test]
fn page_outcome_is_mixed_when_an_entry_boundary_falls_inside_the_page() {
    let p = pmp_with(
        16,
        0,
        &[
            (0, cfg::NAPOT | cfg::R, napot(0x8000_1800, 0x800)),
            (
                1,
                cfg::NAPOT | cfg::R | cfg::W,
                napot(0x8000_0000, 0x10_0000),
            ),
        ],
    );
    // (page, access, outcome)
    let table = [
        (0x8000_0000, Store, PageOutcome::Allowed),
        (0x8000_1000, Store, PageOutcome::Mixed),
        (0x8000_1000, Load, PageOutcome::Mixed),
        (0x8000_2000, Load, PageOutcome::Allowed),
    ];
    for (page, a, want) in table {
        assert_eq!(
            p.page_outcome(PhysAddr(page), a, S),
            want,
            "{page:#x} {a:?}"
        );
    }
    let d = match p.page_outcome(PhysAddr(0x8000_2000), Fetch, U) {
        PageOutcome::Denied(d) => d,
        other => panic!("{other:?}"),
    };
    assert_eq!((d.entry, d.rule), (Some(1), PmpRule::NotPermitted));
    assert_eq!(
        p.page_outcome(PhysAddr(0x9000_0000), Load, U),
        PageOutcome::Denied(PmpDenial {
            entry: None,
            cfg: 0,
            rule: PmpRule::NoMatch
        })
    );
    assert_eq!(
        p.page_outcome(PhysAddr(0x9000_0000), Load, M),
        PageOutcome::Allowed
    );
}

#[test]
fn smepmp_mml_truth_table() {
    // (L R W X) -> (M r w x, S/U r w x), Smepmp Table "mseccfg.MML = 1".
    let table: [(u8, [bool; 3], [bool; 3]); 16] = [
        (0b0000, [false; 3], [false; 3]),
        (0b0001, [false; 3], [false, false, true]),
        (0b0010, [true, true, false], [true, false, false]),
        (0b0011, [true, true, false], [true, true, false]),
        (0b0100, [false; 3], [true, false, false]),
        (0b0101, [false; 3], [true, false, true]),
        (0b0110, [false; 3], [true, true, false]),
        (0b0111, [false; 3], [true, true, true]),
        (0b1000, [false; 3], [false; 3]),
        (0b1001, [false, false, true], [false; 3]),
        (0b1010, [false, false, true], [false, false, true]),
        (0b1011, [true, false, true], [false, false, true]),
        (0b1100, [true, false, false], [false; 3]),
        (0b1101, [true, false, true], [false; 3]),
        (0b1110, [true, true, false], [false; 3]),
        (0b1111, [true, false, false], [true, false, false]),
    ];
    for (lrwx, m, su) in table {
        let c = (if lrwx & 8 != 0 { cfg::L } else { 0 })
            | (if lrwx & 4 != 0 { cfg::R } else { 0 })
            | (if lrwx & 2 != 0 { cfg::W } else { 0 })
            | (if lrwx & 1 != 0 { cfg::X } else { 0 });
        for (k, a) in [Load, Store, Fetch].into_iter().enumerate() {
            assert_eq!(entry_grants(c, a, M, true), m[k], "{lrwx:04b} M {a:?}");
            assert_eq!(entry_grants(c, a, S, true), su[k], "{lrwx:04b} S {a:?}");
            assert_eq!(entry_grants(c, a, U, true), su[k], "{lrwx:04b} U {a:?}");
        }
    }
}

#[test]
fn smepmp_mmwp_denies_unmatched_machine_accesses_and_is_sticky() {
    let mut p = Pmp::default();
    p.write_mseccfg(mseccfg::MMWP);
    p.write_mseccfg(0);
    assert_eq!(p.read_mseccfg(), mseccfg::MMWP);
    let d = p.check(PhysAddr(0x8000_0000), 4, Load, M).unwrap_err();
    assert_eq!((d.entry, d.rule), (None, PmpRule::MachineWhitelist));
}

#[test]
fn smepmp_mml_denies_unmatched_machine_fetches_only() {
    let mut p = Pmp::default();
    p.write_mseccfg(mseccfg::MML);
    assert!(ok(&p, 0x8000_0000, 4, Load, M));
    assert!(ok(&p, 0x8000_0000, 4, Store, M));
    let d = p.check(PhysAddr(0x8000_0000), 4, Fetch, M).unwrap_err();
    assert_eq!(d.rule, PmpRule::MachineFetchWithoutRule);
}

#[test]
fn smepmp_rlb_cannot_be_set_once_an_entry_is_locked() {
    let mut p = pmp_with(16, 0, &[(0, cfg::NAPOT | cfg::L | cfg::R, u64::MAX)]);
    p.write_mseccfg(mseccfg::RLB);
    assert_eq!(p.read_mseccfg(), 0);
    // With RLB set first, locked entries stay writable.
    let mut p = Pmp::default();
    p.write_mseccfg(mseccfg::RLB);
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::L | cfg::R));
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::R));
    assert_eq!(p.cfg(0), cfg::NAPOT | cfg::R);
}

#[test]
fn smepmp_mml_ignores_new_locked_executable_rules() {
    let mut p = Pmp::default();
    p.write_mseccfg(mseccfg::MML);
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::L | cfg::X));
    assert_eq!(p.cfg(0), 0);
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::L | RWX));
    assert_eq!(p.cfg(0), cfg::NAPOT | cfg::L | RWX);
    // Under MML the R = 0, W = 1 encoding is a shared region, not reserved.
    p.write_pmpcfg(0, u64::from(cfg::NAPOT | cfg::W) << 8);
    assert_eq!(p.cfg(1), cfg::NAPOT | cfg::W);
}

/// The allowed windows ([`Pmp::allowed_window`]): with the usual firmware
/// setup (a locked-out firmware range below an open NAPOT-everything
/// entry), the S/U window is the open range above the firmware; and every
/// access the window lets through gets the same answer from the scan of
/// the entries (`check_entries`), on a grid of addresses around every
/// boundary of a few layouts with shadowed, overlapping and TOR entries.
#[test]
fn allowed_windows_agree_with_the_scan_of_the_entries() {
    let fw = 0x8000_0000u64;
    let opensbi = pmp_with(
        16,
        0,
        &[
            (0, cfg::NAPOT, napot(fw, 0x4_0000)),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    let w = opensbi.windows[0][Load as usize];
    let everything = opensbi.region(1).unwrap();
    assert_eq!(
        (w.lo, w.hi),
        (fw + 0x4_0000, everything.0 .0 + everything.1)
    );
    assert_eq!(
        opensbi.page_outcome(PhysAddr(fw + 0x4_0000), Load, S),
        PageOutcome::Allowed
    );
    assert!(!ok(&opensbi, fw + 0x3_fff8, 8, Load, S));
    let layouts = [
        opensbi,
        pmp_with(
            8,
            0,
            &[
                (0, cfg::TOR | cfg::R, 0x2000 >> 2),
                (1, cfg::TOR | RWX, 0x9000 >> 2),
                (2, cfg::NAPOT | cfg::R | cfg::W, napot(0x4000, 0x1000)),
                (3, cfg::NAPOT | cfg::X | cfg::L, napot(0, 0x10000)),
                (5, cfg::NA4 | RWX, 0xa000 >> 2),
            ],
        ),
        pmp_with(
            4,
            0,
            &[
                (1, cfg::NAPOT | cfg::L | cfg::R, napot(0x3000, 0x1000)),
                (2, cfg::NAPOT | RWX | cfg::L, napot(0, 0x8000)),
            ],
        ),
    ];
    for p in &layouts {
        let mut points = vec![0u64, 1 << 56, u64::MAX - 7];
        for i in 0..p.entries() {
            if let Some((lo, size)) = p.region(i) {
                points.extend([lo.0, lo.0 + size]);
            }
        }
        for base in points.clone() {
            for d in [-0x1008i64, -0x1000, -8, -4, -1, 0, 1, 4, 8, 0xff8] {
                let addr = base.wrapping_add_signed(d);
                for size in [1u64, 4, 8, 4096] {
                    for a in [Fetch, Load, Store] {
                        for m in [U, S, M] {
                            if p.in_window(addr, size, a, m) {
                                assert_eq!(
                                    p.check_entries(addr, size, a, m),
                                    Ok(()),
                                    "{addr:#x}+{size} {a:?} {m:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
