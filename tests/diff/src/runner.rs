//! Runs one test program under rvmmu and under QEMU and compares what they
//! print; runs many in parallel.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to start the two machines.
#[derive(Clone, Debug)]
pub struct Machines {
    pub rvmmu: PathBuf,
    /// Extra `-cpu` properties for QEMU (`rv64,zba=true,...`).
    pub qemu_cpu: String,
    pub timeout: Duration,
}

/// Runs `cmd` with stdin closed; its stdout, or why there is none.
fn output(mut cmd: Command, timeout: Duration) -> Result<String, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break st;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = reader.join().map_err(|_| "reader thread failed")?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(format!("exit status {status}; stderr: {}", err.trim()));
    }
    Ok(out)
}

impl Machines {
    pub fn rvmmu(&self, elf: &Path) -> Result<String, String> {
        let mut cmd = Command::new(&self.rvmmu);
        cmd.args(["run", "--ad", "svadu"]).arg(elf);
        output(cmd, self.timeout)
    }
    pub fn qemu(&self, elf: &Path) -> Result<String, String> {
        let mut cmd = Command::new("qemu-system-riscv64");
        cmd.args(["-machine", "virt", "-cpu", &self.qemu_cpu, "-bios", "none"])
            .args(["-nographic", "-monitor", "none", "-kernel"])
            .arg(elf);
        output(cmd, self.timeout)
    }
}

/// One differing line of the two reports.
pub fn first_difference(labels: &[String], rvmmu: &str, qemu: &str) -> Option<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (rvmmu.lines().collect(), qemu.lines().collect());
    for k in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(k).copied(), b.get(k).copied());
        if x != y {
            if k >= labels.len() {
                // In the trap log: show the whole (mcause, mtval, mepc).
                let t = (k - labels.len()) / 3;
                let at = labels.len() + 3 * t;
                let triple = |v: &[&str]| {
                    v.get(at..(at + 3).min(v.len()))
                        .map(|s| s.join(" "))
                        .unwrap_or_default()
                };
                return Some(format!(
                    "line {} (trap[{t}] mcause mtval mepc): rvmmu [{}], qemu [{}]",
                    k + 1,
                    triple(&a),
                    triple(&b)
                ));
            }
            return Some(format!(
                "line {} ({}): rvmmu {}, qemu {}",
                k + 1,
                labels[k],
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
        }
    }
    None
}

/// Runs `job(i)` for i in `0..count` on `jobs` threads; returns the
/// results in order of i. Prints a progress line every `every` done.
pub fn parallel<T: Send>(
    count: u64,
    jobs: usize,
    every: u64,
    job: impl Fn(u64) -> T + Sync,
) -> Vec<T> {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let r = job(i);
                if let Ok(mut v) = results.lock() {
                    v.push((i, r));
                }
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if every > 0 && (d.is_multiple_of(every) || d == count) {
                    eprintln!("  {d}/{count}");
                }
            });
        }
    });
    let mut v = results.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, r)| r).collect()
}
