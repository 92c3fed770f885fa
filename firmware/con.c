// SPDX-License-Identifier: MIT OR Apache-2.0
//
// NS16550A console (polled transmit) and a small printf.
#include "con.h"

#include <stdarg.h>

#include "hostio.h"
#include "lib.h"

#define UART_THR 0
#define UART_IER 1
#define UART_LSR 5
#define UART_LSR_THRE 0x20

uint64_t io_offset;

static uint64_t con_pa;
static unsigned con_shift;
static unsigned con_width = 1;

void con_init(uint64_t pa, unsigned reg_shift, unsigned io_width)
{
	con_pa = pa;
	con_shift = reg_shift;
	con_width = io_width == 4 ? 4 : 1;
	if (con_pa == 0)
		return;
	// No interrupts: the console is polled.
	volatile uint8_t *ier = (volatile uint8_t *)(con_pa + (UART_IER << con_shift));
	if (con_width == 4)
		*(volatile uint32_t *)ier = 0;
	else
		*ier = 0;
}

int con_ready(void) { return con_pa != 0; }

// Reads register r of the UART.
static uint32_t con_reg_read(unsigned r)
{
	uint64_t a = con_pa + io_offset + (r << con_shift);
	if (con_width == 4)
		return *(volatile uint32_t *)a;
	return *(volatile uint8_t *)a;
}

// Writes register r of the UART.
static void con_reg_write(unsigned r, uint32_t v)
{
	uint64_t a = con_pa + io_offset + (r << con_shift);
	if (con_width == 4)
		*(volatile uint32_t *)a = v;
	else
		*(volatile uint8_t *)a = (uint8_t)v;
}

// With the hostio device, the supervisor's messages go to the host's
// stderr (stream 3, each line prefixed "rvmmu: "), a line at a time.
static char con_line[256];
static unsigned con_line_len;

void con_flush(void)
{
	if (con_line_len)
		hostio_call(HOSTIO_WRITE, HOSTIO_STREAM_KERNEL, (uint64_t)con_line, con_line_len, 0, 0);
	con_line_len = 0;
}

void con_putc(char c)
{
	if (hostio_present()) {
		con_line[con_line_len++] = c;
		if (c == '\n' || con_line_len == sizeof(con_line))
			con_flush();
		return;
	}
	if (con_pa == 0)
		return;
	while ((con_reg_read(UART_LSR) & UART_LSR_THRE) == 0)
		;
	con_reg_write(UART_THR, (uint8_t)c);
}

void con_uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n && con_pa; i++) {
		while ((con_reg_read(UART_LSR) & UART_LSR_THRE) == 0)
			;
		con_reg_write(UART_THR, (uint8_t)s[i]);
	}
}

void con_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		con_putc(s[i]);
}

void con_puts(const char *s) { con_write(s, strlen(s)); }

// Prints v in the given base, with a minus sign first when negative.
static void con_put_num(uint64_t v, unsigned base, int negative)
{
	char buf[24];
	int i = 0;
	do {
		buf[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		con_putc('-');
	while (i > 0)
		con_putc(buf[--i]);
}

void con_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			con_putc(*fmt);
			continue;
		}
		fmt++;
		int is_long = 0;
		while (*fmt == 'l' || *fmt == 'z') {
			is_long = 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			con_puts(s ? s : "(null)");
			break;
		}
		case 'c':
			con_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = is_long ? va_arg(ap, int64_t) : va_arg(ap, int);
			con_put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u':
			con_put_num(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0);
			break;
		case 'x':
			con_put_num(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0);
			break;
		case 'p':
			con_puts("0x");
			con_put_num((uint64_t)va_arg(ap, void *), 16, 0);
			break;
		case '%':
			con_putc('%');
			break;
		case 0:
			fmt--;
			break;
		default:
			con_putc('%');
			con_putc(*fmt);
			break;
		}
	}
	va_end(ap);
}
