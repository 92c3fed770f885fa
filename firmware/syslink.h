// SPDX-License-Identifier: MIT OR Apache-2.0
//
// Symbolic links and file modes (syslink.c; Linux RISC-V numbers in
// sysfile.c's table): symlinkat, fchmodat, fchmod, fchownat, fchown.
// In the in-memory tree only: on a --root host directory symlinkat and
// chmod are refused (-EROFS read-only, -EPERM read-write: hostio has no
// such operation). Ownership is not stored (one user, root, owns every
// file): chown succeeds and changes nothing.
#ifndef SYSLINK_H
#define SYSLINK_H

#include <stdint.h>

int64_t sys_symlinkat(const uint64_t *a);
int64_t sys_fchmodat(const uint64_t *a);
int64_t sys_fchmod(const uint64_t *a);
int64_t sys_fchownat(const uint64_t *a);
int64_t sys_fchown(const uint64_t *a);

#endif
