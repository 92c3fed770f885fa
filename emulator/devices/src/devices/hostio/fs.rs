//! `--root DIR[:rw]`: one host directory as the guest's root file system,
//! served to the firmware by the hostio device.
//!
//! Confinement: every guest path is resolved by the host kernel with
//! `openat2(rootfd, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)`
//! (Linux 5.6): `..` stops at DIR and a symbolic link, absolute or
//! relative, is followed as if DIR were `/`, component by component and
//! race-free, so no path reaches outside DIR. Calls that name an entry
//! (mkdir, unlink, rename, readlink) open its parent that way and pass
//! only the last component, which may not be empty, `.`, `..` or hold a
//! `/`. Without `:rw`, anything that would change DIR fails with EROFS and
//! files are opened read-only.

use crate::ram::Ram;
use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// Operation numbers of the file system (see `HostIo`).
pub mod op {
    /// open(path_pa, path_len, flags, mode) → handle. Linux open flags
    /// (asm-generic values): access mode, O_CREAT, O_EXCL, O_TRUNC,
    /// O_APPEND, O_DIRECTORY, O_NOFOLLOW; others are ignored.
    pub const OPEN: u64 = 16;
    /// close(handle)
    pub const CLOSE: u64 = 17;
    /// pread(handle, pa, len, offset) → bytes read
    pub const PREAD: u64 = 18;
    /// pwrite(handle, pa, len, offset) → bytes written
    pub const PWRITE: u64 = 19;
    /// fstat(handle, pa): a Linux riscv64 `struct stat` (128 bytes) at pa
    pub const FSTAT: u64 = 20;
    /// stat(path_pa, path_len, pa, nofollow): like FSTAT, by path
    pub const STAT: u64 = 21;
    /// dirent(handle, index, pa, cap): entry `index` of a directory as
    /// u64 inode, u64 d_type, the NUL-terminated name → 1, or 0 past the end
    pub const DIRENT: u64 = 22;
    /// mkdir(path_pa, path_len, mode)
    pub const MKDIR: u64 = 23;
    /// unlink(path_pa, path_len, flags): AT_REMOVEDIR (0x200) for rmdir
    pub const UNLINK: u64 = 24;
    /// rename(old_pa, old_len, new_pa, new_len, flags): renameat2's flags
    pub const RENAME: u64 = 25;
    /// readlink(path_pa, path_len, pa, cap) → length
    pub const READLINK: u64 = 26;
    /// truncate(handle, length)
    pub const TRUNCATE: u64 = 27;
    /// fsync(handle)
    pub const FSYNC: u64 = 28;
}

const EROFS: i64 = 30;
const EEXIST: i64 = 17;
const EMFILE: i64 = 24;
const ENAMETOOLONG: i64 = 36;
/// Open host files at once.
const MAX_HANDLES: usize = 1024;
/// Longest path accepted (Linux's PATH_MAX).
const PATH_MAX: u64 = 4096;
/// Size of the riscv64 `struct stat` (asm-generic/stat.h).
pub const STAT_SIZE: usize = 128;

// Linux asm-generic open flags, as the guest passes them.
const G_ACCMODE: u64 = 0o3;
const G_CREAT: u64 = 0o100;
const G_EXCL: u64 = 0o200;
const G_TRUNC: u64 = 0o1000;
const G_APPEND: u64 = 0o2000;
const G_DIRECTORY: u64 = 0o200000;
const G_NOFOLLOW: u64 = 0o400000;
const AT_REMOVEDIR: u64 = 0x200;

/// One directory entry as the guest sees it.
#[derive(Debug)]
struct Entry {
    ino: u64,
    kind: u8,
    name: Vec<u8>,
}

#[derive(Debug)]
struct HostFile {
    fd: OwnedFd,
    /// A directory's entries, read at the first DIRENT.
    entries: Option<Vec<Entry>>,
}

/// The host directory and the files the guest has open in it.
#[derive(Debug)]
pub struct HostRoot {
    root: OwnedFd,
    writable: bool,
    files: Vec<Option<HostFile>>,
}

/// The host's errno of the last failed call, negated.
fn last_errno() -> i64 {
    -i64::from(std::io::Error::last_os_error().raw_os_error().unwrap_or(5))
}

impl HostRoot {
    /// Opens `--root`'s value: `DIR`, `DIR:ro` or `DIR:rw`.
    pub fn open(spec: &str) -> Result<HostRoot, String> {
        let (dir, writable) = match spec.rsplit_once(':') {
            Some((d, "rw")) => (d, true),
            Some((d, "ro")) => (d, false),
            _ => (spec, false),
        };
        let meta = std::fs::metadata(dir).map_err(|e| format!("{dir}: {e}"))?;
        if !meta.is_dir() {
            return Err(format!("{dir}: not a directory"));
        }
        let c = CString::new(dir).map_err(|_| format!("{dir}: NUL in the path"))?;
        // SAFETY: c is a valid NUL-terminated string; the result is checked.
        let fd = unsafe {
            libc::open(
                c.as_ptr(),
                libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(format!("{dir}: {}", std::io::Error::last_os_error()));
        }
        // SAFETY: fd was just opened and is owned by nobody else.
        let root = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(HostRoot {
            root,
            writable,
            files: Vec::new(),
        })
    }

    /// Whether the guest may change the directory.
    pub fn writable(&self) -> bool {
        self.writable
    }

    /// Runs one file-system operation.
    pub fn run(&mut self, op: u64, a: &[u64; 6], ram: &mut Ram) -> i64 {
        let r = match op {
            op::OPEN => self.open_file(ram, a),
            op::CLOSE => self.take(a[0]).map(|_| 0),
            op::PREAD => self.pread(ram, a),
            op::PWRITE => self.pwrite(ram, a),
            op::FSTAT => self.fd(a[0]).and_then(|fd| stat_out(fd, ram, a[1])),
            op::STAT => self.stat_path(ram, a),
            op::DIRENT => self.dirent(ram, a),
            op::MKDIR => self.mkdir(ram, a),
            op::UNLINK => self.unlink(ram, a),
            op::RENAME => self.rename(ram, a),
            op::READLINK => self.readlink(ram, a),
            op::TRUNCATE => self.truncate(a),
            op::FSYNC => self.fd(a[0]).and_then(|fd| {
                // SAFETY: fd is an open descriptor.
                check(unsafe { libc::fsync(fd) } as i64)
            }),
            _ => Err(-super::errno::ENOSYS),
        };
        r.unwrap_or_else(|e| e)
    }

    fn file(&mut self, h: u64) -> Result<&mut HostFile, i64> {
        usize::try_from(h)
            .ok()
            .and_then(|i| self.files.get_mut(i))
            .and_then(Option::as_mut)
            .ok_or(-super::errno::EBADF)
    }

    fn fd(&mut self, h: u64) -> Result<RawFd, i64> {
        self.file(h).map(|f| f.fd.as_raw_fd())
    }

    fn take(&mut self, h: u64) -> Result<HostFile, i64> {
        usize::try_from(h)
            .ok()
            .and_then(|i| self.files.get_mut(i))
            .and_then(Option::take)
            .ok_or(-super::errno::EBADF)
    }

    fn need_writable(&self) -> Result<(), i64> {
        if self.writable {
            Ok(())
        } else {
            Err(-EROFS)
        }
    }

    /// Resolves `path` inside the root with openat2 and RESOLVE_IN_ROOT.
    fn resolve(&self, path: &CString, flags: i32, mode: u32) -> Result<OwnedFd, i64> {
        // SAFETY: open_how is plain integers; all-zero is valid.
        let mut how: libc::open_how = unsafe { std::mem::zeroed() };
        how.flags = (flags | libc::O_CLOEXEC) as u64;
        // openat2 refuses a mode without O_CREAT.
        if flags & libc::O_CREAT != 0 {
            how.mode = u64::from(mode);
        }
        how.resolve = libc::RESOLVE_IN_ROOT | libc::RESOLVE_NO_MAGICLINKS;
        // SAFETY: the pointers are valid for the call; size matches how.
        let fd = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                self.root.as_raw_fd(),
                path.as_ptr(),
                &how as *const libc::open_how,
                std::mem::size_of::<libc::open_how>(),
            )
        };
        if fd < 0 {
            return Err(last_errno());
        }
        // SAFETY: a new descriptor owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
    }

    /// The parent directory of `path` (resolved inside the root) and the
    /// last component, which must be a plain name.
    fn parent(&self, path: &[u8]) -> Result<(OwnedFd, CString), i64> {
        let trimmed = trim_slashes(path);
        let (dir, name) = match trimmed.iter().rposition(|&b| b == b'/') {
            Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
            None => (&b""[..], trimmed),
        };
        if name.is_empty() || name == b"." || name == b".." {
            return Err(-super::errno::EINVAL);
        }
        let dir = cstring(if dir.is_empty() { b"." } else { dir })?;
        let fd = self.resolve(&dir, libc::O_PATH | libc::O_DIRECTORY, 0)?;
        Ok((fd, cstring(name)?))
    }

    fn open_file(&mut self, ram: &Ram, a: &[u64; 6]) -> Result<i64, i64> {
        let path = guest_path(ram, a[0], a[1])?;
        let mut g = a[2];
        if !self.writable {
            if g & G_ACCMODE != 0 || g & G_TRUNC != 0 {
                return Err(-EROFS);
            }
            // O_CREAT of an existing file only opens it (EEXIST with
            // O_EXCL); creating one is EROFS.
            if g & G_CREAT != 0 {
                let exists = self.resolve(&path, libc::O_PATH, 0).is_ok();
                if !exists {
                    return Err(-EROFS);
                }
                if g & G_EXCL != 0 {
                    return Err(-EEXIST);
                }
                g &= !(G_CREAT | G_EXCL);
            }
        }
        let mut flags = match g & G_ACCMODE {
            0 => libc::O_RDONLY,
            1 => libc::O_WRONLY,
            _ => libc::O_RDWR,
        };
        for (bit, host) in [
            (G_CREAT, libc::O_CREAT),
            (G_EXCL, libc::O_EXCL),
            (G_TRUNC, libc::O_TRUNC),
            (G_APPEND, libc::O_APPEND),
            (G_DIRECTORY, libc::O_DIRECTORY),
            (G_NOFOLLOW, libc::O_NOFOLLOW),
        ] {
            if g & bit != 0 {
                flags |= host;
            }
        }
        let slot = match self.files.iter().position(Option::is_none) {
            Some(i) => i,
            None if self.files.len() < MAX_HANDLES => {
                self.files.push(None);
                self.files.len() - 1
            }
            None => return Err(-EMFILE),
        };
        let fd = self.resolve(&path, flags, (a[3] & 0o7777) as u32)?;
        self.files[slot] = Some(HostFile { fd, entries: None });
        Ok(slot as i64)
    }

    fn pread(&mut self, ram: &mut Ram, a: &[u64; 6]) -> Result<i64, i64> {
        let fd = self.fd(a[0])?;
        let buf = guest_buf_mut(ram, a[1], a[2])?;
        let off = i64::try_from(a[3]).map_err(|_| -super::errno::EINVAL)?;
        // SAFETY: buf is valid for buf.len() bytes.
        check(unsafe { libc::pread(fd, buf.as_mut_ptr().cast(), buf.len(), off) } as i64)
    }

    fn pwrite(&mut self, ram: &Ram, a: &[u64; 6]) -> Result<i64, i64> {
        self.need_writable()?;
        let fd = self.fd(a[0])?;
        let buf = guest_buf(ram, a[1], a[2])?;
        let off = i64::try_from(a[3]).map_err(|_| -super::errno::EINVAL)?;
        // SAFETY: buf is valid for buf.len() bytes.
        check(unsafe { libc::pwrite(fd, buf.as_ptr().cast(), buf.len(), off) } as i64)
    }

    fn stat_path(&mut self, ram: &mut Ram, a: &[u64; 6]) -> Result<i64, i64> {
        let path = guest_path(ram, a[0], a[1])?;
        let nofollow = if a[3] != 0 { libc::O_NOFOLLOW } else { 0 };
        let fd = self.resolve(&path, libc::O_PATH | nofollow, 0)?;
        stat_out(fd.as_raw_fd(), ram, a[2])
    }

    fn dirent(&mut self, ram: &mut Ram, a: &[u64; 6]) -> Result<i64, i64> {
        let file = self.file(a[0])?;
        if file.entries.is_none() {
            file.entries = Some(read_dir(file.fd.as_raw_fd())?);
        }
        let entries = file.entries.as_deref().unwrap_or_default();
        let Some(e) = usize::try_from(a[1]).ok().and_then(|i| entries.get(i)) else {
            return Ok(0);
        };
        let need = 16 + e.name.len() + 1;
        if (a[3] as usize) < need {
            return Err(-super::errno::EINVAL);
        }
        let out = guest_buf_mut(ram, a[2], need as u64)?;
        out[..8].copy_from_slice(&e.ino.to_le_bytes());
        out[8..16].copy_from_slice(&u64::from(e.kind).to_le_bytes());
        out[16..need - 1].copy_from_slice(&e.name);
        out[need - 1] = 0;
        Ok(1)
    }

    fn mkdir(&mut self, ram: &Ram, a: &[u64; 6]) -> Result<i64, i64> {
        let path = guest_path(ram, a[0], a[1])?;
        // An existing entry is EEXIST even on a read-only root (mkdir -p).
        if self
            .resolve(&path, libc::O_PATH | libc::O_NOFOLLOW, 0)
            .is_ok()
        {
            return Err(-EEXIST);
        }
        self.need_writable()?;
        let (dir, name) = self.parent(path.as_bytes())?;
        // SAFETY: valid descriptor and string.
        check(
            unsafe { libc::mkdirat(dir.as_raw_fd(), name.as_ptr(), (a[2] & 0o7777) as u32) } as i64,
        )
    }

    fn unlink(&mut self, ram: &Ram, a: &[u64; 6]) -> Result<i64, i64> {
        self.need_writable()?;
        let (dir, name) = self.parent(guest_path(ram, a[0], a[1])?.as_bytes())?;
        let flags = if a[2] & AT_REMOVEDIR != 0 {
            libc::AT_REMOVEDIR
        } else {
            0
        };
        // SAFETY: valid descriptor and string.
        check(unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), flags) } as i64)
    }

    fn rename(&mut self, ram: &Ram, a: &[u64; 6]) -> Result<i64, i64> {
        self.need_writable()?;
        let (d1, n1) = self.parent(guest_path(ram, a[0], a[1])?.as_bytes())?;
        let (d2, n2) = self.parent(guest_path(ram, a[2], a[3])?.as_bytes())?;
        // RENAME_NOREPLACE and RENAME_EXCHANGE only (no whiteouts).
        let flags = (a[4] & 3) as libc::c_uint;
        // SAFETY: valid descriptors and strings.
        check(unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                d1.as_raw_fd(),
                n1.as_ptr(),
                d2.as_raw_fd(),
                n2.as_ptr(),
                flags,
            )
        })
    }

    fn readlink(&mut self, ram: &mut Ram, a: &[u64; 6]) -> Result<i64, i64> {
        let (dir, name) = self.parent(guest_path(ram, a[0], a[1])?.as_bytes())?;
        let mut buf = [0u8; PATH_MAX as usize];
        // SAFETY: valid descriptor, string and buffer.
        let n = check(unsafe {
            libc::readlinkat(
                dir.as_raw_fd(),
                name.as_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        } as i64)? as usize;
        let n = n.min(a[3] as usize);
        guest_buf_mut(ram, a[2], n as u64)?.copy_from_slice(&buf[..n]);
        Ok(n as i64)
    }

    fn truncate(&mut self, a: &[u64; 6]) -> Result<i64, i64> {
        self.need_writable()?;
        let fd = self.fd(a[0])?;
        let len = i64::try_from(a[1]).map_err(|_| -super::errno::EINVAL)?;
        // SAFETY: fd is an open descriptor.
        check(unsafe { libc::ftruncate(fd, len) } as i64)
    }
}

/// A syscall result: the value, or the negated errno.
fn check(r: i64) -> Result<i64, i64> {
    if r < 0 {
        Err(last_errno())
    } else {
        Ok(r)
    }
}

fn trim_slashes(p: &[u8]) -> &[u8] {
    let mut s = p;
    while let [rest @ .., b'/'] = s {
        s = rest;
    }
    while let [b'/', rest @ ..] = s {
        s = rest;
    }
    s
}

fn cstring(b: &[u8]) -> Result<CString, i64> {
    CString::new(b).map_err(|_| -super::errno::EINVAL)
}

fn guest_buf(ram: &Ram, pa: u64, len: u64) -> Result<&[u8], i64> {
    usize::try_from(len)
        .ok()
        .and_then(|n| ram.slice(pa, n))
        .ok_or(-super::errno::EFAULT)
}

fn guest_buf_mut(ram: &mut Ram, pa: u64, len: u64) -> Result<&mut [u8], i64> {
    usize::try_from(len)
        .ok()
        .and_then(|n| ram.slice_mut(pa, n))
        .ok_or(-super::errno::EFAULT)
}

/// A guest path (relative to the root; a leading `/` is the root too);
/// the empty path is the root itself.
fn guest_path(ram: &Ram, pa: u64, len: u64) -> Result<CString, i64> {
    if len >= PATH_MAX {
        return Err(-ENAMETOOLONG);
    }
    let b = guest_buf(ram, pa, len)?;
    cstring(if b.is_empty() { b"." } else { b })
}

/// Writes the Linux riscv64 `struct stat` of fd at guest pa.
pub(super) fn stat_out(fd: RawFd, ram: &mut Ram, pa: u64) -> Result<i64, i64> {
    // SAFETY: an all-zero stat is valid; fstat fills it.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: fd is open (an O_PATH descriptor works with fstat).
    check(unsafe { libc::fstat(fd, &mut st) } as i64)?;
    let out = guest_buf_mut(ram, pa, STAT_SIZE as u64)?;
    out.fill(0);
    let mut put = |off: usize, bytes: &[u8]| out[off..off + bytes.len()].copy_from_slice(bytes);
    put(0, &(st.st_dev as u64).to_le_bytes());
    put(8, &(st.st_ino as u64).to_le_bytes());
    put(16, &(st.st_mode as u32).to_le_bytes());
    put(20, &(st.st_nlink as u32).to_le_bytes());
    put(24, &(st.st_uid as u32).to_le_bytes());
    put(28, &(st.st_gid as u32).to_le_bytes());
    put(32, &(st.st_rdev as u64).to_le_bytes());
    put(48, &(st.st_size as i64).to_le_bytes());
    put(56, &(st.st_blksize as i32).to_le_bytes());
    put(64, &(st.st_blocks as i64).to_le_bytes());
    put(72, &(st.st_atime as i64).to_le_bytes());
    put(80, &(st.st_atime_nsec as u64).to_le_bytes());
    put(88, &(st.st_mtime as i64).to_le_bytes());
    put(96, &(st.st_mtime_nsec as u64).to_le_bytes());
    put(104, &(st.st_ctime as i64).to_le_bytes());
    put(112, &(st.st_ctime_nsec as u64).to_le_bytes());
    Ok(0)
}

/// Every entry of the open directory fd ("." and ".." included).
fn read_dir(fd: RawFd) -> Result<Vec<Entry>, i64> {
    // SAFETY: duplicating an open descriptor; fdopendir owns the copy.
    let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(last_errno());
    }
    // SAFETY: dup is a new descriptor of a directory.
    let dir = unsafe { libc::fdopendir(dup) };
    if dir.is_null() {
        let e = last_errno();
        // SAFETY: dup is still ours when fdopendir failed.
        unsafe { libc::close(dup) };
        return Err(e);
    }
    // SAFETY: dir is a valid stream; the copy may share the offset.
    unsafe { libc::rewinddir(dir) };
    let mut out = Vec::new();
    loop {
        // SAFETY: dir is a valid stream until closedir.
        let ent = unsafe { libc::readdir64(dir) };
        if ent.is_null() {
            break;
        }
        // SAFETY: readdir64 returned a valid entry with a NUL-terminated name.
        let (ino, kind, name) = unsafe {
            let e = &*ent;
            (
                e.d_ino,
                e.d_type,
                std::ffi::CStr::from_ptr(e.d_name.as_ptr())
                    .to_bytes()
                    .to_vec(),
            )
        };
        out.push(Entry { ino, kind, name });
    }
    // SAFETY: dir came from fdopendir.
    unsafe { libc::closedir(dir) };
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const BASE: u64 = 0x8000_0000;

    fn put_path(ram: &mut Ram, at: u64, p: &str) -> [u64; 2] {
        ram.slice_mut(at, p.len())
            .unwrap()
            .copy_from_slice(p.as_bytes());
        [at, p.len() as u64]
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("rvmmu-hostio-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("root/sub")).unwrap();
        std::fs::write(d.join("secret"), b"outside").unwrap();
        std::fs::write(d.join("root/inside"), b"inside").unwrap();
        std::os::unix::fs::symlink("/", d.join("root/abs")).unwrap();
        std::os::unix::fs::symlink("../../secret", d.join("root/sub/rel")).unwrap();
        d
    }

    fn open(r: &mut HostRoot, ram: &mut Ram, path: &str, flags: u64) -> i64 {
        let [pa, len] = put_path(ram, BASE, path);
        r.run(op::OPEN, &[pa, len, flags, 0o644, 0, 0], ram)
    }

    fn read_all(r: &mut HostRoot, ram: &mut Ram, h: i64) -> Vec<u8> {
        let n = r.run(op::PREAD, &[h as u64, BASE + 0x800, 64, 0, 0, 0], ram);
        assert!(n >= 0, "pread: {n}");
        ram.slice(BASE + 0x800, n as usize).unwrap().to_vec()
    }

    #[test]
    fn no_path_escapes_the_root() {
        let d = scratch("escape");
        let mut r = HostRoot::open(d.join("root").to_str().unwrap()).unwrap();
        let mut ram = Ram::new(BASE, 0x1000);
        // Each of these names the outside file "secret" one way or another;
        // inside the root they resolve to a missing /secret.
        for p in [
            "../secret",
            "/../secret",
            "sub/../../secret",
            "abs/../secret",
            "sub/rel",
        ] {
            assert_eq!(
                open(&mut r, &mut ram, p, 0),
                -2,
                "{p}: ENOENT, not the host file"
            );
        }
        let h = open(&mut r, &mut ram, "abs/inside", 0);
        assert_eq!(
            read_all(&mut r, &mut ram, h),
            b"inside",
            "abs is the root itself"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn read_only_roots_refuse_changes() {
        let d = scratch("ro");
        let mut r = HostRoot::open(d.join("root").to_str().unwrap()).unwrap();
        let mut ram = Ram::new(BASE, 0x1000);
        assert_eq!(open(&mut r, &mut ram, "new", G_CREAT | 1), -EROFS);
        assert_eq!(open(&mut r, &mut ram, "new", G_CREAT), -EROFS);
        assert!(
            open(&mut r, &mut ram, "inside", G_CREAT) >= 0,
            "exists: opened"
        );
        assert_eq!(open(&mut r, &mut ram, "inside", G_CREAT | G_EXCL), -EEXIST);
        assert_eq!(open(&mut r, &mut ram, "inside", 2), -EROFS);
        let [pa, len] = put_path(&mut ram, BASE, "sub2");
        assert_eq!(
            r.run(op::MKDIR, &[pa, len, 0o755, 0, 0, 0], &mut ram),
            -EROFS
        );
        assert!(!d.join("root/sub2").exists());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn writable_roots_create_rename_list_and_remove() {
        let d = scratch("rw");
        let spec = format!("{}:rw", d.join("root").display());
        let mut r = HostRoot::open(&spec).unwrap();
        let mut ram = Ram::new(BASE, 0x1000);
        let h = open(&mut r, &mut ram, "sub/f", G_CREAT | 2);
        assert!(h >= 0);
        ram.slice_mut(BASE + 0x800, 3)
            .unwrap()
            .copy_from_slice(b"abc");
        assert_eq!(
            r.run(op::PWRITE, &[h as u64, BASE + 0x800, 3, 0, 0, 0], &mut ram),
            3
        );
        assert_eq!(std::fs::read(d.join("root/sub/f")).unwrap(), b"abc");
        let [o, ol] = put_path(&mut ram, BASE, "sub/f");
        let [n, nl] = put_path(&mut ram, BASE + 0x100, "g");
        assert_eq!(r.run(op::RENAME, &[o, ol, n, nl, 0, 0], &mut ram), 0);
        assert!(d.join("root/g").is_file());
        let [p, pl] = put_path(&mut ram, BASE, "sub/..");
        assert_eq!(
            r.run(op::RENAME, &[n, nl, p, pl, 0, 0], &mut ram),
            -22,
            "'..' as a name"
        );
        let [p, pl] = put_path(&mut ram, BASE, "../../g2");
        assert_eq!(r.run(op::RENAME, &[n, nl, p, pl, 0, 0], &mut ram), 0);
        assert!(d.join("root/g2").is_file(), "'..' stops at the root");
        assert!(!d.join("g2").exists());
        let [n, nl] = put_path(&mut ram, BASE + 0x100, "g2");
        let dh = open(&mut r, &mut ram, "", G_DIRECTORY);
        let mut names = Vec::new();
        for i in 0.. {
            let got = r.run(
                op::DIRENT,
                &[dh as u64, i, BASE + 0x400, 256, 0, 0],
                &mut ram,
            );
            if got == 0 {
                break;
            }
            let raw = ram.slice(BASE + 0x410, 200).unwrap();
            let end = raw.iter().position(|&b| b == 0).unwrap();
            names.push(String::from_utf8_lossy(&raw[..end]).into_owned());
        }
        names.sort();
        assert_eq!(names, [".", "..", "abs", "g2", "inside", "sub"]);
        assert_eq!(r.run(op::UNLINK, &[n, nl, 0, 0, 0, 0], &mut ram), 0);
        assert!(!d.join("root/g2").exists());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
