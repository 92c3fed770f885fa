//! The block device proper (virtio 1.1, section 5.2 "Block Device"): its
//! backing store, its configuration space and the execution of one request.
//!
//! A request is one descriptor chain (section 5.2.6):
//!
//! ```text
//!   device-readable:  le32 type; le32 reserved; le64 sector;  [data for T_OUT]
//!   device-writable:  [data for T_IN / T_GET_ID]  u8 status
//! ```
//!
//! The framing is free (section 2.6.4, "Message Framing"): the header,
//! data and status may be split across descriptors in any way, so the
//! device reads the readable descriptors as one byte stream and the
//! writable ones as another; the status is the last writable byte.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use super::queue::{Desc, QUEUE_NUM_MAX};
use crate::ram::Ram;

/// The sector size of the request protocol (section 5.2.6).
pub const SECTOR_SIZE: u64 = 512;

/// Feature: `seg_max` in the configuration holds the most data segments
/// in one request (section 5.2.3).
pub const VIRTIO_BLK_F_SEG_MAX: u64 = 1 << 2;
/// Feature: the device executes VIRTIO_BLK_T_FLUSH (section 5.2.3).
pub const VIRTIO_BLK_F_FLUSH: u64 = 1 << 9;

/// Request types (section 5.2.6).
pub const VIRTIO_BLK_T_IN: u32 = 0;
pub const VIRTIO_BLK_T_OUT: u32 = 1;
pub const VIRTIO_BLK_T_FLUSH: u32 = 4;
pub const VIRTIO_BLK_T_GET_ID: u32 = 8;

/// Request status values (section 5.2.6).
pub const VIRTIO_BLK_S_OK: u8 = 0;
pub const VIRTIO_BLK_S_IOERR: u8 = 1;
pub const VIRTIO_BLK_S_UNSUPP: u8 = 2;

/// Length of the device ID string of VIRTIO_BLK_T_GET_ID (section 5.2.6).
pub const VIRTIO_BLK_ID_BYTES: usize = 20;
/// The ID string this device reports (zero-padded to 20 bytes).
pub const DEVICE_ID_STRING: &[u8] = b"rvmmu-virtio-blk";

/// Length of the request header (type, reserved, sector).
const HEADER_LEN: u64 = 16;
/// Length of the configuration space exposed: capacity, size_max, seg_max,
/// geometry, blk_size (section 5.2.4); reads beyond it return zero.
pub const CONFIG_LEN: usize = 24;
/// `seg_max`: a request is at most a queue's worth of descriptors, the
/// header and the status included.
const SEG_MAX: u32 = QUEUE_NUM_MAX as u32 - 2;

/// Where the disk's bytes live.
#[derive(Debug)]
pub enum Backing {
    /// A host file, opened read-write by the caller, of `size` bytes. The
    /// device never writes at or past `size`, so it never grows the file.
    File { file: File, size: u64 },
    /// A buffer in host memory (e.g. `--swap mem:64M`, tests).
    Memory(Vec<u8>),
}

impl Backing {
    /// A zeroed in-memory disk of `bytes` bytes.
    pub fn memory(bytes: usize) -> Backing {
        Backing::Memory(vec![0; bytes])
    }
    /// An already opened file; its current length is the disk size.
    pub fn file(file: File) -> std::io::Result<Backing> {
        let size = file.metadata()?.len();
        Ok(Backing::File { file, size })
    }
    /// Size in bytes.
    pub fn size(&self) -> u64 {
        match self {
            Backing::File { size, .. } => *size,
            Backing::Memory(v) => v.len() as u64,
        }
    }

    /// The byte range `[pos, pos + len)` if it lies inside the backing.
    fn range(&self, pos: u64, len: usize) -> Result<(u64, u64), RequestError> {
        let end = pos.checked_add(len as u64).filter(|&e| e <= self.size());
        end.map(|e| (pos, e)).ok_or(RequestError::OutOfRange {
            sector: pos / SECTOR_SIZE,
            len: len as u64,
        })
    }

    /// Fills `dst` from byte `pos`.
    fn read_at(&mut self, pos: u64, dst: &mut [u8]) -> Result<(), RequestError> {
        let (start, end) = self.range(pos, dst.len())?;
        match self {
            Backing::Memory(v) => {
                let src = usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(end).ok())
                    .and_then(|(s, e)| v.get(s..e))
                    .ok_or(RequestError::OutOfRange {
                        sector: start / SECTOR_SIZE,
                        len: end - start,
                    })?;
                dst.copy_from_slice(src);
                Ok(())
            }
            Backing::File { file, .. } => file
                .seek(SeekFrom::Start(start))
                .and_then(|_| file.read_exact(dst))
                .map_err(|e| RequestError::Backing(e.kind())),
        }
    }

    /// Writes `src` at byte `pos`.
    fn write_at(&mut self, pos: u64, src: &[u8]) -> Result<(), RequestError> {
        let (start, end) = self.range(pos, src.len())?;
        match self {
            Backing::Memory(v) => {
                let dst = usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(end).ok())
                    .and_then(|(s, e)| v.get_mut(s..e))
                    .ok_or(RequestError::OutOfRange {
                        sector: start / SECTOR_SIZE,
                        len: end - start,
                    })?;
                dst.copy_from_slice(src);
                Ok(())
            }
            Backing::File { file, .. } => file
                .seek(SeekFrom::Start(start))
                .and_then(|_| file.write_all(src))
                .map_err(|e| RequestError::Backing(e.kind())),
        }
    }

    /// Makes written data durable (VIRTIO_BLK_T_FLUSH).
    fn flush(&mut self) -> Result<(), RequestError> {
        match self {
            Backing::Memory(_) => Ok(()),
            Backing::File { file, .. } => file
                .flush()
                .and_then(|_| file.sync_data())
                .map_err(|e| RequestError::Backing(e.kind())),
        }
    }
}

/// Why a request failed. All but [`RequestError::Unsupported`] complete
/// with VIRTIO_BLK_S_IOERR; `NoStatusByte` cannot report a status at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestError {
    /// No device-writable byte inside RAM to hold the status.
    NoStatusByte,
    /// A device-readable descriptor follows a device-writable one (section
    /// 2.6.4.2: "The driver MUST place any device-writable descriptor
    /// elements after any device-readable descriptor elements").
    ReadableAfterWritable,
    /// Fewer than 16 device-readable bytes for the header.
    ShortHeader,
    /// Data length not a multiple of 512 (section 5.2.6.1).
    BadLength(u64),
    /// Data beyond the disk's capacity.
    OutOfRange { sector: u64, len: u64 },
    /// A data buffer not wholly in RAM.
    DataOutsideRam,
    /// The host file failed.
    Backing(std::io::ErrorKind),
    /// Unknown request type (section 5.2.6.1: VIRTIO_BLK_S_UNSUPP).
    Unsupported(u32),
}

/// What the device did with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    /// Bytes written into the chain's writable buffers (the used `len`).
    pub used_len: u32,
    /// Why the request failed, if it did.
    pub error: Option<RequestError>,
}

/// Request and sector counters (for `--stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlkStats {
    pub read_requests: u64,
    pub write_requests: u64,
    pub sectors_read: u64,
    pub sectors_written: u64,
    pub flushes: u64,
    pub failed_requests: u64,
}

/// The disk behind the queue: backing store and counters.
#[derive(Debug)]
pub struct Disk {
    backing: Backing,
    pub stats: BlkStats,
}

/// Calls `f(guest address, length, position from start)` for each piece of
/// bytes `[start, start + len)` of the stream formed by the chain's
/// writable (`write`) or readable descriptors.
fn for_each_piece(
    chain: &[Desc],
    write: bool,
    start: u64,
    len: u64,
    mut f: impl FnMut(u64, usize, u64) -> Result<(), RequestError>,
) -> Result<(), RequestError> {
    let end = start.saturating_add(len);
    let mut pos = 0u64;
    for d in chain.iter().filter(|d| d.is_write() == write) {
        if pos >= end {
            break;
        }
        let d_end = pos + u64::from(d.len);
        let (lo, hi) = (pos.max(start), d_end.min(end));
        if lo < hi {
            let pa = d
                .addr
                .checked_add(lo - pos)
                .ok_or(RequestError::DataOutsideRam)?;
            let n = usize::try_from(hi - lo).map_err(|_| RequestError::DataOutsideRam)?;
            f(pa, n, lo - start)?;
        }
        pos = d_end;
    }
    Ok(())
}

/// Checks that the stream bytes `[start, start + len)` all lie in RAM, so
/// that a request with a bad buffer fails before it touches the disk or
/// guest memory.
fn check_in_ram(
    ram: &Ram,
    chain: &[Desc],
    write: bool,
    start: u64,
    len: u64,
) -> Result<(), RequestError> {
    for_each_piece(chain, write, start, len, |pa, n, _| {
        ram.offset(pa, n as u64)
            .map(|_| ())
            .ok_or(RequestError::DataOutsideRam)
    })
}

impl Disk {
    pub fn new(backing: Backing) -> Disk {
        Disk {
            backing,
            stats: BlkStats::default(),
        }
    }
    /// Capacity in 512-byte sectors (a partial last sector is not used).
    pub fn capacity(&self) -> u64 {
        self.backing.size() / SECTOR_SIZE
    }
    /// The backing store (tests, and the front end at exit).
    pub fn backing(&self) -> &Backing {
        &self.backing
    }

    /// The configuration space (section 5.2.4), little-endian.
    pub fn config_space(&self) -> [u8; CONFIG_LEN] {
        let mut c = [0u8; CONFIG_LEN];
        let fields: [(usize, &[u8]); 3] = [
            (0x00, &self.capacity().to_le_bytes()),
            (0x0c, &SEG_MAX.to_le_bytes()),
            (0x14, &(SECTOR_SIZE as u32).to_le_bytes()),
        ];
        for (off, bytes) in fields {
            if let Some(dst) = c.get_mut(off..off + bytes.len()) {
                dst.copy_from_slice(bytes);
            }
        }
        c
    }

    /// Executes the request in `chain` and writes its status byte (section
    /// 5.2.6.1).
    pub fn execute(&mut self, ram: &mut Ram, chain: &[Desc]) -> Completion {
        let Some(status_pa) = chain
            .iter()
            .rev()
            .find(|d| d.is_write() && d.len > 0)
            .and_then(|d| d.addr.checked_add(u64::from(d.len) - 1))
            .filter(|&pa| ram.offset(pa, 1).is_some())
        else {
            self.stats.failed_requests += 1;
            return Completion {
                used_len: 0,
                error: Some(RequestError::NoStatusByte),
            };
        };
        let mut written = 0u64;
        let result = self.run(ram, chain, &mut written);
        let status = match result {
            Ok(()) => VIRTIO_BLK_S_OK,
            Err(RequestError::Unsupported(_)) => VIRTIO_BLK_S_UNSUPP,
            Err(_) => VIRTIO_BLK_S_IOERR,
        };
        if result.is_err() {
            self.stats.failed_requests += 1;
        }
        // Inside RAM: checked above.
        let _ = ram.write_pa::<1>(status_pa, u64::from(status));
        Completion {
            used_len: u32::try_from(written + 1).unwrap_or(u32::MAX),
            error: result.err(),
        }
    }

    /// Decodes and performs the request; counts in `written` the data
    /// bytes put into writable buffers.
    fn run(
        &mut self,
        ram: &mut Ram,
        chain: &[Desc],
        written: &mut u64,
    ) -> Result<(), RequestError> {
        let (mut readable, mut writable, mut seen_write) = (0u64, 0u64, false);
        for d in chain {
            if d.is_write() {
                seen_write = true;
                writable += u64::from(d.len);
            } else if seen_write {
                return Err(RequestError::ReadableAfterWritable);
            } else {
                readable += u64::from(d.len);
            }
        }
        // The status byte is the last writable one; the rest is data.
        let data_in = writable.saturating_sub(1);
        let mut header = [0u8; HEADER_LEN as usize];
        if readable < HEADER_LEN {
            return Err(RequestError::ShortHeader);
        }
        for_each_piece(chain, false, 0, HEADER_LEN, |pa, n, pos| {
            let src = ram.slice(pa, n).ok_or(RequestError::DataOutsideRam)?;
            let pos = pos as usize;
            if let Some(dst) = header.get_mut(pos..pos + n) {
                dst.copy_from_slice(src);
            }
            Ok(())
        })?;
        let [t0, t1, t2, t3, _, _, _, _, s @ ..] = header;
        let kind = u32::from_le_bytes([t0, t1, t2, t3]);
        let sector = u64::from_le_bytes(s);
        match kind {
            VIRTIO_BLK_T_IN => {
                self.stats.read_requests += 1;
                let base = self.check_range(sector, data_in)?;
                check_in_ram(ram, chain, true, 0, data_in)?;
                let backing = &mut self.backing;
                for_each_piece(chain, true, 0, data_in, |pa, n, pos| {
                    let dst = ram.slice_mut(pa, n).ok_or(RequestError::DataOutsideRam)?;
                    backing.read_at(base + pos, dst)?;
                    *written += n as u64;
                    Ok(())
                })?;
                self.stats.sectors_read += data_in / SECTOR_SIZE;
                Ok(())
            }
            VIRTIO_BLK_T_OUT => {
                self.stats.write_requests += 1;
                let data_out = readable - HEADER_LEN;
                let base = self.check_range(sector, data_out)?;
                check_in_ram(ram, chain, false, HEADER_LEN, data_out)?;
                let backing = &mut self.backing;
                for_each_piece(chain, false, HEADER_LEN, data_out, |pa, n, pos| {
                    let src = ram.slice(pa, n).ok_or(RequestError::DataOutsideRam)?;
                    backing.write_at(base + pos, src)
                })?;
                self.stats.sectors_written += data_out / SECTOR_SIZE;
                Ok(())
            }
            VIRTIO_BLK_T_FLUSH => {
                self.stats.flushes += 1;
                self.backing.flush()
            }
            VIRTIO_BLK_T_GET_ID => {
                let mut id = [0u8; VIRTIO_BLK_ID_BYTES];
                let n = DEVICE_ID_STRING.len().min(VIRTIO_BLK_ID_BYTES);
                if let (Some(dst), Some(src)) = (id.get_mut(..n), DEVICE_ID_STRING.get(..n)) {
                    dst.copy_from_slice(src);
                }
                let len = data_in.min(VIRTIO_BLK_ID_BYTES as u64);
                for_each_piece(chain, true, 0, len, |pa, n, pos| {
                    let dst = ram.slice_mut(pa, n).ok_or(RequestError::DataOutsideRam)?;
                    let pos = pos as usize;
                    if let Some(src) = id.get(pos..pos + n) {
                        dst.copy_from_slice(src);
                    }
                    *written += n as u64;
                    Ok(())
                })
            }
            other => Err(RequestError::Unsupported(other)),
        }
    }

    /// The byte offset of `len` bytes at `sector`, if `len` is whole
    /// sectors and they lie within the capacity (section 5.2.6.1).
    fn check_range(&self, sector: u64, len: u64) -> Result<u64, RequestError> {
        if !len.is_multiple_of(SECTOR_SIZE) {
            return Err(RequestError::BadLength(len));
        }
        let limit = self.capacity() * SECTOR_SIZE;
        sector
            .checked_mul(SECTOR_SIZE)
            .filter(|&start| start.checked_add(len).is_some_and(|end| end <= limit))
            .ok_or(RequestError::OutOfRange { sector, len })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn capacity_rounds_down_to_whole_sectors() {
        for (bytes, sectors) in [(0usize, 0u64), (511, 0), (512, 1), (4096 + 100, 8)] {
            assert_eq!(Disk::new(Backing::memory(bytes)).capacity(), sectors);
        }
    }

    #[test]
    fn range_check_refuses_partial_sectors_and_the_end() {
        let d = Disk::new(Backing::memory(8 * 512));
        let cases: &[(u64, u64, Result<u64, RequestError>)] = &[
            (0, 512, Ok(0)),
            (7, 512, Ok(7 * 512)),
            (0, 8 * 512, Ok(0)),
            (8, 0, Ok(8 * 512)),
            (
                8,
                512,
                Err(RequestError::OutOfRange {
                    sector: 8,
                    len: 512,
                }),
            ),
            (
                7,
                1024,
                Err(RequestError::OutOfRange {
                    sector: 7,
                    len: 1024,
                }),
            ),
            (
                u64::MAX / 512 + 1,
                512,
                Err(RequestError::OutOfRange {
                    sector: u64::MAX / 512 + 1,
                    len: 512,
                }),
            ),
            (
                u64::MAX / 512,
                512,
                Err(RequestError::OutOfRange {
                    sector: u64::MAX / 512,
                    len: 512,
                }),
            ),
            (0, 100, Err(RequestError::BadLength(100))),
        ];
        for &(sector, len, want) in cases {
            assert_eq!(
                d.check_range(sector, len),
                want,
                "sector {sector} len {len}"
            );
        }
    }

    #[test]
    fn backing_refuses_bytes_outside_its_size() {
        let mut b = Backing::memory(1024);
        let mut buf = [0u8; 512];
        assert!(b.read_at(512, &mut buf).is_ok());
        assert!(b.read_at(513, &mut buf).is_err());
        assert!(b.write_at(u64::MAX, &buf).is_err());
        assert!(b.write_at(600, &buf).is_err());
    }

    #[test]
    fn config_space_holds_capacity_seg_max_and_block_size() {
        let d = Disk::new(Backing::memory(64 << 20));
        let c = d.config_space();
        assert_eq!(c.get(0..8), Some(&((64u64 << 20) / 512).to_le_bytes()[..]));
        assert_eq!(c.get(12..16), Some(&126u32.to_le_bytes()[..]));
        assert_eq!(c.get(20..24), Some(&512u32.to_le_bytes()[..]));
    }
}
