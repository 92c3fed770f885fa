//! Fuzz target: see `rvmmu_fuzz::hart`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rvmmu_fuzz::hart::check(data));
