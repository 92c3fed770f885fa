// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Instruction fetch for the trapped mode, from unpriv.S's byte loads with
// mstatus.MXR (Privileged 3.1.6.3: execute-only pages become readable).
#include "sbi.h"

#include "csr.h"

uint32_t sbi_unpriv_insn(uint64_t pc, struct sbi_unpriv_fault *fault)
{
	uint32_t insn = 0;
	fault->cause = 0;
	for (int i = 0; i < 4; i++) {
		if (i == 2 && (insn & 3) != 3)
			break;   // a 16-bit (compressed) instruction
		insn |= (uint32_t)sbi_unpriv_lbu(pc + i, fault, MSTATUS_MXR) << (8 * i);
		if (fault->cause) {
			// Reported as the fetch it stands for.
			fault->cause = fault->cause == EXC_LOAD_PAGE_FAULT ? EXC_INSN_PAGE_FAULT
										: EXC_INSN_ACCESS;
			return 0;
		}
	}
	return insn;
}
