//! Raw mode for a terminal on stdin while the guest reads console input,
//! as QEMU's `-nographic`: no line editing, no echo, no signals from keys
//! (Ctrl-C goes to the guest; Ctrl-A X ends the run), output processing
//! kept. The saved settings are restored when the run ends
//! (`emulator::bus::Bus` drops its UART), on the signal paths of
//! [`crate::stop`], and on panic.

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::OnceLock;

    /// The settings before raw mode.
    static SAVED: OnceLock<libc::termios> = OnceLock::new();
    /// Raw mode is in force.
    static RAW: AtomicBool = AtomicBool::new(false);

    pub fn enter_raw_mode() -> bool {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } != 1 {
            return false;
        }
        // SAFETY: termios is plain data; tcgetattr fills it or fails.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: a valid descriptor and a valid pointer.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut t) } != 0 {
            return false;
        }
        if SAVED.set(t).is_err() && RAW.load(Ordering::Acquire) {
            return true;
        }
        let mut raw = t;
        raw.c_iflag &= !(libc::IGNBRK
            | libc::BRKINT
            | libc::PARMRK
            | libc::ISTRIP
            | libc::INLCR
            | libc::IGNCR
            | libc::ICRNL
            | libc::IXON);
        raw.c_oflag |= libc::OPOST;
        raw.c_lflag &= !(libc::ECHO | libc::ECHONL | libc::ICANON | libc::IEXTEN | libc::ISIG);
        raw.c_cflag &= !(libc::CSIZE | libc::PARENB);
        raw.c_cflag |= libc::CS8;
        raw.c_cc[libc::VMIN] = 1;
        raw.c_cc[libc::VTIME] = 0;
        install_panic_hook();
        // SAFETY: a valid descriptor and settings derived from its own.
        if unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw) } != 0 {
            return false;
        }
        RAW.store(true, Ordering::Release);
        true
    }

    /// Async-signal-safe: an atomic swap and tcsetattr.
    pub fn restore() {
        if RAW.swap(false, Ordering::AcqRel) {
            if let Some(t) = SAVED.get() {
                // SAFETY: the settings tcgetattr returned for this descriptor.
                unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t) };
            }
        }
    }

    fn install_panic_hook() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn enter_raw_mode() -> bool {
        false
    }
    pub fn restore() {}
}

/// Puts a terminal on stdin in raw mode; true when stdin is a terminal
/// (then the console escapes apply).
pub fn enter_raw_mode() -> bool {
    imp::enter_raw_mode()
}

/// Restores the terminal settings saved by [`enter_raw_mode`], if raw mode
/// is in force. Safe to call from a signal handler and more than once.
pub fn restore() {
    imp::restore()
}
