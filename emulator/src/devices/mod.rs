//! Memory-mapped devices of the `virt`-style machine, and HTIF.
//!
//! Devices know RAM ([`crate::ram`]) and the events they raise, never the
//! bus that holds them (`crate::bus` depends on them, not the reverse).

pub mod clint;
pub mod console;
pub mod finisher;
pub mod htif;
pub mod uart;
pub mod virtio;

/// Something the machine must act on outside the instruction stream,
/// raised by a device and handled by the run loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineEvent {
    /// The guest asked to stop with this exit code.
    Exit(i32),
}
