/* SPDX-License-Identifier: MIT */
/*
 * Constants shared by the rvmmu test environments.
 * RISC-V Privileged Architecture 20211203: 3.1.6 (mstatus), 3.1.9 (mip/mie),
 * 3.1.15 (mcause), 3.7 (PMP); SiFive CLINT layout as used by Spike and QEMU.
 */
#ifndef RVMMU_ENCODING_H
#define RVMMU_ENCODING_H

/* mstatus / sstatus fields (3.1.6) */
#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_UBE   (1 << 6)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_VS    (3 << 9)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_MPP_M (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_XS    (3 << 15)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)
#define MSTATUS_UXL_SHIFT 32
#define MSTATUS_SXL_SHIFT 34

/* Exception codes (3.1.15, table 3.6) */
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL_INSN      2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_USER_ECALL        8
#define CAUSE_SUPERVISOR_ECALL  9
#define CAUSE_MACHINE_ECALL     11
#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15

/* Interrupt numbers (3.1.9) */
#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11
#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define MIP_SEIP (1 << IRQ_S_EXT)
#define MIP_MEIP (1 << IRQ_M_EXT)
#define CAUSE_INTERRUPT (1 << 63)

/* PMP configuration bits (3.7.1) */
#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_NAPOT 0x18
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_L     0x80

/* CLINT (SiFive layout; Spike and the QEMU spike machine) */
#define CLINT_MSIP     0x02000000
#define CLINT_MTIMECMP 0x02004000
#define CLINT_MTIME    0x0200bff8

/* CSR numbers the assembler may not know by name */
#define CSR_MENVCFG  0x30a
/* menvcfg (Priv 3.1.18): PBMTE (Svpbmt), ADUE (Svadu) */
#define MENVCFG_ADUE  (1 << 61)
#define MENVCFG_PBMTE (1 << 62)
#define CSR_SENVCFG  0x10a
#define CSR_TSELECT  0x7a0
#define CSR_TDATA1   0x7a1
/* Sstc: stimecmp, enabled below M by menvcfg.STCE */
#define CSR_STIMECMP 0x14d
#define MENVCFG_STCE (1 << 63)
/* Counters (3.1.10-3.1.13), mconfigptr (3.1.17) */
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MCONFIGPTR    0xf15
#define MCOUNTINHIBIT_CY  1
#define MCOUNTINHIBIT_IR  4
/* Smstateen (not implemented by rvmmu: the CSRs do not exist) */
#define CSR_MSTATEEN0 0x30c
#define CSR_MSTATEEN3 0x30f
#define CSR_SSTATEEN0 0x10c
#define CSR_SSTATEEN3 0x10f

#endif
