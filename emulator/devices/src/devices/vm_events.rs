//! The VM event port: how rvmmu's own firmware tells the recorder what its
//! pager did (`rvmmu run --report`, `rvmmu policies`). Present on the bus
//! and in the device tree (`compatible = "rvmmu,vm-events"`) only when a
//! run records; the firmware then writes events, and otherwise none (see
//! `firmware/vmev.h`, the other end of this protocol).
//!
//! Registers, 64-bit little-endian stores only:
//!
//! ```text
//! +0x00  TYPE   a store commits one event of this type with a0..a5
//! +0x08  A0 .. +0x30 A5   the arguments (a4 = resident user pages,
//!                          a5 = the guest's instret)
//! ```
//!
//! Reads return 0. An MMIO path: off the hot path.

/// Size of the register window.
pub const MMIO_SIZE: u64 = 0x1000;
/// Events kept at most (56 bytes each: 56 MiB): a guest that sends more is
/// counted in [`VmEvents::dropped`], the report says so.
pub const MAX_EVENTS: usize = 1 << 20;

/// One event as the firmware sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawEvent {
    pub kind: u64,
    pub args: [u64; 6],
}

/// The port and the events recorded so far.
#[derive(Debug, Default)]
pub struct VmEvents {
    args: [u64; 6],
    pub events: Vec<RawEvent>,
    /// Events past [`MAX_EVENTS`], not kept.
    pub dropped: u64,
}

impl VmEvents {
    /// A 64-bit store at `off`; other widths are refused (access fault).
    pub fn store(&mut self, off: u64, size: u64, val: u64) -> Option<()> {
        if size != 8 || !off.is_multiple_of(8) {
            return None;
        }
        match off / 8 {
            0 => {
                if self.events.len() < MAX_EVENTS {
                    self.events.push(RawEvent {
                        kind: val,
                        args: self.args,
                    });
                } else {
                    self.dropped += 1;
                }
            }
            n @ 1..=6 => *self.args.get_mut(n as usize - 1)? = val,
            _ => {}
        }
        Some(())
    }

    /// Loads read as zero.
    pub fn load(&self, _off: u64, _size: u64) -> Option<u64> {
        Some(0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn type_store_commits_the_arguments_written_before() {
        let mut d = VmEvents::default();
        for i in 1..=6u64 {
            d.store(i * 8, 8, i * 10).unwrap();
        }
        d.store(0, 8, 7).unwrap();
        d.store(8, 8, 99).unwrap();
        d.store(0, 8, 1).unwrap();
        assert_eq!(d.events.len(), 2);
        assert_eq!(
            d.events[0],
            RawEvent {
                kind: 7,
                args: [10, 20, 30, 40, 50, 60]
            }
        );
        assert_eq!(d.events[1].args[0], 99);
        assert_eq!(d.store(0, 4, 1), None, "32-bit stores are refused");
    }
}
