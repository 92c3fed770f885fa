//! End-to-end tests of the MMU debugging options on two-stage translation
//! (H extension), on `tests/bin/hyp_debug.elf` (source:
//! tests/programs/hyp_debug.S): `--check-tlb` naming the missing
//! HFENCE.VVMA or HFENCE.GVMA, `--explain-faults` (text and JSON) naming
//! stage, level, gva, gpa and rule, `--trace-mmu`'s nested tree and
//! `--stats`' two-stage counters. Addresses come from the ELF's symbols;
//! the program itself checks cause and mtval2 of its faults (exit 0).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/bare_run.rs"]
mod bare_run;

use std::path::PathBuf;

fn elf() -> PathBuf {
    bare_run::bin("hyp_debug.elf")
}

fn sym(name: &str) -> u64 {
    bare_run::symbol(&elf(), name)
}

/// Runs hyp_debug.elf with `args`; it must exit 0. Returns stderr.
fn run(args: &[&str]) -> String {
    bare_run::run(&elf(), args)
}

fn lines_of<'a>(stderr: &'a str, prefix: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .collect()
}

#[test]
fn check_tlb_names_the_hfence_each_unfenced_pte_change_misses() {
    let err = run(&["--check-tlb"]);
    let warnings = lines_of(&err, "[WARN  mmu::stale] ");
    // page_a: VS PTE lost W, no sfence.vma; page_c: G-stage PTE lost W,
    // no hfence.gvma. page_b and page_d were fenced: no warning.
    assert_eq!(warnings.len(), 2, "{err}");
    for (warning, page, stage, fence) in [
        (
            warnings[0],
            "page_a",
            "VS",
            "HFENCE.VVMA (SFENCE.VMA in the guest)",
        ),
        (warnings[1], "page_c", "G", "HFENCE.GVMA"),
    ] {
        let gva = sym(page) + 8;
        let head = format!("stale V=1 TLB entry for gva {gva:#x} (VMID 5, asid 1)");
        assert!(warning.starts_with(&head), "{warning}");
        assert!(warning.contains(&format!(" the {stage}-stage leaf now grants less")));
        assert!(
            warning.ends_with(&format!("(missing {fence})")),
            "{warning}"
        );
    }
    assert!(
        !run(&[]).contains("mmu::stale"),
        "no warning without --check-tlb"
    );
}

#[test]
fn explain_faults_names_stage_level_gva_gpa_and_rule() {
    let err = run(&["--explain-faults"]);
    let lines = lines_of(&err, "[INFO  rvmmu::fault] ");
    assert_eq!(lines.len(), 2, "{err}");
    let (vs, g) = (sym("fault_vs"), sym("fault_g"));
    for (line, parts) in [
        (
            lines[0],
            vec![
                format!("load page fault (cause 13) at gva {vs:#x} in VS-mode"),
                "VS-stage (Sv39 under vsatp".to_string(),
                "level 0 PTE has V=0".to_string(),
                "§4.3.2 step 3".to_string(),
            ],
        ),
        (
            lines[1],
            vec![
                format!("load guest-page fault (cause 21) at gva {g:#x} in VS-mode"),
                format!("G-stage (Sv39x4, VMID 5) of gpa {g:#x}"),
                format!("htval {:#x}", g >> 2),
                "level 0 PTE has V=0".to_string(),
                "§8.5.1".to_string(),
            ],
        ),
    ] {
        for p in parts {
            assert!(line.contains(&p), "{line}\nlacks {p}");
        }
    }
}

#[test]
fn explain_faults_json_gives_two_stage_faults_their_own_keys() {
    let err = run(&["--explain-faults=json"]);
    let objects: Vec<serde_json::Value> = err
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(objects.len(), 2, "{err}");
    let hex = |v: u64| serde_json::Value::String(format!("{v:#x}"));
    let (vs, g) = (sym("fault_vs"), sym("fault_g"));
    let pc_of = |o: &serde_json::Value| {
        u64::from_str_radix(o["pc"].as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
    };
    let o = &objects[0];
    assert_eq!(o["cause"], 13);
    assert_eq!(o["cause_name"], "load page fault");
    assert_eq!(o["virtual"], true);
    assert_eq!(o["stage"], "VS");
    assert_eq!(o["privilege"], "S");
    assert_eq!(o["va"], hex(vs));
    assert_eq!(o["gva"], hex(vs));
    assert!(o["gpa"].is_null());
    assert_eq!(o["pte_level"], 0);
    assert_eq!(o["htval"], "0x0");
    assert_eq!(o["rule"], "Privileged 20211203 §4.3.2 step 3");
    assert_eq!(o["symbol"], "guest");
    assert_eq!(o["disasm"], "ld s1, 0(s0)");
    let o = &objects[1];
    assert_eq!(o["cause"], 21);
    assert_eq!(o["cause_name"], "load guest-page fault");
    assert_eq!(o["stage"], "G");
    assert_eq!(o["gva"], hex(g));
    assert_eq!(o["gpa"], hex(g));
    assert_eq!(o["pte_level"], 0);
    assert_eq!(o["pte"], "0x0000000000000000");
    assert!(
        o["implicit"].is_null(),
        "the final G-stage walk, not a PTE's"
    );
    assert_eq!(o["htval"], hex(g >> 2));
    assert_eq!(o["htinst"], "0x0");
    assert_eq!(o["access"], "load");
    // The two faulting loads are the program's last two before the ecall.
    assert_eq!(pc_of(&objects[1]) - pc_of(&objects[0]), 12);
}

/// The G-stage walk of `gpa` (identity, 4 KiB, valid) as `--trace-mmu`
/// nests it under a VS-level PTE read, at `indent`.
fn g_walk(indent: &str, gpa: u64, valid: bool) -> Vec<String> {
    let (root, l1, l0) = (sym("g_root"), sym("g_l1"), sym("g_l0"));
    let vpn = |i: u32, bits: u64| (gpa >> (12 + 9 * i)) & bits;
    let ptr = |t: u64| ((t >> 12) << 10) | 1;
    let mut v = vec![format!(
        "{indent}  vpn[2]={:#05x} vpn[1]={:#05x} vpn[0]={:#05x} offset={:#05x}",
        vpn(2, 0x7ff),
        vpn(1, 0x1ff),
        vpn(0, 0x1ff),
        gpa & 0xfff
    )];
    v.push(format!(
        "{indent}  level 2  pte @ {:#x} = {:#018x}  V -------  ppn {:#x}  -> next level",
        root + 8 * vpn(2, 0x7ff),
        ptr(l1),
        l1 >> 12
    ));
    v.push(format!(
        "{indent}  level 1  pte @ {:#x} = {:#018x}  V -------  ppn {:#x}  -> next level",
        l1 + 8 * vpn(1, 0x1ff),
        ptr(l0),
        l0 >> 12
    ));
    let at = l0 + 8 * vpn(0, 0x1ff);
    if valid {
        // V R W X U A D.
        let leaf = ((gpa >> 12) << 10) | 0xdf;
        v.push(format!(
            "{indent}  level 0  pte @ {at:#x} = {leaf:#018x}  V rwxu-ad  ppn {:#x}  -> leaf 4 KiB",
            gpa >> 12
        ));
        v.push(format!(
            "{indent}  ok: pa {gpa:#x} (4 KiB page, not global)"
        ));
    } else {
        v.push(format!(
            "{indent}  level 0  pte @ {at:#x} = {:#018x}  - -------  ppn 0x0  -> stop",
            0
        ));
        v.push(format!(
            "{indent}  stops: nothing is mapped there: the level 0 PTE has V=0 \
             — Privileged 20211203 §4.3.2 step 3"
        ));
    }
    v
}

#[test]
fn trace_mmu_nests_a_g_stage_walk_under_every_vs_level_pte() {
    let err = run(&["--trace-mmu"]);
    let gva = sym("fault_g");
    let head = format!("[INFO  rvmmu::mmu] translate gva {gva:#018x} (load, V=1 VS, ");
    let start = err
        .lines()
        .position(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("no walk of {gva:#x}:\n{err}"));
    let got: Vec<&str> = err.lines().skip(start + 1).take(34).collect();
    let (root, l1, l0) = (sym("vs_root"), sym("vs_l1"), sym("vs_l0"));
    let vpn = |i: u32| (gva >> (12 + 9 * i)) & 0x1ff;
    let ptr = |t: u64| ((t >> 12) << 10) | 1;
    let mut want = vec!["      VS-stage:".to_string()];
    for (level, table, pte, flags, ppn) in [
        (2, root, ptr(l1), "V -------", l1 >> 12),
        (1, l1, ptr(l0), "V -------", l0 >> 12),
        (0, l0, ((gva >> 12) << 10) | 0xcf, "V rwx--ad", gva >> 12),
    ] {
        let at = table + 8 * vpn(level);
        want.push(format!(
            "        level {level}  pte @ gpa {at:#x} = {pte:#018x}  {flags}  ppn {ppn:#x}"
        ));
        want.push(format!(
            "          G-stage (that PTE, as a load) gpa {at:#x}: spa {at:#x}"
        ));
        want.extend(g_walk("          ", at, true));
    }
    want.push(format!("        -> gpa {gva:#x} (4 KiB page)"));
    want.push(format!(
        "      G-stage (final, as a load) gpa {gva:#x}: step 3: level 0 PTE 0x0 has V=0"
    ));
    want.extend(g_walk("      ", gva, false));
    want.push(format!(
        "      fault: cause 21 (G-stage of gpa {gva:#x}: step 3: level 0 PTE 0x0 has V=0), \
         tval {gva:#x}, htval {:#x}, htinst 0x0",
        gva >> 2
    ));
    assert_eq!(got.len(), want.len(), "{err}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "\nfull block:\n{}", got.join("\n"));
    }
}

#[test]
fn stats_count_two_stage_walks_and_guest_page_faults_apart() {
    let err = run(&["--stats"]);
    // The loads that miss the V = 1 TLB: page_a, vs_l0 (its PTE, the
    // store then hits), page_b twice (before and after its sfence.vma),
    // page_c, page_d twice (hfence.gvma drops every VMID 5 entry),
    // fault_vs, fault_g: 9; the guest's code page twice (before and after
    // that hfence.gvma): 11 two-stage walks. M-mode runs Bare: no
    // one-stage walk. One guest-page fault (fault_g, a load); fault_vs is
    // a VS-stage page fault, counted with the page faults.
    assert!(
        err.contains("\nmmu.walks             0 (restarts 0)\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "\nmmu.two_stage         walks 11 guest-page-faults 1 (fetch 0 load 1 store 0)"
        ),
        "{err}"
    );
    assert!(err.contains("\nmmu.page_faults       1 (non-canonical 0 invalid 1 "));
    assert!(err.contains("hart.exception.load-guest-page-fault        1"));
}
