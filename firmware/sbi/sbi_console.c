// SPDX-License-Identifier: MIT OR Apache-2.0
//
// The NS16550A UART found in the device tree, polled: transmit waits for
// LSR.THRE, receive looks at LSR.DR once. Without a UART, output is
// dropped and input is empty.
#include "sbi.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

static volatile uint8_t *uart_reg(unsigned r)
{
	return (volatile uint8_t *)(sbi_plat.uart + ((uint64_t)r << sbi_plat.uart_shift));
}

void sbi_console_putc(char c)
{
	if (!sbi_plat.uart)
		return;
	while ((*uart_reg(UART_LSR) & UART_LSR_THRE) == 0)
		;
	*uart_reg(UART_THR) = (uint8_t)c;
}

int sbi_console_getc(void)
{
	if (!sbi_plat.uart || (*uart_reg(UART_LSR) & UART_LSR_DR) == 0)
		return -1;
	return *uart_reg(UART_RBR);
}

void sbi_console_puts(const char *s)
{
	while (*s)
		sbi_console_putc(*s++);
}

void sbi_console_hex(uint64_t v)
{
	sbi_console_puts("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		sbi_console_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}
