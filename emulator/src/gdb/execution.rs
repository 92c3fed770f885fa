//! Running the hart for gdb: fast while nothing is watched, one step at a
//! time while breakpoints, watchpoints or a range step are active, with a
//! look at the connection (Ctrl-C) every so often.

use super::target::{GdbTarget, Resume};
use super::{memory, watch};
use crate::hart::{StopReason, TraceMode};
use crate::isa::decode;
use gdbstub::common::Signal;
use gdbstub::conn::{Connection, ConnectionExt};
use gdbstub::stub::run_blocking::{BlockingEventLoop, Event, WaitForStopReasonError};
use gdbstub::stub::SingleThreadStopReason;
use gdbstub::target::Target;
use std::net::TcpStream;

/// Steps run at full speed between two looks at the connection when no
/// breakpoint or watchpoint is set (a few milliseconds).
const FAST_CHUNK: u64 = 1 << 20;
/// Single steps between two looks at the connection otherwise.
const STEP_CHUNK: u32 = 1 << 12;

type Stop = SingleThreadStopReason<u64>;

/// Why a run returned to the protocol loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEvent {
    /// gdb sent something (usually Ctrl-C).
    IncomingData,
    Stopped(Stop),
}

impl GdbTarget<'_> {
    /// Runs as gdb last asked until something to report happens. Polls
    /// `incoming` between chunks of execution.
    pub fn run_until_event(&mut self, mut incoming: impl FnMut() -> bool) -> RunEvent {
        match self.resume {
            Resume::Stopped => RunEvent::Stopped(Stop::Signal(Signal::SIGTRAP)),
            Resume::Step => RunEvent::Stopped(self.step_watched().unwrap_or(Stop::DoneStep)),
            Resume::Continue | Resume::Range { .. } => self.run_continue(&mut incoming),
        }
    }

    /// Whether the run must go one step at a time.
    fn stepping(&self) -> bool {
        !self.sw_breakpoints.is_empty()
            || !self.hw_breakpoints.is_empty()
            || !self.watchpoints.is_empty()
            || matches!(self.resume, Resume::Range { .. })
    }

    fn run_continue(&mut self, incoming: &mut impl FnMut() -> bool) -> RunEvent {
        // The instruction at the resume pc runs even if a breakpoint is set
        // there: gdb resumes from a breakpoint it has just reported.
        let mut first = true;
        loop {
            if self.stepping() {
                for _ in 0..STEP_CHUNK {
                    if !first {
                        if let Some(stop) = self.breakpoint_at_pc() {
                            return RunEvent::Stopped(stop);
                        }
                    }
                    first = false;
                    if let Some(stop) = self.step_watched() {
                        return RunEvent::Stopped(stop);
                    }
                    if let Resume::Range { start, end } = self.resume {
                        if !(start..end).contains(&self.hart.pc) {
                            return RunEvent::Stopped(Stop::DoneStep);
                        }
                    }
                }
            } else {
                first = false;
                let reason = self.hart.run(FAST_CHUNK, TraceMode::Off);
                if let Some(stop) = self.stop_of(reason) {
                    return RunEvent::Stopped(stop);
                }
            }
            if incoming() {
                return RunEvent::IncomingData;
            }
        }
    }

    /// The breakpoint at the pc, if any.
    fn breakpoint_at_pc(&self) -> Option<Stop> {
        let pc = self.hart.pc;
        if self.sw_breakpoints.contains(&pc) {
            Some(Stop::SwBreak(()))
        } else if self.hw_breakpoints.contains(&pc) {
            Some(Stop::HwBreak(()))
        } else {
            None
        }
    }

    /// Executes one step (an instruction or a trap entry), unless the
    /// instruction at the pc is about to access a watched range: that is
    /// reported before it executes, as RISC-V triggers with timing =
    /// "before" do and as gdb expects on RISC-V (a "non-steppable"
    /// watchpoint: gdb removes it, steps over the instruction and compares
    /// the value itself). A hit is reported once: resumed in the same state,
    /// the instruction runs.
    fn step_watched(&mut self) -> Option<Stop> {
        let here = (self.hart.pc, self.hart.steps());
        if !self.watchpoints.is_empty() && self.watch_reported != Some(here) {
            let access = memory::fetch_bits(self.hart, self.hart.pc)
                .and_then(|bits| watch::data_access(&decode(bits), self.hart.xregs()));
            if let Some(access) = access {
                if let Some(w) = self.watchpoints.iter().find(|w| w.triggered_by(&access)) {
                    self.watch_reported = Some(here);
                    return Some(Stop::Watch {
                        tid: (),
                        kind: w.kind,
                        addr: w.hit_address(&access),
                    });
                }
            }
        }
        let reason = self.hart.run(1, TraceMode::Off);
        self.stop_of(reason)
    }

    /// What gdb is told when [`crate::hart::Hart::run`] stopped for a
    /// reason of its own; `None` when it only used up its steps.
    fn stop_of(&mut self, reason: StopReason) -> Option<Stop> {
        match reason {
            StopReason::InsnLimit => None,
            StopReason::Exit(code) => {
                self.exit_code = Some(code);
                Some(Stop::Exited(crate::exit_status::guest(code)))
            }
            StopReason::WaitForever => {
                eprintln!(
                    "rvmmu: pc {:#x}: wfi with no interrupt that can ever arrive; reported to gdb as SIGSTOP",
                    self.hart.pc
                );
                Some(Stop::Signal(Signal::SIGSTOP))
            }
            StopReason::Host(_) | StopReason::ConsoleClosed | StopReason::Reboot => {
                self.host_stop = Some(reason);
                Some(Stop::Terminated(Signal::SIGKILL))
            }
        }
    }
}

/// gdbstub's blocking event loop over a TCP connection.
#[derive(Debug)]
pub enum EventLoop<'a> {
    #[doc(hidden)]
    _Unused(std::marker::PhantomData<&'a ()>),
}

impl<'a> BlockingEventLoop for EventLoop<'a> {
    type Target = GdbTarget<'a>;
    type Connection = TcpStream;
    type StopReason = Stop;

    #[allow(clippy::type_complexity)]
    fn wait_for_stop_reason(
        target: &mut GdbTarget<'a>,
        conn: &mut TcpStream,
    ) -> Result<
        Event<Stop>,
        WaitForStopReasonError<
            <Self::Target as Target>::Error,
            <Self::Connection as Connection>::Error,
        >,
    > {
        // A failing peek counts as data, so that the read reports the error.
        let event = target.run_until_event(|| conn.peek().map_or(true, |b| b.is_some()));
        match event {
            RunEvent::IncomingData => {
                let byte = conn.read().map_err(WaitForStopReasonError::Connection)?;
                Ok(Event::IncomingData(byte))
            }
            RunEvent::Stopped(stop) => Ok(Event::TargetStopped(stop)),
        }
    }

    fn on_interrupt(
        _target: &mut GdbTarget<'a>,
    ) -> Result<Option<Stop>, <GdbTarget<'a> as Target>::Error> {
        // The hart only runs inside `wait_for_stop_reason`: it is stopped.
        Ok(Some(Stop::Signal(Signal::SIGINT)))
    }
}
