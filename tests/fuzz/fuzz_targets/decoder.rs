//! Fuzz target: see `rvmmu_fuzz::decoder`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rvmmu_fuzz::decoder::check(data));
