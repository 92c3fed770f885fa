//! The ISA extensions rvmmu implements, and a set of them ([`Extensions`],
//! a `Copy` bitset): what `--isa` selects, what misa and the device tree
//! report, and what the decoder lets through (an instruction of a disabled
//! extension is an illegal instruction).
//!
//! Adding an extension: one line in the `extensions!` table (name and
//! specification, in canonical ISA-string order: the single letters, then
//! the Z extensions by category and alphabetically, then the S ones) and,
//! when it brings instructions, one arm in [`Extensions::allows`].
//!
//! The ISA string follows Unprivileged 20191213, chapter 27 ("ISA
//! Extension Naming Conventions"): `rv64`, a base (`i`, or `g` =
//! `imafd_zicsr_zifencei`), single-letter extensions, then multi-letter
//! ones separated by `_`, case-insensitive. Version numbers are not
//! accepted.

use super::{Instr, Op};

macro_rules! extensions {
    ($($v:ident = $name:literal, $spec:literal;)*) => {
        /// One ISA extension rvmmu implements.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Extension {
            $($v,)*
        }

        /// Every implemented extension with its ISA-string name and the
        /// specification (and version) it follows, in canonical order.
        pub const ALL: &[(Extension, &str, &str)] = &[
            $((Extension::$v, $name, $spec),)*
        ];
    };
}

extensions! {
    I = "i", "RV64I base integer instruction set 2.1 (Unprivileged 20191213, ch. 2, 5)";
    M = "m", "integer multiplication and division 2.0 (Unprivileged 20191213, ch. 7)";
    A = "a", "atomic instructions 2.1 (Unprivileged 20191213, ch. 8)";
    F = "f", "single-precision floating point 2.2 (Unprivileged 20191213, ch. 11)";
    D = "d", "double-precision floating point 2.2 (Unprivileged 20191213, ch. 12)";
    C = "c", "compressed instructions 2.0 (Unprivileged 20191213, ch. 16)";
    H = "h", "hypervisor 1.0: VS/VU modes, two-stage translation, HLV/HSV/HFENCE (Privileged 20211203, ch. 8)";
    Zicbom = "zicbom", "cache-block management 1.0.1 (RISC-V Base Cache Management Operation ISA Extensions 1.0.1)";
    Zicbop = "zicbop", "cache-block prefetch hints 1.0.1 (CMO 1.0.1)";
    Zicboz = "zicboz", "cache-block zero 1.0.1 (CMO 1.0.1)";
    Zicntr = "zicntr", "base counters and timers 2.0 (Unprivileged 20191213, ch. 10)";
    Zicond = "zicond", "integer conditional operations 1.0.0";
    Zicsr = "zicsr", "control and status register instructions 2.0 (Unprivileged 20191213, ch. 9)";
    Zifencei = "zifencei", "instruction-fetch fence 2.0 (Unprivileged 20191213, ch. 3)";
    Zihintntl = "zihintntl", "non-temporal locality hints 1.0";
    Zihintpause = "zihintpause", "pause hint 2.0";
    Zimop = "zimop", "may-be-operations 1.0";
    Zacas = "zacas", "atomic compare-and-swap 1.0.0";
    Zawrs = "zawrs", "wait-on-reservation-set 1.01";
    Zfh = "zfh", "half-precision floating point 1.0 (Zfh 1.0)";
    Zfhmin = "zfhmin", "minimal half-precision floating point 1.0 (Zfh 1.0)";
    Zcb = "zcb", "simple compressed instructions 1.0.0 (Code Size Reduction 1.0.0)";
    Zcmop = "zcmop", "compressed may-be-operations 1.0";
    Zba = "zba", "address generation 1.0.0 (Bit-Manipulation 1.0.0, ch. 2.1)";
    Zbb = "zbb", "basic bit manipulation 1.0.0 (Bit-Manipulation 1.0.0, ch. 2.2)";
    Zbc = "zbc", "carry-less multiplication 1.0.0 (Bit-Manipulation 1.0.0, ch. 2.3)";
    Zbkb = "zbkb", "bit manipulation for cryptography 1.0.1 (Scalar Cryptography 1.0.1, 2.1)";
    Zbkc = "zbkc", "carry-less multiplication for cryptography 1.0.1 (Scalar Cryptography 1.0.1, 2.2)";
    Zbkx = "zbkx", "crossbar permutations 1.0.1 (Scalar Cryptography 1.0.1, 2.3)";
    Zbs = "zbs", "single-bit instructions 1.0.0 (Bit-Manipulation 1.0.0, ch. 2.4)";
    Sstc = "sstc", "supervisor-mode timer interrupts 1.0: stimecmp (Privileged, Sstc chapter)";
    Svinval = "svinval", "fine-grained address-translation cache invalidation 1.0 (Privileged, Svinval chapter)";
    Svnapot = "svnapot", "NAPOT translation contiguity 1.0: 64 KiB pages (Privileged, Svnapot chapter)";
    Svpbmt = "svpbmt", "page-based memory types 1.0 (Privileged, Svpbmt chapter)";
}

/// Extensions that need another one (Unprivileged 20191213 and each
/// extension's "depends on" sentence).
const REQUIRES: &[(Extension, Extension)] = &[
    (Extension::F, Extension::Zicsr),
    (Extension::D, Extension::F),
    (Extension::Zicntr, Extension::Zicsr),
    (Extension::Zacas, Extension::A),
    (Extension::Zfhmin, Extension::F),
    (Extension::Zcb, Extension::C),
    (Extension::Zcmop, Extension::C),
];

/// Extensions that include another one: naming the first turns on the
/// second too (Zfh 1.0: Zfhmin is a subset of Zfh).
const IMPLIES: &[(Extension, Extension)] = &[(Extension::Zfh, Extension::Zfhmin)];

impl Extension {
    /// The ISA-string name (`"m"`, `"zba"`).
    pub fn name(self) -> &'static str {
        ALL.get(self as usize).map_or("?", |e| e.1)
    }
}

/// A set of extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extensions(u64);

/// Implemented extensions that `--isa` must name to enable (none: H is on
/// by default since the official hypervisor tests pass).
pub const OFF_BY_DEFAULT: &[Extension] = &[];

impl Default for Extensions {
    /// Everything implemented but [`OFF_BY_DEFAULT`].
    fn default() -> Extensions {
        OFF_BY_DEFAULT
            .iter()
            .fold(Extensions::all(), |set, &e| set.without(e))
    }
}

impl Extensions {
    /// No extension (not even I: only useful to build sets).
    pub const fn empty() -> Extensions {
        Extensions(0)
    }

    /// Every implemented extension (the default of `--isa`).
    pub const fn all() -> Extensions {
        Extensions((1u64 << ALL.len()) - 1)
    }

    /// This set with `e` added.
    #[must_use]
    pub const fn with(self, e: Extension) -> Extensions {
        Extensions(self.0 | 1 << e as u8)
    }

    /// This set without `e`.
    #[must_use]
    pub const fn without(self, e: Extension) -> Extensions {
        Extensions(self.0 & !(1 << e as u8))
    }

    /// Whether `e` is in the set.
    #[inline]
    pub const fn has(self, e: Extension) -> bool {
        self.0 & 1 << e as u8 != 0
    }

    /// The extensions of the set, in canonical order.
    pub fn iter(self) -> impl Iterator<Item = Extension> {
        ALL.iter().map(|e| e.0).filter(move |&e| self.has(e))
    }

    /// The misa Extensions field (Privileged 20211203, section 3.1.1):
    /// bit `letter - 'A'` of every enabled single-letter extension. S and U
    /// are privilege modes, not ISA-string extensions: the caller adds them.
    pub fn misa_letters(self) -> u64 {
        self.iter()
            .map(Extension::name)
            .filter(|n| n.len() == 1)
            .fold(0, |m, n| m | 1 << (n.as_bytes()[0] - b'a'))
    }

    /// The canonical ISA string, e.g. `rv64imac_zicsr_zba`.
    pub fn isa_string(self) -> String {
        let mut s = String::from("rv64");
        for e in self.iter() {
            let n = e.name();
            if n.len() > 1 {
                s.push('_');
            }
            s.push_str(n);
        }
        s
    }

    /// Parses an ISA string (see the module documentation). The error is
    /// one line naming what is wrong.
    pub fn parse(s: &str) -> Result<Extensions, String> {
        let lower = s.trim().to_ascii_lowercase();
        let Some(rest) = lower.strip_prefix("rv64") else {
            return Err("an ISA string starts with rv64 (rvmmu is RV64 only)".into());
        };
        let (letters, multi) = match rest.find(['_', 'z', 's', 'x']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        let mut set = Extensions::empty();
        let mut chars = letters.chars();
        match chars.next() {
            Some('i') => set = set.with(Extension::I),
            Some('g') => set = set.with_g(),
            Some('e') => return Err("the RV64E base is not implemented".into()),
            _ => return Err("the base (i or g) must follow rv64".into()),
        }
        for c in chars {
            let name = c.to_string();
            set = match (c, Extensions::by_name(&name)) {
                ('g', _) => set.with_g(),
                (_, Some(e)) => set.with(e),
                _ if c.is_ascii_digit() => {
                    return Err(format!("version numbers are not supported ({s})"))
                }
                _ => return Err(format!("unknown extension '{c}'")),
            };
        }
        for name in multi.split('_').filter(|n| !n.is_empty()) {
            match Extensions::by_name(name) {
                Some(e) => set = set.with(e),
                None if name.len() == 1 => {
                    return Err(format!(
                        "single-letter extension '{name}' after a multi-letter one"
                    ))
                }
                None => return Err(format!("unknown extension '{name}'")),
            }
        }
        for &(e, implied) in IMPLIES {
            if set.has(e) {
                set = set.with(implied);
            }
        }
        for &(e, needs) in REQUIRES {
            if set.has(e) && !set.has(needs) {
                return Err(format!("{} requires {}", e.name(), needs.name()));
            }
        }
        Ok(set)
    }

    /// G = IMAFD_Zicsr_Zifencei (Unprivileged 20191213, section 24.1).
    fn with_g(self) -> Extensions {
        use Extension::*;
        [I, M, A, F, D, Zicsr, Zifencei]
            .into_iter()
            .fold(self, Extensions::with)
    }

    /// The implemented extension called `name` (lower case).
    fn by_name(name: &str) -> Option<Extension> {
        ALL.iter().find(|e| e.1 == name).map(|e| e.0)
    }

    /// Whether `i` belongs to the enabled extensions (called when a
    /// decoded instruction is cached, never per execution). HINT encodings
    /// (prefetch.*, pause, ntl.*) are the base instructions they are
    /// encoded in and are always allowed.
    pub fn allows(self, i: &Instr) -> bool {
        use Extension::*;
        if i.len == 2 && !self.allows_compressed(i.raw) {
            return false;
        }
        let either = |a, b| self.has(a) || self.has(b);
        match i.op {
            op if between(op, Op::Mul, Op::Remuw) => self.has(M),
            op if between(op, Op::LrW, Op::AmomaxuD) => self.has(A),
            // Zfhmin: the half-precision loads, stores, moves and
            // conversions (Zfh 1.0, "Zfhmin"); the rest of Zfh needs Zfh.
            // (zfh_ops! is part of fp_ops!: a guard, not a separate pattern.)
            super::fp_ops!() if matches!(i.op, super::zfh_ops!()) => match i.op {
                Op::Flh | Op::Fsh | Op::FmvXH | Op::FmvHX | Op::FcvtSH | Op::FcvtHS => {
                    self.has(Zfhmin)
                }
                Op::FcvtDH | Op::FcvtHD => self.has(Zfhmin) && self.has(D),
                _ => self.has(Zfh),
            },
            super::fp_ops!() => {
                let double = matches!(i.op, Op::Fld | Op::Fsd)
                    || super::disasm_fp::fp_mnemonic(i.op)
                        .is_some_and(|m| m.ends_with(".d") || m.contains(".d."));
                self.has(F) && (!double || self.has(D))
            }
            super::csr_ops!() => self.has(Zicsr),
            Op::FenceI => self.has(Zifencei),
            Op::AddUw
            | Op::Sh1add
            | Op::Sh2add
            | Op::Sh3add
            | Op::Sh1addUw
            | Op::Sh2addUw
            | Op::Sh3addUw
            | Op::SlliUw => self.has(Zba),
            Op::Clz
            | Op::Clzw
            | Op::Ctz
            | Op::Ctzw
            | Op::Cpop
            | Op::Cpopw
            | Op::Max
            | Op::Maxu
            | Op::Min
            | Op::Minu
            | Op::SextB
            | Op::SextH
            | Op::OrcB => self.has(Zbb),
            // Shared by Zbb and Zbkb (zext.h is packw rd, rs1, x0).
            Op::Andn
            | Op::Orn
            | Op::Xnor
            | Op::Rol
            | Op::Rolw
            | Op::Ror
            | Op::Rori
            | Op::Roriw
            | Op::Rorw
            | Op::Rev8
            | Op::ZextH => either(Zbb, Zbkb),
            Op::Pack | Op::Packh | Op::Packw | Op::Brev8 => self.has(Zbkb),
            Op::Clmul | Op::Clmulh => either(Zbc, Zbkc),
            Op::Clmulr => self.has(Zbc),
            Op::Xperm4 | Op::Xperm8 => self.has(Zbkx),
            Op::Bclr
            | Op::Bclri
            | Op::Bext
            | Op::Bexti
            | Op::Binv
            | Op::Binvi
            | Op::Bset
            | Op::Bseti => self.has(Zbs),
            Op::CzeroEqz | Op::CzeroNez => self.has(Zicond),
            Op::MopR | Op::MopRr => self.has(Zimop),
            Op::CMop => self.has(Zcmop),
            Op::WrsNto | Op::WrsSto => self.has(Zawrs),
            Op::AmocasW | Op::AmocasD | Op::AmocasQ => self.has(Zacas),
            Op::CboClean | Op::CboFlush | Op::CboInval => self.has(Zicbom),
            Op::CboZero => self.has(Zicboz),
            Op::SinvalVma | Op::SfenceWInval | Op::SfenceInvalIr => self.has(Svinval),
            // HINVAL.* are Svinval's as well.
            super::h_ops!() => self.has(H) && (!super::decode_h::is_hinval(i) || self.has(Svinval)),
            _ => true,
        }
    }

    /// A compressed parcel needs C, and the Zcb encodings (quadrant 0
    /// funct3 = 100; quadrant 1 funct6 = 100111 with funct2 = 1x) need Zcb.
    fn allows_compressed(self, raw: u32) -> bool {
        let quadrant = raw & 3;
        let funct3 = (raw >> 13) & 7;
        let zcb = match (quadrant, funct3) {
            (0, 4) => true,
            (1, 4) => (raw >> 10) & 7 == 7 && (raw >> 6) & 1 == 1,
            _ => false,
        };
        self.has(Extension::C) && (!zcb || self.has(Extension::Zcb))
    }
}

/// Whether `op` is declared between `first` and `last` in [`Op`], which
/// declares the operations of M (Mul..Remuw) and of A (LrW..AmomaxuD)
/// together.
fn between(op: Op, first: Op, last: Op) -> bool {
    (first as u16..=last as u16).contains(&(op as u16))
}

/// Returns `i` when `isa` allows it, otherwise an illegal instruction
/// with the same bits and length.
#[inline]
pub fn gate(i: Instr, isa: Extensions) -> Instr {
    if isa == Extensions::all() || isa.allows(&i) {
        i
    } else {
        Instr::illegal(i.raw, i.len)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::decode;
    use Extension::*;

    #[test]
    fn zfhmin_allows_moves_and_conversions_zfh_the_arithmetic() {
        // (GNU as 2.40, -march=rv64gc_zfh)
        const FLH: u32 = 0x0085_9507; // flh fa0, 8(a1)
        const FADD_H: u32 = 0x04c5_f553; // fadd.h fa0, fa1, fa2
        const FCVT_D_H: u32 = 0x4225_8553; // fcvt.d.h fa0, fa1
        const FSGNJ_D: u32 = 0x22c5_8553; // fsgnj.d fa0, fa1, fa2
        for (isa, want) in [
            ("rv64gc", [false, false, false, true]),
            ("rv64gc_zfhmin", [true, false, true, true]),
            ("rv64imafc_zicsr_zfhmin", [true, false, false, false]),
            ("rv64gc_zfh", [true, true, true, true]),
        ] {
            let set = Extensions::parse(isa).unwrap();
            let got = [FLH, FADD_H, FCVT_D_H, FSGNJ_D].map(|w| set.allows(&decode(w)));
            assert_eq!(got, want, "{isa}");
        }
        assert!(
            Extensions::parse("rv64imac_zicsr_zfh").is_err(),
            "zfh needs f"
        );
    }

    #[test]
    fn the_table_fits_the_bitset_and_names_are_unique_lower_case() {
        assert!(ALL.len() <= 64);
        for (k, &(e, name, spec)) in ALL.iter().enumerate() {
            assert_eq!(e as usize, k, "{name}");
            assert_eq!(name, name.to_ascii_lowercase());
            assert!(!spec.is_empty());
            assert_eq!(ALL.iter().filter(|x| x.1 == name).count(), 1, "{name}");
        }
    }

    #[test]
    fn isa_strings_parse_into_sets() {
        let gc = Extensions::parse("rv64gc").unwrap();
        for e in [I, M, A, F, D, C, Zicsr, Zifencei] {
            assert!(gc.has(e), "{e:?}");
        }
        assert!(!gc.has(Zba) && !gc.has(Zicntr));
        let s = Extensions::parse("RV64IMAC_Zicsr_zba_ZBB").unwrap();
        assert_eq!(s.isa_string(), "rv64imac_zicsr_zba_zbb");
        assert_eq!(Extensions::parse(&s.isa_string()).unwrap(), s);
        assert_eq!(
            Extensions::parse(&Extensions::all().isa_string()).unwrap(),
            Extensions::all()
        );
        assert_eq!(
            Extensions::parse("rv64i").unwrap(),
            Extensions::empty().with(I)
        );
    }

    #[test]
    fn bad_isa_strings_are_refused_with_one_line() {
        let cases: &[(&str, &str)] = &[
            ("rv32gc", "starts with rv64"),
            ("rv64", "base"),
            ("rv64e", "RV64E"),
            ("rv64gq", "unknown extension 'q'"),
            ("rv64gc_zfoo", "unknown extension 'zfoo'"),
            ("rv64i2p1", "version"),
            ("rv64id_zicsr", "d requires f"),
            ("rv64if", "f requires zicsr"),
            ("rv64gc_zacas", ""), // fine: g has a
            ("rv64i_zcb", "zcb requires c"),
            ("rv64ima_zacas", ""),
        ];
        for &(s, want) in cases {
            match Extensions::parse(s) {
                Ok(_) => assert!(want.is_empty(), "{s} parsed"),
                Err(e) => {
                    assert!(!want.is_empty() && e.contains(want), "{s}: {e}");
                    assert!(!e.contains('\n'), "{s}: {e}");
                }
            }
        }
    }

    #[test]
    fn misa_has_the_single_letters() {
        let bits = |s: &str| Extensions::parse(s).unwrap().misa_letters();
        let l = |c: u8| 1u64 << (c - b'a');
        assert_eq!(
            bits("rv64gc_zba"),
            l(b'i') | l(b'm') | l(b'a') | l(b'f') | l(b'd') | l(b'c')
        );
        assert_eq!(
            bits("rv64imac_zicsr"),
            l(b'i') | l(b'm') | l(b'a') | l(b'c')
        );
    }

    #[test]
    fn instructions_of_disabled_extensions_are_not_allowed() {
        // (bits, the extension it needs, or both of a pair for either-or)
        let cases: &[(u32, &[Extension])] = &[
            (0x02b5_0533, &[M]),         // mul a0, a0, a1
            (0x00b5_352f, &[A]),         // amoadd.d a0, a1, (a0)
            (0x08b5_053b, &[Zba]),       // add.uw a0, a0, a1
            (0x6005_1513, &[Zbb]),       // clz a0, a0
            (0x40b5_7533, &[Zbb, Zbkb]), // andn a0, a0, a1
            (0x08b5_4533, &[Zbkb]),      // pack a0, a0, a1
            (0x0ab5_1533, &[Zbc, Zbkc]), // clmul a0, a0, a1
            (0x0ab5_2533, &[Zbc]),       // clmulr a0, a0, a1
            (0x28b5_2533, &[Zbkx]),      // xperm4 a0, a0, a1
            (0x28b5_1533, &[Zbs]),       // bset a0, a0, a1
            (0x0eb5_5533, &[Zicond]),    // czero.eqz a0, a0, a1
            (0x0025_200f, &[Zicbom]),    // cbo.flush (a0)
            (0x0045_200f, &[Zicboz]),    // cbo.zero (a0)
            (0x00d0_0073, &[Zawrs]),     // wrs.nto
            (0x28b5_352f, &[Zacas]),     // amocas.d a0, a1, (a0)
            (0x81c5_4573, &[Zimop]),     // mop.r.0 a0, a0
            (0x0000_100f, &[Zifencei]),  // fence.i
            (0x3000_2573, &[Zicsr]),     // csrrs a0, mstatus, zero
            (0x0000_8082, &[C]),         // c.jr ra
            (0x0000_8100, &[C, Zcb]),    // c.lbu s0, 0(a0)
            (0x0000_6081, &[C, Zcmop]),  // c.mop.1
            (0x0000_9c41, &[C, Zcb, M]), // c.mul s0, s0
        ];
        for &(raw, needs) in cases {
            let i = decode(raw);
            assert_ne!(i.op, Op::Illegal, "{raw:#x}");
            assert!(Extensions::all().allows(&i), "{raw:#x}");
            if let [a, b] = needs {
                if !matches!((a, b), (C, _)) {
                    // Either of the two suffices.
                    assert!(Extensions::all().without(*a).allows(&i), "{raw:#x}");
                    assert!(Extensions::all().without(*b).allows(&i), "{raw:#x}");
                    let neither = Extensions::all().without(*a).without(*b);
                    assert!(!neither.allows(&i), "{raw:#x}");
                    continue;
                }
            }
            for &e in needs {
                assert!(
                    !Extensions::all().without(e).allows(&i),
                    "{raw:#x} without {e:?}"
                );
                assert_eq!(
                    gate(i, Extensions::all().without(e)),
                    Instr::illegal(i.raw, i.len)
                );
            }
        }
    }

    #[test]
    fn the_m_and_a_operations_are_declared_together() {
        use crate::disasm::mnemonic;
        let m = [
            "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
        ];
        let is_m = |n: &str| m.contains(&n) || m.contains(&n.trim_end_matches('w'));
        let is_a = |n: &str| ["lr.", "sc.", "amo"].iter().any(|p| n.starts_with(p));
        // Every operation a 32-bit encoding can decode to (rd = rs1 = 0).
        let mut ops = std::collections::HashSet::new();
        for opcode in (0..32u32).map(|k| k << 2 | 3) {
            for funct3 in 0..8u32 {
                for funct7 in 0..128u32 {
                    for rs2 in [0u32, 1, 2, 5] {
                        ops.insert(decode(funct7 << 25 | rs2 << 20 | funct3 << 12 | opcode).op);
                    }
                }
            }
        }
        assert!(ops.contains(&Op::Remuw) && ops.contains(&Op::AmomaxuD) && ops.contains(&Op::LrW));
        for op in ops {
            let n = mnemonic(op);
            assert_eq!(between(op, Op::Mul, Op::Remuw), is_m(n), "{n}");
            let amocas = n.starts_with("amocas");
            assert_eq!(
                between(op, Op::LrW, Op::AmomaxuD),
                is_a(n) && !amocas,
                "{n}"
            );
        }
    }

    #[test]
    fn hints_and_the_base_are_always_allowed() {
        let base = Extensions::parse("rv64i").unwrap();
        for raw in [
            0x0000_0013, // nop
            0x0005_6013, // prefetch.i 0(a0)
            0x0100_000f, // pause
            0x0050_0033, // ntl.all
            0x0ff0_000f, // fence
        ] {
            assert!(base.allows(&decode(raw)), "{raw:#x}");
        }
    }
}
