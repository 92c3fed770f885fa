//! Sstc, the counters and the two time sources (`time.rs`), driven by
//! hand-encoded instructions.
#![allow(clippy::unwrap_used)]

use super::csr::{
    addr, COUNTEREN_TM, IRQ_STI, MCOUNTINHIBIT_CY, MCOUNTINHIBIT_IR, MENVCFG_STCE, MSTATUS_SIE,
};
use super::tests::{addi, csrrs, csrrw, hart_with, steps, WFI};
use super::{Hart, StopReason, TimeSource, TraceMode};
use crate::bus::RAM_BASE;
use crate::isa::extensions::{Extension, Extensions};
use mmu::Privilege;
use std::time::{Duration, Instant};

/// `addr::STIMECMP` as the tests read it: `csrrs x3, stimecmp, x0`.
fn read_stimecmp() -> u32 {
    csrrs(3, addr::STIMECMP, 0)
}

/// Runs one instruction; returns its trap cause, if any (mcause, scause
/// cleared first), and leaves mtval for inspection.
fn trap_of(h: &mut Hart) -> Option<u64> {
    h.csr.mcause = u64::MAX;
    steps(h, 1);
    (h.csr.mcause != u64::MAX).then_some(h.csr.mcause)
}

#[test]
fn stimecmp_below_m_needs_stce_and_tm() {
    // (STCE, TM) -> accessible from S-mode
    for (stce, tm, ok) in [
        (false, false, false),
        (false, true, false),
        (true, false, false),
        (true, true, true),
    ] {
        let mut h = hart_with(&[read_stimecmp()]);
        h.csr.mtvec = RAM_BASE + 0x800;
        h.csr.menvcfg |= if stce { MENVCFG_STCE } else { 0 };
        h.csr.mcounteren = if tm { COUNTEREN_TM } else { 0 };
        h.privilege = Privilege::Supervisor;
        h.update_contexts();
        let cause = trap_of(&mut h);
        if ok {
            assert_eq!(cause, None, "STCE {stce} TM {tm}");
            assert_eq!(h.reg(3), u64::MAX, "stimecmp resets to all ones");
        } else {
            assert_eq!(cause, Some(2), "STCE {stce} TM {tm}");
            assert_eq!(h.csr.mtval, u64::from(read_stimecmp()), "mtval = the bits");
        }
    }
    // M-mode may always access it.
    let mut h = hart_with(&[read_stimecmp()]);
    assert_eq!(trap_of(&mut h), None);
}

#[test]
fn without_sstc_stimecmp_is_absent_and_stce_read_only_zero() {
    let mut h = hart_with(&[
        read_stimecmp(),
        csrrw(0, addr::MENVCFG, 1),
        csrrs(4, addr::MENVCFG, 0),
    ]);
    h.config.isa = Extensions::all().without(Extension::Sstc);
    h.csr.mtvec = RAM_BASE;
    assert_eq!(trap_of(&mut h), Some(2));
    h.pc = RAM_BASE + 4;
    h.x[1] = MENVCFG_STCE;
    steps(&mut h, 2);
    assert_eq!(h.reg(4) & MENVCFG_STCE, 0);
}

#[test]
fn with_stce_stip_follows_stimecmp_and_is_read_only() {
    // csrrs x3, mip, x0; csrrw x0, mip, x1 (sets STIP); csrrs x4, mip, x0
    let code = [
        csrrs(3, addr::MIP, 0),
        csrrw(0, addr::MIP, 1),
        csrrs(4, addr::MIP, 0),
    ];
    let mut h = hart_with(&code);
    h.x[1] = IRQ_STI;
    h.csr.menvcfg |= MENVCFG_STCE;
    h.csr.stimecmp = 1000;
    steps(&mut h, 3);
    assert_eq!(h.reg(3) & IRQ_STI, 0, "time < stimecmp");
    assert_eq!(h.reg(4) & IRQ_STI, 0, "STIP is read-only with STCE");
    h.csr.stimecmp = 0;
    assert_eq!(h.mip() & IRQ_STI, IRQ_STI, "time >= stimecmp");
    // STCE = 0: STIP is the bit M-mode writes (OpenSBI's timer forwarding).
    let mut h = hart_with(&code);
    h.x[1] = IRQ_STI;
    h.csr.stimecmp = 0;
    steps(&mut h, 3);
    assert_eq!(h.reg(3) & IRQ_STI, 0);
    assert_eq!(h.reg(4) & IRQ_STI, IRQ_STI, "M-mode sets STIP");
}

/// An S-mode hart in `wfi` with STIE enabled and delegated, stimecmp
/// `ticks` ahead: it wakes at the deadline and takes the interrupt in S.
fn s_mode_waiting_for_stimecmp(time: TimeSource, ticks: u64) -> Hart {
    let mut h = hart_with(&[WFI, addi(1, 0, 1)]);
    h.config.time = time;
    h.csr.stvec = RAM_BASE + 0x800;
    h.csr.menvcfg |= MENVCFG_STCE;
    h.csr.mideleg = IRQ_STI;
    h.csr.mie = IRQ_STI;
    h.csr.mstatus |= MSTATUS_SIE;
    h.privilege = Privilege::Supervisor;
    h.update_contexts();
    h.sync_time();
    h.csr.stimecmp = h.now() + ticks;
    h
}

#[test]
fn wfi_wakes_at_stimecmp_under_icount() {
    let mut h = s_mode_waiting_for_stimecmp(TimeSource::Icount, 5000);
    steps(&mut h, 2);
    assert_eq!(h.csr.scause, (1 << 63) | 5, "supervisor timer interrupt");
    assert_eq!(h.csr.sepc, RAM_BASE + 4);
    assert!(h.now() >= 5000);
    assert_eq!(h.minstret(), 1, "sleeping retires nothing");
    assert!(h.mcycle() >= 5000 * 100, "idle cycles count in mcycle");
}

/// CPU time this thread has used.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(r, 0);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[test]
fn wfi_sleeps_the_host_thread_until_the_deadline_under_host_time() {
    // 100 ms at 10 MHz: ten wait slices, spent asleep, not spinning.
    let mut h = s_mode_waiting_for_stimecmp(TimeSource::Host, 1_000_000);
    let start = Instant::now();
    let cpu = thread_cpu_time();
    steps(&mut h, 2);
    let (waited, busy) = (start.elapsed(), thread_cpu_time() - cpu);
    assert_eq!(h.csr.scause, (1 << 63) | 5);
    assert!(waited >= Duration::from_millis(100), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert!(
        busy < Duration::from_millis(20),
        "the wait burnt {busy:?} of CPU"
    );
    assert_eq!(h.minstret(), 1);
}

#[test]
fn wfi_with_only_a_disabled_timer_stops_the_run() {
    for time in [TimeSource::Icount, TimeSource::Host] {
        let mut h = s_mode_waiting_for_stimecmp(time, 10);
        h.csr.mie = 0;
        assert_eq!(h.run(10, TraceMode::Off), StopReason::WaitForever);
    }
}

#[test]
fn host_time_follows_the_host_clock() {
    let mut h = hart_with(&[csrrs(3, addr::TIME, 0), csrrs(4, addr::TIME, 0)]);
    h.config.time = TimeSource::Host;
    steps(&mut h, 1);
    std::thread::sleep(Duration::from_millis(5));
    steps(&mut h, 1);
    let ticks = h.reg(4) - h.reg(3);
    assert!(ticks >= 50_000, "5 ms is 50000 ticks at 10 MHz: {ticks}");
}

#[test]
fn icount_time_follows_retired_instructions() {
    let mut code = vec![addi(0, 0, 0); 1000];
    code.push(csrrs(3, addr::TIME, 0));
    let mut h = hart_with(&code);
    steps(&mut h, 1001);
    assert_eq!(h.reg(3), 10, "1000 instructions, 100 per tick");
}

#[test]
fn mcountinhibit_freezes_mcycle_and_minstret() {
    // x1 = CY | IR: inhibit; read both twice; clear; read again.
    let code = [
        csrrw(0, addr::MCOUNTINHIBIT, 1),
        csrrs(3, addr::MINSTRET, 0),
        csrrs(4, addr::MCYCLE, 0),
        addi(0, 0, 0),
        csrrs(5, addr::MINSTRET, 0),
        csrrs(6, addr::MCYCLE, 0),
        csrrs(7, addr::MCOUNTINHIBIT, 0),
        csrrw(0, addr::MCOUNTINHIBIT, 0),
        addi(0, 0, 0),
        csrrs(8, addr::MINSTRET, 0),
    ];
    let mut h = hart_with(&code);
    h.x[1] = u64::MAX;
    steps(&mut h, 10);
    assert_eq!(h.reg(3), h.reg(5), "minstret frozen");
    assert_eq!(h.reg(4), h.reg(6), "mcycle frozen");
    assert_eq!(
        h.reg(7),
        MCOUNTINHIBIT_CY | MCOUNTINHIBIT_IR,
        "only CY and IR"
    );
    // Frozen at 0 (the csrw that inhibited does not count); the clearing
    // csrw is not counted either; the nop after it is.
    assert_eq!(h.reg(3), 0);
    assert_eq!(h.reg(8), 1);
}

#[test]
fn smstateen_csrs_are_absent() {
    // mstateen0..3, sstateen0..3, mstateen0h: illegal, mtval = the bits.
    for n in [
        0x30c, 0x30d, 0x30e, 0x30f, 0x10c, 0x10d, 0x10e, 0x10f, 0x31c,
    ] {
        let insn = csrrs(3, n, 0);
        let mut h = hart_with(&[insn]);
        assert_eq!(trap_of(&mut h), Some(2), "{n:#x}");
        assert_eq!(h.csr.mtval, u64::from(insn));
    }
}

#[test]
fn hpm_counters_read_zero_and_ignore_writes() {
    let code = [
        csrrw(0, addr::MHPMCOUNTER3, 1),
        csrrs(3, addr::MHPMCOUNTER3, 0),
        csrrw(0, addr::MHPMEVENT3 + 28, 1),
        csrrs(4, addr::MHPMEVENT3 + 28, 0),
        csrrs(5, addr::MCONFIGPTR, 0),
    ];
    let mut h = hart_with(&code);
    h.x[1] = u64::MAX;
    h.x[3] = 1;
    h.x[4] = 1;
    h.x[5] = 1;
    steps(&mut h, 5);
    assert_eq!((h.reg(3), h.reg(4), h.reg(5)), (0, 0, 0));
    assert_eq!(h.csr.mcause, 0, "no trap");
}

#[test]
fn a_yielding_run_returns_after_one_wait_slice_and_the_next_goes_on_waiting() {
    // 50 ms ahead: the first run returns after one slice (10 ms), waiting.
    let mut h = s_mode_waiting_for_stimecmp(TimeSource::Host, 500_000);
    h.set_yield_when_waiting(true);
    let start = Instant::now();
    assert_eq!(h.run(10, TraceMode::Off), StopReason::InsnLimit);
    assert!(
        start.elapsed() < Duration::from_millis(40),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        (h.pc, h.minstret()),
        (RAM_BASE + 4, 1),
        "asleep after the wfi"
    );
    while h.csr.scause == 0 {
        assert_eq!(h.run(10, TraceMode::Off), StopReason::InsnLimit);
    }
    assert!(start.elapsed() >= Duration::from_millis(50));
    assert_eq!(h.csr.scause, (1 << 63) | 5);
}
