//! rvmmu: an RV64IMAC emulator whose memory accesses all go through a
//! bit-accurate Sv39 MMU (crate `mmu`).
//!
//! This crate holds what sits above the hart: the ELF loader, the boot
//! paths (firmware, Linux, user programs), the GDB stub, the run report,
//! the runner and the command line. The layers below are workspace crates,
//! re-exported here under their old paths so `crate::hart::...` and
//! `emulator::hart::...` keep working: `rvmmu-isa` (the instruction set),
//! `rvmmu-devices` (device models, guest RAM, host stop requests) and
//! `rvmmu-hart` (the hart, the compiling tier, the FPU, the bus, the board,
//! the MMU debugging hooks, symbol tables, the `--stats` report and the
//! exit statuses).

pub mod boot;
pub mod cli;
pub mod footprint;
pub mod gdb;
/// The instruction set (decoder, disassembler, extension set): the
/// `rvmmu-isa` crate, under its old path so `crate::isa::...` keeps working.
pub use rvmmu_isa as isa;
pub mod loader;
pub mod report;
pub mod run_end;
pub mod runner;
/// The device models, guest RAM and host stop requests: the
/// `rvmmu-devices` crate, under their old paths so `crate::devices::...`,
/// `crate::ram::...` and `crate::stop::...` keep working.
pub use rvmmu_devices::{devices, ram, stop};
/// The hart layer: the `rvmmu-hart` crate's modules, under their old paths
/// so `crate::hart::...`, `crate::jit::...`, `crate::bus::...` and the
/// others keep working.
pub use rvmmu_hart::{board, bus, debug, exit_status, fpu, hart, jit, stats, symbols};
