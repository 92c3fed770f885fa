//! The compiling tier against the block interpreter: the same program run
//! with `--jit off` and with every block compiled at its first entry
//! (`hot` = 1) must leave identical registers, memory, pc, `retired` and
//! trap CSRs. The interpreter itself is compared with QEMU elsewhere
//! (tests/diff, the riscv-tests), so equality here is the check.

use crate::bus::{Bus, RAM_BASE};
use crate::hart::{Hart, HartConfig, StopReason, TraceMode};
use crate::jit::{JitConfig, JitMode};

const DATA: u64 = RAM_BASE + 0x10_0000;
const HANDLER: u64 = RAM_BASE + 0xf_f000;
/// A physical address where nothing is.
const FAR: u64 = 0x10_0000_0000;

fn r(f7: u32, rs2: u32, rs1: u32, f3: u32, rd: u32, opc: u32) -> u32 {
    (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc
}
fn i(imm: i32, rs1: u32, f3: u32, rd: u32, opc: u32) -> u32 {
    ((imm as u32 & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc
}
fn s(imm: i32, rs2: u32, rs1: u32, f3: u32) -> u32 {
    let imm = imm as u32;
    ((imm >> 5 & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | 0x23
}
fn b(off: i32, rs1: u32, rs2: u32, f3: u32) -> u32 {
    let o = off as u32;
    ((o >> 12 & 1) << 31)
        | ((o >> 5 & 0x3f) << 25)
        | (rs2 << 20)
        | (rs1 << 15)
        | (f3 << 12)
        | ((o >> 1 & 0xf) << 8)
        | ((o >> 11 & 1) << 7)
        | 0x63
}
const JAL_SELF: u32 = 0x0000_006f; // jal x0, 0

/// A hart with `code` at RAM_BASE, a handler that spins at HANDLER, and
/// the registers `regs`.
fn hart(code: &[u32], regs: &[(usize, u64)], mode: JitMode) -> Hart {
    let mut bus = Bus::new(4 << 20);
    for (k, w) in code.iter().enumerate() {
        bus.ram.write::<4>(4 * k, u64::from(*w)).unwrap();
    }
    let handler = (HANDLER - RAM_BASE) as usize;
    bus.ram.write::<4>(handler, u64::from(JAL_SELF)).unwrap();
    let config = HartConfig {
        jit: JitConfig {
            mode,
            hot: 1,
            ..JitConfig::default()
        },
        ..HartConfig::default()
    };
    let mut h = Hart::new(bus, RAM_BASE, config);
    h.csr.mtvec = HANDLER;
    for &(r, v) in regs {
        h.x[r] = v;
    }
    h
}

/// What must agree between the tiers.
#[derive(Debug, PartialEq, Eq)]
struct State {
    x: [u64; 32],
    pc: u64,
    retired: u64,
    traps: (u64, u64, u64, u64),
    data: Vec<u8>,
}

fn state(h: &Hart) -> State {
    State {
        x: *h.xregs(),
        pc: h.pc,
        retired: h.retired,
        traps: (h.traps, h.csr.mepc, h.csr.mcause, h.csr.mtval),
        data: h.bus.ram.slice(DATA, 0x2_0000).unwrap().to_vec(),
    }
}

/// Runs `code` for each of `steps` (in successive calls) in both tiers
/// and in verify mode, comparing after every call.
fn same_in_both_tiers(code: &[u32], regs: &[(usize, u64)], steps: &[u64]) -> State {
    let mut off = hart(code, regs, JitMode::Off);
    let mut on = hart(code, regs, JitMode::On);
    let mut verify = hart(code, regs, JitMode::Verify);
    for &n in steps {
        let a = off.run(n, TraceMode::Off);
        assert_eq!(on.run(n, TraceMode::Off), a);
        assert_eq!(verify.run(n, TraceMode::Off), a);
        assert_eq!(
            state(&on),
            state(&off),
            "compiled vs interpreter after {n} steps"
        );
        assert_eq!(
            state(&verify),
            state(&off),
            "verify vs interpreter after {n} steps"
        );
    }
    assert!(on.jit.compiled > 0, "something was compiled");
    state(&off)
}

/// Corner values, in x5..x12.
const CORNERS: [u64; 8] = [
    0,
    1,
    u64::MAX,
    1 << 63,
    (1 << 63) - 1,
    0x8000_0000,
    0xffff_ffff,
    0xffff_ffff_8000_0000,
];

#[test]
fn every_compiled_alu_operation_gives_the_interpreters_results() {
    // (funct7, funct3, opcode) of the register-register operations.
    #[rustfmt::skip]
    let ops: &[(u32, u32, u32)] = &[
        (0, 0, 0x33), (0x20, 0, 0x33), (0, 1, 0x33), (0, 2, 0x33), (0, 3, 0x33),
        (0, 4, 0x33), (0, 5, 0x33), (0x20, 5, 0x33), (0, 6, 0x33), (0, 7, 0x33),
        (1, 0, 0x33), (1, 1, 0x33), (1, 2, 0x33), (1, 3, 0x33),
        (1, 4, 0x33), (1, 5, 0x33), (1, 6, 0x33), (1, 7, 0x33),
        (0, 0, 0x3b), (0x20, 0, 0x3b), (0, 1, 0x3b), (0, 5, 0x3b), (0x20, 5, 0x3b),
        (1, 0, 0x3b), (1, 4, 0x3b), (1, 5, 0x3b), (1, 6, 0x3b), (1, 7, 0x3b),
        // Zba, Zbb, Zbs, Zicond.
        (0x10, 2, 0x33), (0x10, 4, 0x33), (0x10, 6, 0x33), (0x04, 0, 0x3b),
        (0x10, 2, 0x3b), (0x10, 4, 0x3b), (0x10, 6, 0x3b),
        (0x20, 7, 0x33), (0x20, 6, 0x33), (0x20, 4, 0x33),
        (0x05, 6, 0x33), (0x05, 7, 0x33), (0x05, 4, 0x33), (0x05, 5, 0x33),
        (0x30, 1, 0x33), (0x30, 5, 0x33), (0x30, 1, 0x3b), (0x30, 5, 0x3b),
        (0x24, 1, 0x33), (0x24, 5, 0x33), (0x34, 1, 0x33), (0x14, 1, 0x33),
        (0x07, 5, 0x33), (0x07, 7, 0x33),
    ];
    let mut code = Vec::new();
    let mut slot = 0;
    for &(f7, f3, opc) in ops {
        for rs1 in 5..13 {
            for rs2 in 5..13 {
                code.push(r(f7, rs2, rs1, f3, 31, opc));
                code.push(s(slot % 2048, 31, 4, 3)); // sd x31, slot(x4)
                slot += 8;
                if slot % 2048 == 0 {
                    code.push(i(2047, 4, 0, 4, 0x13));
                    code.push(i(1, 4, 0, 4, 0x13)); // x4 += 2048
                }
            }
        }
    }
    // The immediate forms, each with a few immediates, on every corner.
    #[rustfmt::skip]
    let imms: &[(u32, u32, i32)] = &[
        (0, 0x13, -1), (2, 0x13, -2048), (3, 0x13, -1), (4, 0x13, 0x555),
        (6, 0x13, -7), (7, 0x13, 0x7f0), (1, 0x13, 63), (5, 0x13, 63),
        (5, 0x13, 0x400 | 33), (0, 0x1b, 2047), (1, 0x1b, 31), (5, 0x1b, 31),
        (5, 0x1b, 0x400 | 5),
        // Zbb/Zbs immediates: clz, ctz, cpop, sext.b/h, rori, bclri, bexti.
        (1, 0x13, 0x600), (1, 0x13, 0x601), (1, 0x13, 0x602), (1, 0x13, 0x604),
        (1, 0x13, 0x605), (1, 0x1b, 0x600), (1, 0x1b, 0x601), (1, 0x1b, 0x602),
        (5, 0x13, 0x600 | 13), (1, 0x13, 0x480 | 40), (5, 0x13, 0x480 | 40),
        (1, 0x13, 0x680 | 3), (1, 0x13, 0x280 | 63), (5, 0x1b, 0x600 | 7),
    ];
    for &(f3, opc, imm) in imms {
        for rs1 in 5..13 {
            code.push(i(imm, rs1, f3, 31, opc));
            code.push(s(slot % 2048, 31, 4, 3));
            slot += 8;
            if slot % 2048 == 0 {
                code.push(i(2047, 4, 0, 4, 0x13));
                code.push(i(1, 4, 0, 4, 0x13));
            }
        }
    }
    let mut regs: Vec<(usize, u64)> = CORNERS
        .iter()
        .enumerate()
        .map(|(k, &v)| (5 + k, v))
        .collect();
    regs.push((4, DATA));
    let n = code.len() as u64;
    let end = same_in_both_tiers(&code, &regs, &[n / 3, n - n / 3]);
    assert_eq!(end.retired, n);
    assert_eq!(end.traps.0, 0, "{:x?}", end.traps);
}

#[test]
fn loads_and_stores_of_every_width_and_a_fault_are_the_interpreters() {
    let mut code = Vec::new();
    // Stores of every width at aligned, misaligned and page-crossing
    // places, then loads of every width and sign back.
    for (k, off) in [0i32, 3, 0x7fd, 0x7ff].into_iter().enumerate() {
        for f3 in 0..4 {
            code.push(s(off, 5 + k as u32, 4, f3));
        }
        for f3 in [0, 1, 2, 3, 4, 5, 6] {
            code.push(i(off, 4, f3, 10 + f3, 0x03));
            code.push(r(0, 10 + f3, 20, 0, 20, 0x33)); // x20 += loaded
        }
    }
    // A load outside RAM: an access fault in the middle of a block.
    code.push(i(0, 6, 0, 21, 0x13)); // addi x21, x6, 0
    code.push(i(8, 3, 3, 22, 0x03)); // ld x22, 8(x3)
    code.push(i(1, 0, 0, 23, 0x13));
    let regs = [
        (4, DATA + 0x800),
        (5, 0x1122_3344_5566_7788),
        (6, u64::MAX),
        (7, 1 << 63),
        (8, 0x8080_8080_8080_8080),
        (3, FAR),
    ];
    let end = same_in_both_tiers(&code, &regs, &[5, 1000]);
    assert_eq!(end.traps.0, 1, "one trap");
    assert_eq!(end.traps.2, 5, "a load access fault");
    assert_eq!(end.traps.3, FAR + 8, "tval is the address");
    assert_eq!(end.traps.1, RAM_BASE + 4 * (code.len() as u64 - 2), "mepc");
}

#[test]
fn a_compiled_loop_stops_exactly_at_the_instruction_limit() {
    // x1 counts to x2 in a one-block loop, then the code spins.
    let code = [
        i(1, 1, 0, 1, 0x13), // addi x1, x1, 1
        s(0, 1, 4, 3),       // sd x1, 0(x4)
        b(-8, 1, 2, 1),      // bne x1, x2, -8
        JAL_SELF,
    ];
    let regs = [(2, 1000), (4, DATA)];
    let end = same_in_both_tiers(&code, &regs, &[1, 2, 4, 7, 100, 999, 1, 3000]);
    assert_eq!(end.x[1], 1000);
}

#[test]
fn a_store_into_the_running_compiled_block_takes_effect_at_once() {
    // The loop rewrites its own `addi x10, x10, 1` into `addi x10, x10,
    // 100` on the second round (as fetch.rs's test, but compiled).
    let code = [
        i(0, 0, 0, 10, 0x13),
        i(3, 0, 0, 11, 0x13),
        i(1, 10, 0, 10, 0x13), // replaced
        s(0, 6, 5, 2),         // sw x6, 0(x5)
        i(0, 7, 0, 6, 0x13),   // addi x6, x7, 0
        i(-1, 11, 0, 11, 0x13),
        b(-16, 11, 0, 1),
        JAL_SELF,
    ];
    let regs = [
        (5, RAM_BASE + 8),
        (6, u64::from(i(1, 10, 0, 10, 0x13))),
        (7, u64::from(i(100, 10, 0, 10, 0x13))),
    ];
    let end = same_in_both_tiers(&code, &regs, &[17, 10]);
    assert_eq!(end.x[10], 102);
}

#[test]
fn a_hart_with_the_tier_off_compiles_nothing() {
    let code = [i(1, 1, 0, 1, 0x13), b(-4, 1, 2, 1), JAL_SELF];
    let mut h = hart(&code, &[(2, 100)], JitMode::Off);
    assert_eq!(h.run(500, TraceMode::Off), StopReason::InsnLimit);
    assert_eq!(h.jit.compiled, 0);
    assert_eq!(h.x[1], 100);
}

/// Where [`sv39_hart`] puts its page table.
const ROOT: u64 = RAM_BASE + 0x20_0000;

/// [`hart`] in S-mode under Sv39, with one 1 GiB leaf (V R W X A D)
/// mapping 0x8000_0000 onto itself: data accesses go through the page
/// caches (`hart/data_pages.rs`).
fn sv39_hart(code: &[u32], regs: &[(usize, u64)], mode: JitMode) -> Hart {
    let mut h = hart(code, regs, mode);
    let root = h.bus.ram.offset(ROOT, 4096).unwrap();
    let leaf = ((RAM_BASE >> 12) << 10) | 0xcf;
    h.bus.ram.write::<8>(root + 2 * 8, leaf).unwrap();
    h.csr.satp = (8 << 60) | (ROOT >> 12);
    h.privilege = mmu::Privilege::Supervisor;
    h.open_pmp();
    h.update_contexts();
    h
}

/// Runs `code` under Sv39 in both tiers and in verify mode for each of
/// `steps`, comparing after every call; the interpreter's final state.
fn same_in_both_tiers_sv39(code: &[u32], regs: &[(usize, u64)], steps: &[u64]) -> State {
    let mut off = sv39_hart(code, regs, JitMode::Off);
    let mut on = sv39_hart(code, regs, JitMode::On);
    let mut verify = sv39_hart(code, regs, JitMode::Verify);
    for &n in steps {
        let a = off.run(n, TraceMode::Off);
        assert_eq!(on.run(n, TraceMode::Off), a);
        assert_eq!(verify.run(n, TraceMode::Off), a);
        let (a, b, c) = (state(&off), state(&on), state(&verify));
        assert!(b.data == a.data, "compiled: memory differs after {n} steps");
        assert!(c.data == a.data, "verify: memory differs after {n} steps");
        assert_eq!((b.x, b.pc, b.retired), (a.x, a.pc, a.retired), "compiled");
        assert_eq!((c.x, c.pc, c.retired), (a.x, a.pc, a.retired), "verify");
        assert_eq!((b.traps, c.traps), (a.traps, a.traps), "traps");
    }
    assert!(on.jit.compiled > 0, "something was compiled");
    state(&off)
}

#[test]
fn a_compiled_store_to_a_page_cached_before_its_code_was_decoded_is_seen() {
    // Each round stores an instruction into page P (never executed before
    // the first round: its store fills the store page cache while P has no
    // code mark) and calls it. Executing P marks it; the next round's
    // compiled store must not hit the cache and skip dropping P's decoded
    // code (`data_pages.rs`).
    const P: u64 = RAM_BASE + 0x1000;
    let mut code = vec![
        i(3, 0, 0, 11, 0x13),   // addi x11, x0, 3
        s(0, 6, 5, 2),          // sw x6, 0(x5)
        i(0, 5, 0, 1, 0x67),    // jalr x1, 0(x5)
        i(0, 7, 0, 6, 0x13),    // addi x6, x7, 0
        i(-1, 11, 0, 11, 0x13), // addi x11, x11, -1
        b(-16, 11, 0, 1),       // bne x11, x0, -16
        JAL_SELF,
    ];
    code.resize(((P - RAM_BASE) / 4) as usize, i(0, 0, 0, 0, 0x13));
    code.push(i(0, 0, 0, 0, 0x13)); // replaced
    code.push(i(0, 1, 0, 0, 0x67)); // jalr x0, 0(x1)
    let regs = [
        (5, P),
        (6, u64::from(i(1, 10, 0, 10, 0x13))),
        (7, u64::from(i(100, 10, 0, 10, 0x13))),
    ];
    // One call: `Hart::run` itself empties the store page cache on entry.
    // Bare too: compiled code fills the caches with identity translations.
    let end = same_in_both_tiers_sv39(&code, &regs, &[1000]);
    assert_eq!(end.x[10], 201);
    let end = same_in_both_tiers(&code, &regs, &[1000]);
    assert_eq!(end.x[10], 201);
}

#[test]
fn under_sv39_page_crossing_accesses_miss_the_page_caches_and_agree() {
    // Stores and loads of every width at DATA + 0xffd .. DATA + 0x1003:
    // those crossing into the next page must miss (the tag compared is the
    // last byte's page) and take the interpreter's split access.
    let mut code = Vec::new();
    for (k, off) in [-3i32, -1, 0, 1].into_iter().enumerate() {
        for f3 in 0..4 {
            code.push(s(off, 5 + k as u32, 4, f3));
        }
        for f3 in [0, 1, 2, 3, 4, 5, 6] {
            code.push(i(off, 4, f3, 10 + f3, 0x03));
            code.push(r(0, 10 + f3, 20, 0, 20, 0x33)); // x20 += loaded
        }
    }
    code.push(i(1, 1, 0, 1, 0x13)); // addi x1, x1, 1
    let back = -4 * (code.len() as i32);
    code.push(b(back, 1, 2, 1)); // bne x1, x2, start
    code.push(JAL_SELF);
    let regs = [
        (2, 5),
        (4, DATA + 0x1000),
        (5, 0x1122_3344_5566_7788),
        (6, u64::MAX),
        (7, 1 << 63),
        (8, 0x8080_8080_8080_8080),
    ];
    let end = same_in_both_tiers_sv39(&code, &regs, &[50, 1000]);
    assert_eq!(end.x[1], 5);
}

#[test]
fn a_bare_compiled_store_crossing_into_a_code_page_is_seen() {
    // The loop at P rewrites its own first instruction with an `sd` at
    // P - 4: its first page holds no code, its second is P.
    const P: u64 = RAM_BASE + 0x2000;
    let mut code = vec![
        i(3, 0, 0, 11, 0x13), // addi x11, x0, 3
        0,                    // jal x0, P: set below
    ];
    // jal x0, P - (RAM_BASE + 4)
    let to_p = (P - RAM_BASE - 4) as u32;
    code[1] = ((to_p >> 20 & 1) << 31)
        | ((to_p >> 1 & 0x3ff) << 21)
        | ((to_p >> 11 & 1) << 20)
        | ((to_p >> 12 & 0xff) << 12)
        | 0x6f;
    code.resize(((P - RAM_BASE) / 4) as usize, i(0, 0, 0, 0, 0x13));
    code.extend([
        i(1, 10, 0, 10, 0x13),  // addi x10, x10, 1 (replaced)
        s(-4, 6, 5, 3),         // sd x6, -4(x5)
        i(0, 7, 0, 6, 0x13),    // addi x6, x7, 0
        i(-1, 11, 0, 11, 0x13), // addi x11, x11, -1
        b(-16, 11, 0, 1),       // bne x11, x0, -16
        JAL_SELF,
    ]);
    let regs = [
        (5, P),
        (6, u64::from(i(1, 10, 0, 10, 0x13)) << 32),
        (7, u64::from(i(100, 10, 0, 10, 0x13)) << 32),
    ];
    let end = same_in_both_tiers(&code, &regs, &[1000]);
    assert_eq!(end.x[10], 102);
}

#[test]
fn a_compiled_store_to_the_reserved_doubleword_breaks_the_reservation() {
    // Each round: a store to DATA (its page enters the store page cache),
    // lr.d on DATA, a store (x15 = 0: to DATA, which must break the
    // reservation; 8: beside it, which must not), sc.d; x13 and x14 count
    // the SCs that failed and succeeded.
    let code = [
        s(0, 10, 4, 3),                    // sd x10, 0(x4)
        r(0b0001000, 0, 4, 3, 12, 0x2f),   // lr.d x12, (x4)
        r(0, 15, 4, 0, 16, 0x33),          // add x16, x4, x15
        s(0, 10, 16, 3),                   // sd x10, 0(x16)
        r(0b0001100, 10, 4, 3, 17, 0x2f),  // sc.d x17, x10, (x4)
        r(0, 17, 13, 0, 13, 0x33),         // add x13, x13, x17
        i(1, 14, 0, 14, 0x13),             // addi x14, x14, 1
        r(0b0100000, 17, 14, 0, 14, 0x33), // sub x14, x14, x17
        i(8, 15, 4, 15, 0x13),             // xori x15, x15, 8
        i(1, 1, 0, 1, 0x13),               // addi x1, x1, 1
        b(-40, 1, 2, 1),                   // bne x1, x2, -40
        JAL_SELF,
    ];
    let regs = [(2, 50), (4, DATA), (10, 7)];
    for end in [
        same_in_both_tiers_sv39(&code, &regs, &[9, 200, 1000]),
        same_in_both_tiers(&code, &regs, &[9, 200, 1000]),
    ] {
        assert_eq!(end.x[1], 50);
        assert_eq!(end.x[13], 25, "the SCs after a store to DATA failed");
        assert_eq!(end.x[14], 25, "the others succeeded");
    }
}

#[test]
fn under_sv39_compiled_accesses_count_the_same_tlb_hits_and_fault_precisely() {
    // S-mode, Sv39, one 1 GiB leaf (V R W X A D) mapping 0x8000_0000 onto
    // itself; a loop of loads and stores on two pages, then a load from an
    // unmapped address: a load page fault taken to M.
    let code = [
        i(0, 4, 3, 10, 0x03),  // ld x10, 0(x4)
        i(1, 10, 0, 10, 0x13), // addi x10, x10, 1
        s(0, 10, 4, 3),        // sd x10, 0(x4)
        s(8, 10, 5, 3),        // sd x10, 8(x5)
        i(16, 5, 2, 11, 0x03), // lw x11, 16(x5)
        i(1, 1, 0, 1, 0x13),   // addi x1, x1, 1
        b(-24, 1, 2, 1),       // bne x1, x2, -24
        i(0, 3, 3, 12, 0x03),  // ld x12, 0(x3)
        JAL_SELF,
    ];
    let regs = [
        (2, 700),
        (3, 0x40_0000_0000 - 8),
        (4, DATA),
        (5, DATA + 0x1000),
    ];
    let setup = |mode| sv39_hart(&code, &regs, mode);
    let mut off = setup(JitMode::Off);
    let mut on = setup(JitMode::On);
    for n in [40, 6000, 10] {
        assert_eq!(on.run(n, TraceMode::Off), off.run(n, TraceMode::Off));
        assert_eq!(state(&on), state(&off), "after {n} steps");
        assert_eq!(on.mmu.stats(), off.mmu.stats(), "after {n} steps");
    }
    assert!(on.jit.compiled > 0);
    let end = state(&off);
    assert_eq!(end.x[1], 700);
    assert_eq!(end.traps.2, 13, "a load page fault");
    assert_eq!(end.traps.3, 0x40_0000_0000 - 8, "tval");
    assert_eq!(end.traps.1, RAM_BASE + 28, "mepc: the ld");
    assert!(off.mmu.stats().tlb_hits.load > 1000, "hits were counted");
}

#[test]
fn blocks_compiled_on_the_compile_thread_are_installed_and_agree_with_the_interpreter() {
    // x5 counts down; each round adds it to x6 and stores it at DATA.
    let code = [
        i(-1, 5, 0, 5, 0x13),   // addi x5, x5, -1
        r(0, 5, 6, 0, 6, 0x33), // add x6, x6, x5
        s(0, 5, 7, 3),          // sd x5, 0(x7)
        b(-12, 5, 0, 1),        // bne x5, x0, -12
        JAL_SELF,
    ];
    let regs = [(5, 10_000_000), (7, DATA)];
    let mut off = hart(&code, &regs, JitMode::Off);
    let mut bg = hart(&code, &regs, JitMode::On);
    bg.jit = crate::jit::Jit::new(JitConfig {
        mode: JitMode::On,
        hot: 1,
        threads: 1,
        ..JitConfig::default()
    });
    let mut rounds_compiled = 0;
    for _ in 0..2000 {
        if rounds_compiled == 5 {
            break;
        }
        let a = off.run(20_000, TraceMode::Off);
        assert_eq!(bg.run(20_000, TraceMode::Off), a);
        assert_eq!(
            state(&bg),
            state(&off),
            "compiled in the background vs interpreter"
        );
        if bg.jit.compiled > 0 {
            rounds_compiled += 1;
        } else {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
    assert_eq!(
        rounds_compiled, 5,
        "the compile thread's block was installed"
    );
}

/// F/D arithmetic compiled inline (`compiler/fp_arith.rs`) and its
/// fallbacks: exact and inexact operands with NX clear or set, static and
/// dynamic rounding with frm RNE or RTZ, subnormal, infinite and
/// improperly boxed operands. Registers, f registers, fflags and mstatus
/// must be those of the interpreter.
#[test]
fn compiled_fp_arithmetic_gives_the_interpreters_registers_and_flags() {
    const OP_FP: u32 = 0x53;
    // csrr x20/x21/x22, fflags: the flags after each of the first
    // operations (NX is sticky, so the end state alone would hide a
    // missing NX); a CSR instruction also ends the compiled code there.
    const FFLAGS_TO_X20: u32 = (0x001 << 20) | (2 << 12) | (20 << 7) | 0x73;
    const FFLAGS_TO_X21: u32 = (0x001 << 20) | (2 << 12) | (21 << 7) | 0x73;
    const FFLAGS_TO_X22: u32 = (0x001 << 20) | (2 << 12) | (22 << 7) | 0x73;
    let r4 = |rs3: u32, rs2: u32, rs1: u32, rm: u32, rd: u32, fmt: u32, opc: u32| {
        (rs3 << 27) | (fmt << 25) | (rs2 << 20) | (rs1 << 15) | (rm << 12) | (rd << 7) | opc
    };
    let code = [
        r(0b0000001, 6, 1, 7, 5, OP_FP), // fadd.d  f5, f1, f6
        FFLAGS_TO_X20,
        r(0b0001001, 2, 1, 7, 11, OP_FP), // fmul.d f11, f1, f2
        FFLAGS_TO_X21,
        r4(4, 2, 1, 7, 3, 1, 0x43), // fmadd.d  f3, f1, f2, f4 (dyn)
        FFLAGS_TO_X22,
        r4(4, 2, 1, 0, 8, 1, 0x4b),       // fnmsub.d f8, f1, f2, f4 (rne)
        r4(4, 2, 1, 7, 9, 0, 0x4f),       // fnmadd.s f9, f1, f2, f4 (dyn)
        r(0b0000101, 6, 1, 0, 10, OP_FP), // fsub.d f10, f1, f6
        r(0b0001101, 2, 1, 7, 12, OP_FP), // fdiv.d f12, f1, f2
        r(0b0000000, 6, 1, 7, 13, OP_FP), // fadd.s f13, f1, f6
        r(0b0001000, 2, 1, 0, 14, OP_FP), // fmul.s f14, f1, f2
        r(0b0001100, 2, 1, 7, 15, OP_FP), // fdiv.s f15, f1, f2
        r(0b0010001, 2, 1, 1, 16, OP_FP), // fsgnjn.d f16, f1, f2
        r(0b0010000, 2, 1, 2, 17, OP_FP), // fsgnjx.s f17, f1, f2
        r(0b1110001, 0, 3, 0, 5, OP_FP),  // fmv.x.d x5, f3
        r(0b1110000, 0, 9, 0, 6, OP_FP),  // fmv.x.w x6, f9
        r(0b1111001, 0, 7, 0, 18, OP_FP), // fmv.d.x f18, x7
        r(0b1111000, 0, 7, 0, 19, OP_FP), // fmv.w.x f19, x7
        JAL_SELF,
    ];
    let d = |v: f64| v.to_bits();
    let s = |v: f32| 0xffff_ffff_0000_0000 | u64::from(v.to_bits());
    // (f1, f2, f4, f6): exact, inexact, tiny and huge, corner values.
    let sets: [[u64; 4]; 7] = [
        [d(1.5), d(0.25), d(-3.0), d(2.0)],
        [d(0.1), d(3.0), d(1e-3), d(1e-17)],
        [d(0.1), d(3.0), d(1e-3), d(0.2)],
        [d(1e-300), d(1e-10), d(0.0), d(-1e-300)],
        [d(1e300), d(1e10), d(f64::INFINITY), 1],
        [s(1.5), s(0.25), s(-3.0), s(2.0)],
        [s(0.1), s(3.0), s(1e-3), 0x3ff0_0000_0000_0000],
    ];
    let fp_state = |h: &Hart| (h.fp.clone(), h.csr.mstatus, *h.xregs(), h.pc, h.retired);
    for set in sets {
        for (frm, fflags) in [(0, 0), (0, crate::fpu::flags::NX), (1, 0)] {
            let regs = [(7, 0x4008_0000_0000_0000)];
            let run = |mode| {
                let mut h = hart(&code, &regs, mode);
                h.csr.mstatus |= crate::hart::csr::MSTATUS_FS;
                for (r, v) in [1, 2, 4, 6].into_iter().zip(set) {
                    h.fp.f[r] = v;
                }
                h.fp.frm = frm;
                h.fp.fflags = fflags;
                h.update_contexts();
                // Past the block's end, into the loop on JAL_SELF.
                let stop = h.run(64, TraceMode::Off);
                (stop, fp_state(&h), h.jit.retired)
            };
            let (stop_off, off, _) = run(JitMode::Off);
            let (stop_on, on, compiled) = run(JitMode::On);
            assert_eq!(stop_on, stop_off);
            assert!(compiled > 16, "instructions retired compiled: {compiled}");
            assert_eq!(on, off, "operands {set:x?}, frm {frm}, fflags {fflags:#x}");
            assert_eq!(off.3, RAM_BASE + 4 * (code.len() as u64 - 1), "no trap");
        }
    }
}
