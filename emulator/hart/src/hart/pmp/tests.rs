//! PMP on the hart's accesses (Privileged 20211203, section 3.7), and the
//! caches that must never let an access bypass a PMP decision.

use super::super::csr::{addr, MSTATUS_MPP_SHIFT, MSTATUS_MPRV};
use super::super::{Exception, Hart, HartConfig, TraceMode};
use crate::bus::{Bus, RAM_BASE};
use mmu::pmp::cfg;
use mmu::{PmpRule, Privilege, WalkError};

const RWX: u8 = cfg::R | cfg::W | cfg::X;

/// `addi a0, a0, 1`.
const INC_A0: u32 = 0x0015_0513;
const A0: usize = 10;

/// A bare hart at `privilege` whose RAM starts with `code`; the PMP is as
/// at reset (16 entries, all OFF).
fn hart(privilege: Privilege, code: &[u32]) -> Hart {
    let mut bus = Bus::new(1 << 20);
    for (k, w) in code.iter().enumerate() {
        bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
    }
    let mut h = Hart::new(bus, RAM_BASE, HartConfig::default());
    h.privilege = privilege;
    h.update_contexts();
    h
}

/// Writes entries (index, cfg, pmpaddr) through the CSRs, as a guest would.
fn set_entries(h: &mut Hart, entries: &[(u16, u8, u64)]) {
    for &(i, _, a) in entries {
        h.csr_write(addr::PMPADDR0 + i, a, 0).unwrap();
    }
    let mut cfg0 = 0u64;
    for &(i, c, _) in entries {
        cfg0 |= u64::from(c) << (8 * i);
    }
    h.csr_write(addr::PMPCFG0, cfg0, 0).unwrap();
}

/// NAPOT pmpaddr for `size` bytes at `base`.
fn napot(base: u64, size: u64) -> u64 {
    (base >> 2) | ((size >> 3) - 1)
}

#[test]
fn s_mode_access_matching_no_entry_is_an_access_fault_of_its_kind() {
    let mut h = hart(Privilege::Supervisor, &[]);
    let t = h.load(RAM_BASE + 8, 8).unwrap_err();
    assert_eq!(
        (t.cause, t.tval),
        (Exception::LoadAccessFault, RAM_BASE + 8)
    );
    let t = h.store(RAM_BASE, 4, 1).unwrap_err();
    assert_eq!(t.cause, Exception::StoreAccessFault);
    let t = h.amo(RAM_BASE, 8, |v| v + 1).unwrap_err();
    assert_eq!(t.cause, Exception::StoreAccessFault, "AMOs are stores");
    let rec = h.take_last_pmp_fault().unwrap();
    assert_eq!(
        (rec.denial.entry, rec.denial.rule),
        (None, PmpRule::NoMatch)
    );
    let s = h.mmu.stats().pmp_denials;
    assert_eq!((s.load, s.store), (1, 2));
    // With no PMP entries implemented, nothing is checked.
    let mut config = HartConfig::default();
    config.pmp.entries = 0;
    let mut h = Hart::new(Bus::new(1 << 20), RAM_BASE, config);
    h.privilege = Privilege::User;
    h.update_contexts();
    assert!(h.load(RAM_BASE + 8, 8).is_ok());
}

#[test]
fn a_pmp_write_empties_the_page_caches() {
    let mut h = hart(Privilege::Supervisor, &[]);
    set_entries(&mut h, &[(0, cfg::NAPOT | RWX, u64::MAX)]);
    for _ in 0..2 {
        assert!(h.load(RAM_BASE + 16, 8).is_ok());
        assert!(h.store(RAM_BASE + 16, 8, 5).is_ok());
    }
    assert_eq!(
        h.mmu.stats().tlb_hits.load,
        1,
        "the second load hit the cache"
    );
    // Execute-only now: the cached page must not serve the next load.
    set_entries(&mut h, &[(0, cfg::NAPOT | cfg::X, u64::MAX)]);
    let t = h.load(RAM_BASE + 16, 8).unwrap_err();
    assert_eq!(t.cause, Exception::LoadAccessFault);
    let t = h.store(RAM_BASE + 16, 8, 5).unwrap_err();
    assert_eq!(t.cause, Exception::StoreAccessFault);
}

#[test]
fn a_page_with_an_entry_boundary_is_checked_on_every_access() {
    // Entry 0: four read-only bytes at +0x100; entry 1: everything.
    let mut h = hart(Privilege::User, &[]);
    set_entries(
        &mut h,
        &[
            (0, cfg::NA4 | cfg::R, (RAM_BASE + 0x100) >> 2),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    for _ in 0..3 {
        assert!(h.store(RAM_BASE, 8, 1).is_ok());
        let t = h.store(RAM_BASE + 0x100, 4, 1).unwrap_err();
        assert_eq!(
            (t.cause, t.tval),
            (Exception::StoreAccessFault, RAM_BASE + 0x100)
        );
        assert!(h.load(RAM_BASE + 0x100, 4).is_ok());
    }
    // An 8-byte load over the 4-byte entry matches it in part.
    let t = h.load(RAM_BASE + 0xfc, 8).unwrap_err();
    assert_eq!(t.cause, Exception::LoadAccessFault);
    let rec = h.take_last_pmp_fault().unwrap();
    assert_eq!(
        (rec.denial.entry, rec.denial.rule),
        (Some(0), PmpRule::PartialMatch)
    );
    // The next page has one outcome and is cached as usual.
    assert!(h.load(RAM_BASE + 0x1000, 8).is_ok());
    assert!(h.load(RAM_BASE + 0x1000, 8).is_ok());
    assert_eq!(h.mmu.stats().tlb_hits.load, 1);
}

#[test]
fn a_misaligned_access_across_pages_is_checked_on_both_pages() {
    let mut h = hart(Privilege::Supervisor, &[]);
    set_entries(
        &mut h,
        &[
            (0, cfg::NAPOT | cfg::R, napot(RAM_BASE + 0x1000, 0x1000)),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    let t = h.store(RAM_BASE + 0xffc, 8, u64::MAX).unwrap_err();
    assert_eq!(
        (t.cause, t.tval),
        (Exception::StoreAccessFault, RAM_BASE + 0x1000)
    );
    assert_eq!(h.load(RAM_BASE + 0xffc, 8), Ok(0), "nothing was written");
}

#[test]
fn machine_mode_ignores_unlocked_permissions_and_obeys_locked_ones() {
    let mut h = hart(Privilege::Machine, &[]);
    set_entries(&mut h, &[(0, cfg::NAPOT | cfg::R, napot(RAM_BASE, 0x800))]);
    assert!(
        h.store(RAM_BASE, 8, 1).is_ok(),
        "L = 0: M-mode ignores R/W/X"
    );
    // ...but not a partial match (a misaligned store inside the page; one
    // across pages is checked page by page, as its parts are accessed).
    let t = h.store(RAM_BASE + 0x7fc, 8, 1).unwrap_err();
    assert_eq!(t.cause, Exception::StoreAccessFault);
    set_entries(
        &mut h,
        &[(0, cfg::NAPOT | cfg::R | cfg::L, napot(RAM_BASE, 0x1000))],
    );
    let t = h.store(RAM_BASE, 8, 1).unwrap_err();
    assert_eq!(t.cause, Exception::StoreAccessFault);
    assert!(h.load(RAM_BASE, 8).is_ok());
    assert!(
        h.store(RAM_BASE + 0x1000, 8, 1).is_ok(),
        "no match: M-mode succeeds"
    );
    // The lock holds: the entry cannot be reopened.
    set_entries(&mut h, &[(0, cfg::NAPOT | RWX, u64::MAX)]);
    assert!(h.store(RAM_BASE, 8, 1).is_err());
}

#[test]
fn mprv_loads_and_stores_are_checked_at_mpp() {
    let mut h = hart(Privilege::Machine, &[]);
    assert!(h.load(RAM_BASE, 8).is_ok());
    h.csr.mstatus |= MSTATUS_MPRV; // MPP = U (0)
    h.update_contexts();
    let t = h.load(RAM_BASE, 8).unwrap_err();
    assert_eq!(t.cause, Exception::LoadAccessFault);
    h.csr.mstatus |= 3 << MSTATUS_MPP_SHIFT; // MPP = M
    h.update_contexts();
    assert!(h.load(RAM_BASE, 8).is_ok());
}

#[test]
fn execution_stops_at_the_first_instruction_the_pmp_denies() {
    // Six increments; entry 0 takes execute away from the 8 bytes at +8
    // (the third and fourth), entry 1 allows everything else.
    let code = [INC_A0; 6];
    let mut h = hart(Privilege::Supervisor, &code);
    h.csr.mtvec = RAM_BASE + 0x800;
    set_entries(&mut h, &[(1, cfg::NAPOT | RWX, u64::MAX)]);
    // First the whole page runs (and is decoded into one block).
    h.run(6, TraceMode::Off);
    assert_eq!(h.x[A0], 6);
    set_entries(
        &mut h,
        &[
            (0, cfg::NAPOT | cfg::R, napot(RAM_BASE + 8, 8)),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    h.x[A0] = 0;
    h.pc = RAM_BASE;
    h.run(3, TraceMode::Off);
    assert_eq!(h.x[A0], 2, "the block did not run past the entry");
    assert_eq!(h.csr.mcause, Exception::InstructionAccessFault as u64);
    assert_eq!((h.csr.mtval, h.csr.mepc), (RAM_BASE + 8, RAM_BASE + 8));
    assert_eq!(h.pc, RAM_BASE + 0x800);
    // Past the entry, the rest of the page runs again.
    h.privilege = Privilege::Supervisor;
    h.update_contexts();
    h.pc = RAM_BASE + 16;
    h.run(2, TraceMode::Off);
    assert_eq!(h.x[A0], 4);
}

#[test]
fn a_pte_read_the_pmp_denies_is_an_access_fault_of_the_original_access() {
    // Sv39: the root at +0x8_0000 maps VA 0x8000_0000 with a gigapage.
    const ROOT: u64 = RAM_BASE + 0x8_0000;
    let mut h = hart(Privilege::Supervisor, &[]);
    let leaf = ((RAM_BASE >> 12) << 10) | 0xcf; // V R W X A D
    h.bus.ram.write::<8>(0x8_0000 + 2 * 8, leaf).unwrap();
    h.csr.satp = (8 << 60) | (ROOT >> 12);
    // Entry 0: the root page, no permission; entry 1: everything.
    set_entries(
        &mut h,
        &[
            (0, cfg::NAPOT, napot(ROOT, 0x1000)),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    let t = h.store(RAM_BASE + 0x10, 8, 1).unwrap_err();
    assert_eq!(
        (t.cause, t.tval),
        (Exception::StoreAccessFault, RAM_BASE + 0x10)
    );
    let Some(WalkError::PtePmpDenied {
        level: 2,
        pte_addr,
        update: false,
        denial,
    }) = h.mmu.last_fault_reason()
    else {
        panic!("{:?}", h.mmu.last_fault_reason())
    };
    assert_eq!((pte_addr.0, denial.entry), (ROOT + 16, Some(0)));
    // Readable root: the walk succeeds.
    set_entries(
        &mut h,
        &[
            (0, cfg::NAPOT | cfg::R, napot(ROOT, 0x1000)),
            (1, cfg::NAPOT | RWX, u64::MAX),
        ],
    );
    assert!(h.store(RAM_BASE + 0x10, 8, 1).is_ok());
}

#[test]
fn odd_pmpcfg_registers_do_not_exist_on_rv64() {
    let mut h = hart(Privilege::Machine, &[]);
    assert!(h.csr_read(addr::PMPCFG0 + 1, 0x3a1_02573).is_err());
    assert!(h.csr_read(addr::PMPCFG0 + 2, 0).is_ok());
    assert!(h.csr_read(addr::MSECCFG, 0).is_ok());
}

#[test]
fn smepmp_mmwp_makes_machine_accesses_without_a_rule_fail() {
    let mut h = hart(Privilege::Machine, &[]);
    assert!(h.load(RAM_BASE, 8).is_ok());
    h.csr_write(addr::MSECCFG, mmu::pmp::mseccfg::MMWP, 0)
        .unwrap();
    let t = h.load(RAM_BASE, 8).unwrap_err();
    assert_eq!(t.cause, Exception::LoadAccessFault);
    let rec = h.take_last_pmp_fault().unwrap();
    assert_eq!(rec.denial.rule, PmpRule::MachineWhitelist);
    // A locked rule (M-mode rule) gives M-mode its memory back.
    set_entries(&mut h, &[(0, cfg::NAPOT | RWX | cfg::L, u64::MAX)]);
    assert!(h.load(RAM_BASE, 8).is_ok());
}
