//! The checks behind rvmmu's fuzz targets, one module per target. Each
//! `check` takes the fuzzer's bytes and panics only on a bug of rvmmu (a
//! panic inside rvmmu, or a property that does not hold); libFuzzer calls
//! them from `fuzz_targets/*.rs`, and `cargo test` replays the committed
//! corpora and regression inputs through them on stable Rust.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod decoder;
pub mod elf_loader;
pub mod hart;
pub mod sv39_walk;

/// Reads the fuzzer's bytes front to back; past the end it yields zeros,
/// so every input, even an empty one, is a valid test case.
#[derive(Debug)]
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data }
    }
    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    pub fn u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = self.u8();
        }
        u64::from_le_bytes(b)
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }
}

#[cfg(test)]
mod replay {
    //! Every committed input (corpus/<target>/*, regressions/<target>/*)
    //! through its check: the regression tests of what fuzzing found.
    use std::path::Path;

    fn replay(target: &str, check: fn(&[u8])) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for dir in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
                continue;
            };
            for e in entries {
                let path = e.unwrap().path();
                let data = std::fs::read(&path).unwrap();
                eprintln!("{target}: {}", path.display());
                check(&data);
                n += 1;
            }
        }
        assert!(n > 0, "no committed inputs for {target}");
    }

    #[test]
    fn decoder_inputs() {
        replay("decoder", crate::decoder::check);
    }
    #[test]
    fn elf_loader_inputs() {
        replay("elf_loader", crate::elf_loader::check);
    }
    #[test]
    fn sv39_walk_inputs() {
        replay("sv39_walk", crate::sv39_walk::check);
    }
    #[test]
    fn hart_inputs() {
        replay("hart", crate::hart::check);
    }
}
