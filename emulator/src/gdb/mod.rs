//! `rvmmu run FILE --gdb PORT`: a GDB remote stub, to debug the guest and
//! its MMU from gdb (`gdb-multiarch`, `target remote :PORT`).
//!
//! The protocol is gdbstub's; this module supplies the target:
//! - registers x0..x31 and pc (read and write), every implemented CSR and
//!   the privilege level (`priv`) through gdb's RISC-V target description
//!   ([`arch`]);
//! - memory through the hart's current data translation, side-effect free
//!   ([`memory`]);
//! - breakpoints (`break`, `hbreak`) without patching memory, watchpoints
//!   (`watch`, `rwatch`, `awatch`) by decoding each instruction before it
//!   runs ([`watch`]); stepping, continuing, range stepping, Ctrl-C,
//!   detach and kill ([`execution`]);
//! - `monitor` commands for the MMU: `pt`, `translate`, `tlb`, `stats`,
//!   `csr` ([`monitor`]).
//!
//! The stub listens on 127.0.0.1 only and serves one connection.

pub mod arch;
pub mod execution;
pub mod memory;
pub mod monitor;
pub mod target;
pub mod watch;

use crate::hart::{Hart, StopReason};
use gdbstub::stub::{DisconnectReason, GdbStub};
use std::net::{Ipv4Addr, TcpListener};
use target::GdbTarget;

/// How a debugging session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEnd {
    /// The guest exited with this code (gdb was told).
    Exited(i32),
    /// gdb detached: the guest should go on running without it.
    Detached,
    /// gdb killed the guest (`kill`).
    Killed,
    /// The host ended the run (`--timeout`, a signal, a closed console).
    Stopped(StopReason),
    /// The connection was lost, or gdb sent something that is not the
    /// remote protocol: why, in words.
    HungUp(String),
}

/// Listens on 127.0.0.1:`port` (0: any free port), prints
/// `rvmmu: waiting for gdb on 127.0.0.1:PORT` on stderr, accepts one
/// connection and serves it until gdb detaches or kills, the guest exits,
/// or the connection breaks. The error is a message for the user (the
/// port cannot be listened on).
pub fn serve(hart: &mut Hart, port: u16) -> Result<SessionEnd, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_or(port, |a| a.port());
    eprintln!("rvmmu: waiting for gdb on 127.0.0.1:{port}");
    let (stream, peer) = listener
        .accept()
        .map_err(|e| format!("waiting for gdb on 127.0.0.1:{port}: {e}"))?;
    // One session: nobody else may connect meanwhile.
    drop(listener);
    log::info!(target: "rvmmu::gdb", "gdb connected from {peer}");
    // A sleeping guest (wfi) must not keep gdb's Ctrl-C waiting.
    hart.set_yield_when_waiting(true);
    let mut target = GdbTarget::new(hart);
    let end = match GdbStub::new(stream).run_blocking::<execution::EventLoop<'_>>(&mut target) {
        Ok(DisconnectReason::TargetExited(_)) => SessionEnd::Exited(target.exit_code.unwrap_or(0)),
        Ok(DisconnectReason::Disconnect) => SessionEnd::Detached,
        Ok(DisconnectReason::TargetTerminated(_)) => match target.host_stop {
            Some(reason) => SessionEnd::Stopped(reason),
            None => SessionEnd::Killed,
        },
        Ok(DisconnectReason::Kill) => SessionEnd::Killed,
        Err(e) => match target.exit_code {
            Some(code) => SessionEnd::Exited(code),
            None => SessionEnd::HungUp(e.to_string()),
        },
    };
    target.hart.set_yield_when_waiting(false);
    Ok(end)
}
