//! Fuzz target: see `rvmmu_fuzz::elf_loader`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rvmmu_fuzz::elf_loader::check(data));
