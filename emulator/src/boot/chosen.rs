//! What `rvmmu run` tells its firmware about the user program beyond
//! bootargs, as `/chosen` properties (rvmmu's own, documented in
//! firmware/README.md) and the hostio node:
//!
//! - `rvmmu,argv`: the arguments, a string list (argv[0] first), so that
//!   spaces, quotes and empty strings reach the program verbatim;
//! - `rvmmu,envp`: the environment, a string list of `KEY=VALUE`;
//! - `rvmmu,epoch-ns` (u64): nanoseconds since 1970 at `time` = 0, the
//!   base of CLOCK_REALTIME;
//! - `rvmmu,root` (u32): 0 no host root, 1 `--root DIR` (read-only),
//!   2 `--root DIR:rw`;
//! - a node `hostio@10003000`, compatible `rvmmu,hostio` (the board
//!   list's `Device::HostIo`, written when `hostio`).

/// The user program's `/chosen` properties: the board writes them, so the
/// type lives there (crate `rvmmu-hart`), under its old path here too.
pub use crate::board::UserChosen;

/// The default environment of a user program: PATH, HOME, and TERM from
/// the host (vt100 when unset), then `--env` settings in order (a later
/// KEY replaces an earlier one).
pub fn environment(host_term: Option<String>, settings: &[String]) -> Vec<String> {
    let mut env = vec![
        "PATH=/bin:/usr/bin".to_string(),
        "HOME=/".to_string(),
        format!("TERM={}", host_term.unwrap_or_else(|| "vt100".into())),
    ];
    for s in settings {
        let key = s.split('=').next().unwrap_or_default();
        env.retain(|e| e.split('=').next() != Some(key));
        env.push(s.clone());
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_settings_replace_defaults_by_key_and_keep_order() {
        let e = environment(None, &["A=1".into(), "TERM=xterm".into(), "A=2".into()]);
        assert_eq!(e, ["PATH=/bin:/usr/bin", "HOME=/", "TERM=xterm", "A=2"]);
        assert_eq!(environment(Some("screen".into()), &[])[2], "TERM=screen");
    }
}
