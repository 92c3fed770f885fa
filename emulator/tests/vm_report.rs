//! End-to-end: watching virtual memory (issue 18). `--policy lfu` against
//! a model; `rvmmu run --report` parsed (structure, every chart non-empty,
//! nothing fetched from outside, its counts equal to the firmware's own
//! `stats`) and rendered in headless Chromium (the screenshot must not be
//! blank); `rvmmu policies` (OPT a lower bound, each row the same as a
//! plain `rvmmu run` with that policy); `rvmmu sweep` (OPT never grows
//! with more frames; no swap-ins once everything fits).
//!
//! Needs `make -C tests/user` and, for the rendering, Debian's `chromium`
//! (tests/install-deps.sh); skipped with a message without them unless
//! `RVMMU_E2E=require`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/guest.rs"]
mod guest;

use guest::{required, user_program as program};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rvmmu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .args(args)
        .output()
        .expect("rvmmu runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rvmmu-vm-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// `firmware.NAME VALUE` lines of `stats` (the supervisor's lines: on
/// stderr after `rvmmu: `, see [`guest::console_lines`]).
fn firmware_stats(out: &str) -> HashMap<String, u64> {
    out.lines()
        .filter_map(|l| {
            let (k, v) = l.strip_prefix("firmware.")?.split_once(' ')?;
            Some((k.to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

// ---------------------------------------------------------------- LFU

/// Page faults under the firmware's LFU: before each choice every resident
/// page's count gets its A bit added (A cleared), every 32nd scan halves
/// all counts first; the smallest count goes, the oldest on a tie; a new
/// page starts at 0 with A set, a hit sets A. `phase`: scans the firmware
/// made before the string began.
fn lfu_model(refs: &[u32], frames: usize, phase: u64) -> u32 {
    // (page, count, A), oldest first.
    let mut res: Vec<(u32, u32, bool)> = Vec::new();
    let mut scans = phase;
    let mut faults = 0;
    for &r in refs {
        if let Some(p) = res.iter_mut().find(|p| p.0 == r) {
            p.2 = true;
            continue;
        }
        faults += 1;
        if res.len() == frames {
            scans += 1;
            let halve = scans.is_multiple_of(32);
            for p in res.iter_mut() {
                let n = if halve { p.1 >> 1 } else { p.1 };
                p.1 = (n + u32::from(p.2 && n < 255)).min(255);
                p.2 = false;
            }
            let min = res.iter().map(|p| p.1).min().unwrap_or(0);
            let victim = res.iter().position(|p| p.1 == min).unwrap_or(0);
            res.remove(victim);
        }
        res.push((r, 0, true));
    }
    faults
}

fn refstring_faults(prog: &Path, frames: usize, ad: &str, refs: &[u32]) -> u32 {
    let f = frames.to_string();
    let mut args = vec![
        "run", "--ad", ad, "--swap", "mem:16M", "--frames", &f, "--policy", "lfu",
    ];
    let p = prog.to_string_lossy().into_owned();
    args.push(&p);
    args.push("--");
    let refs_s: Vec<String> = refs.iter().map(u32::to_string).collect();
    args.extend(refs_s.iter().map(String::as_str));
    let out = rvmmu(&args);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    stdout
        .lines()
        .find_map(|l| {
            // refstring: N references to M pages: F page faults
            l.strip_suffix(" page faults")?
                .rsplit(": ")
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no fault count in {stdout}"))
}

#[test]
fn lfu_fault_counts_equal_the_model() {
    let Some(prog) = program("refstring") else {
        return;
    };
    // Page 1 is used often early, then rarely: LFU keeps it while its
    // count lasts, unlike LRU.
    let short = [1, 1, 1, 2, 1, 3, 1, 4, 5, 2, 3, 4, 5, 1, 6, 2, 6, 3];
    for ad in ["svade", "svadu"] {
        for frames in [3usize, 4] {
            let want = lfu_model(&short, frames, 0);
            assert_eq!(
                refstring_faults(&prog, frames, ad, &short),
                want,
                "{frames} frames, {ad}"
            );
        }
    }
    // A longer string (bootargs hold 63 words) with more than 32 scans:
    // the halving shows. The scans before the string (the program's own
    // start) are not known to the test, so one of the 32 phases must
    // match.
    let mut x = 7u32;
    let long: Vec<u32> = (0..62)
        .map(|i| {
            x = x.wrapping_mul(1103515245).wrapping_add(12345);
            if i % 3 == 0 {
                0
            } else {
                (x >> 16) % 7
            }
        })
        .collect();
    let got = refstring_faults(&prog, 3, "svadu", &long);
    let phases: Vec<u32> = (0..32).map(|p| lfu_model(&long, 3, p)).collect();
    assert!(
        phases.contains(&got),
        "{got} faults, the model gives {phases:?} by phase"
    );
    assert!(
        phases.iter().any(|&f| f != phases[0]),
        "the string exercises the halving"
    );
}

// ---------------------------------------------------------------- report

/// The report of `phases` with 40 frames, and the firmware's stats of the
/// same run.
fn phases_report(prog: &Path) -> (String, HashMap<String, u64>, PathBuf) {
    let html = tmp("phases.html");
    let out = rvmmu(&[
        "run",
        "--frames",
        "40",
        "--swap",
        "mem:16M",
        "--stats",
        "--report",
        html.to_str().expect("utf-8 path"),
        prog.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stats = firmware_stats(&guest::console_lines(&out).join("\n"));
    let page = std::fs::read_to_string(&html).expect("the report was written");
    (page, stats, html)
}

/// The cells of the row after the header of table `id`.
fn table_row(page: &str, id: &str) -> Vec<u64> {
    let start = page
        .find(&format!("<table id=\"{id}\">"))
        .unwrap_or_else(|| panic!("table {id}"));
    let table = &page[start..start + page[start..].find("</table>").expect("table end")];
    let row = table.split("<tr>").nth(2).expect("a data row");
    row.split("<td>")
        .skip(1)
        .map(|c| {
            c.split('<')
                .next()
                .unwrap_or("")
                .trim()
                .parse()
                .expect("a number")
        })
        .collect()
}

#[test]
fn report_is_self_contained_html_whose_counts_equal_the_firmwares() {
    let Some(prog) = program("phases") else {
        return;
    };
    let (page, fw, _) = phases_report(&prog);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    for h in [
        "Resident pages and page faults",
        "Address space at exit",
        "TLB",
        "Top faulting code addresses",
    ] {
        assert!(page.contains(&format!("<h2>{h}</h2>")), "section {h}");
    }
    // Nothing is fetched: no scripts, no src/href, no URL but the SVG
    // namespace.
    for bad in ["<script", " src=", "href=", "<link", "@import", "url("] {
        assert!(!page.contains(bad), "{bad} in the report");
    }
    let without_ns = page.replace("http://www.w3.org/2000/svg", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
    // Every SVG is closed and draws something: 4 charts, 1 address space.
    let svgs: Vec<&str> = page.split("<svg").skip(1).collect();
    assert!(svgs.len() >= 5, "{} SVGs", svgs.len());
    for s in &svgs {
        let body = &s[..s.find("</svg>").expect("closed svg")];
        let shapes = ["<polyline", "<path", "<rect", "<line", "<circle"]
            .iter()
            .map(|t| body.matches(t).count())
            .sum::<usize>();
        assert!(shapes >= 3, "an SVG with {shapes} shapes");
    }
    // The resident line reaches the limit and the limit is drawn.
    assert!(page.contains("--frames limit"));
    // The counts are the firmware's own.
    let c = table_row(&page, "counts");
    let minor = fw["page_faults.zero"] + fw["page_faults.file"] + fw["page_faults.cow"];
    assert_eq!(c[0], minor, "minor faults");
    assert_eq!(c[1], fw["page_faults.swap_in"], "major faults");
    assert_eq!(c[3], fw["evictions.clock"], "evictions");
    assert_eq!(c[5], fw["swap.reads"], "swap reads");
    assert_eq!(c[6], fw["swap.writes"], "swap writes");
    assert_eq!(c[7], 40, "peak resident = the frame limit");
    assert!(c[1] > 0, "phases thrashes with 40 frames");
    // The top faulting pc is in phases' code, named by its symbol.
    let top = page
        .split("<table id=\"top-pcs\">")
        .nth(1)
        .expect("top pcs");
    let first = top.split("<tr>").nth(2).expect("a row");
    assert!(
        first.contains("visit") || first.contains("phase"),
        "{first}"
    );
}

/// Debian's chromium, if installed.
fn chromium() -> Option<PathBuf> {
    for c in ["chromium", "chromium-browser"] {
        for dir in ["/usr/bin", "/usr/local/bin"] {
            let p = Path::new(dir).join(c);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    assert!(
        !required(),
        "chromium is missing: bash tests/install-deps.sh test"
    );
    eprintln!("skipped: chromium not installed (bash tests/install-deps.sh test)");
    None
}

#[test]
fn report_renders_in_headless_chromium_and_is_not_blank() {
    let Some(prog) = program("phases") else {
        return;
    };
    let Some(chromium) = chromium() else {
        return;
    };
    let (_, _, html) = phases_report(&prog);
    let profile = tmp("chromium-profile");
    let shot = tmp("report.png");
    let _ = std::fs::remove_file(&shot);
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1000,2400")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(shot.is_file(), "no screenshot: {}", text(&out.stderr));
    let decoder = png::Decoder::new(std::fs::File::open(&shot).expect("png"));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let px = &buf[..info.buffer_size()];
    let total = px.len() / channels;
    let coloured = px
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&v| v < 200))
        .count();
    // Text, axes, lines and the address-space bands: a blank or
    // error page has (almost) none.
    assert!(
        coloured * 100 > total * 3,
        "{coloured} of {total} pixels are not white"
    );
    // Blue of the resident line / bands, orange of swapped pages.
    let has = |r: u8, g: u8, b: u8| {
        px.chunks(channels).any(|p| {
            p.len() >= 3 && p[0].abs_diff(r) < 8 && p[1].abs_diff(g) < 8 && p[2].abs_diff(b) < 8
        })
    };
    assert!(has(31, 119, 180), "blue drawn");
    assert!(has(255, 127, 14), "orange drawn");
    if let Ok(keep) = std::env::var("RVMMU_REPORT_PNG") {
        std::fs::copy(&shot, keep).expect("copy the screenshot");
    }
}

// ---------------------------------------------------------------- policies

/// The rows of a `policies`/`sweep` table: first column, then numbers.
fn rows(stdout: &str) -> Vec<(String, Vec<f64>)> {
    stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("frames ") && !l.starts_with("policy "))
        .map(|l| {
            let mut w = l.split_whitespace();
            let name = w.next().unwrap_or("").to_string();
            (name, w.map(|x| x.parse().unwrap_or(f64::NAN)).collect())
        })
        .collect()
}

#[test]
fn policies_compares_every_policy_and_opt_is_a_lower_bound() {
    let Some(prog) = program("phases") else {
        return;
    };
    let p = prog.to_str().expect("utf-8 path");
    let html = tmp("policies.html");
    let h = html.to_str().expect("utf-8 path");
    let out = rvmmu(&["policies", "--frames", "40", "--report", h, p]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let table = rows(&stdout);
    let names: Vec<&str> = table.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, ["fifo", "clock", "lru", "lfu", "opt"], "{stdout}");
    let opt = table[4].1[2];
    for (name, v) in &table[..4] {
        assert!(opt <= v[2], "opt {opt} > {name} {}", v[2]);
    }
    assert!(opt < table[0].1[2], "OPT beats FIFO on phases");
    let page = std::fs::read_to_string(&html).expect("policies report");
    assert!(page.contains("<svg") && page.contains("<rect") && page.contains("lfu"));
    // Each row is what `rvmmu run --policy P` counts by itself.
    for (name, v) in &table[..4] {
        let out = rvmmu(&[
            "run",
            "--frames",
            "40",
            "--swap",
            "mem:131072K",
            "--policy",
            name,
            "--time",
            "icount",
            "--stats",
            p,
        ]);
        let fw = firmware_stats(&guest::console_lines(&out).join("\n"));
        let minor = fw["page_faults.zero"] + fw["page_faults.file"] + fw["page_faults.cow"];
        assert_eq!(v[0] as u64, minor, "{name} minor");
        assert_eq!(v[1] as u64, fw["page_faults.swap_in"], "{name} major");
        assert_eq!(
            v[3] as u64,
            fw[&format!("evictions.{name}")],
            "{name} evictions"
        );
        assert_eq!(v[6] as u64, fw["swap.writes"], "{name} swap writes");
    }
}

#[test]
fn sweep_shows_the_knee_and_opt_never_grows_with_frames() {
    let Some(prog) = program("phases") else {
        return;
    };
    let html = tmp("sweep.html");
    let out = rvmmu(&[
        "sweep",
        "--frames",
        "24..216:48",
        "--report",
        html.to_str().expect("utf-8 path"),
        prog.to_str().expect("utf-8 path"),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let table = rows(&stdout);
    let frames: Vec<u32> = table.iter().map(|r| r.0.parse().expect("frames")).collect();
    assert_eq!(frames, [24, 72, 120, 168, 216]);
    let opt: Vec<f64> = table.iter().map(|r| *r.1.last().expect("opt")).collect();
    assert!(
        opt.windows(2).all(|w| w[1] <= w[0]),
        "OPT is a stack algorithm: {opt:?}"
    );
    // 216 frames hold all 192 array pages, code, data and stack: no swap.
    let last = &table[4].1;
    assert_eq!(
        last[1], 0.0,
        "no major faults once everything fits: {stdout}"
    );
    assert!(table[0].1[1] > 0.0, "24 frames thrash");
    let page = std::fs::read_to_string(&html).expect("sweep report");
    assert!(page.contains("<svg") && page.contains("<polyline"));
}

#[test]
fn bad_requests_get_one_line_and_exit_2() {
    let hello = guest::root().join("tests/user/out/hello");
    let h = hello.to_str().expect("utf-8 path");
    for (args, needle) in [
        (vec!["policies", h], "--frames"),
        (
            vec!["policies", "--frames", "4", "--policy", "lru", h],
            "--policy",
        ),
        (vec!["sweep", "--frames", "9..3", h], "A <= B"),
        (
            vec!["policies", "--frames", "4", "--trace-mmu", h],
            "rvmmu run",
        ),
        (vec!["sweep", "--frames", "1..1000:1", h], "at most"),
        (
            vec!["run", "--report", "/nonexistent-dir/r.html", h],
            "--report /nonexistent-dir/r.html",
        ),
    ] {
        let out = rvmmu(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}
