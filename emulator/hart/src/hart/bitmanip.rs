//! The bit-manipulation operations that are more than one Rust operator,
//! as pure functions (RISC-V Bit-Manipulation ISA-extensions 1.0.0,
//! chapter 2; Scalar Cryptography 1.0.1, sections 2.1-2.3). The rest
//! (andn, rol, clz, sext.b ...) are written inline in `exec.rs`.

/// The carry-less product of `a` and `b`, all 128 bits (clmul is the low
/// half, clmulh the high half; section 2.3).
#[inline]
fn clmul128(a: u64, b: u64) -> u128 {
    let mut r = 0u128;
    let mut b = b;
    while b != 0 {
        let i = b.trailing_zeros();
        r ^= u128::from(a) << i;
        b &= b - 1;
    }
    r
}

/// clmul: bits 63:0 of the carry-less product.
#[inline]
pub fn clmul(a: u64, b: u64) -> u64 {
    clmul128(a, b) as u64
}

/// clmulh: bits 127:64 of the carry-less product.
#[inline]
pub fn clmulh(a: u64, b: u64) -> u64 {
    (clmul128(a, b) >> 64) as u64
}

/// clmulr: bits 126:63 of the carry-less product ("reversed": the
/// spec's loop `if rs2[i] then output ^= rs1 >> (xlen - i - 1)`).
#[inline]
pub fn clmulr(a: u64, b: u64) -> u64 {
    (clmul128(a, b) >> 63) as u64
}

/// orc.b: each byte becomes 0xff if any of its bits is set, else 0.
#[inline]
pub fn orc_b(v: u64) -> u64 {
    let mut r = 0;
    for byte in 0..8 {
        if (v >> (8 * byte)) & 0xff != 0 {
            r |= 0xff << (8 * byte);
        }
    }
    r
}

/// brev8: the bits of each byte reversed, bytes in place.
#[inline]
pub fn brev8(v: u64) -> u64 {
    u64::from_le_bytes(v.to_le_bytes().map(u8::reverse_bits))
}

/// xperm4: each nibble of `idx` selects a nibble of `lut` (0 when the
/// index is 16 or more).
#[inline]
pub fn xperm4(lut: u64, idx: u64) -> u64 {
    let mut r = 0;
    for k in 0..16 {
        let i = (idx >> (4 * k)) & 0xf;
        r |= ((lut >> (4 * i)) & 0xf) << (4 * k);
    }
    r
}

/// xperm8: each byte of `idx` selects a byte of `lut` (0 when the index
/// is 8 or more).
#[inline]
pub fn xperm8(lut: u64, idx: u64) -> u64 {
    let mut r = 0;
    for k in 0..8 {
        let i = (idx >> (8 * k)) & 0xff;
        if i < 8 {
            r |= ((lut >> (8 * i)) & 0xff) << (8 * k);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's own loops (section 2.3), written as there, to compare
    /// with the faster forms above.
    fn clmul_spec(a: u64, b: u64) -> (u64, u64, u64) {
        let (mut lo, mut hi, mut rev) = (0u64, 0u64, 0u64);
        for i in 0..64 {
            if (b >> i) & 1 == 1 {
                lo ^= a << i;
                if i > 0 {
                    hi ^= a >> (64 - i);
                }
                rev ^= a >> (63 - i);
            }
        }
        (lo, hi, rev)
    }

    #[test]
    fn carry_less_products_match_the_spec_loops() {
        let values = [
            0,
            1,
            2,
            3,
            u64::MAX,
            1 << 63,
            0x8000_0000_0000_0001,
            0x0123_4567_89ab_cdef,
            0xfedc_ba98_7654_3210,
            0x5555_5555_5555_5555,
        ];
        for &a in &values {
            for &b in &values {
                let want = clmul_spec(a, b);
                assert_eq!(
                    (clmul(a, b), clmulh(a, b), clmulr(a, b)),
                    want,
                    "{a:#x} {b:#x}"
                );
            }
        }
        // By hand: (x + 1)(x + 1) = x^2 + 1 without carries.
        assert_eq!(clmul(3, 3), 5);
        assert_eq!(clmulh(1 << 63, 1 << 63), 1 << 62);
        assert_eq!(clmulr(1 << 63, 1 << 63), 1 << 63);
        assert_eq!(clmulr(1, 1), 0);
    }

    #[test]
    fn byte_operations() {
        assert_eq!(orc_b(0x0001_0080_0000_ff00), 0x00ff_00ff_0000_ff00);
        assert_eq!(orc_b(0), 0);
        assert_eq!(brev8(0x0102_0408_1020_4080), 0x8040_2010_0804_0201);
        assert_eq!(brev8(0x00ff_a5c3_0f00_0001), 0x00ff_a5c3_f000_0080);
    }

    #[test]
    fn crossbar_permutations_select_or_zero() {
        let lut = 0xfedc_ba98_7654_3210;
        // Index = lookup of itself through the identity table.
        assert_eq!(xperm4(lut, 0x0123_4567_89ab_cdef), 0x0123_4567_89ab_cdef);
        assert_eq!(xperm4(0xa5, 0x1010), 0x5555_5555_5555_a5a5);
        assert_eq!(xperm4(0xa5, 0xffff_ffff_ffff_1010), 0xa5a5);
        assert_eq!(
            xperm8(0x0807_0605_0403_0201, 0xffff_0007_0800_ff01),
            0x0000_0108_0001_0002
        );
        assert_eq!(xperm8(u64::MAX, 0x0909_0909_0909_0909), 0);
    }
}
