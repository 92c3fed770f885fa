/* SPDX-License-Identifier: MIT */
/*
 * Macros for the hypervisor-extension tests (rv64h; Privileged 20211203,
 * chapter 8).  The body runs in M-mode (RVTEST_RV64M) and enters the
 * other modes with ENTER_HS / ENTER_VS / ENTER_VU (mret with MPP and MPV).
 *
 * Three recording handlers, one per trap level (H_HANDLERS):
 *   M  (mtvec_handler), HS (stvec_handler), VS (vstvec = h_vs_handler).
 * Each records in h_record: +0 level (3 M, 1 HS, 5 VS), +8 cause, +16 tval,
 * +24 epc, +32 tval2 (mtval2/htval, 0 at VS), +40 tinst (mtinst/htinst),
 * +48 status (mstatus at M, hstatus at HS, vsstatus at VS), +56 count.
 * Then the test continues in M-mode at the label armed with H_ARM(label):
 * the HS and VS handlers get there with `ecall` (a7 = H_MAGIC), which the
 * M handler turns into a jump to the armed label without recording.
 * Interrupts are recorded the same way.  Clobbers t5, t6 (and a7 for the
 * way back).  An exception with nothing armed fails with 1337.
 */
#ifndef RVMMU_H_TEST_MACROS_H
#define RVMMU_H_TEST_MACROS_H

#define MSTATUS_GVA  (1 << 38)
#define MSTATUS_MPV  (1 << 39)
#define HSTATUS_GVA  (1 << 6)
#define HSTATUS_SPV  (1 << 7)
#define HSTATUS_SPVP (1 << 8)
#define HSTATUS_HU   (1 << 9)
#define HSTATUS_VTVM (1 << 20)
#define HSTATUS_VTW  (1 << 21)
#define HSTATUS_VTSR (1 << 22)
#define CAUSE_VS_ECALL 10
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21
#define CAUSE_VIRTUAL_INSN 22
#define CAUSE_STORE_GUEST_PAGE_FAULT 23
#define MIP_VSSIP (1 << 2)
#define MIP_VSTIP (1 << 6)
#define MIP_VSEIP (1 << 10)
#define HGATP_SV39X4 (8 << 60)

#define H_LEVEL  0
#define H_CAUSE  8
#define H_TVAL   16
#define H_EPC    24
#define H_TVAL2  32
#define H_TINST  40
#define H_STATUS 48
#define H_COUNT  56
#define H_RESUME 64

#define H_MAGIC 0x4848

/* Arm the M-mode label where the test goes on after the next trap. */
#define H_ARM(label) la t0, label; la t1, h_record; sd t0, H_RESUME(t1)

/* mret with MPP and MPV taken from `bits` (MSTATUS_MPP_S, MSTATUS_MPV). */
#define H_ENTER(bits)                                               \
  li t0, MSTATUS_MPP | MSTATUS_MPV; csrc mstatus, t0;               \
  li t0, bits; csrs mstatus, t0;                                    \
  la t0, 1f; csrw mepc, t0; mret; 1:
#define ENTER_HS H_ENTER(MSTATUS_MPP_S)
#define ENTER_HU H_ENTER(0)
#define ENTER_VS H_ENTER(MSTATUS_MPP_S | MSTATUS_MPV)
#define ENTER_VU H_ENTER(MSTATUS_MPV)
/* Back to M-mode from any mode (a trap the M handler turns into a jump). */
#define ENTER_M  H_ARM(1f); li a7, H_MAGIC; ecall; 1: li a7, 0

#define H_FIELD(reg, field) la t1, h_record; ld reg, field(t1)
#define H_CHECK(field, value) H_FIELD(t0, field); li t2, value; bne t0, t2, fail

/*
 * Case `testnum`: `code` (entered from M) must trap at label 8: to
 * `level` with `cause`; the test goes on in M-mode after the case.
 */
#define TEST_H_TRAP(testnum, level, cause, code...)                 \
test_ ## testnum:                                                   \
  li TESTNUM, testnum;                                              \
  H_ARM(9f);                                                        \
  code;                                                             \
  j fail;                                                           \
9:                                                                  \
  H_CHECK(H_LEVEL, level);                                          \
  H_CHECK(H_CAUSE, cause);                                          \
  H_FIELD(t0, H_EPC); la t2, 8b; bne t0, t2, fail;

/* As TEST_H_TRAP, and tval must be the bits of the instruction at 8:. */
#define TEST_H_INSN_TRAP(testnum, level, cause, code...)            \
  TEST_H_TRAP(testnum, level, cause, code)                          \
  H_FIELD(t0, H_TVAL); la t2, 8b; lwu t2, 0(t2); bne t0, t2, fail;

/* Record a trap: the level and the CSRs of that level (t6 = h_record
 * afterwards; the caller stores tval2 and tinst). */
#define H_RECORD(level, cause, tval, epc, status)                  \
  la t6, h_record;                                                  \
  li t5, level;     sd t5, H_LEVEL(t6);                             \
  csrr t5, cause;   sd t5, H_CAUSE(t6);                             \
  csrr t5, tval;    sd t5, H_TVAL(t6);                              \
  csrr t5, epc;     sd t5, H_EPC(t6);                               \
  csrr t5, status;  sd t5, H_STATUS(t6);                            \
  ld t5, H_COUNT(t6); addi t5, t5, 1; sd t5, H_COUNT(t6)

/* The three handlers and the record. */
#define H_HANDLERS                                                  \
  .balign 4;                                                        \
  .globl mtvec_handler;                                             \
mtvec_handler:                                                      \
  li t5, H_MAGIC;                                                   \
  bne a7, t5, 1f;                                                   \
  csrr t5, mcause;                                                  \
  bltz t5, 1f;                                                      \
  addi t5, t5, -8;                                                  \
  bltz t5, 1f;                                                      \
  addi t5, t5, -3;                                                  \
  bgtz t5, 1f;                                                      \
  j h_resume_m;     /* an ecall (8..11) asking to go on in M */    \
1:H_RECORD(3, mcause, mtval, mepc, mstatus);                        \
  csrr t5, mtval2;  sd t5, H_TVAL2(t6);                             \
  csrr t5, mtinst;  sd t5, H_TINST(t6);                             \
h_resume_m:                                                         \
  li a7, 0;                                                         \
  la t6, h_record;                                                  \
  ld t5, H_RESUME(t6);                                              \
  beqz t5, rvtest_unexpected_trap;                                  \
  sd zero, H_RESUME(t6);                                            \
  csrw mepc, t5;                                                    \
  li t5, MSTATUS_MPP_M; csrs mstatus, t5;                           \
  li t5, MSTATUS_MPV; csrc mstatus, t5;                             \
  mret;                                                             \
                                                                    \
  .balign 4;                                                        \
  .globl stvec_handler;                                             \
stvec_handler:                                                      \
  H_RECORD(1, scause, stval, sepc, hstatus);                        \
  csrr t5, htval;   sd t5, H_TVAL2(t6);                             \
  csrr t5, htinst;  sd t5, H_TINST(t6);                             \
  li a7, H_MAGIC;                                                   \
  ecall;                                                            \
                                                                    \
  .balign 4;                                                        \
h_vs_handler:                                                       \
  H_RECORD(5, scause, stval, sepc, sstatus);                        \
  sd zero, H_TVAL2(t6);                                             \
  sd zero, H_TINST(t6);                                             \
  li a7, H_MAGIC;                                                   \
  ecall;

/* Point vstvec at the VS handler (from M or HS). */
#define H_INIT la t0, h_vs_handler; csrw vstvec, t0

#define H_DATA                                                      \
  .balign 8;                                                        \
h_record: .fill 9, 8, 0

#endif
