//! The H extension at the hart level: what turning it off with `--isa`
//! takes away, and the trap entry and return bookkeeping of V (the
//! riscv-tests suite `rv64h` covers the rest end to end).

use super::tests::{csrrs, hart_with, steps};
use super::*;
use crate::bus::RAM_BASE;
use crate::isa::extensions::Extensions;

const HLV_W: u32 = 0x6805_c573; // hlv.w a0, (a1)
const HSTATUS: u16 = 0x600;

fn hart_without_h(code: &[u32]) -> Hart {
    let mut h = hart_with(code);
    let isa = Extensions::default().without(Extension::H);
    h.config.isa = isa;
    h.blocks.isa = isa;
    h
}

#[test]
fn without_h_the_h_csrs_and_instructions_are_illegal_and_misa_has_no_h() {
    for code in [csrrs(10, HSTATUS, 0), HLV_W] {
        let mut h = hart_without_h(&[code]);
        h.csr.mtvec = RAM_BASE + 0x100;
        steps(&mut h, 1);
        assert_eq!(h.csr.mcause, 2, "{code:#x}");
        assert_eq!(h.csr.mtval, u64::from(code), "{code:#x}");
    }
    let mut h = hart_without_h(&[csrrs(10, 0x301, 0)]);
    steps(&mut h, 1);
    assert_eq!(h.x[10] & 1 << 7, 0, "misa.H");
    // mideleg's VS bits are not read-only one then.
    let mut h = hart_without_h(&[csrrs(10, 0x303, 0)]);
    steps(&mut h, 1);
    assert_eq!(h.x[10], 0);
}

#[test]
fn with_h_hstatus_reads_vsxl_64_and_mideleg_its_vs_bits() {
    let mut h = hart_with(&[csrrs(10, HSTATUS, 0), csrrs(11, 0x303, 0)]);
    steps(&mut h, 2);
    assert_eq!(h.x[10], 2 << 32);
    assert_eq!(h.x[11], 0x444);
}

#[test]
fn a_trap_from_vs_to_m_records_mpv_and_mret_returns_into_vs() {
    // ecall at RAM_BASE in VS-mode; mtvec -> mret at RAM_BASE + 0x100.
    let mut h = hart_with(&[0x0000_0073]);
    h.bus
        .ram
        .write_pa::<4>(RAM_BASE + 0x100, 0x3020_0073)
        .unwrap();
    h.csr.mtvec = RAM_BASE + 0x100;
    h.privilege = Privilege::Supervisor;
    h.virt = true;
    h.update_contexts();
    steps(&mut h, 1);
    assert_eq!(h.csr.mcause, 10, "ecall from VS-mode");
    assert!(!h.virt);
    assert_ne!(h.csr.mstatus & hyper::MSTATUS_MPV, 0);
    h.csr.mepc = RAM_BASE + 0x200;
    steps(&mut h, 1);
    assert!(h.virt, "mret with MPV = 1");
    assert_eq!(h.privilege, Privilege::Supervisor);
    assert_eq!(h.csr.mstatus & hyper::MSTATUS_MPV, 0, "MPV cleared");
}

/// A VS-mode hart in `wfi` whose only wake-up is the VS timer (Sstc with
/// H: henvcfg.STCE, hie.VSTIE, delegated to VS by hideleg), vstimecmp
/// `ticks` ahead of `time + htimedelta`.
fn vs_mode_waiting_for_vstimecmp(ticks: u64) -> Hart {
    use super::csr::{MENVCFG_STCE, MSTATUS_SIE};
    use super::hyper::IRQ_VSTI;
    use super::tests::{addi, WFI};
    let mut h = hart_with(&[WFI, addi(1, 0, 1)]);
    h.config.time = TimeSource::Icount;
    h.csr.menvcfg |= MENVCFG_STCE;
    h.csr.h.henvcfg |= MENVCFG_STCE;
    h.csr.h.hideleg = IRQ_VSTI;
    h.csr.mie = IRQ_VSTI;
    h.csr.h.vsstatus |= MSTATUS_SIE;
    h.csr.h.vstvec = RAM_BASE + 0x800;
    // time + htimedelta is far from time: a deadline computed from
    // vstimecmp alone would be wrong by 10^9 ticks.
    h.csr.h.htimedelta = 1_000_000_000;
    h.privilege = Privilege::Supervisor;
    h.virt = true;
    h.update_contexts();
    h.sync_time();
    h.csr.h.vstimecmp = h.now() + h.csr.h.htimedelta + ticks;
    h
}

#[test]
fn wfi_waiting_only_for_the_vs_timer_wakes_at_vstimecmp_minus_htimedelta() {
    let mut h = vs_mode_waiting_for_vstimecmp(5000);
    let start = h.now();
    steps(&mut h, 2);
    assert_eq!(h.csr.h.vscause, (1 << 63) | 5, "VS timer, as cause 5 in VS");
    assert_eq!(h.csr.h.vsepc, RAM_BASE + 4);
    assert!(h.virt, "taken in VS-mode");
    let woke = h.now() - start;
    assert!((5000..6000).contains(&woke), "woke after {woke} ticks");
    assert_eq!(h.minstret(), 1, "sleeping retires nothing");
}

#[test]
fn wfi_with_the_vs_timer_disabled_still_stops_the_run() {
    let mut h = vs_mode_waiting_for_vstimecmp(10);
    h.csr.mie = 0;
    assert_eq!(h.run(10, TraceMode::Off), StopReason::WaitForever);
    let mut h = vs_mode_waiting_for_vstimecmp(10);
    h.csr.h.henvcfg = 0;
    assert_eq!(h.run(10, TraceMode::Off), StopReason::WaitForever);
}

#[test]
fn hinval_is_hfence_under_svinval_and_h_and_illegal_without_svinval() {
    const HINVAL_GVMA: u32 = 0x6600_0073; // hinval.gvma zero, zero
    const HINVAL_VVMA: u32 = 0x2600_0073; // hinval.vvma zero, zero
    for code in [HINVAL_GVMA, HINVAL_VVMA] {
        // HS-mode: runs (Linux's KVM uses it when Svinval is offered).
        let mut h = hart_with(&[code]);
        h.csr.mtvec = RAM_BASE + 0x100;
        h.privilege = Privilege::Supervisor;
        h.update_contexts();
        steps(&mut h, 1);
        assert_eq!((h.pc, h.csr.mcause), (RAM_BASE + 4, 0), "{code:#x}");
        // VS-mode: virtual instruction, as the HFENCEs.
        h.pc = RAM_BASE;
        h.virt = true;
        h.update_contexts();
        steps(&mut h, 1);
        assert_eq!(h.csr.mcause, 22, "{code:#x}");
        // Without Svinval: illegal.
        let mut h = hart_with(&[code]);
        let isa = Extensions::default().without(Extension::Svinval);
        h.config.isa = isa;
        h.blocks.isa = isa;
        h.csr.mtvec = RAM_BASE + 0x100;
        steps(&mut h, 1);
        assert_eq!(h.csr.mcause, 2, "{code:#x}");
    }
}
