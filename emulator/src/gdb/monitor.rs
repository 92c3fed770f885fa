//! `monitor` commands (gdb's `qRcmd`): the MMU's inspection tools from the
//! debugger prompt. Parsing is separate from execution so that it can be
//! tested without a connection; nothing here can change guest state.

use crate::hart::Hart;
use mmu::{AccessType, Privilege, Satp, VirtAddr};
use std::fmt::Write;

/// The most ranges `monitor pt` prints (the dump says when it stopped).
pub const PT_MAX_RANGES: usize = 2000;

/// The help text of `monitor help`.
pub const HELP: &str = "\
rvmmu monitor commands:
  pt [SATP]                  page tables under the current satp (or SATP):
                             merged ranges with every flag, bad entries
                             (H: with V = 1 or hgatp set, the VS-stage
                             tree of vsatp, then the G-stage tree)
  translate VA [U|S|M] [r|w|x]
                             side-effect-free walk of VA (no A/D write, no
                             TLB fill) as a load (default), store (w) or
                             fetch (x) at the given privilege (default: the
                             effective privilege of loads), and what the
                             TLB holds for VA
  tlb                        TLB geometry, occupancy, hits and misses
  stats                      the --stats report so far
  csr NAME|NUMBER            one CSR (any privilege), e.g. csr satp, csr 0x300
  help                       this text
Numbers are decimal or 0x-prefixed hexadecimal.";

/// A parsed monitor command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    PageTables {
        satp: Option<u64>,
    },
    Translate {
        va: u64,
        privilege: Option<Privilege>,
        access: AccessType,
    },
    Tlb,
    Stats,
    Csr(u16),
}

/// Parses a number: `0x` hexadecimal or decimal.
pub fn parse_number(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok()
    } else {
        s.parse().ok()
    }
}

/// Parses one command line; the error is a message for the user.
pub fn parse(line: &str) -> Result<Command, String> {
    let mut words = line.split_whitespace();
    let Some(verb) = words.next() else {
        return Ok(Command::Help);
    };
    let args: Vec<&str> = words.collect();
    let too_many = |max: usize| -> Result<(), String> {
        if args.len() > max {
            Err(format!("{verb}: too many arguments (see `monitor help`)"))
        } else {
            Ok(())
        }
    };
    let number = |s: &str| parse_number(s).ok_or_else(|| format!("{verb}: {s:?} is not a number"));
    match verb.to_ascii_lowercase().as_str() {
        "help" | "?" => {
            too_many(0)?;
            Ok(Command::Help)
        }
        "pt" => {
            too_many(1)?;
            let satp = args.first().map(|s| number(s)).transpose()?;
            Ok(Command::PageTables { satp })
        }
        "translate" => {
            too_many(3)?;
            let Some(va) = args.first() else {
                return Err("translate: which address? usage: translate VA [U|S|M] [r|w|x]".into());
            };
            let va = number(va)?;
            let mut privilege = None;
            let mut access = None;
            for a in args.iter().skip(1) {
                match a.to_ascii_lowercase().as_str() {
                    "u" => privilege = Some(Privilege::User),
                    "s" => privilege = Some(Privilege::Supervisor),
                    "m" => privilege = Some(Privilege::Machine),
                    "r" | "load" => access = Some(AccessType::Load),
                    "w" | "store" => access = Some(AccessType::Store),
                    "x" | "fetch" => access = Some(AccessType::Fetch),
                    _ => {
                        return Err(format!(
                        "translate: {a:?} is neither a privilege (U, S, M) nor an access (r, w, x)"
                    ))
                    }
                }
            }
            Ok(Command::Translate {
                va,
                privilege,
                access: access.unwrap_or(AccessType::Load),
            })
        }
        "tlb" => {
            too_many(0)?;
            Ok(Command::Tlb)
        }
        "stats" => {
            too_many(0)?;
            Ok(Command::Stats)
        }
        "csr" => {
            too_many(1)?;
            let Some(which) = args.first() else {
                return Err("csr: which CSR? e.g. csr satp, csr 0x180".into());
            };
            let num = match super::arch::csr_number(which) {
                Some(n) => u64::from(n),
                None => parse_number(which).ok_or_else(|| format!("csr: unknown CSR {which:?}"))?,
            };
            let num = u16::try_from(num)
                .ok()
                .filter(|&n| n < 4096)
                .ok_or_else(|| format!("csr: {which} is not a CSR number (0..0xfff)"))?;
            Ok(Command::Csr(num))
        }
        _ => Err(format!(
            "unknown monitor command {verb:?}; `monitor help` lists them"
        )),
    }
}

/// Runs `cmd` and returns its output (newline-terminated lines).
pub fn execute(cmd: Command, hart: &mut Hart) -> String {
    match cmd {
        Command::Help => format!("{HELP}\n"),
        Command::PageTables { satp: None } if hart.guest_tables_in_use() => guest_tables(hart),
        Command::PageTables { satp } => {
            let satp = Satp(satp.unwrap_or(hart.csr.satp));
            let pbmte = hart.context(AccessType::Load).pbmte;
            mmu::dump::dump_page_tables_capped(satp, pbmte, None, PT_MAX_RANGES, &mut hart.bus)
                .to_string()
        }
        Command::Translate {
            va,
            privilege,
            access,
        } => translate(hart, va, privilege, access),
        Command::Tlb => tlb(hart),
        Command::Stats => {
            let mut s = crate::stats::report(hart);
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        Command::Csr(num) => match super::target::read_csr(hart, num) {
            Some(v) => {
                let name = super::arch::csr_name(num).unwrap_or("csr");
                format!("{name} ({num:#05x}) = {v:#018x}\n")
            }
            None => format!("csr {num:#05x}: not implemented by rvmmu\n"),
        },
    }
}

/// `monitor translate`: the probe's walk trace and what the TLB holds.
fn translate(hart: &mut Hart, va: u64, privilege: Option<Privilege>, access: AccessType) -> String {
    let mut ctx = *hart.context(access);
    if let Some(p) = privilege {
        ctx.privilege = p;
    }
    let (_, trace) = mmu::probe(VirtAddr(va), access, &ctx, &mut hart.bus);
    let mut out = trace.to_string();
    if !ctx.is_bare() {
        match hart.mmu.peek_tlb(VirtAddr(va), ctx.satp.asid()) {
            Some(e) => {
                let _ = writeln!(
                    out,
                    "  TLB: holds pa {:#x} (level {}, flags {:#04x}, asid {}{}{}{})",
                    e.physical_address(VirtAddr(va)).0,
                    e.level,
                    e.flags,
                    e.asid.0,
                    if e.global { ", global" } else { "" },
                    if e.napot { ", NAPOT" } else { "" },
                    match e.memory_type {
                        mmu::MemoryType::Pma => "",
                        mmu::MemoryType::Nc => ", NC",
                        mmu::MemoryType::Io => ", IO",
                        mmu::MemoryType::Reserved => ", PBMT=3",
                    }
                );
            }
            None => out.push_str("  TLB: no entry for this page\n"),
        }
    }
    out
}

/// `monitor tlb`: geometry, occupancy and the hit/miss counters.
fn tlb(hart: &Hart) -> String {
    let mut out = String::new();
    let mut capacity = 0;
    for (g, size) in hart
        .mmu
        .tlb_geometry()
        .iter()
        .zip(["4K", "2M", "1G", "512G", "256T"])
    {
        capacity += g.entries;
        let _ = writeln!(
            out,
            "TLB {size}: {} entries, {} ways, {} sets",
            g.entries, g.ways, g.sets
        );
    }
    let _ = writeln!(
        out,
        "occupancy: {} of {capacity} entries valid",
        hart.mmu.tlb_occupancy()
    );
    let s = hart.mmu.stats();
    let (h, m) = (&s.tlb_hits, &s.tlb_misses);
    let _ = writeln!(
        out,
        "hits:   fetch {} load {} store {}",
        h.fetch, h.load, h.store
    );
    let _ = writeln!(
        out,
        "misses: fetch {} load {} store {}",
        m.fetch, m.load, m.store
    );
    let total = h.total().saturating_add(m.total());
    if total > 0 {
        let _ = writeln!(
            out,
            "hit rate: {:.2}% of {total} translations",
            100.0 * h.total() as f64 / total as f64
        );
    }
    let _ = writeln!(
        out,
        "walks: {} (pte reads {}, pte writes {})",
        s.walks, s.pte_reads, s.pte_writes
    );
    out
}

/// `monitor pt` with V = 1 or a G-stage in force (H): the VS-stage tree of
/// vsatp, its PTEs read at their guest physical addresses through the
/// G-stage, then the G-stage tree of hgatp.
fn guest_tables(hart: &mut Hart) -> String {
    let g = hart.guest_context();
    let mut mem = mmu::GuestPhysReader {
        ctx: &g,
        mem: &mut hart.bus,
    };
    let vs =
        mmu::dump::dump_page_tables_capped(g.vs.satp, g.vs.pbmte, None, PT_MAX_RANGES, &mut mem);
    let gs = mmu::dump_g_stage_tables(g.hgatp, g.g_pbmte, &mut hart.bus);
    format!("VS-stage (vsatp):\n{vs}G-stage (hgatp):\n{gs}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::bus::Bus;
    use crate::hart::HartConfig;

    #[test]
    fn commands_parse_with_their_arguments() {
        for (line, want) in [
            ("", Command::Help),
            ("help", Command::Help),
            ("  HELP  ", Command::Help),
            ("pt", Command::PageTables { satp: None }),
            (
                "pt 0x8000000000080042",
                Command::PageTables {
                    satp: Some(0x8000_0000_0008_0042),
                },
            ),
            (
                "translate 0x80000000",
                Command::Translate {
                    va: 0x8000_0000,
                    privilege: None,
                    access: AccessType::Load,
                },
            ),
            (
                "translate 4096 U",
                Command::Translate {
                    va: 4096,
                    privilege: Some(Privilege::User),
                    access: AccessType::Load,
                },
            ),
            (
                "translate 0x1000 x s",
                Command::Translate {
                    va: 0x1000,
                    privilege: Some(Privilege::Supervisor),
                    access: AccessType::Fetch,
                },
            ),
            (
                "translate 0x1000 m w",
                Command::Translate {
                    va: 0x1000,
                    privilege: Some(Privilege::Machine),
                    access: AccessType::Store,
                },
            ),
            ("tlb", Command::Tlb),
            ("stats", Command::Stats),
            ("csr satp", Command::Csr(0x180)),
            ("csr MSTATUS", Command::Csr(0x300)),
            ("csr 0x343", Command::Csr(0x343)),
            ("csr 832", Command::Csr(0x340)),
        ] {
            assert_eq!(parse(line), Ok(want), "{line:?}");
        }
    }

    #[test]
    fn bad_commands_are_refused_with_the_reason() {
        for (line, reason) in [
            ("frobnicate", "unknown monitor command"),
            ("translate", "which address"),
            ("translate zz", "not a number"),
            ("translate 0x10 Q", "neither a privilege"),
            ("translate 0x10 U r x extra", "too many arguments"),
            ("pt 0xnope", "not a number"),
            ("pt 1 2", "too many arguments"),
            ("tlb now", "too many arguments"),
            ("csr", "which CSR"),
            ("csr bogus", "unknown CSR"),
            ("csr 0x1000", "not a CSR number"),
            ("csr 99999999999999999999999", "unknown CSR"),
        ] {
            let err = parse(line).expect_err(line);
            assert!(err.contains(reason), "{line:?}: {err}");
        }
    }

    #[test]
    fn numbers_are_decimal_or_hex() {
        assert_eq!(parse_number("0x10"), Some(16));
        assert_eq!(parse_number("0XfF"), Some(255));
        assert_eq!(parse_number("10"), Some(10));
        assert_eq!(parse_number("0x"), None);
        assert_eq!(parse_number("-1"), None);
        assert_eq!(parse_number("0xffffffffffffffff"), Some(u64::MAX));
        assert_eq!(parse_number("0x10000000000000000"), None);
    }

    fn hart() -> Hart {
        Hart::new(Bus::new(1 << 20), 0x8000_0000, HartConfig::default())
    }

    #[test]
    fn pt_with_a_g_stage_dumps_the_vs_and_g_trees() {
        let mut h = hart();
        // Sv39x4 root (16 KiB) at 0x80004000: gpa 0x8000_0000 -> the same
        // gigapage (V R W X U A D); vsatp Bare.
        let root = 0x8000_4000u64;
        let leaf = ((0x8000_0000u64 >> 12) << 10) | 0xdf;
        h.bus
            .ram
            .slice_mut(root + 8 * 2, 8)
            .unwrap()
            .copy_from_slice(&leaf.to_le_bytes());
        h.csr.h.hgatp = (8 << 60) | (root >> 12);
        let out = execute(parse("pt").unwrap(), &mut h);
        assert!(out.starts_with("VS-stage (vsatp):"), "{out}");
        let g = out.find("G-stage (hgatp):").expect("a G-stage part");
        assert!(
            out[g..].contains("0x0000000080000000-0x00000000bfffffff"),
            "{out}"
        );
        // Without a G-stage (hgatp Bare, V = 0) it is the satp dump again.
        h.csr.h.hgatp = 0;
        let out = execute(parse("pt").unwrap(), &mut h);
        assert!(!out.contains("G-stage"), "{out}");
    }

    #[test]
    fn translate_in_m_mode_reports_no_translation() {
        let mut h = hart();
        let out = execute(parse("translate 0x80000010").unwrap(), &mut h);
        assert!(out.contains("no translation"), "{out}");
        assert!(out.contains("pa = 0x80000010"), "{out}");
        assert!(!out.contains("TLB"), "{out}");
    }

    #[test]
    fn translate_walks_three_levels_of_a_4k_mapping_without_writing() {
        let mut h = hart();
        // Root at 0x80001000, level-1 table at 0x80002000, level-0 table at
        // 0x80003000; va 0x40201000 -> pa 0x80005000 (R W, A = D = 0).
        let (root, l1, l0) = (0x8000_1000u64, 0x8000_2000u64, 0x8000_3000u64);
        let pointer = |pa: u64| ((pa >> 12) << 10) | 1;
        let va = 0x4020_1000u64;
        let leaf = ((0x8000_5000u64 >> 12) << 10) | 0b0111;
        let r = &mut h.bus.ram;
        let put = |r: &mut crate::bus::Ram, pa: u64, v: u64| {
            r.slice_mut(pa, 8)
                .unwrap()
                .copy_from_slice(&v.to_le_bytes())
        };
        put(r, root + 8 * ((va >> 30) & 511), pointer(l1));
        put(r, l1 + 8 * ((va >> 21) & 511), pointer(l0));
        put(r, l0 + 8 * ((va >> 12) & 511), leaf);
        h.csr.satp = (8 << 60) | (root >> 12);
        h.privilege = Privilege::Supervisor;
        h.update_contexts();
        let out = execute(parse("translate 0x40201234 S").unwrap(), &mut h);
        for level in ["level 2", "level 1", "level 0"] {
            assert!(out.contains(level), "{level}: {out}");
        }
        // Svade: A = 0 is a fault for the guest, and the probe says so.
        assert!(out.contains("fault"), "{out}");
        assert!(out.contains("TLB: no entry"), "{out}");
        let after = h.bus.ram.read_pa::<8>(l0 + 8 * ((va >> 12) & 511));
        assert_eq!(after, Some(leaf), "the probe wrote nothing");
        // The page-table dump shows the one 4K leaf.
        let pt = execute(parse("pt").unwrap(), &mut h);
        assert!(pt.contains("1 leaves (4K 1"), "{pt}");
        assert!(pt.contains("0x0000000040201000"), "{pt}");
        // And the debugger reads through it (A = 0 does not hide it).
        h.bus
            .ram
            .slice_mut(0x8000_5234, 4)
            .unwrap()
            .copy_from_slice(&[1, 2, 3, 4]);
        let mut buf = [0u8; 4];
        assert_eq!(super::super::memory::read(&mut h, 0x4020_1234, &mut buf), 4);
        assert_eq!(buf, [1, 2, 3, 4]);
        assert_eq!(
            h.bus.ram.read_pa::<8>(l0 + 8 * ((va >> 12) & 511)),
            Some(leaf)
        );
        // Unmapped: nothing read.
        assert_eq!(super::super::memory::read(&mut h, 0x4040_0000, &mut buf), 0);
    }

    #[test]
    fn tlb_and_csr_and_stats_report_the_hart() {
        let mut h = hart();
        let out = execute(Command::Tlb, &mut h);
        assert!(out.contains("TLB 4K: 64 entries, 4 ways, 16 sets"), "{out}");
        assert!(out.contains("occupancy: 0 of"), "{out}");
        h.csr.mscratch = 0x1234;
        let out = execute(parse("csr mscratch").unwrap(), &mut h);
        assert_eq!(out, "mscratch (0x340) = 0x0000000000001234\n");
        let out = execute(parse("csr 0x7c0").unwrap(), &mut h);
        assert!(out.contains("not implemented"), "{out}");
        assert!(execute(Command::Stats, &mut h).contains("hart.instructions"));
    }
}
