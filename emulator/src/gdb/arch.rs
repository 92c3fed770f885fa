//! The architecture as gdb sees it: RV64 with the integer registers, the
//! pc, the 64-bit f registers with fflags/frm/fcsr (FLEN = 64, so gdb
//! accepts lp64d ELFs), the CSRs rvmmu implements and the privilege level.
//!
//! The register layout and numbering are gdbstub_arch's (gdb's own RISC-V
//! numbering, `gdb/riscv-tdep.h`): x0..x31 = 0..31, pc = 32, f0..f31 =
//! 33..64, CSR *n* = 65 + *n* (fflags, frm, fcsr = 66, 67, 68), `priv` =
//! 4161. The `g` packet carries x0..x31 and pc only; gdb reads the f
//! registers, the CSRs and `priv` one at a time (`p` packets), as it does
//! from QEMU. What gdbstub_arch lacks is a target description that lists
//! them, so [`Rv64`] serves its own, built from [`CSRS`].

use crate::hart::csr::addr;
use crate::hart::fp::addr as fp_addr;
use crate::isa::disasm_fp::fp_reg_name;
use gdbstub::arch::Arch;
use gdbstub_arch::riscv::reg::{id::RiscvRegId, RiscvCoreRegs};
use std::fmt::Write;
use std::sync::OnceLock;

/// gdb's register number of f0 (`RISCV_FIRST_FP_REGNUM`).
pub const FIRST_FP_REGNUM: usize = 33;
/// gdb's register number of CSR 0 (`RISCV_FIRST_CSR_REGNUM`).
pub const FIRST_CSR_REGNUM: usize = 65;
/// gdb's register number of the `priv` virtual register.
pub const PRIV_REGNUM: usize = 4161;

/// The CSRs listed in the target description (gdb's `info all-registers`,
/// `p $mstatus`) and known by name to `monitor csr`: every CSR of
/// Privileged 20211203 Tables 2.2–2.5 that rvmmu implements, except the
/// all-zero hpm counters and events, the PMP entries above 15 and the
/// debug triggers.
pub const CSRS: &[(&str, u16)] = &[
    ("cycle", addr::CYCLE),
    ("time", addr::TIME),
    ("instret", addr::INSTRET),
    ("sstatus", addr::SSTATUS),
    ("sie", addr::SIE),
    ("stvec", addr::STVEC),
    ("scounteren", addr::SCOUNTEREN),
    ("senvcfg", addr::SENVCFG),
    ("sscratch", addr::SSCRATCH),
    ("sepc", addr::SEPC),
    ("scause", addr::SCAUSE),
    ("stval", addr::STVAL),
    ("sip", addr::SIP),
    ("satp", addr::SATP),
    ("mvendorid", addr::MVENDORID),
    ("marchid", addr::MARCHID),
    ("mimpid", addr::MIMPID),
    ("mhartid", addr::MHARTID),
    ("mconfigptr", addr::MCONFIGPTR),
    ("mstatus", addr::MSTATUS),
    ("misa", addr::MISA),
    ("medeleg", addr::MEDELEG),
    ("mideleg", addr::MIDELEG),
    ("mie", addr::MIE),
    ("mtvec", addr::MTVEC),
    ("mcounteren", addr::MCOUNTEREN),
    ("menvcfg", addr::MENVCFG),
    ("mcountinhibit", addr::MCOUNTINHIBIT),
    ("mscratch", addr::MSCRATCH),
    ("mepc", addr::MEPC),
    ("mcause", addr::MCAUSE),
    ("mtval", addr::MTVAL),
    ("mip", addr::MIP),
    ("pmpcfg0", addr::PMPCFG0),
    ("pmpcfg2", addr::PMPCFG0 + 2),
    ("pmpaddr0", addr::PMPADDR0),
    ("pmpaddr1", addr::PMPADDR0 + 1),
    ("pmpaddr2", addr::PMPADDR0 + 2),
    ("pmpaddr3", addr::PMPADDR0 + 3),
    ("pmpaddr4", addr::PMPADDR0 + 4),
    ("pmpaddr5", addr::PMPADDR0 + 5),
    ("pmpaddr6", addr::PMPADDR0 + 6),
    ("pmpaddr7", addr::PMPADDR0 + 7),
    ("mcycle", addr::MCYCLE),
    ("minstret", addr::MINSTRET),
];

/// The number of the CSR called `name` (case-insensitive), if listed.
pub fn csr_number(name: &str) -> Option<u16> {
    CSRS.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, num)| num)
}

/// The name of CSR `num`, if listed.
pub fn csr_name(num: u16) -> Option<&'static str> {
    CSRS.iter().find(|&&(_, n)| n == num).map(|&(name, _)| name)
}

/// gdb's ABI names of x0..x31, in order.
const XREG_NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];

/// The FP CSRs, listed in the `fpu` feature (not in [`CSRS`]), where gdb
/// looks for them first.
pub const FP_CSRS: &[(&str, u16)] = &[
    ("fflags", fp_addr::FFLAGS),
    ("frm", fp_addr::FRM),
    ("fcsr", fp_addr::FCSR),
];

/// The target description: features `org.gnu.gdb.riscv.cpu` (x0..x31,
/// pc), `org.gnu.gdb.riscv.fpu` (f0..f31 by ABI name, 64 bits, each a
/// union of a float and a double as in gdb's own `64bit-fpu.xml`; then
/// [`FP_CSRS`]), `org.gnu.gdb.riscv.csr` ([`CSRS`]) and
/// `org.gnu.gdb.riscv.virtual` (`priv`), with explicit register numbers.
/// Every CSR is 64 bits wide here (gdbstub_arch sizes them by XLEN); gdb
/// checks the width of the f registers only.
pub fn target_xml() -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n",
    );
    for (i, name) in XREG_NAMES.iter().enumerate() {
        let ty = match i {
            1 => "code_ptr",
            2 | 3 | 4 | 8 => "data_ptr",
            _ => "int",
        };
        let _ = writeln!(
            x,
            "<reg name=\"{name}\" bitsize=\"64\" type=\"{ty}\" regnum=\"{i}\"/>"
        );
    }
    x.push_str("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n");
    x.push_str("<feature name=\"org.gnu.gdb.riscv.fpu\">\n<union id=\"riscv_double\">\n<field name=\"float\" type=\"ieee_single\"/>\n<field name=\"double\" type=\"ieee_double\"/>\n</union>\n");
    for r in 0..32u8 {
        let _ = writeln!(
            x,
            "<reg name=\"{}\" bitsize=\"64\" type=\"riscv_double\" regnum=\"{}\"/>",
            fp_reg_name(r),
            FIRST_FP_REGNUM + usize::from(r)
        );
    }
    for &(name, num) in FP_CSRS {
        let _ = writeln!(
            x,
            "<reg name=\"{name}\" bitsize=\"64\" type=\"int\" regnum=\"{}\" group=\"float\"/>",
            FIRST_CSR_REGNUM + usize::from(num)
        );
    }
    x.push_str("</feature>\n");
    x.push_str("<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for &(name, num) in CSRS {
        let _ = writeln!(
            x,
            "<reg name=\"{name}\" bitsize=\"64\" type=\"int\" regnum=\"{}\" group=\"system\"/>",
            FIRST_CSR_REGNUM + usize::from(num)
        );
    }
    x.push_str("</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n");
    let _ = writeln!(
        x,
        "<reg name=\"priv\" bitsize=\"8\" type=\"int\" regnum=\"{PRIV_REGNUM}\" group=\"general\"/>"
    );
    x.push_str("</feature>\n</target>\n");
    x
}

/// RV64 as rvmmu presents it to gdb.
#[derive(Debug)]
pub enum Rv64 {}

impl Arch for Rv64 {
    type Usize = u64;
    type Registers = RiscvCoreRegs<u64>;
    /// 2 (a compressed `c.ebreak`) or 4; rvmmu's breakpoints do not touch
    /// memory, so the kind is ignored.
    type BreakpointKind = usize;
    type RegId = RiscvRegId<u64>;

    fn target_description_xml() -> Option<&'static str> {
        static XML: OnceLock<String> = OnceLock::new();
        Some(XML.get_or_init(target_xml).as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use gdbstub::arch::RegId;

    #[test]
    fn csr_names_and_numbers_round_trip() {
        for &(name, num) in CSRS {
            assert_eq!(csr_number(name), Some(num), "{name}");
            assert_eq!(csr_number(&name.to_uppercase()), Some(num), "{name}");
            assert_eq!(csr_name(num), Some(name), "{num:#x}");
        }
        assert_eq!(csr_number("nosuchcsr"), None);
        assert_eq!(csr_name(0x7c0), None);
    }

    #[test]
    fn target_xml_numbers_registers_as_gdbstub_arch_decodes_them() {
        let xml = target_xml();
        assert!(xml.contains("<reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>"));
        assert!(xml.contains("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>"));
        // mstatus is CSR 0x300: gdb register 65 + 0x300 = 833.
        assert!(xml.contains("<reg name=\"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\""));
        assert!(xml.contains("<reg name=\"satp\" bitsize=\"64\" type=\"int\" regnum=\"449\""));
        let Some((RiscvRegId::Csr(n), Some(size))) = RiscvRegId::<u64>::from_raw_id(833) else {
            panic!("833 is not a CSR")
        };
        assert_eq!((n, size.get()), (addr::MSTATUS, 8));
        let Some((RiscvRegId::Priv, Some(size))) = RiscvRegId::<u64>::from_raw_id(PRIV_REGNUM)
        else {
            panic!("4161 is not priv")
        };
        assert_eq!(size.get() * 8, 8, "XML bitsize of priv matches its size");
        // f0 is gdb register 33, f31 64; fcsr is CSR 3: 68.
        assert!(
            xml.contains("<reg name=\"ft0\" bitsize=\"64\" type=\"riscv_double\" regnum=\"33\"/>")
        );
        assert!(
            xml.contains("<reg name=\"ft11\" bitsize=\"64\" type=\"riscv_double\" regnum=\"64\"/>")
        );
        assert!(xml.contains("<reg name=\"fcsr\" bitsize=\"64\" type=\"int\" regnum=\"68\""));
        let Some((RiscvRegId::Fpr(31), Some(size))) = RiscvRegId::<u64>::from_raw_id(64) else {
            panic!("64 is not f31")
        };
        assert_eq!(size.get(), 8, "XML bitsize of f31 matches its size");
        let Some((RiscvRegId::Csr(3), Some(size))) = RiscvRegId::<u64>::from_raw_id(68) else {
            panic!("68 is not fcsr")
        };
        assert_eq!(size.get(), 8, "XML bitsize of fcsr matches its size");
        assert_eq!(xml.matches("<feature ").count(), 4);
        assert_eq!(
            xml.matches("<reg ").count(),
            33 + 32 + FP_CSRS.len() + CSRS.len() + 1
        );
        // No register is listed twice.
        for &(name, _) in FP_CSRS {
            assert_eq!(xml.matches(&format!("\"{name}\"")).count(), 1, "{name}");
        }
    }
}
