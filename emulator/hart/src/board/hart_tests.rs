//! The board in a hart: PLIC lines in mip (Privileged 20211203, section
//! 3.1.9) and the test device's events through the run loop.

#![allow(clippy::unwrap_used)]

use crate::bus::{Bus, RAM_BASE};
use crate::hart::{Hart, HartConfig, StopReason, TraceMode};

const MIP: u32 = 0x344;
const SEIP: u64 = 1 << 9;
const MEIP: u64 = 1 << 11;
const SSIP: u64 = 1 << 1;

/// A CSR instruction: funct3 (1 rw, 2 rs, 3 rc, +4 immediate), rs1/uimm, rd.
fn csr(funct3: u32, rs1: u32, rd: u32) -> u32 {
    MIP << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x73
}

fn hart_with(code: &[u32]) -> Hart {
    let mut bus = Bus::new(1 << 16);
    for (i, insn) in code.iter().enumerate() {
        bus.store(RAM_BASE + 4 * i as u64, 4, u64::from(*insn))
            .unwrap();
    }
    Hart::new(bus, RAM_BASE, HartConfig::default())
}

/// UART THR-empty interrupt on PLIC source 10, enabled for `context`.
fn raise_uart_line(bus: &mut Bus, context: u64) {
    bus.store(0x0c00_0000 + 4 * 10, 4, 1).unwrap();
    bus.store(0x0c00_2000 + 0x80 * context, 4, 1 << 10).unwrap();
    bus.store(0x1000_0001, 1, 0x02).unwrap();
}

#[test]
fn plic_contexts_drive_meip_and_seip_and_rmw_keeps_the_software_bit() {
    let code = [
        csr(2, 0, 10), // csrr a0, mip
        csr(6, 2, 0),  // csrrsi x0, mip, 2 (SSIP)
        csr(2, 5, 0),  // csrrs x0, mip, t0 (t0 = SEIP)
        csr(3, 6, 0),  // csrrc x0, mip, t1 (t1 = SEIP)
        csr(1, 0, 0),  // csrrw x0, mip, x0
    ];
    let mut h = hart_with(&code);
    h.x[5] = SEIP;
    h.x[6] = SEIP;
    raise_uart_line(&mut h.bus, 1);
    let step = |h: &mut Hart| assert_eq!(h.run(1, TraceMode::Off), StopReason::InsnLimit);
    step(&mut h);
    assert_eq!(
        h.x[10] & (SEIP | MEIP),
        SEIP,
        "S context line reads as SEIP"
    );
    step(&mut h);
    assert_eq!(
        h.csr.mip & (SEIP | SSIP),
        SSIP,
        "csrrsi: the line is not latched"
    );
    step(&mut h);
    assert_eq!(h.csr.mip & SEIP, SEIP, "csrrs sets the software bit");
    step(&mut h);
    assert_eq!(h.csr.mip & SEIP, 0, "csrrc clears the software bit");
    step(&mut h);
    assert_eq!(h.csr.mip, 0);
    // The line drops: SEIP reads 0; context 0 drives MEIP instead.
    h.bus.store(0x1000_0001, 1, 0).unwrap();
    assert_eq!(h.mip() & (SEIP | MEIP), 0);
    h.bus.store(0x0c00_2080, 4, 0).unwrap();
    raise_uart_line(&mut h.bus, 0);
    assert_eq!(h.mip() & (SEIP | MEIP), MEIP);
}

#[test]
fn test_device_events_end_the_run() {
    // lui t0, 0x100; lui t1, VALUE >> 12; addi t1, t1, VALUE & 0xfff;
    // sh/sw t1, 0(t0); j .
    let prog = |value: u32, store: u32| {
        let hi = (value + 0x800) >> 12;
        let lo = value.wrapping_sub(hi << 12) & 0xfff;
        [
            0x0010_02b7,
            hi << 12 | 6 << 7 | 0x37,
            lo << 20 | 6 << 15 | 6 << 7 | 0x13,
            6 << 20 | 5 << 15 | store << 12 | 0x23,
            0x0000_006f,
        ]
    };
    let cases = [
        (prog(0x5555, 1), StopReason::Exit(0)),
        (prog(0x002a_3333, 2), StopReason::Exit(42)),
        (prog(0x7777, 2), StopReason::Reboot),
        (prog(0x7777, 1), StopReason::Reboot),
    ];
    for (code, want) in cases {
        let mut h = hart_with(&code);
        assert_eq!(h.run(100, TraceMode::Off), want, "{code:x?}");
    }
}
