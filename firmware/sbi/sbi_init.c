// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Boot: what the kernel needs from M-mode before it runs in S-mode at
// SBI_NEXT_ADDR with a0 = hart id and a1 = the device tree (Linux's
// Documentation/arch/riscv/boot.rst).
//
//  - The device tree: the firmware's region reserved (sbi_fdt.c), unless
//    the tree already reserves it.
//  - PMP (Privileged 3.7): entry 0 denies S/U the firmware's own region
//    (NAPOT, no permissions, not locked: M is unaffected), entry 1 allows
//    S/U everything else (NAPOT over the whole address space, RWX). A hart
//    without PMP traps on the CSRs: skipped.
//  - Delegation (3.1.8) as OpenSBI does: the supervisor interrupts (SSI,
//    STI, SEI) and the exceptions S handles itself: instruction address
//    misaligned, breakpoint, ecall from U, the three page faults; with
//    H also ecall from VS, the guest-page faults and virtual instruction
//    (HS handles its guests' traps).
//  - mcounteren: S (and through scounteren U) may read cycle, time,
//    instret.
//  - menvcfg, each bit only when the hart offers the extension (the device
//    tree's ISA list): STCE (Sstc: stimecmp), CBIE = invalidate, CBCFE
//    (Zicbom), CBZE (Zicboz), PBMTE (Svpbmt), ADUE (Svadu without Svade).
//    A hart without menvcfg traps on it: skipped.
//  - mstatus: MPP = S, MPIE = 0 (the kernel starts with interrupts off),
//    FS = off (S decides when to turn on the FPU).
#include "sbi.h"

#include "csr.h"

#define MEDELEG_S ((1UL << EXC_INSN_MISALIGNED) | (1UL << EXC_BREAKPOINT) | \
		   (1UL << EXC_ECALL_U) | (1UL << EXC_INSN_PAGE_FAULT) |    \
		   (1UL << EXC_LOAD_PAGE_FAULT) | (1UL << EXC_STORE_PAGE_FAULT))
#define MIDELEG_S (MIP_SSIP | MIP_STIP | MIP_SEIP)
// With H, the traps of a guest go to its hypervisor in HS-mode (as OpenSBI
// delegates them): the firmware would otherwise redirect them to S as if
// they came from S, and a KVM guest's first fetch would fault forever.
#define MEDELEG_H ((1UL << EXC_ECALL_VS) | (1UL << EXC_INSN_GUEST_PAGE_FAULT) | \
		   (1UL << EXC_LOAD_GUEST_PAGE_FAULT) | (1UL << EXC_VIRTUAL_INSN) |  \
		   (1UL << EXC_STORE_GUEST_PAGE_FAULT))

#define SBI_STR(x) #x
#define SBI_XSTR(x) SBI_STR(x)
__asm__(".globl sbi_fw_base\n.set sbi_fw_base, " SBI_XSTR(SBI_FW_BASE) "\n"
	".globl sbi_fw_size\n.set sbi_fw_size, " SBI_XSTR(SBI_FW_SIZE) "\n"
	".globl sbi_next_addr\n.set sbi_next_addr, " SBI_XSTR(SBI_NEXT_ADDR));

_Static_assert((SBI_FW_SIZE & (SBI_FW_SIZE - 1)) == 0 && (SBI_FW_BASE & (SBI_FW_SIZE - 1)) == 0,
	       "a NAPOT region is a naturally aligned power of two");

// Runs `csrw` style statements; returns 1 if one of them trapped.
#define PROBE(stmt)                                                     \
	({                                                              \
		sbi_probe_trapped = 0;                                  \
		__asm__ volatile("" : : : "memory");                    \
		stmt;                                                   \
		__asm__ volatile("" : : : "memory");                    \
		sbi_probe_trapped != 0;                                 \
	})

static void init_pmp(void)
{
	uint64_t fw = ((uint64_t)SBI_FW_BASE >> 2) | (((uint64_t)SBI_FW_SIZE / 2 - 1) >> 2);
	uint64_t cfg = PMP_NAPOT | ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8);
	if (PROBE(__asm__ volatile("csrw pmpaddr0, %0\n\t"
				   "csrw pmpaddr1, %1\n\t"
				   "csrw pmpcfg0, %2" : : "r"(fw), "r"(-1L), "r"(cfg))))
		sbi_console_puts("sbi: no PMP; S-mode is not kept out of the firmware\n");
}

static void init_menvcfg(void)
{
	uint64_t set = 0;
	if (sbi_plat.has_sstc)
		set |= MENVCFG_STCE;
	if (sbi_plat.has_zicbom)
		set |= MENVCFG_CBIE_INVAL | MENVCFG_CBCFE;
	if (sbi_plat.has_zicboz)
		set |= MENVCFG_CBZE;
	if (sbi_plat.has_svpbmt)
		set |= MENVCFG_PBMTE;
	if (sbi_plat.has_svadu && !sbi_plat.has_svade)
		set |= MENVCFG_ADUE;
	if (set && !PROBE(__asm__ volatile("csrs 0x30a, %0" : : "r"(set))))   // menvcfg
		sbi_timer_sstc = sbi_plat.has_sstc;
}

void sbi_init(uint64_t hartid, uint64_t fdt)
{
	w_mtvec((uint64_t)sbi_probe_vector);
	if (sbi_fdt_parse(fdt) != 0) {
		// No device tree, so no console to say so: stop here.
		sbi_park();
	}
	if (sbi_fdt_reserve_firmware(fdt) != 0)
		sbi_console_puts("sbi: cannot reserve the firmware's memory in the device tree\n");
	init_pmp();
	w_medeleg(MEDELEG_S | ((r_misa() & MISA_H) ? MEDELEG_H : 0));
	w_mideleg(MIDELEG_S);
	(void)PROBE(w_mcounteren(COUNTEREN_CY_TM_IR));
	init_menvcfg();
	w_mie(0);
	uint64_t ms = r_mstatus();
	ms &= ~(MSTATUS_MPP_MASK | MSTATUS_MPIE | MSTATUS_FS_MASK | MSTATUS_MPRV | MSTATUS_SIE);
	w_mstatus(ms | MSTATUS_MPP_S);
	w_mtvec((uint64_t)sbi_vector);
	sbi_console_puts("rvmmu SBI v2.0: next stage at ");
	sbi_console_hex(SBI_NEXT_ADDR);
	sbi_console_putc('\n');
	sbi_enter_next(SBI_NEXT_ADDR, hartid, fdt);
}
