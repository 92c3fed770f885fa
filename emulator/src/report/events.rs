//! The firmware's VM events ([`crate::devices::vm_events`]), decoded. The
//! numbering is `firmware/vmev.h`'s.

use crate::devices::vm_events::RawEvent;

/// How a page fault was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultKind {
    /// A demand-zero page (minor).
    Zero,
    /// Filled from the program image (minor).
    File,
    /// Read back from swap (major).
    Swap,
    /// A store to a copy-on-write page (minor; the page was resident).
    Cow,
    /// A/D bits of a resident page (Svade; not counted as a page fault by
    /// `getrusage`).
    Ad,
}

impl FaultKind {
    fn from_code(c: u64) -> Option<FaultKind> {
        Some(match c {
            0 => FaultKind::Zero,
            1 => FaultKind::File,
            2 => FaultKind::Swap,
            3 => FaultKind::Cow,
            4 => FaultKind::Ad,
            _ => return None,
        })
    }
    /// True when the page was brought in (it was not resident): what a
    /// replacement policy, and OPT, count.
    pub fn is_page_in(self) -> bool {
        matches!(self, FaultKind::Zero | FaultKind::File | FaultKind::Swap)
    }
    /// The name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Zero => "zero",
            FaultKind::File => "file",
            FaultKind::Swap => "swap-in",
            FaultKind::Cow => "cow",
            FaultKind::Ad => "a/d",
        }
    }
}

/// The state of a page of a process when it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageState {
    Resident,
    Swapped,
    /// Resident, shared copy-on-write with another process.
    Cow,
    /// Resident, a clean copy of the program image.
    File,
}

/// One decoded event. `instret` is the guest's instruction count when the
/// firmware sent it; `resident` the user pages resident then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmEvent {
    /// At start: the policy (firmware numbering), `frames=N`, swap slots.
    Start {
        policy: u64,
        frames: u64,
        swap_slots: u64,
    },
    Fault {
        kind: FaultKind,
        /// 0 load, 1 store, 2 fetch (`enum fault_access`).
        access: u8,
        pid: u32,
        va: u64,
        pc: u64,
        /// User instructions the process had retired: the fault's place
        /// in the program's reference string.
        position: u64,
        resident: u64,
        instret: u64,
    },
    Evict {
        pid: u32,
        va: u64,
        dirty: bool,
        /// Written to swap now (a clean page whose slot holds it is not).
        written: bool,
        resident: u64,
        instret: u64,
    },
    Swap {
        write: bool,
        instret: u64,
    },
    /// A scan (Clock, LRU, LFU) found A set: referenced since the last scan.
    Ref {
        pid: u32,
        va: u64,
        position: u64,
        instret: u64,
    },
    /// A resident page freed by munmap.
    Unmap {
        pid: u32,
        va: u64,
        position: u64,
    },
    /// An area of a process at its end (`kind`: `enum vma_kind`).
    Vma {
        pid: u32,
        kind: u8,
        prot: u8,
        start: u64,
        end: u64,
    },
    /// A touched page of a process at its end.
    Page {
        pid: u32,
        va: u64,
        state: PageState,
    },
}

/// Firmware `enum fault_access`: a fetch.
pub const ACCESS_FETCH: u8 = 2;

/// Decodes one raw event; `None` for an unknown type or field.
pub fn decode(e: &RawEvent) -> Option<VmEvent> {
    let [a0, a1, a2, a3, resident, instret] = e.args;
    let pid = (a0 & 0xffff_ffff) as u32;
    Some(match e.kind {
        1 => VmEvent::Fault {
            kind: FaultKind::from_code(a0 & 0xff)?,
            access: ((a0 >> 8) & 0xff) as u8,
            pid: ((a0 >> 16) & 0xffff_ffff) as u32,
            va: a1,
            pc: a2,
            position: a3,
            resident,
            instret,
        },
        2 => VmEvent::Evict {
            pid,
            va: a1,
            dirty: a0 >> 32 & 1 != 0,
            written: a0 >> 33 & 1 != 0,
            resident,
            instret,
        },
        3 => VmEvent::Swap {
            write: a0 != 0,
            instret,
        },
        4 => VmEvent::Ref {
            pid,
            va: a1,
            position: a3,
            instret,
        },
        5 => VmEvent::Unmap {
            pid,
            va: a1,
            position: a3,
        },
        6 => VmEvent::Vma {
            pid,
            kind: (a0 >> 32 & 0xff) as u8,
            prot: (a0 >> 40 & 0xff) as u8,
            start: a1,
            end: a2,
        },
        7 => VmEvent::Page {
            pid,
            va: a1,
            state: match a0 >> 32 {
                0 => PageState::Resident,
                1 => PageState::Swapped,
                2 => PageState::Cow,
                3 => PageState::File,
                _ => return None,
            },
        },
        8 => VmEvent::Start {
            policy: a0,
            frames: a1,
            swap_slots: a2,
        },
        _ => return None,
    })
}

/// The counts of one run, from its events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Zero, file and copy-on-write faults (getrusage's ru_minflt).
    pub minor: u64,
    /// Swap-ins (ru_majflt).
    pub major: u64,
    /// Zero, file and swap-in faults: pages brought in.
    pub page_ins: u64,
    pub evictions: u64,
    /// Evictions of a dirty page (written to swap, or kept in its slot).
    pub dirty_evictions: u64,
    pub swap_reads: u64,
    pub swap_writes: u64,
    /// The most user pages resident at once.
    pub peak_resident: u64,
}

impl Counts {
    pub fn of(events: &[VmEvent]) -> Counts {
        let mut c = Counts::default();
        for e in events {
            match *e {
                VmEvent::Fault { kind, resident, .. } => {
                    match kind {
                        FaultKind::Zero | FaultKind::File | FaultKind::Cow => c.minor += 1,
                        FaultKind::Swap => c.major += 1,
                        FaultKind::Ad => {}
                    }
                    if kind.is_page_in() {
                        c.page_ins += 1;
                    }
                    c.peak_resident = c.peak_resident.max(resident);
                }
                VmEvent::Evict { dirty, .. } => {
                    c.evictions += 1;
                    c.dirty_evictions += u64::from(dirty);
                }
                VmEvent::Swap { write, .. } => {
                    if write {
                        c.swap_writes += 1;
                    } else {
                        c.swap_reads += 1;
                    }
                }
                _ => {}
            }
        }
        c
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fault_fields_unpack_as_vmev_h_packs_them() {
        let raw = RawEvent {
            kind: 1,
            args: [2 | 1 << 8 | 3 << 16, 0x5000, 0x1_0000, 42, 7, 1000],
        };
        assert_eq!(
            decode(&raw),
            Some(VmEvent::Fault {
                kind: FaultKind::Swap,
                access: 1,
                pid: 3,
                va: 0x5000,
                pc: 0x1_0000,
                position: 42,
                resident: 7,
                instret: 1000
            })
        );
        assert_eq!(
            decode(&RawEvent {
                kind: 99,
                args: [0; 6]
            }),
            None
        );
    }

    #[test]
    fn counts_split_minor_major_and_page_ins() {
        let f = |kind| VmEvent::Fault {
            kind,
            access: 0,
            pid: 1,
            va: 0,
            pc: 0,
            position: 0,
            resident: 2,
            instret: 0,
        };
        let ev = [
            f(FaultKind::Zero),
            f(FaultKind::File),
            f(FaultKind::Cow),
            f(FaultKind::Swap),
            f(FaultKind::Ad),
        ];
        let c = Counts::of(&ev);
        assert_eq!((c.minor, c.major, c.page_ins), (3, 1, 3));
    }
}
