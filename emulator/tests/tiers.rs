//! Differential test of rvmmu's execution tiers (issue 16, item 4): the
//! same random instruction stream (all privileges, Sv39 on, random PTE
//! permissions and superpages, A/D by hardware or by fault, PMP, F/D, C,
//! A, bit manipulation, CSRs, ecall, fence.i, sfence.vma, self-modifying
//! stores, PMP changes, and in a third of the streams Sstc timer
//! interrupts) runs under every tier, and the architectural state each leaves
//! must be identical: registers, pc, privilege, CSRs, fcsr, instructions
//! retired, traps by cause, and all of RAM (page tables with their A/D
//! bits, the trap logs of the handlers, data, code).
//!
//! ```sh
//! cargo test -p emulator --test tiers               # 2000 streams (TIERS_SEEDS)
//! TIERS_SEEDS=5000 cargo test --profile ci -p emulator --test tiers
//! TIERS_SEED=1234 cargo test -p emulator --test tiers   # one seed
//! TIERS_STEPS=20000 ...                             # steps per stream (default 3000)
//! ```
//!
//! On a mismatch the test prints the seed, the tier, the first step at
//! which the states differ (found by bisection: each probe runs both tiers
//! afresh for that many steps), the differences, and the disassembly of
//! the program around the pc. The stream generator is in `tiers/gen.rs`,
//! the machine (page tables, handlers) in `tiers/machine.rs`.

#[path = "tiers/encode.rs"]
mod encode;
#[path = "tiers/gen.rs"]
mod gen;
#[path = "tiers/machine.rs"]
mod machine;
#[path = "tiers/state.rs"]
mod state;

use emulator::debug::filter::TraceFilter;
use emulator::debug::{DebugOptions, DebugSession};
use emulator::hart::{StopReason, TraceMode};
use emulator::isa::{decode, disasm::disasm_at};
use emulator::jit::{JitConfig, JitMode};
use emulator::symbols::SymbolTable;
use gen::Stream;
use rvmmu_diff::rng::Rng;
use state::State;

/// A way to run a hart. The reference is [`Tier::Step`]; a new tier (the
/// compiling tier of issue 16) is one more variant, one more arm in
/// [`Tier::run`] and one more entry in [`TIERS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tier {
    /// `Hart::run_debug` with an empty debug session: one instruction at a
    /// time, decoded afresh (no decoded-block cache); the fetch page and
    /// the load/store page caches as in `Block` (`BlockCheckTlb` is the
    /// run without them).
    Step,
    /// `Hart::run`: the decoded-block loop with the fetch and data page
    /// caches.
    Block,
    /// `Hart::run` under `--check-tlb`: page caches off, blocks of one
    /// instruction, every TLB hit checked against the page tables.
    BlockCheckTlb,
    /// `Hart::run` with `TraceMode::Instructions` (`--trace`): the block
    /// loop's tracing variant, which enters each block where it runs.
    BlockTraced,
    /// `Hart::run` called for random slices of 1 to 100 steps: a run that
    /// stops and resumes anywhere (a host interrupt, a gdb stop) must not
    /// change what the guest sees.
    BlockSliced,
    /// `Hart::run` with the compiling tier on, every block compiled at its
    /// first entry (`--jit on --jit-hot 1`).
    Jit,
}

/// Every tier compared with the reference ([`Tier::Step`]).
const TIERS: &[Tier] = &[
    Tier::Block,
    Tier::BlockCheckTlb,
    Tier::BlockTraced,
    Tier::BlockSliced,
    Tier::Jit,
];

impl Tier {
    /// Whether the tier takes an interrupt at the very instruction at which
    /// the step loop takes it (time is counted in instructions here). A
    /// tier that takes interrupts only at block boundaries (issue 16 allows
    /// the compiling tier a bounded latency) answers false and skips the
    /// streams with timer interrupts.
    fn exact_interrupts(self) -> bool {
        matches!(
            self,
            Tier::Step
                | Tier::Block
                | Tier::BlockCheckTlb
                | Tier::BlockTraced
                | Tier::BlockSliced
                | Tier::Jit
        )
    }

    /// Runs `stream` for `steps` steps (instructions retired plus traps)
    /// from reset.
    fn run(self, stream: &Stream, steps: u64) -> State {
        let jit = if self == Tier::Jit {
            JitConfig {
                mode: JitMode::On,
                hot: 1,
                ..JitConfig::default()
            }
        } else {
            JitConfig::interpreter()
        };
        let mut hart = stream.build_with(self == Tier::BlockCheckTlb, jit);
        let stop = match self {
            Tier::Step => {
                let mut dbg = DebugSession::new(DebugOptions::default(), SymbolTable::default());
                hart.run_debug(steps, &mut dbg)
            }
            Tier::Block | Tier::BlockCheckTlb | Tier::Jit => hart.run(steps, TraceMode::Off),
            Tier::BlockTraced => hart.run(steps, TraceMode::Instructions(TraceFilter::default())),
            Tier::BlockSliced => {
                let mut rng = Rng::new(stream.seed ^ 0x51ce);
                loop {
                    let left = steps - hart.steps().min(steps);
                    let stop = hart.run((1 + rng.below(100)).min(left), TraceMode::Off);
                    if stop != StopReason::InsnLimit || hart.steps() >= steps {
                        break stop;
                    }
                }
            }
        };
        State::of(&hart, stop)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| unreachable!("{name}={v}: not a number")),
        Err(_) => default,
    }
}

/// The smallest step count at which `tier` and the reference differ, in
/// `1..=steps` (they differ at `steps`): bisection, assuming that states
/// stay different once they diverged.
fn first_divergence(stream: &Stream, tier: Tier, steps: u64) -> u64 {
    let (mut same, mut differ) = (0, steps);
    while differ - same > 1 {
        let mid = same + (differ - same) / 2;
        if tier.run(stream, mid) == Tier::Step.run(stream, mid) {
            same = mid;
        } else {
            differ = mid;
        }
    }
    differ
}

/// The program around `pc` (either alias), disassembled.
fn listing_around(stream: &Stream, pc: u64) -> String {
    let identity = pc & !machine::U_ALIAS;
    let at = stream
        .listing
        .iter()
        .position(|&(a, _)| a >= identity)
        .unwrap_or(0);
    let mut out = String::new();
    for &(a, w) in stream.listing.iter().skip(at.saturating_sub(8)).take(16) {
        let mark = if (a..a + 4).contains(&identity) {
            "=>"
        } else {
            "  "
        };
        let text = if w & 3 == 3 {
            disasm_at(&decode(w), a)
        } else {
            // A compressed pair.
            let second = decode(w >> 16);
            let second_at = a + 2;
            format!(
                "{}; {}",
                disasm_at(&decode(w), a),
                disasm_at(&second, second_at)
            )
        };
        out += &format!("{mark} {a:#x}: {w:08x}  {text}\n");
    }
    out
}

/// The report of a mismatch of `tier` on `stream`.
fn report(stream: &Stream, tier: Tier, steps: u64) -> String {
    let n = first_divergence(stream, tier, steps);
    let before = Tier::Step.run(stream, n - 1);
    let reference = Tier::Step.run(stream, n);
    let mine = tier.run(stream, n);
    let mut out = format!(
        "seed {} ({tier:?} against Step; rerun: TIERS_SEED={} cargo test -p emulator --test tiers)\n\
         first divergence at step {n}: the step from pc {:#x} in privilege {}\n",
        stream.seed, stream.seed, before.pc, before.privilege
    );
    for d in mine.differences(&reference).iter().take(12) {
        out += &format!("  {d}\n");
    }
    out += &listing_around(stream, before.pc);
    out
}

/// Runs the seeds given by the environment (see the header); returns the
/// reports of the mismatches.
fn check_seeds(seeds: impl Iterator<Item = u64>, steps: u64) -> Vec<String> {
    let mut failures = Vec::new();
    for seed in seeds {
        let stream = gen::stream(seed);
        let reference = Tier::Step.run(&stream, steps);
        for &tier in TIERS {
            if stream.setup.timer && !tier.exact_interrupts() {
                continue;
            }
            if tier.run(&stream, steps) != reference {
                failures.push(report(&stream, tier, steps));
                break;
            }
        }
        if failures.len() >= 3 {
            break;
        }
    }
    failures
}

/// Seeds that once found a difference, checked on every run: a slow-path
/// load (a page-cache miss) as the last instruction before `next_check`,
/// whose compiled code left the block without writing rd.
const REGRESSION_SEEDS: [u64; 3] = [105_599, 100_938, 105_782];

#[test]
fn streams_that_once_differed_give_identical_states() {
    let failures = check_seeds(REGRESSION_SEEDS.into_iter(), env_u64("TIERS_STEPS", 3000));
    assert!(
        failures.is_empty(),
        "tiers differ:\n{}",
        failures.join("\n")
    );
}

#[test]
fn random_streams_give_identical_states_in_every_tier() {
    let steps = env_u64("TIERS_STEPS", 3000);
    let failures = match std::env::var("TIERS_SEED") {
        Ok(_) => check_seeds(std::iter::once(env_u64("TIERS_SEED", 0)), steps),
        Err(_) => {
            let base = env_u64("TIERS_SEED_BASE", 0x7e5_0000);
            check_seeds(base..base + env_u64("TIERS_SEEDS", 2000), steps)
        }
    };
    assert!(
        failures.is_empty(),
        "tiers differ:\n{}",
        failures.join("\n")
    );
}

/// The streams do what they are for: they trap in every privilege, in both
/// handlers, with page faults, and change privilege; a stream that never
/// got out of its first trap would compare nothing.
#[test]
fn streams_reach_every_privilege_and_many_trap_causes() {
    let mut privileges = [0u64; 4];
    let mut causes = [0u64; 48];
    let mut retired = 0;
    for seed in 0..60 {
        let stream = gen::stream(seed);
        let mut hart = stream.build(false);
        let mut seen = [false; 4];
        for _ in 0..300 {
            hart.run(10, TraceMode::Off);
            seen[hart.privilege as usize] = true;
        }
        for (p, s) in privileges.iter_mut().zip(seen) {
            *p += u64::from(s);
        }
        for (c, n) in causes.iter_mut().zip(hart.trap_counts) {
            *c += n;
        }
        retired += hart.retired;
    }
    assert!(
        privileges[0] > 20 && privileges[1] > 20 && privileges[3] > 20,
        "{privileges:?}"
    );
    // Exceptions by cause, and 32 + 5: the supervisor timer interrupt
    // (`Hart::trap_counts`).
    for cause in [2, 5, 7, 8, 9, 11, 12, 13, 15, 37] {
        assert!(causes[cause] > 0, "no trap of cause {cause}: {causes:?}");
    }
    // Most steps retire an instruction (the handlers included).
    assert!(
        retired > 60 * 3000 / 2,
        "retired {retired} of {}",
        60 * 3000
    );
}

/// What the streams do, summed over 200 seeds (`cargo test -p emulator
/// --test tiers -- --ignored --nocapture`): traps by cause, steps by
/// privilege, distinct program words executed.
#[test]
#[ignore = "prints statistics; asserts nothing"]
fn stream_statistics() {
    let steps = env_u64("TIERS_STEPS", 3000);
    let (mut causes, mut by_privilege) = ([0u64; 48], [0u64; 4]);
    let (mut retired, mut executed, mut words) = (0, 0, 0);
    for seed in 0..200 {
        let stream = gen::stream(seed);
        let mut hart = stream.build(false);
        let mut pcs = std::collections::BTreeSet::new();
        for _ in 0..steps {
            hart.run(1, TraceMode::Off);
            let pc = hart.pc & !machine::U_ALIAS;
            if pc >= machine::CODE {
                by_privilege[hart.privilege as usize] += 1;
            }
            pcs.insert(pc);
        }
        executed += stream
            .listing
            .iter()
            .filter(|(a, _)| pcs.contains(a))
            .count();
        words += stream.listing.len();
        for (c, n) in causes.iter_mut().zip(hart.trap_counts) {
            *c += n;
        }
        retired += hart.retired;
    }
    println!("retired {retired} of {} steps", 200 * steps);
    println!("program steps (not handlers) by privilege U S - M: {by_privilege:?}");
    println!("program words reached: {executed} of {words}");
    println!("traps by cause: {causes:?}");
}
