/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * uart: prints through the NS16550A UART and exits through the SiFive test
 * finisher, the bare devices of QEMU `virt`. It links no HTIF runtime, so
 * the ELF has no tohost symbol.
 *
 * Physical map (QEMU virt):
 *   0x0010_0000  SiFive test finisher: 32-bit store; 0x5555 = pass,
 *                code << 16 | 0x3333 = fail with code
 *   0x1000_0000  NS16550A: +0 THR (write), +5 LSR (bit 5: THR empty)
 */
#include <stdint.h>

#define UART_BASE 0x10000000ul
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE (1u << 5)

#define FINISHER_BASE 0x00100000ul
#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u

static volatile uint8_t *const uart_regs = (volatile uint8_t *)UART_BASE;

static void uart_putchar(char c)
{
	while ((uart_regs[UART_LSR] & UART_LSR_THRE) == 0)
		;
	uart_regs[UART_THR] = (uint8_t)c;
}

static void uart_puts(const char *s)
{
	while (*s != '\0')
		uart_putchar(*s++);
}

/* Called by crt0 with main's return value. */
__attribute__((noreturn)) void rt_exit(int code)
{
	volatile uint32_t *finisher = (volatile uint32_t *)FINISHER_BASE;

	if (code == 0)
		*finisher = FINISHER_PASS;
	else
		*finisher = (uint32_t)code << 16 | FINISHER_FAIL;
	for (;;)
		;
}

int main(void)
{
	uart_puts("Hello from rvmmu over the NS16550A UART!\n");
	return 0;
}
