//! What the firmware cannot execute, found on the host before booting it,
//! so that the user gets one line on stderr and a shell's status rather
//! than only the firmware's word on the guest console: a program for
//! another machine or class (126, "cannot execute"), a dynamically linked
//! one (127, its interpreter is not found). A static PIE (ET_DYN without
//! PT_INTERP) runs: the firmware loads it at a base and its own start code
//! relocates it (glibc's `-static-pie`).
//!
//! Anything else the firmware checks itself (`firmware/elf.c`).

use crate::exit_status;
use goblin::elf::{header, program_header::PT_INTERP, Elf};

/// A user program the firmware cannot run: the exit status and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRunnable {
    pub status: u8,
    pub reason: String,
}

/// Checks the ELF header and program headers of a user program. A file
/// too damaged to parse passes: the firmware says what is wrong with it.
pub fn check(bytes: &[u8]) -> Result<(), NotRunnable> {
    let Ok(elf) = Elf::parse(bytes) else {
        return Ok(());
    };
    let cannot = |reason: String| NotRunnable {
        status: exit_status::CANNOT_EXECUTE,
        reason,
    };
    let machine = elf.header.e_machine;
    let class = if elf.is_64 { "ELF64" } else { "ELF32" };
    if machine != header::EM_RISCV || !elf.is_64 || !elf.little_endian {
        let order = if elf.little_endian { "" } else { " big-endian" };
        return Err(cannot(format!(
            "cannot execute: an {class}{order} program for {} (e_machine {machine}); rvmmu runs RV64 programs (ELF64, little-endian, RISC-V)",
            header::machine_to_str(machine)
        )));
    }
    if elf.program_headers.iter().any(|p| p.p_type == PT_INTERP) {
        let interp = elf.interpreter.unwrap_or("?");
        return Err(NotRunnable {
            status: exit_status::NO_INTERPRETER,
            reason: format!(
                "dynamically linked (interpreter {interp}); rvmmu runs static executables: link with -static"
            ),
        });
    }
    Ok(())
}
