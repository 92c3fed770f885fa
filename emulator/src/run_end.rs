//! How `rvmmu run` ends: the stop reason of the hart turned into the exit
//! status of [`crate::exit_status`], with the one stderr line that says why
//! for every stop that is not a success or the guest's own exit code.

use crate::exit_status;
use crate::hart::{Hart, StopReason};
use crate::stop::HostStop;
use crate::symbols::SymbolTable;
use std::time::Duration;

/// What the end-of-run messages need to know about the run.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// `--max-insns`, if given.
    pub max_insns: Option<u64>,
    /// `--timeout`, if given.
    pub timeout: Option<Duration>,
    /// Set for a user program under the firmware: its memory limits.
    pub user: Option<UserLimits>,
}

/// The memory a user program was given, for the out-of-memory message.
#[derive(Debug, Clone, Default)]
pub struct UserLimits {
    /// `--frames N` (0: no cap).
    pub frames: Option<u32>,
    /// `--swap FILE|mem:SIZE`.
    pub swap: Option<String>,
    /// `--mem` in bytes.
    pub mem: usize,
}

/// Firmware exit code: out of memory or out of swap (128 + SIGKILL).
const FIRMWARE_OUT_OF_MEMORY: i32 = 137;
/// Firmware exit code: bad program image.
const FIRMWARE_BAD_IMAGE: i32 = 126;

/// Prints why the run stopped (when it must) and returns the exit status.
pub fn report(reason: StopReason, hart: &Hart, symbols: &SymbolTable, ctx: &RunContext) -> u8 {
    let at = || format!("pc {:#x}{}", hart.pc, symbols.describe_suffix(hart.pc));
    match reason {
        StopReason::Exit(code) => guest_exit(code, ctx),
        StopReason::WaitForever => {
            eprintln!(
                "rvmmu: stopped at {}: wfi with no interrupt that can ever arrive (the guest would sleep forever)",
                at()
            );
            exit_status::STOPPED
        }
        StopReason::InsnLimit => {
            eprintln!(
                "rvmmu: stopped after {} instructions (--max-insns) at {}",
                ctx.max_insns.unwrap_or(u64::MAX),
                at()
            );
            exit_status::STOPPED
        }
        StopReason::Host(HostStop::Timeout) => {
            eprintln!(
                "rvmmu: stopped after {}s of wall-clock time (--timeout) at {}, {} instructions retired",
                ctx.timeout.unwrap_or_default().as_secs_f64(),
                at(),
                hart.retired
            );
            exit_status::STOPPED
        }
        StopReason::Host(HostStop::Interrupt) => {
            eprintln!(
                "rvmmu: interrupted (SIGINT) at {}, {} instructions retired",
                at(),
                hart.retired
            );
            exit_status::INTERRUPTED
        }
        StopReason::Host(HostStop::Terminate) => {
            eprintln!(
                "rvmmu: terminated (SIGTERM) at {}, {} instructions retired",
                at(),
                hart.retired
            );
            exit_status::TERMINATED
        }
        StopReason::Reboot => {
            eprintln!(
                "rvmmu: the guest asked for a reboot at {}; stopping instead",
                at()
            );
            exit_status::GUEST_REBOOT
        }
        StopReason::Host(HostStop::ConsoleQuit) => {
            eprintln!(
                "rvmmu: ended from the console (Ctrl-A X) at {}, {} instructions retired",
                at(),
                hart.retired
            );
            exit_status::CONSOLE_QUIT
        }
        StopReason::ConsoleClosed => {
            let why = match &hart.bus.console {
                crate::devices::console::Console::Closed(kind) => format!("{kind}"),
                _ => "write error".to_string(),
            };
            eprintln!(
                "rvmmu: stopped at {}: cannot write the guest's console output to stdout ({why})",
                at()
            );
            exit_status::CONSOLE_CLOSED
        }
    }
}

/// The status for the guest's own exit code, with a line on stderr when
/// rvmmu knows more than the code says.
fn guest_exit(code: i32, ctx: &RunContext) -> u8 {
    let status = exit_status::guest(code);
    if i32::from(status) != code {
        eprintln!(
            "rvmmu: guest exit code {code} does not fit in an exit status; exiting with {status}"
        );
    }
    if let Some(user) = &ctx.user {
        match code {
            FIRMWARE_OUT_OF_MEMORY => eprintln!("rvmmu: {}", out_of_memory(user)),
            FIRMWARE_BAD_IMAGE => eprintln!(
                "rvmmu: the firmware refused the program image (exit 126; its reason is above)"
            ),
            _ => {}
        }
    }
    status
}

/// The out-of-memory message: the limit that was hit and the option that
/// lifts it.
pub fn out_of_memory(user: &UserLimits) -> String {
    let mib = user.mem >> 20;
    let limit = match user.frames {
        Some(n) if n > 0 => {
            format!("at most {n} resident user pages (--frames {n}); raise --frames")
        }
        _ => format!("all of RAM (--mem {mib}M) in use; raise --mem"),
    };
    match &user.swap {
        None => format!("the guest ran out of memory (killed, 137): {limit}, or give it a swap disk (--swap mem:64M)"),
        Some(spec) => format!(
            "the guest ran out of memory (killed, 137): {limit}, or give it a larger swap disk than --swap {spec}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_memory_names_the_limit_and_the_option_that_lifts_it() {
        let frames = UserLimits {
            frames: Some(8),
            swap: None,
            mem: 128 << 20,
        };
        let m = out_of_memory(&frames);
        assert!(m.contains("--frames 8") && m.contains("--swap"), "{m}");
        let ram = UserLimits {
            frames: Some(0),
            swap: Some("mem:1M".into()),
            mem: 16 << 20,
        };
        let m = out_of_memory(&ram);
        assert!(
            m.contains("--mem 16M") && m.contains("--swap mem:1M"),
            "{m}"
        );
    }
}
