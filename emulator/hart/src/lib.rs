//! The hart layer of rvmmu: [`hart`] (one RV64 hart: the interpreter, its
//! decoded-block store and page caches, CSRs, traps, the H extension),
//! [`jit`] (the compiling tier, Cranelift), [`fpu`] (IEEE 754 arithmetic,
//! SoftFloat), [`bus`] (RAM and the devices, interrupt lines), [`board`]
//! (the machine's one device list and its device tree), [`debug`] (the MMU
//! debugging hooks of the debug run loop), and what those need:
//! [`symbols`] (ELF symbol tables), [`stats`] (the `--stats` report) and
//! [`exit_status`] (every exit status rvmmu can end with).
//!
//! Crate `rvmmu-hart`: it depends on `mmu`, `rvmmu-isa` and
//! `rvmmu-devices` and nothing higher (no loader, no boot, no CLI). The
//! emulator crate re-exports its modules under their old paths
//! (`emulator::hart`, `emulator::jit`, ...). The hot path (the run loop,
//! `hart/memory.rs`, the data page cache and the compiled code's helpers)
//! is all inside this crate.

pub mod board;
pub mod bus;
pub mod debug;
pub mod exit_status;
pub mod fpu;
pub mod hart;
pub mod jit;
pub mod stats;
pub mod symbols;

// The lower crates under the paths the modules use (`crate::isa::...`,
// `crate::devices::...`), as in the emulator crate.
use rvmmu_devices::{devices, ram, stop};
use rvmmu_isa as isa;

/// The test ELF writer, shared with the emulator's loader tests and its
/// end-to-end tests.
#[cfg(test)]
#[path = "../../tests/support/elf.rs"]
pub(crate) mod test_elf;
