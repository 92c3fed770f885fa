// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Misaligned load/store emulation (Privileged 3.1.15, causes 4 and 6: a
// hart may trap misaligned accesses and leave them to software). The
// instruction is read at mepc; integer loads and stores, 32-bit and
// compressed (RV64IC), are carried out one byte at a time with the trapped
// mode's translation, then the hart resumes after the instruction. A
// page or access fault on a byte, and every access this does not decode
// (floating point, atomics), go to S-mode as the trap S would have taken.
// rvmmu's hart does not trap misaligned accesses, nor does QEMU's:
// tests/misaligned_test.c calls the handler with the state such a trap
// leaves (make misaligned-test; emulator/tests/boot.rs runs it on both).
#include "sbi.h"

#include "csr.h"

// What an instruction does: width in bytes, register, sign extension.
struct misaligned_op {
	int is_load;
	unsigned width, reg, len;   // reg: rd of a load, rs2 of a store
	int is_signed;
};

// Decodes the loads and stores this emulates; 0 on success.
static int misaligned_decode(uint32_t insn, struct misaligned_op *op)
{
	unsigned f3;
	if ((insn & 3) == 3) {
		unsigned opcode = insn & 0x7f;
		f3 = (insn >> 12) & 7;
		op->len = 4;
		if (opcode == 0x03 && f3 != 7) {          // LB LH LW LD LBU LHU LWU
			*op = (struct misaligned_op){1, 1u << (f3 & 3), (insn >> 7) & 31, 4, f3 < 4};
			return 0;
		}
		if (opcode == 0x23 && f3 < 4) {           // SB SH SW SD
			*op = (struct misaligned_op){0, 1u << f3, (insn >> 20) & 31, 4, 0};
			return 0;
		}
		return -1;
	}
	// RVC (Unprivileged 16.3, 16.4): quadrant 0 and 2 loads and stores.
	unsigned quadrant = insn & 3;
	f3 = (insn >> 13) & 7;
	unsigned rs2_prime = ((insn >> 2) & 7) + 8;
	unsigned rd_full = (insn >> 7) & 31, rs2_full = (insn >> 2) & 31;
	unsigned width = (f3 & 1) ? 8 : 4;
	if (f3 != 2 && f3 != 3 && f3 != 6 && f3 != 7)
		return -1;
	int is_load = f3 < 4;
	if (quadrant == 0)        // C.LW C.LD C.SW C.SD
		*op = (struct misaligned_op){is_load, width, rs2_prime, 2, width == 4};
	else if (quadrant == 2)   // C.LWSP C.LDSP C.SWSP C.SDSP
		*op = (struct misaligned_op){is_load, width, is_load ? rd_full : rs2_full, 2,
					     width == 4};
	else
		return -1;
	return 0;
}

int sbi_misaligned(struct sbi_frame *f, uint64_t cause, uint64_t addr)
{
	struct sbi_unpriv_fault fault = {0, 0};
	uint64_t pc = r_mepc();
	uint32_t insn = sbi_unpriv_insn(pc, &fault);
	struct misaligned_op op;
	if (fault.cause) {
		sbi_redirect(fault.cause, pc);
		return -1;
	}
	if (misaligned_decode(insn, &op) != 0 || op.is_load != (cause == EXC_LOAD_MISALIGNED)) {
		sbi_redirect(cause, addr);
		return -1;
	}
	if (op.is_load) {
		uint64_t v = 0;
		for (unsigned i = 0; i < op.width; i++) {
			v |= sbi_unpriv_lbu(addr + i, &fault, 0) << (8 * i);
			if (fault.cause) {
				sbi_redirect(fault.cause, fault.tval);
				return -1;
			}
		}
		if (op.is_signed && op.width < 8) {
			unsigned shift = 64 - 8 * op.width;
			v = (uint64_t)((int64_t)(v << shift) >> shift);
		}
		if (op.reg)
			f->x[op.reg] = v;
	} else {
		uint64_t v = f->x[op.reg];
		for (unsigned i = 0; i < op.width; i++) {
			sbi_unpriv_sb(addr + i, (uint8_t)(v >> (8 * i)), &fault);
			if (fault.cause) {
				sbi_redirect(fault.cause, fault.tval);
				return -1;
			}
		}
	}
	w_mepc(pc + op.len);
	return 0;
}
