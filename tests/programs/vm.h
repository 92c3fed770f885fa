/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * vm: the M-mode set-up of the U-mode program variants (crt0_sv39.S).
 *
 * Address map (identity: VA = PA, Sv39, Privileged spec 20211203, 4.4):
 *
 *   0x8000_0000  _start     .text .rodata     U R-X A      ELF segment "text"
 *   page(tohost)            .tohost           U RW- A D    ELF segment "data"
 *                           .data .bss stack  U RW- A D
 *   _end                    ------------------------------ end of the program
 *   page(_end)              page-table frames (root, then intermediate and
 *                           leaf tables as needed), not mapped with
 *                           4 KiB pages
 *
 * With 4 KiB pages each segment gets its own permissions. With 2 MiB
 * megapages (VM_MEGAPAGES) both segments share one megapage, so the whole
 * program is mapped U RWX A D. A and D are set up front, so the program
 * runs under both A/D schemes (Svade faults, hardware update) without
 * ever taking an A/D page fault (4.3.1, 4.3.2 step 7).
 */
#ifndef VM_H
#define VM_H

#include <stdint.h>

/* Builds the page tables, sets satp (Sv39, ASID 1), opens PMP and the
 * U-mode counters. Runs in M-mode before the drop to U-mode; exits with
 * code 99 and a message when the tables do not fit. */
void vm_init(void);

/* M-mode handler of every trap: the program expects none. Prints the
 * cause and exits with code 99. */
__attribute__((noreturn)) void vm_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval);

#endif /* VM_H */
