//! A random instruction stream from a seed: the machine's setup
//! (`machine.rs`), a program of a few hundred instructions drawn from a
//! weighted mix, the data pages and the initial registers.
//!
//! Registers:
//! - x1..x15 and x17 take random results (x17 is also a7, the privilege
//!   an `ecall` asks for); x16 is the link register of the calls (a
//!   function is jumped over where it is defined and called from later
//!   sites with `jal x16`; it returns with `jalr x0, 0(x16)`);
//! - x18..x22 are pointers into the data pages through their aliases
//!   (identity, U alias, 1 GiB leaf, one of the 2 MiB leaves) and x21 into
//!   the program (the self-modifying stores); x23 a mask of sstatus bits
//!   (SUM, MXR, FS), x24 the low ASID bit of satp, x25 the instruction
//!   word the self-modifying stores write, x26 the loop counter;
//! - x27..x31 belong to the trap handlers.
//!
//! Stores, AMOs and LR/SC only go through the pointers (or a register
//! just derived from one), so that no store reaches a page table; loads
//! may also use any register. Every instruction that may trap is 4 bytes
//! long or the first half of a compressed pair, so the handlers' "skip 4
//! bytes" lands on an instruction of the program.

use crate::encode::{self, c};
use crate::machine::{
    self, Setup, CODE, CODE_PAGES, DATA, DATA_PAGES, ECALL_ARG, GIGA, SUPER, U_ALIAS,
};
use emulator::bus::RAM_BASE;
use emulator::hart::csr::{MSTATUS_FS, MSTATUS_MXR, MSTATUS_SUM};
use rvmmu_diff::isa::{encode as encode_row, spec, Class, Format, TABLE};
use rvmmu_diff::rng::Rng;

/// x1..x15 and x17 (`result_reg`).
const RESULT_REGS: u8 = 16;
/// The link register of the calls (`jal x16` / `jalr x0, 0(x16)`).
const LINK: u8 = 16;
const P_DATA: u8 = 18;
const P_USER: u8 = 19;
const P_GIGA: u8 = 20;
const P_CODE: u8 = 21;
const P_SUPER: u8 = 22;
const SSTATUS_MASK: u8 = 23;
const ASID_BIT: u8 = 24;
const CODE_WORD: u8 = 25;
const LOOP: u8 = 26;
/// The registers an instruction may read.
const SOURCE_REGS: u64 = 27;
/// Pointers stores may go through.
const STORE_BASES: [u8; 5] = [P_DATA, P_DATA, P_USER, P_GIGA, P_SUPER];

/// One program element; targets are element indices.
#[derive(Clone, Debug)]
enum Item {
    Word(u32),
    /// Words no jump may enter in the middle of: a pointer-derived address
    /// and the store or AMO that uses it.
    Seq(Vec<u32>),
    Branch {
        name: &'static str,
        rs1: u8,
        rs2: u8,
        target: usize,
    },
    Jal {
        rd: u8,
        target: usize,
    },
    /// auipc tmp; jalr rd, tmp (8 bytes).
    Far {
        tmp: u8,
        rd: u8,
        target: usize,
    },
    /// sw x25 to the program word `target` through x21.
    Patch,
}

impl Item {
    fn words(&self) -> usize {
        match self {
            Item::Far { .. } => 2,
            Item::Seq(w) => w.len(),
            _ => 1,
        }
    }
}

/// A generated stream: everything needed to build its machine.
#[derive(Clone, Debug)]
pub struct Stream {
    pub seed: u64,
    pub setup: Setup,
    /// The code pages (`CODE_PAGES` pages from `CODE`).
    pub code: Vec<u8>,
    pub data: Vec<u8>,
    pub x: [u64; 32],
    pub f: [u64; 32],
    /// The program's words with their (identity) addresses.
    pub listing: Vec<(u64, u32)>,
}

impl Stream {
    /// The machine at reset, run by the interpreter alone.
    pub fn build(&self, check_tlb: bool) -> emulator::hart::Hart {
        self.build_with(check_tlb, emulator::jit::JitConfig::interpreter())
    }

    /// The machine at reset, with the compiling tier set up as `jit` says.
    pub fn build_with(
        &self,
        check_tlb: bool,
        jit: emulator::jit::JitConfig,
    ) -> emulator::hart::Hart {
        machine::build(
            &self.setup,
            &self.code,
            &self.data,
            &self.x,
            &self.f,
            check_tlb,
            jit,
        )
    }
}

fn result_reg(rng: &mut Rng) -> u8 {
    match 1 + rng.below(u64::from(RESULT_REGS)) as u8 {
        LINK => ECALL_ARG,
        r => r,
    }
}

fn source_reg(rng: &mut Rng) -> u8 {
    rng.below(SOURCE_REGS) as u8
}

/// A 12-bit offset: aligned to `size` mostly, sometimes misaligned.
fn offset(rng: &mut Rng, size: i64) -> i64 {
    let o = rng.below(4096) as i64 - 2048;
    if rng.chance(1, 6) {
        o
    } else {
        o & !(size - 1)
    }
}

/// A register-only instruction of the shared table (RV64IM, Zba, Zbb, Zbc,
/// Zbs, Zbkb, Zbkx, Zicond).
fn alu(rng: &mut Rng, rd: u8) -> u32 {
    let rows: Vec<_> = TABLE.iter().filter(|s| s.class == Class::Alu).collect();
    let s = rng.pick(&rows);
    let imm = match s.format {
        Format::U => rng.below(1 << 20) as i64,
        Format::Shift64 => rng.below(64) as i64,
        Format::Shift32 => rng.below(32) as i64,
        _ => rng.below(4096) as i64 - 2048,
    };
    encode_row(s, rd, source_reg(rng), source_reg(rng), imm)
}

fn rm(rng: &mut Rng) -> u32 {
    // 5 and 6 are reserved: illegal with a static rm, and with frm = 5..7.
    *rng.pick(&[0, 1, 2, 3, 4, 7, 7, 7, 5])
}

/// An F or D instruction between registers.
fn fp(rng: &mut Rng) -> u32 {
    let fmt = rng.below(2) as u32;
    let (fd, f1, f2, f3) = (
        rng.below(32) as u8,
        rng.below(32) as u8,
        rng.below(32) as u8,
        rng.below(32) as u8,
    );
    let xd = result_reg(rng);
    let x1 = source_reg(rng);
    match rng.below(12) {
        0..=2 => encode::op_fp(rng.below(4) as u32, fmt, rm(rng), fd, f1, f2), // add sub mul div
        3 => encode::op_fp(0x0b, fmt, rm(rng), fd, f1, 0),                     // sqrt
        4 => encode::op_fp(0x04, fmt, rng.below(3) as u32, fd, f1, f2),        // sgnj
        5 => encode::op_fp(0x05, fmt, rng.below(2) as u32, fd, f1, f2),        // min max
        6 => encode::op_fp(0x08, fmt, rm(rng), fd, f1, 1 - fmt as u8),         // fcvt.s.d / d.s
        7 => encode::op_fp(0x14, fmt, rng.below(3) as u32, xd, f1, f2),        // fle flt feq
        8 => encode::op_fp(0x1c, fmt, rng.below(2) as u32, xd, f1, 0),         // fmv.x fclass
        9 => encode::op_fp(0x18, fmt, rm(rng), xd, f1, rng.below(4) as u8),    // fcvt.int.fp
        10 => match rng.below(2) {
            0 => encode::op_fp(0x1a, fmt, rm(rng), fd, x1, rng.below(4) as u8), // fcvt.fp.int
            _ => encode::op_fp(0x1e, fmt, 0, fd, x1, 0),                        // fmv.fp.x
        },
        _ => encode::fused(
            *rng.pick(&[0x43, 0x47, 0x4b, 0x4f]),
            fmt,
            rm(rng),
            fd,
            f1,
            f2,
            f3,
        ),
    }
}

/// A compressed instruction that cannot trap, writing x1..x17.
fn compressed_alu(rng: &mut Rng) -> u16 {
    let rd = result_reg(rng);
    // rd' and rs2' are x8..x15.
    let rd3 = 8 + rng.below(8) as u8;
    let rs3 = 8 + rng.below(8) as u8;
    let imm6 = rng.below(64) as i64 - 32;
    match rng.below(10) {
        0 => c::addi(rd, imm6),
        1 => c::addiw(rd, imm6),
        2 => c::li(rd, imm6),
        3 => c::lui(
            *rng.pick(&[1u8, 3, 5, 9, 17]),
            if imm6 == 0 { 1 } else { imm6 },
        ),
        4 => c::slli(rd, 1 + rng.below(63) as u32),
        5 => c::shift_andi(rng.below(2) as u16, rd3, 1 + rng.below(63) as i64),
        6 => c::shift_andi(2, rd3, imm6),
        7 => c::arith(false, rng.below(4) as u16, rd3, rs3),
        8 => c::arith(true, rng.below(2) as u16, rd3, rs3),
        _ => c::mv_add(rng.chance(1, 2), rd, 1 + rng.below(SOURCE_REGS - 1) as u8),
    }
}

/// A compressed load or store (the first half of a pair, so that the
/// handlers skip the pair); stores go through x8..x15 set from a pointer
/// just before (pushed to `seq`).
fn compressed_memory(rng: &mut Rng, seq: &mut Vec<u32>) -> u16 {
    let double = rng.chance(1, 2);
    let offset = if double {
        8 * rng.below(32)
    } else {
        4 * rng.below(32)
    } as u32;
    let base = 8 + rng.below(8) as u8;
    let r = 8 + rng.below(8) as u8;
    match rng.below(4) {
        0 => c::load_sp(double, result_reg(rng), offset * 2),
        1 => c::mem(false, double, r, base, offset),
        _ => {
            let ptr = *rng.pick(&STORE_BASES);
            let imm = rng.below(256) as i64 - 128;
            seq.push(encode_row(spec("addi"), base, ptr, 0, imm));
            c::mem(rng.chance(2, 3), double, r, base, offset)
        }
    }
}

/// A CSR access: reads of counters and trap CSRs, writes of the scratch
/// registers, fcsr, minstret/mcycle, sstatus (the mask in x23), satp
/// (the ASID bit in x24) and PMP entry 0. Privilege decides whether they
/// trap.
fn csr_access(rng: &mut Rng) -> u32 {
    const READ: [u16; 22] = [
        0xc00, 0xc01, 0xc02, 0xb00, 0xb02, 0x300, 0x100, 0x341, 0x342, 0x343, 0x141, 0x142, 0x143,
        0x180, 0x301, 0xf14, 0x30a, 0x10a, 0x001, 0x002, 0x003, 0x106,
    ];
    let rd = result_reg(rng);
    let rs = source_reg(rng);
    let row = |name| spec(name);
    match rng.below(9) {
        0..=2 => encode_row(row("csrrs"), rd, 0, 0, i64::from(*rng.pick(&READ))),
        // pmpcfg0 entry 0 (one data page): R/W/X and its matching mode
        // (bits 3..4: off or NAPOT) set or cleared; entry 1 keeps all of
        // RAM open. Every PMP change must reach the hart's page caches.
        8 => {
            let bits = *rng.pick(&[1u32, 2, 4, 7, 0x18]);
            encode::csr_imm(6 + rng.below(2) as u32, rd, 0x3a0, bits)
        }
        3 => {
            let csr = *rng.pick(&[0x140u16, 0x340, 0x001, 0x002, 0x003]);
            if rng.chance(1, 2) {
                encode_row(
                    row(*rng.pick(&["csrrw", "csrrs", "csrrc"])),
                    rd,
                    rs,
                    0,
                    i64::from(csr),
                )
            } else {
                encode::csr_imm(5 + rng.below(3) as u32, rd, csr, rng.below(32) as u32)
            }
        }
        4 => encode_row(
            row("csrrw"),
            rd,
            rs,
            0,
            i64::from(*rng.pick(&[0xb00u16, 0xb02])),
        ),
        5 | 6 => {
            let csr = *rng.pick(&[0x100u16, 0x300]);
            encode_row(
                row(*rng.pick(&["csrrs", "csrrc"])),
                rd,
                SSTATUS_MASK,
                0,
                i64::from(csr),
            )
        }
        _ => encode_row(row(*rng.pick(&["csrrs", "csrrc"])), rd, ASID_BIT, 0, 0x180),
    }
}

/// A load of any width from a pointer (or, now and then, from whatever a
/// register holds).
fn load(rng: &mut Rng) -> u32 {
    let (name, size) = *rng.pick(&[
        ("lb", 1),
        ("lh", 2),
        ("lw", 4),
        ("ld", 8),
        ("lbu", 1),
        ("lhu", 2),
        ("lwu", 4),
    ]);
    let base = if rng.chance(1, 8) {
        source_reg(rng)
    } else {
        *rng.pick(&[P_DATA, P_USER, P_GIGA, P_SUPER, P_CODE])
    };
    encode_row(spec(name), result_reg(rng), base, 0, offset(rng, size))
}

fn store(rng: &mut Rng) -> u32 {
    let (name, size) = *rng.pick(&[("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]);
    encode_row(
        spec(name),
        0,
        *rng.pick(&STORE_BASES),
        source_reg(rng),
        offset(rng, size),
    )
}

/// An AMO, or an LR/SC pair with a few instructions between, on an address
/// derived from a pointer (misaligned now and then).
fn atomic(rng: &mut Rng, items: &mut Vec<Item>) {
    let double = rng.chance(1, 2);
    let size = if double { 8 } else { 4 };
    let addr = result_reg(rng);
    let off = rng.below(256) as i64 - 128;
    let off = if rng.chance(1, 8) {
        off
    } else {
        off & !(size - 1)
    };
    let ptr = *rng.pick(&STORE_BASES);
    let mut seq = vec![encode_row(spec("addi"), addr, ptr, 0, off)];
    let w = if double { ".d" } else { ".w" };
    if rng.chance(1, 3) {
        seq.push(encode_row(
            spec(&format!("lr{w}")),
            result_reg(rng),
            addr,
            0,
            0,
        ));
        for _ in 0..rng.below(3) {
            let rd = result_reg(rng);
            if rd != addr {
                seq.push(alu(rng, rd));
            }
        }
        let sc_addr = if rng.chance(1, 4) {
            source_reg(rng)
        } else {
            addr
        };
        let sc = encode_row(
            spec(&format!("sc{w}")),
            result_reg(rng),
            sc_addr,
            source_reg(rng),
            0,
        );
        // A store through another register must not leave the pointers.
        if sc_addr == addr || STORE_BASES.contains(&sc_addr) {
            seq.push(sc);
        }
    } else {
        let ops = [
            "amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu",
            "amomaxu",
        ];
        let name = format!("{}{w}", rng.pick(&ops));
        seq.push(encode_row(
            spec(&name),
            result_reg(rng),
            addr,
            source_reg(rng),
            0,
        ));
    }
    items.push(Item::Seq(seq));
}

/// A forward target at most `reach` elements ahead (the last element at
/// most: the jump back to the start).
fn ahead(rng: &mut Rng, at: usize, reach: u64, last: usize) -> usize {
    (at + 1 + rng.below(reach) as usize).min(last)
}

/// One element (or a few) of the weighted mix.
fn element(
    rng: &mut Rng,
    items: &mut Vec<Item>,
    functions: &mut Vec<usize>,
    (at, last): (usize, usize),
    in_loop: bool,
    timer: bool,
) {
    // 0..=93 the mix below, 94..=139 more register arithmetic (about one
    // instruction in three traps otherwise, and the handlers take the
    // steps).
    let w = rng.below(140);
    match w {
        0..=27 => {
            let rd = result_reg(rng);
            items.push(Item::Word(alu(rng, rd)));
        }
        28..=37 => items.push(Item::Word(load(rng))),
        38..=45 => items.push(Item::Word(store(rng))),
        46..=50 => atomic(rng, items),
        51..=58 => items.push(Item::Word(fp(rng))),
        59..=61 => {
            let width = 2 + rng.below(2) as u32;
            let imm = offset(rng, 1 << width);
            let w = if rng.chance(1, 2) {
                let base = *rng.pick(&[P_DATA, P_USER, P_GIGA, P_SUPER, P_CODE]);
                encode::fp_load(width, rng.below(32) as u8, base, imm)
            } else {
                encode::fp_store(width, rng.below(32) as u8, *rng.pick(&STORE_BASES), imm)
            };
            items.push(Item::Word(w));
        }
        62..=67 => {
            let mut seq = Vec::new();
            let first = if rng.chance(1, 2) {
                compressed_memory(rng, &mut seq)
            } else {
                compressed_alu(rng)
            };
            let second = compressed_alu(rng);
            seq.push(u32::from(first) | u32::from(second) << 16);
            items.push(Item::Seq(seq));
        }
        68..=72 if !in_loop => {
            let name = *rng.pick(&["beq", "bne", "blt", "bge", "bltu", "bgeu"]);
            let (rs1, rs2) = (source_reg(rng), source_reg(rng));
            let target = ahead(rng, at, 24, last);
            items.push(Item::Branch {
                name,
                rs1,
                rs2,
                target,
            });
        }
        73..=74 if !in_loop => {
            let target = ahead(rng, at, 40, last);
            items.push(Item::Jal {
                rd: *rng.pick(&[0, 1, 5]),
                target,
            });
        }
        75 if !in_loop => {
            let target = ahead(rng, at, 40, last);
            items.push(Item::Far {
                tmp: result_reg(rng),
                rd: *rng.pick(&[0, 1]),
                target,
            });
        }
        76..=80 => items.push(Item::Word(csr_access(rng))),
        81..=82 => {
            if rng.chance(3, 4) {
                let ask = *rng.pick(&[0u64, 0, 1, 1, 3, 4, 5, 7]);
                items.push(Item::Word(encode_row(
                    spec("addi"),
                    ECALL_ARG,
                    0,
                    0,
                    ask as i64,
                )));
            }
            items.push(Item::Word(spec("ecall").fixed_word()));
        }
        83 | 94..=97 if timer => {
            // Arm the timer 1 to 8 ticks (100 to 800 instructions) ahead:
            // csrr r, time; addi r, r, k; csrw stimecmp, r.
            let r = result_reg(rng);
            items.push(Item::Seq(vec![
                encode_row(spec("csrrs"), r, 0, 0, 0xc01),
                encode_row(spec("addi"), r, r, 0, 1 + rng.below(8) as i64),
                encode_row(spec("csrrw"), 0, r, 0, 0x14d),
            ]));
        }
        83 => items.push(Item::Word(0x0010_0073)), // ebreak
        84 => items.push(Item::Word(spec("fence.i").fixed_word())),
        85..=86 => {
            let rs1 = *rng.pick(&[0, P_DATA, P_USER, P_SUPER, P_GIGA, P_CODE]);
            let any = source_reg(rng);
            let rs2 = *rng.pick(&[0, 0, ASID_BIT, any]);
            items.push(Item::Word(encode_row(spec("sfence.vma"), 0, rs1, rs2, 0)));
        }
        87 => items.push(Item::Word(0x0ff0_000f)), // fence iorw, iorw
        // A function, jumped over: its body, then jalr x0, 0(x16).
        98..=99 if !in_loop => {
            let over = items.len();
            items.push(Item::Jal { rd: 0, target: 0 });
            functions.push(items.len());
            for _ in 0..1 + rng.below(8) {
                let here = items.len();
                element(rng, items, functions, (here, last), true, timer);
            }
            items.push(Item::Word(encode_row(spec("jalr"), 0, LINK, 0, 0)));
            items[over] = Item::Jal {
                rd: 0,
                target: items.len(),
            };
        }
        // A call of an earlier function (the same one from several sites:
        // the return is an indirect jump to a changing target).
        100..=103 if !functions.is_empty() => {
            let target = *rng.pick(functions);
            items.push(Item::Jal { rd: LINK, target });
        }
        88..=90 => items.push(Item::Patch),
        91..=93 if !in_loop => {
            // A bounded loop: li x26, n; body; addi x26, -1; blt x0, x26.
            items.push(Item::Word(encode_row(
                spec("addi"),
                LOOP,
                0,
                0,
                1 + rng.below(6) as i64,
            )));
            let body = items.len();
            for _ in 0..2 + rng.below(10) {
                let here = items.len();
                element(rng, items, functions, (here, last), true, timer);
            }
            items.push(Item::Word(encode_row(spec("addi"), LOOP, LOOP, 0, -1)));
            items.push(Item::Branch {
                name: "blt",
                rs1: 0,
                rs2: LOOP,
                target: body,
            });
        }
        _ => {
            let rd = result_reg(rng);
            items.push(Item::Word(alu(rng, rd)));
        }
    }
}

trait Fixed {
    fn fixed_word(&self) -> u32;
}
impl Fixed for rvmmu_diff::isa::Spec {
    fn fixed_word(&self) -> u32 {
        encode_row(self, 0, 0, 0, 0)
    }
}

/// 64 bits for an f register: NaN-boxed singles, doubles, edge values,
/// and now and then an improperly boxed single.
fn fp_value(rng: &mut Rng) -> u64 {
    let single = |bits: u32| 0xffff_ffff_0000_0000 | u64::from(bits);
    match rng.below(6) {
        0 => single(*rng.pick(&[
            0,
            0x8000_0000,
            0x7f80_0000,
            0x7fc0_0000,
            0x7f80_0001,
            1,
            0x3f80_0000,
        ])),
        1 => single(rng.next_u64() as u32),
        2 => *rng.pick(&[
            0,
            1 << 63,
            0x7ff0_0000_0000_0000,
            0x7ff8_0000_0000_0000,
            1,
            0x3ff0_0000_0000_0000,
        ]),
        3 => rng.next_u64() as u32 as u64,
        _ => rng.next_u64(),
    }
}

/// The stream of `seed`.
pub fn stream(seed: u64) -> Stream {
    let mut rng = Rng::new(seed);
    let mut start = CODE + 0x600 + (rng.below(0xa00) & !3);
    if rng.chance(1, 4) {
        start += 2; // every 32-bit instruction at 2 mod 4; one straddles each page end
    }
    let setup = Setup::random(&mut rng, start);

    let len = 150 + rng.below(300) as usize;
    let mut items = Vec::with_capacity(len + 16);
    let mut functions = Vec::new();
    while items.len() < len {
        let at = items.len();
        element(
            &mut rng,
            &mut items,
            &mut functions,
            (at, len),
            false,
            setup.timer,
        );
    }
    let last = items.len();
    items.push(Item::Jal { rd: 0, target: 0 });
    // Addresses; branch targets past the end go to the final jump.
    let mut addr = Vec::with_capacity(items.len());
    let mut pc = start;
    for it in &items {
        addr.push(pc);
        pc += 4 * it.words() as u64;
    }
    let end = pc;
    assert!(end + 4 <= CODE + CODE_PAGES * 4096, "program too long");
    let words = ((end - start) / 4) as usize;
    let j0 = rng.below(words as u64) as usize;
    let code_ptr = start + 4 * j0 as u64;
    let target_of = |t: usize| addr[t.min(last)];

    let mut listing = Vec::with_capacity(words);
    for (k, it) in items.iter().enumerate() {
        let pc = addr[k];
        let rel = |t: usize| target_of(t) as i64 - pc as i64;
        match *it {
            Item::Word(w) => listing.push((pc, w)),
            Item::Seq(ref ws) => {
                for (n, w) in ws.iter().enumerate() {
                    listing.push((pc + 4 * n as u64, *w));
                }
            }
            Item::Branch {
                name,
                rs1,
                rs2,
                target,
            } => listing.push((pc, encode_row(spec(name), 0, rs1, rs2, rel(target)))),
            Item::Jal { rd, target } => {
                listing.push((pc, encode_row(spec("jal"), rd, 0, 0, rel(target))))
            }
            Item::Far { tmp, rd, target } => {
                let off = rel(target);
                let lo = (off << 52) >> 52;
                listing.push((
                    pc,
                    encode_row(spec("auipc"), tmp, 0, 0, ((off - lo) >> 12) & 0xfffff),
                ));
                listing.push((pc + 4, encode_row(spec("jalr"), rd, tmp, 0, lo)));
            }
            Item::Patch => {
                // A word of the program within reach of x21.
                let lo = j0.saturating_sub(500);
                let hi = (j0 + 500).min(words - 1);
                let k = lo + rng.below((hi - lo + 1) as u64) as usize;
                let imm = 4 * (k as i64 - j0 as i64);
                listing.push((pc, encode_row(spec("sw"), 0, P_CODE, CODE_WORD, imm)));
            }
        }
    }

    // The code pages: the program, and around it jumps to its start (in
    // the program's phase), so that no path runs into other bytes.
    let mut code = vec![0u8; (CODE_PAGES * 4096) as usize];
    let mut at = CODE + (start & 3);
    while at + 4 <= CODE + CODE_PAGES * 4096 {
        let w = if (start..end).contains(&at) {
            listing[((at - start) / 4) as usize].1
        } else {
            encode_row(spec("jal"), 0, 0, 0, start as i64 - at as i64)
        };
        let o = (at - CODE) as usize;
        code[o..o + 4].copy_from_slice(&w.to_le_bytes());
        at += 4;
    }

    let mut data = vec![0u8; (DATA_PAGES * 4096) as usize];
    for chunk in data.chunks_mut(8) {
        chunk.copy_from_slice(&rng.interesting().to_le_bytes());
    }

    let mut x = [0u64; 32];
    for r in x.iter_mut().take(usize::from(ECALL_ARG) + 1).skip(1) {
        *r = rng.interesting();
    }
    // A return before any call goes to the start.
    x[usize::from(LINK)] = start;
    // A data pointer whose +-2 KiB stays in the data pages.
    let data_ptr = DATA + 0x800 + 8 * rng.below((DATA_PAGES * 4096 - 0x1000) / 8);
    let offset_in_ram = data_ptr - RAM_BASE;
    x[usize::from(P_DATA)] = data_ptr;
    x[usize::from(P_USER)] = data_ptr + U_ALIAS;
    x[usize::from(P_GIGA)] = GIGA + offset_in_ram;
    x[usize::from(P_CODE)] = code_ptr;
    x[usize::from(P_SUPER)] = SUPER + (rng.below(4) << 21) + offset_in_ram;
    let mut mask = 0;
    let fs_low = MSTATUS_FS & MSTATUS_FS.wrapping_neg();
    for bit in [MSTATUS_SUM, MSTATUS_MXR, fs_low, fs_low << 1] {
        if rng.chance(1, 2) {
            mask |= bit;
        }
    }
    x[usize::from(SSTATUS_MASK)] = mask;
    x[usize::from(ASID_BIT)] = 1 << 44;
    let rd = 1 + rng.below(8) as u8;
    x[usize::from(CODE_WORD)] = u64::from(alu(&mut rng, rd));
    let mut f = [0u64; 32];
    for v in f.iter_mut() {
        *v = fp_value(&mut rng);
    }
    Stream {
        seed,
        setup,
        code,
        data,
        x,
        f,
        listing,
    }
}
