//! The slow paths that generated code calls: the interpreter's own loads
//! and stores (`hart/memory.rs`), so a miss in the page cache, MMIO, a
//! page-crossing or misaligned device access, a store to a code page or to
//! the LR reservation behave exactly as in the interpreter.
//!
//! Each returns a status (`jit_bridge::status`): go on, trapped (the trap
//! is in `pending_trap`), or go on but leave the block after this
//! instruction (the access lowered `next_check`); for the last two it has
//! set the hart's pc and `retired` for the exit, so the compiled code only
//! returns.

use crate::hart::Hart;

/// `extern "C"` signature of [`load`]: (hart, va, size | instruction
/// length << 8, pc of the instruction, retired after it, out) -> status.
pub(crate) type LoadFn = extern "C" fn(*mut Hart, u64, u64, u64, u64, *mut u64) -> u32;
/// `extern "C"` signature of [`store`]: (hart, va, size | instruction
/// length << 8, value, pc of the instruction, retired after it) -> status.
pub(crate) type StoreFn = extern "C" fn(*mut Hart, u64, u64, u64, u64, u64) -> u32;

/// A load of `size` bytes at `va` through `Hart::load`; the zero-extended
/// value goes to `*out`.
pub(crate) extern "C" fn load(
    hart: *mut Hart,
    va: u64,
    size_len: u64,
    pc: u64,
    retired_after: u64,
    out: *mut u64,
) -> u32 {
    let (size, len) = (size_len & 0xff, size_len >> 8);
    // SAFETY: generated code passes the hart pointer it was called with,
    // which `CompiledBlock::call` took from a `&mut Hart` that is not used
    // while the compiled code runs.
    let hart = unsafe { &mut *hart };
    if hart.jit.mode == crate::jit::JitMode::Verify {
        crate::jit::verify::note_load(hart, va, size);
    }
    match hart.load(va, size) {
        Ok(v) => {
            // SAFETY: `out` is a stack slot of the calling compiled
            // function, 8 bytes, aligned.
            unsafe { out.write(v) };
            hart.jit_uncount_hit(0);
            hart.jit_fill_bare(va, mmu::AccessType::Load);
            hart.jit_status(pc.wrapping_add(len), retired_after)
        }
        Err(t) => hart.jit_trap(t, pc, retired_after - 1),
    }
}

/// A store of the low `size` bytes of `val` at `va` through `Hart::store`.
pub(crate) extern "C" fn store(
    hart: *mut Hart,
    va: u64,
    size_len: u64,
    val: u64,
    pc: u64,
    retired_after: u64,
) -> u32 {
    let (size, len) = (size_len & 0xff, size_len >> 8);
    // SAFETY: as in `load`.
    let hart = unsafe { &mut *hart };
    if hart.jit.mode == crate::jit::JitMode::Verify {
        crate::jit::verify::note_store(hart, va, size, val);
    }
    match hart.store(va, size, val) {
        Ok(()) => {
            hart.jit_uncount_hit(1);
            hart.jit_fill_bare(va, mmu::AccessType::Store);
            hart.jit_status(pc.wrapping_add(len), retired_after)
        }
        Err(t) => {
            if hart.jit.mode == crate::jit::JitMode::Verify {
                crate::jit::verify::forget_last_store(hart);
            }
            hart.jit_trap(t, pc, retired_after - 1)
        }
    }
}

/// `extern "C"` signature of [`note_fast_store`]: (hart, va, size, value,
/// pa) -> ().
pub(crate) type NoteFn = extern "C" fn(*mut Hart, u64, u64, u64, u64);

/// Under `--jit verify`, called by a store's inline fast path before it
/// writes: records the store and the bytes it overwrites.
pub(crate) extern "C" fn note_fast_store(hart: *mut Hart, va: u64, size: u64, val: u64, pa: u64) {
    // SAFETY: as in `load`.
    let hart = unsafe { &mut *hart };
    crate::jit::verify::note_store_at(hart, va, size, val, pa);
}

/// `extern "C"` signature of [`exec`]: (hart, arena index, pc, retired
/// before the instruction, access) -> status.
pub(crate) type ExecFn = extern "C" fn(*mut Hart, u64, u64, u64, u64) -> u32;

/// Runs the decoded instruction at arena index `at` (at `pc`) in the
/// interpreter (`Hart::jit_exec`): the operations compiled code does not
/// translate itself (`compiler::interpreted`), and the slow path of the FP
/// loads and stores it does. `access` 1 (load) or 2 (store): the compiled
/// code counted the access as a page-cache hit, so when it succeeds one
/// hit is taken off (`Hart::jit_uncount_hit`), and under bare data accesses
/// its page enters the page cache (`Hart::jit_fill_bare`); 0: nothing
/// counted.
pub(crate) extern "C" fn exec(hart: *mut Hart, at: u64, pc: u64, retired: u64, access: u64) -> u32 {
    // SAFETY: as in `load`.
    let hart = unsafe { &mut *hart };
    // An FP load or store: its address (rs1 is an integer register, which
    // it does not write), for `jit_fill_bare`.
    let va = if access != 0 {
        let i = hart.jit_instr(at as usize);
        hart.reg(i.rs1).wrapping_add(i.imm as i64 as u64)
    } else {
        0
    };
    let status = hart.jit_exec(at as usize, pc, retired);
    if access != 0 && status != crate::hart::jit_bridge::status::TRAPPED {
        hart.jit_uncount_hit(access as usize - 1);
        let access = if access == 1 {
            mmu::AccessType::Load
        } else {
            mmu::AccessType::Store
        };
        hart.jit_fill_bare(va, access);
    }
    status
}
