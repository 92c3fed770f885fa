//! Two-stage translation through [`Mmu::translate_guest`], one test per
//! rule of Privileged 20211203 section 8.5 (and 8.3 for the fences).

use super::*;
use crate::access::{AdPolicy, Privilege};
use crate::guest::{GStageError, GuestFaultCause, ImplicitAccess};
use crate::hgatp::{GStageMode, Hgatp};
use crate::perm::PermissionRule;
use crate::pte::Pte;
use crate::test_memory::*;
use crate::{Ppn, Satp, SatpMode, WalkError};
use AccessType::{Fetch, Load, Store};

const URWX: u64 = Pte::U | Pte::R | Pte::W | Pte::X | Pte::A | Pte::D;
const RW: u64 = Pte::R | Pte::W | Pte::A | Pte::D;

/// RAM: pages 0..=3 the G-stage root (16 KiB), page 4 the VS root, page 5
/// a VS level-1 table, page 6 a VS level-0 table, pages 7.. spare. The
/// G-stage maps gpa [0, 1 GiB) to spa [0x8000_0000, +1 GiB) with one
/// gigapage (root index 0), so gpa = spa − 0x8000_0000 and the VS tables
/// live at gpa 0x4000, 0x5000, 0x6000.
const G_ROOT: u64 = 0;
const VS_ROOT: u64 = 4;

/// gpa of RAM page `n`.
fn gpa_page(n: u64) -> u64 {
    n * 4096
}

/// A VS-stage pointer to the table at guest-physical RAM page `n`.
fn vs_pointer(n: u64) -> u64 {
    ((gpa_page(n) >> 12) << 10) | Pte::V
}

/// The gva the VS tables map: VPN[2] = 1, VPN[1] = 2, VPN[0] = 3.
fn gva() -> VirtAddr {
    va(1, 2, 3, 0x10)
}

/// The gpa the VS leaf maps `gva()` to: gpa page 0x10 (spa 0x8001_0000).
const DATA_GPA_PPN: u64 = 0x10;

fn setup(vs_leaf_flags: u64) -> TestMemory {
    let mut m = TestMemory::new(8);
    m.set_pte(G_ROOT, 0, leaf(BASE_PPN, URWX));
    m.set_pte(VS_ROOT, 1, vs_pointer(5));
    m.set_pte(5, 2, vs_pointer(6));
    m.set_pte(6, 3, leaf(DATA_GPA_PPN, vs_leaf_flags));
    m
}

fn gctx() -> GuestContext {
    let mut vs = ctx(AdPolicy::Svade);
    vs.satp = Satp::new(SatpMode::Sv39, crate::Asid(7), Ppn(gpa_page(VS_ROOT) >> 12));
    GuestContext {
        vs,
        hgatp: Hgatp::new(GStageMode::Sv39x4, Vmid(3), Ppn(BASE_PPN + G_ROOT)),
        hs_mxr: false,
        g_ad: AdPolicy::Svade,
        g_pbmte: true,
        hlvx: false,
    }
}

const DATA_PA: u64 = BASE + (DATA_GPA_PPN << 12) + 0x10;

fn code(r: Result<PhysAddr, GuestFault>) -> u64 {
    r.map_or_else(|f| f.cause.code(), |_| 0)
}

#[test]
fn vs_stage_pte_reads_are_translated_by_the_g_stage() {
    let mut m = setup(RW);
    let mut mmu = Mmu::new();
    let got = mmu.translate_guest(gva(), Load, &gctx(), &mut m);
    assert_eq!(got, Ok(PhysAddr(DATA_PA)));
    // 3 VS PTEs, each behind a 1-level G walk, then the final G walk.
    assert_eq!(mmu.stats().pte_reads, 3 + 3 + 1);
    // A second access hits the V = 1 TLB and reads nothing.
    assert_eq!(mmu.translate_guest(gva(), Store, &gctx(), &mut m), got);
    let s = mmu.stats();
    assert_eq!((s.pte_reads, s.two_stage_walks, s.walks), (7, 1, 0));
    assert_eq!((mmu.guest_tlb_occupancy(), mmu.tlb_occupancy()), (1, 0));
}

#[test]
fn g_stage_fault_on_a_vs_pte_read_is_a_guest_page_fault_for_the_original_access() {
    // The level-1 VS table moves to gpa 1 GiB + 0x5000, which the G-stage
    // does not map (root index 1 is invalid).
    let mut m = setup(RW);
    let pte_gpa = (1u64 << 30) + 0x5000 + 2 * 8;
    m.set_pte(VS_ROOT, 1, (((1 << 30) + 0x5000) >> 12 << 10) | Pte::V);
    let mut mmu = Mmu::new();
    for (access, cause) in [(Fetch, 20), (Load, 21), (Store, 23)] {
        let f = mmu
            .translate_guest(gva(), access, &gctx(), &mut m)
            .unwrap_err();
        assert_eq!(f.cause.code(), cause);
        assert_eq!((f.tval, f.htval, f.htinst), (gva().0, pte_gpa >> 2, 0x3000));
    }
    let rec = mmu.last_guest_fault().unwrap();
    assert_eq!(
        rec.error,
        TwoStageError::G {
            gpa: GuestPhysAddr(pte_gpa),
            error: GStageError::Walk(WalkError::InvalidPte {
                level: 2,
                pte: Pte(0)
            }),
            implicit: Some(ImplicitAccess {
                vs_level: 1,
                write: false
            }),
        }
    );
    // Counted as guest-page faults, one per access type, not as page faults.
    let s = mmu.stats();
    assert_eq!(
        (s.guest_page_faults.fetch, s.guest_page_faults.load),
        (1, 1)
    );
    assert_eq!(s.guest_page_faults.store, 1);
    assert_eq!((s.faults.page_faults(), s.two_stage_walks), (0, 3));
}

#[test]
fn g_stage_leaf_with_u_clear_is_a_guest_page_fault_with_htval() {
    let mut m = setup(RW);
    m.set_pte(G_ROOT, 0, leaf(BASE_PPN, URWX & !Pte::U));
    let mut mmu = Mmu::new();
    let f = mmu
        .translate_guest(gva(), Load, &gctx(), &mut m)
        .unwrap_err();
    // The first G-stage access is the VS root PTE read: implicit.
    assert_eq!(
        f.cause,
        GuestFaultCause::GuestPageFault(crate::GuestPageFaultCause::LoadGuestPageFault)
    );
    assert_eq!(f.htval, (gpa_page(VS_ROOT) + 8) >> 2);
    assert!(matches!(
        mmu.last_guest_fault().unwrap().error,
        TwoStageError::G {
            error: GStageError::Walk(WalkError::PermissionDenied {
                rule: PermissionRule::UserNeedsU,
                ..
            }),
            ..
        }
    ));
    // With vsatp Bare the final access is the one that faults: no htinst.
    let mut c = gctx();
    c.vs.satp = Satp(0);
    let f = mmu
        .translate_guest(VirtAddr(0x1234), Store, &c, &mut m)
        .unwrap_err();
    assert_eq!((f.cause.code(), f.htval, f.htinst), (23, 0x1234 >> 2, 0));
}

#[test]
fn sv39x4_guest_physical_space_is_41_bits() {
    // vsatp Bare: gva = gpa. Root entry 0x7ff (last page of the 16 KiB
    // root, slot 511) maps the top GiB of the 41-bit space.
    let mut m = setup(RW);
    m.set_pte(3, 511, leaf(BASE_PPN, URWX));
    let mut c = gctx();
    c.vs.satp = Satp(0);
    let mut mmu = Mmu::new();
    let top = (1u64 << 41) - 8;
    assert_eq!(
        mmu.translate_guest(VirtAddr(top), Load, &c, &mut m),
        Ok(PhysAddr(BASE + (top & 0x3fff_ffff)))
    );
    for gpa in [1u64 << 41, (1 << 41) | top, 1 << 63] {
        let f = mmu
            .translate_guest(VirtAddr(gpa), Load, &c, &mut m)
            .unwrap_err();
        assert_eq!((f.cause.code(), f.htval), (21, gpa >> 2), "{gpa:#x}");
    }
    assert!(matches!(
        mmu.last_guest_fault().unwrap().error,
        TwoStageError::G {
            error: GStageError::OutOfRange { gpa_bits: 41 },
            ..
        }
    ));
}

#[test]
fn hlvx_reads_execute_only_pages_and_needs_x_in_both_stages() {
    let mut m = setup(Pte::X | Pte::A);
    let mut mmu = Mmu::new();
    let mut c = gctx();
    assert_eq!(code(mmu.translate_guest(gva(), Load, &c, &mut m)), 13);
    c.hlvx = true;
    assert_eq!(
        mmu.translate_guest(gva(), Load, &c, &mut m),
        Ok(PhysAddr(DATA_PA))
    );
    // A readable, non-executable VS page: HLVX faults at the VS-stage.
    let mut m = setup(Pte::R | Pte::A);
    assert_eq!(code(mmu.translate_guest(gva(), Load, &c, &mut m)), 13);
    assert!(matches!(
        mmu.last_guest_fault().unwrap().error,
        TwoStageError::Vs(WalkError::PermissionDenied {
            rule: PermissionRule::HlvxNotExecutable,
            ..
        })
    ));
    // Executable at VS but only readable at G: a guest-page fault.
    let mut m = setup(Pte::X | Pte::A);
    g_map_data_page(&mut m, Pte::U | Pte::R | Pte::A);
    let f = mmu.translate_guest(gva(), Load, &c, &mut m).unwrap_err();
    assert_eq!(
        (f.cause.code(), f.htval),
        (21, (DATA_GPA_PPN << 12 | 0x10) >> 2)
    );
    assert!(matches!(
        mmu.last_guest_fault().unwrap().error,
        TwoStageError::G {
            error: GStageError::Walk(WalkError::PermissionDenied {
                rule: PermissionRule::HlvxNotExecutable,
                ..
            }),
            implicit: None,
            ..
        }
    ));
}

#[test]
fn mxr_in_vsstatus_affects_the_vs_stage_only_and_in_sstatus_both() {
    // VS leaf execute-only; G-stage: the data page (gpa 0x10000) through
    // a level-1/level-0 G table chain whose leaf is execute-only too.
    let mut m = setup(Pte::X | Pte::A);
    g_map_data_page(&mut m, Pte::U | Pte::X | Pte::A);
    let mut mmu = Mmu::new();
    let mut c = gctx();
    assert_eq!(
        code(mmu.translate_guest(gva(), Load, &c, &mut m)),
        13,
        "VS refuses"
    );
    c.vs.mxr = true;
    assert_eq!(
        code(mmu.translate_guest(gva(), Load, &c, &mut m)),
        21,
        "G refuses"
    );
    c.vs.mxr = false;
    c.hs_mxr = true;
    assert_eq!(
        mmu.translate_guest(gva(), Load, &c, &mut m),
        Ok(PhysAddr(DATA_PA))
    );
    // The cached entry must not serve a later access without sstatus.MXR.
    c.hs_mxr = false;
    c.vs.mxr = true;
    assert_eq!(code(mmu.translate_guest(gva(), Load, &c, &mut m)), 21);
    // HLVX: X in both stages is enough.
    c.vs.mxr = false;
    c.hlvx = true;
    assert_eq!(
        mmu.translate_guest(gva(), Load, &c, &mut m),
        Ok(PhysAddr(DATA_PA))
    );
}

/// Replaces the G gigapage by 4 KiB G-stage pages: root[0] → page 7 as
/// the level-1 table, whose entry 0 points to page 7 again as the level-0
/// table; its entries 1..=7 map gpa pages 1..=7 to RAM (URWX), entry 0x10
/// the data page with `data_flags`.
fn g_map_data_page(m: &mut TestMemory, data_flags: u64) {
    m.set_pte(G_ROOT, 0, pointer(7));
    m.set_pte(7, 0, pointer(7));
    for n in 1..8 {
        m.set_pte(7, n, leaf(BASE_PPN + n, URWX));
    }
    m.set_pte(7, DATA_GPA_PPN, leaf(BASE_PPN + DATA_GPA_PPN, data_flags));
}

#[test]
fn g_stage_superpage_and_4k_pages_give_one_combined_entry_of_the_smaller_size() {
    let mut m = setup(RW);
    let mut mmu = Mmu::new();
    assert!(mmu.translate_guest(gva(), Load, &gctx(), &mut m).is_ok());
    let e = mmu.peek_guest_tlb(gva(), &gctx()).unwrap();
    assert_eq!((e.level, e.pa_base.0), (0, DATA_PA & !0xfff));
    // A VS gigapage over a G gigapage: one 1 GiB entry.
    m.set_pte(VS_ROOT, 0, leaf(0, RW));
    let g = VirtAddr(0x3fff_f008);
    assert_eq!(
        mmu.translate_guest(g, Load, &gctx(), &mut m),
        Ok(PhysAddr(BASE + 0x3fff_f008))
    );
    assert_eq!(mmu.peek_guest_tlb(g, &gctx()).unwrap().level, 2);
}

#[test]
fn hfence_scopes_vmid_asid_and_address() {
    let m0 = setup(RW);
    let fill = |mmu: &mut Mmu, c: &GuestContext| {
        let mut m = m0.clone();
        assert!(mmu.translate_guest(gva(), Load, c, &mut m).is_ok());
    };
    let c = gctx();
    let mut other_vmid = c;
    other_vmid.hgatp = Hgatp::new(GStageMode::Sv39x4, Vmid(4), Ppn(BASE_PPN));
    let mut other_asid = c;
    other_asid.vs.satp = Satp::new(SatpMode::Sv39, crate::Asid(8), c.vs.satp.ppn());
    // (fence, entries left of [c, other_vmid, other_asid])
    type Fence = fn(&mut Mmu);
    let table: [(Fence, [bool; 3]); 7] = [
        (|m| m.hfence_vvma(Vmid(3), None, None), [false, true, false]),
        (
            |m| m.hfence_vvma(Vmid(3), None, Some(crate::Asid(7))),
            [false, true, true],
        ),
        (
            |m| m.hfence_vvma(Vmid(3), Some(VirtAddr(gva().0 + 0x1000)), None),
            [true, true, true],
        ),
        (
            |m| m.hfence_vvma(Vmid(3), Some(gva()), None),
            [false, true, false],
        ),
        (|m| m.hfence_gvma(None, Some(Vmid(4))), [true, false, true]),
        (
            |m| m.hfence_gvma(Some(GuestPhysAddr(0x10_000)), None),
            [false, false, false],
        ),
        (|m| m.sfence_vma(None, None), [true, true, true]),
    ];
    for (i, (fence, left)) in table.iter().enumerate() {
        let mut mmu = Mmu::new();
        for ctx in [&c, &other_vmid, &other_asid] {
            fill(&mut mmu, ctx);
        }
        assert_eq!(mmu.guest_tlb_occupancy(), 3);
        fence(&mut mmu);
        let got =
            [&c, &other_vmid, &other_asid].map(|ctx| mmu.peek_guest_tlb(gva(), ctx).is_some());
        assert_eq!(got, *left, "fence {i}");
    }
}

#[test]
fn svadu_a_d_update_of_a_vs_pte_is_a_g_stage_store() {
    // VS leaf without A; Svadu at VS-stage; the G-stage maps the VS
    // level-0 table page (gpa 0x6000) read-only: the A update faults as
    // a guest-page fault on the implicit write, reported for the load.
    let mut m = setup(Pte::R | Pte::W);
    g_map_data_page(&mut m, URWX);
    m.set_pte(7, 6, leaf(BASE_PPN + 6, Pte::U | Pte::R | Pte::A | Pte::D));
    let mut c = gctx();
    c.vs.ad = AdPolicy::Svadu;
    let mut mmu = Mmu::new();
    let f = mmu.translate_guest(gva(), Load, &c, &mut m).unwrap_err();
    assert_eq!(
        (f.cause.code(), f.htval, f.htinst),
        (21, (0x6000 + 3 * 8) >> 2, 0x3020)
    );
    // Writable at G: the walk sets A in the VS leaf (and D for a store),
    // and Svadu at G sets D in the G leaf of that table page.
    m.set_pte(7, 6, leaf(BASE_PPN + 6, Pte::U | Pte::R | Pte::W | Pte::A));
    c.g_ad = AdPolicy::Svadu;
    assert_eq!(
        mmu.translate_guest(gva(), Store, &c, &mut m),
        Ok(PhysAddr(DATA_PA))
    );
    assert_eq!(m.get(PhysAddr(BASE + 0x6000 + 24)), leaf(DATA_GPA_PPN, RW));
    assert_eq!(m.get(PhysAddr(BASE + 0x7000 + 48)) & Pte::D, Pte::D);
}

#[test]
fn pmp_on_a_vs_pte_supervisor_physical_address_is_an_access_fault() {
    let mut m = setup(RW);
    // PMP: entry 0 denies page 5 (the VS level-1 table), entry 1 allows all.
    let mut pmp = crate::Pmp::default();
    pmp.write_pmpaddr(0, (TestMemory::page(5).0 >> 2) | ((4096 >> 3) - 1));
    pmp.write_pmpaddr(1, u64::MAX);
    let c1 = crate::pmp::cfg::NAPOT | crate::pmp::cfg::R | crate::pmp::cfg::W | crate::pmp::cfg::X;
    pmp.write_pmpcfg(0, u64::from(crate::pmp::cfg::NAPOT) | (u64::from(c1) << 8));
    let mut mmu = Mmu::new();
    let mut port = crate::PmpCheckedPort::new(&mut m, &pmp);
    let f = mmu
        .translate_guest(gva(), Store, &gctx(), &mut port)
        .unwrap_err();
    assert_eq!((f.cause.code(), f.htval, f.htinst), (7, 0, 0));
    assert!(matches!(
        mmu.last_guest_fault().unwrap().error,
        TwoStageError::Vs(WalkError::PtePmpDenied { level: 1, .. })
    ));
}

#[test]
fn trace_nests_each_vs_pte_read_over_its_g_stage_walk() {
    let mut m = setup(RW);
    let mut mmu = Mmu::new();
    mmu.set_walk_tracing(true);
    assert!(mmu.translate_guest(gva(), Load, &gctx(), &mut m).is_ok());
    let t = mmu.take_two_stage_trace().unwrap();
    assert_eq!(t.g_walks.len(), 4);
    let text = t.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let vs_root = lines
        .iter()
        .position(|l| l.contains("level 2  pte @ gpa 0x4008"))
        .unwrap();
    assert!(
        lines[vs_root + 1]
            .trim_start()
            .starts_with("G-stage (that PTE, as a load) gpa 0x4008"),
        "{text}"
    );
    assert!(
        text.contains("G-stage (final, as a load) gpa 0x10010"),
        "{text}"
    );
    assert!(text.ends_with(&format!("ok: spa {DATA_PA:#x}\n")), "{text}");
}

#[test]
fn check_tlb_names_the_missing_hfence() {
    let mut m = setup(RW);
    let mut mmu = Mmu::new();
    assert!(mmu.translate_guest(gva(), Load, &gctx(), &mut m).is_ok());
    assert!(mmu
        .check_guest_tlb_entry(gva(), Load, &gctx(), &mut m)
        .is_none());
    // The guest remaps its page without a fence.
    m.set_pte(6, 3, leaf(DATA_GPA_PPN + 1, RW));
    let s = mmu
        .check_guest_tlb_entry(gva(), Load, &gctx(), &mut m)
        .unwrap();
    assert_eq!(
        (s.kind, s.missing),
        (
            crate::GuestStaleKind::Remapped,
            crate::MissingFence::VvmaOrGvma
        )
    );
    // The hypervisor write-protects the guest's data page without a fence.
    m.set_pte(6, 3, leaf(DATA_GPA_PPN, RW));
    g_map_data_page(&mut m, Pte::U | Pte::R | Pte::A);
    let s = mmu
        .check_guest_tlb_entry(gva(), Load, &gctx(), &mut m)
        .unwrap();
    assert_eq!(s.missing, crate::MissingFence::Gvma);
    assert!(s.to_string().contains("missing HFENCE.GVMA"), "{s}");
    mmu.hfence_gvma(None, Some(Vmid(3)));
    assert!(mmu
        .check_guest_tlb_entry(gva(), Load, &gctx(), &mut m)
        .is_none());
}

#[test]
fn vu_mode_needs_u_and_vs_mode_needs_vsstatus_sum() {
    let mut m = setup(RW | Pte::U);
    let mut mmu = Mmu::new();
    let mut c = gctx();
    assert_eq!(code(mmu.translate_guest(gva(), Load, &c, &mut m)), 13);
    c.vs.sum = true;
    assert!(mmu.translate_guest(gva(), Load, &c, &mut m).is_ok());
    c.vs.privilege = Privilege::User;
    c.vs.sum = false;
    assert!(mmu.translate_guest(gva(), Load, &c, &mut m).is_ok());
    assert_eq!(code(mmu.translate_guest(gva(), Fetch, &c, &mut m)), 12);
}

#[test]
fn vs_tree_dumps_through_the_g_stage() {
    let mut m = setup(RW);
    let c = gctx();
    let dump = |m: &mut TestMemory| {
        let mut reader = GuestPhysReader { ctx: &c, mem: m };
        crate::dump_page_tables(c.vs.satp, true, None, &mut reader)
    };
    let d = dump(&mut m);
    let rows: Vec<_> = d
        .ranges
        .iter()
        .map(|r| (r.va_start, r.pa_start.0, r.size))
        .collect();
    assert_eq!(
        rows,
        [(VirtAddr(gva().0 & !0xfff), DATA_GPA_PPN << 12, 4096)]
    );
    // Without the G-stage mapping of the VS tables, the tree is unreadable.
    m.set_pte(G_ROOT, 0, 0);
    let d = dump(&mut m);
    assert_eq!((d.ranges.len(), d.bad_count), (0, 1));
}

#[test]
fn vs_pte_reads_of_execute_only_g_pages_need_sstatus_mxr_even_after_a_tlb_fill() {
    // The VS root table's page is execute-only at the G-stage: the
    // implicit PTE read (a load) passes only with the HS-level MXR.
    let mut m = setup(RW);
    g_map_data_page(&mut m, URWX);
    m.set_pte(
        7,
        VS_ROOT,
        leaf(BASE_PPN + VS_ROOT, Pte::U | Pte::X | Pte::A),
    );
    let mut c = gctx();
    c.hs_mxr = true;
    let mut mmu = Mmu::new();
    assert_eq!(
        mmu.translate_guest(gva(), Load, &c, &mut m),
        Ok(PhysAddr(DATA_PA))
    );
    c.hs_mxr = false;
    let f = mmu.translate_guest(gva(), Load, &c, &mut m).unwrap_err();
    assert_eq!(
        (f.cause.code(), f.htval, f.htinst),
        (21, 0x4008 >> 2, 0x3000)
    );
}

#[test]
fn g_stage_trace_shows_the_11_bit_root_index() {
    let mut m = setup(RW);
    m.set_pte(3, 0x1fd, leaf(BASE_PPN, URWX));
    let mut c = gctx();
    c.vs.satp = Satp(0);
    let mut mmu = Mmu::new();
    mmu.set_walk_tracing(true);
    let gpa = 0x1ff_4000_0123u64;
    assert!(mmu
        .translate_guest(VirtAddr(gpa), Fetch, &c, &mut m)
        .is_ok());
    let text = mmu.take_two_stage_trace().unwrap().to_string();
    assert!(text.contains("VS-stage: vsatp Bare, gpa = gva"), "{text}");
    assert!(
        text.contains("vpn[2]=0x7fd vpn[1]=0x000 vpn[0]=0x000 offset=0x123"),
        "{text}"
    );
    assert!(text.contains("level 2  pte @ 0x80003fe8"), "{text}");
}

#[test]
fn svpbmt_two_stages_vs_type_overrides_the_g_type() {
    // Svpbmt (chapter 7): non-zero G-stage PBMT overrides the PMA, then
    // non-zero VS-stage PBMT overrides that.
    const NC: u64 = 1 << 61;
    const IO: u64 = 2 << 61;
    use crate::MemoryType;
    // (VS leaf PBMT, G leaf PBMT, effective type)
    let table = [
        (0, 0, MemoryType::Pma),
        (0, NC, MemoryType::Nc),
        (IO, NC, MemoryType::Io),
        (NC, 0, MemoryType::Nc),
    ];
    for (vs, g, want) in table {
        let mut m = setup(RW | vs);
        m.set_pte(G_ROOT, 0, leaf(BASE_PPN, URWX | g));
        let mut mmu = Mmu::new();
        assert!(mmu.translate_guest(gva(), Load, &gctx(), &mut m).is_ok());
        let e = mmu.peek_guest_tlb(gva(), &gctx()).unwrap();
        assert_eq!(e.memory_type, want, "vs {vs:#x} g {g:#x}");
    }
}
