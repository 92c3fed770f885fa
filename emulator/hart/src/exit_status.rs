//! Every exit status `rvmmu` can end with, in one place: the table that
//! `rvmmu --help` prints and the README repeats word for word (a test in
//! `emulator/tests/cli.rs` compares the two), and the constants the code
//! uses. The statuses rvmmu chooses itself follow the shells' conventions
//! (126 cannot execute, 127 not found, 128 + N killed by signal N,
//! 124 as timeout(1)).
//!
//! Every stop that is not a success, except the guest's own exit code (the
//! guest says why itself), prints one line on stderr starting `rvmmu: `.
//!
//! This module depends on nothing else in the crate, so `cli`, `runner`
//! and `gdb` all take their statuses from here instead of from each other.

/// The guest exited with code 0; `rvmmu test`: every test passed.
pub const SUCCESS: u8 = 0;
/// `rvmmu test`: at least one test failed, timed out or could not run.
pub const TESTS_FAILED: u8 = 1;
/// `rvmmu policies`: OPT's page faults exceed a policy's, so the runs did
/// not see the same reference string (OPT is a lower bound on one string).
pub const CHECK_FAILED: u8 = 1;
/// Bad input: a usage error (clap's convention), a file that cannot be
/// loaded, an entry point outside every loadable segment, a test directory
/// that is missing or holds no tests.
pub const BAD_INPUT: u8 = 2;
/// A limit stopped the run: `--timeout` (wall clock) or `--max-insns`; or
/// the guest executed a `wfi` that no interrupt can ever end (as
/// timeout(1): the guest would never have finished).
pub const STOPPED: u8 = 124;
/// A user program the firmware cannot execute: not RISC-V, not ELF64,
/// or a bad image (as a shell's 126).
pub const CANNOT_EXECUTE: u8 = 126;
/// A dynamically linked user program (PT_INTERP): its interpreter cannot
/// be found (as a shell's 127).
pub const NO_INTERPRETER: u8 = 127;
/// The gdb connection was lost or gdb sent something that is not the
/// remote protocol (128 + SIGHUP: the debugger hung up).
pub const GDB_HANGUP: u8 = 129;
/// `--jit verify`: compiled code and the interpreter disagreed on a block
/// (a bug in rvmmu's compiling tier; the message shows the block).
pub const JIT_MISMATCH: u8 = 3;
/// Interrupted by Ctrl-C (128 + SIGINT).
pub const INTERRUPTED: u8 = 130;
/// The guest asked for a reboot (the test device's 0x7777, which its
/// `syscon-reboot` node names: Linux's `reboot -f` and `panic=-1`); rvmmu
/// does not restart the machine, it stops.
pub const GUEST_REBOOT: u8 = 125;
/// Ctrl-A X on the guest console (as QEMU's `-nographic`): the user ended
/// the run from the keyboard (128 + SIGQUIT, the keyboard's quit).
pub const CONSOLE_QUIT: u8 = 131;
/// Killed: the guest ran out of memory (the firmware's `--frames` limit or
/// RAM, no swap or swap full), or gdb's `kill` (128 + SIGKILL).
pub const KILLED: u8 = 137;
/// Guest console output could not be written (stdout closed, EPIPE:
/// 128 + SIGPIPE).
pub const CONSOLE_CLOSED: u8 = 141;
/// Terminated by SIGTERM (128 + SIGTERM).
pub const TERMINATED: u8 = 143;
/// A guest exit code outside 0..=255 (never 0: a failure must not look
/// like success).
pub const OUT_OF_RANGE: u8 = 255;

/// The table printed by `rvmmu --help` and in the README's "Exit status"
/// section, identical in both.
pub const TABLE: &str = "\
status  meaning
0       success: the guest exited with 0 (rvmmu test: every test passed)
N       the guest's own exit code N, 1..=255 (HTIF tohost or the SiFive
        test finisher; under the firmware, the program's exit status)
1       rvmmu test: at least one test failed, timed out or could not run;
        rvmmu policies: OPT's faults exceed a policy's (not one string)
2       bad input: usage error, a file that cannot be loaded (also an entry
        point outside every loadable segment), no tests in a directory
3       --jit verify: compiled code and the interpreter disagreed on a
        block (the message shows it)
124     stopped by a limit: --timeout SECONDS (wall clock) or --max-insns N,
        or by a wfi that no interrupt can ever end
125     the guest asked for a reboot (syscon-reboot: Linux's reboot -f,
        panic=-1); rvmmu stops instead of restarting it
126     user program cannot be executed: not RISC-V, not ELF64, or a bad
        image
127     user program is dynamically linked (PT_INTERP)
129     gdb hung up: the connection was lost or gdb sent garbage
130     interrupted by Ctrl-C (SIGINT)
131     ended from the guest console with Ctrl-A X
137     guest out of memory (--frames, --mem, --swap; the message names the
        limit), or killed by gdb's kill
141     guest console output could not be written (stdout closed, EPIPE)
143     terminated by SIGTERM
255     also: a guest exit code outside 0..=255 (never 0)

Every stop other than success and the guest's own exit code prints one
line on stderr starting `rvmmu: ` that says why.";

/// The process exit status for a guest exit code: 0..=255 as is, anything
/// else [`OUT_OF_RANGE`] (never 0: a failure must not look like success).
pub fn guest(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(OUT_OF_RANGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_exit_codes_map_to_nonzero_statuses_unless_zero() {
        for (code, want) in [
            (0, 0),
            (1, 1),
            (42, 42),
            (255, 255),
            (256, 255),
            (512, 255),
            (-1, 255),
        ] {
            assert_eq!(guest(code), want, "{code}");
        }
    }

    #[test]
    fn the_table_has_one_row_per_status_rvmmu_chooses() {
        for status in [
            SUCCESS,
            TESTS_FAILED,
            BAD_INPUT,
            STOPPED,
            CANNOT_EXECUTE,
            NO_INTERPRETER,
            GDB_HANGUP,
            INTERRUPTED,
            GUEST_REBOOT,
            CONSOLE_QUIT,
            KILLED,
            CONSOLE_CLOSED,
            TERMINATED,
            OUT_OF_RANGE,
        ] {
            let rows = TABLE
                .lines()
                .filter(|l| l.split_whitespace().next() == Some(&status.to_string()))
                .count();
            assert_eq!(rows, 1, "status {status}");
        }
    }
}
