//! The run loop: fetch, decode (cached), execute, and between instructions
//! interrupts, timers and device events.
//!
//! The loop's only per-instruction bookkeeping is one compare,
//! `retired >= next_check`; everything that can change what happens
//! between instructions (a CSR write to mstatus/mie/mip, a trap, a device
//! store, the timer deadline, the instruction limit) lowers `next_check`.

use super::csr::{IRQ_MEI, IRQ_MTI, IRQ_SEI, IRQ_STI, MENVCFG_STCE};
use super::hyper::IRQ_VSTI;
use super::time::{TimeSource, INSNS_PER_TICK};
use super::Hart;
use crate::bus::MachineEvent;
use crate::debug::filter::TraceFilter;
use crate::debug::DebugSession;
use crate::stop::HostStop;

/// Why [`Hart::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The guest asked to stop (HTIF exit, the test finisher) with this code.
    Exit(i32),
    /// The instruction limit was reached (retired instructions plus traps),
    /// or, with [`Hart::set_yield_when_waiting`], a host wait slice of a
    /// `wfi` ended.
    InsnLimit,
    /// The hart executed `wfi` with no interrupt pending and none that can
    /// ever arrive (no timer armed and enabled in mie, and no external
    /// interrupt enabled while host input may still arrive): it would sleep
    /// forever.
    WaitForever,
    /// The host asked the run to end (`--timeout`, SIGINT, SIGTERM; see
    /// [`crate::stop`]).
    Host(HostStop),
    /// Guest console output could not be written (e.g. stdout is a closed
    /// pipe): [`crate::devices::console::Console::Closed`] says why.
    ConsoleClosed,
    /// The guest asked for a reboot ([`MachineEvent::Reboot`]).
    Reboot,
}

/// How [`Hart::run`] reports each retired instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TraceMode {
    /// Nothing (the fast loop).
    #[default]
    Off,
    /// Every retired instruction that passes the filter, at `log` info
    /// level, target `rvmmu::trace`: the privilege it ran in, pc,
    /// instruction bits, disassembly, register written.
    Instructions(TraceFilter),
}

/// How often the loop looks at a lone HTIF low-word store, at most.
const POLL_INTERVAL: u64 = 1 << 16;

impl Hart {
    /// Runs until the guest exits or `max_insns` steps (retired
    /// instructions plus traps taken) have happened in this call.
    pub fn run(&mut self, max_insns: u64, trace: TraceMode) -> StopReason {
        let limit = self.steps().saturating_add(max_insns);
        self.bus.watch_devices();
        self.notice_new_flags();
        self.request_check();
        let stop = match trace {
            TraceMode::Off => self.run_loop::<false>(limit, &TraceFilter::default()),
            TraceMode::Instructions(filter) => self.run_loop::<true>(limit, &filter),
        };
        self.fold_jit_hits();
        stop
    }

    /// Retired instructions plus traps taken.
    #[inline]
    pub fn steps(&self) -> u64 {
        self.retired.wrapping_add(self.traps)
    }

    fn run_loop<const TRACE: bool>(&mut self, limit: u64, filter: &TraceFilter) -> StopReason {
        loop {
            if self.retired >= self.next_check {
                if let Some(stop) = self.check_point(limit) {
                    return stop;
                }
            }
            // The compiling tier (`jit_bridge.rs`): never under --trace.
            if !TRACE && self.jit.mode.enabled() {
                self.run_block_jit();
            } else {
                self.run_block::<TRACE>(filter);
            }
        }
    }

    /// Runs instructions until `retired` reaches `next_check`. The pc, the
    /// retired count and the arena index `k` of the current instruction in
    /// the decoded-block cache (`blocks.rs`) are kept in locals meanwhile
    /// (`exec_at` syncs the first two for the CSR and privileged
    /// instructions). A trapping instruction returns its own pc, stashes
    /// the trap in `pending_trap` and lowers `next_check`, so the block
    /// ends and the trap is taken after the loop: the per-instruction path
    /// has no trap test.
    ///
    /// With `TRACE`, each retired instruction that passes `filter` is
    /// logged with the privilege it ran in (read before it executes: an
    /// xRET changes it).
    #[inline(always)]
    fn run_block<const TRACE: bool>(&mut self, filter: &TraceFilter) {
        let mut pc = self.pc;
        let mut retired = self.retired;
        let mut k = self.block_at(pc);
        while retired < self.next_check {
            let mut i = self.blocks.instr(k);
            if TRACE && i.len == 0 {
                // Enter the block here, so that the trace shows the
                // instruction that runs, not the chain entry.
                k = match self.enter_block(pc) {
                    Ok(k) => k,
                    Err(t) => {
                        self.retired = retired;
                        self.take_exception(t, pc);
                        pc = self.pc;
                        k = self.block_at(pc);
                        continue;
                    }
                };
                i = self.blocks.instr(k);
            }
            let ran_in = self.privilege;
            let next = self.exec_at::<true>(i, pc, retired, &mut k);
            // A trap set `pending_trap` and `next_check = 0`: it is taken
            // below, after the loop ends.
            if TRACE && self.pending_trap.is_none() && filter.accepts_at(pc, ran_in) {
                self.trace_retired(pc, i, ran_in);
            }
            pc = next;
            retired += 1;
        }
        self.end_block(pc, retired);
    }

    /// After the run loop's block: takes the trap stashed by the
    /// instruction at `pc` if any (it did not retire: `retired` counted
    /// it), and stores the pc and the retired count.
    #[inline(always)]
    pub(super) fn end_block(&mut self, mut pc: u64, mut retired: u64) {
        if let Some(t) = self.pending_trap.take() {
            // The trapping instruction did not retire.
            retired -= 1;
            self.retired = retired;
            self.take_exception(t, pc);
            pc = self.pc;
        }
        self.pc = pc;
        self.retired = retired;
    }

    /// Runs like [`Hart::run`] with the debugging options of `dbg`
    /// (`--trace-mmu`, `--explain-faults`, `--dump-pt=on-fault`,
    /// `--stats-every`, `--log-commits`, and `--trace`): a separate loop
    /// that executes one instruction at a time and calls the session's hooks
    /// around it, so the fast loop of [`Hart::run`] is unchanged.
    pub fn run_debug(&mut self, max_insns: u64, dbg: &mut DebugSession) -> StopReason {
        let limit = self.steps().saturating_add(max_insns);
        self.bus.watch_devices();
        self.notice_new_flags();
        self.request_check();
        dbg.attach(self);
        loop {
            if self.retired >= self.next_check {
                if let Some(stop) = self.check_point(limit) {
                    return stop;
                }
            }
            self.step_debug(dbg);
            dbg.tick(self);
        }
    }

    /// One instruction (or the trap it raises) under the debug hooks. The
    /// walk of the fetch and the walk of the data access are printed
    /// separately; a fault is explained before trap entry changes the state
    /// it depends on.
    #[inline(never)]
    fn step_debug(&mut self, dbg: &mut DebugSession) {
        let pc = self.pc;
        // Forget faults from before this instruction (gdb, earlier traps).
        self.mmu.take_last_fault();
        self.take_last_pmp_fault();
        let fetched = self.fetch_decoded(pc);
        dbg.walks(self);
        let i = match fetched {
            Ok(i) => i,
            Err(t) => {
                dbg.exception(self, t, pc, None);
                self.take_exception(t, pc);
                return;
            }
        };
        let pending = dbg
            .wants_commits()
            .then(|| crate::debug::commit_log::Pending::before(self, pc, i));
        let mut k = super::blocks::CHAIN;
        let ran_in = self.privilege;
        let r = self.exec_result::<false>(i, pc, self.retired, &mut k);
        dbg.walks(self);
        match r {
            Ok(next) => {
                self.pc = next;
                self.retired += 1;
                if let Some(filter) = dbg.options.trace_insns {
                    if filter.accepts_at(pc, ran_in) {
                        self.trace_retired(pc, i, ran_in);
                    }
                }
                if let Some(p) = pending {
                    dbg.retired(self, &p);
                }
            }
            Err(t) => {
                dbg.exception(self, t, pc, Some(i));
                self.take_exception(t, pc);
            }
        }
    }

    /// Logs one retired instruction; `ran_in` is the privilege it executed
    /// in (not the one after it, which an xRET changes).
    #[cold]
    fn trace_retired(&self, pc: u64, i: crate::isa::Instr, ran_in: mmu::Privilege) {
        let rd = match i.op {
            crate::isa::Op::Illegal => 0,
            // The sink of a block's writes to x0 (`blocks.rs`).
            _ if i.rd >= super::X_SINK => 0,
            _ => i.rd,
        };
        let written = if crate::isa::disasm_fp::writes_fp_reg(i.op) {
            format!(" f{}={:#018x}", i.rd, self.freg(i.rd))
        } else if rd != 0 {
            format!(" x{rd}={:#018x}", self.reg(rd))
        } else {
            String::new()
        };
        let bits = if i.len == 2 {
            format!("{:04x}", i.raw)
        } else {
            format!("{:08x}", i.raw)
        };
        log::info!(
            target: "rvmmu::trace",
            "{} {pc:016x} ({bits}) {}{written}",
            ran_in.letter(),
            crate::isa::disasm::disasm_at(&i, pc)
        );
    }

    /// Between instructions: device events, the limit, interrupts, `wfi`.
    /// Returns `Some` when the run must stop; otherwise schedules the next
    /// check.
    #[cold]
    fn check_point(&mut self, limit: u64) -> Option<StopReason> {
        loop {
            if self.bus.htif.is_pending() {
                self.bus.poll_htif();
            }
            // Host console input, the RTC alarm (cheap when idle).
            self.bus.poll_devices();
            if self.bus.event == Some(MachineEvent::Reboot) {
                self.bus.event = None;
                return Some(StopReason::Reboot);
            }
            if let Some(MachineEvent::Exit(code)) = self.bus.event.take() {
                return Some(StopReason::Exit(code));
            }
            if let Some(why) = crate::stop::requested() {
                return Some(StopReason::Host(why));
            }
            if self.bus.console.is_closed() {
                return Some(StopReason::ConsoleClosed);
            }
            if self.steps() >= limit {
                return Some(StopReason::InsnLimit);
            }
            if self.waiting {
                self.sync_time();
            } else {
                self.sync_time_at_check_point();
            }
            if let Some(irq) = self.pending_interrupt() {
                self.waiting = false;
                self.take_interrupt(irq);
                continue;
            }
            if self.waiting {
                // wfi resumes when any interrupt is pending in mip & mie,
                // whatever the global enables (section 3.3.3).
                if self.mip() & self.csr.mie != 0 {
                    self.waiting = false;
                    continue;
                }
                let deadline = self.timer_deadline();
                // A device can wake the hart only with host input to come.
                let external =
                    self.csr.mie & (IRQ_MEI | IRQ_SEI) != 0 && self.bus.device_may_interrupt();
                match (self.config.time, deadline) {
                    // Nothing can wake the hart.
                    (_, None) if !external => return Some(StopReason::WaitForever),
                    // Icount: time jumps to the deadline; minstret stays.
                    (TimeSource::Icount, Some(d)) => self.skip_to(d),
                    // Only a device can wake the hart: time stands still
                    // under Icount.
                    (TimeSource::Icount, None) => {
                        self.bus.wait_for_host_input(super::time::WAIT_SLICE)
                    }
                    // Host: sleep until the deadline or host input.
                    (TimeSource::Host, d) => self.wait_host(d),
                }
                if self.yield_when_waiting
                    && (self.config.time == TimeSource::Host || deadline.is_none())
                {
                    return Some(StopReason::InsnLimit);
                }
                continue;
            }
            break;
        }
        // A device may have written a page holding decoded code.
        self.notice_code_writes();
        self.jit_install_ready();
        // Next look: the limit, the timer deadline (exact under Icount; under
        // Host the poll interval bounds the latency), or the poll interval.
        let mut next = self.retired.saturating_add(POLL_INTERVAL);
        let remaining = limit.saturating_sub(self.steps());
        next = next.min(self.retired.saturating_add(remaining));
        if let (TimeSource::Icount, Some(deadline)) = (self.config.time, self.timer_deadline()) {
            let at = deadline
                .saturating_mul(INSNS_PER_TICK)
                .saturating_sub(self.idle);
            next = next.min(at.max(self.retired.saturating_add(1)));
        }
        self.next_check = next;
        None
    }

    /// The earliest time-base value (see [`Hart::now`]) at which a timer
    /// whose interrupt is enabled in mie fires, if that is still in the
    /// future: mtime reaching mtimecmp (MTIE), and with Sstc enabled
    /// (menvcfg.STCE) `time` reaching stimecmp (STIE), with H and
    /// henvcfg.STCE `time + htimedelta` reaching vstimecmp (VSTIE). A
    /// comparator of all ones counts as disarmed.
    fn timer_deadline(&self) -> Option<u64> {
        let now = self.now();
        let mtime = self.bus.clint.mtime(now);
        let ahead = |cmp: u64| (cmp != u64::MAX && mtime < cmp).then(|| cmp - mtime);
        let mie = self.csr.mie;
        let m = (mie & IRQ_MTI != 0)
            .then(|| ahead(self.bus.clint.mtimecmp))
            .flatten();
        let sstc = self.csr.menvcfg & MENVCFG_STCE != 0 && mie & IRQ_STI != 0;
        let s = sstc.then(|| ahead(self.csr.stimecmp)).flatten();
        // H with Sstc: VSTIP is time + htimedelta >= vstimecmp (henvcfg.STCE,
        // hie.VSTIE; Privileged 20211203 section 8.2.7), mtime reaching
        // vstimecmp - htimedelta.
        let vs_cmp = self.csr.h.vstimecmp;
        let vs_time = mtime.wrapping_add(self.csr.h.htimedelta);
        let vs = (self.henvcfg() & MENVCFG_STCE != 0 && mie & IRQ_VSTI != 0)
            .then(|| (vs_cmp != u64::MAX && vs_time < vs_cmp).then(|| vs_cmp - vs_time))
            .flatten();
        let ticks = [m, s, vs].into_iter().flatten().min()?;
        Some(now.saturating_add(ticks))
    }
}
