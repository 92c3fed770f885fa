//! Sleeping until host console input arrives: what a hart in `wfi` does
//! instead of spinning (the hart chooses the timeout: its next timer
//! deadline).

use super::Bus;
use std::time::Duration;

/// The longest single sleep: a pending Ctrl-C, SIGTERM or `--timeout`
/// (which cannot wake a condition variable from a signal handler or the
/// timer thread) is seen at least this often.
const MAX_SLICE: Duration = Duration::from_millis(20);

impl Bus {
    /// Sleeps up to `timeout`, returning early when console input arrives
    /// (a condition variable, no polling), when it ends (EOF), on Ctrl-A X
    /// and on a host stop request. Before sleeping the guest's console
    /// output is flushed (a prompt has no newline); after it the input is
    /// taken into the UART and the interrupt lines are sampled, so the
    /// caller sees any interrupt the input raised in mip.
    pub fn wait_for_host_input(&mut self, timeout: Duration) {
        self.console.flush();
        let start = std::time::Instant::now();
        loop {
            let left = timeout.saturating_sub(start.elapsed());
            if left.is_zero() || crate::stop::requested().is_some() {
                break;
            }
            let slice = left.min(MAX_SLICE);
            match self.uart.input() {
                Some(input) if input.has_bytes() => break,
                Some(input) if input.may_arrive() => input.wait(slice),
                _ => std::thread::sleep(slice),
            }
            if self.uart.input().is_some_and(|i| i.has_bytes()) {
                break;
            }
        }
        self.uart.poll_input();
        self.update_interrupts();
    }

    /// Whether console input may still arrive to end a wait: host input is
    /// connected and has not reached its end.
    pub fn host_input_may_arrive(&self) -> bool {
        self.uart.input().is_some_and(|i| i.may_arrive())
    }

    /// Whether a device can still raise an interrupt by itself, without
    /// the hart doing anything: console input may arrive, or the RTC alarm
    /// is armed. When it cannot (and no timer is armed), a `wfi` waiting
    /// for an external interrupt would wait forever.
    pub fn device_may_interrupt(&self) -> bool {
        self.host_input_may_arrive() || self.rtc.alarm_armed()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::devices::host_input::HostInput;
    use std::time::Instant;

    #[test]
    fn returns_early_when_input_arrives_and_raises_the_uart_interrupt() {
        let mut bus = Bus::new(1 << 16);
        let (reader, mut writer) = std::io::pipe().unwrap();
        bus.uart.connect_input(HostInput::from_reader(reader));
        // PLIC: source 10 at priority 1, enabled for context 1 (S).
        bus.store(0x0c00_0000 + 4 * 10, 4, 1).unwrap();
        bus.store(0x0c00_2080, 4, 1 << 10).unwrap();
        // UART: receive interrupt on.
        bus.store(0x1000_0001, 1, 1).unwrap();
        assert_eq!(bus.external_interrupts(), 0);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            std::io::Write::write_all(&mut writer, b"k").unwrap();
            writer
        });
        let start = Instant::now();
        bus.wait_for_host_input(Duration::from_secs(10));
        assert!(start.elapsed() < Duration::from_secs(5), "woke early");
        assert_eq!(bus.external_interrupts(), MIP_SEIP_FOR_TEST);
        assert_eq!(bus.load(0x0c20_1004, 4), Ok(10), "claim in context 1");
        assert_eq!(bus.load(0x1000_0000, 1), Ok(u64::from(b'k')));
        drop(t.join().unwrap());
        // EOF: no more input; a wait then just sleeps its time.
        let start = Instant::now();
        bus.wait_for_host_input(Duration::from_millis(30));
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert!(!bus.host_input_may_arrive());
    }

    const MIP_SEIP_FOR_TEST: u64 = 1 << 9;

    #[test]
    fn without_input_it_sleeps_the_timeout() {
        let mut bus = Bus::new(1 << 16);
        let start = Instant::now();
        bus.wait_for_host_input(Duration::from_millis(30));
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert!(!bus.host_input_may_arrive());
        assert!(!bus.device_may_interrupt());
        // An armed RTC alarm can still wake a hart.
        bus.store(0x0010_100c, 4, u64::from(u32::MAX)).unwrap();
        bus.store(0x0010_1008, 4, 0).unwrap();
        assert!(bus.device_may_interrupt());
    }
}
