/* SPDX-License-Identifier: MIT */
/*
 * Page tables for the MMU tests (rv64si, p environment).  The body runs in
 * M-mode, builds Sv39 tables (Privileged 4.4) with plain stores, and drops
 * to S or U (ENTER_S / ENTER_U from trap_macros.h) to access through them.
 * Every trap goes to M (nothing delegated) and is recorded there.
 *
 * Virtual layout (both roots share everything but the code leaf):
 *   0x8000_0000 +1 GiB  identity leaf over RAM (code, data, tohost), RWX,
 *                       A, D; U = 0 in root_s, U = 1 in root_u
 *   0x4000_0000 +2 MiB  VA_PAGE(i): 4 KiB pages, pt_l0[i]    (pt_l1[0])
 *   0x4020_0000 +...    VA_MEGA(n): 2 MiB leaves, pt_l1[n]   (n >= 1)
 *   0xc000_0000 +1 GiB  VA_GIGA: a 1 GiB leaf, root[3]
 * All tables start invalid; VM_INIT builds the fixed part and turns on
 * Sv39 with root_s, ASID 0.
 */
#ifndef RVMMU_VM_TEST_MACROS_H
#define RVMMU_VM_TEST_MACROS_H

/* Sv39 PTE bits (4.4.1) */
#define PTE_V 0x001
#define PTE_R 0x002
#define PTE_W 0x004
#define PTE_X 0x008
#define PTE_U 0x010
#define PTE_G 0x020
#define PTE_A 0x040
#define PTE_D 0x080
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_AD (PTE_A | PTE_D)

#define VA_PAGE(i) (0x40000000 + (i) * 0x1000)
#define VA_MEGA(n) (0x40000000 + (n) * 0x200000)
#define VA_GIGA    0xc0000000
#define SATP_SV39  (8 << 60)
#define SATP_SV48  (9 << 60)
#define SATP_SV57  (10 << 60)

/* Svnapot N bit and Svpbmt memory types (Priv chapters 6, 7) */
#define PTE_N       (1 << 63)
#define PTE_PBMT_NC (1 << 61)
#define PTE_PBMT_IO (2 << 61)
#define PTE_PBMT_3  (3 << 61)

/* Sv48 / Sv57 (rv64si/sv48, sv57, ad_levels): root48 and root57 (in
 * VM_DATA_DEEP) put the Sv39 tree of root_s at entry 0, so every address
 * above works one or two levels deeper; a 512 GiB leaf at root48[1] maps
 * VA TERA to PA 0, a 256 TiB leaf at root57[1] VA PETA to PA 0. */
#define TERA (1 << 39)
#define PETA (1 << 48)
#define LEAF_AD (PTE_V | PTE_RWX | PTE_AD)
#define DEEP_INIT \
  SET_PTE(root48, 0, root_s, PTE_V); \
  SET_PTE(root57, 0, root48, PTE_V)
#define VM_DATA_DEEP \
  .balign 4096; \
root48: .skip 4096; \
root57: .skip 4096

/* reg = base + the physical address of label (t0 clobbered) */
#define VA_AT(reg, base, label) la reg, label; li t0, base; add reg, reg, t0
/* reg = base + (label - 0x8000_0000), for a leaf mapping PA 0x8000_0000
 * (t0 clobbered) */
#define VA_IN(reg, base, label) \
  la reg, label; li t0, 0x80000000; sub reg, reg, t0; li t0, base; add reg, reg, t0

/* (S-mode) loads through a 4 KiB, a 2 MiB and a 1 GiB leaf (VA_PAGE(0)
 * on page_a, VA_MEGA(1) and VA_GIGA on PA 0x8000_0000) and a 512 GiB one
 * (TERA), cases n .. n+3. */
#define TEST_LOADS_4K_TO_512G(n2, n3, n4, n5) \
  TEST_LOAD_OK(n2, VA_PAGE(0), 0xaaaaaaaaaaaaaaaa) \
  TEST_CASE(n3, a0, 0xbbbbbbbbbbbbbbbb, VA_IN(a1, VA_MEGA(1), page_b); ld a0, 0(a1)) \
  TEST_CASE(n4, a0, 0xcccccccccccccccc, VA_IN(a1, VA_GIGA, page_c); ld a0, 0(a1)) \
  TEST_CASE(n5, a0, 0xdddddddddddddddd, VA_AT(a1, TERA, page_d); ld a0, 0(a1))
/* (M-mode) the leaves TEST_LOADS_4K_TO_512G uses. */
#define LEAVES_4K_TO_512G \
  MAP_PAGE(0, page_a, PTE_V | PTE_R | PTE_W | PTE_AD); \
  SET_PTE_PA(pt_l1, 1, 0x80000000, LEAF_AD); \
  SET_PTE_PA(root_s, 3, 0x80000000, LEAF_AD); \
  SET_PTE_PA(root48, 1, 0, LEAF_AD)

/* satp = `mode`, ASID 0, root table `root` (M-mode), then sfence.vma;
 * fail unless the write took (the mode must be implemented). */
#define USE_ROOT_MODE(root, mode) \
  la t0, root; srli t0, t0, 12; li t1, mode; or t0, t0, t1; \
  csrw satp, t0; csrr t1, satp; bne t0, t1, fail; sfence.vma

/* reg = PTE for the physical address in reg with `flags` (t6 clobbered). */
#define PTE_OF(reg, flags) \
  srli reg, reg, 12; slli reg, reg, 10; li t6, flags; or reg, reg, t6

/* table[index] = PTE(address of label, flags); no sfence. */
#define SET_PTE(table, index, label, flags) \
  la t0, label; PTE_OF(t0, flags); la t1, table; \
  li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

/* table[index] = PTE(physical address `pa`, flags); no sfence. */
#define SET_PTE_PA(table, index, pa, flags) \
  li t0, pa; PTE_OF(t0, flags); la t1, table; \
  li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

/* table[index] = raw 64-bit value. */
#define SET_PTE_RAW(table, index, value) \
  li t0, value; la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

/* reg = table[index] */
#define GET_PTE(reg, table, index) \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; ld reg, 0(t1)

/* Map VA_PAGE(i) to `label` with flags, then sfence.vma (M-mode). */
#define MAP_PAGE(i, label, flags) SET_PTE(pt_l0, i, label, flags); sfence.vma

/* satp = Sv39, `asid`, root table `root` (M-mode), then sfence.vma. */
#define USE_ROOT_ASID(root, asid) \
  la t0, root; srli t0, t0, 12; li t1, ((asid) << 44) | SATP_SV39; \
  or t0, t0, t1; csrw satp, t0; sfence.vma
#define USE_ROOT(root) USE_ROOT_ASID(root, 0)

/* The fixed part of both roots, then satp = root_s (M-mode). */
#define VM_INIT \
  SET_PTE_PA(root_s, 2, 0x80000000, PTE_V | PTE_RWX | PTE_AD); \
  SET_PTE_PA(root_u, 2, 0x80000000, PTE_V | PTE_RWX | PTE_AD | PTE_U); \
  SET_PTE(root_s, 1, pt_l1, PTE_V); \
  SET_PTE(root_u, 1, pt_l1, PTE_V); \
  SET_PTE(pt_l1, 0, pt_l0, PTE_V); \
  USE_ROOT(root_s)

/* Forget an armed resume address (after a case that did not trap). */
#define DISARM la t1, trap_record; sd zero, TR_RESUME(t1)

/* Page tables, then four data pages whose first dword is its name. */
#define VM_DATA \
  .balign 4096; \
root_s: .skip 4096; \
root_u: .skip 4096; \
pt_l1:  .skip 4096; \
pt_l0:  .skip 4096; \
page_a: .dword 0xaaaaaaaaaaaaaaaa; .skip 4088; \
page_b: .dword 0xbbbbbbbbbbbbbbbb; .skip 4088; \
page_c: .dword 0xcccccccccccccccc; .skip 4088; \
page_d: .dword 0xdddddddddddddddd; .skip 4088

/* Code pages (put VM_CODE in .text): `li a0, 0x77; ret` at code_page;
 * xpage ends with a 32-bit `addi a0, a0, 1` straddling into xpage_next,
 * which continues with `ret`. */
#define CODE_MAGIC 0x77
/* The first dword of code_page: `li a0, 0x77` (addi a0, x0, 0x77) and
 * `ret` (jalr x0, 0(ra)), both uncompressed. */
#define CODE_WORD 0x0000806707700513
#define VM_CODE \
  .balign 4096; \
code_page: .option push; .option norvc; li a0, CODE_MAGIC; ret; .option pop; \
  .balign 4096; \
xpage: .skip 4092; \
  .option push; .option rvc; c.nop; .option norvc; \
  addi a0, a0, 1; ret; .option pop; \
  .balign 4096; \
  .equ xpage_next, xpage + 4096

/* Accesses through virtual address `va` (a1, a2, a0 clobbered). */
#define TEST_LOAD_OK(n, va, value) \
  TEST_CASE(n, a0, value, li a1, va; ld a0, 0(a1))
#define TEST_LOAD_FAULT(n, cause, va) \
  TEST_TRAP_TVAL(n, cause, va, li a1, va; 8: ld a0, 0(a1))
#define TEST_STORE_OK(n, va, value) \
  TEST_CASE(n, a0, value, li a1, va; li a2, value; sd a2, 8(a1); ld a0, 8(a1))
#define TEST_STORE_FAULT(n, cause, va) \
  TEST_TRAP_TVAL(n, cause, va, li a1, va; li a2, -1; 8: sd a2, 0(a1))
/* Call code at va, which must be code_page (returns CODE_MAGIC). */
#define TEST_FETCH_OK(n, va) \
  TEST_CASE(n, a0, CODE_MAGIC, li a0, 0; li a1, va; jalr ra, a1)
/* Jump to va: must raise `cause` with epc = tval = va. */
#define TEST_FETCH_FAULT(n, cause, va) \
test_ ## n: \
  li TESTNUM, n; \
  ARM_RESUME(9f); \
  li a1, va; jalr ra, a1; \
  j fail; \
9:CHECK_FIELD(TR_CAUSE, cause); \
  CHECK_FIELD(TR_EPC, va); \
  CHECK_FIELD(TR_TVAL, va);

#endif
