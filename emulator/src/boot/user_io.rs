//! The user program's world as `rvmmu run` sets it up: argv and the
//! environment, the realtime clock base, the hostio device (streams and
//! `--root`), and the initrd (the program alone, or `--initrd`'s archive
//! with the program added as `/bin/NAME`).

use super::chosen::{environment, UserChosen};
use crate::bus::Bus;
use crate::cli::RunArgs;
use crate::devices::hostio::{fs::HostRoot, HostIo};
use std::borrow::Cow;

/// True when an option that only a user program can use was given.
pub fn requested(args: &RunArgs) -> bool {
    args.root.is_some() || args.initrd.is_some() || !args.env.is_empty() || args.epoch.is_some()
}

/// Builds the `/chosen` extras, installs the hostio device on `bus`, and
/// returns the initrd bytes. Errors are one line for the user.
pub fn setup<'p>(
    args: &RunArgs,
    name: &str,
    program: &'p [u8],
    bus: &mut Bus,
) -> Result<(UserChosen, Cow<'p, [u8]>), String> {
    for e in &args.env {
        if e.split_once('=').is_none_or(|(k, _)| k.is_empty()) {
            return Err(format!("--env {e:?}: expected KEY=VALUE"));
        }
    }
    let term = std::env::var("TERM").ok().filter(|t| !t.is_empty());
    let epoch_ns = match args.epoch {
        Some(s) => s
            .checked_mul(1_000_000_000)
            .ok_or_else(|| format!("--epoch {s}: too large"))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
    };
    let root = match &args.root {
        Some(spec) => Some(HostRoot::open(spec).map_err(|e| format!("--root {e}"))?),
        None => None,
    };
    let root_mode = match &root {
        None => 0,
        Some(r) if r.writable() => 2,
        Some(_) => 1,
    };
    bus.hostio = Some(HostIo::new(root));
    let argv = std::iter::once(name.to_string())
        .chain(args.args.iter().cloned())
        .collect();
    let user = UserChosen {
        argv,
        envp: environment(term, &args.env),
        epoch_ns,
        hostio: true,
        root: root_mode,
    };
    let initrd = match &args.initrd {
        None => Cow::Borrowed(program),
        Some(path) => {
            let archive =
                std::fs::read(path).map_err(|e| format!("--initrd {}: {e}", path.display()))?;
            if !archive.starts_with(b"070701") {
                return Err(format!(
                    "--initrd {}: not a cpio archive in the newc format (magic 070701)",
                    path.display()
                ));
            }
            let mut out = cpio_entry(&format!("bin/{name}"), 0o100_755, program);
            out.extend_from_slice(&archive);
            Cow::Owned(out)
        }
    };
    Ok((user, initrd))
}

/// One cpio newc entry (header, name, data, each padded to 4 bytes).
pub fn cpio_entry(name: &str, mode: u32, data: &[u8]) -> Vec<u8> {
    let fields = [
        1,
        mode,
        0,
        0,
        1,
        0,
        data.len() as u32,
        0,
        0,
        0,
        0,
        name.len() as u32 + 1,
        0,
    ];
    let mut out = b"070701".to_vec();
    for f in fields {
        out.extend_from_slice(format!("{f:08x}").as_bytes());
    }
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    out.extend_from_slice(data);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpio_entries_are_padded_newc() {
        let e = super::cpio_entry("bin/x", 0o100_755, b"abc");
        assert_eq!(&e[..6], b"070701");
        assert_eq!(&e[6 + 8..6 + 16], b"000081ed", "mode");
        assert_eq!(&e[6 + 48..6 + 56], b"00000003", "filesize");
        assert_eq!(&e[110..116], b"bin/x\0");
        assert_eq!(e.len() % 4, 0);
        assert_eq!(&e[116..119], b"abc");
    }
}
