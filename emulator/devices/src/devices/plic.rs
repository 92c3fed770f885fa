//! The platform-level interrupt controller, SiFive PLIC layout
//! (`sifive,plic-1.0.0` / `riscv,plic0`, as on QEMU `virt` and as Linux's
//! `irq-sifive-plic.c` and OpenSBI's `fdt_irqchip_plic` drive it; RISC-V
//! PLIC Specification 1.0.0).
//!
//! ```text
//! 0x00_0000 + 4 × s          priority of source s (1..=NUM_SOURCES-1)
//! 0x00_1000 + 4 × w          pending bits of sources 32w..32w+31 (read-only)
//! 0x00_2000 + 0x80 × c + 4w  enable bits of context c
//! 0x20_0000 + 0x1000 × c     priority threshold of context c
//! 0x20_0004 + 0x1000 × c     claim (read) / complete (write) of context c
//! ```
//!
//! One hart, two contexts: 0 = hart 0 M-mode (drives mip.MEIP), 1 = hart 0
//! S-mode (drives mip.SEIP; Privileged 20211203, section 3.1.9). Registers
//! are 32 bits wide; other access sizes are access faults (as QEMU).
//!
//! Gateways are level-triggered: a source is pending while its line is
//! high and it is not claimed; a claim clears its pending bit, and after
//! the completion the line is sampled again (PLIC spec, "Interrupt
//! Gateways"). A completion naming a source that is not enabled for the
//! context is ignored (PLIC spec, "Interrupt Completion").

/// Sources 0..NUM_SOURCES; 0 means "no interrupt" (QEMU `virt` has 95
/// devices, sources 1..=95).
pub const NUM_SOURCES: usize = 96;
/// The number of real sources, `riscv,ndev` in the device tree.
pub const NDEV: u32 = NUM_SOURCES as u32 - 1;
/// Priorities and thresholds are WARL 0..=PRIORITY_MAX (3 bits, as QEMU
/// `virt`'s `VIRT_IRQCHIP_NUM_PRIO_BITS`).
pub const PRIORITY_MAX: u32 = 7;
/// Contexts: hart 0 M-mode, hart 0 S-mode.
pub const NUM_CONTEXTS: usize = 2;
/// The context whose output is mip.MEIP.
pub const CONTEXT_M: usize = 0;
/// The context whose output is mip.SEIP.
pub const CONTEXT_S: usize = 1;
/// The size of the register window (QEMU `virt`'s).
pub const SIZE: u64 = 0x60_0000;

const WORDS: usize = NUM_SOURCES.div_ceil(32);
const PENDING: u64 = 0x1000;
const ENABLE: u64 = 0x2000;
const ENABLE_STRIDE: u64 = 0x80;
const CONTEXT: u64 = 0x20_0000;
const CONTEXT_STRIDE: u64 = 0x1000;

/// A set of sources, one bit each.
type Bits = [u32; WORDS];

fn get(b: &Bits, s: usize) -> bool {
    b.get(s / 32).is_some_and(|w| w >> (s % 32) & 1 != 0)
}

fn put(b: &mut Bits, s: usize, on: bool) {
    if let Some(w) = b.get_mut(s / 32) {
        let m = 1u32 << (s % 32);
        *w = if on { *w | m } else { *w & !m };
    }
}

/// PLIC state.
#[derive(Debug, Clone)]
pub struct Plic {
    priority: [u32; NUM_SOURCES],
    /// Lines as the devices last drove them.
    level: Bits,
    pending: Bits,
    /// Claimed and not yet completed.
    claimed: Bits,
    enable: [Bits; NUM_CONTEXTS],
    threshold: [u32; NUM_CONTEXTS],
}

impl Default for Plic {
    /// Reset: every priority, enable and threshold zero, nothing pending.
    fn default() -> Plic {
        Plic {
            priority: [0; NUM_SOURCES],
            level: Bits::default(),
            pending: Bits::default(),
            claimed: Bits::default(),
            enable: [Bits::default(); NUM_CONTEXTS],
            threshold: [0; NUM_CONTEXTS],
        }
    }
}

impl Plic {
    /// Drives source `s`'s line (the gateway): pending follows the level
    /// while the source is not claimed.
    pub fn set_level(&mut self, s: usize, high: bool) {
        if s == 0 || s >= NUM_SOURCES {
            return;
        }
        put(&mut self.level, s, high);
        if !get(&self.claimed, s) {
            put(&mut self.pending, s, high);
        }
    }

    /// Whether context `c`'s interrupt output is asserted: some pending,
    /// enabled source has a priority above its threshold.
    pub fn output(&self, c: usize) -> bool {
        self.best(c).is_some()
    }

    /// The pending, enabled source of context `c` with the highest
    /// priority above the threshold; ties go to the lowest ID.
    fn best(&self, c: usize) -> Option<usize> {
        let en = self.enable.get(c)?;
        let threshold = *self.threshold.get(c)?;
        let mut best: Option<(u32, usize)> = None;
        for (w, (&p, &e)) in self.pending.iter().zip(en).enumerate() {
            let mut bits = p & e;
            while bits != 0 {
                let s = 32 * w + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let prio = self.priority.get(s).copied().unwrap_or(0);
                if prio > threshold && best.is_none_or(|(bp, _)| prio > bp) {
                    best = Some((prio, s));
                }
            }
        }
        best.map(|(_, s)| s)
    }

    /// Claims for context `c`: the best source, now claimed and no longer
    /// pending; 0 when there is none.
    fn claim(&mut self, c: usize) -> u32 {
        match self.best(c) {
            Some(s) => {
                put(&mut self.pending, s, false);
                put(&mut self.claimed, s, true);
                s as u32
            }
            None => 0,
        }
    }

    /// Completes source `s` for context `c`.
    fn complete(&mut self, c: usize, s: usize) {
        let enabled = self.enable.get(c).is_some_and(|en| get(en, s));
        if s == 0 || s >= NUM_SOURCES || !enabled {
            return;
        }
        put(&mut self.claimed, s, false);
        let high = get(&self.level, s);
        put(&mut self.pending, s, high);
    }

    /// A 32-bit load at `off`; `None` (access fault) for other sizes.
    pub fn load(&mut self, off: u64, size: u64) -> Option<u64> {
        if size != 4 || !off.is_multiple_of(4) {
            return None;
        }
        let v = match off {
            0..PENDING => self.priority.get((off / 4) as usize).copied().unwrap_or(0),
            PENDING..ENABLE => word(&self.pending, (off - PENDING) / 4),
            ENABLE..CONTEXT => {
                let (c, w) = ((off - ENABLE) / ENABLE_STRIDE, (off % ENABLE_STRIDE) / 4);
                self.enable.get(c as usize).map_or(0, |en| word(en, w))
            }
            _ => {
                let (c, reg) = ((off - CONTEXT) / CONTEXT_STRIDE, off % CONTEXT_STRIDE);
                let c = c as usize;
                match reg {
                    0 => self.threshold.get(c).copied().unwrap_or(0),
                    4 if c < NUM_CONTEXTS => self.claim(c),
                    _ => 0,
                }
            }
        };
        Some(u64::from(v))
    }

    /// A 32-bit store at `off`; `None` (access fault) for other sizes.
    pub fn store(&mut self, off: u64, size: u64, val: u64) -> Option<()> {
        if size != 4 || !off.is_multiple_of(4) {
            return None;
        }
        let v = val as u32;
        match off {
            0..PENDING => {
                if let Some(p) = self
                    .priority
                    .get_mut((off / 4) as usize)
                    .filter(|_| off > 0)
                {
                    *p = v & PRIORITY_MAX;
                }
            }
            // The pending bits are read-only.
            PENDING..ENABLE => {}
            ENABLE..CONTEXT => {
                let (c, w) = ((off - ENABLE) / ENABLE_STRIDE, (off % ENABLE_STRIDE) / 4);
                if let Some(word) = self
                    .enable
                    .get_mut(c as usize)
                    .and_then(|en| en.get_mut(w as usize))
                {
                    // Source 0 does not exist: its enable bit is zero.
                    *word = if w == 0 { v & !1 } else { v };
                }
            }
            _ => {
                let (c, reg) = ((off - CONTEXT) / CONTEXT_STRIDE, off % CONTEXT_STRIDE);
                let c = c as usize;
                match reg {
                    0 => {
                        if let Some(t) = self.threshold.get_mut(c) {
                            *t = v & PRIORITY_MAX;
                        }
                    }
                    4 if c < NUM_CONTEXTS => self.complete(c, v as usize),
                    _ => {}
                }
            }
        }
        Some(())
    }
}

/// Word `w` of a bit set (0 beyond it).
fn word(b: &Bits, w: u64) -> u32 {
    b.get(w as usize).copied().unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const CLAIM_M: u64 = CONTEXT + 4;
    const CLAIM_S: u64 = CONTEXT + CONTEXT_STRIDE + 4;

    fn plic_with(sources: &[(usize, u32)], ctx: usize) -> Plic {
        let mut p = Plic::default();
        for &(s, prio) in sources {
            p.store(4 * s as u64, 4, u64::from(prio)).unwrap();
            let w = ENABLE + ENABLE_STRIDE * ctx as u64 + 4 * (s / 32) as u64;
            let old = p.load(w, 4).unwrap();
            p.store(w, 4, old | 1 << (s % 32)).unwrap();
        }
        p
    }

    #[test]
    fn claim_picks_highest_priority_then_lowest_id() {
        // (sources raised, expected claims in order)
        let cases: [(&[usize], &[u32]); 3] = [
            (&[10], &[10, 0]),
            (&[1, 10, 11], &[11, 1, 10, 0]),
            (&[40, 33], &[33, 40, 0]),
        ];
        for (raised, claims) in cases {
            let mut p = plic_with(&[(1, 2), (10, 2), (11, 5), (33, 1), (40, 1)], CONTEXT_M);
            for &s in raised {
                p.set_level(s, true);
            }
            assert!(p.output(CONTEXT_M), "{raised:?}");
            assert!(!p.output(CONTEXT_S), "nothing enabled for S");
            for &want in claims {
                assert_eq!(p.load(CLAIM_M, 4), Some(u64::from(want)), "{raised:?}");
            }
            assert!(!p.output(CONTEXT_M));
        }
    }

    #[test]
    fn threshold_priority_zero_and_warl_masks() {
        let mut p = plic_with(&[(10, 3)], CONTEXT_S);
        p.set_level(10, true);
        assert!(p.output(CONTEXT_S));
        p.store(CONTEXT + CONTEXT_STRIDE, 4, 3).unwrap();
        assert!(!p.output(CONTEXT_S), "priority must exceed the threshold");
        assert_eq!(p.load(CLAIM_S, 4), Some(0));
        p.store(CONTEXT + CONTEXT_STRIDE, 4, 0xffff_ffff).unwrap();
        assert_eq!(p.load(CONTEXT + CONTEXT_STRIDE, 4), Some(7));
        p.store(4 * 10, 4, 0xffff_fff8).unwrap();
        assert_eq!(p.load(4 * 10, 4), Some(0), "priority 0: never interrupts");
        p.store(CONTEXT + CONTEXT_STRIDE, 4, 0).unwrap();
        assert!(!p.output(CONTEXT_S));
        assert_eq!(p.load(PENDING, 4), Some(1 << 10), "still pending");
        p.store(ENABLE + ENABLE_STRIDE, 4, 0xffff_ffff).unwrap();
        assert_eq!(p.load(ENABLE + ENABLE_STRIDE, 4), Some(0xffff_fffe));
    }

    #[test]
    fn level_gateway_and_completion() {
        let mut p = plic_with(&[(1, 1)], CONTEXT_M);
        p.set_level(1, true);
        assert_eq!(p.load(CLAIM_M, 4), Some(1));
        // Claimed: the line stays high but nothing is pending.
        p.set_level(1, true);
        assert_eq!(p.load(PENDING, 4), Some(0));
        // A completion from a context the source is not enabled in: ignored.
        p.store(CLAIM_S, 4, 1).unwrap();
        assert_eq!(p.load(PENDING, 4), Some(0));
        p.store(CLAIM_M, 4, 1).unwrap();
        assert_eq!(p.load(PENDING, 4), Some(2), "still high: pending again");
        p.set_level(1, false);
        assert_eq!(p.load(PENDING, 4), Some(0), "dropped before the claim");
        assert!(!p.output(CONTEXT_M));
        // Writes to the pending bits are ignored; other widths fault.
        p.store(PENDING, 4, 0xffff_ffff).unwrap();
        assert_eq!(p.load(PENDING, 4), Some(0));
        assert_eq!(p.load(CLAIM_M, 8), None);
        assert_eq!(p.store(0x4, 1, 1), None);
        assert_eq!(p.load(CONTEXT + 2 * CONTEXT_STRIDE, 4), Some(0));
    }
}
