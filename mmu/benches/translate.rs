//! Translation cost: a TLB hit per page size, and a full walk per page size
//! (TLB disabled, so every iteration walks), and a walk with tracing on.
//!
//! `cargo bench -p mmu --bench translate`

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mmu::{
    AccessType, AdPolicy, Asid, GStageMode, GuestContext, Hgatp, Mmu, MmuConfig, PhysAddr, Ppn,
    Privilege, Pte, PtePort, Satp, SatpMode, TranslationContext, VirtAddr, Vmid,
};

const BASE: u64 = 0x8000_0000;
const LEAF: u64 = Pte::V | Pte::R | Pte::W | Pte::A | Pte::D;

/// Four pages of RAM holding page tables, like a bus would.
struct Ram(Vec<u64>);

impl PtePort for Ram {
    #[inline]
    fn read_pte(&mut self, pa: PhysAddr) -> Option<u64> {
        let i = pa.0.checked_sub(BASE)? / 8;
        self.0.get(i as usize).copied()
    }
    fn compare_exchange_pte(&mut self, pa: PhysAddr, old: u64, new: u64) -> Option<bool> {
        let i = (pa.0.checked_sub(BASE)? / 8) as usize;
        let w = self.0.get_mut(i)?;
        if *w != old {
            return Some(false);
        }
        *w = new;
        Some(true)
    }
}

/// root[0] -> table 1; table1[0] -> table 2; table2[5] = 4 KiB leaf;
/// table1[1] = 2 MiB leaf; root[1] = 1 GiB leaf. Table 4 is an Sv48 root
/// whose entry 0 points at the Sv39 root, table 5 an Sv57 root pointing
/// at table 4, so the same addresses walk four and five levels there.
fn setup() -> (Ram, TranslationContext) {
    let mut words = vec![0u64; 12 * 512];
    let ptr = |page: u64| (((BASE >> 12) + page) << 10) | Pte::V;
    words[0] = ptr(1);
    words[512] = ptr(2);
    words[1024 + 5] = (0x9_0000 << 10) | LEAF;
    words[512 + 1] = (0x9_0200 << 10) | LEAF;
    words[1] = (0xc_0000 << 10) | LEAF;
    words[4 * 512] = ptr(0);
    words[5 * 512] = ptr(4);
    // Pages 8..=11: a 16 KiB Sv39x4 root mapping gpa 2 GiB..4 GiB to the
    // same spa (where the tables and the leaves' targets are).
    let g_leaf = LEAF | Pte::X | Pte::U;
    words[8 * 512 + 2] = (0x8_0000 << 10) | g_leaf;
    words[8 * 512 + 3] = (0xc_0000 << 10) | g_leaf;
    let ctx = TranslationContext {
        privilege: Privilege::Supervisor,
        sum: false,
        mxr: false,
        satp: Satp::new(SatpMode::Sv39, Asid(1), Ppn(BASE >> 12)),
        ad: AdPolicy::Svade,
        pbmte: false,
        napot: true,
    };
    (Ram(words), ctx)
}

const VA_4K: u64 = 0x5123;
const VA_2M: u64 = 0x20_1234;
const VA_1G: u64 = 0x4123_4568;

/// The same tables as a guest's: vsatp = the Sv39 root (gpa = spa for
/// the tables), hgatp = Sv39x4 over the identity gigapages of pages 8..=11.
fn guest(ctx: &TranslationContext) -> GuestContext {
    GuestContext {
        vs: *ctx,
        hgatp: Hgatp::new(GStageMode::Sv39x4, Vmid(1), Ppn((BASE >> 12) + 8)),
        hs_mxr: false,
        g_ad: AdPolicy::Svade,
        g_pbmte: false,
        hlvx: false,
    }
}

/// [`batch`] for a guest (V = 1).
#[inline(always)]
fn guest_batch(mmu: &mut Mmu, ram: &mut Ram, ctx: &GuestContext, va: u64) -> u64 {
    let mut sum = 0;
    for i in 0..BATCH {
        let va = black_box(VirtAddr(va + i * 8));
        if let Ok(pa) = mmu.translate_guest(va, AccessType::Load, ctx, ram) {
            sum += pa.0;
        }
    }
    sum
}

/// Translations per iteration: the harness's own cost is spread over them,
/// so criterion's per-element figure is the cost of one translation.
const BATCH: u64 = 64;

/// Translates `BATCH` addresses of the page of `va` (different offsets).
#[inline(always)]
fn batch(mmu: &mut Mmu, ram: &mut Ram, ctx: &TranslationContext, va: u64) -> u64 {
    let mut sum = 0;
    for i in 0..BATCH {
        let va = black_box(VirtAddr(va + i * 8));
        if let Ok(pa) = mmu.translate(va, AccessType::Load, ctx, ram) {
            sum += pa.0;
        }
    }
    sum
}

fn bench(c: &mut Criterion) {
    let (mut ram, ctx) = setup();
    let mut group = c.benchmark_group("translate");
    group.throughput(Throughput::Elements(BATCH));
    // Baseline: translation off (the emulator skips the call then): the
    // floor of the loop and of the call itself.
    let mut bare = ctx;
    bare.privilege = Privilege::Machine;
    let mut mmu = Mmu::new();
    group.bench_function("bare", |b| {
        b.iter(|| batch(&mut mmu, &mut ram, &bare, VA_4K))
    });
    for (name, va) in [("4k", VA_4K), ("2m", VA_2M), ("1g", VA_1G)] {
        let mut mmu = Mmu::new();
        // Warm the TLB.
        assert!(mmu
            .translate(VirtAddr(va), AccessType::Load, &ctx, &mut ram)
            .is_ok());
        group.bench_function(format!("tlb_hit_{name}"), |b| {
            b.iter(|| batch(&mut mmu, &mut ram, &ctx, va))
        });
        assert_eq!(mmu.stats().walks, 1, "every iteration hit");
    }
    for (name, va) in [("4k", VA_4K), ("2m", VA_2M), ("1g", VA_1G)] {
        let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
        group.bench_function(format!("walk_{name}"), |b| {
            b.iter(|| batch(&mut mmu, &mut ram, &ctx, va))
        });
    }
    // Sv48 and Sv57: the 4 KiB page one and two levels deeper.
    for (name, mode, page) in [("sv48", SatpMode::Sv48, 4), ("sv57", SatpMode::Sv57, 5)] {
        let mut deep = ctx;
        deep.satp = Satp::new(mode, Asid(1), Ppn((BASE >> 12) + page));
        let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
        group.bench_function(format!("walk_4k_{name}"), |b| {
            b.iter(|| batch(&mut mmu, &mut ram, &deep, VA_4K))
        });
        let mut mmu = Mmu::new();
        group.bench_function(format!("tlb_hit_4k_{name}"), |b| {
            b.iter(|| batch(&mut mmu, &mut ram, &deep, VA_4K))
        });
        assert_eq!(mmu.stats().walks, 1, "every iteration but the first hit");
    }
    // V = 1: two-stage translation of the same 4 KiB page (VS Sv39 over
    // G Sv39x4), a hit of the V = 1 TLB and a full two-stage walk.
    let g = guest(&ctx);
    let mut mmu = Mmu::new();
    assert!(mmu
        .translate_guest(VirtAddr(VA_4K), AccessType::Load, &g, &mut ram)
        .is_ok());
    group.bench_function("guest_tlb_hit_4k", |b| {
        b.iter(|| guest_batch(&mut mmu, &mut ram, &g, VA_4K))
    });
    assert_eq!(mmu.stats().two_stage_walks, 1, "every iteration hit");
    let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
    group.bench_function("guest_walk_4k", |b| {
        b.iter(|| guest_batch(&mut mmu, &mut ram, &g, VA_4K))
    });
    // --trace-mmu: the same walks, each leaving its WalkTrace.
    for (name, va) in [("4k", VA_4K), ("1g", VA_1G)] {
        let mut mmu = Mmu::with_config(MmuConfig::without_tlb());
        mmu.set_walk_tracing(true);
        group.bench_function(format!("walk_{name}_traced"), |b| {
            b.iter(|| batch(&mut mmu, &mut ram, &ctx, va))
        });
        assert!(mmu.take_walk_trace().is_some());
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    targets = bench
}
criterion_main!(benches);
