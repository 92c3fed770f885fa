# SPDX-License-Identifier: MIT
# illegal: reserved encodings raise illegal instruction with mtval = the
# instruction bits (Privileged 3.1.16) and mepc = its address; privileged
# instructions below their mode trap too.
#include "riscv_test.h"
#include "test_macros.h"
#include "trap_macros.h"

RVTEST_RV64M
RVTEST_CODE_BEGIN

  #-------- 32-bit reserved encodings --------
  TEST_ILLEGAL_WORD(2, 0xffffffff)
  TEST_ILLEGAL_WORD(3, 0x00007003)   # LOAD funct3 = 7
  TEST_ILLEGAL_WORD(4, 0x00004023)   # STORE funct3 = 4
  TEST_ILLEGAL_WORD(5, 0x00002063)   # BRANCH funct3 = 2
  TEST_ILLEGAL_WORD(6, 0x00001067)   # JALR funct3 = 1
  TEST_ILLEGAL_WORD(7, 0x4000103b)   # OP-32 funct3 = 1 (sllw) with funct7 = 0x20
  TEST_ILLEGAL_WORD(8, 0x8000003b)   # OP-32 funct7 = 0x40
  TEST_ILLEGAL_WORD(10, 0x4000101b)  # slliw with funct7 = 0x20
  TEST_ILLEGAL_WORD(11, 0x0200501b)  # srliw with shamt[5] = 1
  TEST_ILLEGAL_WORD(13, 0x0000500f)  # MISC-MEM funct3 = 5
  TEST_ILLEGAL_WORD(14, 0x0000402f)  # AMO funct3 = 4
  TEST_ILLEGAL_WORD(16, 0x3000202f)  # AMO funct5 = 0x06 (reserved; 0x05 is Zacas)
  TEST_ILLEGAL_WORD(17, 0x00000007)  # LOAD-FP (F absent / FS = Off)
  TEST_ILLEGAL_WORD(18, 0x00004073)  # SYSTEM funct3 = 4
  TEST_ILLEGAL_WORD(19, 0x0000006b)  # reserved major opcode 0x6b

  #-------- 16-bit reserved encodings: mtval holds the 16 bits --------
  TEST_ILLEGAL_HALF(20, 0x0000)      # the all-zero instruction
  TEST_ILLEGAL_HALF(21, 0x0004)      # c.addi4spn with nzuimm = 0
  TEST_ILLEGAL_HALF(22, 0x6501)      # c.lui x10 with nzimm = 0 (odd x1..x15: Zcmop)
  TEST_ILLEGAL_HALF(23, 0x6101)      # c.addi16sp with nzimm = 0
  TEST_ILLEGAL_HALF(24, 0x8002)      # c.jr x0
  TEST_ILLEGAL_HALF(25, 0x4002)      # c.lwsp x0
  TEST_ILLEGAL_HALF(26, 0x6002)      # c.ldsp x0
  TEST_ILLEGAL_HALF(27, 0x9c79)      # Zcb unary row, selector 110 (reserved)

  #-------- privileged instructions below their mode --------
  ENTER_S
  TEST_ILLEGAL(28, mret)
  ENTER_U
  TEST_ILLEGAL(29, mret)
  TEST_ILLEGAL(30, sret)
  TEST_ILLEGAL(31, sfence.vma)
  TEST_ILLEGAL(32, csrr a0, mstatus)
  TEST_ILLEGAL(33, csrr a0, sstatus)
  ENTER_S
  TEST_ILLEGAL(34, csrr a0, mstatus)
  TEST_ILLEGAL(35, csrw mscratch, a0)
  TEST_ILLEGAL(36, csrr a0, mhartid)
  ENTER_M

  TEST_PASSFAIL

  TRAP_HANDLERS

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN
  TRAP_DATA
RVTEST_DATA_END
