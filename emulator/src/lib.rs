//! rvmmu: an RV64IMAC emulator whose memory accesses all go through a
//! bit-accurate Sv39 MMU (crate `mmu`).

pub mod boot;
pub mod bus;
pub mod cli;
pub mod debug;
pub mod devices;
pub mod exit_status;
pub mod footprint;
pub mod fpu;
pub mod gdb;
pub mod hart;
/// The instruction set (decoder, disassembler, extension set): the
/// `rvmmu-isa` crate, under its old path so `crate::isa::...` keeps working.
pub use rvmmu_isa as isa;
pub mod loader;
pub mod ram;
pub mod run_end;
pub mod runner;
pub mod stats;
pub mod stop;
pub mod symbols;
