//! The hart as a gdbstub target: registers, memory, breakpoints,
//! watchpoints, resume and step requests, monitor commands. Running is in
//! `execution.rs`.

use super::arch::Rv64;
use super::watch::Watchpoint;
use super::{memory, monitor};
use crate::hart::fp::addr as fp_addr;
use crate::hart::{Hart, StopReason};
use gdbstub::common::Signal;
use gdbstub::target::ext::base::single_register_access::{
    SingleRegisterAccess, SingleRegisterAccessOps,
};
use gdbstub::target::ext::base::singlethread::{
    SingleThreadBase, SingleThreadRangeStepping, SingleThreadRangeSteppingOps, SingleThreadResume,
    SingleThreadResumeOps, SingleThreadSingleStep, SingleThreadSingleStepOps,
};
use gdbstub::target::ext::base::BaseOps;
use gdbstub::target::ext::breakpoints::{
    Breakpoints, BreakpointsOps, HwBreakpoint, HwBreakpointOps, HwWatchpoint, HwWatchpointOps,
    SwBreakpoint, SwBreakpointOps, WatchKind,
};
use gdbstub::target::ext::monitor_cmd::{ConsoleOutput, MonitorCmd, MonitorCmdOps};
use gdbstub::target::{Target, TargetError, TargetResult};
use gdbstub_arch::riscv::reg::{id::RiscvRegId, RiscvCoreRegs};
use mmu::Privilege;

/// At most this many breakpoints (software and hardware together).
pub const MAX_BREAKPOINTS: usize = 1024;
/// At most this many watchpoints.
pub const MAX_WATCHPOINTS: usize = 64;
/// EFAULT: the reply to an access of memory that does not translate.
const EFAULT: u8 = 14;

/// What gdb last asked the hart to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Stopped (before the first resume).
    Stopped,
    /// Execute one step: an instruction, or a trap entry.
    Step,
    /// Run until a breakpoint, a watchpoint, an exit or Ctrl-C.
    Continue,
    /// Step while the pc stays in `start..end` (gdb's `next`/`step`).
    Range { start: u64, end: u64 },
}

/// The hart under gdb's control.
#[derive(Debug)]
pub struct GdbTarget<'a> {
    pub hart: &'a mut Hart,
    pub resume: Resume,
    /// Software breakpoints (`Z0`): pcs to stop at. Memory is not patched.
    pub sw_breakpoints: Vec<u64>,
    /// Hardware breakpoints (`Z1`): the same, reported as such.
    pub hw_breakpoints: Vec<u64>,
    pub watchpoints: Vec<Watchpoint>,
    /// The guest's exit code, once it exited.
    pub exit_code: Option<i32>,
    /// Set when the run ended for a reason of the host's (`--timeout`,
    /// a signal, a closed console): the session ends and the run with it.
    pub host_stop: Option<StopReason>,
    /// The (pc, steps) at which a watchpoint hit was last reported.
    pub watch_reported: Option<(u64, u64)>,
}

/// Not a fatal target error: the stub's own failures are reported to gdb
/// as error replies; `Fatal` ends the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fatal {
    /// gdb asked to resume with a signal, which a bare hart cannot take.
    SignalNotSupported,
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::SignalNotSupported => write!(f, "resuming with a signal is not supported"),
        }
    }
}

impl<'a> GdbTarget<'a> {
    pub fn new(hart: &'a mut Hart) -> GdbTarget<'a> {
        GdbTarget {
            hart,
            resume: Resume::Stopped,
            sw_breakpoints: Vec::new(),
            hw_breakpoints: Vec::new(),
            watchpoints: Vec::new(),
            exit_code: None,
            host_stop: None,
            watch_reported: None,
        }
    }

    fn breakpoint_count(&self) -> usize {
        self.sw_breakpoints.len() + self.hw_breakpoints.len()
    }
}

/// Reads CSR `num` as M-mode would, without trapping or side effects on
/// the hart (the privilege is M only for the duration of the read, so the
/// counter enables and mstatus.TVM do not apply). `None` when rvmmu does
/// not implement it.
pub fn read_csr(hart: &mut Hart, num: u16) -> Option<u64> {
    let saved = hart.privilege;
    hart.privilege = Privilege::Machine;
    let v = hart.csr_read(num, 0);
    hart.privilege = saved;
    v.ok()
}

/// Writes CSR `num` through its WARL rules as M-mode would, then puts the
/// hart's privilege back and recomputes its translation contexts.
fn write_csr(hart: &mut Hart, num: u16, value: u64) -> Option<()> {
    // Read-only CSRs (bits 11:10 = 0b11, Privileged 20211203 section 2.1)
    // and unimplemented ones are refused.
    if num >> 10 == 0b11 || read_csr(hart, num).is_none() {
        return None;
    }
    let saved = hart.privilege;
    hart.privilege = Privilege::Machine;
    let r = hart.csr_write(num, value, 0);
    hart.privilege = saved;
    hart.update_contexts();
    hart.request_check();
    r.ok()
}

/// Whether CSR `num` is fflags, frm or fcsr.
fn is_fp_csr(num: u16) -> bool {
    (fp_addr::FFLAGS..=fp_addr::FCSR).contains(&num)
}

impl Target for GdbTarget<'_> {
    type Arch = Rv64;
    type Error = Fatal;

    #[inline(always)]
    fn base_ops(&mut self) -> BaseOps<'_, Self::Arch, Self::Error> {
        BaseOps::SingleThread(self)
    }

    #[inline(always)]
    fn support_breakpoints(&mut self) -> Option<BreakpointsOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_monitor_cmd(&mut self) -> Option<MonitorCmdOps<'_, Self>> {
        Some(self)
    }
}

impl SingleThreadBase for GdbTarget<'_> {
    fn read_registers(&mut self, regs: &mut RiscvCoreRegs<u64>) -> TargetResult<(), Self> {
        regs.x = *self.hart.xregs();
        regs.x[0] = 0;
        regs.pc = self.hart.pc;
        Ok(())
    }

    fn write_registers(&mut self, regs: &RiscvCoreRegs<u64>) -> TargetResult<(), Self> {
        for (r, &v) in regs.x.iter().enumerate().skip(1) {
            self.hart.set_reg(r as u8, v);
        }
        self.hart.pc = regs.pc;
        Ok(())
    }

    #[inline(always)]
    fn support_single_register_access(&mut self) -> Option<SingleRegisterAccessOps<'_, (), Self>> {
        Some(self)
    }

    fn read_addrs(&mut self, start_addr: u64, data: &mut [u8]) -> TargetResult<usize, Self> {
        match memory::read(self.hart, start_addr, data) {
            0 if !data.is_empty() => Err(TargetError::Errno(EFAULT)),
            n => Ok(n),
        }
    }

    fn write_addrs(&mut self, start_addr: u64, data: &[u8]) -> TargetResult<(), Self> {
        memory::write(self.hart, start_addr, data).map_err(|_| TargetError::Errno(EFAULT))
    }

    #[inline(always)]
    fn support_resume(&mut self) -> Option<SingleThreadResumeOps<'_, Self>> {
        Some(self)
    }
}

impl SingleRegisterAccess<()> for GdbTarget<'_> {
    fn read_register(
        &mut self,
        _tid: (),
        reg: RiscvRegId<u64>,
        buf: &mut [u8],
    ) -> TargetResult<usize, Self> {
        let value = match reg {
            RiscvRegId::Gpr(r) => self.hart.reg(r),
            RiscvRegId::Pc => self.hart.pc,
            // The FP state is readable whatever mstatus.FS is.
            RiscvRegId::Fpr(r) => self.hart.freg(r),
            RiscvRegId::Csr(n) if is_fp_csr(n) => self.hart.fp.csr(n),
            RiscvRegId::Csr(n) => read_csr(self.hart, n).ok_or(TargetError::NonFatal)?,
            RiscvRegId::Priv => self.hart.privilege as u64,
            _ => return Err(TargetError::NonFatal),
        };
        // `buf` has the register's size: 8 bytes, 1 for `priv`.
        let mut n = 0;
        for (dst, src) in buf.iter_mut().zip(value.to_le_bytes()) {
            *dst = src;
            n += 1;
        }
        Ok(n)
    }

    fn write_register(
        &mut self,
        _tid: (),
        reg: RiscvRegId<u64>,
        val: &[u8],
    ) -> TargetResult<(), Self> {
        let mut bytes = [0u8; 8];
        bytes
            .get_mut(..val.len())
            .ok_or(TargetError::NonFatal)?
            .copy_from_slice(val);
        let value = u64::from_le_bytes(bytes);
        match reg {
            RiscvRegId::Gpr(r) => self.hart.set_reg(r, value),
            RiscvRegId::Pc => self.hart.pc = value,
            RiscvRegId::Fpr(r) => self.hart.debug_write_freg(r, value),
            RiscvRegId::Csr(n) if is_fp_csr(n) => self.hart.debug_write_fp_csr(n, value),
            RiscvRegId::Csr(n) => write_csr(self.hart, n, value).ok_or(TargetError::NonFatal)?,
            RiscvRegId::Priv => {
                // Only the three implemented levels; 2 is reserved.
                let p = match value {
                    0 => Privilege::User,
                    1 => Privilege::Supervisor,
                    3 => Privilege::Machine,
                    _ => return Err(TargetError::NonFatal),
                };
                self.hart.privilege = p;
                self.hart.clear_reservation();
                self.hart.update_contexts();
                self.hart.request_check();
            }
            _ => return Err(TargetError::NonFatal),
        }
        Ok(())
    }
}

impl SingleThreadResume for GdbTarget<'_> {
    fn resume(&mut self, signal: Option<Signal>) -> Result<(), Self::Error> {
        if signal.is_some() {
            return Err(Fatal::SignalNotSupported);
        }
        self.resume = Resume::Continue;
        Ok(())
    }

    #[inline(always)]
    fn support_single_step(&mut self) -> Option<SingleThreadSingleStepOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_range_step(&mut self) -> Option<SingleThreadRangeSteppingOps<'_, Self>> {
        Some(self)
    }
}

impl SingleThreadSingleStep for GdbTarget<'_> {
    fn step(&mut self, signal: Option<Signal>) -> Result<(), Self::Error> {
        if signal.is_some() {
            return Err(Fatal::SignalNotSupported);
        }
        self.resume = Resume::Step;
        Ok(())
    }
}

impl SingleThreadRangeStepping for GdbTarget<'_> {
    fn resume_range_step(&mut self, start: u64, end: u64) -> Result<(), Self::Error> {
        self.resume = Resume::Range { start, end };
        Ok(())
    }
}

impl Breakpoints for GdbTarget<'_> {
    #[inline(always)]
    fn support_sw_breakpoint(&mut self) -> Option<SwBreakpointOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_hw_breakpoint(&mut self) -> Option<HwBreakpointOps<'_, Self>> {
        Some(self)
    }

    #[inline(always)]
    fn support_hw_watchpoint(&mut self) -> Option<HwWatchpointOps<'_, Self>> {
        Some(self)
    }
}

/// Adds `addr` to `list` unless it is there or the limit is reached.
fn add_breakpoint(list: &mut Vec<u64>, total: usize, addr: u64) -> bool {
    if list.contains(&addr) {
        return true;
    }
    if total >= MAX_BREAKPOINTS {
        return false;
    }
    list.push(addr);
    true
}

/// Removes `addr` from `list`; whether it was there.
fn remove_breakpoint(list: &mut Vec<u64>, addr: u64) -> bool {
    let before = list.len();
    list.retain(|&a| a != addr);
    list.len() != before
}

impl SwBreakpoint for GdbTarget<'_> {
    fn add_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        let total = self.breakpoint_count();
        Ok(add_breakpoint(&mut self.sw_breakpoints, total, addr))
    }

    fn remove_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        Ok(remove_breakpoint(&mut self.sw_breakpoints, addr))
    }
}

impl HwBreakpoint for GdbTarget<'_> {
    fn add_hw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        let total = self.breakpoint_count();
        Ok(add_breakpoint(&mut self.hw_breakpoints, total, addr))
    }

    fn remove_hw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        Ok(remove_breakpoint(&mut self.hw_breakpoints, addr))
    }
}

impl HwWatchpoint for GdbTarget<'_> {
    fn add_hw_watchpoint(
        &mut self,
        addr: u64,
        len: u64,
        kind: WatchKind,
    ) -> TargetResult<bool, Self> {
        if len == 0 || self.watchpoints.len() >= MAX_WATCHPOINTS {
            return Ok(false);
        }
        self.watchpoints.push(Watchpoint { addr, len, kind });
        Ok(true)
    }

    fn remove_hw_watchpoint(
        &mut self,
        addr: u64,
        len: u64,
        kind: WatchKind,
    ) -> TargetResult<bool, Self> {
        let w = Watchpoint { addr, len, kind };
        match self.watchpoints.iter().position(|x| *x == w) {
            Some(i) => {
                self.watchpoints.remove(i);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

impl MonitorCmd for GdbTarget<'_> {
    fn handle_monitor_cmd(
        &mut self,
        cmd: &[u8],
        mut out: ConsoleOutput<'_>,
    ) -> Result<(), Self::Error> {
        let text = match std::str::from_utf8(cmd) {
            Ok(t) => match monitor::parse(t) {
                Ok(c) => monitor::execute(c, self.hart),
                Err(msg) => format!("{msg}\n"),
            },
            Err(_) => "monitor commands are ASCII text\n".to_string(),
        };
        // One console packet per line keeps every packet small.
        for line in text.split_inclusive('\n') {
            out.write_raw(line.as_bytes());
            out.flush();
        }
        Ok(())
    }
}
