//! Random Sv39 scenarios (placeholder, see below).

/// A generated scenario.
#[derive(Debug)]
pub struct Scenario {
    pub elf: Vec<u8>,
    pub labels: Vec<String>,
    pub amo_pcs: Vec<u64>,
}

pub fn generate(_seed: u64, _steps: usize) -> Scenario {
    unimplemented!()
}

pub fn expect_spec(qemu: &str, _labels: &[String], _amo_pcs: &[u64]) -> (String, usize) {
    (qemu.to_string(), 0)
}
