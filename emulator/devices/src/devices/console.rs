//! Where guest console output (UART, HTIF putchar) goes.

use std::io::Write;

/// The console sink: the host's stdout, or a buffer (for the test runner).
#[derive(Debug, Default)]
pub enum Console {
    #[default]
    Stdout,
    Capture(Vec<u8>),
    /// Writing to stdout failed (e.g. EPIPE: the reader of a pipe is gone):
    /// further output is dropped and the run loop ends the run.
    Closed(std::io::ErrorKind),
}

impl Console {
    /// Emits one byte of guest output.
    pub fn put(&mut self, b: u8) {
        match self {
            Console::Stdout => {
                let mut out = std::io::stdout().lock();
                let mut r = out.write_all(&[b]);
                if b == b'\n' && r.is_ok() {
                    r = out.flush();
                }
                if let Err(e) = r {
                    // Not a crash (SIGPIPE is ignored): the run ends.
                    *self = Console::Closed(e.kind());
                }
            }
            Console::Capture(buf) => buf.push(b),
            Console::Closed(_) => {}
        }
    }
    /// Flushes stdout (at exit).
    pub fn flush(&mut self) {
        if let Console::Stdout = self {
            if let Err(e) = std::io::stdout().lock().flush() {
                *self = Console::Closed(e.kind());
            }
        }
    }
    /// True when output could not be written.
    #[inline]
    pub fn is_closed(&self) -> bool {
        matches!(self, Console::Closed(_))
    }
    /// The captured bytes (empty for stdout).
    pub fn captured(&self) -> &[u8] {
        match self {
            Console::Stdout | Console::Closed(_) => &[],
            Console::Capture(b) => b,
        }
    }
}
