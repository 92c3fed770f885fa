//! The RISC-V Linux kernel `Image` header (the kernel's
//! Documentation/arch/riscv/boot-image-header.rst): 64 bytes at the start
//! of the file, little-endian.
//!
//! ```text
//!   0x00  u32 code0        executable code (an EFI-stub Image: "MZ")
//!   0x04  u32 code1
//!   0x08  u64 text_offset  where in RAM the image wants to be, from RAM start
//!   0x10  u64 image_size   effective size, bss included (0: unknown)
//!   0x18  u64 flags        bit 0: endianness (0 = little)
//!   0x20  u32 version      header version (0.2: 0x0002)
//!   0x24  u32 res1
//!   0x28  u64 res2
//!   0x30  u64 magic        "RISCV\0\0\0" (deprecated since version 0.2)
//!   0x38  u32 magic2       "RSC\x05"
//!   0x3c  u32 res3         PE/COFF header offset
//! ```
//!
//! An image is recognised by either magic (magic2 is the current one;
//! kernels before 5.x carry only the deprecated magic).

/// The header's deprecated magic at 0x30.
pub const MAGIC: &[u8; 8] = b"RISCV\0\0\0";
/// The header's magic at 0x38.
pub const MAGIC2: &[u8; 4] = b"RSC\x05";
/// The header's length.
pub const HEADER_LEN: usize = 64;

/// What the header says about the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KernelImage {
    /// Load offset from the start of RAM.
    pub text_offset: u64,
    /// The memory the image occupies once running (at least the file's
    /// length; the header's `image_size` includes bss).
    pub image_size: u64,
}

/// Why a file is not a RISC-V kernel Image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("empty file: not a RISC-V Linux Image")]
    Empty,
    #[error("not a RISC-V Linux Image: {len} bytes, shorter than the 64-byte Image header")]
    Short { len: usize },
    #[error("not a RISC-V Linux Image: no \"RSC\\x05\" magic at 0x38 nor \"RISCV\" at 0x30{hint}")]
    NoMagic { hint: &'static str },
    #[error(
        "the Image header's flags say big-endian (bit 0 of 0x18); RISC-V Linux runs little-endian"
    )]
    BigEndian,
}

fn le64(b: &[u8], off: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[off..off + 8]);
    u64::from_le_bytes(v)
}

/// Reads the header of `bytes`.
pub fn parse(bytes: &[u8]) -> Result<KernelImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() < HEADER_LEN {
        return Err(ImageError::Short { len: bytes.len() });
    }
    if &bytes[0x38..0x3c] != MAGIC2 && &bytes[0x30..0x38] != MAGIC {
        let hint = if bytes.starts_with(b"\x7fELF") {
            " (this is an ELF file, e.g. vmlinux: give the Image, arch/riscv/boot/Image)"
        } else if bytes.starts_with(&[0x1f, 0x8b]) {
            " (this is gzip-compressed: gunzip it first)"
        } else {
            ""
        };
        return Err(ImageError::NoMagic { hint });
    }
    if le64(bytes, 0x18) & 1 != 0 {
        return Err(ImageError::BigEndian);
    }
    Ok(KernelImage {
        text_offset: le64(bytes, 0x08),
        image_size: le64(bytes, 0x10).max(bytes.len() as u64),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn header(text_offset: u64, image_size: u64, magic2: bool, magic: bool) -> Vec<u8> {
        let mut b = vec![0u8; 128];
        b[0..2].copy_from_slice(b"MZ");
        b[0x08..0x10].copy_from_slice(&text_offset.to_le_bytes());
        b[0x10..0x18].copy_from_slice(&image_size.to_le_bytes());
        if magic {
            b[0x30..0x38].copy_from_slice(MAGIC);
        }
        if magic2 {
            b[0x38..0x3c].copy_from_slice(MAGIC2);
        }
        b
    }

    #[test]
    fn either_magic_is_accepted_and_the_sizes_are_read() {
        for (m2, m) in [(true, true), (true, false), (false, true)] {
            let k = parse(&header(0x20_0000, 0x1e0_0000, m2, m)).unwrap();
            assert_eq!(k.text_offset, 0x20_0000);
            assert_eq!(k.image_size, 0x1e0_0000);
        }
    }

    #[test]
    fn image_size_is_at_least_the_file() {
        assert_eq!(
            parse(&header(0x20_0000, 0, true, false))
                .unwrap()
                .image_size,
            128
        );
    }

    #[test]
    fn files_that_are_not_images_are_refused_with_the_reason() {
        assert_eq!(parse(b""), Err(ImageError::Empty));
        assert_eq!(parse(b"RISCV"), Err(ImageError::Short { len: 5 }));
        let e = parse(&header(0, 0, false, false)).unwrap_err();
        assert!(e.to_string().contains("not a RISC-V Linux Image"), "{e}");
        let mut elf = header(0, 0, false, false);
        elf[..4].copy_from_slice(b"\x7fELF");
        assert!(parse(&elf).unwrap_err().to_string().contains("ELF"));
        let mut be = header(0, 0, true, false);
        be[0x18] = 1;
        assert_eq!(parse(&be), Err(ImageError::BigEndian));
    }
}
