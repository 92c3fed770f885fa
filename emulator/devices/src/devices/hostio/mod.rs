//! `rvmmu,hostio`: a paravirtual MMIO device through which the firmware
//! reaches the host in `rvmmu run`: the program's standard streams (host
//! stdin, stdout, stderr, and a third output channel for the supervisor's
//! own messages) and, with `--root DIR[:rw]`, one host directory (see
//! [`fs`]). It is rvmmu's own design (no spec); the firmware's driver is
//! `firmware/hostio.c`, the protocol is documented in firmware/README.md.
//!
//! Registers (64-bit accesses only, offsets from the base):
//!
//! ```text
//! 0x00  MAGIC   RO  "rvhostio" (0x6f69_7473_6f68_7672)
//! 0x08  OP      WO  writing an operation number runs it at once
//! 0x10  ARG0    RW  ... 0x38 ARG5: the operation's arguments
//! 0x40  RESULT  RO  what the last operation returned (>= 0, or -errno)
//! ```
//!
//! Buffers are guest-physical addresses in RAM; a buffer outside RAM gives
//! -EFAULT. The operation runs synchronously (a read of host stdin blocks
//! the emulator until the host has input or end of file).

pub mod fs;

use crate::devices::console::Console;
use crate::ram::Ram;
use std::io::Write;

/// Size of the register window.
pub const MMIO_SIZE: u64 = 0x1000;
/// The MAGIC register's value: "rvhostio" read as a little-endian u64.
pub const MAGIC: u64 = u64::from_le_bytes(*b"rvhostio");

const REG_MAGIC: u64 = 0x00;
const REG_OP: u64 = 0x08;
const REG_ARG0: u64 = 0x10;
const NARGS: usize = 6;
const REG_RESULT: u64 = 0x40;

/// Operation numbers (the firmware's `hostio.h` has the same list).
pub mod op {
    /// write(stream, pa, len): stream 1 = stdout, 2 = stderr, 3 = the
    /// supervisor's messages (stderr, each line prefixed `rvmmu: `).
    pub const WRITE: u64 = 1;
    /// read(stream 0, pa, len): host stdin; 0 at end of file.
    pub const READ: u64 = 2;
    /// isatty(stream): 1 when the host stream is a terminal.
    pub const ISATTY: u64 = 3;
    /// fstat(stream, pa): the host's stdin, stdout or stderr as a riscv64
    /// `struct stat` (so the guest's stdio buffers as it would on Linux).
    pub const STREAM_STAT: u64 = 4;
    pub use super::fs::op::*;
}

/// Linux errno values returned (negated) in RESULT.
pub mod errno {
    pub const EINTR: i64 = 4;
    pub const EBADF: i64 = 9;
    pub const EFAULT: i64 = 14;
    pub const EINVAL: i64 = 22;
    pub const ENOSYS: i64 = 38;
    pub const EIO: i64 = 5;
}

/// Lines of stream 3 (the supervisor's messages) start with this.
pub const SUPERVISOR_PREFIX: &[u8] = b"rvmmu: ";

/// The device.
#[derive(Debug, Default)]
pub struct HostIo {
    args: [u64; NARGS],
    result: i64,
    /// The host directory of `--root`, if any.
    pub root: Option<fs::HostRoot>,
    /// Stream 3 is at the start of a line (its next byte gets the prefix).
    supervisor_mid_line: bool,
    /// Host stdin reached end of file (later reads return 0 at once).
    stdin_eof: bool,
}

impl HostIo {
    /// A device serving the standard streams and, if given, a host root.
    pub fn new(root: Option<fs::HostRoot>) -> HostIo {
        HostIo {
            root,
            ..HostIo::default()
        }
    }

    /// A register load; `None` (access fault) for a bad offset or width.
    pub fn load(&mut self, off: u64, size: u64) -> Option<u64> {
        if size != 8 {
            return None;
        }
        match off {
            REG_MAGIC => Some(MAGIC),
            REG_RESULT => Some(self.result as u64),
            o if (REG_ARG0..REG_ARG0 + 8 * NARGS as u64).contains(&o) && o.is_multiple_of(8) => {
                Some(self.args[((o - REG_ARG0) / 8) as usize])
            }
            o if o < MMIO_SIZE && o.is_multiple_of(8) => Some(0),
            _ => None,
        }
    }

    /// A register store; writing OP runs the operation.
    pub fn store(
        &mut self,
        off: u64,
        size: u64,
        val: u64,
        ram: &mut Ram,
        console: &mut Console,
    ) -> Option<()> {
        if size != 8 || !off.is_multiple_of(8) || off >= MMIO_SIZE {
            return None;
        }
        if off == REG_OP {
            self.result = self.run(val, ram, console);
        } else if (REG_ARG0..REG_ARG0 + 8 * NARGS as u64).contains(&off) {
            self.args[((off - REG_ARG0) / 8) as usize] = val;
        }
        Some(())
    }

    fn run(&mut self, op: u64, ram: &mut Ram, console: &mut Console) -> i64 {
        let a = self.args;
        match op {
            op::WRITE => {
                let Some(bytes) = usize::try_from(a[2]).ok().and_then(|n| ram.slice(a[1], n))
                else {
                    return -errno::EFAULT;
                };
                self.write(a[0], bytes, console)
            }
            op::READ => {
                if a[0] != 0 {
                    return -errno::EBADF;
                }
                let Some(buf) = usize::try_from(a[2])
                    .ok()
                    .and_then(|n| ram.slice_mut(a[1], n))
                else {
                    return -errno::EFAULT;
                };
                self.read_stdin(buf)
            }
            op::ISATTY => i64::from(is_terminal(a[0])),
            op::STREAM_STAT => match a[0] {
                0..=2 => fs::stat_out(a[0] as i32, ram, a[1]).unwrap_or_else(|e| e),
                _ => -errno::EBADF,
            },
            _ => match &mut self.root {
                Some(root) => root.run(op, &a, ram),
                None => -errno::ENOSYS,
            },
        }
    }

    /// Writes guest bytes to a host stream.
    fn write(&mut self, stream: u64, bytes: &[u8], console: &mut Console) -> i64 {
        match stream {
            1 => {
                for &b in bytes {
                    console.put(b);
                }
            }
            2 => {
                console.flush();
                let mut err = std::io::stderr().lock();
                if err.write_all(bytes).and_then(|()| err.flush()).is_err() {
                    return -errno::EIO;
                }
            }
            3 => {
                console.flush();
                let mut out = Vec::with_capacity(bytes.len() + 16);
                for &b in bytes {
                    if !self.supervisor_mid_line {
                        out.extend_from_slice(SUPERVISOR_PREFIX);
                    }
                    out.push(b);
                    self.supervisor_mid_line = b != b'\n';
                }
                let mut err = std::io::stderr().lock();
                if err.write_all(&out).and_then(|()| err.flush()).is_err() {
                    return -errno::EIO;
                }
            }
            _ => return -errno::EBADF,
        }
        bytes.len() as i64
    }

    /// One read of host stdin (blocking; 0 at end of file). The one place
    /// where `rvmmu run` reads its stdin. While it waits, a stop request
    /// (Ctrl-C, SIGTERM, --timeout) ends the wait: -EINTR, and the run loop
    /// stops at its next check.
    fn read_stdin(&mut self, buf: &mut [u8]) -> i64 {
        if self.stdin_eof || buf.is_empty() {
            return 0;
        }
        while !stdin_ready(STDIN_POLL_MS) {
            if crate::stop::requested().is_some() {
                return -errno::EINTR;
            }
        }
        // Unbuffered (fd 0 itself), so that poll sees every byte not yet read.
        // SAFETY: buf is valid for buf.len() bytes.
        let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
        match n {
            0 => {
                self.stdin_eof = true;
                0
            }
            n if n > 0 => n as i64,
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {
                -errno::EINTR
            }
            _ => -errno::EIO,
        }
    }
}

/// How long one wait for stdin lasts before the stop flag is checked.
const STDIN_POLL_MS: i32 = 100;

/// True when host stdin has input or end of file within `ms`.
fn stdin_ready(ms: i32) -> bool {
    let mut fds = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the call.
    let r = unsafe { libc::poll(&mut fds, 1, ms) };
    // An error other than EINTR (e.g. stdin closed: POLLNVAL) lets read
    // report it.
    r != 0 && !(r < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted)
}

/// True when host stream 0, 1 or 2 is a terminal.
fn is_terminal(stream: u64) -> bool {
    use std::io::IsTerminal;
    match stream {
        0 => std::io::stdin().is_terminal(),
        1 => std::io::stdout().is_terminal(),
        2 => std::io::stderr().is_terminal(),
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn registers_hold_arguments_and_magic() {
        let mut d = HostIo::default();
        let mut ram = Ram::new(0x8000_0000, 0x1000);
        let mut con = Console::Capture(Vec::new());
        assert_eq!(d.load(REG_MAGIC, 8), Some(MAGIC));
        assert_eq!(d.load(REG_MAGIC, 4), None, "64-bit accesses only");
        d.store(REG_ARG0 + 8, 8, 7, &mut ram, &mut con).unwrap();
        assert_eq!(d.load(REG_ARG0 + 8, 8), Some(7));
    }

    #[test]
    fn write_to_stdout_goes_to_the_console_and_bad_buffers_fault() {
        let mut d = HostIo::default();
        let mut ram = Ram::new(0x8000_0000, 0x1000);
        ram.slice_mut(0x8000_0010, 3)
            .unwrap()
            .copy_from_slice(b"hi\n");
        let mut con = Console::Capture(Vec::new());
        for (i, v) in [1u64, 0x8000_0010, 3].iter().enumerate() {
            d.store(REG_ARG0 + 8 * i as u64, 8, *v, &mut ram, &mut con);
        }
        d.store(REG_OP, 8, op::WRITE, &mut ram, &mut con);
        assert_eq!(d.load(REG_RESULT, 8), Some(3));
        assert_eq!(con.captured(), b"hi\n");
        d.store(REG_ARG0 + 8, 8, 0x9000_0000, &mut ram, &mut con);
        d.store(REG_OP, 8, op::WRITE, &mut ram, &mut con);
        assert_eq!(d.load(REG_RESULT, 8), Some(-errno::EFAULT as u64));
        d.store(REG_OP, 8, 99, &mut ram, &mut con);
        assert_eq!(
            d.load(REG_RESULT, 8),
            Some(-errno::ENOSYS as u64),
            "no --root"
        );
    }
}
