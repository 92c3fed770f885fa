/* SPDX-License-Identifier: MIT */
/*
 * Trap-recording handlers and macros for the privileged (rv64mi, rv64si)
 * tests.  Use: TRAP_HANDLERS after TEST_PASSFAIL, TRAP_DATA in the data.
 *
 * Both handlers (M: mtvec_handler, S: stvec_handler) record the trap in
 * trap_record and clobber only t5 and t6:
 *   +0 cause  +8 tval  +16 epc  +24 status  +32 count  +40 resume
 *   +48 level (3 = M, 1 = S)    +56 log[count] = cause, 8 entries
 * Exceptions resume at the address the test stored in `resume` (one shot;
 * an exception with no resume address fails the test with 1337).
 * Interrupts return to epc after clearing the interrupt's enable bit in
 * mie (M) or sie (S), so each one is taken once.
 * ARM_RESUME_M(label) makes the M handler resume in M-mode.
 * ENTER_MODE: `ecall` with a7 = magic and the M handler returns to the next
 * instruction in the requested mode (not recorded).
 */
#ifndef RVMMU_TRAP_MACROS_H
#define RVMMU_TRAP_MACROS_H

#define TR_CAUSE  0
#define TR_TVAL   8
#define TR_EPC    16
#define TR_STATUS 24
#define TR_COUNT  32
#define TR_RESUME 40
#define TR_LEVEL  48
#define TR_LOG    56

#define MAGIC_TO_M 0x4d4d
#define MAGIC_TO_S 0x5353
#define MAGIC_TO_U 0x5555

#define ENTER_MODE(magic) li a7, magic; ecall; li a7, 0
#define ENTER_M ENTER_MODE(MAGIC_TO_M)
#define ENTER_S ENTER_MODE(MAGIC_TO_S)
#define ENTER_U ENTER_MODE(MAGIC_TO_U)

/* Arm a one-shot resume address for the next exception. */
#define ARM_RESUME(label) la t0, label; la t1, trap_record; sd t0, TR_RESUME(t1)

/* Same, but the M handler resumes in M-mode (escape from a lower mode
 * whose ecalls are delegated). */
#define ARM_RESUME_M(label) la t0, label + 1; la t1, trap_record; sd t0, TR_RESUME(t1)

#define RESET_TRAP_COUNT la t1, trap_record; sd zero, TR_COUNT(t1)

/* Load a trap_record field into reg. */
#define TRAP_FIELD(reg, field) la t1, trap_record; ld reg, field(t1)

/* Check a field of the last trap against an immediate. */
#define CHECK_FIELD(field, value) \
  TRAP_FIELD(t0, field); li t2, value; bne t0, t2, fail

/*
 * `code` must trap with `cause` at the instruction labelled 8:, which
 * must be where the trap is taken (epc is checked); execution then
 * continues after the case.
 */
#define TEST_TRAP(testnum, cause, code...)                       \
test_ ## testnum:                                                \
  li TESTNUM, testnum;                                           \
  ARM_RESUME(9f);                                                \
  code;                                                          \
  j fail;                                                        \
9:                                                               \
  CHECK_FIELD(TR_CAUSE, cause);                                  \
  TRAP_FIELD(t0, TR_EPC); la t2, 8b; bne t0, t2, fail;

/* As TEST_TRAP, and the trap value must be `tval`. */
#define TEST_TRAP_TVAL(testnum, cause, tval, code...)            \
  TEST_TRAP(testnum, cause, code)                                \
  CHECK_FIELD(TR_TVAL, tval);

/* The 32-bit instruction `insn` must raise an illegal-instruction
 * exception whose tval is the instruction's bits. */
#define TEST_ILLEGAL(testnum, insn...)                           \
  TEST_TRAP(testnum, CAUSE_ILLEGAL_INSN,                         \
    .option push; .option norvc; 8: insn; .option pop)           \
  TRAP_FIELD(t0, TR_TVAL); la t2, 8b; lwu t2, 0(t2);             \
  bne t0, t2, fail;

/* The raw word `bits` must be an illegal instruction reported as-is. */
#define TEST_ILLEGAL_WORD(testnum, bits)                         \
  TEST_TRAP(testnum, CAUSE_ILLEGAL_INSN, 8: .word bits)          \
  CHECK_FIELD(TR_TVAL, bits);

/* The 16-bit word `bits` must be an illegal instruction, tval = bits. */
#define TEST_ILLEGAL_HALF(testnum, bits)                         \
  TEST_TRAP(testnum, CAUSE_ILLEGAL_INSN, 8: .half bits; .half 0x0001) \
  CHECK_FIELD(TR_TVAL, bits);

/* `code` must not trap at all. */
#define TEST_NO_TRAP(testnum, code...)                           \
test_ ## testnum:                                                \
  li TESTNUM, testnum;                                           \
  RESET_TRAP_COUNT;                                              \
  code;                                                          \
  TRAP_FIELD(t0, TR_COUNT); bnez t0, fail;

#define TRAP_HANDLERS                                            \
  .balign 4;                                                     \
  .globl mtvec_handler;                                          \
mtvec_handler:                                                   \
  csrr t5, mcause;                                               \
  bltz t5, 2f;                                                   \
  addi t6, t5, -CAUSE_USER_ECALL;                                \
  beqz t6, 1f;                                                   \
  addi t6, t5, -CAUSE_SUPERVISOR_ECALL;                          \
  beqz t6, 1f;                                                   \
  addi t6, t5, -CAUSE_MACHINE_ECALL;                             \
  bnez t6, 2f;                                                   \
1:/* ecall: mode switch requests (a7 = magic) */                 \
  li t5, MAGIC_TO_M;                                             \
  li t6, MSTATUS_MPP_M;                                          \
  beq a7, t5, 3f;                                                \
  li t5, MAGIC_TO_S;                                             \
  li t6, MSTATUS_MPP_S;                                          \
  beq a7, t5, 3f;                                                \
  li t5, MAGIC_TO_U;                                             \
  li t6, 0;                                                      \
  beq a7, t5, 3f;                                                \
  csrr t5, mcause;                                               \
  j 2f;                                                          \
3:li t5, MSTATUS_MPP;                                            \
  csrc mstatus, t5;                                              \
  csrs mstatus, t6;                                              \
  csrr t6, mepc;                                                 \
  addi t6, t6, 4;                                                \
  csrw mepc, t6;                                                 \
  mret;                                                          \
2:/* record (t5 = mcause) */                                     \
  la t6, trap_record;                                            \
  sd t5, TR_CAUSE(t6);                                           \
  csrr t5, mtval;   sd t5, TR_TVAL(t6);                          \
  csrr t5, mepc;    sd t5, TR_EPC(t6);                           \
  csrr t5, mstatus; sd t5, TR_STATUS(t6);                        \
  li t5, 3;         sd t5, TR_LEVEL(t6);                         \
  ld t5, TR_COUNT(t6);                                           \
  andi t5, t5, 7;                                                \
  slli t5, t5, 3;                                                \
  add t5, t5, t6;                                                \
  csrr t6, mcause;                                               \
  sd t6, TR_LOG(t5);                                             \
  la t6, trap_record;                                            \
  ld t5, TR_COUNT(t6);                                           \
  addi t5, t5, 1;                                                \
  sd t5, TR_COUNT(t6);                                           \
  csrr t5, mcause;                                               \
  bgez t5, 4f;                                                   \
  /* interrupt: mask it and return */                            \
  li t6, 1;                                                      \
  sll t6, t6, t5;                                                \
  csrc mie, t6;                                                  \
  mret;                                                          \
4:ld t5, TR_RESUME(t6);                                          \
  beqz t5, rvtest_unexpected_trap;                               \
  sd zero, TR_RESUME(t6);                                        \
  andi t6, t5, 1;                                                \
  beqz t6, 6f;                                                   \
  /* ARM_RESUME_M: resume in M-mode */                           \
  li t6, MSTATUS_MPP;                                            \
  csrs mstatus, t6;                                              \
  andi t5, t5, -2;                                               \
6:csrw mepc, t5;                                                 \
  mret;                                                          \
                                                                 \
  .balign 4;                                                     \
  .globl stvec_handler;                                          \
stvec_handler:                                                   \
  la t6, trap_record;                                            \
  csrr t5, scause;  sd t5, TR_CAUSE(t6);                         \
  csrr t5, stval;   sd t5, TR_TVAL(t6);                          \
  csrr t5, sepc;    sd t5, TR_EPC(t6);                           \
  csrr t5, sstatus; sd t5, TR_STATUS(t6);                        \
  li t5, 1;         sd t5, TR_LEVEL(t6);                         \
  ld t5, TR_COUNT(t6);                                           \
  andi t5, t5, 7;                                                \
  slli t5, t5, 3;                                                \
  add t5, t5, t6;                                                \
  csrr t6, scause;                                               \
  sd t6, TR_LOG(t5);                                             \
  la t6, trap_record;                                            \
  ld t5, TR_COUNT(t6);                                           \
  addi t5, t5, 1;                                                \
  sd t5, TR_COUNT(t6);                                           \
  csrr t5, scause;                                               \
  bgez t5, 5f;                                                   \
  li t6, 1;                                                      \
  sll t6, t6, t5;                                                \
  csrc sie, t6;                                                  \
  sret;                                                          \
5:ld t5, TR_RESUME(t6);                                          \
  beqz t5, rvtest_unexpected_trap;                               \
  sd zero, TR_RESUME(t6);                                        \
  csrw sepc, t5;                                                 \
  sret;

#define TRAP_DATA                                                \
  .balign 64;                                                    \
trap_record:                                                     \
  .skip 56 + 8 * 8

#endif
