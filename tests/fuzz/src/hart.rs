//! The hart (`emulator::hart`) running the fuzzer's bytes as code in M, S
//! or U mode, with Sv39 on or off: any panic is a bug. A fixed M-mode
//! prologue sets satp, mstatus (MPP, SUM, MXR, MPRV), the trap vectors,
//! medeleg and an open PMP entry from the input, then `mret`s into the
//! code; traps land in the random code as well. The page tables give the
//! code a 1 GiB identity leaf with input-chosen flags (Privileged 20211203,
//! section 4.4) and eight input-chosen entries of a second-level table.

use crate::Bytes;
use emulator::bus::{Bus, RAM_BASE};
use emulator::devices::console::Console;
use emulator::hart::{Hart, HartConfig, TraceMode};
use mmu::AdPolicy;

const RAM: usize = 1 << 20;
const ROOT: u64 = RAM_BASE + 0x2000;
const L1: u64 = RAM_BASE + 0x3000;
const CODE: u64 = RAM_BASE + 0x8000;
/// Steps (instructions plus traps) per input.
const STEPS: u64 = 3000;

fn csrw(csr: u32, rs1: u32) -> u32 {
    (csr << 20) | (rs1 << 15) | (1 << 12) | 0x73
}
const MRET: u32 = 0x3020_0073;
const SFENCE_VMA: u32 = 0x1200_0073;

pub fn check(data: &[u8]) {
    let mut b = Bytes::new(data);
    let mode = b.u8();
    let config = HartConfig {
        ad: if mode & 0x40 != 0 {
            AdPolicy::Svadu
        } else {
            AdPolicy::Svade
        },
        check_tlb: mode & 0x80 != 0,
        ..HartConfig::default()
    };
    let mpp = u64::from(mode & 3); // 0 U, 1 S, 2 (reserved: WARL), 3 M
    let mstatus = (mpp << 11)
        | u64::from(mode >> 2 & 1) << 18 // SUM
        | u64::from(mode >> 3 & 1) << 19 // MXR
        | u64::from(mode >> 4 & 1) << 17; // MPRV
    let satp = if mode & 0x20 != 0 {
        (8 << 60) | (u64::from(b.u16()) << 44) | (ROOT >> 12)
    } else {
        0
    };
    let medeleg = u64::from(b.u16());
    let leaf_flags = u64::from(b.u8()) | 1;
    let vectors = u64::from(b.u16()) & 0xfff;

    let mut bus = Bus::new(RAM);
    bus.console = Console::Capture(Vec::new());
    let ram = &mut bus.ram;
    // Root: entry 0 points to L1, entry 2 maps 0x8000_0000 as a 1 GiB leaf.
    ram.write_pa::<8>(ROOT, (L1 >> 12) << 10 | 1).unwrap();
    ram.write_pa::<8>(ROOT + 16, (RAM_BASE >> 12) << 10 | leaf_flags)
        .unwrap();
    for k in 0..8 {
        let raw = b.u64();
        // A PPN inside RAM, flags and high bits as given.
        let ppn = (RAM_BASE >> 12) + ((raw >> 10) & 0xff);
        ram.write_pa::<8>(L1 + 8 * k, (raw & 0xffc0_0000_0000_03ff) | ppn << 10)
            .unwrap();
    }
    let prologue = [
        csrw(0x180, 5),  // satp
        csrw(0x300, 6),  // mstatus
        csrw(0x341, 7),  // mepc
        csrw(0x305, 8),  // mtvec
        csrw(0x105, 8),  // stvec
        csrw(0x302, 9),  // medeleg
        csrw(0x3b0, 10), // pmpaddr0
        csrw(0x3a0, 11), // pmpcfg0
        SFENCE_VMA,
        MRET,
    ];
    for (k, w) in prologue.iter().enumerate() {
        ram.write_pa::<4>(RAM_BASE + 4 * k as u64, u64::from(*w))
            .unwrap();
    }
    let code = b.rest();
    let code = &code[..code.len().min(0x4000)];
    ram.slice_mut(CODE, code.len())
        .unwrap()
        .copy_from_slice(code);

    let mut hart = Hart::new(bus, RAM_BASE, config);
    hart.set_reg(5, satp);
    hart.set_reg(6, mstatus);
    hart.set_reg(7, CODE);
    hart.set_reg(8, CODE + vectors);
    hart.set_reg(9, medeleg);
    hart.set_reg(10, u64::MAX);
    hart.set_reg(11, 0x1f);
    let trace = if mode & 0x80 != 0 {
        TraceMode::Instructions(emulator::debug::filter::TraceFilter::default())
    } else {
        TraceMode::Off
    };
    hart.run(STEPS, trace);
    assert_eq!(hart.reg(0), 0);
}
