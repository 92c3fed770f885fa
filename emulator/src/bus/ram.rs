//! Guest main memory: one zero-initialised host buffer. Every access is
//! bounds-checked; the guest can never reach host memory outside it.

/// Guest RAM at physical address `base`.
#[derive(Debug)]
pub struct Ram {
    base: u64,
    data: Vec<u8>,
}

impl Ram {
    /// `size` bytes of zeroed RAM at `base`.
    pub fn new(base: u64, size: usize) -> Ram {
        Ram {
            base,
            data: vec![0; size],
        }
    }
    #[inline]
    pub fn base(&self) -> u64 {
        self.base
    }
    #[inline]
    pub fn size(&self) -> u64 {
        self.data.len() as u64
    }
    /// The offset of `[pa, pa + len)` in RAM, if it lies wholly inside.
    #[inline]
    pub fn offset(&self, pa: u64, len: u64) -> Option<usize> {
        let off = pa.wrapping_sub(self.base);
        if off < self.size() && len <= self.size() - off {
            Some(off as usize)
        } else {
            None
        }
    }
    /// Reads `N` bytes little-endian at RAM offset `off` (zero-extended).
    #[inline]
    pub fn read<const N: usize>(&self, off: usize) -> Option<u64> {
        let bytes: [u8; N] = self.data.get(off..off.checked_add(N)?)?.try_into().ok()?;
        let mut v = [0u8; 8];
        v[..N].copy_from_slice(&bytes);
        Some(u64::from_le_bytes(v))
    }
    /// Writes the low `N` bytes of `val` little-endian at RAM offset `off`.
    #[inline]
    pub fn write<const N: usize>(&mut self, off: usize, val: u64) -> Option<()> {
        let dst = self.data.get_mut(off..off.checked_add(N)?)?;
        dst.copy_from_slice(&val.to_le_bytes()[..N]);
        Some(())
    }
    /// The bytes of `[pa, pa + len)`, if wholly inside RAM.
    pub fn slice(&self, pa: u64, len: usize) -> Option<&[u8]> {
        let off = self.offset(pa, len as u64)?;
        self.data.get(off..off + len)
    }
    /// The mutable bytes of `[pa, pa + len)`, if wholly inside RAM.
    pub fn slice_mut(&mut self, pa: u64, len: usize) -> Option<&mut [u8]> {
        let off = self.offset(pa, len as u64)?;
        self.data.get_mut(off..off + len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accesses_outside_ram_are_refused() {
        let mut ram = Ram::new(0x8000_0000, 0x1000);
        assert_eq!(ram.offset(0x8000_0ffc, 4), Some(0xffc));
        assert_eq!(ram.offset(0x8000_0ffd, 4), None);
        assert_eq!(ram.offset(0x7fff_ffff, 1), None);
        assert_eq!(ram.offset(u64::MAX, 8), None);
        assert!(ram.write::<8>(0xff8, 0x1122_3344_5566_7788).is_some());
        assert_eq!(ram.read::<4>(0xffc), Some(0x1122_3344));
        assert_eq!(ram.read::<8>(0xffc), None);
    }
}
