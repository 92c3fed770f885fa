// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Illegal-instruction traps from S/U: a read of the `time` CSR
// (csrrs rd, time, x0 = rdtime, Unprivileged 10.1) on a hart that does not
// implement it is answered from the CLINT's mtime, as OpenSBI does; every
// other illegal instruction is redirected to S-mode's stvec with the
// instruction bits in stval.
#include "sbi.h"

#include "csr.h"

#define INSN_RDTIME_MASK 0xfffff07fu
#define INSN_RDTIME 0xc0102073u   // csrrs rd, time (0xc01), x0

void sbi_illegal(struct sbi_frame *f, uint64_t insn)
{
	if (insn == 0) {
		// The hart did not report the bits (mtval may be 0, 3.1.16).
		struct sbi_unpriv_fault fault;
		insn = sbi_unpriv_insn(r_mepc(), &fault);
		if (fault.cause) {
			sbi_redirect(fault.cause, r_mepc());
			return;
		}
	}
	if ((insn & INSN_RDTIME_MASK) == INSN_RDTIME) {
		unsigned rd = (insn >> 7) & 31;
		if (rd)
			f->x[rd] = sbi_timer_now();
		w_mepc(r_mepc() + 4);
		return;
	}
	sbi_redirect(EXC_ILLEGAL_INSN, insn);
}
