// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The SBI calling convention (SBI v2.0 chapter 3): a7 = extension id,
// a6 = function id, a0..a5 arguments; the result is a0 = error, a1 =
// value, every other register preserved. Legacy extensions (chapter 5)
// return a0 only. ecall is 4 bytes: the call returns after it.
#include "sbi.h"

#include "csr.h"

int sbi_ext_present(uint64_t eid)
{
	switch (eid) {
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_IPI:
	case SBI_EXT_RFENCE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
	case SBI_EXT_DBCN:
		return 1;
	default:
		return eid <= SBI_EXT_LEGACY_LAST;
	}
}

void sbi_ecall(struct sbi_frame *f)
{
	uint64_t eid = f->x[A7], fid = f->x[A6];
	struct sbiret ret = {SBI_ERR_NOT_SUPPORTED, 0};
	w_mepc(r_mepc() + 4);
	if (eid <= SBI_EXT_LEGACY_LAST) {
		f->x[A0] = (uint64_t)sbi_legacy_call(eid, f);
		return;
	}
	switch (eid) {
	case SBI_EXT_BASE:
		ret = sbi_base_call(fid, f);
		break;
	case SBI_EXT_TIME:
		ret = sbi_time_call(fid, f);
		break;
	case SBI_EXT_IPI:
		ret = sbi_ipi_call(fid, f);
		break;
	case SBI_EXT_RFENCE:
		ret = sbi_rfence_call(fid, f);
		break;
	case SBI_EXT_HSM:
		ret = sbi_hsm_call(fid, f);
		break;
	case SBI_EXT_SRST:
		ret = sbi_srst_call(fid, f);
		break;
	case SBI_EXT_DBCN:
		ret = sbi_dbcn_call(fid, f);
		break;
	default:
		break;
	}
	f->x[A0] = (uint64_t)ret.error;
	f->x[A1] = (uint64_t)ret.value;
}
