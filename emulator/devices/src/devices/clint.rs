//! The core-local interruptor (SiFive CLINT layout, as on QEMU `virt`):
//! `msip` at 0x0, `mtimecmp` at 0x4000, `mtime` at 0xbff8 (Privileged
//! 20211203, section 3.2.1, "Machine Timer Registers").

/// CLINT state for one hart. `mtime` is the hart's time base plus an offset
/// set by writes to `mtime`.
#[derive(Debug)]
pub struct Clint {
    pub msip: bool,
    pub mtimecmp: u64,
    pub mtime_offset: u64,
}

impl Default for Clint {
    fn default() -> Clint {
        // mtimecmp resets to all ones so no timer interrupt is pending.
        Clint {
            msip: false,
            mtimecmp: u64::MAX,
            mtime_offset: 0,
        }
    }
}

const MSIP: u64 = 0x0;
const MTIMECMP: u64 = 0x4000;
const MTIME: u64 = 0xbff8;

impl Clint {
    /// `mtime` at time base `now`.
    #[inline]
    pub fn mtime(&self, now: u64) -> u64 {
        now.wrapping_add(self.mtime_offset)
    }
    /// True when the machine timer interrupt is pending (mtime >= mtimecmp).
    #[inline]
    pub fn mtip(&self, now: u64) -> bool {
        self.mtime(now) >= self.mtimecmp
    }

    /// Loads `size` bytes at `off`; 4- and 8-byte aligned accesses only.
    pub fn load(&self, off: u64, size: u64, now: u64) -> Option<u64> {
        let (reg, shift) = Self::locate(off, size)?;
        let v = match reg {
            MSIP => self.msip as u64,
            MTIMECMP => self.mtimecmp,
            _ => self.mtime(now),
        };
        Some(if size == 8 {
            v
        } else {
            (v >> shift) & 0xffff_ffff
        })
    }

    /// Stores `size` bytes at `off`.
    pub fn store(&mut self, off: u64, size: u64, val: u64, now: u64) -> Option<()> {
        let (reg, shift) = Self::locate(off, size)?;
        let merge = |old: u64| {
            if size == 8 {
                val
            } else {
                let mask = 0xffff_ffffu64 << shift;
                (old & !mask) | ((val & 0xffff_ffff) << shift)
            }
        };
        match reg {
            MSIP => self.msip = val & 1 != 0,
            MTIMECMP => self.mtimecmp = merge(self.mtimecmp),
            _ => {
                let t = merge(self.mtime(now));
                self.mtime_offset = t.wrapping_sub(now);
            }
        }
        Some(())
    }

    /// The register an access falls on and the bit shift of a 32-bit half.
    fn locate(off: u64, size: u64) -> Option<(u64, u64)> {
        if size != 4 && size != 8 || !off.is_multiple_of(size) {
            return None;
        }
        let (reg, width) = match off {
            MSIP..=0x3 => (MSIP, 4),
            MTIMECMP..=0x4007 => (MTIMECMP, 8),
            MTIME..=0xbfff => (MTIME, 8),
            _ => return None,
        };
        if size > width {
            return None;
        }
        Some((reg, (off - reg) * 8))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn mtimecmp_halves_and_mtime_writes() {
        let mut c = Clint::default();
        assert!(!c.mtip(1000));
        c.store(0x4000, 4, 0x10, 0).unwrap();
        c.store(0x4004, 4, 0, 0).unwrap();
        assert_eq!(c.mtimecmp, 0x10);
        assert!(c.mtip(0x10) && !c.mtip(0xf));
        c.store(0xbff8, 8, 100, 40).unwrap();
        assert_eq!(c.load(0xbff8, 8, 50,), Some(110));
        assert_eq!(c.load(0x1, 4, 0), None);
        assert_eq!(c.load(0x8, 4, 0), None);
    }
}
