//! Differential testing of rvmmu against `qemu-system-riscv64` (issue 17):
//! generators that write bare-metal RV64 ELF files, a runner that runs
//! each under both and compares what they print. See `src/main.rs` for
//! the command line and README.md ("Fuzzing and differential testing").
//!
//! - [`isa`]: the one table of instruction encodings, and an assembler;
//! - [`machine`]: the layout, prologue, trap log and report every program
//!   shares;
//! - [`sv39`]: random Sv39 scenarios (page tables, permissions, A/D,
//!   superpages, SUM/MXR/MPRV, ASIDs, sfence.vma scopes; loads, stores,
//!   AMOs, LR/SC and fetches from S and U);
//! - [`alu`]: random straight-line integer programs over an extension list;
//! - [`runner`]: runs both machines, compares, in parallel.

pub mod alu;
pub mod isa;
pub mod machine;
pub mod rng;
pub mod runner;
pub mod sv39;

#[cfg(test)]
mod tests;
