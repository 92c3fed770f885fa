//! `--jit verify`: every run of compiled code is checked against the
//! interpreter. The compiled block runs first, recording each store
//! (virtual address, size, value) and the RAM bytes it overwrites; then
//! the stores are undone, the registers, pc, `retired` and pending trap
//! put back, and the interpreter runs the same instructions from the same
//! state. x1..x31, the pc, `retired`, the trap raised and the sequence of
//! stores must be identical; the first difference is reported with the
//! block's disassembly and rvmmu exits with
//! [`crate::exit_status::JIT_MISMATCH`].
//!
//! A run that cannot be repeated is not compared (and counted as
//! skipped): one that touched a device (a load or store outside RAM: a
//! device read may have side effects), or made a store the run loop must
//! notice (to a page holding decoded code, or to the HTIF page), or whose
//! translations updated a PTE's A or D bit (Svadu), which is not undone.
//! Translations are repeated too, so under verify the MMU's statistics
//! count the accesses of compared blocks twice.

use super::CompiledBlock;
use crate::hart::{Hart, Trap};
use crate::isa::disasm::disasm_at;

/// What the compiled run of one block did to memory.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    /// The stores, in order: (va, size, value).
    stores: Vec<(u64, u64, u64)>,
    /// How to undo them: (pa, size, the bytes before).
    undo: Vec<(u64, u64, u64)>,
    /// The run cannot be repeated (see the module doc).
    unrepeatable: bool,
    /// Runs compared, and runs that could not be.
    pub checked: u64,
    pub skipped: u64,
}

/// Records a store about to be made at `va` through the slow path.
pub(crate) fn note_store(hart: &mut Hart, va: u64, size: u64, val: u64) {
    match hart.jit_data_pa(va, size, mmu::AccessType::Store) {
        Some(pa) => note_store_at(hart, va, size, val, pa),
        None => {
            // Page-crossing, or it faults (then `forget_last_store`).
            hart.jit.verify.unrepeatable = true;
            let mask = super::size_mask(size);
            hart.jit.verify.stores.push((va, size, val & mask));
        }
    }
}

/// Records a store about to be made at `va` (physical `pa`).
pub(crate) fn note_store_at(hart: &mut Hart, va: u64, size: u64, val: u64, pa: u64) {
    let ram = &hart.bus.ram;
    let old = match ram.offset(pa, size) {
        Some(off) => match size {
            1 => ram.read::<1>(off),
            2 => ram.read::<2>(off),
            4 => ram.read::<4>(off),
            _ => ram.read::<8>(off),
        },
        None => None,
    };
    let j = &mut hart.jit.verify;
    match old {
        Some(old) => j.undo.push((pa, size, old)),
        None => j.unrepeatable = true,
    }
    j.stores.push((va, size, val & super::size_mask(size)));
}

/// The store just noted trapped: it made no change.
pub(crate) fn forget_last_store(hart: &mut Hart) {
    let j = &mut hart.jit.verify;
    j.stores.pop();
    j.undo.pop();
}

/// Records that a slow-path load reached something other than RAM.
pub(crate) fn note_load(hart: &mut Hart, va: u64, size: u64) {
    let in_ram = hart
        .jit_data_pa(va, size, mmu::AccessType::Load)
        .is_some_and(|pa| hart.bus.ram.offset(pa, size).is_some());
    if !in_ram {
        hart.jit.verify.unrepeatable = true;
    }
}

/// Before the interpreter runs an instruction for compiled code
/// (`Hart::jit_exec`): a store, AMO, SC or cache-block operation makes the
/// run unrepeatable (its memory write is not journalled); an FP load is
/// checked for a device as a slow-path load is.
pub(crate) fn note_interpreted(hart: &mut Hart, i: crate::isa::Instr) {
    use crate::isa::Op;
    let load_size = match i.op {
        Op::Flh => Some(2),
        Op::Flw => Some(4),
        Op::Fld => Some(8),
        _ => None,
    };
    if let Some(size) = load_size {
        let va = hart.reg(i.rs1).wrapping_add(i.imm as i64 as u64);
        note_load(hart, va, size);
        return;
    }
    // Every A operation but LR writes memory (SC when it succeeds).
    let atomic = !matches!(i.op, Op::LrW | Op::LrD)
        && (Op::LrW as u16..=Op::AmomaxuD as u16).contains(&(i.op as u16));
    let writes_memory = atomic
        || matches!(
            i.op,
            Op::Fsh | Op::Fsw | Op::Fsd | Op::CboZero | Op::AmocasW | Op::AmocasD | Op::AmocasQ
        );
    if writes_memory {
        hart.jit.verify.unrepeatable = true;
    }
}

/// The state compared.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    x: [u64; 32],
    /// f0..f31 and fcsr (instructions run through the interpreter).
    fp: crate::hart::fp::FpState,
    pc: u64,
    retired: u64,
    trap: Option<Trap>,
    stores: Vec<(u64, u64, u64)>,
}

/// Runs `block` (arena index `k`) and checks it against the interpreter
/// (see the module doc). Leaves the hart as the compiled run did when the
/// two agree.
pub(crate) fn run_and_check(hart: &mut Hart, block: CompiledBlock, k: usize) {
    let x = *hart.xregs();
    let fp = hart.fp.clone();
    let (pc, retired) = (hart.pc, hart.retired);
    let pending = hart.jit_pending();
    let j = &mut hart.jit.verify;
    j.stores.clear();
    j.undo.clear();
    j.unrepeatable = false;
    let pte_writes = hart.mmu.stats().pte_writes;
    block.call(hart);
    let lowered = hart.jit_pending().1 != pending.1;
    // An A/D update (Svadu) changed a PTE, which the block may read.
    let pte_written = hart.mmu.stats().pte_writes != pte_writes;
    let compiled = Outcome {
        x: *hart.xregs(),
        fp: hart.fp.clone(),
        pc: hart.pc,
        retired: hart.retired,
        trap: hart.jit_pending().0,
        stores: std::mem::take(&mut hart.jit.verify.stores),
    };
    // A store that asked the run loop to look (a code page, HTIF) cannot be
    // replayed; a trap lowers `next_check` too, and is compared.
    if hart.jit.verify.unrepeatable || pte_written || (lowered && compiled.trap.is_none()) {
        hart.jit.verify.skipped += 1;
        return;
    }
    let undo = std::mem::take(&mut hart.jit.verify.undo);
    for &(pa, size, old) in undo.iter().rev() {
        if let Some(off) = hart.bus.ram.offset(pa, size) {
            let ram = &mut hart.bus.ram;
            let _ = match size {
                1 => ram.write::<1>(off, old),
                2 => ram.write::<2>(off, old),
                4 => ram.write::<4>(off, old),
                _ => ram.write::<8>(off, old),
            };
        }
    }
    hart.x[..32].copy_from_slice(&x);
    hart.fp = fp;
    hart.pc = pc;
    hart.retired = retired;
    hart.jit_set_pending(pending);
    // Through the trapping instruction, if the compiled run trapped.
    let stop_at = compiled.retired + u64::from(compiled.trap.is_some());
    let stores = hart.jit_interpret_block(k, stop_at);
    let interpreted = Outcome {
        x: *hart.xregs(),
        fp: hart.fp.clone(),
        pc: hart.pc,
        retired: hart.retired,
        trap: hart.jit_pending().0,
        stores,
    };
    if interpreted != compiled {
        report(hart, k, pc, block, &compiled, &interpreted);
    }
    hart.jit.verify.checked += 1;
}

/// Prints the first difference and the block, and exits.
#[cold]
fn report(hart: &Hart, k: usize, pc: u64, block: CompiledBlock, jit: &Outcome, int: &Outcome) -> ! {
    eprintln!(
        "rvmmu: --jit verify: compiled code and interpreter differ in the block at pc {pc:#x}:"
    );
    let mut at = pc;
    for n in 0..usize::from(block.len) {
        let i = hart.jit_instr(k + n);
        eprintln!("  {at:016x}  {}", disasm_at(&i, at));
        at = at.wrapping_add(u64::from(i.len));
    }
    for r in (1..32).filter(|&r| jit.x[r] != int.x[r]) {
        eprintln!(
            "  x{r}: compiled {:#x}, interpreter {:#x}",
            jit.x[r], int.x[r]
        );
    }
    if jit.fp != int.fp {
        eprintln!(
            "  FP state: compiled {:x?}, interpreter {:x?}",
            jit.fp, int.fp
        );
    }
    if jit.pc != int.pc {
        eprintln!("  pc: compiled {:#x}, interpreter {:#x}", jit.pc, int.pc);
    }
    if jit.retired != int.retired {
        eprintln!(
            "  retired: compiled {}, interpreter {}",
            jit.retired, int.retired
        );
    }
    if jit.trap != int.trap {
        eprintln!(
            "  trap: compiled {:?}, interpreter {:?}",
            jit.trap, int.trap
        );
    }
    if jit.stores != int.stores {
        eprintln!(
            "  stores (va, size, value): compiled {:x?}, interpreter {:x?}",
            jit.stores, int.stores
        );
    }
    std::process::exit(i32::from(crate::exit_status::JIT_MISMATCH));
}
