//! Loads and stores under Sv39 through the TLB, and `--check-tlb`, driven
//! by a tiny hand-assembled S-mode guest (Privileged 20211203, sections
//! 4.2.1 and 4.3.2).

use super::super::{Hart, HartConfig, StopReason, TraceMode};
use crate::bus::{Bus, RAM_BASE};
use mmu::{AdPolicy, Privilege};

const T0: u32 = 5;
const T1: u32 = 6;
const T2: u32 = 7;
const S1: u32 = 9;
const T3: u32 = 28;
const T4: u32 = 29;
const T5: u32 = 30;

fn load(f3: u32, rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32 & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x03
}
fn store(f3: u32, rs2: u32, rs1: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    ((imm >> 5 & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23
}
fn lw(rd: u32, rs1: u32, imm: i32) -> u32 {
    load(2, rd, rs1, imm)
}
fn sw(rs2: u32, rs1: u32, imm: i32) -> u32 {
    store(2, rs2, rs1, imm)
}
fn sd(rs2: u32, rs1: u32, imm: i32) -> u32 {
    store(3, rs2, rs1, imm)
}
const SFENCE_VMA: u32 = 0x1200_0073;

/// Offsets in RAM: the root table, the level 1 and level 0 tables of VA
/// 0x1000, and the data pages A, B and C.
const ROOT: u64 = 0x8_0000;
const L1: u64 = 0x8_1000;
const L0: u64 = 0x8_2000;
const PAGE_A: u64 = 0x1_0000;
const PAGE_B: u64 = 0x1_1000;
const PAGE_C: u64 = 0x1_2000;
/// The data page's virtual address, and a clean (D = 0) one at 0x2000.
const VA: u64 = 0x1000;
const VA_CLEAN: u64 = 0x2000;

const V: u64 = 1;
const R: u64 = 2;
const W: u64 = 4;
const X: u64 = 8;
const A: u64 = 0x40;
const D: u64 = 0x80;

fn pte(ram_offset: u64, flags: u64) -> u64 {
    (((RAM_BASE + ram_offset) >> 12) << 10) | flags
}

/// An S-mode hart under Sv39 running `code` from RAM_BASE: RAM is mapped
/// by an identity gigapage (so the guest can write its own PTEs), VA
/// 0x1000 by a 4 KiB page on page A, VA 0x2000 on page C with D = 0.
/// Pages A, B and C start with the words 0x11, 0x22 and 0x33.
fn sv39_hart(code: &[u32], config: HartConfig) -> Hart {
    let mut bus = Bus::new(1 << 20);
    for (k, w) in code.iter().enumerate() {
        bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
    }
    let words = [
        (ROOT + 2 * 8, pte(0, V | R | W | X | A | D)),
        (ROOT, pte(L1, V)),
        (L1, pte(L0, V)),
        (L0 + 8, pte(PAGE_A, V | R | W | A | D)),
        (L0 + 16, pte(PAGE_C, V | R | W | A)),
        (PAGE_A, 0x11),
        (PAGE_B, 0x22),
        (PAGE_C, 0x33),
    ];
    for (off, v) in words {
        bus.ram.write::<8>(off as usize, v).unwrap();
    }
    let mut h = Hart::new(bus, RAM_BASE, config);
    h.open_pmp();
    h.csr.satp = (8 << 60) | ((RAM_BASE + ROOT) >> 12);
    h.privilege = Privilege::Supervisor;
    h.update_contexts();
    h
}

fn ram_word(h: &Hart, off: u64) -> u64 {
    h.bus.ram.read::<4>(off as usize).unwrap()
}

/// Loads and stores VA 0x1000, retargets its PTE to page B without a
/// fence, loads twice (stale), fences, then loads and stores again.
fn remap_program() -> Vec<u32> {
    vec![
        lw(T1, T0, 0), // page A: 0x11, fills the load cache
        sw(S1, T0, 4), // page A + 4, fills the store cache
        sd(T2, T3, 0), // L0[1] := page B, no sfence.vma
        lw(T4, T0, 0), // stale: still page A
        lw(T4, T0, 0), // stale again
        SFENCE_VMA,    // sfence.vma x0, x0
        lw(T5, T0, 0), // page B: 0x22
        sw(S1, T0, 8), // page B + 8
    ]
}

fn run_remap(config: HartConfig) -> Hart {
    let code = remap_program();
    let mut h = sv39_hart(&code, config);
    h.x[T0 as usize] = VA;
    h.x[T2 as usize] = pte(PAGE_B, V | R | W | A | D);
    h.x[T3 as usize] = RAM_BASE + L0 + 8;
    h.x[S1 as usize] = 0x5a;
    assert_eq!(
        h.run(code.len() as u64, TraceMode::Off),
        StopReason::InsnLimit
    );
    assert_eq!(h.pc, RAM_BASE + 4 * code.len() as u64, "no trap");
    h
}

#[test]
fn stale_translations_serve_until_sfence_vma() {
    for check_tlb in [false, true] {
        let config = HartConfig {
            check_tlb,
            ..HartConfig::default()
        };
        let h = run_remap(config);
        let what = format!("check_tlb = {check_tlb}");
        assert_eq!(h.x[T1 as usize], 0x11, "{what}");
        assert_eq!(h.x[T4 as usize], 0x11, "stale until the fence, {what}");
        assert_eq!(
            h.x[T5 as usize], 0x22,
            "the fence drops the stale load translation, {what}"
        );
        assert_eq!(ram_word(&h, PAGE_A + 4), 0x5a, "{what}");
        assert_eq!(
            ram_word(&h, PAGE_B + 8),
            0x5a,
            "the fence drops the stale store translation, {what}"
        );
        assert_eq!(ram_word(&h, PAGE_A + 8), 0, "{what}");
    }
}

#[test]
fn check_tlb_warns_exactly_once_for_a_pte_changed_without_sfence() {
    let on = run_remap(HartConfig {
        check_tlb: true,
        ..HartConfig::default()
    });
    assert_eq!(on.mmu.stats().stale_tlb_warnings, 1);
    let off = run_remap(HartConfig::default());
    assert_eq!(off.mmu.stats().stale_tlb_warnings, 0);
}

#[test]
fn check_tlb_changes_no_load_store_counter() {
    // The check walks on the side: hits and misses count as without it.
    let cached = run_remap(HartConfig::default());
    let uncached = run_remap(HartConfig {
        check_tlb: true,
        ..HartConfig::default()
    });
    let (c, u) = (cached.mmu.stats(), uncached.mmu.stats());
    assert_eq!(
        (c.tlb_hits.load, c.tlb_hits.store),
        (u.tlb_hits.load, u.tlb_hits.store)
    );
    assert_eq!(c.tlb_misses, u.tlb_misses);
    assert_eq!(c.tlb_hits.load, 2, "the two stale loads");
}

#[test]
fn store_to_a_clean_page_faults_after_a_load_filled_the_tlb() {
    // Svade: the load succeeds and fills the TLB; the store hits an entry
    // with D = 0, goes to the walker and raises a store page fault (cause
    // 15), leaving D clear.
    let code = [lw(T1, T0, 0), lw(T1, T0, 0), sw(S1, T0, 0)];
    let mut h = sv39_hart(
        &code,
        HartConfig {
            ad: AdPolicy::Svade,
            ..HartConfig::default()
        },
    );
    h.x[T0 as usize] = VA_CLEAN;
    h.x[S1 as usize] = 0x5a;
    h.csr.mtvec = RAM_BASE + 0x400;
    assert_eq!(h.run(3, TraceMode::Off), StopReason::InsnLimit);
    assert_eq!(h.x[T1 as usize], 0x33);
    assert_eq!(h.csr.mcause, 15);
    assert_eq!(h.csr.mtval, VA_CLEAN);
    assert_eq!(h.pc, RAM_BASE + 0x400);
    assert_eq!(ram_word(&h, PAGE_C), 0x33, "nothing stored");
    let leaf = h.bus.ram.read::<8>((L0 + 16) as usize).unwrap();
    assert_eq!(leaf & D, 0, "D still clear");
}

#[test]
fn store_to_a_clean_page_sets_d_under_svadu_after_a_load_filled_the_tlb() {
    let code = [lw(T1, T0, 0), sw(S1, T0, 0), sw(S1, T0, 4)];
    let mut h = sv39_hart(
        &code,
        HartConfig {
            ad: AdPolicy::Svadu,
            ..HartConfig::default()
        },
    );
    h.x[T0 as usize] = VA_CLEAN;
    h.x[S1 as usize] = 0x5a;
    assert_eq!(h.run(3, TraceMode::Off), StopReason::InsnLimit);
    assert_eq!(h.pc, RAM_BASE + 12, "no trap");
    let leaf = h.bus.ram.read::<8>((L0 + 16) as usize).unwrap();
    assert_eq!(leaf & D, D, "the walker set D");
    assert_eq!(
        (ram_word(&h, PAGE_C), ram_word(&h, PAGE_C + 4)),
        (0x5a, 0x5a)
    );
}
