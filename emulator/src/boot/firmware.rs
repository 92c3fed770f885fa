//! The built-in firmware image: built from `firmware/` by its Makefile and
//! committed as `firmware/firmware.elf`, so `cargo build` needs no cross
//! compiler (QEMU ships its firmware the same way). `make -C firmware
//! check-committed`, run by the test command, proves the committed bytes
//! are what the sources build to.

static FIRMWARE: &[u8] = include_bytes!("../../../firmware/firmware.elf");

/// The built-in firmware.
pub fn builtin() -> Option<&'static [u8]> {
    Some(FIRMWARE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_firmware_is_an_rv64_executable_at_ram_base() {
        let image = super::builtin().unwrap_or_default();
        assert!(crate::loader::looks_like_rv64_executable(image));
        assert_eq!(
            crate::boot::classify(image),
            crate::boot::ProgramKind::BareMetal
        );
    }
}
