// SPDX-License-Identifier: MIT OR Apache-2.0
#include "elf.h"

#include "con.h"
#include "lib.h"
#include "memlayout.h"
#include "proc.h"
#include "vm.h"
#include "vma.h"

#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_RISCV 243
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551u
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr");
_Static_assert(sizeof(struct elf64_phdr) == 56, "Elf64_Phdr");

// Prints the reason an image is refused; returns -1.
#define elf_bad(...)                                            \
	(con_printf("firmware: bad program image: " __VA_ARGS__), \
	 con_printf("\n"), -1)

// Area permissions from p_flags.
static unsigned elf_prot(uint32_t flags)
{
	return ((flags & PF_R) ? VMA_R : 0) | ((flags & PF_W) ? VMA_W : 0) |
	       ((flags & PF_X) ? VMA_X : 0);
}

// Checks the ELF header.
static int elf_check_header(const struct elf64_ehdr *eh, uint64_t size)
{
	if (size < sizeof(*eh))
		return elf_bad("too small for an ELF header (%lu bytes)", size);
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F')
		return elf_bad("not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return elf_bad("not ELF64");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_bad("not little-endian");
	if (eh->e_machine != EM_RISCV)
		return elf_bad("not RISC-V (e_machine %u)", eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return elf_bad("not an executable (e_type %u)", eh->e_type);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return elf_bad("e_phentsize %u", eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum > 64)
		return elf_bad("e_phnum %u", eh->e_phnum);
	if (eh->e_phoff > size || (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff)
		return elf_bad("program headers outside the file");
	return 0;
}

// Checks one PT_LOAD (index i) against the file and the address map.
static int elf_check_load(const struct elf64_phdr *ph, unsigned i, uint64_t size)
{
	if (ph->p_filesz > ph->p_memsz)
		return elf_bad("segment %u: p_filesz > p_memsz", i);
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return elf_bad("segment %u: file bytes outside the file", i);
	uint64_t end = ph->p_vaddr + ph->p_memsz;
	if (end < ph->p_vaddr || ph->p_vaddr < USER_MIN || end > MMAP_TOP)
		return elf_bad("segment %u: 0x%lx..0x%lx outside the user area 0x%lx..0x%lx", i,
			       ph->p_vaddr, end, USER_MIN, MMAP_TOP);
	if (vm_is_kernel_range(PAGE_DOWN(ph->p_vaddr), PAGE_UP(end)))
		return elf_bad("segment %u: 0x%lx..0x%lx overlaps the kernel", i, ph->p_vaddr, end);
	return 0;
}

// Adds the area of one PT_LOAD. A first page shared with the previous
// segment stays in the previous area, with the union of both permissions.
static int elf_add_area(const struct elf64_phdr *ph, unsigned i, uint64_t prev_end)
{
	uint64_t start = PAGE_DOWN(ph->p_vaddr), end = PAGE_UP(ph->p_vaddr + ph->p_memsz);
	unsigned prot = elf_prot(ph->p_flags);
	if (ph->p_vaddr < prev_end)
		return elf_bad("segment %u overlaps or precedes the previous one", i);
	if (start < PAGE_UP(prev_end)) {
		struct vma *shared = vma_find(start);
		if (shared && vma_protect(start, start + PAGE_SIZE, shared->prot | prot) != 0)
			return elf_bad("too many segments");
		start += PAGE_SIZE;
	}
	if (start < end && vma_add(start, end, prot, VMA_FILE) != 0)
		return elf_bad("too many segments");
	return 0;
}

// The load bias of a static PIE: ELF_DYN_BASE minus its lowest PT_LOAD
// page (the header is checked: the program headers lie in the file).
static uint64_t elf_dyn_bias(const uint8_t *image, const struct elf64_ehdr *eh)
{
	uint64_t lowest = ~0UL;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, image + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD && ph.p_memsz != 0)
			lowest = MIN(lowest, PAGE_DOWN(ph.p_vaddr));
	}
	return lowest == ~0UL ? 0 : ELF_DYN_BASE - lowest;
}

int elf_check(const uint8_t *image, uint64_t size)
{
	struct elf64_ehdr eh;
	if (size >= sizeof(eh))
		memcpy(&eh, image, sizeof(eh));
	return elf_check_header(&eh, size);
}

int elf_load(const uint8_t *image, uint64_t size)
{
	struct elf64_ehdr eh;
	if (size >= sizeof(eh))
		memcpy(&eh, image, sizeof(eh));
	if (elf_check_header(&eh, size) != 0)
		return -1;
	// A static PIE (ET_DYN; one with PT_INTERP is refused below) is
	// loaded at ELF_DYN_BASE and not relocated here: glibc's static-pie
	// start code relocates itself (gABI "Program Loading": the segments
	// keep their relative positions, all moved by one base).
	uint64_t bias = eh.e_type == ET_DYN ? elf_dyn_bias(image, &eh) : 0;
	cur->image = image;
	cur->image_size = size;
	cur->entry = eh.e_entry + bias;
	cur->phnum = eh.e_phnum;
	cur->phent = eh.e_phentsize;
	cur->nseg = 0;
	uint64_t prev_end = 0;
	int entry_ok = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, image + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		ph.p_vaddr += bias;
		if (ph.p_type == PT_INTERP)
			return elf_bad("dynamically linked (PT_INTERP)");
		if (ph.p_type == PT_GNU_STACK)
			cur->exec_stack = (ph.p_flags & PF_X) != 0;
		if (ph.p_type == PT_PHDR)
			cur->phdr_va = ph.p_vaddr;
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (elf_check_load(&ph, i, size) != 0)
			return -1;
		if (cur->nseg == PROC_MAX_SEGMENTS)
			return elf_bad("more than %u PT_LOAD segments", PROC_MAX_SEGMENTS);
		if (elf_add_area(&ph, i, prev_end) != 0)
			return -1;
		cur->seg[cur->nseg].vaddr = ph.p_vaddr;
		cur->seg[cur->nseg].filesz = ph.p_filesz;
		cur->seg[cur->nseg].offset = ph.p_offset;
		cur->nseg++;
		prev_end = ph.p_vaddr + ph.p_memsz;
		// The program headers in memory, if a segment carries them.
		if (cur->phdr_va == 0 && eh.e_phoff >= ph.p_offset &&
		    eh.e_phoff - ph.p_offset < ph.p_filesz)
			cur->phdr_va = ph.p_vaddr + (eh.e_phoff - ph.p_offset);
		if ((ph.p_flags & PF_X) && cur->entry >= ph.p_vaddr && cur->entry < prev_end)
			entry_ok = 1;
	}
	if (cur->nseg == 0)
		return elf_bad("no loadable segment");
	if (!entry_ok)
		return elf_bad("entry point 0x%lx is not in an executable segment", cur->entry);
	cur->brk_start = cur->brk = PAGE_UP(prev_end);
	return 0;
}
