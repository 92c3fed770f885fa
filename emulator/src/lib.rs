//! rvmmu: an RV64IMAC emulator whose memory accesses all go through a
//! bit-accurate Sv39 MMU (crate `mmu`).

pub mod board;
pub mod boot;
pub mod bus;
pub mod cli;
pub mod debug;
pub mod exit_status;
pub mod footprint;
pub mod fpu;
pub mod gdb;
pub mod hart;
pub mod jit;
/// The instruction set (decoder, disassembler, extension set): the
/// `rvmmu-isa` crate, under its old path so `crate::isa::...` keeps working.
pub use rvmmu_isa as isa;
pub mod loader;
pub mod report;
pub mod run_end;
pub mod runner;
pub mod stats;
pub mod symbols;
/// The device models, guest RAM and host stop requests: the
/// `rvmmu-devices` crate, under their old paths so `crate::devices::...`,
/// `crate::ram::...` and `crate::stop::...` keep working.
pub use rvmmu_devices::{devices, ram, stop};
