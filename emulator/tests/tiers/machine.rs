//! The machine every random stream runs on: the physical layout, the Sv39
//! page tables with random permissions, the boot code, and the two trap
//! handlers (M and S) that record each trap in memory and skip the
//! trapping instruction.
//!
//! ```text
//! physical (RAM at 0x8000_0000, 256 KiB)      Sv39 mappings (satp.MODE = 8)
//! +0x0_0000 boot code (M), M handler +0x400   VA = PA      S: R X A G
//!           S handler +0x800, trampoline +0xc00 (S runs them here)
//! +0x0_1000 trap logs: M at +0x000, S +0x800  VA = PA      S: R W A D G
//! +0x0_2000 root, L1, L0 (S), L0 (U) tables   not mapped
//! +0x0_8000 data, 8 pages of random bytes     VA = PA      random flags
//!                                             VA = PA+2MiB random flags, U
//! +0x1_0000 code, 4 pages                     VA = PA      mostly R X A
//!                                             VA = PA+2MiB mostly R X A U
//! VA 0x8040_0000.. (L1 entries 2..5)          random 2 MiB leaves (some
//!                                             misaligned), pointers, invalid
//! VA 0xc000_0000 (root entry 3)               a 1 GiB leaf, random flags
//! ```
//!
//! Privileged 20211203: PTE format and the Sv39 walk, section 4.4 (4.3.1
//! for the U/SUM/MXR rules, 4.3.2 for the walk); trap entry and xRET,
//! sections 3.1.6.1 and 3.3.2; PMP, section 3.7.
//!
//! Nothing a random stream does may make the tiers legitimately differ:
//! the streams never store to page tables (so no TLB entry is ever stale),
//! never execute data (every jump goes to a label of the program; the
//! handlers resume at the next instruction or at the program's start), and
//! take interrupts only from the Sstc timer, whose time base counts
//! instructions (`TimeSource::Icount`), so the interrupt arrives at the
//! same instruction in every tier that promises exact interrupts.
//! Interrupts and trap entry are section 3.1.9 and 3.3.2; Sstc is the
//! "Supervisor Timer Register (stimecmp)" section of its spec.

use emulator::bus::{Bus, RAM_BASE};
use emulator::devices::console::Console;
use emulator::hart::csr::addr::STIMECMP;
use emulator::hart::csr::{
    IRQ_STI, MSTATUS_FS, MSTATUS_MPP_SHIFT, MSTATUS_MPRV, MSTATUS_MXR, MSTATUS_SIE, MSTATUS_SPP,
    MSTATUS_SUM, MSTATUS_TVM,
};
use emulator::hart::{Hart, HartConfig};
use mmu::{AdPolicy, Pte};
use rvmmu_diff::isa::{csr, Asm};
use rvmmu_diff::rng::Rng;

pub const RAM_SIZE: usize = 256 << 10;
pub const BOOT: u64 = RAM_BASE;
pub const M_HANDLER: u64 = RAM_BASE + 0x400;
pub const S_HANDLER: u64 = RAM_BASE + 0x800;
pub const TRAMPOLINE: u64 = RAM_BASE + 0xc00;
pub const M_LOG: u64 = RAM_BASE + 0x1000;
pub const S_LOG: u64 = RAM_BASE + 0x1800;
pub const ROOT: u64 = RAM_BASE + 0x2000;
pub const L1: u64 = RAM_BASE + 0x3000;
pub const L0_S: u64 = RAM_BASE + 0x4000;
pub const L0_U: u64 = RAM_BASE + 0x5000;
pub const DATA: u64 = RAM_BASE + 0x8000;
pub const DATA_PAGES: u64 = 8;
pub const CODE: u64 = RAM_BASE + 0x1_0000;
pub const CODE_PAGES: u64 = 4;
/// The U-mode alias of the data and code pages is 2 MiB above: the L1
/// entry after the one of the identity mapping.
pub const U_ALIAS: u64 = 1 << 21;
/// The first 2 MiB leaf of L1 (entries 2..5).
pub const SUPER: u64 = RAM_BASE + (2 << 21);
/// The 1 GiB leaf of root entry 3.
pub const GIGA: u64 = 0xc000_0000;
const PAGE: u64 = 4096;

/// Handler and boot scratch registers (t2..t6 are x27..x31 here: s11,
/// t3..t6); the random program never names them.
const H0: u8 = 27;
const H1: u8 = 28;
const H2: u8 = 29;
const H3: u8 = 30;
const H4: u8 = 31;
/// a7: the privilege an `ecall` asks for (bits 1:0) and MPRV (bit 2).
pub const ECALL_ARG: u8 = 17;

/// Records per trap log; each is (cause, tval, epc, status), after a
/// count.
const LOG_RECORDS: i64 = 32;

/// Everything about one machine that the seed decides, apart from the
/// program (see `gen.rs`).
#[derive(Clone, Debug)]
pub struct Setup {
    pub ad: AdPolicy,
    /// The privilege the program starts in (0 U, 1 S, 3 M).
    pub start_mode: u64,
    /// Address of the program's first instruction (identity alias).
    pub start: u64,
    pub mstatus: u64,
    pub medeleg: u64,
    pub mcounteren: u64,
    pub scounteren: u64,
    pub satp: u64,
    pub pmpaddr0: u64,
    pub pmpcfg0: u64,
    /// (physical address, PTE) of every table entry written.
    pub ptes: Vec<(u64, u64)>,
    /// Supervisor timer interrupts (Sstc): menvcfg.STCE, mie.STIE,
    /// delegated to S (so that they never preempt the M handler), time
    /// and stimecmp open to S; the program arms stimecmp, the handler
    /// disarms it.
    pub timer: bool,
}

/// Random flags for a data leaf: usually V R W A D, each bit flipped now
/// and then, so that some leaves are invalid, reserved (W without R),
/// execute-only, or lack A or D.
fn random_leaf_flags(rng: &mut Rng, user: bool) -> u64 {
    let mut f = Pte::V | Pte::R | Pte::W | Pte::A | Pte::D;
    if user {
        f |= Pte::U;
    }
    for bit in [Pte::R, Pte::W, Pte::X, Pte::A, Pte::D, Pte::G] {
        if rng.chance(1, 10) {
            f ^= bit;
        }
    }
    if rng.chance(1, 10) {
        f ^= Pte::U;
    }
    if rng.chance(1, 16) {
        f &= !Pte::V;
    }
    f
}

/// [`random_leaf_flags`], U or not at random.
fn any_leaf_flags(rng: &mut Rng) -> u64 {
    let user = rng.chance(1, 2);
    random_leaf_flags(rng, user)
}

/// Flags for a code leaf: executable, writable half the time (for the
/// self-modifying stores); pages other than the first are perturbed now
/// and then.
fn code_leaf_flags(rng: &mut Rng, user: bool, first: bool) -> u64 {
    let mut f = Pte::V | Pte::R | Pte::X | Pte::A;
    if rng.chance(1, 2) {
        f |= Pte::W | Pte::D;
    }
    if user {
        f |= Pte::U;
    }
    if !first && rng.chance(1, 4) {
        f ^= *rng.pick(&[Pte::X, Pte::A, Pte::V, Pte::U, Pte::R | Pte::W]);
    }
    f
}

fn leaf(pa: u64, flags: u64) -> u64 {
    (pa >> 12) << 10 | flags
}

impl Setup {
    pub fn random(rng: &mut Rng, start: u64) -> Setup {
        let ad = if rng.chance(1, 2) {
            AdPolicy::Svadu
        } else {
            AdPolicy::Svade
        };
        let start_mode = *rng.pick(&[0u64, 0, 1, 1, 3]);
        let fs = *rng.pick(&[0u64, 1, 1, 2, 2, 3, 3, 3, 3, 3]);
        let mut ms = start_mode << MSTATUS_MPP_SHIFT | fs << MSTATUS_FS.trailing_zeros();
        for (bit, num) in [
            (MSTATUS_SUM, 2),
            (MSTATUS_MXR, 2),
            (MSTATUS_MPRV, 1),
            (MSTATUS_TVM, 1),
        ] {
            if rng.chance(num, 6) {
                ms |= bit;
            }
        }
        // Delegable exceptions (never ecall from S: the way back to M).
        let mut medeleg = 0;
        for cause in [2u64, 3, 4, 5, 6, 7, 8, 12, 13, 15] {
            if rng.chance(1, 2) {
                medeleg |= 1 << cause;
            }
        }
        let asid = rng.below(4);
        let satp = 8 << 60 | asid << 44 | ROOT >> 12;
        // PMP entry 0: one data page with random R/W/X (NAPOT), entry 1:
        // everything else, RWX (section 3.7.1).
        let denied = DATA + PAGE * rng.below(DATA_PAGES);
        let pmpaddr0 = denied >> 2 | (PAGE / 8 - 1);
        let cfg0 = if rng.chance(1, 3) {
            0x18 | rng.below(8)
        } else {
            0
        };
        let pmpcfg0 = cfg0 | 0x1f << 8;

        let mut ptes = Vec::new();
        // Root: entry 2 (0x8000_0000) to L1, entry 3 a random gigapage.
        ptes.push((ROOT + 2 * 8, leaf(L1, Pte::V)));
        let giga = any_leaf_flags(rng);
        ptes.push((ROOT + 3 * 8, leaf(RAM_BASE, giga)));
        // L1: entry 0 identity (S), entry 1 the U alias, 2..5 random.
        ptes.push((L1, leaf(L0_S, Pte::V)));
        ptes.push((L1 + 8, leaf(L0_U, Pte::V)));
        for k in 2..6 {
            let e = match rng.below(6) {
                0 => 0,
                1 => leaf(*rng.pick(&[L0_S, L0_U]), Pte::V),
                // A misaligned superpage (PPN[0] != 0): a page fault.
                2 => leaf(RAM_BASE + PAGE, any_leaf_flags(rng)),
                _ => leaf(RAM_BASE, any_leaf_flags(rng)),
            };
            ptes.push((L1 + 8 * k, e));
        }
        // L0 (S): the handlers' pages, data and code.
        ptes.push((L0_S, leaf(BOOT, Pte::V | Pte::R | Pte::X | Pte::A | Pte::G)));
        let log_flags = Pte::V | Pte::R | Pte::W | Pte::A | Pte::D | Pte::G;
        ptes.push((L0_S + 8, leaf(M_LOG, log_flags)));
        for (table, user) in [(L0_S, false), (L0_U, true)] {
            for p in 0..DATA_PAGES {
                let pa = DATA + p * PAGE;
                // Now and then an alias of another data page.
                let target = if rng.chance(1, 8) {
                    DATA + rng.below(DATA_PAGES) * PAGE
                } else {
                    pa
                };
                let flags = random_leaf_flags(rng, user);
                ptes.push((table + ((pa - RAM_BASE) / PAGE) * 8, leaf(target, flags)));
            }
            for p in 0..CODE_PAGES {
                let pa = CODE + p * PAGE;
                let flags = code_leaf_flags(rng, user, p == (start - CODE) / PAGE);
                ptes.push((table + ((pa - RAM_BASE) / PAGE) * 8, leaf(pa, flags)));
            }
        }
        let timer = rng.chance(1, 3);
        let mut mcounteren = rng.below(8);
        if timer {
            mcounteren |= 2; // TM: time and stimecmp in S (the S handler disarms)
            if rng.chance(1, 2) {
                ms |= MSTATUS_SIE;
            }
        }
        Setup {
            ad,
            start_mode,
            start,
            mstatus: ms,
            medeleg,
            mcounteren,
            scounteren: rng.below(8),
            satp,
            pmpaddr0,
            pmpcfg0,
            ptes,
            timer,
        }
    }

    /// The address the program starts at, in the alias of its privilege.
    pub fn entry(&self) -> u64 {
        alias(self.start, self.start_mode)
    }
}

/// `addr` (identity alias) as seen from privilege `mode`.
pub fn alias(addr: u64, mode: u64) -> u64 {
    if mode == 0 {
        addr | U_ALIAS
    } else {
        addr
    }
}

/// The boot code: the CSRs of `setup`, then `mret` into the program.
fn boot_code(s: &Setup) -> Vec<u32> {
    let mut a = Asm::new(BOOT);
    for (number, value) in [
        (csr::PMPADDR0, s.pmpaddr0),
        (csr::PMPADDR0 + 1, u64::MAX),
        (csr::PMPCFG0, s.pmpcfg0),
        (csr::MTVEC, M_HANDLER),
        (0x105, S_HANDLER), // stvec
        (0x302, s.medeleg),
        (0x306, s.mcounteren),
        (0x106, s.scounteren),
        (csr::SATP, s.satp),
        (csr::MSTATUS, s.mstatus),
        (csr::MEPC, s.entry()),
    ] {
        a.li(H0, value);
        a.csrw(number, H0);
    }
    if s.timer {
        a.li(H0, IRQ_STI);
        a.csrw(0x303, H0); // mideleg
        a.csrw(0x304, H0); // mie
        a.li(H0, 1 << 63);
        a.csrs(0x30a, H0); // menvcfg.STCE
    }
    a.li(H0, 0);
    a.fixed("mret");
    a.finish()
}

/// `rd = target` in two instructions, pc-relative (auipc, addi).
fn la(a: &mut Asm, rd: u8, target: u64) {
    let off = target as i64 - a.pc() as i64;
    let lo = (off << 52) >> 52;
    a.op("auipc", rd, 0, 0, ((off - lo) >> 12) & 0xfffff);
    a.i("addi", rd, rd, lo);
}

/// Appends to the trap log at `log`: count + 1, then (cause, tval, epc,
/// status) at record count % 32. `h` names the CSRs (M or S), `cause`
/// ends up in H0.
fn log_trap(a: &mut Asm, log: u64, h: [u16; 4]) {
    la(a, H1, log);
    a.i("ld", H2, H1, 0);
    a.i("addi", H2, H2, 1);
    a.store("sd", H2, 0, H1);
    a.i("andi", H2, H2, LOG_RECORDS - 1);
    a.i("slli", H2, H2, 5);
    a.r("add", H2, H2, H1);
    a.csrr(H3, h[1]);
    a.store("sd", H3, 16, H2);
    a.csrr(H3, h[2]);
    a.store("sd", H3, 24, H2);
    a.csrr(H3, h[3]);
    a.store("sd", H3, 32, H2);
    a.csrr(H0, h[0]);
    a.store("sd", H0, 8, H2);
}

/// The return address: `epc` after an interrupt (the timer is disarmed),
/// `epc + 4` (every trapping instruction is 4 bytes
/// long or the first half of a 4-byte pair, see `gen.rs`), or after a
/// fetch fault (cause 1 or 12) what `on_fetch_fault` puts in H3 (it may
/// also change the privilege returned to). Then converted to the alias of
/// the privilege returned to (`privilege_in_h4` leaves zero in H4 for U:
/// the U alias). Leaves it in H3.
fn resume_address(
    a: &mut Asm,
    epc: u16,
    on_fetch_fault: impl Fn(&mut Asm),
    privilege_in_h4: impl Fn(&mut Asm),
) {
    let fetch = a.label();
    let fix = a.label();
    let user = a.label();
    let done = a.label();
    let exception = a.label();
    // An interrupt (cause < 0): disarm the timer, resume at epc.
    a.jump("bge", H0, 0, exception);
    a.i("addi", H3, 0, -1);
    a.csrw(STIMECMP, H3);
    a.csrr(H3, epc);
    a.jump("jal", 0, 0, fix);
    a.bind(exception);
    a.i("addi", H3, 0, 1);
    a.jump("beq", H0, H3, fetch);
    a.i("addi", H3, 0, 12);
    a.jump("beq", H0, H3, fetch);
    a.csrr(H3, epc);
    a.i("addi", H3, H3, 4);
    a.jump("jal", 0, 0, fix);
    a.bind(fetch);
    on_fetch_fault(a);
    a.bind(fix);
    privilege_in_h4(a);
    a.li(H2, U_ALIAS);
    a.jump("beq", H4, 0, user);
    a.i("xori", H2, H2, -1);
    a.r("and", H3, H3, H2);
    a.jump("jal", 0, 0, done);
    a.bind(user);
    a.r("or", H3, H3, H2);
    a.bind(done);
}

/// The M handler: log, then for an ecall (causes 8, 9, 11) the privilege
/// a7 asks for (MPP = a7 & 3, MPRV = a7 bit 2), then `mret` past the
/// trapping instruction; after a fetch fault, to the program's start in
/// M-mode (which fetches from anywhere in RAM), so that a stream does not
/// spend its steps faulting on one page. MPRV is cleared first, so that
/// the handler's own log stores are not translated.
fn m_handler(start: u64) -> Vec<u32> {
    let mut a = Asm::new(M_HANDLER);
    a.li(H1, MSTATUS_MPRV);
    a.op("csrrc", 0, H1, 0, i64::from(csr::MSTATUS));
    log_trap(&mut a, M_LOG, [0x342, 0x343, 0x341, 0x300]);
    let not_ecall = a.label();
    a.i("addi", H3, 0, 8);
    a.jump("blt", H0, H3, not_ecall);
    a.i("addi", H3, 0, 11);
    a.jump("blt", H3, H0, not_ecall);
    set_mpp(&mut a, ECALL_ARG);
    a.i("andi", H3, ECALL_ARG, 4);
    a.i("slli", H3, H3, 15);
    a.csrs(csr::MSTATUS, H3);
    a.bind(not_ecall);
    resume_address(
        &mut a,
        csr::MEPC,
        |a| {
            a.i("addi", H1, 0, 3);
            set_mpp(a, H1);
            la(a, H3, start);
        },
        |a| {
            // MPP as written back (WARL): zero is U.
            a.csrr(H4, csr::MSTATUS);
            a.i("srli", H4, H4, MSTATUS_MPP_SHIFT as i64);
            a.i("andi", H4, H4, 3);
        },
    );
    a.csrw(csr::MEPC, H3);
    a.fixed("mret");
    a.finish()
}

/// mstatus.MPP = `r` & 3 (uses H3, H4).
fn set_mpp(a: &mut Asm, r: u8) {
    a.i("andi", H3, r, 3);
    a.i("slli", H3, H3, MSTATUS_MPP_SHIFT as i64);
    a.li(H4, 3 << MSTATUS_MPP_SHIFT);
    a.op("csrrc", 0, H4, 0, i64::from(csr::MSTATUS));
    a.csrs(csr::MSTATUS, H3);
}

/// The S handler (delegated traps): log, `sret` past the instruction; after
/// a fetch fault, to [`trampoline`] in S-mode.
fn s_handler() -> Vec<u32> {
    let mut a = Asm::new(S_HANDLER);
    log_trap(&mut a, S_LOG, [0x142, 0x143, 0x141, 0x100]);
    resume_address(
        &mut a,
        0x141,
        |a| {
            a.li(H4, MSTATUS_SPP);
            a.csrs(0x100, H4);
            la(a, H3, TRAMPOLINE);
        },
        |a| {
            a.csrr(H4, 0x100);
            a.i("andi", H4, H4, MSTATUS_SPP as i64);
        },
    );
    a.csrw(0x141, H3);
    a.emit(0x1020_0073); // sret
    a.finish()
}

/// Where the S handler goes after a fetch fault (S-mode, identity page):
/// asks the M handler for M-mode (`li a7, 3; ecall`), then jumps to the
/// program's start, so that a stream does not spend its steps faulting on
/// one page.
fn trampoline(start: u64) -> Vec<u32> {
    let mut a = Asm::new(TRAMPOLINE);
    a.i("addi", ECALL_ARG, 0, 3);
    a.fixed("ecall");
    la(&mut a, H3, start);
    a.i("jalr", 0, H3, 0);
    a.finish()
}

/// Writes `words` at physical `pa`.
fn put_words(bus: &mut Bus, pa: u64, words: &[u32]) {
    for (k, w) in words.iter().enumerate() {
        let at = pa + 4 * k as u64;
        assert!(
            bus.ram.write_pa::<4>(at, u64::from(*w)).is_some(),
            "{at:#x} outside RAM"
        );
    }
}

/// The machine of `setup` with `program` (code region image: words from
/// `CODE`, see `gen.rs`), `data` in the data pages and the hart's initial
/// registers, at reset in M-mode at the boot code.
pub fn build(
    setup: &Setup,
    code: &[u8],
    data: &[u8],
    x: &[u64; 32],
    f: &[u64; 32],
    check_tlb: bool,
    jit: emulator::jit::JitConfig,
) -> Hart {
    let mut bus = Bus::new(RAM_SIZE);
    bus.console = Console::Capture(Vec::new());
    put_words(&mut bus, BOOT, &boot_code(setup));
    put_words(&mut bus, M_HANDLER, &m_handler(setup.start));
    put_words(&mut bus, S_HANDLER, &s_handler());
    put_words(&mut bus, TRAMPOLINE, &trampoline(setup.start));
    for &(pa, e) in &setup.ptes {
        assert!(bus.ram.write_pa::<8>(pa, e).is_some());
    }
    let put = |bus: &mut Bus, pa: u64, bytes: &[u8]| match bus.ram.slice_mut(pa, bytes.len()) {
        Some(s) => s.copy_from_slice(bytes),
        None => unreachable!("{pa:#x} outside RAM"),
    };
    put(&mut bus, DATA, data);
    put(&mut bus, CODE, code);
    let config = HartConfig {
        ad: setup.ad,
        check_tlb,
        jit,
        ..HartConfig::default()
    };
    let mut hart = Hart::new(bus, BOOT, config);
    for (r, v) in x.iter().enumerate().skip(1) {
        hart.set_reg(r as u8, *v);
    }
    hart.fp.f = *f;
    hart
}

/// Sizes of the boot code and handlers must stay below the next region.
#[test]
fn handlers_fit_their_regions() {
    let mut rng = Rng::new(1);
    let s = Setup::random(&mut rng, CODE);
    assert!(BOOT + 4 * boot_code(&s).len() as u64 <= M_HANDLER);
    assert!(M_HANDLER + 4 * m_handler(CODE).len() as u64 <= S_HANDLER);
    assert!(S_HANDLER + 4 * s_handler().len() as u64 <= TRAMPOLINE);
    assert!(TRAMPOLINE + 4 * trampoline(CODE).len() as u64 <= M_LOG);
    assert!(S_LOG + 8 + 32 * LOG_RECORDS as u64 <= ROOT);
}
