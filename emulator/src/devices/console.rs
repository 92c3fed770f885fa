//! Where guest console output (UART, HTIF putchar) goes.

use std::io::Write;

/// The console sink: the host's stdout, or a buffer (for the test runner).
#[derive(Debug, Default)]
pub enum Console {
    #[default]
    Stdout,
    Capture(Vec<u8>),
}

impl Console {
    /// Emits one byte of guest output.
    pub fn put(&mut self, b: u8) {
        match self {
            Console::Stdout => {
                let mut out = std::io::stdout().lock();
                // A closed stdout must not kill the emulator; output is dropped.
                let _ = out.write_all(&[b]);
                if b == b'\n' {
                    let _ = out.flush();
                }
            }
            Console::Capture(buf) => buf.push(b),
        }
    }
    /// Flushes stdout (at exit).
    pub fn flush(&mut self) {
        if let Console::Stdout = self {
            let _ = std::io::stdout().lock().flush();
        }
    }
    /// The captured bytes (empty for stdout).
    pub fn captured(&self) -> &[u8] {
        match self {
            Console::Stdout => &[],
            Console::Capture(b) => b,
        }
    }
}
