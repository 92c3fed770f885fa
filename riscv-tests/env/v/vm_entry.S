/* SPDX-License-Identifier: MIT */
/*
 * v environment: M-mode boot, the M-mode "everything is fatal" vector, and
 * the S-mode trap entry/exit around vm_trap (vm_trap.c).
 */
#include "vm.h"

  .section .text.vm_entry, "ax", @progbits
  .globl _start
_start:
  /* Hart 0 only; others wait forever. */
  csrr t0, mhartid
1:bnez t0, 1b
  /* Optional state: a write that traps is skipped (PMP is optional,
   * Privileged 3.7). */
  la t0, vm_mtrap_skip
  csrw mtvec, t0
  li t0, -1
  csrw pmpaddr0, t0
  li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
  csrw pmpcfg0, t0
  csrwi mcounteren, 0
  csrwi scounteren, 0
  csrwi mie, 0
  csrwi mideleg, 0
  /* Delegate U ecalls and the three page faults to S (Privileged 3.1.8). */
  li t0, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_FETCH_PAGE_FAULT) | \
         (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  la t0, vm_mtrap
  csrw mtvec, t0
  /* Zero the supervisor's .bss (page tables, pager state, stack). */
  la t0, vm_bss_start
  la t1, vm_bss_end
2:bgeu t0, t1, 3f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 2b
3:la sp, vm_stack_top
  call vm_boot_tables
  csrw satp, a0
  sfence.vma
  /* mret to S at the kernel alias of vm_supervisor_start. */
  li t0, VM_KERNEL_OFFSET
  add sp, sp, t0
  la t1, vm_supervisor_start
  add t1, t1, t0
  csrw mepc, t1
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S
  csrs mstatus, t0
  /* FS = Initial: the user body may use F/D; fcsr cleared. */
  li t0, MSTATUS_FS & (MSTATUS_FS >> 1)
  csrs mstatus, t0
  csrwi 0x003, 0 /* fcsr */
  mret

  .balign 4
vm_mtrap_skip:
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret

  /* Any trap that reaches M-mode fails the test (physical tohost). */
  .balign 4
vm_mtrap:
  la t0, tohost
  li t1, (VM_FAIL_M_TRAP << 1) | 1
1:sw t1, 0(t0)
  sw zero, 4(t0)
  j 1b

  /* From here on: S-mode, kernel VAs. */
vm_supervisor_start:
  csrw sscratch, sp
  la t0, vm_strap
  csrw stvec, t0
  /* Enter the body in U-mode with every register zero (as the p env). */
  la t0, userstart
  li t1, VM_KERNEL_OFFSET
  sub t0, t0, t1
  csrw sepc, t0
  li t0, MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SIE | MSTATUS_SPIE
  csrc sstatus, t0
  li x1, 0;  li x2, 0;  li x3, 0;  li x4, 0;  li x5, 0;  li x6, 0
  li x7, 0;  li x8, 0;  li x9, 0;  li x10, 0; li x11, 0; li x12, 0
  li x13, 0; li x14, 0; li x15, 0; li x16, 0; li x17, 0; li x18, 0
  li x19, 0; li x20, 0; li x21, 0; li x22, 0; li x23, 0; li x24, 0
  li x25, 0; li x26, 0; li x27, 0; li x28, 0; li x29, 0; li x30, 0
  li x31, 0
  sret

  /* A trap while in the supervisor itself is fatal. */
  .balign 4
vm_strap_kernel:
  li a0, VM_FAIL_KERNEL_TRAP
  la sp, vm_stack_top
  call vm_die

  /* S trap vector: sscratch holds the kernel stack top while in U. */
  .balign 4
vm_strap:
  csrrw sp, sscratch, sp
  addi sp, sp, -VM_FRAME_SIZE
  sd x1, 1*8(sp);   sd x3, 3*8(sp);   sd x4, 4*8(sp);   sd x5, 5*8(sp)
  sd x6, 6*8(sp);   sd x7, 7*8(sp);   sd x8, 8*8(sp);   sd x9, 9*8(sp)
  sd x10, 10*8(sp); sd x11, 11*8(sp); sd x12, 12*8(sp); sd x13, 13*8(sp)
  sd x14, 14*8(sp); sd x15, 15*8(sp); sd x16, 16*8(sp); sd x17, 17*8(sp)
  sd x18, 18*8(sp); sd x19, 19*8(sp); sd x20, 20*8(sp); sd x21, 21*8(sp)
  sd x22, 22*8(sp); sd x23, 23*8(sp); sd x24, 24*8(sp); sd x25, 25*8(sp)
  sd x26, 26*8(sp); sd x27, 27*8(sp); sd x28, 28*8(sp); sd x29, 29*8(sp)
  sd x30, 30*8(sp); sd x31, 31*8(sp)
  csrr t0, sscratch
  sd t0, 2*8(sp)
  csrr t0, sepc
  sd t0, VM_FRAME_EPC(sp)
  csrr t0, scause
  sd t0, VM_FRAME_CAUSE(sp)
  csrr t0, stval
  sd t0, VM_FRAME_TVAL(sp)
  la t0, vm_strap_kernel
  csrw stvec, t0
  mv a0, sp
  call vm_trap
  la t0, vm_strap
  csrw stvec, t0
  ld t0, VM_FRAME_EPC(sp)
  csrw sepc, t0
  addi t0, sp, VM_FRAME_SIZE
  csrw sscratch, t0
  ld x1, 1*8(sp);   ld x3, 3*8(sp);   ld x4, 4*8(sp);   ld x5, 5*8(sp)
  ld x6, 6*8(sp);   ld x7, 7*8(sp);   ld x8, 8*8(sp);   ld x9, 9*8(sp)
  ld x10, 10*8(sp); ld x11, 11*8(sp); ld x12, 12*8(sp); ld x13, 13*8(sp)
  ld x14, 14*8(sp); ld x15, 15*8(sp); ld x16, 16*8(sp); ld x17, 17*8(sp)
  ld x18, 18*8(sp); ld x19, 19*8(sp); ld x20, 20*8(sp); ld x21, 21*8(sp)
  ld x22, 22*8(sp); ld x23, 23*8(sp); ld x24, 24*8(sp); ld x25, 25*8(sp)
  ld x26, 26*8(sp); ld x27, 27*8(sp); ld x28, 28*8(sp); ld x29, 29*8(sp)
  ld x30, 30*8(sp); ld x31, 31*8(sp)
  ld sp, 2*8(sp)
  sret

  .section .tohost, "aw", @progbits
  .balign 64
  .globl tohost
tohost: .dword 0
  .size tohost, 8
  .balign 64
  .globl fromhost
fromhost: .dword 0
  .size fromhost, 8

  .bss
  .balign 16
vm_stack: .skip VM_STACK_SIZE
  .globl vm_stack_top
vm_stack_top:
