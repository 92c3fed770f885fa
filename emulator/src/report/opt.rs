//! Belady's optimal replacement (OPT, MIN): on a fault with every frame
//! full, evict the resident page whose next use lies furthest in the
//! future. It gives the fewest faults any demand-paging policy can have on
//! a reference string with that many frames (Belady 1966; Mattson et al.
//! 1970), and a prefix of the future is all it needs to know.
//!
//! Why a subsequence is enough: if `S` is a subsequence of the program's
//! full reference string `R`, any policy's schedule on `R` restricted to
//! `S` is a schedule on `S` with no more loads, so OPT(S) ≤ OPT(R) ≤ the
//! faults of every policy on `R`. `rvmmu policies` builds `S` from faults,
//! which are exact points of `R` (see [`reference_string`]).

use super::events::{VmEvent, ACCESS_FETCH};
use std::collections::{BTreeSet, HashMap};

/// A page of a process: (pid, virtual page address).
pub type Page = (u32, u64);

/// One entry of a reference string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RefOp {
    /// The page is used: a fault when it is not resident.
    Use(Page),
    /// The page is freed (munmap): its frame is free again.
    Free(Page),
}

/// The faults of OPT on `refs` with `frames` frames (0: unlimited, so only
/// first uses, and uses after a free, fault).
pub fn opt_faults(refs: &[RefOp], frames: u64) -> u64 {
    // next[i]: for a Use at i, the index of the page's next Use before any
    // Free of it (usize::MAX: never used again).
    let mut next = vec![usize::MAX; refs.len()];
    let mut upcoming: HashMap<Page, usize> = HashMap::new();
    for (i, r) in refs.iter().enumerate().rev() {
        match *r {
            RefOp::Use(p) => {
                if let Some(slot) = next.get_mut(i) {
                    *slot = upcoming.get(&p).copied().unwrap_or(usize::MAX);
                }
                upcoming.insert(p, i);
            }
            RefOp::Free(p) => {
                upcoming.remove(&p);
            }
        }
    }
    // Resident pages by their next use; the last element goes first.
    let mut by_next: BTreeSet<(usize, Page)> = BTreeSet::new();
    let mut resident: HashMap<Page, usize> = HashMap::new();
    let mut faults = 0u64;
    for (i, r) in refs.iter().enumerate() {
        match *r {
            RefOp::Use(p) => {
                let n = next.get(i).copied().unwrap_or(usize::MAX);
                if let Some(old) = resident.insert(p, n) {
                    by_next.remove(&(old, p));
                } else {
                    faults += 1;
                    if frames != 0 && resident.len() as u64 > frames {
                        if let Some(&(vn, victim)) = by_next.iter().next_back() {
                            by_next.remove(&(vn, victim));
                            resident.remove(&victim);
                        }
                    }
                }
                by_next.insert((n, p));
            }
            RefOp::Free(p) => {
                if let Some(old) = resident.remove(&p) {
                    by_next.remove(&(old, p));
                }
            }
        }
    }
    faults
}

/// How a reference string was put together (said in the table's note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringSource {
    /// The union of every run's page-in faults and unmaps, ordered by
    /// their position (user instructions retired before them): exact
    /// points of the one reference string of a deterministic
    /// single-process program.
    MergedRuns,
    /// Several processes: their interleaving may differ between runs, so
    /// only the first run's own page-ins and unmaps, in the order they
    /// happened.
    FirstRun,
}

/// The reference string OPT is computed on, from the events of one or
/// more runs of the same program (see [`StringSource`]).
pub fn reference_string(runs: &[&[VmEvent]]) -> (Vec<RefOp>, StringSource) {
    let single = runs.iter().all(|r| {
        r.iter().all(|e| match e {
            VmEvent::Fault { pid, .. } | VmEvent::Unmap { pid, .. } => *pid == 1,
            _ => true,
        })
    });
    if !single {
        let first = runs.first().copied().unwrap_or_default();
        let refs = first
            .iter()
            .filter_map(ref_op)
            .map(|(_, _, op)| op)
            .collect();
        return (refs, StringSource::FirstRun);
    }
    // (position, order within the position, op): at one position the
    // fetch comes before the data pages, in address order (the kernel's
    // copies go up), and a munmap's frees after any use.
    let mut all: BTreeSet<(u64, u8, RefOp)> = BTreeSet::new();
    for run in runs {
        for e in run.iter() {
            if let Some(k) = ref_op(e) {
                all.insert(k);
            }
        }
    }
    (
        all.into_iter().map(|(_, _, op)| op).collect(),
        StringSource::MergedRuns,
    )
}

/// The reference-string entry of an event, with its sort key.
fn ref_op(e: &VmEvent) -> Option<(u64, u8, RefOp)> {
    match *e {
        VmEvent::Fault {
            kind,
            access,
            pid,
            va,
            position,
            ..
        } if kind.is_page_in() => {
            let class = if access == ACCESS_FETCH { 0 } else { 1 };
            Some((position, class, RefOp::Use((pid, va))))
        }
        VmEvent::Unmap { pid, va, position } => Some((position, 2, RefOp::Free((pid, va)))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(pages: &[u64]) -> Vec<RefOp> {
        pages.iter().map(|&p| RefOp::Use((1, p))).collect()
    }

    #[test]
    fn textbook_string_with_three_frames_has_nine_faults() {
        // Silberschatz, Operating System Concepts, figure 10.14 (OPT):
        // 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1 with 3 frames: 9 faults.
        let s = uses(&[7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]);
        assert_eq!(opt_faults(&s, 3), 9);
        // Unlimited frames: the 6 distinct pages.
        assert_eq!(opt_faults(&s, 0), 6);
    }

    #[test]
    fn opt_never_exceeds_fifo_or_lru_on_random_strings() {
        let mut x = 12345u64;
        for _ in 0..200 {
            let s: Vec<RefOp> = (0..200)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    RefOp::Use((1, (x >> 33) % 12))
                })
                .collect();
            for frames in 1..8u64 {
                let opt = opt_faults(&s, frames);
                assert!(opt <= fifo_faults(&s, frames), "fifo, {frames} frames");
                assert!(opt <= lru_faults(&s, frames), "lru, {frames} frames");
            }
        }
    }

    #[test]
    fn a_freed_page_faults_again_and_frees_its_frame() {
        let s = vec![
            RefOp::Use((1, 1)),
            RefOp::Free((1, 1)),
            RefOp::Use((1, 2)),
            RefOp::Use((1, 1)),
        ];
        assert_eq!(opt_faults(&s, 1), 3);
        assert_eq!(opt_faults(&s, 2), 3);
    }

    #[test]
    fn runs_merge_by_position_and_deduplicate() {
        let f = |va, position| VmEvent::Fault {
            kind: super::super::events::FaultKind::Zero,
            access: 0,
            pid: 1,
            va,
            pc: 0,
            position,
            resident: 0,
            instret: 0,
        };
        let a = [f(0x1000, 5), f(0x3000, 9)];
        let b = [f(0x2000, 7), f(0x3000, 9)];
        let (s, src) = reference_string(&[&a, &b]);
        assert_eq!(src, StringSource::MergedRuns);
        assert_eq!(s, uses(&[0x1000, 0x2000, 0x3000]));
    }

    // Independent simple policies to compare OPT with.
    fn fifo_faults(s: &[RefOp], frames: u64) -> u64 {
        let mut q: std::collections::VecDeque<Page> = Default::default();
        let mut n = 0;
        for r in s {
            if let RefOp::Use(p) = r {
                if !q.contains(p) {
                    n += 1;
                    if q.len() as u64 == frames {
                        q.pop_front();
                    }
                    q.push_back(*p);
                }
            }
        }
        n
    }

    fn lru_faults(s: &[RefOp], frames: u64) -> u64 {
        let mut q: Vec<Page> = Vec::new();
        let mut n = 0;
        for r in s {
            if let RefOp::Use(p) = r {
                if let Some(i) = q.iter().position(|x| x == p) {
                    q.remove(i);
                } else {
                    n += 1;
                    if q.len() as u64 == frames {
                        q.remove(0);
                    }
                }
                q.push(*p);
            }
        }
        n
    }
}
