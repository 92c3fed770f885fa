/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * PTE bits (Privileged 20211203, 4.3.1 and 4.4.1) for the standalone
 * assembly guests (mmu_debug.S, hyp_debug.S).
 */
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80

/* dst = the PTE of a page or table at the address in src, with flags. */
#define PTE_OF(dst, src, flags) \
	srli dst, src, 12; slli dst, dst, 10; ori dst, dst, flags
