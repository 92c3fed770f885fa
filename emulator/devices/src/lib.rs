//! The device models of rvmmu and what they need besides the bus and the
//! hart: [`devices`] (CLINT, PLIC, UART and its console, RTC, finisher,
//! HTIF, virtio-blk, host I/O, VM events), [`ram`] (guest main memory) and
//! [`stop`] (host stop requests: signals, Ctrl-A X).
//!
//! Crate `rvmmu-devices`: it depends on nothing else in rvmmu. The bus,
//! the hart and the board live in crate `rvmmu-hart`, which holds these
//! devices; the emulator crate re-exports the three modules under their
//! old paths (`emulator::devices`, `emulator::ram`, `emulator::stop`).
//! RAM's accessors stay `#[inline]`: the hart's loads and stores reach
//! them across the crate boundary.

pub mod devices;
pub mod ram;
pub mod stop;
