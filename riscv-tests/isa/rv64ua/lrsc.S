# SPDX-License-Identifier: MIT
# lr/sc (Unprivileged 8.2): success returns 0 and stores, a failed sc returns
# nonzero and leaves memory alone, an sc without a reservation fails, a second
# sc after a successful one fails, an sc to another address than the lr fails,
# lr.w sign-extends; and an lr/sc increment loop.
#include "riscv_test.h"
#include "test_macros.h"

RVTEST_RV64U
RVTEST_CODE_BEGIN

  # 2: lr.d / sc.d success
  TEST_CASE(2, x14, 0, la x5, rsvdat; li x1, 0x1122334455667788; sd x1, 0(x5); \
    lr.d x6, (x5); li x2, 0x0102030405060708; sc.d x14, x2, (x5))
  TEST_CASE(3, x14, 0x0102030405060708, la x5, rsvdat; ld x14, 0(x5))
  # 4: lr.d returned the old value
  TEST_CASE(4, x6, 0x1122334455667788, la x5, rsvdat; li x1, 0x1122334455667788; sd x1, 0(x5); \
    lr.d x6, (x5); sc.d x0, x1, (x5))

  # 5: a second sc after a successful sc fails and does not store
  TEST_CASE(5, x15, 0x1111, la x5, rsvdat; li x1, 0x1111; sd x1, 0(x5); \
    lr.d x6, (x5); sc.d x14, x1, (x5); bnez x14, fail; li x2, 0x2222; \
    sc.d x14, x2, (x5); beqz x14, fail; ld x15, 0(x5))

  # 6: sc to an address outside the reservation set (another page) fails
  TEST_CASE(6, x15, 0x3333, la x5, rsvdat; la x8, rsvfar; li x1, 0x3333; sd x1, 0(x8); \
    lr.d x6, (x5); li x2, 0x4444; sc.d x14, x2, (x8); beqz x14, fail; ld x15, 0(x8))

  # 7: lr.w sign-extends, sc.w stores 32 bits only
  TEST_CASE(7, x6, 0xffffffff89abcdef, la x5, rsvdat; li x1, 0x0123456789abcdef; sd x1, 0(x5); \
    lr.w x6, (x5))
  TEST_CASE(8, x14, 0, la x5, rsvdat; li x2, 0x55; sc.w x14, x2, (x5))
  TEST_CASE(9, x14, 0x0123456700000055, la x5, rsvdat; ld x14, 0(x5))

  # 10: lr.w / sc.w on the upper word
  TEST_CASE(10, x6, 0x01234567, la x5, rsvdat; addi x5, x5, 4; lr.w.aq x6, (x5))
  TEST_CASE(11, x14, 0, la x5, rsvdat; addi x5, x5, 4; li x2, -1; sc.w.rl x14, x2, (x5))
  TEST_CASE(12, x14, 0xffffffff00000055, la x5, rsvdat; ld x14, 0(x5))

  # 13: the sc success value is exactly 0 and its failure value nonzero
  #     (sc without any preceding lr: the reservation was consumed in 11)
  TEST_CASE(13, x15, 0xffffffff00000055, la x5, rsvdat; li x2, 7; sc.d x14, x2, (x5); \
    beqz x14, fail; ld x15, 0(x5))

  # 14: an lr/sc increment loop reaches the expected count
test_14:
  li TESTNUM, 14
  la x5, rsvdat
  sd x0, 0(x5)
  li x8, 100
1:
  lr.d.aqrl x6, (x5)
  addi x6, x6, 3
  sc.d.aqrl x14, x6, (x5)
  bnez x14, 1b
  addi x8, x8, -1
  bnez x8, 1b
  ld x14, 0(x5)
  li x7, 300
  bne x14, x7, fail

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  .balign 64
rsvdat:
  .dword 0
  .dword 0
  .balign 4096
rsvfar:
  .dword 0
RVTEST_DATA_END
