// SPDX-License-Identifier: MIT OR Apache-2.0
//
// ELF64 program loading (System V gABI, ELF-64 Object File Format 1.5, and
// the RISC-V psABI): validation and one area per PT_LOAD.
#ifndef ELF_H
#define ELF_H

#include <stdint.h>

// Checks the image and records its segments, entry and program headers in
// the current process; creates the PT_LOAD areas and sets the heap start. Nothing is
// mapped. Returns 0, or prints "firmware: bad program image: <reason>"
// and returns -1.
int elf_load(const uint8_t *image, uint64_t size);
// Checks the ELF header only (as elf_load does first). 0 or -1 (printed).
int elf_check(const uint8_t *image, uint64_t size);

#endif
