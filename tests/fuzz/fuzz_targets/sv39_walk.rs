//! Fuzz target: see `rvmmu_fuzz::sv39_walk`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rvmmu_fuzz::sv39_walk::check(data));
