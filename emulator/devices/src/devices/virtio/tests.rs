//! The device driven as a guest driver would: init sequence (virtio 1.1
//! section 3.1.1), queue setup (section 4.2.3.2), requests built in a
//! split virtqueue in `Ram`.

use super::blk::*;
use super::mmio::*;
use super::queue::*;
use crate::ram::Ram;
use proptest::prelude::*;

use super::test_driver::*;

/// A request expected to fail: what, type, sector, data, status, used len.
type BadRequest<'a> = (&'a str, u32, u64, &'a [Buf], u8, u32);
/// A way to break the queue after a good init.
type Corruption = (&'static str, fn(&mut Driver));

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// Writes sectors 3..5 from one buffer, reads them back into another
/// (split across two descriptors) and checks the data.
fn write_then_read_back(d: &mut Driver) {
    let data = pattern(1024, 7);
    d.w(BUF, &data);
    assert_eq!(
        d.request(VIRTIO_BLK_T_OUT, 3, &[(BUF, 1024, false)]),
        (VIRTIO_BLK_S_OK, 1)
    );
    let rd = BUF + 0x1000;
    let got = d.request(
        VIRTIO_BLK_T_IN,
        3,
        &[(rd, 512, true), (rd + 0x800, 512, true)],
    );
    assert_eq!(got, (VIRTIO_BLK_S_OK, 1024 + 1));
    assert_eq!(d.r(rd, 512), data[..512]);
    assert_eq!(d.r(rd + 0x800, 512), data[512..]);
    // The neighbouring sector is still zero.
    assert_eq!(
        d.request(VIRTIO_BLK_T_IN, 5, &[(rd, 512, true)]).0,
        VIRTIO_BLK_S_OK
    );
    assert_eq!(d.r(rd, 512), vec![0; 512]);
    assert_eq!(d.request(VIRTIO_BLK_T_FLUSH, 0, &[]), (VIRTIO_BLK_S_OK, 1));
}

#[test]
fn identity_registers_read_as_a_version_2_block_device() {
    let mut d = Driver::bare(Backing::memory(DISK_BYTES), 8);
    let cases = [
        (MAGIC_VALUE, 0x7472_6976),
        (VERSION, 2),
        (DEVICE_ID, 2),
        (VENDOR_ID, 0x554d_4551),
        (QUEUE_NUM_MAX_REG, u32::from(QUEUE_NUM_MAX)),
        (CONFIG_GENERATION, 0),
        (STATUS, 0),
        (INTERRUPT_STATUS, 0),
    ];
    for (off, want) in cases {
        assert_eq!(d.reg(off), want, "register {off:#x}");
    }
    // Features: VERSION_1 in the high word, FLUSH and SEG_MAX in the low.
    d.set(DEVICE_FEATURES_SEL, 1);
    assert_eq!(d.reg(DEVICE_FEATURES), 1);
    d.set(DEVICE_FEATURES_SEL, 0);
    assert_eq!(d.reg(DEVICE_FEATURES), (1 << 9) | (1 << 2));
    d.set(DEVICE_FEATURES_SEL, 2);
    assert_eq!(d.reg(DEVICE_FEATURES), 0);
    // A queue other than 0 does not exist.
    d.set(QUEUE_SEL, 1);
    assert_eq!(d.reg(QUEUE_NUM_MAX_REG), 0);
}

#[test]
fn config_space_takes_8_16_32_and_64_bit_reads() {
    let mut d = Driver::bare(Backing::memory(DISK_BYTES), 8);
    let cap = (DISK_BYTES / 512) as u64;
    assert_eq!(d.dev.capacity(), cap);
    let cases: &[(u64, u64, Option<u64>)] = &[
        (CONFIG, 8, Some(cap)),
        (CONFIG, 4, Some(cap & 0xffff_ffff)),
        (CONFIG + 4, 4, Some(cap >> 32)),
        (CONFIG, 2, Some(cap & 0xffff)),
        (CONFIG, 1, Some(cap & 0xff)),
        (CONFIG + 0x0c, 4, Some(126)),
        (CONFIG + 0x14, 4, Some(512)),
        (CONFIG + 0x200, 4, Some(0)),
        (CONFIG + 1, 2, None),
        (CONFIG + 2, 4, None),
        (CONFIG, 3, None),
        (0xffc + 4, 4, None),
        // Registers: 32-bit aligned only.
        (MAGIC_VALUE, 2, None),
        (MAGIC_VALUE, 8, None),
        (MAGIC_VALUE + 1, 4, None),
    ];
    for &(off, size, want) in cases {
        assert_eq!(d.dev.load(off, size), want, "load {off:#x} size {size}");
    }
    // Config writes are accepted and ignored; bad register writes refused.
    assert_eq!(d.dev.store(CONFIG, 4, 5, &mut d.ram), Some(()));
    assert_eq!(d.dev.load(CONFIG, 8), Some(cap));
    assert_eq!(d.dev.store(STATUS, 2, 1, &mut d.ram), None);
    assert_eq!(d.reg(STATUS), 0);
}

#[test]
fn features_ok_only_for_a_subset_of_the_offer_with_version_1() {
    let cases = [
        (VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_FLUSH, true),
        (VIRTIO_F_VERSION_1, true),
        (OFFERED_FEATURES, true),
        (VIRTIO_BLK_F_FLUSH, false),
        (0, false),
        (VIRTIO_F_VERSION_1 | (1 << 28), false), // INDIRECT_DESC, not offered
        (VIRTIO_F_VERSION_1 | (1 << 33), false),
    ];
    for (features, accepted) in cases {
        let mut d = Driver::bare(Backing::memory(DISK_BYTES), 8);
        let status = d.negotiate(features);
        assert_eq!(
            status & FEATURES_OK != 0,
            accepted,
            "features {features:#x}"
        );
        assert_eq!(status & (ACKNOWLEDGE | DRIVER), ACKNOWLEDGE | DRIVER);
    }
}

#[test]
fn memory_backing_writes_and_reads_back_sectors() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    write_then_read_back(&mut d);
    let Backing::Memory(bytes) = d.dev.backing() else {
        panic!("memory backing")
    };
    assert_eq!(bytes[3 * 512..5 * 512], pattern(1024, 7)[..]);
    assert_eq!(bytes.len(), DISK_BYTES);
    assert_eq!(d.dev.stats(), (2, 1));
    let c = d.dev.counters();
    assert_eq!((c.sectors_read, c.sectors_written, c.flushes), (3, 2, 1));
}

/// A temporary file removed when dropped.
struct TempFile(std::path::PathBuf);
impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn file_backing_writes_and_reads_back_sectors_without_growing() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_nanos());
    let path = std::env::temp_dir().join(format!(
        "rvmmu-virtio-blk-{}-{nanos}.img",
        std::process::id()
    ));
    let tmp = TempFile(path);
    // The test makes the file; the device only opens what it is given.
    // 100 bytes past the last whole sector are never touched.
    let size = DISK_BYTES as u64 + 100;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&tmp.0)
        .unwrap();
    file.set_len(size).unwrap();
    let mut d = Driver::new(Backing::file(file).unwrap(), 8);
    assert_eq!(d.dev.capacity(), (DISK_BYTES / 512) as u64);
    write_then_read_back(&mut d);
    // The last sector works, the one past it does not.
    let last = d.dev.capacity() - 1;
    d.w(BUF, &pattern(512, 3));
    assert_eq!(
        d.request(VIRTIO_BLK_T_OUT, last, &[(BUF, 512, false)]).0,
        VIRTIO_BLK_S_OK
    );
    assert_eq!(
        d.request(VIRTIO_BLK_T_OUT, last + 1, &[(BUF, 512, false)])
            .0,
        VIRTIO_BLK_S_IOERR
    );
    drop(d);
    let on_disk = std::fs::read(&tmp.0).unwrap();
    assert_eq!(on_disk.len() as u64, size);
    assert_eq!(on_disk[3 * 512..5 * 512], pattern(1024, 7)[..]);
    assert_eq!(
        on_disk[last as usize * 512..DISK_BYTES],
        pattern(512, 3)[..]
    );
    assert_eq!(on_disk[DISK_BYTES..], vec![0; 100][..]);
}

#[test]
fn get_id_writes_the_zero_padded_id_string() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    d.w(BUF, &[0xaa; 20]);
    let got = d.request(VIRTIO_BLK_T_GET_ID, 0, &[(BUF, 20, true)]);
    assert_eq!(got, (VIRTIO_BLK_S_OK, 21));
    let mut want = DEVICE_ID_STRING.to_vec();
    want.resize(VIRTIO_BLK_ID_BYTES, 0);
    assert_eq!(d.r(BUF, 20), want);
    // A short buffer gets what fits and nothing more.
    d.w(BUF, &[0xaa; 20]);
    assert_eq!(
        d.request(VIRTIO_BLK_T_GET_ID, 0, &[(BUF, 4, true)]),
        (VIRTIO_BLK_S_OK, 5)
    );
    assert_eq!(d.r(BUF, 5), [b'r', b'v', b'm', b'm', 0xaa]);
}

#[test]
fn bad_requests_complete_with_ioerr_or_unsupp_and_the_queue_goes_on() {
    let cap = (DISK_BYTES / 512) as u64;
    let outside = 0x1000u64; // below RAM
    let cases: &[BadRequest] = &[
        (
            "read past capacity",
            VIRTIO_BLK_T_IN,
            cap,
            &[(BUF, 512, true)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "write past capacity",
            VIRTIO_BLK_T_OUT,
            cap,
            &[(BUF, 512, false)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "read straddling the end",
            VIRTIO_BLK_T_IN,
            cap - 1,
            &[(BUF, 1024, true)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "huge sector",
            VIRTIO_BLK_T_IN,
            u64::MAX,
            &[(BUF, 512, true)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "odd read length",
            VIRTIO_BLK_T_IN,
            0,
            &[(BUF, 100, true)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "odd write length",
            VIRTIO_BLK_T_OUT,
            0,
            &[(BUF, 513, false)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        ("unknown type", 99, 0, &[], VIRTIO_BLK_S_UNSUPP, 1),
        (
            "discard not offered",
            11,
            0,
            &[(BUF, 16, false)],
            VIRTIO_BLK_S_UNSUPP,
            1,
        ),
        (
            "read into memory outside RAM",
            VIRTIO_BLK_T_IN,
            0,
            &[(outside, 512, true)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "write from memory outside RAM",
            VIRTIO_BLK_T_OUT,
            0,
            &[(outside, 512, false)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "buffer running off the end of RAM",
            VIRTIO_BLK_T_IN,
            0,
            &[(BASE + RAM_SIZE as u64 - 256, 512, true)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "address wrapping around",
            VIRTIO_BLK_T_OUT,
            0,
            &[(u64::MAX - 100, 512, false)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
        (
            "readable after writable",
            VIRTIO_BLK_T_IN,
            0,
            &[(BUF, 512, true), (BUF, 16, false)],
            VIRTIO_BLK_S_IOERR,
            1,
        ),
    ];
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    for &(what, kind, sector, data, status, used_len) in cases {
        assert_eq!(d.request(kind, sector, data), (status, used_len), "{what}");
        assert_eq!(d.reg(STATUS) & DEVICE_NEEDS_RESET, 0, "{what}");
    }
    // A header shorter than 16 bytes.
    d.w(Driver::status_pa(1), &[0xff]);
    d.add_chain(&[(Driver::hdr(1), 8, false), (Driver::status_pa(1), 1, true)]);
    d.notify();
    assert_eq!(d.take_used().len(), 1);
    assert_eq!(d.r(Driver::status_pa(1), 1), [VIRTIO_BLK_S_IOERR]);
    // A status byte outside RAM: returned with nothing written.
    d.add_chain(&[(Driver::hdr(1), 16, false), (outside, 1, true)]);
    d.notify();
    assert_eq!(
        d.take_used().into_iter().map(|u| u.1).collect::<Vec<_>>(),
        [0]
    );
    // No writable byte at all.
    d.add_chain(&[(Driver::hdr(1), 16, false)]);
    d.notify();
    assert_eq!(
        d.take_used().into_iter().map(|u| u.1).collect::<Vec<_>>(),
        [0]
    );
    // The device still works.
    write_then_read_back(&mut d);
    assert_eq!(d.dev.counters().failed_requests, cases.len() as u64 + 3);
}

#[test]
fn a_bad_buffer_fails_the_request_before_any_data_moves() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    let outside = 0x1000u64;
    // T_OUT: first segment fine, second outside RAM: the disk is untouched.
    d.w(BUF, &[0x5a; 512]);
    let got = d.request(
        VIRTIO_BLK_T_OUT,
        0,
        &[(BUF, 512, false), (outside, 512, false)],
    );
    assert_eq!(got, (VIRTIO_BLK_S_IOERR, 1));
    let Backing::Memory(disk) = d.dev.backing() else {
        panic!("memory backing")
    };
    assert!(disk.iter().all(|&b| b == 0));
    // T_IN likewise leaves the good guest buffer alone.
    d.w(BUF, &[0x5a; 512]);
    let got = d.request(
        VIRTIO_BLK_T_IN,
        0,
        &[(BUF, 512, true), (outside, 512, true)],
    );
    assert_eq!(got, (VIRTIO_BLK_S_IOERR, 1));
    assert_eq!(d.r(BUF, 512), vec![0x5a; 512]);
    assert_eq!(
        d.dev.counters().sectors_read + d.dev.counters().sectors_written,
        0
    );
}

#[test]
fn transport_violations_set_device_needs_reset_without_hanging() {
    // Each case corrupts the queue after a normal init.
    let cases: &[Corruption] = &[
        ("head beyond the queue size", |d| d.make_available(8)),
        ("looping chain", |d| {
            d.write_desc(0, Driver::hdr(0), 16, VIRTQ_DESC_F_NEXT, 1);
            d.write_desc(
                1,
                Driver::status_pa(0),
                1,
                VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE,
                0,
            );
            d.make_available(0);
        }),
        ("self-loop", |d| {
            d.write_desc(3, Driver::hdr(0), 16, VIRTQ_DESC_F_NEXT, 3);
            d.make_available(3);
        }),
        ("next beyond the queue size", |d| {
            d.write_desc(0, Driver::hdr(0), 16, VIRTQ_DESC_F_NEXT, 200);
            d.make_available(0);
        }),
        ("indirect without the feature", |d| {
            d.write_desc(0, BUF, 32, VIRTQ_DESC_F_INDIRECT, 0);
            d.make_available(0);
        }),
        ("avail idx jumps past the queue size", |d| {
            d.ram.write_pa::<2>(AVAIL + 2, 9).unwrap();
        }),
    ];
    for &(what, corrupt) in cases {
        let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
        corrupt(&mut d);
        d.notify();
        let status = d.reg(STATUS);
        assert_ne!(status & DEVICE_NEEDS_RESET, 0, "{what}");
        assert_eq!(
            d.reg(INTERRUPT_STATUS) & INT_CONFIG_CHANGE,
            INT_CONFIG_CHANGE,
            "{what}"
        );
        assert_eq!(d.used_idx(), 0, "{what}: nothing used");
        // The status keeps NEEDS_RESET until a reset; then all works.
        d.set(STATUS, status & 0xf);
        assert_ne!(d.reg(STATUS) & DEVICE_NEEDS_RESET, 0, "{what}");
        d.set(STATUS, 0);
        assert_eq!(d.reg(STATUS), 0, "{what}");
        d.restart();
        write_then_read_back(&mut d);
    }
}

#[test]
fn queue_ready_refuses_rings_outside_ram_or_a_bad_size() {
    let end = BASE + RAM_SIZE as u64;
    let cases: &[(&str, u16, u64, u64, u64)] = &[
        ("descriptors outside RAM", 8, 0x1000, AVAIL, USED),
        ("avail ring running off RAM", 8, DESC, end - 8, USED),
        ("used ring outside RAM", 8, DESC, AVAIL, u64::MAX - 3),
        ("misaligned descriptors", 8, DESC + 8, AVAIL, USED),
        ("size not a power of 2", 6, DESC, AVAIL, USED),
        ("size above the maximum", 256, DESC, AVAIL, USED),
    ];
    for &(what, qsize, desc, avail, used) in cases {
        let mut d = Driver::bare(Backing::memory(DISK_BYTES), qsize);
        d.negotiate(VIRTIO_F_VERSION_1);
        d.set(QUEUE_NUM, u32::from(qsize));
        for (lo, hi, addr) in [
            (QUEUE_DESC_LOW, QUEUE_DESC_HIGH, desc),
            (QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH, avail),
            (QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH, used),
        ] {
            d.set(lo, addr as u32);
            d.set(hi, (addr >> 32) as u32);
        }
        d.set(QUEUE_READY, 1);
        assert_eq!(d.reg(QUEUE_READY), 0, "{what}");
        assert_ne!(d.reg(STATUS) & DEVICE_NEEDS_RESET, 0, "{what}");
    }
}

#[test]
fn nothing_runs_before_driver_ok() {
    let mut d = Driver::bare(Backing::memory(DISK_BYTES), 8);
    d.negotiate(VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_FLUSH);
    d.setup_queue(DESC, AVAIL, USED);
    d.submit(0, VIRTIO_BLK_T_FLUSH, 0, &[]);
    d.notify();
    assert_eq!(d.used_idx(), 0);
    assert!(!d.dev.interrupt_pending());
    d.set(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    d.notify();
    assert_eq!(d.used_idx(), 1);
    assert_eq!(d.r(Driver::status_pa(0), 1), [VIRTIO_BLK_S_OK]);
}

#[test]
fn features_and_queue_registers_are_frozen_at_their_step() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    // Feature writes after FEATURES_OK are ignored.
    d.set(DRIVER_FEATURES_SEL, 1);
    d.set(DRIVER_FEATURES, 0);
    // Queue writes while ready are ignored: the queue keeps working.
    d.set(QUEUE_NUM, 2);
    d.set(QUEUE_DESC_LOW, 0);
    write_then_read_back(&mut d);
    assert_eq!(d.dev.queue().num, 8);
    assert_eq!(d.dev.queue().desc_addr, DESC);
    // QueueReady 0 stops the queue.
    d.set(QUEUE_READY, 0);
    assert_eq!(d.reg(QUEUE_READY), 0);
    d.submit(0, VIRTIO_BLK_T_FLUSH, 0, &[]);
    d.notify();
    assert!(d.take_used().is_empty());
}

#[test]
fn several_requests_in_one_notify_and_the_interrupt_protocol() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 32);
    let mut heads = Vec::new();
    for s in 0..4u16 {
        let data = pattern(512, s as u8);
        let pa = BUF + 0x1000 * u64::from(s);
        d.w(pa, &data);
        heads.push(d.submit(s, VIRTIO_BLK_T_OUT, u64::from(s), &[(pa, 512, false)]));
    }
    heads.push(d.submit(4, VIRTIO_BLK_T_FLUSH, 0, &[]));
    heads.push(d.submit(5, VIRTIO_BLK_T_IN, 2, &[(BUF + 0x8000, 512, true)]));
    assert!(!d.dev.interrupt_pending());
    d.notify();
    let used = d.take_used();
    let ids: Vec<u32> = used.iter().map(|u| u.0).collect();
    assert_eq!(ids, heads.iter().map(|&h| u32::from(h)).collect::<Vec<_>>());
    assert_eq!(
        used.iter().map(|u| u.1).collect::<Vec<_>>(),
        [1, 1, 1, 1, 1, 513]
    );
    for s in 0..6 {
        assert_eq!(d.r(Driver::status_pa(s), 1), [VIRTIO_BLK_S_OK]);
    }
    assert_eq!(d.r(BUF + 0x8000, 512), pattern(512, 2));
    // Used buffer notification, acknowledged by the driver.
    assert_eq!(d.reg(INTERRUPT_STATUS), INT_USED_BUFFER);
    assert!(d.dev.interrupt_pending());
    d.set(INTERRUPT_ACK, INT_USED_BUFFER);
    assert_eq!(d.reg(INTERRUPT_STATUS), 0);
    assert!(!d.dev.interrupt_pending());
    // A notify with nothing new does not interrupt.
    d.notify();
    assert!(!d.dev.interrupt_pending());
    // VIRTQ_AVAIL_F_NO_INTERRUPT suppresses it; the request still runs.
    d.ram
        .write_pa::<2>(AVAIL, u64::from(VIRTQ_AVAIL_F_NO_INTERRUPT))
        .unwrap();
    d.submit(0, VIRTIO_BLK_T_FLUSH, 0, &[]);
    d.notify();
    assert_eq!(d.take_used().len(), 1);
    assert!(!d.dev.interrupt_pending());
}

#[test]
fn reset_clears_the_transport_state() {
    let mut d = Driver::new(Backing::memory(DISK_BYTES), 8);
    write_then_read_back(&mut d);
    d.set(QUEUE_SEL, 0);
    assert!(d.dev.interrupt_pending());
    assert_ne!(d.dev.queue().last_avail_idx(), 0);
    d.set(STATUS, 0);
    for off in [STATUS, INTERRUPT_STATUS, QUEUE_READY] {
        assert_eq!(d.reg(off), 0, "register {off:#x}");
    }
    let q = d.dev.queue();
    assert_eq!((q.desc_addr, q.driver_addr, q.device_addr), (0, 0, 0));
    assert_eq!((q.last_avail_idx(), q.used_idx()), (0, 0));
    assert!(!d.dev.interrupt_pending());
    // The accepted features are forgotten: FEATURES_OK without writing
    // them again is refused (no VERSION_1).
    d.set(STATUS, ACKNOWLEDGE | DRIVER);
    d.set(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
    assert_eq!(d.reg(STATUS) & FEATURES_OK, 0);
    // The disk keeps its data across a reset; the driver starts again.
    d.restart();
    assert_eq!(
        d.request(VIRTIO_BLK_T_IN, 3, &[(BUF, 1024, true)]).0,
        VIRTIO_BLK_S_OK
    );
    assert_eq!(d.r(BUF, 1024), pattern(1024, 7));
}

#[test]
fn used_and_avail_indices_wrap_around_65536() {
    let qsize = QUEUE_NUM_MAX;
    let mut d = Driver::new(Backing::memory(DISK_BYTES), qsize);
    let per_batch = qsize / 2; // header + status descriptors each
    let mut done: u32 = 0;
    let mut crossed = false;
    while done < 65536 + 3 * u32::from(per_batch) {
        let mut heads = Vec::new();
        for s in 0..per_batch {
            heads.push(u32::from(d.submit(s, VIRTIO_BLK_T_FLUSH, 0, &[])));
        }
        let before = d.used_idx();
        d.notify();
        let after = d.used_idx();
        assert_eq!(after, before.wrapping_add(per_batch));
        crossed |= after < before;
        let used = d.take_used();
        assert_eq!(used.iter().map(|u| u.0).collect::<Vec<_>>(), heads);
        assert!(used.iter().all(|u| u.1 == 1));
        done += u32::from(per_batch);
    }
    assert!(crossed);
    assert_eq!(d.dev.queue().used_idx(), d.avail_idx);
    assert_eq!(d.dev.queue().last_avail_idx(), d.avail_idx);
    assert_eq!(d.dev.counters().flushes, u64::from(done));
    assert_eq!(d.reg(STATUS) & DEVICE_NEEDS_RESET, 0);
}

/// One step of the fuzz: a register access or a notify.
#[derive(Debug, Clone)]
enum Op {
    Load(u64, u64),
    Store(u64, u64, u64),
    Notify,
}

fn op() -> impl Strategy<Value = Op> {
    let off = prop_oneof![
        (0u64..0x40).prop_map(|r| r * 4),
        0u64..0x1000,
        Just(QUEUE_NOTIFY)
    ];
    let size = prop_oneof![Just(4u64), Just(1), Just(2), Just(8), 0u64..16];
    prop_oneof![
        (off.clone(), size.clone()).prop_map(|(o, s)| Op::Load(o, s)),
        (off, size, any::<u64>()).prop_map(|(o, s, v)| Op::Store(o, s, v)),
        Just(Op::Notify),
    ]
}

/// Deterministic pseudo-random bytes (splitmix64) for RAM contents.
fn fill_random(bytes: &mut [u8], mut seed: u64) {
    for chunk in bytes.chunks_mut(8) {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let n = chunk.len();
        chunk.copy_from_slice(&z.to_le_bytes()[..n]);
    }
}

/// A descriptor: address (mostly inside the buffer area), length, flags,
/// next.
fn desc() -> impl Strategy<Value = (u64, u32, u16, u16)> {
    let addr = prop_oneof![4 => HDR..BASE + 0x20000, 1 => any::<u64>()];
    let len = prop_oneof![0u32..0x1400, Just(16), Just(512), Just(1), any::<u32>()];
    // Mostly NEXT/WRITE combinations, sometimes INDIRECT.
    let flags = prop_oneof![9 => 0u16..4, 1 => 0u16..8];
    (addr, len, flags, index())
}

/// A descriptor index: below 128 it is taken modulo the queue size,
/// 128 and above it stays out of range.
fn index() -> impl Strategy<Value = u16> {
    prop_oneof![19 => 0u16..128, 1 => 128u16..140]
}

/// `i` modulo the queue size when below 128 (see [`index`]).
fn in_queue(i: u16, qsize: u16) -> u16 {
    if i < 128 {
        i % qsize
    } else {
        i
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random register traffic on a device with random RAM: no panic, the
    /// backing keeps its size.
    #[test]
    fn random_register_traffic_never_panics(
        seed in any::<u64>(),
        ops in proptest::collection::vec(op(), 0..64),
    ) {
        let mut ram = Ram::new(BASE, 0x4000);
        fill_random(ram.slice_mut(BASE, 0x4000).unwrap(), seed);
        let mut dev = VirtioBlk::new(Backing::memory(4096));
        for op in ops {
            match op {
                Op::Load(o, s) => { let _ = dev.load(o, s); }
                Op::Store(o, s, v) => { let _ = dev.store(o, s, v, &mut ram); }
                Op::Notify => { let _ = dev.store(QUEUE_NOTIFY, 4, 0, &mut ram); }
            }
        }
        prop_assert_eq!(dev.backing().size(), 4096);
    }

    /// A properly initialised queue with random descriptors, available
    /// heads, request headers and buffer contents: no panic, no hang;
    /// every request consumed was returned unless the device asked for a
    /// reset.
    #[test]
    fn random_requests_after_a_proper_init_never_panic(
        seed in any::<u64>(),
        qsize_log in 0u32..8,
        descs in proptest::collection::vec(desc(), 1..128),
        heads in proptest::collection::vec((index(), 0u32..12, 0u64..80), 1..20),
        notifies in 1usize..4,
    ) {
        let qsize = 1u16 << qsize_log;
        let mut d = Driver::bare(Backing::memory(DISK_BYTES), qsize);
        d.negotiate(OFFERED_FEATURES);
        d.setup_queue(DESC, AVAIL, USED);
        d.set(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        fill_random(d.ram.slice_mut(HDR, 0x18000).unwrap(), seed);
        for (i, &(addr, len, flags, next)) in descs.iter().enumerate().take(usize::from(qsize)) {
            d.write_desc(i as u16, addr, len, flags, in_queue(next, qsize));
        }
        // Headers with plausible types and sectors where the heads point.
        for &(head, kind, sector) in heads.iter().take(usize::from(qsize)) {
            let head = in_queue(head, qsize);
            let Some(&(addr, ..)) = descs.get(usize::from(head)) else { continue };
            if let Some(h) = d.ram.slice_mut(addr, 16) {
                h[..4].copy_from_slice(&kind.to_le_bytes());
                h[8..].copy_from_slice(&sector.to_le_bytes());
            }
            d.make_available(head);
        }
        for _ in 0..notifies {
            d.notify();
        }
        let q = d.dev.queue();
        if d.dev.status() & DEVICE_NEEDS_RESET == 0 {
            prop_assert_eq!(q.used_idx(), q.last_avail_idx());
        }
        prop_assert_eq!(d.dev.backing().size(), DISK_BYTES as u64);
    }

    /// Well-framed chains (header, data, status) with random types,
    /// sectors and data buffers: never a reset, every request returned
    /// with a defined status, and only `T_OUT`s that succeed change the
    /// disk.
    #[test]
    fn random_well_framed_requests_complete_with_a_defined_status(
        seed in any::<u64>(),
        reqs in proptest::collection::vec(
            (
                prop_oneof![4 => 0u32..2, 1 => 0u32..12],
                prop_oneof![4 => 0u64..72, 1 => any::<u64>()],
                proptest::collection::vec(
                    (
                        prop_oneof![9 => BUF..BUF + 0x10000, 1 => any::<u64>()],
                        prop_oneof![3 => (1u32..4).prop_map(|n| n * 512), 1 => 0u32..0x1000],
                        any::<bool>(),
                    ),
                    0..4,
                ),
            ),
            1..20,
        ),
    ) {
        let mut d = Driver::new(Backing::memory(DISK_BYTES), QUEUE_NUM_MAX);
        fill_random(d.ram.slice_mut(BUF, 0x11000).unwrap(), seed);
        let mut submitted = 0u16;
        let mut descs_used = 0usize;
        for (slot, (kind, sector, data)) in reqs.iter().enumerate() {
            if descs_used + data.len() + 2 > usize::from(QUEUE_NUM_MAX) {
                break;
            }
            descs_used += data.len() + 2;
            d.submit(slot as u16, *kind, *sector, data);
            submitted += 1;
        }
        d.notify();
        prop_assert_eq!(d.reg(STATUS) & DEVICE_NEEDS_RESET, 0);
        let used = d.take_used();
        prop_assert_eq!(used.len(), usize::from(submitted));
        for slot in 0..submitted {
            let st = d.r(Driver::status_pa(slot), 1)[0];
            prop_assert!(st <= VIRTIO_BLK_S_UNSUPP, "slot {} status {}", slot, st);
        }
        let c = d.dev.counters();
        prop_assert!(c.failed_requests <= u64::from(submitted));
        if c.sectors_written == 0 {
            let Backing::Memory(disk) = d.dev.backing() else { unreachable!() };
            prop_assert!(disk.iter().all(|&b| b == 0));
        }
    }
}
