//! The self-contained HTML report: inline CSS and SVG, no scripts, no
//! network. Charts come from [`super::plots`]; the address-space map is
//! drawn here (one band per area, one cell per page).

use super::events::{FaultKind, PageState, VmEvent};
use super::plots::{self, Limit, Series};
use super::{CodeSymbols, Recording};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font-family:sans-serif;margin:24px;color:#222;max-width:1000px}\
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\
th{background:#f2f2f2}td.l,th.l{text-align:left}.note{color:#555;font-size:13px}\
.key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}\
svg{display:block;margin:6px 0}";

/// A whole page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{body}</body>\n</html>\n",
        esc(title),
        esc(title)
    )
}

/// Millions of instructions, the x axis of the time charts.
fn minsns(n: u64) -> f64 {
    n as f64 / 1e6
}

/// At most `max` points, evenly picked (the first and last kept).
fn thin<T: Copy>(v: Vec<T>, max: usize) -> Vec<T> {
    if v.len() <= max || max < 2 {
        return v;
    }
    let step = (v.len() - 1) as f64 / (max - 1) as f64;
    (0..max)
        .filter_map(|i| v.get(((i as f64) * step).round() as usize).copied())
        .collect()
}

/// The report of one recorded run.
pub fn run_report(rec: &Recording, symbols: &CodeSymbols) -> Result<String, String> {
    let mut b = String::new();
    let c = rec.counts();
    let frames = rec.frames.filter(|&f| f != 0);
    let _ = writeln!(
        b,
        "<p>Program <b>{}</b>, policy <b>{}</b>, {}, {} guest instructions, {:.2} s.</p>",
        esc(&rec.program),
        esc(&rec.policy),
        frames.map_or("no frame limit".to_string(), |f| format!("--frames {f}")),
        rec.instret,
        rec.wall.as_secs_f64()
    );
    let _ = writeln!(
        b,
        "<table id=\"counts\"><tr><th>minor faults</th><th>major faults</th><th>page-ins</th><th>evictions</th><th>dirty evictions</th><th>swap reads</th><th>swap writes</th><th>peak resident</th></tr>\n<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>",
        c.minor, c.major, c.page_ins, c.evictions, c.dirty_evictions, c.swap_reads, c.swap_writes, c.peak_resident
    );
    let scan_refs = rec
        .events
        .iter()
        .filter(|e| matches!(e, VmEvent::Ref { .. }))
        .count();
    let _ = writeln!(
        b,
        "<p class=\"note\">{scan_refs} A-bit references seen by the policy's scans (a page found used since the previous scan; FIFO does not scan).</p>"
    );
    if rec.lost > 0 {
        let _ = writeln!(
            b,
            "<p class=\"note\">{} events were lost (the recorder keeps at most {}).</p>",
            rec.lost,
            crate::devices::vm_events::MAX_EVENTS
        );
    }

    b.push_str("<h2>Resident pages and page faults</h2>\n");
    b.push_str(&resident_chart(rec, frames)?);
    b.push_str(&fault_rate_chart(rec)?);
    b.push_str("<p class=\"note\">Resident user pages after each fault and before each eviction (the firmware's count, page tables excluded). A resident line pinned at the limit with a high page-in rate is thrashing: the working set does not fit.</p>\n");

    b.push_str("<h2>Address space at exit</h2>\n");
    b.push_str(&address_space(rec));

    b.push_str("<h2>TLB</h2>\n");
    b.push_str(&tlb_chart(rec)?);
    b.push_str(&walk_depth_chart(rec)?);

    b.push_str("<h2>Top faulting code addresses</h2>\n");
    b.push_str(&top_pcs(rec, symbols));
    b.push_str("<p class=\"note\">Faults are counted at the pc of the faulting instruction; a fault the kernel took while copying for a system call is counted at the <code>ecall</code>.</p>\n");
    Ok(page(&format!("rvmmu report: {}", rec.program), &b))
}

fn resident_chart(rec: &Recording, frames: Option<u32>) -> Result<String, String> {
    let mut pts: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    for e in &rec.events {
        match *e {
            VmEvent::Fault {
                resident, instret, ..
            }
            | VmEvent::Evict {
                resident, instret, ..
            } => {
                pts.push((minsns(instret), resident as f64));
            }
            _ => {}
        }
    }
    let last = pts.last().map_or(0.0, |p| p.1);
    pts.push((minsns(rec.instret), last));
    let series = [Series {
        name: "resident user pages",
        color: plots::BLUE_,
        points: thin(pts, 4000),
    }];
    let limit = frames.map(|f| Limit {
        name: "--frames limit",
        y: f64::from(f),
    });
    plots::lines(
        "Resident pages over time",
        "guest instructions (millions)",
        "pages",
        &series,
        limit,
    )
}

/// Page-ins (minor and major) per bin of instructions.
fn fault_rate_chart(rec: &Recording) -> Result<String, String> {
    const BINS: u64 = 200;
    let bin = (rec.instret / BINS).max(1000);
    let n = (rec.instret / bin + 1) as usize;
    let mut minor = vec![0u64; n];
    let mut major = vec![0u64; n];
    for e in &rec.events {
        if let VmEvent::Fault { kind, instret, .. } = *e {
            let i = ((instret / bin) as usize).min(n - 1);
            let v = if kind == FaultKind::Swap {
                &mut major
            } else {
                &mut minor
            };
            if kind.is_page_in() {
                if let Some(x) = v.get_mut(i) {
                    *x += 1;
                }
            }
        }
    }
    let scale = 1e6 / bin as f64;
    let pts = |v: &[u64]| {
        v.iter()
            .enumerate()
            .map(|(i, &c)| (minsns(i as u64 * bin + bin / 2), c as f64 * scale))
            .collect::<Vec<_>>()
    };
    plots::lines(
        "Page-in rate",
        "guest instructions (millions)",
        "page-ins per million instructions",
        &[
            Series {
                name: "minor (zero, file)",
                color: plots::GREEN_,
                points: pts(&minor),
            },
            Series {
                name: "major (swap-in)",
                color: plots::ORANGE_,
                points: pts(&major),
            },
        ],
        None,
    )
}

fn tlb_chart(rec: &Recording) -> Result<String, String> {
    let mut pts = Vec::new();
    for w in rec.samples.windows(2) {
        if let [a, b] = w {
            let hits = b.hits.saturating_sub(a.hits);
            let total = hits + b.misses.saturating_sub(a.misses);
            if total > 0 {
                pts.push((minsns(b.instret), 100.0 * hits as f64 / total as f64));
            }
        }
    }
    plots::lines(
        "TLB hit rate over time",
        "guest instructions (millions)",
        "hits, % of translations",
        &[Series {
            name: "TLB hit rate (per 100,000 instructions)",
            color: plots::PURPLE_,
            points: thin(pts, 4000),
        }],
        None,
    )
}

fn walk_depth_chart(rec: &Recording) -> Result<String, String> {
    let last = rec
        .walk_depth
        .iter()
        .rposition(|&c| c != 0)
        .unwrap_or(3)
        .max(3);
    let bars: Vec<(String, u64)> = rec
        .walk_depth
        .iter()
        .enumerate()
        .take(last + 1)
        .skip(1)
        .map(|(i, &c)| {
            let name = if i + 1 == rec.walk_depth.len() {
                format!("{i}+")
            } else {
                i.to_string()
            };
            (name, c)
        })
        .collect();
    plots::bars("Page-walk depth", "PTEs read by the walk", "walks", &bars)
}

/// Colours of the address-space map.
const C_RESIDENT: &str = "#1f77b4";
const C_SWAPPED: &str = "#ff7f0e";
const C_COW: &str = "#9467bd";
const C_FILE: &str = "#2ca02c";
const C_NONE: &str = "#e6e6e6";

fn state_color(s: Option<PageState>) -> &'static str {
    match s {
        Some(PageState::Resident) => C_RESIDENT,
        Some(PageState::Swapped) => C_SWAPPED,
        Some(PageState::Cow) => C_COW,
        Some(PageState::File) => C_FILE,
        None => C_NONE,
    }
}

const VMA_KINDS: [&str; 5] = ["image", "mmap", "heap", "stack", "file mmap"];

/// One SVG per process: its areas as bands, each page a cell coloured by
/// its state at exit (runs of equal cells merged).
fn address_space(rec: &Recording) -> String {
    let mut vmas: BTreeMap<u32, Vec<(u64, u64, u8, u8)>> = BTreeMap::new();
    // Only touched pages are sent: the work below is bounded by the
    // events, whatever size the areas claim to have.
    let mut pages: BTreeMap<(u32, u64), PageState> = BTreeMap::new();
    for e in &rec.events {
        match *e {
            VmEvent::Vma {
                pid,
                kind,
                prot,
                start,
                end,
            } => vmas.entry(pid).or_default().push((start, end, kind, prot)),
            VmEvent::Page { pid, va, state } => {
                pages.insert((pid, va), state);
            }
            _ => {}
        }
    }
    let mut out = String::new();
    out.push_str("<p class=\"key\">");
    for (c, name) in [
        (C_RESIDENT, "resident"),
        (C_SWAPPED, "swapped out"),
        (C_COW, "copy-on-write shared"),
        (C_FILE, "file-backed (clean image copy)"),
        (C_NONE, "never touched (or dropped)"),
    ] {
        let _ = write!(out, "<span style=\"background:{c}\"></span>{name}");
    }
    out.push_str("</p>\n");
    if vmas.is_empty() {
        out.push_str("<p class=\"note\">No areas were recorded (not a user program under rvmmu's firmware, or it did not end).</p>\n");
    }
    const W: f64 = 600.0;
    const LABEL: f64 = 330.0;
    const ROW: f64 = 22.0;
    for (pid, list) in &vmas {
        let h = ROW * list.len() as f64 + 8.0;
        let _ = writeln!(
            out,
            "<h3>pid {pid}</h3>\n<svg class=\"aspace\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\">",
            LABEL + W + 10.0,
            LABEL + W + 10.0
        );
        for (row, &(start, end, kind, prot)) in list.iter().enumerate() {
            let y = 4.0 + row as f64 * ROW;
            let npages = (end.saturating_sub(start) / 4096).max(1);
            let perm = format!(
                "{}{}{}",
                if prot & 1 != 0 { 'r' } else { '-' },
                if prot & 2 != 0 { 'w' } else { '-' },
                if prot & 4 != 0 { 'x' } else { '-' }
            );
            let kind = VMA_KINDS.get(kind as usize).copied().unwrap_or("?");
            let _ = writeln!(
                out,
                "<text x=\"0\" y=\"{:.1}\" font-size=\"12\" font-family=\"monospace\">{start:#011x}-{end:#011x} {perm} {kind} {npages}p</text>",
                y + 14.0
            );
            let _ = writeln!(
                out,
                "<rect x=\"{LABEL}\" y=\"{y:.1}\" width=\"{W}\" height=\"{:.1}\" fill=\"{C_NONE}\" stroke=\"#999\" stroke-width=\"0.5\"/>",
                ROW - 4.0
            );
            let cell = W / npages as f64;
            // Runs of consecutive pages in one state: (first, end, state).
            let mut run: Option<(u64, u64, PageState)> = None;
            let flush = |out: &mut String, from: u64, to: u64, st: PageState| {
                let _ = writeln!(
                    out,
                    "<rect x=\"{:.2}\" y=\"{y:.1}\" width=\"{:.2}\" height=\"{:.1}\" fill=\"{}\"/>",
                    LABEL + from as f64 * cell,
                    ((to - from) as f64 * cell).max(0.5),
                    ROW - 4.0,
                    state_color(Some(st))
                );
            };
            // (BTreeMap::range wants start <= end; the guest says what
            // they are.)
            let touched = pages.range((*pid, start)..(*pid, end.max(start)));
            for (&(_, va), &st) in touched {
                let i = (va - start) / 4096;
                match run {
                    Some((from, to, s)) if s == st && to == i => run = Some((from, i + 1, s)),
                    r => {
                        if let Some((from, to, s)) = r {
                            flush(&mut out, from, to, s);
                        }
                        run = Some((i, i + 1, st));
                    }
                }
            }
            if let Some((from, to, s)) = run {
                flush(&mut out, from, to, s);
            }
        }
        out.push_str("</svg>\n");
    }
    out
}

/// The code addresses with the most page faults (page-ins and the rest).
fn top_pcs(rec: &Recording, symbols: &CodeSymbols) -> String {
    let mut by_pc: HashMap<u64, [u64; 5]> = HashMap::new();
    for e in &rec.events {
        if let VmEvent::Fault { kind, pc, .. } = *e {
            let k = match kind {
                FaultKind::Zero => 0,
                FaultKind::File => 1,
                FaultKind::Swap => 2,
                FaultKind::Cow => 3,
                FaultKind::Ad => 4,
            };
            if let Some(c) = by_pc.entry(pc).or_default().get_mut(k) {
                *c += 1;
            }
        }
    }
    let mut rows: Vec<(u64, [u64; 5])> = by_pc.into_iter().collect();
    rows.sort_by_key(|(pc, c)| (std::cmp::Reverse(c.iter().sum::<u64>()), *pc));
    let mut out = String::from("<table id=\"top-pcs\"><tr><th class=\"l\">pc</th><th class=\"l\">symbol</th><th>faults</th><th>zero</th><th>file</th><th>swap-in</th><th>cow</th><th>a/d</th></tr>\n");
    for (pc, c) in rows.iter().take(15) {
        let _ = writeln!(
            out,
            "<tr><td class=\"l\"><code>{pc:#x}</code></td><td class=\"l\"><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&symbols.name(*pc)),
            c.iter().sum::<u64>(),
            c[0], c[1], c[2], c[3], c[4]
        );
    }
    out.push_str("</table>\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn areas_of_any_size_or_order_render_from_the_touched_pages_only() {
        let rec = Recording {
            program: "a<b>".into(),
            events: vec![
                VmEvent::Vma {
                    pid: 1,
                    kind: 1,
                    prot: 3,
                    start: 0,
                    end: u64::MAX,
                },
                VmEvent::Vma {
                    pid: 1,
                    kind: 9,
                    prot: 0,
                    start: 0x9000,
                    end: 0x1000,
                },
                VmEvent::Page {
                    pid: 1,
                    va: 0x2000,
                    state: PageState::Swapped,
                },
                VmEvent::Page {
                    pid: 1,
                    va: 0x3000,
                    state: PageState::Swapped,
                },
                VmEvent::Page {
                    pid: 1,
                    va: 0x5000,
                    state: PageState::Cow,
                },
            ],
            ..Recording::default()
        };
        let page = run_report(&rec, &CodeSymbols::default()).unwrap();
        assert!(page.contains("rvmmu report: a&lt;b&gt;"));
        let aspace = page.split("class=\"aspace\"").nth(1).unwrap();
        // Two touched runs in the first area: 0x2000-0x3fff and 0x5000.
        assert_eq!(aspace.matches(C_SWAPPED).count(), 1);
        assert_eq!(aspace.matches(C_COW).count(), 1);
    }
}
