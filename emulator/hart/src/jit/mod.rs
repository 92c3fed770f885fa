//! The compiling tier (issue 16): hot decoded blocks are compiled to host
//! code with Cranelift and run instead of being interpreted.
//!
//! - Blocks start in the interpreter (`hart/run.rs`); a block entered
//!   [`HOT_THRESHOLD`] times is compiled ([`runtime`]). Compiled code is
//!   keyed by the block's arena index, so it lives exactly as long as the
//!   decoded block it was compiled from: per physical page, dropped with
//!   the page's blocks (stores to code pages, device writes, `fence.i`
//!   needs nothing more), and entered only where the interpreter looks a
//!   block up after `fetch.rs` translated the pc for the current context
//!   (`hart/jit_bridge.rs` says why that covers satp, ASID and privilege).
//! - [`compiler`] turns the block's operations into Cranelift IR: RV64I
//!   (Unprivileged 20191213, chapters 2 and 5), M (chapter 7), the
//!   compressed forms (decoded to the same operations), Zba/Zbb/Zbs
//!   (Bit-Manipulation 1.0.0), Zicond, the F/D loads and stores, moves and
//!   (when the host's answer is certainly RISC-V's, `compiler/fp_arith.rs`)
//!   arithmetic. Other F/D/Zfh, A and a few more operations are run by the
//!   interpreter from inside the compiled code (`compiler::interpreted`);
//!   any other operation ends the compiled code, and the interpreter runs
//!   it.
//! - Every load and store goes through the MMU: the generated code does
//!   the interpreter's page-cache check inline (the same arrays, the same
//!   tag compare and add, `hart/data_pages.rs`) and calls [`helpers`] (the
//!   interpreter's own `Hart::load`/`Hart::store`) on a miss, for MMIO, a
//!   page-crossing access or a store to a flagged page; traps there are
//!   precise (pc, tval and `retired` of the faulting instruction).
//! - [`verify`] (`--jit verify`) runs every compiled block and then the
//!   interpreter from the same state, and stops at the first difference.

mod compiler;
mod helpers;
mod runtime;
pub(crate) mod verify;
mod worker;

use crate::isa::Op;
pub(crate) use runtime::CompiledBlock;
pub use runtime::Jit;

/// Entries of a block after which it is compiled. Compiling a block costs
/// about 1.5 million host instructions, what interpreting it some 5000
/// times saves: with 32, a Linux boot compiled 41,460 blocks and took 2.3x
/// the interpreter's time (29.9 s user against 12.8 s); with 5000 it
/// compiles 3039 and takes 9.9 s, and bench.elf and the user programs run
/// as fast as with 32 or faster (their hot blocks are entered far more).
pub const HOT_THRESHOLD: u16 = 5000;
/// The default bound on compiled code (`--jit-cache`).
pub const DEFAULT_CACHE_BYTES: usize = 64 << 20;

/// Which tier runs hot blocks (`--jit`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JitMode {
    /// Hot blocks are compiled (the default).
    #[default]
    On,
    /// The block interpreter only.
    Off,
    /// Hot blocks are compiled, and each run of compiled code is checked
    /// against the interpreter run from the same state (slow).
    Verify,
}

impl JitMode {
    /// Whether compiled code may run.
    #[inline(always)]
    pub fn enabled(self) -> bool {
        self != JitMode::Off
    }
}

/// The compiling tier's settings ([`crate::hart::HartConfig::jit`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JitConfig {
    pub mode: JitMode,
    /// Bound on the host memory of compiled code; when a block no longer
    /// fits, all compiled code is dropped and hot blocks compile again.
    pub cache_bytes: usize,
    /// Entries of a block after which it is compiled (1..=65534; default
    /// [`HOT_THRESHOLD`]; 1 compiles every block at its first entry, for
    /// testing).
    pub hot: u16,
    /// Compile threads: 0 compiles on the hart's thread when a block gets
    /// hot (deterministic: the block runs compiled from then on); 1
    /// compiles on a thread of its own while the hart goes on interpreting
    /// (`worker.rs`; the default of the command line). Always 0 under
    /// verify.
    pub threads: u8,
}

impl JitConfig {
    /// The block interpreter alone (`--jit off`).
    pub fn interpreter() -> JitConfig {
        JitConfig {
            mode: JitMode::Off,
            ..JitConfig::default()
        }
    }
}

impl Default for JitConfig {
    fn default() -> JitConfig {
        JitConfig {
            mode: JitMode::default(),
            cache_bytes: DEFAULT_CACHE_BYTES,
            hot: HOT_THRESHOLD,
            threads: 0,
        }
    }
}

/// Bytes Cranelift's module keeps per compiled function, at most (its
/// declaration and finalized-code records), counted for the memory ceiling.
const RECORD_BYTES: usize = 256;

/// The most host memory the compiling tier takes with a code cache of
/// `cache_bytes`: its three tables (8 + 1 + 2 bytes per arena entry), the
/// code (at least a page per compiled block, so at most one record per
/// page), for `emulator::footprint`.
pub const fn max_host_bytes(cache_bytes: usize) -> usize {
    crate::hart::ARENA_SIZE * 11 + cache_bytes + cache_bytes / 4096 * RECORD_BYTES
}

/// Offset of [`Jit::hits`] in [`Jit`] (for `HartLayout`).
pub(crate) const HITS_OFFSET: usize = core::mem::offset_of!(Jit, hits);

/// The access size of a store operation.
pub(crate) fn store_size(op: Op) -> Option<u64> {
    match op {
        Op::Sb => Some(1),
        Op::Sh => Some(2),
        Op::Sw => Some(4),
        Op::Sd => Some(8),
        _ => None,
    }
}

/// The low `size` bytes of a value.
pub(crate) fn size_mask(size: u64) -> u64 {
    match size {
        8 => u64::MAX,
        n => (1u64 << (8 * n)) - 1,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
