//! End-to-end tests of the MMU debugging options on `tests/bin/mmu_debug.elf`
//! (source: tests/programs/mmu_debug.S): golden `--trace-mmu` blocks,
//! `--explain-faults` lines and JSON, `--dump-pt` tables, `--stats-every`
//! and the `--check-tlb` warning. Addresses come from the ELF's symbols.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/bare_run.rs"]
mod bare_run;

use std::path::PathBuf;
use std::process::Command;

fn elf() -> PathBuf {
    bare_run::bin("mmu_debug.elf")
}

fn sym(name: &str) -> u64 {
    bare_run::symbol(&elf(), name)
}

/// Runs mmu_debug.elf with `args`; it must exit 0. Returns stderr.
fn run(args: &[&str]) -> String {
    bare_run::run(&elf(), args)
}

/// The messages of log target `target`, continuation lines with their
/// indentation removed.
fn blocks(stderr: &str, target: &str) -> Vec<String> {
    let head = format!("[INFO  {target}] ");
    let mut out: Vec<String> = Vec::new();
    let mut inside = false;
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix(&head) {
            out.push(rest.to_string());
            inside = true;
        } else if inside && line.starts_with(' ') {
            let last = out.last_mut().unwrap();
            last.push('\n');
            last.push_str(line.trim_start());
        } else {
            inside = false;
        }
    }
    out
}

/// The level-i PTE address of `va` in a table at `table`.
fn pte_at(table: u64, va: u64, level: u32) -> u64 {
    table + 8 * ((va >> (12 + 9 * level)) & 0x1ff)
}

fn pointer(table: u64) -> u64 {
    ((table >> 12) << 10) | 1
}

#[test]
fn trace_mmu_prints_the_store_fault_walk_on_a_read_only_page() {
    let (root, l1, l0, ro) = (sym("pt_root"), sym("pt_l1"), sym("pt_l0"), sym("ro_page"));
    let va = 0x8010_0000;
    let err = run(&["--trace-mmu", "--trace-mmu-range", "0x80100000..0x80101000"]);
    let got = blocks(&err, "rvmmu::mmu");
    let leaf = ((ro >> 12) << 10) | 0x43;
    let want = format!(
        "translate va {va:#018x} (store, S-mode, SUM=0 MXR=0) satp: Sv39 asid 1 root {root:#x}\n\
         vpn[2]=0x002 vpn[1]=0x000 vpn[0]=0x100 offset=0x000\n\
         level 2  pte @ {:#010x} = {:#018x}  V -------  ppn {:#x}  -> next level\n\
         level 1  pte @ {:#010x} = {:#018x}  V -------  ppn {:#x}  -> next level\n\
         level 0  pte @ {:#010x} = {leaf:#018x}  V r----a-  ppn {:#x}  -> leaf 4 KiB\n\
         fault: store page fault (cause 15): S-mode store to a page with W=0 — Privileged 20211203 §4.3.1 (R/W/X), §4.3.2 step 5",
        pte_at(root, va, 2),
        pointer(l1),
        l1 >> 12,
        pte_at(l1, va, 1),
        pointer(l0),
        l0 >> 12,
        pte_at(l0, va, 0),
        ro >> 12,
    );
    assert_eq!(got, [want], "{err}");
}

#[test]
fn trace_mmu_prints_every_walk_in_order_and_filters_by_privilege() {
    let got = blocks(&run(&["--trace-mmu"]), "rvmmu::mmu");
    let heads: Vec<&str> = got.iter().map(|b| b.lines().next().unwrap()).collect();
    let s_mode = "S-mode, SUM=0 MXR=0) satp: Sv39 asid 1";
    let want: Vec<String> = [
        (sym("s_main"), "fetch"),
        (0x8010_1000, "load"),
        (0x8010_0000, "store"),
        (0x8020_0010, "load"),
        (0x3000, "load"),
        (0x8010_2000, "load"),
        (0x8010_2000, "load"),
    ]
    .iter()
    .map(|(va, what)| format!("translate va {va:#018x} ({what}, {s_mode}"))
    .collect();
    assert_eq!(heads.len(), want.len(), "{got:#?}");
    for (h, w) in heads.iter().zip(&want) {
        assert!(h.starts_with(w.as_str()), "{h}\nwant {w}");
    }
    // The megapage and the gigapage end at levels 1 and 2.
    assert!(
        got[3].contains("-> leaf 2 MiB")
            && got[3].ends_with("ok: pa 0x80200010 (2 MiB page, not global)")
    );
    assert!(
        got[4].contains("-> leaf 1 GiB")
            && got[4].ends_with("ok: pa 0x3000 (1 GiB page, not global)")
    );
    // After the fence the walk finds frame_b.
    assert!(got[6].ends_with(&format!(
        "ok: pa {:#x} (4 KiB page, not global)",
        sym("frame_b")
    )));
    // M-mode accesses are never translated; U-mode makes none here.
    assert!(blocks(
        &run(&["--trace-mmu", "--trace-mmu-priv", "M,U"]),
        "rvmmu::mmu"
    )
    .is_empty());
    assert_eq!(
        blocks(
            &run(&["--trace-mmu", "--trace-mmu-priv", "s"]),
            "rvmmu::mmu"
        )
        .len(),
        7
    );
}

#[test]
fn explain_faults_gives_each_fault_its_reason_symbol_and_instruction() {
    let s_main = sym("s_main");
    let ro_pte = ((sym("ro_page") >> 12) << 10) | 0x43;
    let got = blocks(&run(&["--explain-faults"]), "rvmmu::fault");
    let want = [
        format!("load page fault (cause 13) at pc {:#x} <s_main+0xc> `ld s1, 0(s0)`: S-mode load at va 0x80101000: nothing is mapped there: the level 0 PTE has V=0 (level 0 PTE 0x0000000000000000 [-------]) — Privileged 20211203 §4.3.2 step 3", s_main + 0xc),
        format!("store/AMO page fault (cause 15) at pc {:#x} <s_main+0x1c> `sd s1, 0(s0)`: S-mode store at va 0x80100000: S-mode store to a page with W=0 (level 0 PTE {ro_pte:#018x} [r----a-]) — Privileged 20211203 §4.3.1 (R/W/X), §4.3.2 step 5", s_main + 0x1c),
        format!("load access fault (cause 5) at pc {:#x} <s_main+0x34> `ld s1, 0(s0)`: S-mode load at va 0x3000 (pa 0x3000): 8-byte load at physical address 0x3000, which is not memory or a device that accepts it — Privileged 20211203 §3.6 (physical memory attributes)", s_main + 0x34),
    ];
    assert_eq!(got, want);
}

/// The documented schema (README "Debugging the MMU"): key, JSON type.
const SCHEMA: [(&str, &str); 19] = [
    ("event", "string"),
    ("cause", "number"),
    ("cause_name", "string"),
    ("instret", "number"),
    ("pc", "hex"),
    ("symbol", "string|null"),
    ("symbol_offset", "number|null"),
    ("insn", "hex|null"),
    ("disasm", "string|null"),
    ("access", "string"),
    ("privilege", "string"),
    ("va", "hex"),
    ("pa", "hex|null"),
    ("source", "string"),
    ("reason", "string"),
    ("rule", "string"),
    ("pte_level", "number|null"),
    ("pte", "hex|null"),
    ("pmp_entry", "number|null"),
];

fn has_type(v: &serde_json::Value, ty: &str) -> bool {
    ty.split('|').any(|t| match t {
        "string" => v.is_string(),
        "number" => v.is_u64(),
        "null" => v.is_null(),
        "hex" => v
            .as_str()
            .and_then(|s| s.strip_prefix("0x"))
            .is_some_and(|h| !h.is_empty() && u64::from_str_radix(h, 16).is_ok()),
        _ => false,
    })
}

#[test]
fn explain_faults_json_lines_follow_the_documented_schema() {
    let err = run(&["--explain-faults=json"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    let schema: Vec<_> = SCHEMA.iter().filter(|(k, _)| !k.is_empty()).collect();
    let mut causes = Vec::new();
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).expect(line);
        let obj = v.as_object().expect(line);
        assert_eq!(
            obj.len(),
            schema.len(),
            "exactly the documented keys: {line}"
        );
        for (key, ty) in &schema {
            let field = obj
                .get(*key)
                .unwrap_or_else(|| panic!("{key} missing: {line}"));
            assert!(has_type(field, ty), "{key} is not {ty}: {line}");
        }
        assert_eq!(obj["event"], "fault");
        causes.push((
            obj["cause"].as_u64().unwrap(),
            obj["source"].as_str().unwrap().to_string(),
            obj["va"].as_str().unwrap().to_string(),
        ));
    }
    assert_eq!(
        causes,
        [
            (13, "walk".into(), "0x80101000".into()),
            (15, "walk".into(), "0x80100000".into()),
            (5, "bus".into(), "0x3000".into()),
        ]
    );
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["pc"], format!("{:#x}", sym("s_main") + 0xc));
    assert_eq!(first["symbol"], "s_main");
    assert_eq!(first["symbol_offset"], 12);
    assert_eq!(first["insn"], "0x00043483");
    assert_eq!(first["disasm"], "ld s1, 0(s0)");
}

/// The golden dump of mmu_debug's tables, with the 4 KiB page at
/// 0x8010_2000 on `frame`.
fn golden_dump(frame: u64) -> String {
    let root = sym("pt_root");
    let ro = sym("ro_page");
    format!(
        "satp: Sv39 asid 1 root {root:#x}: 8 leaves (4K 6, 2M 1, 1G 1) in 5 ranges\n\
vaddr                                 paddr                                 size       attr     page\n\
0x0000000000000000-0x000000003fffffff 0x0000000000000000-0x000000003fffffff 0x40000000 rw---ad  1G\n\
0x0000000080000000-0x0000000080003fff 0x0000000080000000-0x0000000080003fff 0x4000     r-x--a-  4K\n\
0x0000000080100000-0x0000000080100fff {ro:#018x}-{:#018x} 0x1000     r----a-  4K\n\
0x0000000080102000-0x0000000080102fff {frame:#018x}-{:#018x} 0x1000     rw---ad  4K\n\
0x0000000080200000-0x00000000803fffff 0x0000000080200000-0x00000000803fffff 0x200000   rw---ad  2M\n",
        ro + 0xfff,
        frame + 0xfff
    )
}

#[test]
fn dump_pt_prints_the_tables_at_exit_and_at_the_first_page_fault() {
    let err = run(&["--dump-pt"]);
    let at_exit = err.split_once("rvmmu: page tables at exit:\n").unwrap().1;
    assert_eq!(at_exit, golden_dump(sym("frame_b")));
    let err = run(&["--dump-pt=on-fault"]);
    let head = format!(
        "rvmmu: page tables at the first page fault (pc {:#x}, va 0x80101000):\n",
        sym("s_main") + 0xc
    );
    assert_eq!(err, head + &golden_dump(sym("frame_a")));
}

#[test]
fn check_tlb_warns_exactly_once_about_the_pte_changed_without_sfence() {
    let err = run(&["--check-tlb"]);
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("stale TLB entry"))
        .collect();
    assert_eq!(warnings.len(), 1, "{err}");
    let w = warnings[0];
    assert!(
        w.contains(&format!(
            "va 0x80102000 (asid 1): cached 4 KiB page pa {:#x}",
            sym("frame_a")
        )),
        "{w}"
    );
    assert!(
        w.contains(&format!("4 KiB page pa {:#x} (remapped)", sym("frame_b"))),
        "{w}"
    );
    assert!(
        !run(&[]).contains("stale"),
        "no warning without --check-tlb"
    );
}

#[test]
fn stats_every_prints_the_report_periodically() {
    let err = run(&["--stats-every", "50"]);
    let marks: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("rvmmu: stats after"))
        .collect();
    // The program retires a few hundred instructions.
    assert!(marks.len() >= 2, "{err}");
    for (k, m) in marks.iter().enumerate() {
        assert_eq!(
            *m,
            format!("rvmmu: stats after {} instructions:", 50 * (k + 1))
        );
    }
    assert!(err.contains("mmu.tlb.hits"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(["run", "x", "--stats-every", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "N must be at least 1");
}
