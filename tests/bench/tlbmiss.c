/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tlbmiss: a TLB-miss-bound loop for tests/bench/tiers.sh, built there
 * like the U-mode variants of tests/programs (crt0_sv39.S, vm.c, rt.c:
 * U-mode under Sv39, 4 KiB pages, A and D set up front).
 *
 * TLBMISS_PAGES pages of .bss (8 MiB, 128 times rvmmu's default TLB of 64
 * entries) are visited in a scattered order (an odd stride modulo a power
 * of two visits every page once per round); each visit loads one word of
 * the page and stores another, so every visit needs a translation that
 * the last ones did not. Prints a checksum and the instructions retired
 * (instret) between start and end, like bench.
 */
#include "rt.h"

#ifndef TLBMISS_PAGES
#define TLBMISS_PAGES 2048u
#endif
#ifndef TLBMISS_ROUNDS
#define TLBMISS_ROUNDS 1500u
#endif
#define TLBMISS_WORDS 512u /* 64-bit words per 4 KiB page */
#define TLBMISS_STRIDE 1237u /* odd: a permutation of the pages */

static uint64_t tlbmiss_area[TLBMISS_PAGES][TLBMISS_WORDS];

int main(void)
{
	uint64_t start = rt_read_minstret();
	uint64_t sum = 0;

	for (uint32_t round = 0; round < TLBMISS_ROUNDS; round++) {
		for (uint32_t k = 0; k < TLBMISS_PAGES; k++) {
			uint32_t page = (k * TLBMISS_STRIDE + round) & (TLBMISS_PAGES - 1);
			uint64_t *p = tlbmiss_area[page];

			sum = sum * 31 + p[(k + round) & (TLBMISS_WORDS - 1)];
			p[(k * 7) & (TLBMISS_WORDS - 1)] += sum | 1;
		}
	}

	uint64_t end = rt_read_minstret();

	rt_puts("rvmmu tlbmiss: ");
	rt_put_dec(TLBMISS_PAGES);
	rt_puts(" pages, ");
	rt_put_dec(TLBMISS_ROUNDS);
	rt_puts(" rounds\n");
	rt_puts("checksum ");
	rt_put_hex(sum);
	rt_puts("\n");
	rt_puts("instret  ");
	rt_put_dec(end - start);
	rt_puts("\n");
	return 0;
}
