#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::test_elf::{code, programs, ElfBuilder, Segment, EM_X86_64, ET_DYN, ET_REL, PT_NOTE};
use super::*;
use crate::bus;
use proptest::prelude::*;

const BASE: u64 = bus::RAM_BASE;

fn ram() -> Ram {
    Ram::new(BASE, 0x10_0000)
}

/// A valid program: code at BASE, a data segment with a zeroed tail,
/// tohost/fromhost symbols.
fn valid() -> ElfBuilder {
    ElfBuilder::new(BASE)
        .segment(Segment::load(BASE, code(&programs::htif_exit(3)), 0x10))
        .segment(Segment::load(BASE + 0x1000, vec![0xaa; 8], 0x48))
        .symbol("_start", BASE, 0, 0, 0)
        .symbol("tohost", BASE + 0x1000, 8, 1, 1)
        .symbol("fromhost", BASE + 0x1040, 8, 1, 1)
}

#[test]
fn valid_file_is_copied_to_its_physical_addresses_and_tails_zeroed() {
    let mut ram = ram();
    // Dirty RAM so the zeroing of p_memsz beyond p_filesz is visible.
    ram.slice_mut(BASE + 0x1000, 0x50).unwrap().fill(0x55);
    let image = load(&valid().build(), &mut ram).unwrap();
    assert_eq!(image.entry, BASE);
    assert_eq!(image.tohost, Some(BASE + 0x1000));
    assert_eq!(image.fromhost, Some(BASE + 0x1040));
    assert_eq!(
        ram.slice(BASE, 16).unwrap(),
        &code(&programs::htif_exit(3))[..]
    );
    assert_eq!(ram.slice(BASE + 0x1000, 8).unwrap(), &[0xaa; 8]);
    assert!(ram
        .slice(BASE + 0x1008, 0x40)
        .unwrap()
        .iter()
        .all(|&b| b == 0));
    // Past p_memsz RAM is left alone.
    assert_eq!(ram.slice(BASE + 0x1048, 1).unwrap(), &[0x55]);
}

#[test]
fn load_into_bus_enables_htif_at_tohost() {
    let mut bus = Bus::new(0x10_0000);
    load_into_bus(&valid().build(), &mut bus).unwrap();
    assert_eq!(bus.htif.tohost(), Some(BASE + 0x1000));
    assert_eq!(bus.htif.fromhost(), Some(BASE + 0x1040));

    let mut bus = Bus::new(0x10_0000);
    let mut no_htif = valid();
    no_htif.symbols.retain(|s| s.name == "_start");
    let image = load_into_bus(&no_htif.build(), &mut bus).unwrap();
    assert_eq!((image.tohost, image.fromhost), (None, None));
    assert_eq!(bus.htif.tohost(), None);
}

#[test]
fn virtual_entry_and_symbols_are_translated_through_their_segment() {
    // Linked at a high virtual address, loaded at BASE (like a kernel).
    const VA: u64 = 0xffff_ffff_8000_0000;
    let mut seg = Segment::load(VA, code(&programs::SPIN), 0x2000);
    seg.paddr = BASE;
    let elf = ElfBuilder::new(VA + 4)
        .segment(seg)
        .symbol("tohost", VA + 0x1000, 8, 1, 0)
        .build();
    let mut ram = ram();
    let image = load(&elf, &mut ram).unwrap();
    assert_eq!(image.entry, BASE + 4);
    assert_eq!(image.tohost, Some(BASE + 0x1000));
    assert_eq!(image.symbols.lookup("tohost"), Some(VA + 0x1000));
}

#[test]
fn non_load_and_empty_segments_are_ignored() {
    let mut note = Segment::load(0x10, vec![1, 2, 3, 4], 4);
    note.p_type = PT_NOTE;
    let elf = valid()
        .segment(note)
        .segment(Segment::load(0x1234, vec![], 0))
        .build();
    assert!(load(&elf, &mut ram()).is_ok());
}

/// Applies `f` to a valid file and returns the loader's verdict.
fn load_broken(f: impl FnOnce(&mut ElfBuilder) -> Option<Vec<u8>>) -> Result<Image, LoadError> {
    let mut b = valid();
    let bytes = f(&mut b).unwrap_or_else(|| b.build());
    load(&bytes, &mut ram())
}

#[test]
fn every_kind_of_bad_file_is_a_typed_error_with_a_useful_message() {
    type Breaker = fn(&mut ElfBuilder) -> Option<Vec<u8>>;
    type Expected = fn(&LoadError) -> bool;
    let cases: Vec<(&str, Breaker, Expected, &str)> = vec![
        (
            "empty",
            |_| Some(vec![]),
            |e| matches!(e, LoadError::Empty),
            "empty file",
        ),
        (
            "text file",
            |_| Some(b"#!/bin/sh\necho hi\n".to_vec()),
            |e| matches!(e, LoadError::NotElf),
            "not an ELF",
        ),
        (
            "magic only",
            |_| Some(b"\x7fELF".to_vec()),
            |e| matches!(e, LoadError::HeaderTruncated { len: 4 }),
            "too short",
        ),
        (
            "header cut short",
            |b| Some(b.build()[..40].to_vec()),
            |e| matches!(e, LoadError::HeaderTruncated { len: 40 }),
            "40 bytes",
        ),
        (
            "32-bit",
            |b| {
                b.class = 1;
                None
            },
            |e| matches!(e, LoadError::Class32),
            "32-bit",
        ),
        (
            "class 7",
            |b| {
                b.class = 7;
                None
            },
            |e| matches!(e, LoadError::UnknownClass(7)),
            "class 7",
        ),
        (
            "big-endian",
            |b| {
                b.data_encoding = 2;
                None
            },
            |e| matches!(e, LoadError::BigEndian),
            "big-endian",
        ),
        (
            "x86-64",
            |b| {
                b.machine = EM_X86_64;
                None
            },
            |e| matches!(e, LoadError::WrongMachine { machine: 62, .. }),
            "X86_64",
        ),
        (
            "relocatable",
            |b| {
                b.e_type = ET_REL;
                None
            },
            |e| matches!(e, LoadError::NotExecutable(NotExecutableKind::Relocatable)),
            "ET_REL",
        ),
        (
            "pie",
            |b| {
                b.e_type = ET_DYN;
                None
            },
            |e| matches!(e, LoadError::NotExecutable(NotExecutableKind::Shared)),
            "-static -no-pie",
        ),
        (
            "no program headers",
            |b| {
                b.segments.clear();
                b.symbols.clear();
                None
            },
            |e| matches!(e, LoadError::NoLoadableSegment),
            "PT_LOAD",
        ),
        (
            "only a note",
            |b| {
                b.segments.truncate(1);
                b.segments[0].p_type = PT_NOTE;
                b.symbols.clear();
                None
            },
            |e| matches!(e, LoadError::NoLoadableSegment),
            "PT_LOAD",
        ),
        (
            "phentsize 32",
            |b| {
                b.phentsize_override = Some(32);
                None
            },
            |e| matches!(e, LoadError::BadPhentsize { phentsize: 32 }),
            "56",
        ),
        (
            "program headers cut off",
            |b| Some(b.build()[..100].to_vec()),
            |e| matches!(e, LoadError::ProgramHeadersTruncated { count: 2, .. }),
            "truncated",
        ),
        (
            "filesz > memsz",
            |b| {
                b.segments[1].memsz = 4;
                None
            },
            |e| {
                matches!(
                    e,
                    LoadError::FileSizeExceedsMemSize {
                        index: 1,
                        filesz: 8,
                        memsz: 4
                    }
                )
            },
            "segment 1",
        ),
        (
            "segment past end of file",
            |b| {
                b.segments[1].filesz_override = Some(0x1_0000);
                b.segments[1].memsz = 0x2_0000;
                None
            },
            |e| {
                matches!(
                    e,
                    LoadError::SegmentTruncated {
                        index: 1,
                        filesz: 0x1_0000,
                        ..
                    }
                )
            },
            "segment 1: file bytes",
        ),
        (
            "segment offset overflows",
            |b| {
                b.segments[0].offset_override = Some(u64::MAX - 2);
                None
            },
            |e| matches!(e, LoadError::SegmentTruncated { index: 0, .. }),
            "beyond 2^64",
        ),
        (
            "below RAM",
            |b| {
                b.segments[0].paddr = 0x4000_0000;
                None
            },
            |e| {
                matches!(
                    e,
                    LoadError::OutsideRam {
                        index: 0,
                        start: 0x4000_0000,
                        ..
                    }
                )
            },
            "outside RAM 0x80000000..0x80100000",
        ),
        (
            "past end of RAM",
            |b| {
                b.segments[1].memsz = 0x20_0000;
                None
            },
            |e| {
                matches!(
                    e,
                    LoadError::OutsideRam {
                        index: 1,
                        end: 0x8020_1000,
                        ..
                    }
                )
            },
            "raise --mem",
        ),
        (
            "over the UART",
            |b| {
                b.segments[0].paddr = bus::UART_BASE;
                None
            },
            |e| matches!(e, LoadError::OverDevice { device: "UART", .. }),
            "UART at 0x10000000..0x10000100",
        ),
        (
            "over the finisher",
            |b| {
                b.segments[0].paddr = 0xff000;
                b.segments[0].memsz = 0x2000;
                None
            },
            |e| {
                matches!(
                    e,
                    LoadError::OverDevice {
                        device: "SiFive test finisher",
                        ..
                    }
                )
            },
            "finisher",
        ),
        (
            "absurd size overflows",
            |b| {
                b.segments[1].memsz = u64::MAX - 0x10;
                None
            },
            |e| matches!(e, LoadError::AddressOverflow { index: 1, .. }),
            "overflows 64 bits",
        ),
        (
            "tohost outside RAM",
            |b| {
                b.symbols[1].value = 0x1000;
                None
            },
            |e| {
                matches!(
                    e,
                    LoadError::HtifOutsideRam {
                        name: "tohost",
                        addr: 0x1000,
                        ..
                    }
                )
            },
            "tohost",
        ),
        (
            "section headers past end of file",
            |b| {
                let mut v = b.build();
                v[0x28..0x30].copy_from_slice(&0x7fff_0000u64.to_le_bytes());
                Some(v)
            },
            |e| matches!(e, LoadError::Symbols(_)),
            "section headers",
        ),
    ];
    for (name, breaker, is_expected, needle) in cases {
        let err = match load_broken(breaker) {
            Ok(_) => panic!("{name}: loaded a broken file"),
            Err(e) => e,
        };
        assert!(is_expected(&err), "{name}: unexpected error {err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains(needle),
            "{name}: message {msg:?} lacks {needle:?}"
        );
        assert!(!msg.contains('\n'), "{name}: message spans lines: {msg:?}");
    }
}

#[test]
fn a_rejected_file_leaves_ram_untouched() {
    let mut b = valid();
    b.segments[1].paddr = 0x4000_0000; // second segment bad, first fine
    let mut ram = ram();
    assert!(load(&b.build(), &mut ram).is_err());
    assert!(ram.slice(BASE, 0x10).unwrap().iter().all(|&x| x == 0));
}

#[test]
fn header_probe_accepts_only_rv64_executables() {
    let good = valid().build();
    assert!(looks_like_rv64_executable(&good));
    assert!(looks_like_rv64_executable(&good[..64]));
    let mut rv32 = valid();
    rv32.class = 1;
    let mut obj = valid();
    obj.e_type = ET_REL;
    for bad in [rv32.build(), obj.build(), b"hello".to_vec(), vec![]] {
        assert!(!looks_like_rv64_executable(&bad));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = load(&bytes, &mut ram());
    }

    #[test]
    fn random_bytes_behind_a_valid_ident_never_panic(
        tail in proptest::collection::vec(any::<u8>(), 0..600)
    ) {
        let mut bytes = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        bytes.extend(tail);
        let _ = load(&bytes, &mut ram());
    }

    #[test]
    fn mutated_valid_files_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
        do_cut in any::<bool>(),
    ) {
        let mut bytes = valid().build();
        for (at, v) in edits {
            let i = at.index(bytes.len());
            bytes[i] = v;
        }
        if do_cut {
            let n = cut.index(bytes.len());
            bytes.truncate(n);
        }
        let _ = load(&bytes, &mut ram());
    }

    #[test]
    fn mutated_header_words_never_panic(
        field in 0usize..(64 + 2 * 56) / 8,
        value in prop_oneof![any::<u64>(), Just(u64::MAX), Just(0), Just(1u64 << 63)],
    ) {
        // Overwrite one 8-byte word of the ELF header or program headers
        // with an extreme value.
        let mut bytes = valid().build();
        bytes[field * 8..field * 8 + 8].copy_from_slice(&value.to_le_bytes());
        let _ = load(&bytes, &mut ram());
    }
}
