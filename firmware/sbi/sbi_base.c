// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Base extension, EID 0x10 (SBI v2.0 chapter 4).
#include "sbi.h"

#include "csr.h"

#define BASE_GET_SPEC_VERSION 0
#define BASE_GET_IMPL_ID 1
#define BASE_GET_IMPL_VERSION 2
#define BASE_PROBE_EXTENSION 3
#define BASE_GET_MVENDORID 4
#define BASE_GET_MARCHID 5
#define BASE_GET_MIMPID 6

struct sbiret sbi_base_call(uint64_t fid, struct sbi_frame *f)
{
	struct sbiret ret = {SBI_SUCCESS, 0};
	switch (fid) {
	case BASE_GET_SPEC_VERSION:
		ret.value = (long)SBI_SPEC_VERSION;
		break;
	case BASE_GET_IMPL_ID:
		ret.value = (long)SBI_IMPL_ID;
		break;
	case BASE_GET_IMPL_VERSION:
		ret.value = (long)SBI_IMPL_VERSION;
		break;
	case BASE_PROBE_EXTENSION:
		// "1 if the extension is available" (any non-zero value).
		ret.value = sbi_ext_present(f->x[A0]);
		break;
	case BASE_GET_MVENDORID:
		ret.value = (long)r_mvendorid();
		break;
	case BASE_GET_MARCHID:
		ret.value = (long)r_marchid();
		break;
	case BASE_GET_MIMPID:
		ret.value = (long)r_mimpid();
		break;
	default:
		ret.error = SBI_ERR_NOT_SUPPORTED;
	}
	return ret;
}
