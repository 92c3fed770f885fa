//! The time base behind `mtime`, the `time` CSR and both timers (the
//! CLINT's mtimecmp and Sstc's stimecmp), and where it comes from: a named
//! setting, `--time host|icount`.
//!
//! Privileged 20211203, section 3.2.1: mtime "increments at constant
//! frequency" whose rate the platform reports; rvmmu's device tree says
//! [`TIMEBASE_HZ`] (10 MHz). Unprivileged 20191213, chapter 10: `time`
//! shadows mtime.
//!
//! - [`TimeSource::Icount`]: deterministic, like QEMU's `-icount`: one tick
//!   per [`INSNS_PER_TICK`] retired instructions (a nominal 1 GHz hart at
//!   the 10 MHz time base), and `wfi` with nothing pending skips time
//!   forward to the next enabled timer deadline at once. Two runs of the
//!   same guest see the same times. The default of [`super::HartConfig`]
//!   and of `rvmmu test`.
//! - [`TimeSource::Host`]: mtime follows the host's monotonic clock at
//!   [`TIMEBASE_HZ`] from the moment the hart was created; `wfi` with
//!   nothing pending sleeps the host thread until the next enabled timer
//!   deadline or host input (`Bus::wait_for_host_input`), in slices of at
//!   most [`WAIT_SLICE`], so that Ctrl-C and `--timeout` stay responsive.
//!   The default of `rvmmu run`.
//!
//! The host clock is never read per instruction: only at the run loop's
//! check points (at most once per [`CLOCK_STRIDE`] retired instructions,
//! or when waiting), on CSR reads of `time`, `mip` and `sip`, and on every
//! device (MMIO) access. While the hart runs, the run loop's check points
//! come at least every 65,536 retired instructions (`run.rs`), so a timer
//! deadline is noticed within that many instructions after it passes
//! (about 0.1–0.3 ms at full speed); in `wfi` it is noticed when the host
//! sleep ends, at the deadline. `mcycle` counts retired instructions plus
//! the cycles spent in `wfi` at the nominal 1 GHz (100 cycles per tick) in
//! both modes; `minstret` counts retired instructions exactly.

use super::Hart;
pub use crate::board::TIMEBASE_HZ;
use std::time::{Duration, Instant};

/// Retired instructions per `mtime` tick under [`TimeSource::Icount`] (as
/// in Spike), and cycles per tick spent in `wfi` in both modes.
pub const INSNS_PER_TICK: u64 = 100;

/// The longest single host sleep of a waiting hart.
pub const WAIT_SLICE: Duration = Duration::from_millis(10);

/// Retired instructions between two host-clock reads at check points
/// (check points can come after every instruction when the guest writes
/// mstatus or mie often).
pub const CLOCK_STRIDE: u64 = 1024;

/// Nanoseconds per time-base tick.
const NANOS_PER_TICK: u64 = 1_000_000_000 / TIMEBASE_HZ as u64;

/// Where the time base comes from (`--time`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeSource {
    /// Retired instructions (deterministic).
    #[default]
    Icount,
    /// The host's monotonic clock.
    Host,
}

/// The host clock as the time base sees it: ticks since `start`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HostClock {
    start: Instant,
    /// The time base at the last read (never decreases).
    ticks: u64,
    /// `retired` at the last read.
    read_at: u64,
}

impl HostClock {
    pub(crate) fn new() -> HostClock {
        HostClock {
            start: Instant::now(),
            ticks: 0,
            read_at: 0,
        }
    }

    /// Reads the host clock; returns the ticks that passed since the last
    /// read.
    fn read(&mut self, retired: u64) -> u64 {
        let nanos = self.start.elapsed().as_nanos();
        let ticks = u64::try_from(nanos / u128::from(NANOS_PER_TICK)).unwrap_or(u64::MAX);
        let passed = ticks.saturating_sub(self.ticks);
        self.ticks = self.ticks.max(ticks);
        self.read_at = retired;
        passed
    }
}

/// A host wait of `ticks` time-base ticks, capped at [`WAIT_SLICE`].
pub(crate) fn wait_slice(ticks: u64) -> Duration {
    Duration::from_nanos(ticks.saturating_mul(NANOS_PER_TICK)).min(WAIT_SLICE)
}

impl Hart {
    /// The time base (ticks of [`TIMEBASE_HZ`]): under `Icount` from retired
    /// instructions and time spent waiting, under `Host` the host clock as
    /// last read by [`Hart::sync_time`].
    #[inline]
    pub fn now(&self) -> u64 {
        match self.config.time {
            TimeSource::Icount => self.retired.wrapping_add(self.idle) / INSNS_PER_TICK,
            TimeSource::Host => self.clock.ticks,
        }
    }

    /// Reads the host clock (under `Host`; nothing to do under `Icount`)
    /// and hands the time base to the devices.
    pub(crate) fn sync_time(&mut self) {
        if self.config.time == TimeSource::Host {
            self.clock.read(self.retired);
        }
        self.bus.now = self.now();
    }

    /// [`Hart::sync_time`] at a check point: the host clock is read at most
    /// once per [`CLOCK_STRIDE`] retired instructions.
    pub(super) fn sync_time_at_check_point(&mut self) {
        if self.retired.wrapping_sub(self.clock.read_at) >= CLOCK_STRIDE {
            self.sync_time();
        } else {
            self.bus.now = self.now();
        }
    }

    /// Waits in `wfi` until `deadline` (a time-base value, or none: then
    /// only for host input) under `Host`: one host sleep of at most
    /// [`WAIT_SLICE`]; the time slept counts as idle cycles.
    pub(super) fn wait_host(&mut self, deadline: Option<u64>) {
        let ticks = deadline.map_or(u64::MAX, |d| d.saturating_sub(self.now()));
        self.bus.wait_for_host_input(wait_slice(ticks));
        let passed = self.clock.read(self.retired);
        self.idle = self
            .idle
            .wrapping_add(passed.saturating_mul(INSNS_PER_TICK));
        self.bus.now = self.now();
    }

    /// With `on`, [`Hart::run`] and [`Hart::run_debug`] return
    /// [`super::StopReason::InsnLimit`] after every host wait slice (at most
    /// [`WAIT_SLICE`]) of a hart in `wfi`, still waiting, so that a caller
    /// that polls between runs (gdb, for its Ctrl-C) stays responsive while
    /// the guest sleeps; the next run goes on waiting. Off by default.
    pub fn set_yield_when_waiting(&mut self, on: bool) {
        self.yield_when_waiting = on;
    }

    /// Skips time forward to `deadline` (a time-base value) in `wfi` under
    /// `Icount`: the cycles pass, minstret does not move.
    pub(super) fn skip_to(&mut self, deadline: u64) {
        let wake = deadline.saturating_mul(INSNS_PER_TICK);
        let cycles = self.retired.wrapping_add(self.idle);
        self.idle = self.idle.wrapping_add(wake.saturating_sub(cycles).max(1));
        self.bus.now = self.now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_clock_ticks_at_the_time_base_and_never_goes_back() {
        let mut c = HostClock::new();
        c.start -= Duration::from_millis(3);
        let passed = c.read(7);
        assert!(passed >= 30_000, "3 ms at 10 MHz: {passed}");
        assert_eq!(c.read_at, 7);
        let before = c.ticks;
        c.start += Duration::from_millis(1);
        assert_eq!(c.read(8), 0, "the clock never steps back");
        assert_eq!(c.ticks, before);
    }

    #[test]
    fn waits_are_sliced() {
        assert_eq!(wait_slice(10), Duration::from_micros(1));
        assert_eq!(wait_slice(u64::MAX), WAIT_SLICE);
        assert_eq!(NANOS_PER_TICK, 100);
    }
}
