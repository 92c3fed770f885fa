/* SPDX-License-Identifier: MIT */
/*
 * Supervisor trap dispatch and exit (S-mode, kernel VAs).  Only U-mode
 * ecalls and the three page faults are delegated (medeleg, Privileged
 * 3.1.8); anything else reaching here fails the test.
 */
#include "vm.h"

/* Writes tohost from S-mode through its kernel VA (the host sees the
 * physical address), as two 32-bit stores, low word first. */
static void __attribute__((noreturn)) vm_write_tohost(uint64_t value)
{
  volatile uint32_t *word = (volatile uint32_t *)&tohost;
  for (;;) {
    word[0] = (uint32_t)value;
    word[1] = (uint32_t)(value >> 32);
  }
}

/* Fails the test with a supervisor code (see VM_FAIL_* in vm.h). */
void vm_die(uint64_t code)
{
  vm_write_tohost((code << 1) | 1);
}

/* The body asked to end with tohost_value (1 = pass).  A passing body
 * still fails if the A/D bits of its pages are wrong. */
void vm_exit(uint64_t tohost_value)
{
  if (tohost_value == 1) {
    int fail = vm_pager_check();
    if (fail)
      vm_die(fail);
  }
  vm_write_tohost(tohost_value);
}

/* Contract: called by entry.S for every trap from U-mode with the saved
 * frame; returns to sret to frame->epc. */
void vm_trap(struct vm_frame *frame)
{
  switch (frame->cause) {
  case CAUSE_USER_ECALL:
    vm_exit(frame->x[10]);
  case CAUSE_FETCH_PAGE_FAULT:
  case CAUSE_LOAD_PAGE_FAULT:
  case CAUSE_STORE_PAGE_FAULT: {
    int fail = vm_pager_fault(frame->tval, frame->cause);
    if (fail)
      vm_die(fail);
    return;
  }
  default:
    vm_die(VM_FAIL_S_TRAP);
  }
}
