// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The address map of the firmware: physical (QEMU virt, as the device tree
// reports it) and virtual (one Sv39 table per process).
//
// Physical (typical QEMU virt, 128 MiB; only the finisher is fixed, the
// rest comes from the device tree):
//
//   0x0010_0000  SiFive test finisher (fixed address, not from the DT)
//   0x0200_0000  CLINT (DT "riscv,clint0"; mtimecmp[hart] at +0x4000)
//   0x1000_0000  NS16550A UART (DT "ns16550a")
//   0x8000_0000  RAM: firmware text/data/bss, M and S stacks, then frames
//        ...     initrd (the program image): never handed out as frames
//        ...     device tree blob: never handed out as frames
//
// Virtual (Sv39, every process table):
//
//   0xffff_ffc0_0000_0000 +------------------------------+ IO_WINDOW
//                         | PA 0..4 GiB, 1 GiB global    | R W, A D, G
//                         | leaves: the devices          |
//   0xffff_ffc0_0000_0000 +------------------------------+ (upper half)
//                         | (not canonical)              |
//   0x0000_0040_0000_0000 +------------------------------+ USER_TOP
//                         | guard page                   |
//   0x0000_003f_ffff_f000 +------------------------------+ STACK_TOP
//                         | stack, grows down, 8 MiB max |
//   0x0000_003f_ff7f_f000 +------------------------------+ STACK_LIMIT
//                         | guard page                   |
//   0x0000_003f_ff7f_e000 +------------------------------+ MMAP_TOP
//                         | mmap area, allocated top down|
//                         |            ...               |
//   RAM, 1 GiB aligned    | kernel: identity map of RAM, | R W X, A D, G
//   (0x8000_0000..)       | 1 GiB global leaves, no U    | (user VMAs never
//                         |            ...               |  overlap it)
//                         | heap (brk), grows up         |
//                         | PT_LOAD segments (ELF)       |
//   0x0000_0000_0000_1000 +------------------------------+ USER_MIN
//                         | page zero: never mapped      |
//   0x0000_0000_0000_0000 +------------------------------+
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define MEGA_SIZE (1UL << 21)
#define GIGA_SIZE (1UL << 30)

#define FINISHER_PA 0x100000UL
#define CLINT_PA_DEFAULT 0x2000000UL
#define CLINT_MTIMECMP 0x4000UL
#define CLINT_MTIME 0xbff8UL

#define IO_WINDOW 0xffffffc000000000UL
#define IO_WINDOW_GIGAS 4UL

#define USER_MIN 0x1000UL
#define USER_TOP 0x4000000000UL
#define STACK_TOP 0x3ffffff000UL
#define STACK_MAX (8UL << 20)
#define STACK_LIMIT (STACK_TOP - STACK_MAX)
#define MMAP_TOP (STACK_LIMIT - PAGE_SIZE)
// Where a static PIE (ET_DYN) is loaded: two thirds of the user half,
// page aligned, like Linux's ELF_ET_DYN_BASE (without randomisation).
#define ELF_DYN_BASE ((USER_TOP / 3 * 2) & ~(PAGE_SIZE - 1))

#define KSTACK_SIZE 16384 // plain numbers: used by start.S too
#define MSTACK_SIZE 4096

#define PAGE_DOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define PAGE_UP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#endif
