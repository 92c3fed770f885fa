# SPDX-License-Identifier: MIT
# pmp: physical memory protection (Privileged 3.7) on loads, stores and
# fetches: TOR, NA4 and NAPOT matching; the lowest-numbered matching entry
# decides and must match every byte (a partial match fails whatever its
# permissions and L, in M-mode too); an S/U access that matches no entry fails; M-mode ignores
# unlocked entries; the L bit applies an entry to M-mode and locks its
# pmpcfg, its pmpaddr and, for TOR, the pmpaddr below it.  Access faults
# carry the address in tval.  Also the WARL reads of pmpcfg/pmpaddr.
#
# Entries (entry 15 keeps code, tohost and the trap record usable from S/U):
#   e0  OFF   pmpaddr0 = page_a (the bottom of e1)
#   e1  TOR   R      [page_a, page_b + 4)
#   e2  NA4   R      [page_b + 8, page_b + 12)
#   e3  NAPOT R      page_c
#   e4  fetch cases on xcode (set per case)
#   e5  NAPOT R L    page_d          (last cases)
#   e6  OFF, e7 TOR RW L  page_e    (last cases)
#   e15 NAPOT RWX    [0x8000_0000, +64 MiB)
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

#define CFG(entry, bits) ((bits) << (8 * (entry)))
#define ALL_64M ((0x80000000 >> 2) | ((0x4000000 >> 3) - 1))

/* `insn` with a1 = `addr` (a label expression; TEST_ACCESS_FAULT_LI: a
 * constant) must raise `cause` at 8:, tval = a1. */
#define TEST_ACCESS_FAULT(n, cause, addr, insn...) \
  TEST_ACCESS_FAULT_SET(n, cause, la, a1, addr, insn)
#define TEST_ACCESS_FAULT_LI(n, cause, addr, insn...) \
  TEST_ACCESS_FAULT_SET(n, cause, li, a1, addr, insn)
#define TEST_ACCESS_FAULT_SET(n, cause, set, reg, addr, insn...) \
test_ ## n: \
  li TESTNUM, n; \
  set reg, addr; \
  ARM_RESUME(9f); \
8:insn; \
  j fail; \
9:CHECK_FIELD(TR_CAUSE, cause); \
  TRAP_FIELD(t0, TR_EPC); la t2, 8b; bne t0, t2, fail; \
  TRAP_FIELD(t0, TR_TVAL); bne t0, a1, fail;

/* Call `target`: must raise an instruction access fault at `at` (epc =
 * tval = at) with a0 = `a0val` (what ran before). */
#define TEST_FETCH_FAULT_AT(n, target, at, a0val) \
test_ ## n: \
  li TESTNUM, n; \
  li a0, 0; \
  ARM_RESUME(9f); \
  la t0, target; jalr ra, t0; \
  j fail; \
9:CHECK_FIELD(TR_CAUSE, CAUSE_FETCH_ACCESS); \
  la t2, at; \
  TRAP_FIELD(t0, TR_EPC); bne t0, t2, fail; \
  TRAP_FIELD(t0, TR_TVAL); bne t0, t2, fail; \
  li t0, a0val; bne a0, t0, fail;

#define PMPADDR_OF(reg, label) la reg, label; srli reg, reg, 2
/* NAPOT pmpaddr of the 4 KiB page at label. */
#define PMPADDR_PAGE(reg, label) PMPADDR_OF(reg, label); ori reg, reg, 0x1ff

RVTEST_RV64M
RVTEST_CODE_BEGIN
  #-------- WARL reads (no entry enabled yet but the boot's e0) --------
  TEST_CASE(2, a0, 0x123456789, li a1, 0x123456789; csrw pmpaddr3, a1; csrr a0, pmpaddr3)
  # pmpaddr holds bits 55:2 of an address: 54 bits on RV64
  QEMU_DEVIATION(TEST_CASE(3, a0, 0x003fffffffffffff, li a1, -1; csrw pmpaddr3, a1; csrr a0, pmpaddr3))
  # pmpcfg bits 6:5 are reserved and read as zero (QEMU 7.2 keeps them)
  QEMU_DEVIATION(TEST_CASE(4, a0, PMP_R, li a1, CFG(3, 0x60 | PMP_R); csrs pmpcfg0, a1; csrr a0, pmpcfg0; srli a0, a0, 24; andi a0, a0, 0xff))
  # R = 0, W = 1 is reserved: written as W = 0 (as Spike)
  QEMU_DEVIATION(TEST_CASE(5, a0, PMP_NAPOT | PMP_X, li a1, CFG(3, 0xff); csrc pmpcfg0, a1; li a1, CFG(3, PMP_NAPOT | PMP_W | PMP_X); csrs pmpcfg0, a1; csrr a0, pmpcfg0; srli a0, a0, 24; andi a0, a0, 0xff))
  TEST_ILLEGAL(6, csrr a0, pmpcfg1)
  csrw pmpaddr3, zero

  #-------- program the entries (M-mode ignores them all: L = 0) --------
  li t0, ALL_64M; csrw pmpaddr15, t0
  li t0, CFG(7, PMP_NAPOT | PMP_R | PMP_W | PMP_X); csrw pmpcfg2, t0
  PMPADDR_OF(t0, page_a); csrw pmpaddr0, t0
  PMPADDR_OF(t0, page_b); addi t0, t0, 1; csrw pmpaddr1, t0
  PMPADDR_OF(t0, page_b); addi t0, t0, 2; csrw pmpaddr2, t0
  PMPADDR_PAGE(t0, page_c); csrw pmpaddr3, t0
  li t0, CFG(1, PMP_TOR | PMP_R) | CFG(2, PMP_NA4 | PMP_R) | CFG(3, PMP_NAPOT | PMP_R)
  csrw pmpcfg0, t0
  # entries 0..3 read back as written
  TEST_CASE(7, a0, CFG(1, PMP_TOR | PMP_R) | CFG(2, PMP_NA4 | PMP_R) | CFG(3, PMP_NAPOT | PMP_R), csrr a0, pmpcfg0)
  sfence.vma

  #-------- S-mode --------
  ENTER_S
  # TOR: readable, not writable
  TEST_CASE(10, a0, 0xaaaaaaaaaaaaaaaa, la a1, page_a; ld a0, 0(a1))
  TEST_ACCESS_FAULT(11, CAUSE_STORE_ACCESS, page_a + 16, sd a1, 0(a1))
  # 8 bytes at page_b: the first 4 in e1, the rest not: partial match
  TEST_ACCESS_FAULT(12, CAUSE_LOAD_ACCESS, page_b, ld a0, 0(a1))
  TEST_CASE(13, a0, 0xbbbbbbbb, la a1, page_b; lwu a0, 0(a1))
  # NA4: 4 read-only bytes; an 8-byte access over them matches in part
  TEST_ACCESS_FAULT(14, CAUSE_STORE_ACCESS, page_b + 8, sw a1, 0(a1))
  TEST_CASE(15, a0, 0x12345678, la a1, page_b + 8; lwu a0, 0(a1))
  TEST_ACCESS_FAULT(16, CAUSE_LOAD_ACCESS, page_b + 8, ld a0, 0(a1))
  # e15 beyond: read/write
  TEST_CASE(17, a0, 0x55, la a1, page_b + 16; li a2, 0x55; sd a2, 0(a1); ld a0, 0(a1))
  # NAPOT page: read-only, at both ends
  TEST_ACCESS_FAULT(18, CAUSE_STORE_ACCESS, page_c, sd a1, 0(a1))
  TEST_ACCESS_FAULT(19, CAUSE_STORE_ACCESS, page_c + 4088, sd a1, 0(a1))
  TEST_CASE(20, a0, 0xcccccccccccccccc, la a1, page_c; ld a0, 0(a1))
  # AMOs are stores, LR is a load
  TEST_ACCESS_FAULT(21, CAUSE_STORE_ACCESS, page_c, amoadd.d a0, a1, (a1))
  TEST_CASE(22, a0, 0xcccccccccccccccc, la a1, page_c; lr.d a0, (a1))
  # no entry matches RAM at +64 MiB: S-mode fails
  TEST_ACCESS_FAULT_LI(23, CAUSE_LOAD_ACCESS, 0x84000000, ld a0, 0(a1))
  ENTER_M
  # ...where M-mode succeeds (it is RAM)
  TEST_CASE(24, a0, 0, li a1, 0x84000000; sd zero, 0(a1); ld a0, 0(a1))
  # a partial match fails in M-mode too, whatever L (unlocked e2 here)
  TEST_ACCESS_FAULT(25, CAUSE_LOAD_ACCESS, page_b + 8, ld a0, 0(a1))
  TEST_CASE(26, a0, 0x12345678, la a1, page_b + 8; lwu a0, 0(a1))

  #-------- fetch --------
  # e4: NA4 without X over the second instruction of xcode
  la t0, xcode + 4; srli t0, t0, 2; csrw pmpaddr4, t0
  li t0, CFG(4, PMP_NA4 | PMP_R); csrs pmpcfg0, t0
  ENTER_S
  # (QEMU 7.2 executes the second instruction: it does not check an entry
  # smaller than a page on fetch)
  QEMU_DEVIATION(TEST_FETCH_FAULT_AT(30, xcode, xcode + 4, 0x77))
  ENTER_M
  # M-mode runs it (L = 0)
  TEST_CASE(31, a0, 0x77, li a0, 0; la t0, xcode; jalr ra, t0)
  # e4: the whole page readable, not executable
  li t0, CFG(4, 0xff); csrc pmpcfg0, t0
  PMPADDR_PAGE(t0, xcode); csrw pmpaddr4, t0
  li t0, CFG(4, PMP_NAPOT | PMP_R); csrs pmpcfg0, t0
  ENTER_U
  TEST_FETCH_FAULT_AT(32, xcode, xcode, 0)
  TEST_CASE(33, a0, 0x0000806707700513, la a1, xcode; ld a0, 0(a1))
  TEST_ACCESS_FAULT(34, CAUSE_STORE_ACCESS, page_a, sd a1, 0(a1))
  ENTER_M

  #-------- L: M-mode is checked, the entry is locked --------
  PMPADDR_PAGE(t0, page_d); csrw pmpaddr5, t0
  li t0, CFG(5, PMP_NAPOT | PMP_R | PMP_L); csrs pmpcfg0, t0
  TEST_ACCESS_FAULT(40, CAUSE_STORE_ACCESS, page_d + 8, sd a1, 0(a1))
  TEST_CASE(41, a0, 0xdddddddddddddddd, la a1, page_d; ld a0, 0(a1))
  # pmpcfg entry 5 and pmpaddr5 ignore writes; the other entries do not
  TEST_CASE(42, a0, PMP_NAPOT | PMP_R | PMP_L, li t0, CFG(5, 0xff); csrc pmpcfg0, t0; csrr a0, pmpcfg0; srli a0, a0, 40; andi a0, a0, 0xff)
  TEST_CASE(43, a0, 0, li t0, CFG(4, 0xff); csrc pmpcfg0, t0; csrr a0, pmpcfg0; srli a0, a0, 32; andi a0, a0, 0xff)
  TEST_CASE(44, a0, 0, csrr s0, pmpaddr5; csrw pmpaddr5, zero; csrr a0, pmpaddr5; sub a0, a0, s0)
  TEST_ACCESS_FAULT(45, CAUSE_STORE_ACCESS, page_d, sd a1, 0(a1))
  # a locked TOR entry locks the pmpaddr below it too
  PMPADDR_OF(t0, page_e); csrw pmpaddr6, t0
  PMPADDR_OF(t0, page_e + 4096); csrw pmpaddr7, t0
  li t0, CFG(7, PMP_TOR | PMP_R | PMP_L); csrs pmpcfg0, t0
  TEST_CASE(46, a0, 0, csrr s0, pmpaddr6; csrw pmpaddr6, zero; csrr a0, pmpaddr6; sub a0, a0, s0)
  TEST_CASE(47, a0, 0, csrr s0, pmpaddr7; csrw pmpaddr7, zero; csrr a0, pmpaddr7; sub a0, a0, s0)
  TEST_ACCESS_FAULT(48, CAUSE_STORE_ACCESS, page_e + 4088, sd a1, 0(a1))
  TEST_CASE(49, a0, 0xeeeeeeeeeeeeeeee, la a1, page_e; ld a0, 0(a1))
  # M-mode: outside the locked entries nothing changes
  TEST_CASE(50, a0, 0x66, la a1, page_a; li a2, 0x66; sd a2, 8(a1); ld a0, 8(a1))

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .text
  .balign 4096
  .option push; .option norvc
xcode:
  li a0, 0x77
  ret
  .option pop

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
  .balign 4096
page_a: .dword 0xaaaaaaaaaaaaaaaa; .skip 4088
page_b: .word 0xbbbbbbbb, 0xbbbbbbbb, 0x12345678, 0; .skip 4080
page_c: .dword 0xcccccccccccccccc; .skip 4088
page_d: .dword 0xdddddddddddddddd; .skip 4088
page_e: .dword 0xeeeeeeeeeeeeeeee; .skip 4088
RVTEST_DATA_END
