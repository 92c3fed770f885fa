//! gdb's view of memory: virtual addresses translated as the hart's data
//! accesses would be, without any side effect.
//!
//! Every page is translated with [`mmu::probe`] (Privileged 20211203,
//! section 4.3.2, run on a read-only window: no A/D bit is set, the TLB
//! is neither read nor filled, no counter moves) under the hart's data
//! translation context (`mstatus.MPRV` applies, as for loads and stores),
//! then RAM is accessed by physical address. The debugger sees more than
//! the guest in three ways, none of which changes where an address maps:
//! A = 0 or D = 0 does not hide a page (the probe runs as under Svadu,
//! which only reports the update it would make), MXR is taken as set (gdb
//! disassembles execute-only code), and SUM as set (a supervisor's view
//! includes user pages). Only RAM is reachable: device registers have side
//! effects on read, and a debugger read must not have any.

use crate::hart::Hart;
use mmu::{AccessType, AdPolicy, PhysAddr, TranslationContext, VirtAddr, PAGE_SIZE};

/// The largest transfer one call handles (gdbstub's packets are smaller).
pub const MAX_TRANSFER: usize = 1 << 16;

/// The context the debugger translates with for `access`.
pub fn debugger_context(hart: &Hart, access: AccessType) -> TranslationContext {
    let ctx = hart.context(access);
    TranslationContext {
        sum: true,
        mxr: true,
        ad: AdPolicy::Svadu,
        ..*ctx
    }
}

/// The physical address of virtual address `va` for a debugger `access`,
/// if the page is mapped and the address is RAM for `len` bytes (which
/// must not cross the page).
fn physical(hart: &mut Hart, va: u64, len: usize, access: AccessType) -> Option<u64> {
    let ctx = debugger_context(hart, access);
    let (result, _trace) = mmu::probe(VirtAddr(va), access, &ctx, &mut hart.bus);
    let PhysAddr(pa) = result.ok()?;
    hart.bus.ram.offset(pa, len as u64)?;
    Some(pa)
}

/// Splits `[va, va + len)` at page boundaries: (va, length) pieces.
fn pages(va: u64, len: usize) -> impl Iterator<Item = (u64, usize)> {
    let mut at = va;
    let mut left = len.min(MAX_TRANSFER);
    std::iter::from_fn(move || {
        if left == 0 {
            return None;
        }
        let to_page_end = PAGE_SIZE - (at & (PAGE_SIZE - 1));
        let n = left.min(usize::try_from(to_page_end).unwrap_or(left));
        let piece = (at, n);
        at = at.wrapping_add(n as u64);
        left -= n;
        Some(piece)
    })
}

/// Reads memory at `va` into `data` as far as it is readable: the number
/// of bytes read (0 when the first byte cannot be read).
pub fn read(hart: &mut Hart, va: u64, data: &mut [u8]) -> usize {
    let mut done = 0;
    for (at, n) in pages(va, data.len()) {
        let Some(pa) = physical(hart, at, n, AccessType::Load)
            .or_else(|| physical(hart, at, n, AccessType::Fetch))
        else {
            break;
        };
        let (Some(src), Some(dst)) = (hart.bus.ram.slice(pa, n), data.get_mut(done..done + n))
        else {
            break;
        };
        dst.copy_from_slice(src);
        done += n;
    }
    done
}

/// A debugger write that cannot be made: the page of `va` does not
/// translate for a store, or is not RAM (or the transfer is too long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotWritable {
    pub va: u64,
}

/// Writes `data` at `va`, all or nothing: every page must translate for a
/// store first. A write to a page holding decoded instructions is seen by
/// the hart before it next executes (RAM marks the page as written).
pub fn write(hart: &mut Hart, va: u64, data: &[u8]) -> Result<(), NotWritable> {
    if data.len() > MAX_TRANSFER {
        return Err(NotWritable { va });
    }
    let mut targets = Vec::new();
    for (at, n) in pages(va, data.len()) {
        let pa = physical(hart, at, n, AccessType::Store).ok_or(NotWritable { va: at })?;
        targets.push((at, pa, n));
    }
    let mut done = 0;
    for (at, pa, n) in targets {
        let (Some(src), Some(dst)) = (data.get(done..done + n), hart.bus.ram.slice_mut(pa, n))
        else {
            return Err(NotWritable { va: at });
        };
        dst.copy_from_slice(src);
        done += n;
    }
    Ok(())
}

/// Fetches the instruction bits at `pc` as the hart would (fetch
/// context), for watchpoint decoding: 16 bits for a compressed parcel,
/// else 32 (the two halves may lie on different pages).
pub fn fetch_bits(hart: &mut Hart, pc: u64) -> Option<u32> {
    let ctx = *hart.context(AccessType::Fetch);
    let mut parcel = |va: u64| -> Option<u32> {
        let (result, _) = mmu::probe(VirtAddr(va), AccessType::Fetch, &ctx, &mut hart.bus);
        let PhysAddr(pa) = result.ok()?;
        hart.bus.ram.read_pa::<2>(pa).map(|v| v as u32)
    };
    let lo = parcel(pc)?;
    if lo & 3 != 3 {
        return Some(lo);
    }
    let hi = parcel(pc.wrapping_add(2))?;
    Some(lo | (hi << 16))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn transfers_split_at_page_boundaries() {
        let got: Vec<_> = pages(0x1ff0, 0x30).collect();
        assert_eq!(got, [(0x1ff0, 0x10), (0x2000, 0x20)]);
        let got: Vec<_> = pages(0x3000, 0x2000).collect();
        assert_eq!(got, [(0x3000, 0x1000), (0x4000, 0x1000)]);
        assert_eq!(pages(0x10, 0).count(), 0);
        let got: Vec<_> = pages(u64::MAX - 1, 4).collect();
        assert_eq!(got, [(u64::MAX - 1, 2), (0, 2)]);
        let total: usize = pages(0, usize::MAX).map(|(_, n)| n).sum();
        assert_eq!(total, MAX_TRANSFER, "bounded");
    }
}
