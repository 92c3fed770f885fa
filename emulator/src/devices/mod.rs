//! Memory-mapped devices of the `virt`-style machine, and HTIF.

pub mod clint;
pub mod console;
pub mod finisher;
pub mod htif;
pub mod uart;
pub mod virtio;
