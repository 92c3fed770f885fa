//! The instruction decoder and disassembler (`emulator::isa`): every 32-bit
//! word decodes and disassembles without a panic, at any pc, and the
//! decoded form keeps the conventions of `isa/decode.rs`:
//! - the length follows the low two bits (Unprivileged 20191213, section
//!   1.5: `11` is a 32-bit instruction, anything else a 16-bit parcel);
//! - `raw` holds the bits as fetched (16 bits zero-extended for a parcel),
//!   which is what mtval receives on an illegal-instruction trap;
//! - a parcel decodes the same whatever the upper half holds;
//! - register fields are x/f register numbers (< 32), and for a 32-bit
//!   encoding each is zero or the instruction's own rd/rs1/rs2 field;
//! - an illegal instruction carries nothing but its bits.

use crate::Bytes;
use emulator::isa::disasm::disasm_at;
use emulator::isa::{decode, Op};

pub fn check(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let pc = bytes.u64();
    while !bytes.is_empty() {
        let raw = u32::from(bytes.u16()) | u32::from(bytes.u16()) << 16;
        one(raw, pc);
    }
}

fn one(raw: u32, pc: u64) {
    let i = decode(raw);
    let text = disasm_at(&i, pc);
    assert!(!text.is_empty(), "{raw:#010x}: empty disassembly");
    assert!(i.rd < 32 && i.rs1 < 32 && i.rs2 < 32, "{raw:#010x}: {i:?}");
    if raw & 3 == 3 {
        assert_eq!((i.len, i.raw), (4, raw), "{raw:#010x}: {i:?}");
        if i.op != Op::Illegal {
            let field = |shift: u32| ((raw >> shift) & 31) as u8;
            assert!(i.rd == 0 || i.rd == field(7), "{raw:#010x}: rd of {i:?}");
            assert!(
                i.rs1 == 0 || i.rs1 == field(15),
                "{raw:#010x}: rs1 of {i:?}"
            );
            assert!(
                i.rs2 == 0 || i.rs2 == field(20),
                "{raw:#010x}: rs2 of {i:?}"
            );
        }
    } else {
        let parcel = raw & 0xffff;
        assert_eq!((i.len, i.raw), (2, parcel), "{raw:#010x}: {i:?}");
        assert_eq!(
            decode(parcel),
            i,
            "{raw:#010x}: upper half changed the decoding"
        );
        assert_eq!(decode(parcel | 0xffff_0000), i, "{raw:#010x}: upper half");
    }
    if i.op == Op::Illegal {
        assert_eq!((i.rd, i.rs1, i.rs2, i.imm), (0, 0, 0, 0), "{raw:#010x}");
    }
}
