/* SPDX-License-Identifier: MIT */
/*
 * rvmmu F/D test macros.  Each case loads three 64-bit register images
 * (binary32 operands NaN-boxed, or deliberately not) into f0, f1, f2 (and
 * the first into a1 for integer sources), clears fflags, runs `code`, and
 * checks the result and the flags raised:
 *   TEST_FP_F: result in f3, compared as the whole 64-bit register (so a
 *              binary32 result must be NaN-boxed);
 *   TEST_FP_X: result in a0.
 * Registers: a0-a4, x7, TESTNUM; `code` may use sp/s0 with fp_scratch.
 */
#ifndef RVMMU_FP_TEST_MACROS_H
#define RVMMU_FP_TEST_MACROS_H

#define TEST_FP_LOAD(v1, v2, v3)                        \
        li a2, v2;                                      \
        fmv.d.x f1, a2;                                 \
        li a3, v3;                                      \
        fmv.d.x f2, a3;                                 \
        li a1, v1;                                      \
        fmv.d.x f0, a1;

#define TEST_FP_CHECK(flags, result)                    \
        li x7, result;                                  \
        bne a0, x7, fail;                               \
        li x7, flags;                                   \
        bne a4, x7, fail;

#define TEST_FP_F(testnum, flags, result, v1, v2, v3, code...) \
test_ ## testnum:                                       \
        li TESTNUM, testnum;                            \
        TEST_FP_LOAD(v1, v2, v3)                        \
        csrwi fflags, 0;                                \
        code;                                           \
        csrrwi a4, fflags, 0;                           \
        fmv.x.d a0, f3;                                 \
        TEST_FP_CHECK(flags, result)

#define TEST_FP_X(testnum, flags, result, v1, v2, v3, code...) \
test_ ## testnum:                                       \
        li TESTNUM, testnum;                            \
        TEST_FP_LOAD(v1, v2, v3)                        \
        csrwi fflags, 0;                                \
        code;                                           \
        csrrwi a4, fflags, 0;                           \
        TEST_FP_CHECK(flags, result)

#endif
