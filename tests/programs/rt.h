/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rt: the tiny runtime of the example guest programs.
 *
 * Console output and exit go through HTIF (the `tohost`/`fromhost` words
 * of Spike and the riscv-tests), so the same ELF runs on rvmmu and on
 * `qemu-system-riscv64 -machine spike -bios none -kernel`.
 */
#ifndef RT_H
#define RT_H

#include <stdint.h>

/* Writes one byte to the console (HTIF device 1, command 1). */
void rt_putchar(char c);

/* Writes the string s; no newline is added. */
void rt_puts(const char *s);

/* Writes v in decimal. */
void rt_put_dec(uint64_t v);

/* Writes v as "0x" and 16 hexadecimal digits. */
void rt_put_hex(uint64_t v);

/* Ends the program with the given exit code (HTIF device 0, command 0). */
__attribute__((noreturn)) void rt_exit(int code);

/* Reads minstret (Privileged spec 20211203, 3.1.11): instructions retired.
 * M-mode programs read minstret itself. Programs built with RT_USER_MODE
 * run main() in U-mode and read its unprivileged shadow `instret`
 * (rdinstret, Unprivileged spec 20191213, 10.1), which their start-up
 * code enables through mcounteren and scounteren. */
static inline uint64_t rt_read_minstret(void)
{
	uint64_t v;
#ifdef RT_USER_MODE
	__asm__ volatile("csrr %0, instret" : "=r"(v));
#else
	__asm__ volatile("csrr %0, minstret" : "=r"(v));
#endif
	return v;
}

#endif /* RT_H */
