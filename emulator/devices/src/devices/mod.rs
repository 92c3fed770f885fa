//! Memory-mapped devices of the `virt`-style machine, and HTIF.
//!
//! Devices know RAM ([`crate::ram`]) and the events they raise, never the
//! bus that holds them (`emulator::bus` depends on them, not the reverse).
//! Where each one sits and which PLIC source it drives is in
//! `emulator::board`.

pub mod clint;
pub mod console;
pub mod finisher;
pub mod host_input;
pub mod hostio;
pub mod htif;
pub mod plic;
pub mod rtc;
pub mod terminal;
pub mod uart;
pub mod virtio;
pub mod vm_events;

/// Something the machine must act on outside the instruction stream,
/// raised by a device and handled by the run loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineEvent {
    /// The guest asked to stop with this exit code.
    Exit(i32),
    /// The guest asked for a reboot (the SiFive test device's 0x7777:
    /// `syscon-reboot`, Linux's `reboot -f` and `panic=-1`); rvmmu stops
    /// with `emulator::exit_status::GUEST_REBOOT` instead.
    Reboot,
}
