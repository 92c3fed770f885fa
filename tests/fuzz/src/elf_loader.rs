//! The ELF loader (`emulator::loader`) and the user-program boot
//! (`emulator::boot`) on arbitrary files: an error or an image, never a
//! panic. A file the loader refuses leaves RAM untouched (every check comes
//! before the first byte is written); an accepted one starts inside RAM.

use emulator::boot;
use emulator::bus::{Bus, RAM_BASE};
use emulator::loader;

/// Small RAM, so that segments out of range are common.
const RAM: usize = 1 << 20;

pub fn check(data: &[u8]) {
    let _ = boot::classify(data);
    let looks = loader::looks_like_rv64_executable(data);
    let mut bus = Bus::new(RAM);
    match loader::load_into_bus(data, &mut bus) {
        Ok(image) => {
            assert!(looks, "loaded a file whose header looks wrong");
            // The entry is translated through its segment; it need not be
            // in RAM (issue 17 makes that an error), so only format it.
            let _ = format!("{:#x} {:?}", image.entry, image.tohost);
        }
        Err(e) => {
            let _ = e.to_string();
            let ram = bus.ram.slice(RAM_BASE, RAM).expect("RAM");
            assert!(ram.iter().all(|b| *b == 0), "a refused file wrote RAM: {e}");
        }
    }
    // The same bytes as the firmware image of a user program.
    let mut bus = Bus::new(RAM);
    if let Err(e) = boot::boot_user(
        &mut bus,
        data,
        b"\x7fELF",
        "-- prog",
        &[],
        emulator::isa::extensions::Extensions::default(),
    ) {
        let _ = e.to_string();
    }
}
