//! Privileged behaviour of the hart, driven by hand-encoded instructions
//! (Privileged 20211203, chapters 3 and 4).
#![allow(clippy::unwrap_used)]

use super::csr::{
    addr, IRQ_MSI, IRQ_MTI, MSTATUS_MIE, MSTATUS_MPP, MSTATUS_SPP, MSTATUS_TSR, MSTATUS_TVM,
};
use super::{Hart, HartConfig, StopReason, TraceMode};
use crate::bus::{Bus, CLINT_BASE, RAM_BASE};
use mmu::Privilege;

// Encoders for the few instructions these tests need.
pub(super) fn itype(imm: i32, rs1: u32, f3: u32, rd: u32, opc: u32) -> u32 {
    ((imm as u32 & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc
}
pub(super) fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    itype(imm, rs1, 0, rd, 0x13)
}
pub(super) fn csrrw(rd: u32, csr: u16, rs1: u32) -> u32 {
    itype(csr as i32, rs1, 1, rd, 0x73)
}
pub(super) fn csrrs(rd: u32, csr: u16, rs1: u32) -> u32 {
    itype(csr as i32, rs1, 2, rd, 0x73)
}
/// `jal rd, off`.
fn jal(rd: u32, off: i32) -> u32 {
    let o = off as u32;
    ((o >> 20 & 1) << 31)
        | ((o >> 1 & 0x3ff) << 21)
        | ((o >> 11 & 1) << 20)
        | (o & 0xff000)
        | (rd << 7)
        | 0x6f
}
const ECALL: u32 = 0x0000_0073;
const SRET: u32 = 0x1020_0073;
pub(super) const WFI: u32 = 0x1050_0073;
const SFENCE_VMA: u32 = 0x1200_0073;

pub(super) fn hart_with(code: &[u32]) -> Hart {
    let mut bus = Bus::new(1 << 20);
    for (k, w) in code.iter().enumerate() {
        bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
    }
    let mut h = Hart::new(bus, RAM_BASE, HartConfig::default());
    h.open_pmp();
    h
}

/// Runs exactly `n` steps (instructions or traps).
pub(super) fn steps(h: &mut Hart, n: u64) {
    assert_eq!(h.run(n, TraceMode::Off), StopReason::InsnLimit);
}

#[test]
fn ecall_from_u_is_delegated_to_s_when_medeleg_says_so() {
    let mut h = hart_with(&[ECALL]);
    h.privilege = Privilege::User;
    h.update_contexts();
    h.csr.medeleg = 1 << 8;
    h.csr.stvec = RAM_BASE + 0x100;
    steps(&mut h, 1);
    assert_eq!(h.privilege, Privilege::Supervisor);
    assert_eq!(h.pc, RAM_BASE + 0x100);
    assert_eq!(h.csr.scause, 8);
    assert_eq!(h.csr.sepc, RAM_BASE);
    assert_eq!(h.csr.mstatus & MSTATUS_SPP, 0, "SPP records U");
    assert_eq!(h.csr.mcause, 0, "M-mode state untouched");
}

#[test]
fn ecall_from_m_goes_to_m_even_when_delegated() {
    let mut h = hart_with(&[ECALL]);
    h.csr.medeleg = 0xffff;
    h.csr.mtvec = RAM_BASE + 0x200;
    steps(&mut h, 1);
    assert_eq!(h.privilege, Privilege::Machine);
    assert_eq!(h.csr.mcause, 11);
    assert_eq!(h.pc, RAM_BASE + 0x200);
    assert_eq!(h.csr.mstatus & MSTATUS_MPP, MSTATUS_MPP, "MPP records M");
}

#[test]
fn u_mode_access_to_an_m_csr_is_illegal_with_the_bits_in_mtval() {
    let insn = csrrs(5, addr::MSTATUS, 0);
    let mut h = hart_with(&[insn]);
    h.privilege = Privilege::User;
    h.update_contexts();
    steps(&mut h, 1);
    assert_eq!(h.csr.mcause, 2);
    assert_eq!(h.csr.mtval, u64::from(insn));
    assert_eq!(h.reg(5), 0);
}

#[test]
fn writing_a_read_only_csr_is_illegal_but_reading_it_is_not() {
    let bad = csrrw(0, addr::CYCLE, 1);
    let mut h = hart_with(&[csrrs(6, addr::MHARTID, 0), csrrs(7, addr::CYCLE, 0), bad]);
    h.csr.mtvec = RAM_BASE + 0x400;
    steps(&mut h, 3);
    assert_eq!(h.csr.mcause, 2);
    assert_eq!(h.csr.mepc, RAM_BASE + 8);
    assert_eq!(h.csr.mtval, u64::from(bad));
}

#[test]
fn unknown_csr_is_illegal() {
    let insn = csrrw(0, 0x744, 1);
    let mut h = hart_with(&[insn]);
    steps(&mut h, 1);
    assert_eq!(h.csr.mcause, 2);
    assert_eq!(h.csr.mtval, u64::from(insn));
}

#[test]
fn satp_ignores_a_write_with_an_unsupported_mode() {
    let mut h = hart_with(&[
        csrrw(0, addr::SATP, 1),
        csrrw(0, addr::SATP, 2),
        csrrs(3, addr::SATP, 0),
    ]);
    h.x[1] = (8 << 60) | 0x80_123;
    h.x[2] = (11 << 60) | 0x80_456;
    steps(&mut h, 3);
    assert_eq!(h.reg(3), (8 << 60) | 0x80_123);
}

#[test]
fn satp_accepts_exactly_the_modes_of_the_setting() {
    // (--satp-modes, MODE written) -> kept
    let table = [
        ("sv39,sv48,sv57", 10u64, true),
        ("sv39,sv48,sv57", 9, true),
        ("sv39,sv48", 10, false),
        ("sv39,sv48", 9, true),
        ("sv39", 9, false),
        ("sv39", 8, true),
        ("bare", 8, false),
        ("bare", 0, true),
    ];
    for (modes, mode, kept) in table {
        let mut h = hart_with(&[csrrw(0, addr::SATP, 1), csrrs(3, addr::SATP, 0)]);
        h.config.satp_modes = mmu::SatpModes::parse(modes).unwrap();
        h.csr.satp = (8 << 60) | 0x80_123;
        h.x[1] = (mode << 60) | (5 << 44) | 0x80_456;
        steps(&mut h, 2);
        let want = if kept { h.x[1] } else { (8 << 60) | 0x80_123 };
        assert_eq!(h.reg(3), want, "{modes} mode {mode}");
    }
}

#[test]
fn menvcfg_pbmte_always_and_adue_only_with_svadu() {
    use super::csr::{MENVCFG_ADUE, MENVCFG_PBMTE, MENVCFG_STCE};
    for (ad, reset, writable) in [
        (mmu::AdPolicy::Svade, 0, MENVCFG_STCE | MENVCFG_PBMTE | 1),
        (
            mmu::AdPolicy::Svadu,
            MENVCFG_ADUE,
            MENVCFG_STCE | MENVCFG_PBMTE | MENVCFG_ADUE | 1,
        ),
    ] {
        let mut bus = Bus::new(1 << 20);
        for (k, w) in [
            csrrs(2, addr::MENVCFG, 0),
            csrrw(0, addr::MENVCFG, 1),
            csrrs(3, addr::MENVCFG, 0),
        ]
        .iter()
        .enumerate()
        {
            bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
        }
        let config = HartConfig {
            ad,
            ..HartConfig::default()
        };
        let mut h = Hart::new(bus, RAM_BASE, config);
        h.x[1] = u64::MAX;
        steps(&mut h, 3);
        // All ones also sets the CMO fields (CBIE = 11, CBCFE, CBZE).
        let cmo = super::csr::ENVCFG_CBIE | super::csr::ENVCFG_CBCFE | super::csr::ENVCFG_CBZE;
        assert_eq!((h.reg(2), h.reg(3)), (reset, writable | cmo), "{ad:?}");
        // The translation context follows: PBMTE on, ADUE decides A/D.
        let ctx = h.context(mmu::AccessType::Load);
        assert!(ctx.pbmte);
        assert_eq!(ctx.ad, ad);
    }
}

/// `sinval.vma a0, a1`, `sfence.w.inval`, `sfence.inval.ir`.
const SINVAL_VMA: u32 = 0x16b5_0073;
const SFENCE_W_INVAL: u32 = 0x1800_0073;
const SFENCE_INVAL_IR: u32 = 0x1810_0073;

#[test]
fn svinval_follows_the_privilege_rules_of_sfence_vma() {
    // (instruction, privilege, TVM) -> illegal
    let table = [
        (SINVAL_VMA, Privilege::User, false, true),
        (SINVAL_VMA, Privilege::Supervisor, false, false),
        (SINVAL_VMA, Privilege::Supervisor, true, true),
        (SINVAL_VMA, Privilege::Machine, true, false),
        (SFENCE_W_INVAL, Privilege::User, false, true),
        (SFENCE_W_INVAL, Privilege::Supervisor, true, false),
        (SFENCE_INVAL_IR, Privilege::User, false, true),
        (SFENCE_INVAL_IR, Privilege::Supervisor, true, false),
    ];
    for (insn, privilege, tvm, illegal) in table {
        let mut h = hart_with(&[insn]);
        h.csr.mtvec = RAM_BASE + 0x800;
        h.privilege = privilege;
        if tvm {
            h.csr.mstatus |= MSTATUS_TVM;
        }
        h.update_contexts();
        steps(&mut h, 1);
        let what = format!("{insn:#x} {privilege:?} tvm {tvm}");
        if illegal {
            assert_eq!((h.csr.mcause, h.csr.mtval), (2, u64::from(insn)), "{what}");
        } else {
            assert_eq!((h.pc, h.traps), (RAM_BASE + 4, 0), "{what}");
        }
    }
}

#[test]
fn sinval_vma_invalidates_as_sfence_vma_does() {
    let mut h = hart_with(&[SINVAL_VMA, SFENCE_INVAL_IR]);
    h.x[10] = 0x1000;
    h.x[11] = 1;
    steps(&mut h, 2);
    let s = h.mmu.stats().sfence;
    assert_eq!((s.all, s.asid, s.addr, s.addr_asid), (0, 0, 0, 1));
}

#[test]
fn minstret_reads_exactly_what_was_written() {
    let mut h = hart_with(&[
        csrrw(0, addr::MINSTRET, 1),
        csrrs(2, addr::MINSTRET, 0),
        csrrs(3, addr::MINSTRET, 0),
    ]);
    h.x[1] = 1000;
    steps(&mut h, 3);
    assert_eq!(h.reg(2), 1000);
    assert_eq!(h.reg(3), 1001);
}

#[test]
fn sret_in_s_mode_with_tsr_is_illegal() {
    let mut h = hart_with(&[SRET]);
    h.privilege = Privilege::Supervisor;
    h.csr.mstatus |= MSTATUS_TSR;
    h.update_contexts();
    steps(&mut h, 1);
    assert_eq!(
        (h.privilege, h.csr.mcause, h.csr.mtval),
        (Privilege::Machine, 2, u64::from(SRET))
    );
}

#[test]
fn sfence_vma_and_satp_trap_in_s_mode_under_tvm() {
    for insn in [SFENCE_VMA, csrrs(1, addr::SATP, 0)] {
        let mut h = hart_with(&[insn]);
        h.privilege = Privilege::Supervisor;
        h.csr.mstatus |= MSTATUS_TVM;
        h.update_contexts();
        steps(&mut h, 1);
        assert_eq!(h.csr.mcause, 2, "{insn:#x}");
    }
}

#[test]
fn wfi_sleeps_until_the_timer_then_the_interrupt_is_taken_after_it() {
    let mut h = hart_with(&[WFI, addi(1, 0, 1)]);
    h.csr.mtvec = RAM_BASE + 0x800;
    h.csr.mie = IRQ_MTI;
    h.csr.mstatus |= MSTATUS_MIE;
    h.bus.clint.store(0x4000, 8, 5000, 0).unwrap();
    steps(&mut h, 2);
    assert_eq!(h.csr.mcause, (1 << 63) | 7);
    assert_eq!(h.csr.mepc, RAM_BASE + 4, "epc is the instruction after wfi");
    assert!(h.bus.clint.mtime(h.now()) >= 5000);
    assert_eq!(h.minstret(), 1, "sleeping retires nothing");
}

#[test]
fn wfi_with_nothing_to_wake_it_stops_the_run() {
    let mut h = hart_with(&[WFI]);
    assert_eq!(h.run(10, TraceMode::Off), StopReason::WaitForever);
}

#[test]
fn software_interrupt_wins_over_timer() {
    let mut h = hart_with(&[addi(0, 0, 0)]);
    h.csr.mtvec = RAM_BASE + 0x800;
    h.csr.mie = IRQ_MTI | IRQ_MSI;
    h.csr.mstatus |= MSTATUS_MIE;
    h.bus.clint.mtimecmp = 0;
    h.bus.clint.msip = true;
    steps(&mut h, 1);
    assert_eq!(h.csr.mcause, (1 << 63) | 3, "MSI has priority over MTI");
    assert_eq!(h.csr.mepc, RAM_BASE);
}

#[test]
fn a_store_to_clint_msip_raises_the_software_interrupt_before_the_next_instruction() {
    // sw x1, 0(x2) with x2 = CLINT msip, x1 = 1
    let sw = (1 << 20) | (2 << 15) | (2 << 12) | 0x23;
    let mut h = hart_with(&[sw, addi(3, 0, 1)]);
    h.x[1] = 1;
    h.x[2] = CLINT_BASE;
    h.csr.mtvec = RAM_BASE + 0x800;
    h.csr.mie = IRQ_MSI;
    h.csr.mstatus |= MSTATUS_MIE;
    steps(&mut h, 2);
    assert_eq!(h.csr.mcause, (1 << 63) | 3);
    assert_eq!(h.csr.mepc, RAM_BASE + 4);
    assert_eq!(h.reg(3), 0, "the next instruction did not run first");
}

#[test]
fn delegated_s_interrupt_is_not_taken_in_m_mode() {
    let mut h = hart_with(&[addi(1, 1, 1), addi(1, 1, 1)]);
    h.csr.mideleg = super::csr::IRQ_S_MASK;
    h.csr.mie = super::csr::IRQ_STI;
    h.csr.mip = super::csr::IRQ_STI;
    h.csr.mstatus |= MSTATUS_MIE;
    steps(&mut h, 2);
    assert_eq!(h.reg(1), 2);
    assert_eq!(h.csr.mcause, 0);
}

#[test]
fn vectored_stvec_sends_interrupts_to_base_plus_four_times_cause() {
    let mut h = hart_with(&[addi(0, 0, 0)]);
    h.privilege = Privilege::User;
    h.update_contexts();
    h.csr.mideleg = super::csr::IRQ_S_MASK;
    h.csr.mie = super::csr::IRQ_STI;
    h.csr.mip = super::csr::IRQ_STI;
    h.csr.stvec = (RAM_BASE + 0x1000) | 1;
    steps(&mut h, 1);
    assert_eq!(h.privilege, Privilege::Supervisor);
    assert_eq!(h.pc, RAM_BASE + 0x1000 + 4 * 5);
    assert_eq!(h.csr.scause, (1 << 63) | 5);
}

#[test]
fn fetch_from_a_hole_is_an_instruction_access_fault() {
    let mut h = hart_with(&[]);
    h.pc = 0x4000_0000;
    h.csr.mtvec = RAM_BASE;
    steps(&mut h, 1);
    assert_eq!((h.csr.mcause, h.csr.mtval), (1, 0x4000_0000));
}

#[test]
fn trap_storm_still_stops_at_the_limit() {
    // mtvec points at a hole: every trap entry faults again.
    let mut h = hart_with(&[]);
    h.pc = 0x4000_0000;
    h.csr.mtvec = 0x4000_0000;
    assert_eq!(h.run(1000, TraceMode::Off), StopReason::InsnLimit);
    assert_eq!(h.traps, 1000);
}

/// `c.li a1, 3`, a 16-bit instruction.
const C_LI_A1_3: u32 = 0x458d;

#[test]
fn x0_stays_zero_in_blocks_and_in_the_scratch_block() {
    // Each instruction below writes x0; a1 and a2 then read it. Under
    // --check-tlb every instruction runs from the scratch block; otherwise
    // from a block, and the last one straddles a page (scratch again).
    for check_tlb in [false, true] {
        let mut bus = Bus::new(1 << 20);
        let code = [addi(0, 0, 5), jal(0, 8), 0, addi(11, 0, 0)];
        for (k, w) in code.iter().enumerate() {
            bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
        }
        // At the end of the first page: c.li a1, 3, then addi x0, x0, 7
        // straddling into the second page, then addi a2, x0, 0.
        bus.ram.write::<2>(0xffc, u64::from(C_LI_A1_3)).unwrap();
        bus.ram.write::<4>(0xffe, u64::from(addi(0, 0, 7))).unwrap();
        bus.ram
            .write::<4>(0x1002, u64::from(addi(12, 0, 0)))
            .unwrap();
        let config = HartConfig {
            check_tlb,
            ..HartConfig::default()
        };
        let mut h = Hart::new(bus, RAM_BASE, config);
        h.open_pmp();
        h.mmu.set_check_tlb(check_tlb);
        steps(&mut h, 3);
        assert_eq!(
            (h.x[0], h.x[11], h.pc),
            (0, 0, RAM_BASE + 16),
            "check_tlb {check_tlb}"
        );
        h.pc = RAM_BASE + 0xffc;
        h.x[12] = 9;
        steps(&mut h, 3);
        assert_eq!(h.x[11], 3);
        assert_eq!(
            (h.x[0], h.x[12], h.pc),
            (0, 0, RAM_BASE + 0x1006),
            "check_tlb {check_tlb}"
        );
    }
}

#[test]
fn code_larger_than_the_block_arena_runs_across_arena_flushes() {
    // 256 Ki `addi a0, a0, 1` (1 MiB of code) and a jump back: more
    // decoded blocks than the arena holds, so it is emptied while the
    // program runs, more than once over two rounds.
    const N: usize = 256 * 1024;
    let mut bus = Bus::new(2 << 20);
    for k in 0..N {
        bus.ram
            .write::<4>(4 * k, u64::from(addi(10, 10, 1)))
            .unwrap();
    }
    bus.ram
        .write::<4>(4 * N, u64::from(jal(0, -(4 * N as i32))))
        .unwrap();
    let mut h = Hart::new(bus, RAM_BASE, HartConfig::default());
    steps(&mut h, 2 * (N as u64 + 1) + 5);
    assert_eq!(h.x[10], 2 * N as u64 + 5);
    assert_eq!(h.pc, RAM_BASE + 20);
    assert!(h.blocks.flushes >= 2, "flushes: {}", h.blocks.flushes);
}

#[test]
fn a_jump_to_another_page_follows_a_remapping_after_sfence_vma() {
    // Sv39 in S-mode with 2 MiB pages: VA 0 -> RAM_BASE (RWX) holds the
    // loop head at the end of its page; VA 0x20_0000 is remapped by the
    // test from one physical page to another. Neither a stale translation
    // nor a block link across the page boundary may keep the old code.
    const ROOT: u64 = 0x8_0000;
    const L1: u64 = 0x8_1000;
    const HEAD: usize = 0x1f_fff0;
    const OLD: u64 = RAM_BASE + 0x20_0000;
    const NEW: u64 = RAM_BASE + 0x40_0000;
    let mega = |pa: u64| ((pa >> 12) << 10) | 0xcf; // V R W X A D
    let mut bus = Bus::new(8 << 20);
    let ram = &mut bus.ram;
    ram.write::<8>(ROOT as usize, (((RAM_BASE + L1) >> 12) << 10) | 1)
        .unwrap();
    ram.write::<8>(L1 as usize, mega(RAM_BASE)).unwrap();
    ram.write::<8>(L1 as usize + 8, mega(OLD)).unwrap();
    // Loop head: sfence.vma; nop; jal zero, 0x20_0000 (the next page).
    ram.write::<4>(HEAD, u64::from(SFENCE_VMA)).unwrap();
    ram.write::<4>(HEAD + 4, u64::from(addi(0, 0, 0))).unwrap();
    ram.write::<4>(HEAD + 8, u64::from(jal(0, 8))).unwrap();
    // Either page: addi a0, a0, 1 (old) or 100 (new); jal zero, HEAD.
    for (pa, n) in [(OLD, 1), (NEW, 100)] {
        let off = (pa - RAM_BASE) as usize;
        ram.write::<4>(off, u64::from(addi(10, 10, n))).unwrap();
        ram.write::<4>(off + 4, u64::from(jal(0, -0x14))).unwrap();
    }
    let mut h = Hart::new(bus, HEAD as u64, HartConfig::default());
    h.open_pmp();
    h.csr.satp = (8 << 60) | ((RAM_BASE + ROOT) >> 12);
    h.privilege = Privilege::Supervisor;
    h.update_contexts();
    steps(&mut h, 10);
    assert_eq!(
        (h.x[10], h.pc),
        (2, HEAD as u64),
        "two rounds on the old page"
    );
    h.bus.ram.write::<8>(L1 as usize + 8, mega(NEW)).unwrap();
    steps(&mut h, 5);
    assert_eq!(
        (h.x[10], h.pc),
        (102, HEAD as u64),
        "the round after sfence.vma"
    );
}

/// The ISA extensions: --isa gating, misa, cbo.zero, AMOCAS.
#[allow(clippy::unwrap_used)]
mod isa_extensions {
    use super::*;

    fn hart_isa(code: &[u32], isa: &str) -> Hart {
        let mut h = hart_with(code);
        let isa = crate::isa::extensions::Extensions::parse(isa).unwrap();
        h.config.isa = isa;
        h.blocks.isa = isa;
        h
    }

    #[test]
    fn an_instruction_of_a_disabled_extension_is_illegal_with_its_bits_in_mtval() {
        const CLZ: u32 = 0x6005_9513; // clz a0, a1
        let mut h = hart_isa(&[CLZ], "rv64gc");
        h.csr.mtvec = RAM_BASE + 0x100;
        steps(&mut h, 1);
        assert_eq!(
            (h.csr.mcause, h.csr.mtval, h.pc),
            (2, u64::from(CLZ), RAM_BASE + 0x100)
        );
        let mut h = hart_isa(&[CLZ], "rv64gc_zbb");
        h.x[11] = 1;
        steps(&mut h, 1);
        assert_eq!(h.x[10], 63);
        // Without C, a compressed parcel (c.li a0, 1) is illegal too.
        let mut h = hart_isa(&[0x0000_4505], "rv64g");
        steps(&mut h, 1);
        assert_eq!((h.csr.mcause, h.csr.mtval), (2, 0x4505));
    }

    #[test]
    fn menvcfg_pbmte_is_read_only_zero_without_svpbmt() {
        use crate::hart::csr::MENVCFG_PBMTE;
        for (isa, want) in [("rv64gc", 0), ("rv64gc_svpbmt", MENVCFG_PBMTE)] {
            let code = [csrrw(0, addr::MENVCFG, 1), csrrs(2, addr::MENVCFG, 0)];
            let mut h = hart_isa(&code, isa);
            h.x[1] = MENVCFG_PBMTE;
            steps(&mut h, 2);
            assert_eq!(h.reg(2) & MENVCFG_PBMTE, want, "{isa}");
            assert_eq!(h.context(mmu::AccessType::Load).pbmte, want != 0, "{isa}");
        }
    }

    #[test]
    fn misa_and_the_counters_follow_the_enabled_extensions() {
        let letters = |s: &str| s.bytes().fold(0u64, |m, c| m | 1 << (c - b'A'));
        let mut h = hart_isa(&[csrrs(10, addr::MISA, 0)], "rv64imac_zicsr");
        steps(&mut h, 1);
        assert_eq!(h.x[10], 2 << 62 | letters("IMACSU"));
        let mut h = hart_with(&[csrrs(10, addr::MISA, 0)]);
        steps(&mut h, 1);
        assert_eq!(h.x[10], 2 << 62 | letters("IMAFDCHSU"));
        // cycle without Zicntr, fflags without F: illegal.
        for (isa, csr) in [("rv64gc", 0xc00), ("rv64imac_zicsr_zicntr", 0x001)] {
            let mut h = hart_isa(&[csrrs(10, csr, 0)], isa);
            h.csr.mtvec = RAM_BASE + 0x100;
            steps(&mut h, 1);
            assert_eq!(h.csr.mcause, 2, "{isa} {csr:#x}");
        }
    }

    #[test]
    fn cbo_zero_zeroes_exactly_the_block_holding_rs1() {
        let mut h = hart_with(&[0x0045_200f]); // cbo.zero (a0)
        let data = RAM_BASE + 0x1000;
        for k in 0..32 {
            h.bus.ram.write_pa::<8>(data + 8 * k, u64::MAX).unwrap();
        }
        h.x[10] = data + 64 + 37;
        steps(&mut h, 1);
        for k in 0..32 {
            let want = if (8..16).contains(&k) { 0 } else { u64::MAX };
            assert_eq!(
                h.bus.ram.read_pa::<8>(data + 8 * k),
                Some(want),
                "dword {k}"
            );
        }
    }

    #[test]
    fn amocas_q_needs_16_byte_alignment_and_changes_nothing_when_it_faults() {
        const AMOCAS_Q: u32 = 0x28e5_462f; // amocas.q a2, a4, (a0)
        let mut h = hart_with(&[AMOCAS_Q]);
        h.csr.mtvec = RAM_BASE + 0x100;
        h.x[10] = RAM_BASE + 0x1008;
        h.x[12] = 0;
        h.x[14] = 7;
        steps(&mut h, 1);
        assert_eq!((h.csr.mcause, h.csr.mtval), (7, RAM_BASE + 0x1008));
        assert_eq!(h.bus.ram.read_pa::<8>(RAM_BASE + 0x1008), Some(0));
        // Aligned: the zero pair compares equal, (a4, a5) is stored.
        let mut h = hart_with(&[AMOCAS_Q]);
        h.x[10] = RAM_BASE + 0x1010;
        h.x[14] = 7;
        h.x[15] = 8;
        steps(&mut h, 1);
        assert_eq!(h.bus.ram.read_pa::<8>(RAM_BASE + 0x1010), Some(7));
        assert_eq!(h.bus.ram.read_pa::<8>(RAM_BASE + 0x1018), Some(8));
        assert_eq!((h.x[12], h.x[13]), (0, 0));
    }
}

#[test]
fn tlb_is_emptied_when_satp_mode_or_menvcfg_pbmte_adue_change() {
    use super::csr::MENVCFG_PBMTE;
    // Root table at RAM + 0x1000: entry 2 a 1 GiB leaf at 0x8000_0000.
    let root = RAM_BASE + 0x1000;
    let fill = |h: &mut Hart| {
        let mut ctx = *h.context(mmu::AccessType::Load);
        ctx.privilege = Privilege::Supervisor;
        let got = h.mmu.translate(
            mmu::VirtAddr(RAM_BASE),
            mmu::AccessType::Load,
            &ctx,
            &mut h.bus,
        );
        assert!(got.is_ok(), "{got:?}");
        assert_eq!(h.mmu.tlb_occupancy(), 1);
    };
    // (new satp MODE, new menvcfg, TLB emptied)
    let table = [(8u64, 0u64, false), (9, 0, true), (8, MENVCFG_PBMTE, true)];
    for (mode, menvcfg, emptied) in table {
        let mut h = hart_with(&[csrrw(0, addr::SATP, 1), csrrw(0, addr::MENVCFG, 2)]);
        h.bus
            .ram
            .write::<8>(0x1000 + 2 * 8, (0x80000 << 10) | 0xcf)
            .unwrap();
        h.csr.satp = (8 << 60) | (1 << 44) | (root >> 12);
        h.update_contexts();
        fill(&mut h);
        h.x[1] = (mode << 60) | (1 << 44) | (root >> 12);
        h.x[2] = menvcfg;
        steps(&mut h, 2);
        assert_eq!(
            h.mmu.tlb_occupancy() == 0,
            emptied,
            "mode {mode} menvcfg {menvcfg:#x}"
        );
    }
}
