//! Loads, stores, LR/SC and AMOs: translation, then the bus.
//!
//! Misaligned loads and stores are performed in hardware (Unprivileged
//! 20191213, section 2.6; riscv-tests `ma_data` relies on it). One that
//! crosses a page boundary is translated page by page before any byte is
//! written, so a fault on the second page leaves memory unchanged and
//! reports that page's address in tval. Misaligned LR/SC/AMOs raise the
//! access fault the spec allows (Unprivileged 20191213, section 8.4).

use super::{Exception, Hart, Trap, NO_RESERVATION};
use mmu::{AccessType, PmpCheckedPort, VirtAddr, PAGE_SIZE};

/// Size of the LR/SC reservation set in bytes (a naturally aligned doubleword
/// covers both LR.W and LR.D).
const RESERVATION_MASK: u64 = !7;

impl Hart {
    /// Translates `va` for `access` through the MMU (the single entry point
    /// for every fetch, load, store, LR/SC and AMO).
    #[inline(always)]
    pub fn translate(&mut self, va: u64, access: AccessType) -> Result<u64, Trap> {
        let (bare, ctx, two_stage) = match access {
            AccessType::Fetch => (self.fetch_bare, &self.ctx_fetch, &self.fetch_two_stage),
            _ => (self.data_bare, &self.ctx_data, &self.data_two_stage),
        };
        if bare {
            return Ok(va);
        }
        // H: V = 1 with a G-stage (hyper_mem.rs).
        if two_stage.on {
            let g = two_stage.ctx;
            return self.translate_two_stage(va, access, &g);
        }
        // Page-table accesses pass the PMP as S-mode accesses.
        let mut port = PmpCheckedPort::new(&mut self.bus, &self.pmp);
        let r = self.mmu.translate(VirtAddr(va), access, ctx, &mut port);
        // An A/D update may have written a page holding decoded code.
        self.notice_code_writes();
        match r {
            Ok(pa) => Ok(pa.0),
            Err(f) => Err(Trap::from(f)),
        }
    }

    /// Translates `va` for a load (`access` = Load) of `size` bytes or a
    /// store, SC or AMO (`access` = Store), none crossing a page: bare with
    /// no PMP to check, or a hit in the hart's page cache of that access
    /// type (`data_pages.rs`), or the MMU and the PMP, whose successful
    /// answer then fills the page cache if the whole page passes the PMP.
    #[inline(always)]
    pub(super) fn translate_data(
        &mut self,
        va: u64,
        size: u64,
        access: AccessType,
    ) -> Result<u64, Trap> {
        if self.data_bare {
            return Ok(va);
        }
        self.translate_paged(va, size, access)
    }

    /// A load or store with translation or PMP on: the page cache, else
    /// the MMU and the PMP.
    #[inline(always)]
    fn translate_paged(&mut self, va: u64, size: u64, access: AccessType) -> Result<u64, Trap> {
        let pages = match access {
            AccessType::Store => &self.store_pages,
            _ => &self.load_pages,
        };
        if let Some(pa) = pages.lookup(va) {
            self.mmu.count_tlb_hit(access);
            return Ok(pa);
        }
        self.translate_data_miss(va, size, access)
    }

    /// A page-cache miss: the MMU translates, the PMP checks; a success
    /// fills the cache if the PMP allows the whole page (see `pmp.rs`).
    #[cold]
    #[inline(never)]
    fn translate_data_miss(&mut self, va: u64, size: u64, access: AccessType) -> Result<u64, Trap> {
        let pa = self.translate(va, access)?;
        let whole_page = self.pmp_check(va, pa, size, access)?;
        if whole_page && self.page_caches_allowed() {
            self.fill_page_cache(va, pa, access);
        }
        Ok(pa)
    }

    /// Records that `va` translates to `pa` in the page cache of `access`,
    /// with the host address when the page is guest RAM; a store entry
    /// only for a page no store must be noticed on: no RAM flag (decoded
    /// code, tohost) and not the reserved doubleword's (the store page
    /// cache's invariant, `data_pages.rs`).
    fn fill_page_cache(&mut self, va: u64, pa: u64, access: AccessType) {
        let page = pa & !(PAGE_SIZE - 1);
        let host = self.bus.ram.offset(page, PAGE_SIZE).map(|off| {
            let data = self.bus.ram.host_view().data as u64;
            data.wrapping_add(off as u64) + (pa - page)
        });
        match access {
            AccessType::Store => {
                if !self.bus.ram.any_flagged(page, PAGE_SIZE)
                    && self.reservation & !(PAGE_SIZE - 1) != page
                {
                    self.store_pages.fill(va, pa, host);
                }
            }
            _ => self.load_pages.fill(va, pa, host),
        }
    }

    /// Bare data accesses (no translation, no PMP to check): records the
    /// identity translation of `va`'s page in the page cache of `access`
    /// if the page is guest RAM, for compiled code, which looks the caches
    /// up in bare mode too ([`Hart::fill_page_cache`]). The interpreter
    /// never looks them up in bare mode; a hit there counts nothing.
    #[cold]
    #[inline(never)]
    pub(super) fn fill_bare(&mut self, va: u64, access: AccessType) {
        if self
            .bus
            .ram
            .offset(va & !(PAGE_SIZE - 1), PAGE_SIZE)
            .is_some()
        {
            self.fill_page_cache(va, va, access);
        }
    }

    /// Loads `size` bytes (1, 2, 4, 8) at `va`, zero-extended.
    #[inline]
    pub fn load(&mut self, va: u64, size: u64) -> Result<u64, Trap> {
        if (va & (PAGE_SIZE - 1)) + size > PAGE_SIZE {
            return self.load_split(va, size);
        }
        let pa = self.translate_data(va, size, AccessType::Load)?;
        let ram = &self.bus.ram;
        let v = match size {
            1 => ram.read_pa::<1>(pa),
            2 => ram.read_pa::<2>(pa),
            4 => ram.read_pa::<4>(pa),
            _ => ram.read_pa::<8>(pa),
        };
        match v {
            Some(v) => Ok(v),
            None => self.load_device(va, pa, size),
        }
    }

    /// A load that is not wholly inside RAM: a device register, or an
    /// access fault.
    #[cold]
    #[inline(never)]
    fn load_device(&mut self, va: u64, pa: u64, size: u64) -> Result<u64, Trap> {
        if va & (size - 1) != 0 {
            // Misaligned device accesses are not supported by any device.
            return Err(Trap::new(Exception::LoadAccessFault, va));
        }
        // The CLINT shows mtime as of now (see time.rs).
        self.sync_time();
        self.bus
            .load(pa, size)
            .map_err(|_| Trap::new(Exception::LoadAccessFault, va))
    }

    /// Stores the low `size` bytes of `val` at `va`.
    #[inline]
    pub fn store(&mut self, va: u64, size: u64, val: u64) -> Result<(), Trap> {
        if (va & (PAGE_SIZE - 1)) + size > PAGE_SIZE {
            return self.store_split(va, size, val);
        }
        let pa = self.translate_data(va, size, AccessType::Store)?;
        self.store_phys(va, pa, size, val)
    }

    /// Stores at an already translated address.
    #[inline(always)]
    pub(super) fn store_phys(&mut self, va: u64, pa: u64, size: u64, val: u64) -> Result<(), Trap> {
        let ram = &mut self.bus.ram;
        let done = match size {
            1 => ram.write_pa::<1>(pa, val),
            2 => ram.write_pa::<2>(pa, val),
            4 => ram.write_pa::<4>(pa, val),
            _ => ram.write_pa::<8>(pa, val),
        };
        if done.is_none() {
            return self.store_device(va, pa, size, val);
        }
        if pa & RESERVATION_MASK == self.reservation {
            self.reservation = NO_RESERVATION;
        }
        if self.bus.ram.flagged_write() {
            self.flagged_store(pa, size);
        }
        Ok(())
    }

    /// A store to RAM hit a flagged page: decoded code (see fetch.rs) or
    /// HTIF `tohost`.
    #[cold]
    #[inline(never)]
    fn flagged_store(&mut self, pa: u64, size: u64) {
        self.bus.after_ram_store(pa, size);
        if self.bus.attention {
            self.bus.attention = false;
            self.request_check();
        }
        self.notice_code_writes();
    }

    /// A store that is not wholly inside RAM: a device register, or an
    /// access fault.
    #[cold]
    #[inline(never)]
    fn store_device(&mut self, va: u64, pa: u64, size: u64, val: u64) -> Result<(), Trap> {
        if va & (size - 1) != 0 {
            return Err(Trap::new(Exception::StoreAccessFault, va));
        }
        if pa & RESERVATION_MASK == self.reservation {
            self.reservation = NO_RESERVATION;
        }
        self.sync_time();
        self.bus
            .store(pa, size, val)
            .map_err(|_| Trap::new(Exception::StoreAccessFault, va))?;
        if self.bus.attention {
            self.bus.attention = false;
            self.request_check();
        }
        self.notice_code_writes();
        Ok(())
    }

    /// A load whose bytes lie on two pages: both are translated first.
    #[cold]
    fn load_split(&mut self, va: u64, size: u64) -> Result<u64, Trap> {
        let first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        let va2 = va.wrapping_add(first);
        let pa1 = self.translate(va, AccessType::Load)?;
        let pa2 = self.translate(va2, AccessType::Load)?;
        self.pmp_check(va, pa1, first, AccessType::Load)?;
        self.pmp_check(va2, pa2, size - first, AccessType::Load)?;
        let mut v = 0u64;
        for i in 0..size {
            let (pa, fault_va) = if i < first {
                (pa1 + i, va)
            } else {
                (pa2 + (i - first), va2)
            };
            let b = self
                .bus
                .load(pa, 1)
                .map_err(|_| Trap::new(Exception::LoadAccessFault, fault_va))?;
            v |= b << (8 * i);
        }
        Ok(v)
    }

    /// A store whose bytes lie on two pages: nothing is written unless both
    /// pages translate and are RAM.
    #[cold]
    fn store_split(&mut self, va: u64, size: u64, val: u64) -> Result<(), Trap> {
        let first = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        let va2 = va.wrapping_add(first);
        let pa1 = self.translate(va, AccessType::Store)?;
        let pa2 = self.translate(va2, AccessType::Store)?;
        self.pmp_check(va, pa1, first, AccessType::Store)?;
        self.pmp_check(va2, pa2, size - first, AccessType::Store)?;
        if self.bus.ram.offset(pa1, first).is_none() {
            return Err(Trap::new(Exception::StoreAccessFault, va));
        }
        if self.bus.ram.offset(pa2, size - first).is_none() {
            return Err(Trap::new(Exception::StoreAccessFault, va2));
        }
        for i in 0..size {
            let pa = if i < first {
                pa1 + i
            } else {
                pa2 + (i - first)
            };
            self.store_phys(va, pa, 1, val >> (8 * i))?;
        }
        Ok(())
    }

    /// Translates an LR/SC/AMO address: it must be naturally aligned
    /// (otherwise a store/AMO or load access fault), then it is translated
    /// as a load (LR) or a store (SC, AMO) and must be RAM.
    #[inline]
    pub(super) fn atomic_address(
        &mut self,
        va: u64,
        size: u64,
        access: AccessType,
    ) -> Result<u64, Trap> {
        let fault = if access == AccessType::Load {
            Exception::LoadAccessFault
        } else {
            Exception::StoreAccessFault
        };
        if va & (size - 1) != 0 {
            return Err(Trap::new(fault, va));
        }
        let pa = self.translate_data(va, size, access)?;
        if self.bus.ram.offset(pa, size).is_none() {
            return Err(Trap::new(fault, va));
        }
        Ok(pa)
    }

    /// LR.W/LR.D: loads and registers a reservation on the address.
    pub fn load_reserved(&mut self, va: u64, size: u64) -> Result<u64, Trap> {
        let pa = self.atomic_address(va, size, AccessType::Load)?;
        let v = self
            .bus
            .load(pa, size)
            .map_err(|_| Trap::new(Exception::LoadAccessFault, va))?;
        self.reservation = pa & RESERVATION_MASK;
        // A store to the reserved doubleword must break the reservation:
        // no page the store page cache holds may contain it (`data_pages.rs`).
        self.store_pages.clear();
        Ok(v)
    }

    /// SC.W/SC.D: stores if the reservation is still held; returns whether
    /// it succeeded. The reservation is released either way.
    pub fn store_conditional(&mut self, va: u64, size: u64, val: u64) -> Result<bool, Trap> {
        let pa = self.atomic_address(va, size, AccessType::Store)?;
        let held = self.reservation == pa & RESERVATION_MASK;
        self.reservation = NO_RESERVATION;
        if held {
            self.store_phys(va, pa, size, val)?;
        }
        Ok(held)
    }

    /// An AMO: reads the old value, stores `op(old)`, returns the old value
    /// (zero-extended; the caller sign-extends .W results).
    #[inline]
    pub fn amo(&mut self, va: u64, size: u64, op: impl FnOnce(u64) -> u64) -> Result<u64, Trap> {
        let pa = self.atomic_address(va, size, AccessType::Store)?;
        let old = self
            .bus
            .load(pa, size)
            .map_err(|_| Trap::new(Exception::StoreAccessFault, va))?;
        self.store_phys(va, pa, size, op(old))?;
        Ok(old)
    }

    /// Drops the LR reservation (on traps and xRET, as the spec permits).
    #[inline]
    pub fn clear_reservation(&mut self) {
        self.reservation = NO_RESERVATION;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
