//! A deliberately simple reference for two-stage translation (Privileged
//! 20211203, section 8.5), written apart from the crate: one function per
//! stage over a PTE accessor, composed so that every VS-stage PTE access
//! goes through the G-stage. Plain `u64` arithmetic.

use super::{Kind, Phys};

/// Why a reference translation stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// A page fault (of the stage that ran the walk).
    Page,
    /// An access fault (a PTE that is not RAM/ROM, or an A/D store to ROM).
    Access,
    /// A G-stage page fault at `gpa`; `implicit` is `Some(write)` for a
    /// VS-level PTE access.
    Guest { gpa: u64, implicit: Option<bool> },
}

/// One stage's parameters.
#[derive(Clone, Copy, Debug)]
pub struct StageRef {
    /// 3, 4 or 5.
    pub levels: u64,
    pub root_ppn: u64,
    pub user: bool,
    pub sum: bool,
    pub mxr: bool,
    pub hardware_ad: bool,
    pub pbmte: bool,
    /// The G-stage: a 16 KiB root, zero-extended input, U-mode.
    pub g: bool,
    pub hlvx: bool,
}

/// One stage of translation of `addr`, reading and writing PTEs through
/// `pte(address, None)` (load) and `pte(address, Some(value))` (store).
pub fn stage(
    addr: u64,
    kind: Kind,
    st: &StageRef,
    pte_access: &mut dyn FnMut(u64, Option<u64>) -> Result<u64, Stop>,
) -> Result<u64, Stop> {
    let width = 12 + 9 * st.levels;
    if st.g {
        if addr >> (width + 2) != 0 {
            return Err(Stop::Page);
        }
    } else if !super::canonical(addr, st.levels) {
        return Err(Stop::Page);
    }
    let bit = |pte: u64, n: u32| (pte >> n) & 1 == 1;
    let mut table = st.root_ppn * 4096;
    let mut level = st.levels as i64 - 1;
    while level >= 0 {
        let entries = if st.g && level == st.levels as i64 - 1 {
            2048
        } else {
            512
        };
        let index = (addr >> (12 + 9 * level as u64)) % entries;
        let at = table + index * 8;
        let pte = pte_access(at, None)?;
        let (v, r, w, x, u, a, d) = (
            bit(pte, 0),
            bit(pte, 1),
            bit(pte, 2),
            bit(pte, 3),
            bit(pte, 4),
            bit(pte, 6),
            bit(pte, 7),
        );
        if !v || (w && !r) || (pte >> 54) % 128 != 0 {
            return Err(Stop::Page);
        }
        let ppn = (pte >> 10) % (1 << 44);
        let napot = bit(pte, 63);
        let pbmt = (pte >> 61) % 4;
        let leaf = r || x;
        if pbmt != 0 && !(st.pbmte && leaf && pbmt < 3) {
            return Err(Stop::Page);
        }
        if napot && !(leaf && level == 0 && ppn % 16 == 8) {
            return Err(Stop::Page);
        }
        if !leaf {
            if u || a || d || level == 0 {
                return Err(Stop::Page);
            }
            table = ppn * 4096;
            level -= 1;
            continue;
        }
        let user = st.g || st.user;
        let may_touch = if user {
            u
        } else {
            !u || (st.sum && kind != Kind::Fetch)
        };
        let may_do = match kind {
            Kind::Fetch => x,
            Kind::Load if st.hlvx => x,
            Kind::Load => r || (x && st.mxr),
            Kind::Store => w,
        };
        if !may_touch || !may_do {
            return Err(Stop::Page);
        }
        let pages = 1u64 << (9 * level as u64);
        if ppn % pages != 0 {
            return Err(Stop::Page);
        }
        let store = kind == Kind::Store;
        if !a || (store && !d) {
            if !st.hardware_ad {
                return Err(Stop::Page);
            }
            pte_access(at, Some(pte | 0x40 | if store { 0x80 } else { 0 }))?;
        }
        if napot {
            return Ok((ppn - 8 + (addr >> 12) % 16) * 4096 + addr % 4096);
        }
        return Ok(ppn * 4096 + addr % (4096 * pages));
    }
    Err(Stop::Page)
}

/// A load or store of supervisor physical memory for a PTE.
fn phys(mem: &mut Phys, pa: u64, new: Option<u64>) -> Result<u64, Stop> {
    match new {
        None => mem.load(pa).ok_or(Stop::Access),
        Some(v) if mem.store(pa, v) => Ok(v),
        Some(_) => Err(Stop::Access),
    }
}

/// The G-stage of `gpa` (identity when `g` is `None`, hgatp Bare).
fn g_stage(mem: &mut Phys, gpa: u64, kind: Kind, g: Option<&StageRef>) -> Result<u64, Stop> {
    let Some(g) = g else { return Ok(gpa) };
    stage(gpa, kind, g, &mut |a, new| phys(mem, a, new)).map_err(|e| match e {
        Stop::Page => Stop::Guest {
            gpa,
            implicit: None,
        },
        other => other,
    })
}

/// Two-stage translation of `gva`: `(cause, htval, htinst)` on a fault.
/// `vs`/`g` `None` are vsatp/hgatp Bare; `hlvx` applies to both stages'
/// checks of the final access (not to the implicit PTE accesses).
pub fn translate(
    mem: &mut Phys,
    gva: u64,
    kind: Kind,
    vs: Option<&StageRef>,
    g: Option<&StageRef>,
) -> Result<u64, (u64, u64, u64)> {
    let code = |k: Kind, codes: [u64; 3]| match k {
        Kind::Fetch => codes[0],
        Kind::Load => codes[1],
        Kind::Store => codes[2],
    };
    let g_implicit = g.map(|g| StageRef { hlvx: false, ..*g });
    let result = (|| {
        let gpa = match vs {
            None => gva,
            Some(vs) => stage(gva, kind, vs, &mut |a, new| {
                let k = if new.is_some() {
                    Kind::Store
                } else {
                    Kind::Load
                };
                let spa = g_stage(mem, a, k, g_implicit.as_ref()).map_err(|e| match e {
                    Stop::Guest { gpa, .. } => Stop::Guest {
                        gpa,
                        implicit: Some(new.is_some()),
                    },
                    other => other,
                })?;
                phys(mem, spa, new)
            })?,
        };
        g_stage(mem, gpa, kind, g)
    })();
    result.map_err(|stop| match stop {
        Stop::Page => (code(kind, [12, 13, 15]), 0, 0),
        Stop::Access => (code(kind, [1, 5, 7]), 0, 0),
        Stop::Guest { gpa, implicit } => (
            code(kind, [20, 21, 23]),
            gpa >> 2,
            match implicit {
                None => 0,
                Some(false) => 0x3000,
                Some(true) => 0x3020,
            },
        ),
    })
}
