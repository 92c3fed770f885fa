/* SPDX-License-Identifier: MIT */
/*
 * Page tables of the v environment, built once in M-mode with translation
 * off (so every symbol here resolves to its physical address).
 */
#include "vm.h"

uint64_t vm_root[512] __attribute__((aligned(VM_PAGE_SIZE)));
uint64_t vm_user_l1[512] __attribute__((aligned(VM_PAGE_SIZE)));
/* Two consecutive level-0 tables: PTE i maps VM_RAM_BASE + i pages. */
uint64_t vm_user_l0[VM_USER_PAGES] __attribute__((aligned(VM_PAGE_SIZE)));

_Static_assert(VM_USER_PAGES == 2 * 512, "two level-0 tables");

/*
 * Contract: runs in M-mode, translation off, .bss already zeroed.  Builds
 *   root[511] -> global 1 GiB leaf at VM_RAM_BASE (kernel alias, RWX, A, D)
 *   root[2]   -> user_l1 (VA 0x8000_0000 .. 0xbfff_ffff)
 *   user_l1[0..1] -> user_l0 (4 KiB pages, all invalid until touched)
 * and returns the satp value (Sv39, ASID 0) that uses them.
 */
uint64_t vm_boot_tables(void)
{
  vm_root[511] = vm_pte(VM_RAM_BASE, PTE_V | PTE_R | PTE_W | PTE_X | PTE_G |
                                         PTE_A | PTE_D);
  vm_root[(VM_RAM_BASE >> 30) & 511] = vm_pte((uint64_t)vm_user_l1, PTE_V);
  for (int i = 0; i < VM_USER_PAGES / 512; i++)
    vm_user_l1[i] = vm_pte((uint64_t)&vm_user_l0[i * 512], PTE_V);
  return SATP_MODE_SV39 | ((uint64_t)vm_root >> VM_PAGE_SHIFT);
}
