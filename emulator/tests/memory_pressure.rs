//! End-to-end: memory pressure under the firmware (issue 5): page
//! replacement against a model, Belady's anomaly, a working set larger than
//! the frame limit that still computes the right checksum under every policy
//! and both A/D policies, fork with copy-on-write, a fork bomb, and the
//! same counts on QEMU's `virt` board with a virtio-blk swap disk.
//!
//! Needs `make -C tests/user`; skipped (with a message) without it unless
//! `RVMMU_E2E=require`, as in `user_programs.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/guest.rs"]
mod guest;

use guest::{required, root, user_program as program};
use std::path::Path;
use std::process::Command;

const REFERENCE_STRING: [u32; 12] = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];

/// Runs a user program on rvmmu; returns (exit code, stdout lines, then
/// the firmware's lines from stderr without their `rvmmu: ` prefix).
fn rvmmu(prog: &Path, opts: &[&str], args: &[String]) -> (i32, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_rvmmu"))
        .arg("run")
        .args(opts)
        .arg(prog)
        .arg("--")
        .args(args)
        .output()
        .expect("rvmmu runs");
    (out.status.code().unwrap_or(-1), guest::console_lines(&out))
}

/// Page faults under FIFO replacement with `frames` frames.
fn fifo_model(refs: &[u32], frames: usize) -> u32 {
    let mut resident: std::collections::VecDeque<u32> = Default::default();
    let mut faults = 0;
    for &r in refs {
        if !resident.contains(&r) {
            faults += 1;
            if resident.len() == frames {
                resident.pop_front();
            }
            resident.push_back(r);
        }
    }
    faults
}

/// Page faults under Clock (second chance): a hit sets the page's
/// referenced bit; a fault sweeps the hand past referenced pages, clearing
/// their bits, replaces the first unreferenced one and loads the new page
/// referenced (its PTE is installed with A set), then advances the hand.
fn clock_model(refs: &[u32], frames: usize) -> u32 {
    let mut slots: Vec<(u32, bool)> = Vec::new();
    let mut hand = 0;
    let mut faults = 0;
    for &r in refs {
        if let Some(s) = slots.iter_mut().find(|s| s.0 == r) {
            s.1 = true;
            continue;
        }
        faults += 1;
        if slots.len() < frames {
            slots.push((r, true));
            continue;
        }
        while slots[hand].1 {
            slots[hand].1 = false;
            hand = (hand + 1) % frames;
        }
        slots[hand] = (r, true);
        hand = (hand + 1) % frames;
    }
    faults
}

fn faults_reported(lines: &[String]) -> Option<u32> {
    lines.iter().find_map(|l| {
        l.strip_prefix("refstring: ")?
            .split(": ")
            .nth(1)?
            .strip_suffix(" page faults")?
            .parse()
            .ok()
    })
}

fn refstring_args() -> Vec<String> {
    REFERENCE_STRING.iter().map(u32::to_string).collect()
}

#[test]
fn fifo_and_clock_fault_counts_equal_the_model_and_fifo_shows_beladys_anomaly() {
    let Some(prog) = program("refstring") else {
        return;
    };
    assert!(
        fifo_model(&REFERENCE_STRING, 3) < fifo_model(&REFERENCE_STRING, 4),
        "the model shows the anomaly"
    );
    for ad in ["svade", "svadu"] {
        for frames in [3usize, 4] {
            for (policy, model) in [
                ("fifo", fifo_model as fn(&[u32], usize) -> u32),
                ("clock", clock_model),
            ] {
                let f = frames.to_string();
                let (code, lines) = rvmmu(
                    &prog,
                    &[
                        "--ad", ad, "--swap", "mem:16M", "--frames", &f, "--policy", policy,
                    ],
                    &refstring_args(),
                );
                assert_eq!(code, 0, "{policy} {frames} {ad}: {lines:?}");
                assert_eq!(
                    faults_reported(&lines),
                    Some(model(&REFERENCE_STRING, frames)),
                    "{policy} with {frames} frames under {ad}: {lines:?}"
                );
            }
        }
    }
}

fn checksum(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .find_map(|l| l.strip_prefix("wset: checksum ").map(str::to_string))
}

#[test]
fn working_set_four_times_the_frame_limit_reads_back_intact_under_every_policy() {
    let Some(prog) = program("wset") else { return };
    let args = ["256".to_string()];
    let (code, lines) = rvmmu(&prog, &[], &args);
    assert_eq!(code, 0, "{lines:?}");
    let want = checksum(&lines).expect("wset prints a checksum");
    for ad in ["svade", "svadu"] {
        for policy in ["fifo", "clock", "lru"] {
            let (code, lines) = rvmmu(
                &prog,
                &[
                    "--stats", "--ad", ad, "--swap", "mem:64M", "--frames", "64", "--policy",
                    policy,
                ],
                &args,
            );
            assert_eq!(code, 0, "{policy} {ad}: {lines:?}");
            assert_eq!(
                checksum(&lines).as_deref(),
                Some(want.as_str()),
                "{policy} {ad}"
            );
            let writes: u64 = lines
                .iter()
                .find_map(|l| l.strip_prefix("firmware.swap.writes ")?.parse().ok())
                .expect("swap writes are counted");
            let evictions: u64 = lines
                .iter()
                .find_map(|l| {
                    l.strip_prefix(&format!("firmware.evictions.{policy} "))?
                        .parse()
                        .ok()
                })
                .unwrap_or(0);
            assert!(
                evictions > 0,
                "{policy} {ad}: --policy must reach the firmware: {lines:?}"
            );
            assert!(
                writes >= 256 - 64,
                "{policy} {ad}: a 4x working set must page out ({writes} writes)"
            );
        }
    }
}

#[test]
fn fork_shares_pages_copy_on_write_and_a_fork_bomb_ends_with_eagain() {
    let Some(cow) = program("forkcow") else {
        return;
    };
    let (code, lines) = rvmmu(&cow, &["--stats"], &[]);
    assert_eq!(code, 0, "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("16 pages read: 0 faults")),
        "unwritten pages stay shared: {lines:?}"
    );
    let cow_faults: u64 = lines
        .iter()
        .find_map(|l| l.strip_prefix("firmware.page_faults.cow ")?.parse().ok())
        .expect("copy-on-write faults are counted");
    assert!(
        cow_faults >= 12,
        "8 child + 4 parent writes copy: {cow_faults}"
    );
    let Some(bomb) = program("forkbomb") else {
        return;
    };
    let (code, lines) = rvmmu(&bomb, &[], &[]);
    assert_eq!(code, 0, "{lines:?}");
    assert!(
        lines.iter().any(|l| l.ends_with("then EAGAIN")),
        "{lines:?}"
    );
}

/// The same scenarios on QEMU give the same output and counts (QEMU sets
/// A/D in hardware, so it is compared with rvmmu under Svadu).
#[test]
fn qemu_virt_with_a_virtio_swap_disk_gives_the_same_counts() {
    let Some(refstring) = program("refstring") else {
        return;
    };
    let Some(wset) = program("wset") else { return };
    let Some(forkcow) = program("forkcow") else {
        return;
    };
    let swap = std::env::temp_dir().join(format!("rvmmu-swap-{}.img", std::process::id()));
    std::fs::File::create(&swap)
        .and_then(|f| f.set_len(64 << 20))
        .expect("temp swap file");
    let cases: Vec<(&Path, Vec<String>, Vec<&str>)> = vec![
        (
            &refstring,
            refstring_args(),
            vec!["frames=3", "policy=fifo"],
        ),
        (
            &refstring,
            refstring_args(),
            vec!["frames=4", "policy=clock"],
        ),
        (&wset, vec!["256".into()], vec!["frames=64", "policy=clock"]),
        (&forkcow, vec![], vec![]),
    ];
    for (prog, args, opts) in cases {
        let name = prog
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut rv_opts = vec!["--stats", "--ad", "svadu", "--swap", "mem:64M"];
        for o in &opts {
            let (k, v) = o.split_once('=').unwrap_or((o, ""));
            rv_opts.push(if k == "frames" {
                "--frames"
            } else {
                "--policy"
            });
            rv_opts.push(v);
        }
        let (code, lines) = rvmmu(prog, &rv_opts, &args);
        let append = format!("stats {} -- {name} {}", opts.join(" "), args.join(" "));
        let out = Command::new("timeout")
            .args([
                "300",
                "qemu-system-riscv64",
                "-machine",
                "virt",
                "-bios",
                "none",
                "-m",
                "128M",
                "-nographic",
            ])
            .args(["-global", "virtio-mmio.force-legacy=false"])
            .arg("-drive")
            .arg(format!(
                "file={},if=none,format=raw,id=swap",
                swap.display()
            ))
            .args(["-device", "virtio-blk-device,drive=swap"])
            .arg("-kernel")
            .arg(root().join("firmware/firmware.elf"))
            .arg("-initrd")
            .arg(prog)
            .args(["-append", append.trim_end()])
            .output();
        let Ok(out) = out.map_err(|e| assert!(!required(), "qemu: {e}")) else {
            return;
        };
        if out.status.code() == Some(127) {
            assert!(!required(), "qemu-system-riscv64 is not installed");
            eprintln!("skipped: qemu-system-riscv64 not installed");
            return;
        }
        let keep = |l: &&str| {
            !l.starts_with("firmware.frames.total") && !l.starts_with("firmware.frames.free")
        };
        let q: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(keep)
            .map(String::from)
            .collect();
        let r: Vec<String> = lines
            .iter()
            .map(String::as_str)
            .filter(keep)
            .map(String::from)
            .collect();
        assert_eq!(
            (out.status.code().unwrap_or(-1), &q),
            (code, &r),
            "{name} {opts:?}: QEMU differs from rvmmu"
        );
    }
    let _ = std::fs::remove_file(&swap);
}
