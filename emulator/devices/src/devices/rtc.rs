//! The Goldfish real-time clock (`google,goldfish-rtc`, as on QEMU `virt`
//! at 0x10_1000, PLIC source 11; Android emulator's GOLDFISH-VIRTUAL-
//! HARDWARE.TXT and Linux's `rtc-goldfish.c`):
//!
//! ```text
//! 0x00 TIME_LOW      R  ns since the epoch, low 32 bits; latches TIME_HIGH
//!                    W  sets the time (with the TIME_HIGH written before)
//! 0x04 TIME_HIGH     RW high 32 bits
//! 0x08 ALARM_LOW     RW low 32 bits of the alarm time; a write arms it
//! 0x0c ALARM_HIGH    RW high 32 bits of the alarm time
//! 0x10 IRQ_ENABLED   RW 1: the alarm raises the interrupt
//! 0x14 CLEAR_ALARM   W  disarms the alarm
//! 0x18 ALARM_STATUS  R  1 while an alarm is armed
//! 0x1c CLEAR_INTERRUPT W lowers the interrupt
//! ```
//!
//! What time it tells is a setting ([`RtcClock`]): the host's real time by
//! default, or a fixed epoch plus the guest's time base for reproducible
//! runs.

use std::time::{SystemTime, UNIX_EPOCH};

/// Where the clock's time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RtcClock {
    /// The host's real time (`SystemTime::now`), as QEMU.
    #[default]
    Host,
    /// `epoch_ns` plus the hart's time base (mtime ticks at
    /// `timebase_hz`): the same on every run, for deterministic time
    /// (e.g. with instruction-count time).
    Fixed { epoch_ns: u64, timebase_hz: u32 },
}

/// 2026-01-01T00:00:00Z, the default epoch of [`RtcClock::Fixed`].
pub const FIXED_EPOCH_NS: u64 = 1_767_225_600 * 1_000_000_000;

const TIME_LOW: u64 = 0x00;
const TIME_HIGH: u64 = 0x04;
const ALARM_LOW: u64 = 0x08;
const ALARM_HIGH: u64 = 0x0c;
const IRQ_ENABLED: u64 = 0x10;
const CLEAR_ALARM: u64 = 0x14;
const ALARM_STATUS: u64 = 0x18;
const CLEAR_INTERRUPT: u64 = 0x1c;

#[derive(Debug, Default)]
pub struct Rtc {
    pub clock: RtcClock,
    /// Guest-set time minus the clock's time (ns, wrapping).
    offset: u64,
    /// TIME_HIGH as latched by a TIME_LOW read, or as written.
    time_high: u32,
    alarm: u64,
    armed: bool,
    irq_enabled: bool,
    /// The alarm fired and CLEAR_INTERRUPT has not been written; the line
    /// is this and IRQ_ENABLED (as QEMU's `goldfish_rtc.c`).
    irq_pending: bool,
}

impl Rtc {
    /// The clock's time in ns at time base `now`.
    fn clock_ns(&self, now: u64) -> u64 {
        match self.clock {
            RtcClock::Host => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
            RtcClock::Fixed {
                epoch_ns,
                timebase_hz,
            } => {
                let ns = u128::from(now) * 1_000_000_000 / u128::from(timebase_hz.max(1));
                epoch_ns.wrapping_add(u64::try_from(ns).unwrap_or(u64::MAX))
            }
        }
    }

    /// The time the guest sees, in ns.
    fn time_ns(&self, now: u64) -> u64 {
        self.clock_ns(now).wrapping_add(self.offset)
    }

    /// The interrupt line (PLIC source 11).
    pub fn irq_line(&self) -> bool {
        self.irq_pending && self.irq_enabled
    }

    /// Whether an armed alarm waits for time to pass (the bus polls it).
    pub fn alarm_armed(&self) -> bool {
        self.armed
    }

    /// Fires the alarm if its time has come; true when it fired.
    pub fn poll(&mut self, now: u64) -> bool {
        if !self.armed || self.time_ns(now) < self.alarm {
            return false;
        }
        self.armed = false;
        self.irq_pending = true;
        true
    }

    /// A 32-bit load; other widths are access faults.
    pub fn load(&mut self, off: u64, size: u64, now: u64) -> Option<u64> {
        if size != 4 {
            return None;
        }
        let v = match off {
            TIME_LOW => {
                let t = self.time_ns(now);
                self.time_high = (t >> 32) as u32;
                t as u32
            }
            TIME_HIGH => self.time_high,
            ALARM_LOW => self.alarm as u32,
            ALARM_HIGH => (self.alarm >> 32) as u32,
            IRQ_ENABLED => u32::from(self.irq_enabled),
            ALARM_STATUS => u32::from(self.armed),
            _ => 0,
        };
        Some(u64::from(v))
    }

    /// A 32-bit store; other widths are access faults.
    pub fn store(&mut self, off: u64, size: u64, val: u64, now: u64) -> Option<()> {
        if size != 4 {
            return None;
        }
        let v = val & 0xffff_ffff;
        match off {
            TIME_LOW => {
                let t = u64::from(self.time_high) << 32 | v;
                self.offset = t.wrapping_sub(self.clock_ns(now));
            }
            TIME_HIGH => self.time_high = v as u32,
            ALARM_LOW => {
                self.alarm = (self.alarm & !0xffff_ffff) | v;
                self.armed = true;
                self.poll(now);
            }
            ALARM_HIGH => self.alarm = (self.alarm & 0xffff_ffff) | v << 32,
            IRQ_ENABLED => self.irq_enabled = v & 1 != 0,
            CLEAR_ALARM => self.armed = false,
            CLEAR_INTERRUPT => self.irq_pending = false,
            _ => {}
        }
        Some(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixed() -> Rtc {
        Rtc {
            clock: RtcClock::Fixed {
                epoch_ns: FIXED_EPOCH_NS,
                timebase_hz: 10_000_000,
            },
            ..Rtc::default()
        }
    }

    fn time(r: &mut Rtc, now: u64) -> u64 {
        let lo = r.load(TIME_LOW, 4, now).unwrap();
        // TIME_HIGH is the latched value, whatever `now` is by then.
        lo | r.load(TIME_HIGH, 4, (now + 1) << 40).unwrap() << 32
    }

    #[test]
    fn fixed_clock_counts_from_the_epoch_and_can_be_set() {
        let mut r = fixed();
        assert_eq!(time(&mut r, 0), FIXED_EPOCH_NS);
        assert_eq!(time(&mut r, 10_000_000), FIXED_EPOCH_NS + 1_000_000_000);
        let t = 0x1234_5678_9abc_def0u64;
        r.store(TIME_HIGH, 4, t >> 32, 0).unwrap();
        r.store(TIME_LOW, 4, t & 0xffff_ffff, 0).unwrap();
        assert_eq!(time(&mut r, 100), t + 10_000);
        assert_eq!(r.load(TIME_LOW, 8, 0), None, "32-bit registers");
    }

    #[test]
    fn host_clock_tells_real_time() {
        let mut r = Rtc::default();
        let host = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        let t = time(&mut r, 0);
        let diff = t.abs_diff(host.as_nanos() as u64);
        assert!(diff < 5_000_000_000, "{t} vs {host:?}");
    }

    #[test]
    fn alarm_raises_the_line_when_enabled_until_cleared() {
        let mut r = fixed();
        let at = FIXED_EPOCH_NS + 500;
        r.store(IRQ_ENABLED, 4, 1, 0).unwrap();
        r.store(ALARM_HIGH, 4, at >> 32, 0).unwrap();
        r.store(ALARM_LOW, 4, at & 0xffff_ffff, 0).unwrap();
        assert_eq!(r.load(ALARM_STATUS, 4, 0), Some(1));
        assert!(!r.poll(4) && !r.irq_line(), "400 ns: not yet");
        assert!(r.poll(5) && r.irq_line(), "500 ns");
        assert_eq!(r.load(ALARM_STATUS, 4, 5), Some(0));
        r.store(CLEAR_INTERRUPT, 4, 1, 5).unwrap();
        assert!(!r.irq_line());
        // An alarm in the past fires at once; with the interrupt disabled
        // the line rises only when it is enabled.
        r.store(IRQ_ENABLED, 4, 0, 9).unwrap();
        r.store(ALARM_LOW, 4, at & 0xffff_ffff, 9).unwrap();
        assert!(!r.irq_line() && !r.alarm_armed());
        r.store(IRQ_ENABLED, 4, 1, 9).unwrap();
        assert!(r.irq_line());
    }
}
