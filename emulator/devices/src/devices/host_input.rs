//! Guest console input from the host: a reader thread on host stdin feeds
//! a queue that the UART's receive FIFO drains ([`super::uart`]).
//!
//! The thread starts only when the guest first consumes console input
//! (reads the UART's RBR or enables its receive interrupt), so programs
//! that never read (the riscv-tests, most user programs) leave stdin and
//! the terminal alone. When stdin is a terminal it is put in raw mode
//! ([`super::terminal`]) and the QEMU escapes apply: Ctrl-A X ends the run
//! (exit status `emulator::exit_status::CONSOLE_QUIT`), Ctrl-A A (or Ctrl-A
//! Ctrl-A) sends a literal Ctrl-A, Ctrl-A H prints them. Piped stdin is
//! passed through unchanged; its end (EOF) means no more input.
//!
//! The queue holds at most [`QUEUE_LIMIT`] bytes: the reader waits while it
//! is full (the guest is not reading), so a large piped file is not loaded
//! into memory.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// Ctrl-A, the escape character (as QEMU's `-nographic` console).
pub const ESCAPE: u8 = 0x01;
/// Bytes buffered between the reader and the guest.
pub const QUEUE_LIMIT: usize = 4096;

/// What the reader thread and the hart share.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    /// Signalled when bytes arrive, at EOF, on Ctrl-A X (the hart may be
    /// waiting), and when the guest drains the queue (the reader may be).
    changed: Condvar,
    /// Bytes are queued: read without the lock at every poll.
    ready: AtomicBool,
}

#[derive(Debug, Default)]
struct State {
    bytes: VecDeque<u8>,
    /// No more input will come (EOF or a read error).
    closed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Where input comes from.
#[derive(Debug)]
enum Source {
    /// Host stdin, read once the guest asks for input.
    Stdin,
    /// A test's reader, started at once.
    Started,
}

/// The host side of the console input.
#[derive(Debug)]
pub struct HostInput {
    shared: Arc<Shared>,
    source: Source,
    started: bool,
}

impl HostInput {
    /// Input from host stdin, read from the first time the guest consumes
    /// console input.
    pub fn stdin() -> HostInput {
        HostInput {
            shared: Arc::default(),
            source: Source::Stdin,
            started: false,
        }
    }

    /// Input from `reader` (a test's bytes), read by a thread at once with
    /// no escapes and no terminal handling.
    pub fn from_reader(reader: impl Read + Send + 'static) -> HostInput {
        let shared = Arc::<Shared>::default();
        let s = Arc::clone(&shared);
        std::thread::spawn(move || read_loop(reader, &s, false));
        HostInput {
            shared,
            source: Source::Started,
            started: true,
        }
    }

    /// Starts reading (once): the guest consumes console input.
    pub fn start(&mut self) {
        if self.started {
            return;
        }
        self.started = true;
        if let Source::Stdin = self.source {
            let interactive = super::terminal::enter_raw_mode();
            let s = Arc::clone(&self.shared);
            let spawned = std::thread::Builder::new()
                .name("stdin".into())
                .spawn(move || read_loop(std::io::stdin().lock(), &s, interactive));
            if let Err(e) = spawned {
                log::warn!("console input: cannot start the stdin reader: {e}");
                super::terminal::restore();
                self.shared.lock().closed = true;
            }
        }
    }

    /// Whether bytes are waiting (no lock; may be a moment late).
    #[inline]
    pub fn has_bytes(&self) -> bool {
        self.shared.ready.load(Ordering::Acquire)
    }

    /// Whether input may still arrive: the reader has started (or will,
    /// when the guest asks) and has not reached EOF.
    pub fn may_arrive(&self) -> bool {
        !self.started || !self.shared.lock().closed || self.has_bytes()
    }

    /// Moves up to `room` queued bytes into `sink`.
    pub fn drain(&mut self, room: usize, mut sink: impl FnMut(u8)) {
        if room == 0 || !self.has_bytes() {
            return;
        }
        let mut st = self.shared.lock();
        for _ in 0..room {
            match st.bytes.pop_front() {
                Some(b) => sink(b),
                None => break,
            }
        }
        self.shared
            .ready
            .store(!st.bytes.is_empty(), Ordering::Release);
        drop(st);
        // The reader may be waiting for room.
        self.shared.changed.notify_all();
    }

    /// Waits up to `timeout` for input (returns early when bytes arrive,
    /// at EOF and on Ctrl-A X). Without a started reader it just sleeps.
    pub fn wait(&self, timeout: Duration) {
        let st = self.shared.lock();
        if !st.bytes.is_empty() || (self.started && st.closed) {
            return;
        }
        if !self.started {
            drop(st);
            std::thread::sleep(timeout);
            return;
        }
        let _ = self.shared.changed.wait_timeout(st, timeout);
    }
}

impl Drop for HostInput {
    /// The run is over: the terminal leaves raw mode (the reader thread,
    /// blocked in `read`, ends with the process).
    fn drop(&mut self) {
        if self.started {
            if let Source::Stdin = self.source {
                super::terminal::restore();
            }
        }
    }
}

/// What the escape state machine makes of one input byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Pass this byte to the guest.
    Byte(u8),
    /// Ctrl-A X: end the run.
    Quit,
    /// Ctrl-A H: print the escapes.
    Help,
    /// Swallowed (the escape itself, or an unknown escape).
    Nothing,
}

/// QEMU's console escapes: Ctrl-A starts one; the next byte decides.
fn escape(pending: &mut bool, b: u8) -> Key {
    if std::mem::take(pending) {
        return match b {
            ESCAPE | b'a' | b'A' => Key::Byte(ESCAPE),
            b'x' | b'X' => Key::Quit,
            b'h' | b'H' | b'?' => Key::Help,
            _ => Key::Nothing,
        };
    }
    if b == ESCAPE {
        *pending = true;
        return Key::Nothing;
    }
    Key::Byte(b)
}

const HELP: &str = "\r\nrvmmu console escapes:\r\n  Ctrl-A X  end the run\r\n  Ctrl-A A  send Ctrl-A\r\n  Ctrl-A H  this help\r\n";

/// The reader thread: bytes into the queue until EOF; with `escapes`
/// (a terminal) Ctrl-A sequences are interpreted.
fn read_loop(mut reader: impl Read, shared: &Shared, escapes: bool) {
    let mut buf = [0u8; 256];
    let mut pending = false;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                log::warn!("console input: reading stdin failed: {e}");
                break;
            }
        };
        for &b in buf.iter().take(n) {
            let key = if escapes {
                escape(&mut pending, b)
            } else {
                Key::Byte(b)
            };
            match key {
                Key::Byte(b) => push(shared, b),
                Key::Quit => {
                    crate::stop::request(crate::stop::HostStop::ConsoleQuit);
                    shared.changed.notify_all();
                    return;
                }
                Key::Help => eprint!("{HELP}"),
                Key::Nothing => {}
            }
        }
    }
    shared.lock().closed = true;
    shared.changed.notify_all();
}

/// Queues one byte, waiting while the queue is full.
fn push(shared: &Shared, b: u8) {
    let mut st = shared.lock();
    while st.bytes.len() >= QUEUE_LIMIT {
        st = shared
            .changed
            .wait_timeout(st, Duration::from_millis(100))
            .map(|(g, _)| g)
            .unwrap_or_else(|p| p.into_inner().0);
    }
    st.bytes.push_back(b);
    shared.ready.store(true, Ordering::Release);
    drop(st);
    shared.changed.notify_all();
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_work_like_qemus() {
        // (input, what reaches the guest, quit seen)
        let cases: [(&[u8], &[u8], bool); 6] = [
            (b"ab", b"ab", false),
            (b"\x01a", b"\x01", false),
            (b"\x01A\x01\x01", b"\x01\x01", false),
            (b"x\x01z y", b"x y", false),
            (b"hi\x01xrest", b"hi", true),
            (b"\x01X", b"", true),
        ];
        for (input, want, quit) in cases {
            let mut pending = false;
            let mut got = Vec::new();
            let mut quitted = false;
            for &b in input {
                match escape(&mut pending, b) {
                    Key::Byte(b) => got.push(b),
                    Key::Quit => {
                        quitted = true;
                        break;
                    }
                    Key::Help | Key::Nothing => {}
                }
            }
            assert_eq!((&got[..], quitted), (want, quit), "{input:?}");
        }
    }

    #[test]
    fn a_reader_feeds_the_queue_until_eof() {
        let data: Vec<u8> = (0..10_000u32).map(|i| i as u8).collect();
        let mut input = HostInput::from_reader(std::io::Cursor::new(data.clone()));
        let mut got = Vec::new();
        for _ in 0..10_000 {
            input.wait(Duration::from_millis(100));
            input.drain(16, |b| got.push(b));
            if got.len() == data.len() && !input.may_arrive() {
                break;
            }
        }
        assert_eq!(got, data);
        assert!(!input.may_arrive(), "EOF: no more input");
    }

    #[test]
    fn stdin_is_not_touched_before_the_guest_asks() {
        let input = HostInput::stdin();
        assert!(!input.has_bytes());
        assert!(input.may_arrive());
    }
}
