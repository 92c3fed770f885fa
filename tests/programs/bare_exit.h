/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * The end of the standalone assembly guests (mmu_debug.S, hyp_debug.S),
 * included where it goes in the text: `exit` reports a0 as the exit code
 * through HTIF (tohost = a0 << 1 | 1), `park` idles every other hart;
 * then the .tohost section with tohost and fromhost.
 */
exit:
	slli	a0, a0, 1
	ori	a0, a0, 1
	la	t0, tohost
	sd	a0, 0(t0)
park:
	wfi
	j	park

	.section .tohost, "aw", @progbits
	.balign 8
	.globl tohost
tohost:	.dword 0
	.balign 64
	.globl fromhost
fromhost: .dword 0
