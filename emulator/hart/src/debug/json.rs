//! `--explain-faults=json`: one JSON object per fault, one per line (JSON
//! Lines), for tools. The schema is documented in README.md ("Debugging the
//! MMU"); 64-bit addresses are hexadecimal strings, since JSON numbers are
//! doubles in most readers.

use super::explain::{cause_name, FaultReport, FaultSource};
use super::explain_guest::GuestFaultReport;
use mmu::explain::access_noun;
use std::fmt::Write;

/// Appends `s` as a JSON string literal (RFC 8259 section 7): quotes,
/// backslashes and control characters escaped.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn key(out: &mut String, name: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    push_string(out, name);
    out.push(':');
}

fn hex(out: &mut String, name: &str, v: u64) {
    key(out, name);
    let _ = write!(out, "\"{v:#x}\"");
}

fn hex_or_null(out: &mut String, name: &str, v: Option<u64>) {
    key(out, name);
    match v {
        Some(v) => {
            let _ = write!(out, "\"{v:#x}\"");
        }
        None => out.push_str("null"),
    }
}

fn string_or_null(out: &mut String, name: &str, v: Option<&str>) {
    key(out, name);
    match v {
        Some(s) => push_string(out, s),
        None => out.push_str("null"),
    }
}

/// The fault as one JSON object, without a newline.
pub fn fault_line(r: &FaultReport) -> String {
    let mut out = fault_fields(r);
    out.push('}');
    out
}

/// A two-stage fault (H) as one JSON object, without a newline: the keys
/// of [`fault_line`] (`va` is the guest virtual address, `privilege` the
/// VS-level one), then `virtual` (true), `stage` (`"VS"` or `"G"`), `gva`,
/// `gpa` (null for a VS-stage fault), `implicit` (null, or the VS-level
/// PTE access the G-stage was translating: `{"vs_level":N,"write":B}`),
/// `htval` and `htinst`.
pub fn guest_fault_line(g: &GuestFaultReport) -> String {
    let mut out = fault_fields(&g.report);
    key(&mut out, "virtual");
    out.push_str("true");
    key(&mut out, "stage");
    push_string(&mut out, g.stage.name());
    hex(&mut out, "gva", g.report.va);
    hex_or_null(&mut out, "gpa", g.gpa);
    key(&mut out, "implicit");
    match g.implicit {
        Some(i) => {
            let _ = write!(out, "{{\"vs_level\":{},\"write\":{}}}", i.vs_level, i.write);
        }
        None => out.push_str("null"),
    }
    hex(&mut out, "htval", g.htval);
    hex(&mut out, "htinst", g.htinst);
    out.push('}');
    out
}

/// The keys every fault has, in an object left open.
fn fault_fields(r: &FaultReport) -> String {
    let mut out = String::from("{");
    key(&mut out, "event");
    push_string(&mut out, "fault");
    key(&mut out, "cause");
    let _ = write!(out, "{}", r.cause.code());
    key(&mut out, "cause_name");
    push_string(&mut out, cause_name(r.cause));
    key(&mut out, "instret");
    let _ = write!(out, "{}", r.instret);
    hex(&mut out, "pc", r.pc);
    string_or_null(
        &mut out,
        "symbol",
        r.symbol.as_ref().map(|(n, _)| n.as_str()),
    );
    key(&mut out, "symbol_offset");
    match &r.symbol {
        Some((_, off)) => {
            let _ = write!(out, "{off}");
        }
        None => out.push_str("null"),
    }
    key(&mut out, "insn");
    match r.insn {
        Some(i) if i.len == 2 => {
            let _ = write!(out, "\"{:#06x}\"", i.raw & 0xffff);
        }
        Some(i) => {
            let _ = write!(out, "\"{:#010x}\"", i.raw);
        }
        None => out.push_str("null"),
    }
    string_or_null(&mut out, "disasm", r.disasm.as_deref());
    key(&mut out, "access");
    push_string(&mut out, access_noun(r.access));
    key(&mut out, "privilege");
    push_string(&mut out, r.privilege.letter().encode_utf8(&mut [0; 4]));
    hex(&mut out, "va", r.va);
    hex_or_null(&mut out, "pa", r.pa);
    key(&mut out, "source");
    push_string(
        &mut out,
        match r.source {
            FaultSource::Walk => "walk",
            FaultSource::Bus => "bus",
            FaultSource::Pmp => "pmp",
        },
    );
    key(&mut out, "reason");
    push_string(&mut out, &r.reason);
    key(&mut out, "rule");
    push_string(&mut out, r.rule);
    key(&mut out, "pte_level");
    match r.pte {
        Some((level, _)) => {
            let _ = write!(out, "{level}");
        }
        None => out.push_str("null"),
    }
    key(&mut out, "pte");
    match r.pte {
        Some((_, pte)) => {
            let _ = write!(out, "\"{pte:#018x}\"");
        }
        None => out.push_str("null"),
    }
    key(&mut out, "pmp_entry");
    match r.pmp_entry {
        Some(i) => {
            let _ = write!(out, "{i}");
        }
        None => out.push_str("null"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_control_characters() {
        for (text, want) in [
            ("plain", "\"plain\""),
            ("a\"b", "\"a\\\"b\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("line\nbreak\ttab", "\"line\\nbreak\\ttab\""),
            ("\u{1}bell\u{7}", "\"\\u0001bell\\u0007\""),
            ("§4.3.2 — step", "\"§4.3.2 — step\""),
        ] {
            let mut out = String::new();
            push_string(&mut out, text);
            assert_eq!(out, want, "{text:?}");
        }
    }
}
