/* SPDX-License-Identifier: MIT */
/*
 * rvmmu test macros (source-compatible in spirit with riscv-tests' scalar
 * macros).  Every case first sets TESTNUM to its number, so a fault or a
 * wrong value is reported as that case.  Registers: x1/x2 sources, x14
 * result, x7 expected value; t5 belongs to the trap vector.
 */
#ifndef RVMMU_TEST_MACROS_H
#define RVMMU_TEST_MACROS_H

/*
 * Cases where QEMU 7.2 (the reference these tests are validated against)
 * deviates from the specification are wrapped in QEMU_DEVIATION(...).
 * `make QEMU_COMPAT=1` defines RVTEST_QEMU_COMPAT and drops them, so the
 * rest of each file can still be validated on QEMU; rvmmu runs them all.
 */
#ifdef RVTEST_QEMU_COMPAT
#define QEMU_DEVIATION(code...)
#else
#define QEMU_DEVIATION(code...) code
#endif

#define MASK_XLEN(x) ((x) & 0xffffffffffffffff)

/* Generic case: run `code`, then compare `testreg` with `correctval`. */
#define TEST_CASE(testnum, testreg, correctval, code...) \
test_ ## testnum:                                       \
        li TESTNUM, testnum;                            \
        code;                                           \
        li x7, MASK_XLEN(correctval);                   \
        bne testreg, x7, fail;

/* Register-register ALU operation. */
#define TEST_RR_OP(testnum, inst, result, val1, val2)   \
        TEST_CASE(testnum, x14, result,                 \
          li x1, MASK_XLEN(val1);                       \
          li x2, MASK_XLEN(val2);                       \
          inst x14, x1, x2)

/* rd == rs1 */
#define TEST_RR_SRC1_EQ_DEST(testnum, inst, result, val1, val2) \
        TEST_CASE(testnum, x1, result,                  \
          li x1, MASK_XLEN(val1);                       \
          li x2, MASK_XLEN(val2);                       \
          inst x1, x1, x2)

/* rd == rs2 */
#define TEST_RR_SRC2_EQ_DEST(testnum, inst, result, val1, val2) \
        TEST_CASE(testnum, x2, result,                  \
          li x1, MASK_XLEN(val1);                       \
          li x2, MASK_XLEN(val2);                       \
          inst x2, x1, x2)

/* rd == rs1 == rs2 */
#define TEST_RR_SRC12_EQ_DEST(testnum, inst, result, val1) \
        TEST_CASE(testnum, x1, result,                  \
          li x1, MASK_XLEN(val1);                       \
          inst x1, x1, x1)

/* x0 as a source reads zero. */
#define TEST_RR_ZEROSRC1(testnum, inst, result, val)    \
        TEST_CASE(testnum, x2, result,                  \
          li x1, MASK_XLEN(val);                        \
          inst x2, x0, x1)

#define TEST_RR_ZEROSRC2(testnum, inst, result, val)    \
        TEST_CASE(testnum, x2, result,                  \
          li x1, MASK_XLEN(val);                        \
          inst x2, x1, x0)

/* x0 as destination stays zero. */
#define TEST_RR_ZERODEST(testnum, inst, val1, val2)     \
        TEST_CASE(testnum, x0, 0,                       \
          li x1, MASK_XLEN(val1);                       \
          li x2, MASK_XLEN(val2);                       \
          inst x0, x1, x2)

/* Register-immediate ALU operation. */
#define TEST_IMM_OP(testnum, inst, result, val1, imm)   \
        TEST_CASE(testnum, x14, result,                 \
          li x1, MASK_XLEN(val1);                       \
          inst x14, x1, imm)

#define TEST_IMM_SRC1_EQ_DEST(testnum, inst, result, val1, imm) \
        TEST_CASE(testnum, x1, result,                  \
          li x1, MASK_XLEN(val1);                       \
          inst x1, x1, imm)

#define TEST_IMM_ZEROSRC1(testnum, inst, result, imm)   \
        TEST_CASE(testnum, x1, result,                  \
          inst x1, x0, imm)

#define TEST_IMM_ZERODEST(testnum, inst, val1, imm)     \
        TEST_CASE(testnum, x0, 0,                       \
          li x1, MASK_XLEN(val1);                       \
          inst x0, x1, imm)

/* Load from base+offset. */
#define TEST_LD_OP(testnum, inst, result, offset, base) \
        TEST_CASE(testnum, x14, result,                 \
          la x2, base;                                  \
          inst x14, offset(x2))

/* Load into the base register itself. */
#define TEST_LD_DEST_EQ_BASE(testnum, inst, result, offset, base) \
        TEST_CASE(testnum, x2, result,                  \
          la x2, base;                                  \
          inst x2, offset(x2))

/* Store `result` to base+offset and read it back with `load_inst`. */
#define TEST_ST_OP(testnum, load_inst, store_inst, result, offset, base) \
        TEST_CASE(testnum, x14, result,                 \
          la x2, base;                                  \
          li x1, MASK_XLEN(result);                     \
          store_inst x1, offset(x2);                    \
          load_inst x14, offset(x2))

/* Fill the dword at `base` with `pattern`, store `value` at base+offset,
 * then load the whole dword: only the stored bytes may change. */
#define TEST_ST_EFFECT(testnum, store_inst, pattern, value, offset, base, dword) \
        TEST_CASE(testnum, x14, dword,                  \
          la x2, base;                                  \
          li x1, MASK_XLEN(pattern);                    \
          sd x1, 0(x2);                                 \
          li x1, MASK_XLEN(value);                      \
          store_inst x1, offset(x2);                    \
          ld x14, 0(x2))

/* Conditional branch that must be taken, forwards and backwards. */
#define TEST_BR2_OP_TAKEN(testnum, inst, val1, val2)    \
test_ ## testnum:                                       \
        li TESTNUM, testnum;                            \
        li x1, MASK_XLEN(val1);                         \
        li x2, MASK_XLEN(val2);                         \
        inst x1, x2, 2f;                                \
        j fail;                                         \
1:      j 3f;                                           \
2:      inst x1, x2, 1b;                                \
        j fail;                                         \
3:

/* Conditional branch that must fall through, forwards and backwards. */
#define TEST_BR2_OP_NOTTAKEN(testnum, inst, val1, val2) \
test_ ## testnum:                                       \
        li TESTNUM, testnum;                            \
        li x1, MASK_XLEN(val1);                         \
        li x2, MASK_XLEN(val2);                         \
        inst x1, x2, 1f;                                \
        j 2f;                                           \
1:      j fail;                                         \
2:      inst x1, x2, 1b;

/* jalr to base+offset must land at `target` and link pc+4. */
#define TEST_JALR_OFFSET(testnum, offset)               \
test_ ## testnum:                                       \
        li TESTNUM, testnum;                            \
        la x1, 1f;                                      \
        li x6, offset;                                  \
        sub x1, x1, x6;                                 \
        jalr x6, offset(x1);                            \
2:      j fail;                                         \
1:      la x7, 2b;                                      \
        bne x6, x7, fail;

#define TEST_PASSFAIL                                   \
        bne x0, TESTNUM, pass;                          \
fail:                                                   \
        RVTEST_FAIL;                                    \
pass:                                                   \
        RVTEST_PASS;

#endif
