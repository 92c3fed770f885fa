//! Requests from the host to end a run: the `--timeout` wall clock,
//! Ctrl-C (SIGINT) and SIGTERM.
//!
//! A request is one atomic byte, set by a timer thread or a signal handler
//! and read by the run loop at its check points (`hart/run.rs`), which it
//! reaches at least every 65,536 instructions and at every trap: no cost per
//! instruction. The run then ends the ordinary way, so the console is
//! flushed and `--stats` printed.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

/// Why the host asked the run to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostStop {
    /// `--timeout SECONDS` of wall-clock time passed.
    Timeout,
    /// Ctrl-C (SIGINT).
    Interrupt,
    /// SIGTERM.
    Terminate,
    /// Ctrl-A X on the guest console (`crate::devices::host_input`).
    ConsoleQuit,
}

const NONE: u8 = 0;
const TIMEOUT: u8 = 1;
const INTERRUPT: u8 = 2;
const TERMINATE: u8 = 3;
const CONSOLE_QUIT: u8 = 4;

/// The pending request (one of the constants above); the first one wins.
static REQUEST: AtomicU8 = AtomicU8::new(NONE);

/// Asks the run to end; a request already pending is kept.
pub fn request(why: HostStop) {
    let v = match why {
        HostStop::Timeout => TIMEOUT,
        HostStop::Interrupt => INTERRUPT,
        HostStop::Terminate => TERMINATE,
        HostStop::ConsoleQuit => CONSOLE_QUIT,
    };
    let _ = REQUEST.compare_exchange(NONE, v, Ordering::Relaxed, Ordering::Relaxed);
}

/// The pending request, if any.
#[inline]
pub fn requested() -> Option<HostStop> {
    match REQUEST.load(Ordering::Relaxed) {
        TIMEOUT => Some(HostStop::Timeout),
        INTERRUPT => Some(HostStop::Interrupt),
        TERMINATE => Some(HostStop::Terminate),
        CONSOLE_QUIT => Some(HostStop::ConsoleQuit),
        _ => None,
    }
}

/// Requests [`HostStop::Timeout`] after `after` of wall-clock time, from a
/// detached thread (it dies with the process).
pub fn start_timer(after: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(after);
        request(HostStop::Timeout);
    });
}

/// Turns SIGINT and SIGTERM into requests, so that the run ends with its
/// console flushed and its statistics printed. A second signal while the
/// first is pending ends the process at once (exit 130 or 143).
#[cfg(unix)]
pub fn handle_signals() {
    extern "C" fn on_signal(sig: libc::c_int) {
        let why = if sig == libc::SIGINT {
            HostStop::Interrupt
        } else {
            HostStop::Terminate
        };
        if requested().is_some() {
            // The terminal leaves raw mode (async-signal-safe).
            crate::devices::terminal::restore();
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(128 + sig) };
        }
        request(why);
    }
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only touches an atomic and calls _exit, both
        // async-signal-safe.
        unsafe { libc::signal(sig, handler) };
    }
}

/// Signals are not handled on this platform: they end the process.
#[cfg(not(unix))]
pub fn handle_signals() {}
