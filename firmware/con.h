// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The console: an NS16550A UART found in the device tree, polled, output
// only. Bytes go out unchanged (no "\n" -> "\r\n" translation).
#ifndef CON_H
#define CON_H

#include <stddef.h>
#include <stdint.h>

// Device MMIO addresses are physical until paging is on, then inside the
// IO window; io_offset is what to add to a physical device address.
extern uint64_t io_offset;

// Takes the UART at physical address pa with registers 1 << reg_shift
// bytes apart, accessed with width io_width (1 or 4) bytes.
void con_init(uint64_t pa, unsigned reg_shift, unsigned io_width);
// True once con_init found a UART.
int con_ready(void);
// The supervisor's own output: to the hostio device's kernel stream when
// there is one (host stderr, "rvmmu: " lines), else to the UART.
void con_putc(char c);
// Sends a partial line held for the hostio device.
void con_flush(void);
// Program output on the UART itself (fds 1 and 2 without hostio).
void con_uart_write(const char *s, size_t n);
void con_write(const char *s, size_t n);
void con_puts(const char *s);
// printf subset: %s %c %d %u %x %p %%, with l/z length modifiers.
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
